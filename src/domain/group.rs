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

/// What kind of group it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupType {
    Process,
    Psychoeducation,
    Skills,
    RelapsePrevention,
    FamilyEducation,
    MultiFamily,
    Other,
}

/// When new members may join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdmissionRule {
    /// Only at the group's start date.
    Closed,
    /// At any session (rolling admission).
    Open,
    /// Only at the start of a module (e.g. every 8 weeks for DBT skills).
    ModuleBoundaries { every_weeks: u8 },
}

/// Schema version of stored group records.
pub const GROUP_SCHEMA: u32 = 1;

/// A therapy, psychoeducation or skills group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: String,
    pub schema: u32,
    pub name: String,
    pub kind: GroupType,
    /// Track id, or `None` for groups open to every track.
    #[serde(default)]
    pub track: Option<String>,
    pub age_band: super::client::AgeBand,
    #[serde(default)]
    pub gender_specific: bool,
    pub admission: AdmissionRule,
    pub capacity_min: u32,
    pub capacity_max: u32,
    pub pattern: MeetingPattern,
    #[serde(with = "super::dates::iso_date")]
    pub start: NaiveDate,
    #[serde(default, with = "super::dates::iso_date::option")]
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub co_facilitators: Vec<String>,
    #[serde(default)]
    pub room: Option<String>,
    #[serde(default, with = "super::dates::iso_date_list")]
    pub cancelled: Vec<NaiveDate>,
    #[serde(default)]
    pub archived: bool,
}

/// Check a group's own fields (references to staff and rooms are checked where they are known).
pub fn validate_group(g: &Group) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if g.name.trim().is_empty() {
        problems.push("Enter a group name.".to_string());
    }
    if g.capacity_max == 0 {
        problems.push("The maximum size must be at least 1.".into());
    } else if g.capacity_min > g.capacity_max {
        problems.push(format!(
            "The minimum size ({}) cannot be larger than the maximum ({}).",
            g.capacity_min, g.capacity_max
        ));
    }
    if g.pattern.meetings.is_empty() {
        problems.push("Add at least one weekly meeting.".into());
    }
    if g.pattern
        .meetings
        .iter()
        .any(|m| !(15..=480).contains(&m.minutes))
    {
        problems.push("Each meeting must last between 15 minutes and 8 hours.".into());
    }
    if let Some(end) = g.end
        && end < g.start
    {
        problems.push("The end date cannot be before the start date.".into());
    }
    if let AdmissionRule::ModuleBoundaries { every_weeks: 0 } = g.admission {
        problems.push("Modules must be at least one week long.".into());
    }
    if g.lead.is_some() && g.co_facilitators.iter().any(|c| Some(c) == g.lead.as_ref()) {
        problems.push("The lead facilitator is already listed as a co-facilitator.".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod group_tests {
    use super::*;
    use crate::domain::client::AgeBand;

    fn group() -> Group {
        Group {
            id: "g1".into(),
            schema: GROUP_SCHEMA,
            name: "Early recovery skills".into(),
            kind: GroupType::Skills,
            track: Some("substance-use".into()),
            age_band: AgeBand::Adult,
            gender_specific: false,
            admission: AdmissionRule::Open,
            capacity_min: 6,
            capacity_max: 12,
            pattern: MeetingPattern {
                meetings: vec![Meeting {
                    weekday: Weekday::Mon,
                    start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    minutes: 50,
                }],
            },
            start: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            end: None,
            lead: Some("s1".into()),
            co_facilitators: vec!["s2".into()],
            room: Some("r1".into()),
            cancelled: vec![NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()],
            archived: false,
        }
    }

    #[test]
    fn group_rules_are_explained() {
        assert!(validate_group(&group()).is_ok());
        let cases: Vec<(Group, &str)> = vec![
            (
                Group {
                    name: " ".into(),
                    ..group()
                },
                "Enter a group name.",
            ),
            (
                Group {
                    capacity_min: 13,
                    ..group()
                },
                "minimum size (13) cannot be larger than the maximum (12)",
            ),
            (
                Group {
                    capacity_min: 0,
                    capacity_max: 0,
                    ..group()
                },
                "at least 1",
            ),
            (
                Group {
                    pattern: MeetingPattern::default(),
                    ..group()
                },
                "at least one weekly meeting",
            ),
            (
                Group {
                    end: NaiveDate::from_ymd_opt(2026, 11, 1),
                    ..group()
                },
                "end date cannot be before",
            ),
            (
                Group {
                    admission: AdmissionRule::ModuleBoundaries { every_weeks: 0 },
                    ..group()
                },
                "at least one week",
            ),
            (
                Group {
                    co_facilitators: vec!["s1".into()],
                    ..group()
                },
                "already listed",
            ),
        ];
        for (g, expected) in cases {
            let problems = validate_group(&g).unwrap_err();
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
        let mut long = group();
        long.pattern.meetings[0].minutes = 600;
        assert!(validate_group(&long).is_err());
    }

    #[test]
    fn groups_round_trip_through_json() {
        let g = Group {
            admission: AdmissionRule::ModuleBoundaries { every_weeks: 8 },
            ..group()
        };
        let json = serde_json::to_value(&g).unwrap();
        assert_eq!(json["start"], "2026-11-02");
        assert_eq!(serde_json::from_value::<Group>(json).unwrap(), g);
    }
}
