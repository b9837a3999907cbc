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
use crate::domain::families::FamilyMember;
use crate::domain::people::client::{Client, ClientId};
use crate::domain::people::keep_apart::{KEEP_APART_SCHEMA, KeepApart, validate_keep_apart};
use crate::domain::people::staff::{Room, Staff};
use crate::domain::programme::Programme;
pub use crate::domain::record::{Change, Kind, Record, RecordRef};
use crate::domain::roster::group::Group;
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

/// What archiving a record does to the records that refer to it, in plain words, plus the
/// change that does it. Archiving never deletes history: memberships that ran are kept.
#[derive(Debug, Clone, PartialEq)]
pub struct Archiving {
    /// One sentence per consequence; empty when nothing refers to the record.
    pub effects: Vec<String>,
    pub change: Change,
}

/// A record that can be archived and restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Client(ClientId),
    Group(String),
    Staff(String),
    Room(String),
    FamilyMember(String),
}

/// What archiving `target` on `date` would do (see [`Archiving`]).
pub fn archive(p: &Programme, target: &Target, date: NaiveDate) -> Result<Archiving, String> {
    match target {
        Target::Client(id) => archive_client(p, id, date),
        Target::Group(id) => archive_group(p, id, date),
        Target::Staff(id) => archive_staff(p, id),
        Target::Room(id) => archive_room(p, id),
        Target::FamilyMember(id) => archive_family_member(p, id, date),
    }
}

/// Bring an archived record back. Ended memberships stay ended; add new ones as needed.
pub fn restore(p: &Programme, target: &Target) -> Result<Change, String> {
    let record = match target {
        Target::Client(id) => p.clients.get(id).map(|c| {
            Record::Client(Client {
                archived: false,
                ..c.clone()
            })
        }),
        Target::Group(id) => p.groups.get(id).map(|g| {
            Record::Group(Group {
                archived: false,
                ..g.clone()
            })
        }),
        Target::Staff(id) => p.staff.get(id).map(|s| {
            Record::Staff(Staff {
                archived: false,
                ..s.clone()
            })
        }),
        Target::Room(id) => p.rooms.get(id).map(|r| {
            Record::Room(Room {
                archived: false,
                ..r.clone()
            })
        }),
        Target::FamilyMember(id) => p.family_members.get(id).map(|m| {
            Record::FamilyMember(FamilyMember {
                archived: false,
                ..m.clone()
            })
        }),
    };
    let record = record.ok_or_else(|| "This record no longer exists.".to_string())?;
    Ok(Change {
        put: vec![record],
        ..Change::default()
    })
}

/// Memberships active on `date` or starting after it end on `date` (planned ones are removed).
fn end_current(
    p: &Programme,
    mut keep: impl FnMut(&Membership) -> bool,
    date: NaiveDate,
    reason: &str,
    change: &mut Change,
) -> (usize, usize) {
    let (mut ended, mut cancelled) = (0, 0);
    for m in p.memberships.values().filter(|m| keep(m)) {
        if m.join >= date {
            change
                .delete
                .push(RecordRef::new(Kind::Membership, m.id.clone()));
            cancelled += 1;
        } else if m.active_on(date) {
            change.put.push(Record::Membership(Membership {
                leave: Some(date),
                reason: reason.into(),
                ..m.clone()
            }));
            ended += 1;
        }
    }
    (ended, cancelled)
}

/// "1 member", "3 members".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn membership_effects(ended: usize, cancelled: usize, date: NaiveDate) -> Vec<String> {
    let mut effects = Vec::new();
    if ended > 0 {
        effects.push(format!(
            "{} will end on {} (history is kept).",
            plural(
                ended,
                "current group membership",
                "current group memberships"
            ),
            human_date(date)
        ));
    }
    if cancelled > 0 {
        effects.push(format!(
            "{} will be cancelled.",
            plural(cancelled, "planned group join", "planned group joins")
        ));
    }
    effects
}

/// Archive a client as of `date`.
pub fn archive_client(p: &Programme, id: &ClientId, date: NaiveDate) -> Result<Archiving, String> {
    let Some(client) = p.clients.get(id) else {
        return refused("This client no longer exists.");
    };
    let mut change = Change::default();
    let (ended, cancelled) = end_current(p, |m| &m.client == id, date, "Archived", &mut change);
    let mut effects = membership_effects(ended, cancelled, date);
    let pairs = p.keep_apart.values().filter(|k| k.involves(id)).count();
    if pairs > 0 {
        effects.push(format!(
            "{} stay on record in case they return.",
            plural(pairs, "keep-apart pair", "keep-apart pairs")
        ));
    }
    change.put.push(Record::Client(Client {
        archived: true,
        ..client.clone()
    }));
    Ok(Archiving { effects, change })
}

/// Archive a group as of `date`: its current members leave that day.
pub fn archive_group(p: &Programme, id: &str, date: NaiveDate) -> Result<Archiving, String> {
    let Some(group) = p.groups.get(id) else {
        return refused("This group no longer exists.");
    };
    let mut change = Change::default();
    let (ended, cancelled) = end_current(p, |m| m.group == id, date, "Group archived", &mut change);
    let effects = membership_effects(ended, cancelled, date);
    change.put.push(Record::Group(Group {
        archived: true,
        ..group.clone()
    }));
    Ok(Archiving { effects, change })
}

