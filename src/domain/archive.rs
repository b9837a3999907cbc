//! Archiving and restoring records of every kind (client, group, staff member, room, family
//! member): what archiving does to the records that refer to it, in plain words, and the
//! [`Change`] that does it. Archiving never deletes history.

use chrono::NaiveDate;

use crate::domain::dates::human_date;
use crate::domain::families::FamilyMember;
use crate::domain::people::client::{Client, ClientId};
use crate::domain::people::staff::{Room, Staff};
use crate::domain::programme::Programme;
use crate::domain::record::{Change, Kind, Record, RecordRef};
use crate::domain::roster::group::Group;
use crate::domain::roster::membership::Membership;
use crate::domain::text::plural;

fn refused<T>(message: impl Into<String>) -> Result<T, String> {
    Err(message.into())
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

impl Target {
    /// Whether the record is archived now (`false` when it no longer exists).
    pub fn is_archived(&self, p: &Programme) -> bool {
        match self {
            Target::Client(id) => p.clients.get(id).is_some_and(|c| c.archived),
            Target::Group(id) => p.groups.get(id).is_some_and(|g| g.archived),
            Target::Staff(id) => p.staff.get(id).is_some_and(|s| s.archived),
            Target::Room(id) => p.rooms.get(id).is_some_and(|r| r.archived),
            Target::FamilyMember(id) => p.family_members.get(id).is_some_and(|m| m.archived),
        }
    }
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
    use crate::domain::roster::join;
    use crate::domain::roster::tests::{d, programme, with};

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
}
