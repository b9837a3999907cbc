//! Family sessions: a client, chosen family members and one or two clinicians, in a room or by
//! telehealth, once or repeating (weekly, every two weeks, monthly on the nth weekday), until a
//! date or for a number of times. One occurrence can be cancelled or moved without touching
//! the series, and attendance is kept per occurrence and participant.
//!
//! Times are the programme's local wall-clock times: dates and clock times, never instants, so
//! a weekly 17:30 session stays at 17:30 on both sides of a daylight-saving change.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

use crate::domain::dates::{self, human_date};
use crate::domain::errors::FieldErrors;
use crate::domain::people::client::ClientId;
use crate::domain::programme::Programme;
use crate::domain::sessions::session::Mark;
use crate::domain::text::{Check, Rule};

/// Schema version of stored family sessions.
pub const FAMILY_SESSION_SCHEMA: u32 = 1;

/// Most occurrences a series may have (two years of weekly sessions).
pub const MAX_OCCURRENCES: usize = 104;

/// How a family session repeats. Stored externally tagged (`"once"`, `{"weekly":{"every":2}}`):
/// serde's internally tagged enums buffer every value first and cost several kilobytes of wasm
/// per enum in the first download, where every stored record is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Repeat {
    Once,
    /// Every week (`every` 1) or every other week (2), on the first date's weekday.
    Weekly {
        every: u8,
    },
    /// Monthly on the first date's weekday, the `nth` one of the month (1-4), or the last (-1).
    MonthlyNth {
        nth: i8,
    },
}

/// When a repeating series stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ends {
    /// After this many occurrences (cancelled ones count).
    Count { count: u16 },
    /// On or before this date.
    Until {
        #[serde(with = "crate::domain::dates::iso_date")]
        on: NaiveDate,
    },
}

/// Where the family meets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// A room of the programme (in person or a telehealth room).
    Room { room: String },
    /// A telehealth link of its own.
    Telehealth { link: String },
}

/// What happened to one occurrence of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exception {
    Cancelled {
        #[serde(with = "crate::domain::dates::iso_date")]
        date: NaiveDate,
    },
    /// Moved from `date` (its date in the series) to `to` at `at`.
    Moved {
        #[serde(with = "crate::domain::dates::iso_date")]
        date: NaiveDate,
        #[serde(with = "crate::domain::dates::iso_date")]
        to: NaiveDate,
        #[serde(with = "crate::domain::dates::clock_time")]
        at: NaiveTime,
    },
}

impl Exception {
    /// The series date it changes.
    pub fn date(&self) -> NaiveDate {
        match self {
            Exception::Cancelled { date } | Exception::Moved { date, .. } => *date,
        }
    }
}

/// A family session, once or as a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FamilySession {
    pub id: String,
    pub schema: u32,
    pub client: ClientId,
    /// Family members taking part (ids).
    pub family: Vec<String>,
    /// One or two clinicians (staff ids).
    pub clinicians: Vec<String>,
    pub place: Place,
    /// The first date of the series.
    #[serde(with = "crate::domain::dates::iso_date")]
    pub first: NaiveDate,
    #[serde(with = "crate::domain::dates::clock_time")]
    pub start: NaiveTime,
    pub minutes: u16,
    pub repeat: Repeat,
    /// `None` for a single session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<Ends>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<Exception>,
    /// Attendance by series date (`YYYY-MM-DD`), then by participant (client or family
    /// member id).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attendance: BTreeMap<String, BTreeMap<String, Mark>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// One meeting of a family session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    /// When it happens.
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub minutes: u16,
    /// Its date in the series (the key of its attendance and of any exception).
    pub series_date: NaiveDate,
    pub moved: bool,
}

impl Occurrence {
    pub fn end(&self) -> NaiveTime {
        dates::end_time(self.start, self.minutes)
    }
}

/// The `nth` (1-4, or -1 for the last) `weekday` of the month of `month`.
pub fn nth_weekday(month: NaiveDate, weekday: Weekday, nth: i8) -> Option<NaiveDate> {
    let first = month.with_day(1)?;
    if nth < 0 {
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
        return last.checked_sub_days(Days::new(u64::from(back)));
    }
    let ahead = (7 + weekday.num_days_from_monday() - first.weekday().num_days_from_monday()) % 7;
    let day = first.checked_add_days(Days::new(u64::from(ahead) + 7 * (nth as u64 - 1)))?;
    (day.month() == first.month()).then_some(day)
}

/// Which of its month's `weekday`s `date` is: 1-4, or -1 when it is the last and the fifth.
pub fn nth_of_month(date: NaiveDate) -> i8 {
    let n = ((date.day() - 1) / 7 + 1) as i8;
    if n >= 5 { -1 } else { n }
}

