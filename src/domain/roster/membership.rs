//! Group memberships over time (groundwork for rosters): who is in which group from when to
//! when. History is kept, so the roster of any group can be shown for any date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::dates::human_date;
use crate::domain::people::client::ClientId;
use crate::domain::sorting;
use crate::domain::text::{Check, Rule};

/// Schema version of stored membership records.
pub const MEMBERSHIP_SCHEMA: u32 = 1;

/// One client's time in one group. `leave` is the first day they are no longer a member, so
/// moving a client on a date ends one membership and starts the next on that same date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: String,
    pub schema: u32,
    pub client: ClientId,
    pub group: String,
    #[serde(with = "crate::domain::dates::iso_date")]
    pub join: NaiveDate,
    #[serde(default, with = "crate::domain::dates::iso_date::option")]
    pub leave: Option<NaiveDate>,
    /// Why the membership ended (e.g. "moved to evening group"); empty while it runs.
    #[serde(default)]
    pub reason: String,
}

impl Membership {
    /// Whether the client is in the group on `date`.
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.join <= date && self.leave.is_none_or(|leave| date < leave)
    }

    /// The membership's status on `date`, in words: "Planned", "Current" or "Ended".
    pub fn status_on(&self, date: NaiveDate) -> &'static str {
        if date < self.join {
            "Planned"
        } else if self.active_on(date) {
            "Current"
        } else {
            "Ended"
        }
    }

    /// Whether two periods share at least one day.
    pub fn overlaps(&self, other: &Membership) -> bool {
        let ends_before = |a: &Membership, b: &Membership| a.leave.is_some_and(|l| l <= b.join);
        !(ends_before(self, other) || ends_before(other, self))
    }
}

/// The clients in `group` on `date`, in join order.
pub fn roster_on<'a>(
    memberships: impl IntoIterator<Item = &'a Membership>,
    group: &str,
    date: NaiveDate,
) -> Vec<&'a ClientId> {
    let mut active: Vec<&Membership> = memberships
        .into_iter()
        .filter(|m| m.group == group && m.active_on(date))
        .collect();
    sorting::sort_by(&mut active, |a, b| {
        a.join.cmp(&b.join).then_with(|| a.client.cmp(&b.client))
    });
    active.into_iter().map(|m| &m.client).collect()
}

/// Check a new or edited membership against the others (`existing` may include the old
/// version of the same record, matched by id, which is ignored).
pub fn validate_membership(m: &Membership, existing: &[Membership]) -> Result<(), String> {
    check_membership(m, existing, Check::Typed)
}

/// The rule of the reason a membership ended.
pub const REASON: Rule = Rule::short("The reason");

/// [`validate_membership`], as strict as `check` says (stored records: lengths only).
pub(crate) fn check_membership(
    m: &Membership,
    existing: &[Membership],
    check: Check,
) -> Result<(), String> {
    if let Some(problem) = REASON.problem(&m.reason, check) {
        return Err(problem);
    }
    if let Some(leave) = m.leave
        && leave <= m.join
    {
        return Err(format!(
            "The leave date ({}) must be after the join date ({}).",
            human_date(leave),
            human_date(m.join)
        ));
    }
    if let Some(clash) = existing
        .iter()
        .find(|o| o.id != m.id && o.client == m.client && o.group == m.group && o.overlaps(m))
    {
        return Err(format!(
            "This client is already in this group from {}{}.",
            human_date(clash.join),
            clash
                .leave
                .map(|l| format!(" until {}", human_date(l)))
                .unwrap_or_default()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn m(id: &str, client: &str, group: &str, join: u32, leave: Option<u32>) -> Membership {
        Membership {
            id: id.into(),
            schema: MEMBERSHIP_SCHEMA,
            client: ClientId(client.into()),
            group: group.into(),
            join: d(join),
            leave: leave.map(d),
            reason: String::new(),
        }
    }

    #[test]
    fn rosters_by_date_follow_history_and_moves() {
        let all = [
            m("1", "ana", "morning", 2, Some(16)), // moved on the 16th
            m("2", "ana", "evening", 16, None),
            m("3", "ben", "morning", 9, None),
            m("4", "cy", "morning", 20, None), // planned admission
        ];
        let names = |group: &str, day: u32| -> Vec<String> {
            roster_on(&all, group, d(day))
                .into_iter()
                .map(|c| c.0.clone())
                .collect()
        };
        assert_eq!(names("morning", 1), Vec::<String>::new());
        assert_eq!(names("morning", 10), ["ana", "ben"]);
        assert_eq!(names("morning", 16), ["ben"]);
        assert_eq!(names("evening", 16), ["ana"]);
        assert_eq!(names("morning", 25), ["ben", "cy"]);
        let statuses: Vec<_> = all.iter().map(|m| m.status_on(d(16))).collect();
        assert_eq!(statuses, ["Ended", "Current", "Current", "Planned"]);
    }

    #[test]
    fn refuses_leave_before_join_and_overlapping_duplicates() {
        let existing = [m("1", "ana", "morning", 2, Some(16))];
        let err =
            validate_membership(&m("2", "ana", "morning", 10, Some(10)), &existing).unwrap_err();
        assert!(err.contains("must be after the join date"), "{err}");
        let err = validate_membership(&m("2", "ana", "morning", 15, None), &existing).unwrap_err();
        assert_eq!(
            err,
            "This client is already in this group from 2 Nov 2026 until 16 Nov 2026."
        );
        assert!(validate_membership(&m("2", "ana", "morning", 16, None), &existing).is_ok());
        assert!(validate_membership(&m("2", "ana", "evening", 3, None), &existing).is_ok());
        // Editing the record itself is not a clash with its old version.
        assert!(validate_membership(&m("1", "ana", "morning", 2, Some(20)), &existing).is_ok());
    }
}
