//! Roster edits as pure functions: each checks a request against the programme and returns the
//! [`Change`] (records to write and delete) that carries it out, or a message saying why it is
//! refused. Actions persist a `Change` as one transaction and then apply it in memory, so
//! screen and storage always agree.

pub mod assign;
pub mod forecast;
pub mod forms;
pub mod group;
pub mod membership;

use chrono::NaiveDate;

use crate::domain::dates::human_date;
use crate::domain::people::client::ClientId;
use crate::domain::people::keep_apart::{KEEP_APART_SCHEMA, KeepApart, validate_keep_apart};
use crate::domain::programme::Programme;
pub use crate::domain::record::{Change, Kind, Record, RecordRef};
use crate::domain::roster::membership::{MEMBERSHIP_SCHEMA, Membership, validate_membership};
use crate::domain::text::Check;

fn refused<T>(message: impl Into<String>) -> Result<T, String> {
    Err(message.into())
}

/// Add `client` to `group` from `join` (until `leave`, exclusive, if given).
pub fn join(
    p: &Programme,
    client: &ClientId,
    group: &str,
    join: NaiveDate,
    leave: Option<NaiveDate>,
    id: String,
) -> Result<Change, String> {
    let Some(c) = p.clients.get(client) else {
        return refused("Choose a client from the list.");
    };
    let Some(g) = p.groups.get(group) else {
        return refused("Choose a group from the list.");
    };
    if c.archived {
        return refused(format!(
            "{} is archived. Restore them before adding them to a group.",
            c.display_name()
        ));
    }
    if g.archived {
        return refused(format!("{} is archived.", g.name));
    }
    let membership = Membership {
        id,
        schema: MEMBERSHIP_SCHEMA,
        client: client.clone(),
        group: group.into(),
        join,
        leave,
        reason: String::new(),
    };
    let others: Vec<Membership> = p.memberships_of(client).cloned().collect();
    validate_membership(&membership, &others)?;
    Ok(Change {
        insert: vec![Record::Membership(membership)],
        ..Change::default()
    })
}

/// End a membership on `date` (the first day the client is no longer in the group). A
/// membership that has not started by then is removed instead: it never happened.
pub fn end_membership(
    p: &Programme,
    membership: &str,
    date: NaiveDate,
    reason: &str,
) -> Result<Change, String> {
    let reason = reason.trim();
    if let Some(problem) = membership::REASON.problem(reason, Check::Typed) {
        return refused(problem);
    }
    end(p, membership, date, reason)
}

/// [`end_membership`] for a reason the app words itself ("Moved to …").
fn end(p: &Programme, membership: &str, date: NaiveDate, reason: &str) -> Result<Change, String> {
    let Some(m) = p.memberships.get(membership) else {
        return refused("This membership no longer exists. Reload to see the current roster.");
    };
    if date <= m.join {
        return Ok(Change {
            delete: vec![RecordRef::new(Kind::Membership, m.id.clone())],
            ..Change::default()
        });
    }
    if m.leave.is_some_and(|l| l <= date) {
        return refused(format!(
            "{} already leaves {} on {}.",
            p.client_name(&m.client),
            p.group_name(&m.group),
            human_date(m.leave.unwrap_or(date))
        ));
    }
    let ended = Membership {
        leave: Some(date),
        reason: reason.to_string(),
        ..m.clone()
    };
    Ok(Change {
        put: vec![Record::Membership(ended)],
        ..Change::default()
    })
}

/// Move a member to another group on `date`: the old membership ends that day and the new one
/// starts it, keeping any planned leave date.
pub fn move_member(
    p: &Programme,
    membership: &str,
    to_group: &str,
    date: NaiveDate,
    new_id: String,
) -> Result<Change, String> {
    let Some(m) = p.memberships.get(membership) else {
        return refused("This membership no longer exists. Reload to see the current roster.");
    };
    if m.group == to_group {
        return refused(format!(
            "{} is already in {}.",
            p.client_name(&m.client),
            p.group_name(to_group)
        ));
    }
    if !m.active_on(date) && date >= m.join {
        return refused(format!(
            "{} is not in {} on {}.",
            p.client_name(&m.client),
            p.group_name(&m.group),
            human_date(date)
        ));
    }
    let to_name = p.group_name(to_group);
    let mut change = end(p, membership, date, &format!("Moved to {to_name}"))?;
    // The new membership is checked against the client's memberships as they stand: the one
    // ending is in another group, so ending it changes nothing `join` looks at (and copying
    // the whole programme to apply it first cost more than the rest of the move).
    let start = date.max(m.join);
    let added = join(p, &m.client, to_group, start, m.leave, new_id)?;
    change.insert.extend(added.insert);
    Ok(change)
}

