//! Groups and their meeting patterns (groundwork for roster building): weekly meetings, plain-
//! words descriptions, and the dates a group meets in a range, skipping cancelled dates.

use crate::domain::dates::short_day;
use crate::domain::errors::FieldErrors;
use crate::domain::sorting;
use crate::domain::text::{self, Check, Rule};
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// One weekly meeting: a weekday, a start time and a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub weekday: Weekday,
    #[serde(with = "crate::domain::dates::clock_time")]
    pub start: NaiveTime,
    pub minutes: u16,
}

impl Meeting {
    /// Whether two meetings are on the same weekday and share at least a minute.
    pub fn overlaps(&self, other: &Meeting) -> bool {
        self.weekday == other.weekday && self.start < other.end() && other.start < self.end()
    }

    /// End time of the meeting (saturating at midnight).
    pub fn end(&self) -> NaiveTime {
        crate::domain::dates::end_time(self.start, self.minutes)
    }
}

/// How a group meets each week.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPattern {
    pub meetings: Vec<Meeting>,
}

impl MeetingPattern {
    /// The pattern in plain words, e.g. "Mon, Wed, Fri 09:00-12:00"; meetings with different
    /// times are listed separately, joined by "; ".
    pub fn describe(&self) -> String {
        if self.meetings.is_empty() {
            return "No meetings set".into();
        }
        let mut meetings = self.meetings.clone();
        sorting::sort_by_key(&mut meetings, |m| {
            (m.start, m.minutes, m.weekday.num_days_from_monday())
        });
        let mut parts: Vec<(NaiveTime, NaiveTime, Vec<Weekday>)> = Vec::new();
        for m in meetings {
            match parts.last_mut() {
                Some((start, end, days)) if *start == m.start && *end == m.end() => {
                    days.push(m.weekday)
                }
                _ => parts.push((m.start, m.end(), vec![m.weekday])),
            }
        }
        sorting::sort_by_key(&mut parts, |(_, _, days)| {
            days.first().map(|d| d.num_days_from_monday())
        });
        parts
            .into_iter()
            .map(|(start, end, days)| {
                let days: Vec<&str> = days.into_iter().map(short_day).collect();
                format!(
                    "{} {}-{}",
                    days.join(", "),
                    crate::domain::dates::clock(start),
                    crate::domain::dates::clock(end)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The first pair of meetings (one of each pattern) that overlap in time, if any.
    pub fn clash_with(&self, other: &MeetingPattern) -> Option<(Meeting, Meeting)> {
        self.meetings.iter().find_map(|a| {
            other
                .meetings
                .iter()
                .find(|b| a.overlaps(b))
                .map(|b| (*a, *b))
        })
    }

    /// Whether every meeting starts at 16:00 or later.
    pub fn is_evening(&self) -> bool {
        !self.meetings.is_empty()
            && self
                .meetings
                .iter()
                .all(|m| m.start >= NaiveTime::from_hms_opt(16, 0, 0).unwrap_or(NaiveTime::MIN))
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
                sorting::sort_by_key(&mut todays, |m| m.start);
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

impl GroupType {
    /// Family-education and multi-family groups, where family members take part.
    pub fn is_family(self) -> bool {
        matches!(self, GroupType::FamilyEducation | GroupType::MultiFamily)
    }
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
    pub age_band: crate::domain::people::client::AgeBand,
    /// Set for gender-specific groups (e.g. a women's group): only clients recorded with this
    /// gender fit.
    #[serde(default)]
    pub gender: Option<crate::domain::people::client::Gender>,
    pub admission: AdmissionRule,
    pub capacity_min: u32,
    pub capacity_max: u32,
    pub pattern: MeetingPattern,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub start: NaiveDate,
    #[serde(default, with = "crate::domain::dates::iso_date::option")]
    pub end: Option<NaiveDate>,
    #[serde(default)]
    pub lead: Option<String>,
    #[serde(default)]
    pub co_facilitators: Vec<String>,
    #[serde(default)]
    pub room: Option<String>,
    #[serde(default, with = "crate::domain::dates::iso_date_list")]
    pub cancelled: Vec<NaiveDate>,
    #[serde(default)]
    pub archived: bool,
}

/// A client's planned group minutes in a week: the weekly patterns of the groups they are in.
/// Planned hours come from the pattern, so a cancelled holiday session does not change the level
/// of care a client is planned for. The one place planned weekly hours are computed (roster
/// checks, auto-assign).
pub fn planned_weekly_minutes<'g>(groups: impl IntoIterator<Item = &'g Group>) -> u32 {
    groups.into_iter().map(|g| g.pattern.weekly_minutes()).sum()
}

impl Group {
    /// Whether the group runs on `date` (between its start and end dates).
    pub fn runs_on(&self, date: NaiveDate) -> bool {
        self.start <= date && self.end.is_none_or(|end| date <= end)
    }

    /// Whether the group's date range shares a day with `[from, until)` (`until` exclusive,
    /// `None` open-ended).
    pub fn runs_during(&self, from: NaiveDate, until: Option<NaiveDate>) -> bool {
        self.end.is_none_or(|end| from <= end) && until.is_none_or(|u| self.start < u)
    }

    /// Whether the admission rule lets a new member join on `date` (dates outside the group's
    /// own range are checked separately). Module boundaries fall every `every_weeks` weeks from
    /// the start date, so joining is allowed in the week a module starts.
    pub fn admits_on(&self, date: NaiveDate) -> bool {
        match self.admission {
            AdmissionRule::Open => true,
            AdmissionRule::Closed => date <= self.start,
            AdmissionRule::ModuleBoundaries { every_weeks } => {
                let days = (date - self.start).num_days();
                let module = i64::from(every_weeks.max(1)) * 7;
                days <= 0 || days % module < 7
            }
        }
    }

    /// The first date on or after `date` on which a new member may join, within the group's
    /// dates; `None` when it admits nobody any more (closed and started, or ended).
    pub fn next_admission(&self, date: NaiveDate) -> Option<NaiveDate> {
        let from = date.max(self.start);
        let next = match self.admission {
            AdmissionRule::Open => Some(from),
            AdmissionRule::Closed => (date <= self.start).then_some(self.start),
            AdmissionRule::ModuleBoundaries { every_weeks } => {
                let module = i64::from(every_weeks.max(1)) * 7;
                let days = (from - self.start).num_days();
                if days % module < 7 {
                    Some(from)
                } else {
                    self.start
                        .checked_add_days(Days::new(((days / module + 1) * module) as u64))
                }
            }
        };
        next.filter(|d| self.end.is_none_or(|end| *d <= end))
    }

    /// The admission rule in plain words.
    pub fn admission_words(&self) -> String {
        match self.admission {
            AdmissionRule::Open => "Open (rolling admission)".into(),
            AdmissionRule::Closed => "Closed (joins only at the start)".into(),
            AdmissionRule::ModuleBoundaries { every_weeks } => {
                format!("At module starts (every {every_weeks} weeks)")
            }
        }
    }
}

impl GroupType {
    pub const ALL: [GroupType; 7] = [
        GroupType::Process,
        GroupType::Psychoeducation,
        GroupType::Skills,
        GroupType::RelapsePrevention,
        GroupType::FamilyEducation,
        GroupType::MultiFamily,
        GroupType::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            GroupType::Process => "Process group",
            GroupType::Psychoeducation => "Psychoeducation",
            GroupType::Skills => "Skills group",
            GroupType::RelapsePrevention => "Relapse prevention",
            GroupType::FamilyEducation => "Family education",
            GroupType::MultiFamily => "Multi-family group",
            GroupType::Other => "Other",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            GroupType::Process => "process",
            GroupType::Psychoeducation => "psychoeducation",
            GroupType::Skills => "skills",
            GroupType::RelapsePrevention => "relapse_prevention",
            GroupType::FamilyEducation => "family_education",
            GroupType::MultiFamily => "multi_family",
            GroupType::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<GroupType> {
        Self::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// Check a group's own fields as typed in a form (references to staff and rooms are checked
/// where they are known).
pub fn validate_group(g: &Group) -> Result<(), FieldErrors> {
    check_group(g, Check::Typed)
}

/// What is wrong with a group's name, if anything.
pub(crate) fn name_problem(name: &str, check: Check) -> Option<String> {
    if text::is_missing(name, check) {
        Some("Enter a group name.".to_string())
    } else {
        Rule::name("Name").problem(name.trim(), check)
    }
}

/// [`validate_group`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_group(g: &Group, check: Check) -> Result<(), FieldErrors> {
    let mut problems = FieldErrors::default();
    if let Some(p) = name_problem(&g.name, check) {
        problems.push("name", p);
    }
    if g.capacity_max == 0 {
        problems.push("capacity_max", "The maximum size must be at least 1.");
    } else if g.capacity_min > g.capacity_max {
        problems.push(
            "capacity_max",
            format!(
                "The minimum size ({}) cannot be larger than the maximum ({}).",
                g.capacity_min, g.capacity_max
            ),
        );
    }
    if g.pattern.meetings.is_empty() {
        problems.push("meetings", "Add at least one weekly meeting.");
    }
    if g.pattern
        .meetings
        .iter()
        .any(|m| !(15..=480).contains(&m.minutes))
    {
        problems.push(
            "meetings",
            "Each meeting must last between 15 minutes and 8 hours.",
        );
    }
    if let Some(end) = g.end
        && end < g.start
    {
        problems.push("end", "The end date cannot be before the start date.");
    }
    if let AdmissionRule::ModuleBoundaries { every_weeks: 0 } = g.admission {
        problems.push("module_weeks", "Modules must be at least one week long.");
    }
    if g.lead.is_some() && g.co_facilitators.iter().any(|c| Some(c) == g.lead.as_ref()) {
        problems.push(
            "co_facilitators",
            "The lead facilitator is already listed as a co-facilitator.",
        );
    }
    problems.into_result()
}

#[cfg(test)]
mod group_tests {
    use super::*;
    use crate::domain::people::client::AgeBand;

    fn group() -> Group {
        Group {
            id: "g1".into(),
            schema: GROUP_SCHEMA,
            name: "Early recovery skills".into(),
            kind: GroupType::Skills,
            track: Some("substance-use".into()),
            age_band: AgeBand::Adult,
            gender: None,
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
            let problems = validate_group(&g).unwrap_err().messages();
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
    fn admission_rules_decide_joining_days() {
        let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).unwrap();
        let open = group(); // starts Mon 2 Nov
        assert!(open.admits_on(d(11, 20)));
        assert_eq!(open.next_admission(d(10, 1)), Some(d(11, 2)));
        let closed = Group {
            admission: AdmissionRule::Closed,
            ..group()
        };
        assert!(closed.admits_on(d(11, 2)));
        assert!(!closed.admits_on(d(11, 3)));
        assert_eq!(closed.next_admission(d(11, 3)), None);
        let modules = Group {
            admission: AdmissionRule::ModuleBoundaries { every_weeks: 4 },
            end: Some(d(12, 31)),
            ..group()
        };
        assert!(modules.admits_on(d(11, 6)));
        assert!(!modules.admits_on(d(11, 9)));
        assert!(modules.admits_on(d(11, 30)));
        assert_eq!(modules.next_admission(d(11, 10)), Some(d(11, 30)));
        assert_eq!(modules.next_admission(d(12, 8)), Some(d(12, 28)));
        assert!(modules.runs_on(d(12, 31)) && !modules.runs_on(d(1, 1)));
        let short = Group {
            end: Some(d(12, 20)),
            ..modules
        };
        assert_eq!(
            short.next_admission(d(12, 8)),
            None,
            "next module after the end"
        );
    }

    #[test]
    fn meetings_clash_only_on_shared_minutes() {
        let m = |day, h, minutes| Meeting {
            weekday: day,
            start: NaiveTime::from_hms_opt(h, 0, 0).unwrap(),
            minutes,
        };
        let a = MeetingPattern {
            meetings: vec![m(Weekday::Mon, 9, 180)],
        };
        let touching = MeetingPattern {
            meetings: vec![m(Weekday::Mon, 12, 60)],
        };
        let inside = MeetingPattern {
            meetings: vec![m(Weekday::Tue, 9, 60), m(Weekday::Mon, 11, 60)],
        };
        assert!(a.clash_with(&touching).is_none());
        assert_eq!(
            a.clash_with(&inside).map(|(_, b)| b.weekday),
            Some(Weekday::Mon)
        );
        assert!(!a.is_evening());
        assert!(
            MeetingPattern {
                meetings: vec![m(Weekday::Tue, 18, 90)]
            }
            .is_evening()
        );
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