impl FamilySession {
    /// The dates of the series, in order (cancelled and moved ones included, at their series
    /// date), at most [`MAX_OCCURRENCES`].
    pub fn series_dates(&self) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let (count, until) = match self.ends {
            _ if self.repeat == Repeat::Once => (1, None),
            None => (1, None),
            Some(Ends::Count { count }) => (usize::from(count).min(MAX_OCCURRENCES), None),
            Some(Ends::Until { on }) => (MAX_OCCURRENCES, Some(on)),
        };
        let mut k: u32 = 0;
        while out.len() < count {
            let step = |d: Option<NaiveDate>| d.map_or(DateStep::End, DateStep::Date);
            let date = match self.repeat {
                Repeat::Once => DateStep::Date(self.first),
                Repeat::Weekly { every } => step(
                    self.first
                        .checked_add_days(Days::new(7 * u64::from(every.max(1)) * u64::from(k))),
                ),
                Repeat::MonthlyNth { nth } => {
                    match self
                        .first
                        .with_day(1)
                        .and_then(|m| m.checked_add_months(Months::new(k)))
                    {
                        None => DateStep::End,
                        Some(m) => nth_weekday(m, self.first.weekday(), nth)
                            .map_or(DateStep::Skip, DateStep::Date),
                    }
                }
            };
            k += 1;
            match date {
                DateStep::Date(d) if until.is_some_and(|u| d > u) => break,
                DateStep::Date(d) => out.push(d),
                // A month without a fifth weekday: skip it.
                DateStep::Skip => {}
                DateStep::End => break,
            }
            if k as usize > 4 * MAX_OCCURRENCES {
                break;
            }
        }
        out
    }

    /// The occurrences that happen between `from` and `to` (inclusive), in time order:
    /// cancelled ones left out, moved ones at their new date and time.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        let mut out: Vec<Occurrence> = self
            .series_dates()
            .into_iter()
            .filter_map(|d| {
                let exception = self.exceptions.iter().find(|e| e.date() == d);
                match exception {
                    Some(Exception::Cancelled { .. }) => None,
                    Some(Exception::Moved { to, at, .. }) => Some(Occurrence {
                        date: *to,
                        start: *at,
                        minutes: self.minutes,
                        series_date: d,
                        moved: true,
                    }),
                    None => Some(Occurrence {
                        date: d,
                        start: self.start,
                        minutes: self.minutes,
                        series_date: d,
                        moved: false,
                    }),
                }
            })
            .filter(|o| from <= o.date && o.date <= to)
            .collect();
        out.sort();
        out
    }

    /// "Weekly on Tue 17:30-18:30, 8 times" and the like.
    pub fn describe(&self) -> String {
        let time = format!(
            "{}-{}",
            dates::clock(self.start),
            dates::clock(dates::end_time(self.start, self.minutes))
        );
        let day = crate::domain::dates::short_day(self.first.weekday());
        let pattern = match self.repeat {
            Repeat::Once => return format!("{} {time}", human_date(self.first)),
            Repeat::Weekly { every: 2 } => format!("Every 2 weeks on {day} {time}"),
            Repeat::Weekly { .. } => format!("Weekly on {day} {time}"),
            Repeat::MonthlyNth { nth: -1 } => format!("Monthly on the last {day} {time}"),
            Repeat::MonthlyNth { nth } => {
                let ord = ["1st", "2nd", "3rd", "4th"][(nth.clamp(1, 4) - 1) as usize];
                format!("Monthly on the {ord} {day} {time}")
            }
        };
        match self.ends {
            Some(Ends::Count { count }) => {
                format!("{pattern}, {count} times from {}", human_date(self.first))
            }
            Some(Ends::Until { on }) => format!(
                "{pattern}, {} to {}",
                human_date(self.first),
                human_date(on)
            ),
            None => pattern,
        }
    }
}

enum DateStep {
    Date(NaiveDate),
    Skip,
    End,
}

