//! Form drafts for groups: every field as typed, and the one function that turns a draft into a
//! valid group or says, per field, what is wrong. (The staff and room drafts are in
//! [`crate::domain::people::forms`].)

use crate::domain::dates::{
    REAL_DATE_HINT, clock, parse_clock, parse_date, weekday_code, weekday_from_code,
};
use crate::domain::people::client::{AgeBand, Gender};
use crate::domain::programme::Programme;
use crate::domain::roster::group::{
    AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting, name_problem, validate_group,
};
use crate::domain::sorting;
use crate::domain::text::Check;

use crate::domain::errors::FieldErrors;

/// One weekly meeting row as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDraft {
    /// A [`weekday_code`].
    pub weekday: String,
    /// `HH:MM`.
    pub start: String,
    /// Minutes, as typed.
    pub minutes: String,
}

impl Default for MeetingDraft {
    fn default() -> Self {
        MeetingDraft {
            weekday: "mon".into(),
            start: "09:00".into(),
            minutes: "90".into(),
        }
    }
}

/// The group form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GroupDraft {
    pub name: String,
    /// A [`GroupType::code`].
    pub kind: String,
    /// A track id, or empty for every track.
    pub track: String,
    /// An [`AgeBand::code`].
    pub age_band: String,
    /// A [`Gender::code`] for gender-specific groups, or empty.
    pub gender: String,
    /// "open", "closed" or "modules".
    pub admission: String,
    /// Weeks per module when `admission` is "modules".
    pub module_weeks: String,
    pub capacity_min: String,
    pub capacity_max: String,
    pub meetings: Vec<MeetingDraft>,
    /// `YYYY-MM-DD`.
    pub start: String,
    /// `YYYY-MM-DD` or empty.
    pub end: String,
    /// Staff id or empty.
    pub lead: String,
    pub co_facilitators: Vec<String>,
    /// Room id or empty.
    pub room: String,
    /// `YYYY-MM-DD` each.
    pub cancelled: Vec<String>,
}

impl GroupDraft {
    /// A new group's form: open admission, 6-12 members, one Monday meeting, from `today`.
    pub fn blank(today: chrono::NaiveDate) -> GroupDraft {
        GroupDraft {
            kind: GroupType::Process.code().into(),
            age_band: AgeBand::Adult.code().into(),
            admission: "open".into(),
            module_weeks: "8".into(),
            capacity_min: "6".into(),
            capacity_max: "12".into(),
            meetings: vec![MeetingDraft::default()],
            start: today.to_string(),
            ..GroupDraft::default()
        }
    }

    /// The form for an existing group.
    pub fn from_group(g: &Group) -> GroupDraft {
        let (admission, weeks) = match g.admission {
            AdmissionRule::Open => ("open", 8),
            AdmissionRule::Closed => ("closed", 8),
            AdmissionRule::ModuleBoundaries { every_weeks } => ("modules", every_weeks),
        };
        GroupDraft {
            name: g.name.clone(),
            kind: g.kind.code().into(),
            track: g.track.clone().unwrap_or_default(),
            age_band: g.age_band.code().into(),
            gender: g.gender.map(|x| x.code().to_string()).unwrap_or_default(),
            admission: admission.into(),
            module_weeks: weeks.to_string(),
            capacity_min: g.capacity_min.to_string(),
            capacity_max: g.capacity_max.to_string(),
            meetings: g
                .pattern
                .meetings
                .iter()
                .map(|m| MeetingDraft {
                    weekday: weekday_code(m.weekday).into(),
                    start: clock(m.start),
                    minutes: m.minutes.to_string(),
                })
                .collect(),
            start: g.start.to_string(),
            end: g.end.map(|d| d.to_string()).unwrap_or_default(),
            lead: g.lead.clone().unwrap_or_default(),
            co_facilitators: g.co_facilitators.clone(),
            room: g.room.clone().unwrap_or_default(),
            cancelled: g.cancelled.iter().map(|d| d.to_string()).collect(),
        }
    }