/// Archive a staff member: they are taken off the groups they lead or co-facilitate.
pub fn archive_staff(p: &Programme, id: &str) -> Result<Archiving, String> {
    let Some(staff) = p.staff.get(id) else {
        return refused("This staff member no longer exists.");
    };
    let mut change = Change::default();
    let mut effects = Vec::new();
    for g in p.groups.values().filter(|g| !g.archived) {
        let leads = g.lead.as_deref() == Some(id);
        let co = g.co_facilitators.iter().any(|c| c == id);
        if leads || co {
            effects.push(format!(
                "{} will no longer {} {}{}.",
                staff.name,
                if leads { "lead" } else { "co-facilitate" },
                g.name,
                if leads {
                    " (it will need a new lead)"
                } else {
                    ""
                }
            ));
            let mut next = g.clone();
            if leads {
                next.lead = None;
            }
            next.co_facilitators.retain(|c| c != id);
            change.put.push(Record::Group(next));
        }
    }
    change.put.push(Record::Staff(Staff {
        archived: true,
        ..staff.clone()
    }));
    Ok(Archiving { effects, change })
}

/// Archive a room: groups meeting there are left without a room.
pub fn archive_room(p: &Programme, id: &str) -> Result<Archiving, String> {
    let Some(room) = p.rooms.get(id) else {
        return refused("This room no longer exists.");
    };
    let mut change = Change::default();
    let mut effects = Vec::new();
    for g in p
        .groups
        .values()
        .filter(|g| !g.archived && g.room.as_deref() == Some(id))
    {
        effects.push(format!(
            "{} will have no room until you choose another.",
            g.name
        ));
        change.put.push(Record::Group(Group {
            room: None,
            ..g.clone()
        }));
    }
    change.put.push(Record::Room(Room {
        archived: true,
        ..room.clone()
    }));
    Ok(Archiving { effects, change })
}

/// Archiving a family member: they leave the client's active family and nothing more is shared
/// with them; their consents stay on record (a consent is part of the disclosure record).
pub fn archive_family_member(
    p: &Programme,
    id: &str,
    date: NaiveDate,
) -> Result<Archiving, String> {
    let Some(member) = p.family_members.get(id) else {
        return refused("This family member is no longer on record.");
    };
    let mut effects = vec![format!(
        "Nothing more will be shared with {}, whatever their consents say.",
        member.name
    )];
    let in_force = p
        .consents
        .values()
        .filter(|c| {
            c.recipient == id
                && matches!(
                    c.state_on(date),
                    crate::domain::families::consent::ConsentState::Active(_)
                )
        })
        .count();
    if in_force > 0 {
        effects.push(format!(
            "Their {} consent{} in force stay{} on record, unchanged.",
            in_force,
            if in_force == 1 { "" } else { "s" },
            if in_force == 1 { "s" } else { "" }
        ));
    }
    // Group places end on the archive date, like a discharged client's memberships.
    let mut groups = member.groups.clone();
    for stint in groups
        .iter_mut()
        .filter(|g| g.leave.is_none_or(|l| l > date))
    {
        let name = p.group_name(&stint.group);
        if stint.join >= date {
            effects.push(format!("Their planned place in {name} is withdrawn."));
            stint.leave = Some(stint.join);
        } else {
            effects.push(format!(
                "They leave {name} on {}.",
                crate::domain::dates::human_date(date)
            ));
            stint.leave = Some(date);
        }
    }
    groups.retain(|g| g.leave.is_none_or(|l| l > g.join));
    let mut change = Change::default();
    change.put.push(Record::FamilyMember(FamilyMember {
        archived: true,
        groups,
        ..member.clone()
    }));
    Ok(Archiving { effects, change })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::client::{AgeBand, Gender, LevelOfCare, SchedulePreference};
    use crate::domain::people::staff::{Location, STAFF_SCHEMA};
    use crate::domain::roster::group::{
        AdmissionRule, GROUP_SCHEMA, GroupType, Meeting, MeetingPattern,
    };
    use chrono::{NaiveTime, Weekday};

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn programme() -> Programme {
        let mut p = Programme::default();
        for (id, name) in [("ana", "Ana Example"), ("ben", "Ben Example")] {
            p.clients.insert(
                ClientId(id.into()),
                Client {
                    id: ClientId(id.into()),
                    schema: 3,
                    full_name: name.into(),
                    preferred_name: String::new(),
                    pronouns: String::new(),
                    age_band: AgeBand::Adult,
                    gender: Gender::Unspecified,
                    track: "substance-use".into(),
                    level_of_care: LevelOfCare::Iop,
                    schedule: SchedulePreference::Any,
                    admission_date: d(2),
                    expected_discharge: None,
                    notes: String::new(),
                    archived: false,
                },
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

    fn with(p: &Programme, change: Result<Change, String>) -> Programme {
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
    fn archiving_says_what_happens_to_references() {
        let ana = ClientId("ana".into());
        let mut p = with(
            &programme(),
            join(&programme(), &ana, "am", d(2), None, "m1".into()),
        );
        p = with(&p, join(&p, &ana, "pm", d(30), None, "m2".into()));
        let a = archive_client(&p, &ana, d(20)).unwrap();
        assert_eq!(
            a.effects,
            [
                "1 current group membership will end on 20 Nov 2026 (history is kept).",
                "1 planned group join will be cancelled."
            ]
        );
        let after = with(&p, Ok(a.change));
        assert!(after.clients[&ana].archived);
        assert_eq!(after.memberships["m1"].leave, Some(d(20)));
        assert!(!after.memberships.contains_key("m2"));

        let s = archive_staff(&p, "s1").unwrap();
        assert_eq!(s.effects.len(), 2);
        assert!(s.effects[0].contains("will no longer lead"));
        let after = with(&p, Ok(s.change));
        assert!(after.groups.values().all(|g| g.lead.is_none()));
        let r = archive_room(&p, "r1").unwrap();
        assert!(r.effects[0].contains("no room"));
        let g = archive_group(&p, "am", d(20)).unwrap();
        assert_eq!(g.effects.len(), 1);
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