/// Check a family session against the programme.
pub fn validate_family_session(s: &FamilySession, p: &Programme) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if !p.clients.contains_key(&s.client) {
        e.push("client", "This client no longer exists.");
    }
    if s.family.is_empty() {
        e.push("family", "Choose at least one family member.");
    }
    for f in &s.family {
        match p.family_members.get(f) {
            None => e.push_once(
                "family",
                "One of the family members is no longer on record.",
            ),
            Some(m) if m.support_of(&s.client).is_none() => e.push_once(
                "family",
                format!("{} is not recorded as supporting this client.", m.name),
            ),
            _ => {}
        }
    }
    match s.clinicians.len() {
        0 => e.push("clinicians", "Choose the clinician who leads the session."),
        1 | 2 => {}
        _ => e.push("clinicians", "A family session has one or two clinicians."),
    }
    if s.clinicians.len() == 2 && s.clinicians[0] == s.clinicians[1] {
        e.push_once(
            "clinicians",
            "Choose two different clinicians, or just one.",
        );
    }
    if s.clinicians.iter().any(|c| !p.staff.contains_key(c)) {
        e.push_once("clinicians", "One of the clinicians no longer exists.");
    }
    check_texts(s, Check::Typed, &mut e);
    match &s.place {
        Place::Room { room } if !p.rooms.contains_key(room) => {
            e.push("place", "Choose a room, or telehealth.")
        }
        Place::Telehealth { link } if !link.trim().starts_with("https://") => {
            e.push_once("link", "Enter the telehealth link, starting with https://.")
        }
        _ => {}
    }
    if !(15..=240).contains(&s.minutes) {
        e.push("minutes", "A family session lasts 15 to 240 minutes.");
    }
    if dates::end_time(s.start, s.minutes) <= s.start {
        e.push_once("minutes", "The session must end before midnight.");
    }
    match (s.repeat, s.ends) {
        (Repeat::Once, _) => {}
        (Repeat::Weekly { every }, _) if !(1..=2).contains(&every) => {
            e.push("repeat", "Repeat every week or every 2 weeks.")
        }
        (_, None) => e.push(
            "ends",
            "Say when the series ends: a date or a number of times.",
        ),
        (_, Some(Ends::Count { count })) if count == 0 || usize::from(count) > MAX_OCCURRENCES => e
            .push(
                "ends",
                format!("A series has 1 to {MAX_OCCURRENCES} sessions."),
            ),
        (_, Some(Ends::Until { on })) if on < s.first => {
            e.push("ends", "The series must end on or after its first date.")
        }
        _ => {}
    }
    if let Repeat::MonthlyNth { nth } = s.repeat
        && nth_weekday(s.first, s.first.weekday(), nth) != Some(s.first)
    {
        e.push(
            "repeat",
            "The first date must be that weekday of its month (for example the 2nd Tuesday).",
        );
    }
    e.into_result()
}

/// The session's telehealth link and notes against their rules, as strictly as `check` says:
/// the form's check, and a stored session's (lengths only).
pub(crate) fn check_texts(s: &FamilySession, check: Check, e: &mut FieldErrors) {
    let link = match &s.place {
        Place::Telehealth { link } => link.as_str(),
        Place::Room { .. } => "",
    };
    check_text_fields(link, &s.notes, check, e);
}