    /// The meeting pattern as typed, if every row reads as a meeting.
    pub fn pattern(&self) -> Option<crate::domain::roster::group::MeetingPattern> {
        let meetings = self
            .meetings
            .iter()
            .map(|m| {
                Some(Meeting {
                    weekday: weekday_from_code(&m.weekday)?,
                    start: parse_clock(&m.start)?,
                    minutes: m.minutes.trim().parse().ok()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(crate::domain::roster::group::MeetingPattern { meetings })
    }

    /// Check the draft against the programme (tracks, staff, rooms must exist; archived ones
    /// may be kept but not newly chosen) and build the group. `existing` is the group being
    /// edited, whose id and archive state are kept.
    pub fn to_group(
        &self,
        p: &Programme,
        id: String,
        existing: Option<&Group>,
    ) -> Result<Group, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = self.name.trim().to_string();
        // Reported with the other fields even when the group cannot be built to check it.
        if let Some(p) = name_problem(&name, Check::Typed) {
            e.push_once("name", p);
        }
        let kind = GroupType::from_code(&self.kind);
        if kind.is_none() {
            e.push_once("kind", "Choose a group type.");
        }
        let track = (!self.track.is_empty()).then(|| self.track.clone());
        if let Some(t) = &track {
            let kept = existing.is_some_and(|g| g.track.as_ref() == Some(t));
            match p.settings.track(t) {
                Some(tr) if !tr.archived || kept => {}
                _ => e.push_once("track", "Choose a track from the list, or every track."),
            }
        }
        let age_band = AgeBand::from_code(&self.age_band);
        if age_band.is_none() {
            e.push_once("age_band", "Choose an age band.");
        }
        let gender = if self.gender.is_empty() {
            Some(None)
        } else {
            Gender::from_code(&self.gender)
                .filter(|g| *g != Gender::Unspecified)
                .map(Some)
        };
        if gender.is_none() {
            e.push_once("gender", "Choose who the group is for.");
        }
        let admission = match self.admission.as_str() {
            "open" => Some(AdmissionRule::Open),
            "closed" => Some(AdmissionRule::Closed),
            "modules" => match self.module_weeks.trim().parse::<u8>() {
                Ok(w) if (1..=52).contains(&w) => {
                    Some(AdmissionRule::ModuleBoundaries { every_weeks: w })
                }
                _ => {
                    e.push_once(
                        "module_weeks",
                        "Enter the module length as a whole number of weeks from 1 to 52.",
                    );
                    None
                }
            },
            _ => {
                e.push_once("admission", "Choose an admission rule.");
                None
            }
        };
        let count = |raw: &str, field: &'static str, what: &str, e: &mut FieldErrors| match raw
            .trim()
            .parse::<u32>()
        {
            Ok(n) if n <= 200 => Some(n),
            _ => {
                e.push_once(
                    field,
                    format!("Enter the {what} as a whole number from 0 to 200."),
                );
                None
            }
        };
        let capacity_min = count(&self.capacity_min, "capacity_min", "minimum size", &mut e);
        let capacity_max = count(&self.capacity_max, "capacity_max", "maximum size", &mut e);
        let mut meetings = Vec::new();
        for m in &self.meetings {
            let weekday = weekday_from_code(&m.weekday);
            let start = parse_clock(&m.start);
            let minutes = m.minutes.trim().parse::<u16>().ok();
            match (weekday, start, minutes) {
                (Some(weekday), Some(start), Some(minutes)) => meetings.push(Meeting {
                    weekday,
                    start,
                    minutes,
                }),
                (_, None, _) => e.push_once("meetings", "Enter each meeting's start time."),
                _ => e.push_once(
                    "meetings",
                    "Enter each meeting's length as a whole number of minutes.",
                ),
            }
        }
        let start = parse_date(&self.start);
        if start.is_none() {
            e.push_once(
                "start",
                format!("Enter the start date as a valid date ({REAL_DATE_HINT})."),
            );
        }
        let end = if self.end.trim().is_empty() {
            None
        } else {
            let end = parse_date(&self.end);
            if end.is_none() {
                e.push_once(
                    "end",
                    format!(
                        "Enter the end date as a valid date ({REAL_DATE_HINT}), or leave it empty."
                    ),
                );
            }
            end
        };
        let staff_ok = |id: &str| {
            p.staff.get(id).is_some_and(|s| {
                !s.archived
                    || existing.is_some_and(|g| {
                        g.lead.as_deref() == Some(id) || g.co_facilitators.iter().any(|c| c == id)
                    })
            })
        };
        let lead = (!self.lead.is_empty()).then(|| self.lead.clone());
        if lead.as_deref().is_some_and(|l| !staff_ok(l)) {
            e.push_once("lead", "Choose a lead facilitator from the staff list.");
        }
        let mut co = Vec::new();
        for c in self.co_facilitators.iter().filter(|c| !c.is_empty()) {
            if !staff_ok(c) {
                e.push_once(
                    "co_facilitators",
                    "Choose co-facilitators from the staff list.",
                );
            } else if co.contains(c) {
                e.push_once("co_facilitators", "Each co-facilitator can be listed once.");
            } else {
                co.push(c.clone());
            }
        }
        let room = (!self.room.is_empty()).then(|| self.room.clone());
        if let Some(r) = &room {
            let kept = existing.is_some_and(|g| g.room.as_ref() == Some(r));
            if !p.rooms.get(r).is_some_and(|room| !room.archived || kept) {
                e.push_once("room", "Choose a room from the list.");
            }
        }
        let mut cancelled = Vec::new();
        for raw in &self.cancelled {
            match parse_date(raw) {
                Some(d) if !cancelled.contains(&d) => cancelled.push(d),
                Some(_) => {}
                None => e.push_once(
                    "cancelled",
                    format!("Enter each cancelled date as a valid date ({REAL_DATE_HINT})."),
                ),
            }
        }
        sorting::sort(&mut cancelled);
        let (
            Some(kind),
            Some(age_band),
            Some(gender),
            Some(admission),
            Some(capacity_min),
            Some(capacity_max),
            Some(start),
        ) = (
            kind,
            age_band,
            gender,
            admission,
            capacity_min,
            capacity_max,
            start,
        )
        else {
            return Err(e);
        };
        let group = Group {
            id,
            schema: GROUP_SCHEMA,
            name,
            kind,
            track,
            age_band,
            gender,
            admission,
            capacity_min,
            capacity_max,
            pattern: crate::domain::roster::group::MeetingPattern { meetings },
            start,
            end,
            lead,
            co_facilitators: co,
            room,
            cancelled,
            archived: existing.is_some_and(|g| g.archived),
        };
        if let Err(problems) = validate_group(&group) {
            for (field, problem) in problems.0 {
                e.push_once(field, problem);
            }
        }
        if e.is_empty() { Ok(group) } else { Err(e) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::forms::StaffDraft;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn programme() -> Programme {
        let mut p = Programme::default();
        let staff = StaffDraft {
            name: "Dana Fictional".into(),
            ..StaffDraft::default()
        }
        .to_staff("s1".into(), None)
        .unwrap();
        p.staff.insert("s1".into(), staff);
        p
    }

    #[test]
    fn a_group_draft_round_trips_and_reports_each_field() {
        let p = programme();
        let draft = GroupDraft {
            name: "Evening relapse prevention".into(),
            lead: "s1".into(),
            track: "substance-use".into(),
            admission: "modules".into(),
            cancelled: vec!["2026-12-24".into(), "2026-12-24".into()],
            ..GroupDraft::blank(today())
        };
        let g = draft.to_group(&p, "g1".into(), None).unwrap();
        assert_eq!(g.pattern.describe(), "Mon 09:00-10:30");
        assert_eq!(
            g.admission,
            AdmissionRule::ModuleBoundaries { every_weeks: 8 }
        );
        assert_eq!(g.cancelled.len(), 1);
        assert_eq!(
            GroupDraft::from_group(&g).to_group(&p, "g1".into(), None),
            Ok(g)
        );

        let bad = GroupDraft {
            capacity_min: "13".into(),
            lead: "ghost".into(),
            room: "nowhere".into(),
            track: "unknown".into(),
            end: "2026-01-01".into(),
            meetings: vec![MeetingDraft {
                minutes: "ninety".into(),
                ..MeetingDraft::default()
            }],
            ..GroupDraft::blank(today())
        };
        let e = bad.to_group(&p, "g2".into(), None).unwrap_err();
        for field in ["lead", "room", "track", "meetings"] {
            assert!(e.get(field).is_some(), "{field}: {e:?}");
        }
        // Field checks come first; cross-field ones follow once the fields parse.
        let e = GroupDraft {
            capacity_min: "13".into(),
            end: "2026-01-01".into(),
            ..GroupDraft::blank(today())
        }
        .to_group(&p, "g2".into(), None)
        .unwrap_err();
        assert!(e.get("name").is_some());
        assert!(e.get("capacity_max").unwrap().contains("cannot be larger"));
        assert!(e.get("end").is_some());
    }

    #[test]
    fn impossible_group_dates_are_field_errors() {
        use crate::domain::dates::UNREADABLE_DATE;
        let p = programme();
        for raw in ["2027-02-30", UNREADABLE_DATE] {
            let e = GroupDraft {
                end: raw.into(),
                ..GroupDraft::blank(today())
            }
            .to_group(&p, "g1".into(), None)
            .expect_err("an impossible end date must not save");
            assert!(
                e.get("end").unwrap().contains("a day that exists"),
                "{raw}: {e:?}"
            );
            let e = GroupDraft {
                cancelled: vec![raw.into()],
                ..GroupDraft::blank(today())
            }
            .to_group(&p, "g1".into(), None)
            .expect_err("an impossible cancelled date must not save");
            assert!(
                e.get("cancelled").unwrap().contains("a day that exists"),
                "{raw}: {e:?}"
            );
        }
    }
}
