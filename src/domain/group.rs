//! Groups and their meeting patterns (groundwork for roster building): weekly meetings, plain-
//! words descriptions, and the dates a group meets in a range, skipping cancelled dates.

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// One weekly meeting: a weekday, a start time and a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub minutes: u16,
}

impl Meeting {
    /// End time of the meeting (saturating at midnight).
    pub fn end(&self) -> NaiveTime {
        let (end, wrapped) = self
            .start
            .overflowing_add_signed(chrono::TimeDelta::minutes(i64::from(self.minutes)));
        if wrapped != 0 {
            NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(self.start)
        } else {
            end
        }
    }
}

/// How a group meets each week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPattern {
    pub meetings: Vec<Meeting>,
}

fn short_day(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

impl MeetingPattern {
    /// The pattern in plain words, e.g. "Mon, Wed, Fri 09:00-12:00"; meetings with different
    /// times are listed separately, joined by "; ".
    pub fn describe(&self) -> String {
        if self.meetings.is_empty() {
            return "No meetings set".into();
        }
        let mut meetings = self.meetings.clone();
        meetings.sort_by_key(|m| (m.start, m.minutes, m.weekday.num_days_from_monday()));
        let mut parts: Vec<(NaiveTime, NaiveTime, Vec<Weekday>)> = Vec::new();
        for m in meetings {
            match parts.last_mut() {
                Some((start, end, days)) if *start == m.start && *end == m.end() => {
                    days.push(m.weekday)
                }
                _ => parts.push((m.start, m.end(), vec![m.weekday])),
            }
        }
        parts.sort_by_key(|(_, _, days)| days.first().map(|d| d.num_days_from_monday()));
        parts
            .into_iter()
            .map(|(start, end, days)| {
                let days: Vec<&str> = days.into_iter().map(short_day).collect();
                format!(
                    "{} {}-{}",
                    days.join(", "),
                    start.format("%H:%M"),
                    end.format("%H:%M")
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Planned minutes per week.
    pub fn weekly_minutes(&self) -> u32 {
        self.meetings.iter().map(|m| u32::from(m.minutes)).sum()
    }

    /// Every meeting date from `from` to `to` (inclusive), in order, leaving out `cancelled`.
    pub fn dates(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        cancelled: &[NaiveDate],
    ) -> Vec<(NaiveDate, Meeting)> {
        let mut out = Vec::new();
        let mut day = from;
        while day <= to {
            if !cancelled.contains(&day) {
                let mut todays: Vec<Meeting> = self
                    .meetings
                    .iter()
                    .filter(|m| m.weekday == day.weekday())
                    .copied()
                    .collect();
                todays.sort_by_key(|m| m.start);
                out.extend(todays.into_iter().map(|m| (day, m)));
            }
            match day.checked_add_days(Days::new(1)) {
                Some(next) => day = next,
                None => break,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(weekday: Weekday, h: u32, m: u32, minutes: u16) -> Meeting {
        Meeting {
            weekday,
            start: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            minutes,
        }
    }

    #[test]
    fn patterns_read_in_plain_words() {
        let p = MeetingPattern {
            meetings: vec![
                meeting(Weekday::Fri, 9, 0, 180),
                meeting(Weekday::Mon, 9, 0, 180),
                meeting(Weekday::Wed, 9, 0, 180),
            ],
        };
        assert_eq!(p.describe(), "Mon, Wed, Fri 09:00-12:00");
        assert_eq!(p.weekly_minutes(), 540);
        let mixed = MeetingPattern {
            meetings: vec![
                meeting(Weekday::Tue, 18, 0, 90),
                meeting(Weekday::Mon, 9, 30, 50),
            ],
        };
        assert_eq!(mixed.describe(), "Mon 09:30-10:20; Tue 18:00-19:30");
        assert_eq!(MeetingPattern::default().describe(), "No meetings set");
        assert_eq!(
            meeting(Weekday::Sun, 23, 0, 120).end(),
            NaiveTime::from_hms_opt(23, 59, 0).unwrap()
        );
    }

    #[test]
    fn dates_fall_on_meeting_days_and_skip_cancelled_ones() {
        let p = MeetingPattern {
            meetings: vec![
                meeting(Weekday::Mon, 9, 0, 180),
                meeting(Weekday::Thu, 13, 0, 90),
            ],
        };
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        // Thanksgiving 2026 (Thu 26 Nov) cancelled.
        let dates: Vec<NaiveDate> = p
            .dates(d(2026, 11, 23), d(2026, 12, 3), &[d(2026, 11, 26)])
            .into_iter()
            .map(|(day, _)| day)
            .collect();
        assert_eq!(dates, [d(2026, 11, 23), d(2026, 11, 30), d(2026, 12, 3)]);
    }
}