/// [`check_texts`] on a typed link and notes.
pub(crate) fn check_text_fields(link: &str, notes: &str, check: Check, e: &mut FieldErrors) {
    if let Some(p) = Rule::link("Telehealth link").problem(link, check) {
        e.push_once("link", p);
    }
    if let Some(p) = Rule::notes("Notes").plural().problem(notes, check) {
        e.push_once("notes", p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    pub(crate) fn series(first: NaiveDate, repeat: Repeat, ends: Option<Ends>) -> FamilySession {
        FamilySession {
            id: "fs1".into(),
            schema: FAMILY_SESSION_SCHEMA,
            client: ClientId("ana".into()),
            family: vec!["maria".into()],
            clinicians: vec!["s1".into()],
            place: Place::Room { room: "r1".into() },
            first,
            start: t(17, 30),
            minutes: 60,
            repeat,
            ends,
            exceptions: Vec::new(),
            attendance: BTreeMap::new(),
            notes: String::new(),
        }
    }

    #[test]
    fn recurrence_rules_give_the_expected_dates() {
        let weekly = Some(Ends::Count { count: 4 });
        let cases: Vec<(&str, FamilySession, Vec<NaiveDate>)> = vec![
            (
                "once",
                series(d(2026, 12, 1), Repeat::Once, None),
                vec![d(2026, 12, 1)],
            ),
            (
                "weekly, 4 times, across New Year",
                series(d(2026, 12, 22), Repeat::Weekly { every: 1 }, weekly),
                vec![
                    d(2026, 12, 22),
                    d(2026, 12, 29),
                    d(2027, 1, 5),
                    d(2027, 1, 12),
                ],
            ),
            (
                "every 2 weeks until a date (inclusive)",
                series(
                    d(2026, 12, 1),
                    Repeat::Weekly { every: 2 },
                    Some(Ends::Until {
                        on: d(2026, 12, 29),
                    }),
                ),
                vec![d(2026, 12, 1), d(2026, 12, 15), d(2026, 12, 29)],
            ),
            (
                "monthly on the 2nd Tuesday",
                series(
                    d(2026, 12, 8),
                    Repeat::MonthlyNth { nth: 2 },
                    Some(Ends::Count { count: 3 }),
                ),
                vec![d(2026, 12, 8), d(2027, 1, 12), d(2027, 2, 9)],
            ),
            (
                "monthly on the last Thursday",
                series(
                    d(2026, 12, 31),
                    Repeat::MonthlyNth { nth: -1 },
                    Some(Ends::Count { count: 3 }),
                ),
                vec![d(2026, 12, 31), d(2027, 1, 28), d(2027, 2, 25)],
            ),
            (
                "monthly on the 4th Monday until a date",
                series(
                    d(2027, 1, 25),
                    Repeat::MonthlyNth { nth: 4 },
                    Some(Ends::Until { on: d(2027, 4, 1) }),
                ),
                vec![d(2027, 1, 25), d(2027, 2, 22), d(2027, 3, 22)],
            ),
        ];
        for (label, s, want) in cases {
            assert_eq!(s.series_dates(), want, "{label}");
        }
    }

    #[test]
    fn a_weekly_1730_session_stays_at_1730_across_daylight_saving_changes() {
        // Europe ends summer time on 25 Oct 2026, the US on 1 Nov 2026, and the US starts it
        // again on 14 Mar 2027: every occurrence keeps its wall-clock time and weekday.
        let s = series(
            d(2026, 10, 20),
            Repeat::Weekly { every: 1 },
            Some(Ends::Until { on: d(2027, 3, 23) }),
        );
        let all = s.occurrences(d(2026, 1, 1), d(2027, 12, 31));
        assert_eq!(all.len(), 23);
        for o in &all {
            assert_eq!((o.start, o.end()), (t(17, 30), t(18, 30)), "{}", o.date);
            assert_eq!(o.date.weekday(), Weekday::Tue);
        }
        for pair in all.windows(2) {
            assert_eq!((pair[1].date - pair[0].date).num_days(), 7);
        }
        // Stored as a date and a clock time: nothing that could carry an offset.
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["first"], "2026-10-20");
        assert_eq!(json["start"], "17:30");
    }

    #[test]
    fn one_occurrence_is_cancelled_or_moved_without_touching_the_series() {
        let mut s = series(
            d(2026, 12, 1),
            Repeat::Weekly { every: 1 },
            Some(Ends::Count { count: 4 }),
        );
        s.exceptions = vec![
            Exception::Cancelled {
                date: d(2026, 12, 8),
            },
            Exception::Moved {
                date: d(2026, 12, 15),
                to: d(2026, 12, 17),
                at: t(16, 0),
            },
        ];
        let got: Vec<(NaiveDate, NaiveTime, bool)> = s
            .occurrences(d(2026, 12, 1), d(2026, 12, 31))
            .into_iter()
            .map(|o| (o.date, o.start, o.moved))
            .collect();
        assert_eq!(
            got,
            vec![
                (d(2026, 12, 1), t(17, 30), false),
                (d(2026, 12, 17), t(16, 0), true),
                (d(2026, 12, 22), t(17, 30), false),
            ]
        );
        // The count still counts the cancelled one; the series dates are unchanged.
        assert_eq!(s.series_dates().len(), 4);
        // A range only returns what happens inside it (the moved one, by its new date).
        assert_eq!(s.occurrences(d(2026, 12, 16), d(2026, 12, 18)).len(), 1);
        assert_eq!(
            s.describe(),
            "Weekly on Tue 17:30-18:30, 4 times from 1 Dec 2026"
        );
    }

    #[test]
    fn nth_weekday_and_its_inverse() {
        assert_eq!(
            nth_weekday(d(2026, 12, 1), Weekday::Tue, 1),
            Some(d(2026, 12, 1))
        );
        assert_eq!(
            nth_weekday(d(2026, 12, 1), Weekday::Mon, 4),
            Some(d(2026, 12, 28))
        );
        assert_eq!(
            nth_weekday(d(2026, 12, 1), Weekday::Thu, -1),
            Some(d(2026, 12, 31))
        );
        assert_eq!(
            nth_weekday(d(2027, 2, 1), Weekday::Mon, -1),
            Some(d(2027, 2, 22))
        );
        assert_eq!(nth_of_month(d(2026, 12, 8)), 2);
        assert_eq!(nth_of_month(d(2026, 12, 29)), -1);
        assert_eq!(nth_of_month(d(2026, 12, 22)), 4);
    }
}