/// Keep two clients apart.
pub fn keep_apart(
    p: &Programme,
    a: &ClientId,
    b: &ClientId,
    reason: &str,
    id: String,
) -> Result<Change, String> {
    let pair = KeepApart {
        id,
        schema: KEEP_APART_SCHEMA,
        a: a.clone(),
        b: b.clone(),
        reason: reason.trim().to_string(),
    };
    validate_keep_apart(&pair, p.keep_apart.values(), |c| p.clients.contains_key(c))?;
    Ok(Change {
        insert: vec![Record::KeepApart(pair)],
        ..Change::default()
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::people::client::AgeBand;
    use crate::domain::people::staff::{Location, Room, STAFF_SCHEMA, Staff};
    use crate::domain::roster::group::{
        AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting, MeetingPattern,
    };
    use chrono::{NaiveTime, Weekday};

    pub(crate) fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    /// Ana and Ben, Morning and Evening RP (Mondays 9:00, led by s1 in r1), staff s1, room r1.
    pub(crate) fn programme() -> Programme {
        let mut p = Programme::default();
        for (id, name) in [("ana", "Ana Example"), ("ben", "Ben Example")] {
            p.clients.insert(
                ClientId(id.into()),
                crate::domain::testkit::client(id, name, d(2)),
            );
        }
        for (id, name) in [("am", "Morning RP"), ("pm", "Evening RP")] {
            p.groups.insert(
                id.into(),
                Group {
                    id: id.into(),
                    schema: GROUP_SCHEMA,
                    name: name.into(),
                    kind: GroupType::RelapsePrevention,
                    track: None,
                    age_band: AgeBand::Adult,
                    gender: None,
                    admission: AdmissionRule::Open,
                    capacity_min: 1,
                    capacity_max: 12,
                    pattern: MeetingPattern {
                        meetings: vec![Meeting {
                            weekday: Weekday::Mon,
                            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                            minutes: 90,
                        }],
                    },
                    start: d(1),
                    end: None,
                    lead: Some("s1".into()),
                    co_facilitators: vec![],
                    room: Some("r1".into()),
                    cancelled: vec![],
                    archived: false,
                },
            );
        }
        p.staff.insert(
            "s1".into(),
            Staff {
                id: "s1".into(),
                schema: STAFF_SCHEMA,
                name: "Dana Fictional".into(),
                credentials: String::new(),
                roles: vec![],
                availability: vec![],
                archived: false,
            },
        );
        p.rooms.insert(
            "r1".into(),
            Room {
                id: "r1".into(),
                schema: STAFF_SCHEMA,
                name: "Room 1".into(),
                capacity: 12,
                location: Location::InPerson,
                archived: false,
            },
        );
        p
    }

    pub(crate) fn with(p: &Programme, change: Result<Change, String>) -> Programme {
        let mut next = p.clone();
        next.apply(&change.unwrap());
        next
    }

    #[test]
    fn join_move_and_end_keep_history() {
        let ana = ClientId("ana".into());
        let p = with(
            &programme(),
            join(&programme(), &ana, "am", d(2), None, "m1".into()),
        );
        let err = join(&p, &ana, "am", d(9), None, "m2".into()).unwrap_err();
        assert!(err.contains("already in this group"), "{err}");
        assert!(join(&p, &ana, "nope", d(9), None, "m2".into()).is_err());
        assert!(join(&p, &ana, "pm", d(9), Some(d(9)), "m2".into()).is_err());

        let moved = with(&p, move_member(&p, "m1", "pm", d(16), "m2".into()));
        assert_eq!(moved.memberships["m1"].leave, Some(d(16)));
        assert_eq!(moved.memberships["m1"].reason, "Moved to Evening RP");
        assert_eq!(moved.memberships["m2"].join, d(16));
        assert_eq!(moved.memberships["m2"].group, "pm");

        let ended = with(&moved, end_membership(&moved, "m2", d(23), "Discharged"));
        assert_eq!(ended.memberships["m2"].leave, Some(d(23)));
        // Ending a membership before it starts removes the planned join.
        let planned = with(&p, join(&p, &ana, "pm", d(30), None, "m3".into()));
        let cancelled = with(&planned, end_membership(&planned, "m3", d(23), ""));
        assert!(!cancelled.memberships.contains_key("m3"));
    }

    #[test]
    fn keep_apart_pairs_are_checked() {
        let (ana, ben) = (ClientId("ana".into()), ClientId("ben".into()));
        let p = with(
            &programme(),
            keep_apart(&programme(), &ana, &ben, "private", "k1".into()),
        );
        assert!(keep_apart(&p, &ben, &ana, "", "k2".into()).is_err());
        assert!(keep_apart(&p, &ana, &ClientId("x".into()), "", "k2".into()).is_err());
    }
}
