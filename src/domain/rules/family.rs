//! Family involvement: consents to share that end soon, adolescents without a legal guardian
//! on record, and the clash and fit rules of family sessions.

use super::*;
use crate::domain::families::consent::{ConsentState, EXPIRING_WITHIN_DAYS};
use crate::domain::families::session::{FamilySession, Occurrence, Place};
use chrono::Datelike;

pub(super) fn family_consents(
    p: &Programme,
    date: NaiveDate,
    scope: Scope,
    out: &mut Vec<Violation>,
) {
    let soon = date
        .checked_add_days(Days::new(EXPIRING_WITHIN_DAYS))
        .unwrap_or(date);
    let in_scope = |c: &ClientId| match scope {
        Scope::Client(only) => only == c,
        _ => true,
    };
    // Family members by client and the consents in force by client and recipient, once.
    let mut families: BTreeMap<&ClientId, Vec<&crate::domain::families::FamilyMember>> =
        BTreeMap::new();
    for m in p.family_members.values().filter(|m| !m.archived) {
        for s in &m.supports {
            families.entry(&s.client).or_default().push(m);
        }
    }
    let mut in_force: BTreeMap<(&ClientId, &str), NaiveDate> = BTreeMap::new();
    for c in p.consents.values() {
        if let ConsentState::Active(until) = c.state_on(date) {
            let last = in_force
                .entry((&c.client, c.recipient.as_str()))
                .or_insert(until);
            *last = (*last).max(until);
        }
    }
    for client in p.clients_active_on(date).filter(|c| in_scope(&c.id)) {
        let name = client.display_name();
        let family: &[&crate::domain::families::FamilyMember] =
            families.get(&client.id).map(Vec::as_slice).unwrap_or(&[]);
        if client.age_band == AgeBand::Adolescent
            && !family.iter().any(|m| m.is_guardian_of(&client.id))
        {
            out.push(
                Violation::new(
                    RuleKind::NoGuardian,
                    format!("{name} is an adolescent with no legal guardian recorded."),
                    format!(
                        "Add their legal guardian under Family on {name}'s page, or mark a family member as the guardian."
                    ),
                )
                .with_client(&client.id),
            );
        }
        for m in family {
            // The consent in force that lasts longest is the one that matters.
            let last_day = in_force.get(&(&client.id, m.id.as_str())).copied();
            if let Some(until) = last_day.filter(|u| *u <= soon) {
                out.push(
                    Violation::new(
                        RuleKind::ConsentExpiring,
                        format!(
                            "{name}'s consent to share with {} ends on {}.",
                            m.name,
                            human_date(until)
                        ),
                        format!(
                            "Review it with {name}: record a new consent if they agree, or nothing more is shared after that day."
                        ),
                    )
                    .with_client(&client.id),
                );
            }
        }
    }
}

/// How far ahead family sessions are checked for clashes: a session booked for next week is
/// worth fixing today.
pub const FAMILY_LOOKAHEAD_DAYS: u64 = 27;

/// One family-session occurrence with what it needs.
struct Booked<'p> {
    session: &'p FamilySession,
    at: Occurrence,
}

/// Clash and fit rules of family sessions happening from `date` to four weeks after it:
/// clinician or room double-booked (groups and other family sessions), the client in a group at
/// that time, a family member in two sessions at once, outside the clinician's recorded
/// availability or the family member's stated availability (soft), a room too small.
pub(super) fn family_session_clashes(
    p: &Programme,
    date: NaiveDate,
    scope: Scope,
    out: &mut Vec<Violation>,
) {
    let until = date
        .checked_add_days(Days::new(FAMILY_LOOKAHEAD_DAYS))
        .unwrap_or(date);
    let in_scope = |c: &ClientId| match scope {
        Scope::Client(only) => only == c,
        _ => true,
    };
    let mut booked: Vec<Booked> = Vec::new();
    for s in p.family_sessions.values() {
        let Some(client) = p.clients.get(&s.client) else {
            continue;
        };
        if client.archived {
            continue;
        }
        for at in s.occurrences(date, until) {
            booked.push(Booked { session: s, at });
        }
    }
    sorting::sort_by_key(&mut booked, |b| {
        (b.at.date, b.at.start, b.session.id.clone())
    });
    // Memberships of the clients with sessions, looked up once.
    let mut memberships: BTreeMap<&ClientId, Vec<&crate::domain::Membership>> = BTreeMap::new();
    for b in &booked {
        memberships.entry(&b.session.client).or_default();
    }
    for ms in p.memberships.values() {
        if let Some(list) = memberships.get_mut(&ms.client) {
            list.push(ms);
        }
    }
    let overlaps = |a: &Occurrence, from: chrono::NaiveTime, to: chrono::NaiveTime| {
        a.start < to && from < a.end()
    };
    for (i, b) in booked.iter().enumerate() {
        let s = b.session;
        let touches_scope = in_scope(&s.client);
        let client_name = p.client_name(&s.client);
        let when = format!(
            "{} {}, {}-{}",
            super::clashes::day_name(b.at.date.weekday()),
            human_date(b.at.date),
            crate::domain::dates::clock(b.at.start),
            crate::domain::dates::clock(b.at.end())
        );
        let what = format!("{client_name}'s family session on {when}");
        let room = match &s.place {
            Place::Room { room } => Some(room.as_str()),
            Place::Telehealth { .. } => None,
        };
        // Groups meeting at that time.
        if touches_scope {
            for g in p
                .groups
                .values()
                .filter(|g| runs(g, b.at.date) && !g.cancelled.contains(&b.at.date))
            {
                for m in g.pattern.meetings.iter().filter(|m| {
                    m.weekday == b.at.date.weekday() && overlaps(&b.at, m.start, m.end())
                }) {
                    let group_time = format!("{} ({})", g.name, super::clashes::times(m));
                    let staff_of_group: Vec<&String> =
                        g.lead.iter().chain(g.co_facilitators.iter()).collect();
                    for c in s.clinicians.iter().filter(|c| staff_of_group.contains(c)) {
                        let name = p
                            .staff
                            .get(c)
                            .map(|x| x.name.as_str())
                            .unwrap_or("A clinician");
                        out.push(
                            Violation::new(
                                RuleKind::StaffDoubleBooked,
                                format!("{name} leads {what} while facilitating {group_time}."),
                                "Move the family session, or choose another clinician.".into(),
                            )
                            .with_client(&s.client)
                            .with_group(&g.id)
                            .with_staff(c),
                        );
                    }
                    if let Some(r) = room
                        && g.room.as_deref() == Some(r)
                    {
                        let name = p
                            .rooms
                            .get(r)
                            .map(|x| x.name.as_str())
                            .unwrap_or("The room");
                        out.push(
                            Violation::new(
                                RuleKind::RoomDoubleBooked,
                                format!("{name} is booked for {what} and for {group_time}."),
                                "Choose another room for the family session, or move it.".into(),
                            )
                            .with_client(&s.client)
                            .with_group(&g.id)
                            .with_room(r),
                        );
                    }
                    if memberships.get(&s.client).is_some_and(|list| {
                        list.iter()
                            .any(|ms| ms.group == g.id && ms.active_on(b.at.date))
                    }) {
                        out.push(
                            Violation::new(
                                RuleKind::ClientTimeClash,
                                format!("{what} overlaps their group {group_time}."),
                                format!("Move the family session to a time {client_name} is not in a group."),
                            )
                            .with_client(&s.client)
                            .with_group(&g.id),
                        );
                    }
                    // A family member in a family group that meets then.
                    for f in s.family.iter().filter_map(|f| p.family_members.get(f)) {
                        if f.in_group_on(&g.id, b.at.date) {
                            out.push(
                                Violation::new(
                                    RuleKind::FamilyMemberClash,
                                    format!(
                                        "{} is in {what} and in {group_time} at the same time.",
                                        f.name
                                    ),
                                    "Move the family session.".into(),
                                )
                                .with_client(&s.client)
                                .with_group(&g.id),
                            );
                        }
                    }
                }
            }
        }
        // Other family sessions at the same time (each pair once).
        for o in booked[i + 1..].iter().filter(|o| {
            o.at.date == b.at.date
                && overlaps(&b.at, o.at.start, o.at.end())
                && o.session.id != s.id
        }) {
            if !touches_scope && !in_scope(&o.session.client) {
                continue;
            }
            let other = format!("{}'s family session", p.client_name(&o.session.client));
            for c in s
                .clinicians
                .iter()
                .filter(|c| o.session.clinicians.contains(c))
            {
                let name = p
                    .staff
                    .get(c)
                    .map(|x| x.name.as_str())
                    .unwrap_or("A clinician");
                out.push(
                    Violation::new(
                        RuleKind::StaffDoubleBooked,
                        format!("{name} leads {what} and {other} at the same time."),
                        "Move one of the sessions, or choose another clinician.".into(),
                    )
                    .with_client(&s.client)
                    .with_client(&o.session.client)
                    .with_staff(c),
                );
            }
            if let (Some(r), Place::Room { room: r2 }) = (room, &o.session.place)
                && r == r2
            {
                let name = p
                    .rooms
                    .get(r)
                    .map(|x| x.name.as_str())
                    .unwrap_or("The room");
                out.push(
                    Violation::new(
                        RuleKind::RoomDoubleBooked,
                        format!("{name} is booked for {what} and {other} at the same time."),
                        "Choose another room for one of them, or move one.".into(),
                    )
                    .with_client(&s.client)
                    .with_client(&o.session.client)
                    .with_room(r),
                );
            }
            for f in s.family.iter().filter(|f| o.session.family.contains(f)) {
                let name = p
                    .family_members
                    .get(f)
                    .map(|m| m.name.as_str())
                    .unwrap_or("A family member");
                out.push(
                    Violation::new(
                        RuleKind::FamilyMemberClash,
                        format!("{name} is in {what} and {other} at the same time."),
                        "Move one of the sessions.".into(),
                    )
                    .with_client(&s.client)
                    .with_client(&o.session.client),
                );
            }
        }
        if !touches_scope {
            continue;
        }
        // Availability and room size (soft).
        for c in &s.clinicians {
            if let Some(staff) = p.staff.get(c)
                && !staff.availability.is_empty()
                && !staff.availability.iter().any(|a| {
                    a.weekday == b.at.date.weekday()
                        && a.from <= b.at.start
                        && b.at.end() <= a.until
                })
            {
                out.push(
                    Violation::new(
                        RuleKind::StaffUnavailable,
                        format!(
                            "{} leads {what}, outside their recorded availability.",
                            staff.name
                        ),
                        "Move the family session into their hours, or choose another clinician."
                            .into(),
                    )
                    .with_client(&s.client)
                    .with_staff(c),
                );
            }
        }
        for f in &s.family {
            if let Some(m) = p.family_members.get(f)
                && !m.available(b.at.date, b.at.start, b.at.end())
            {
                out.push(
                    Violation::new(
                        RuleKind::FamilyUnavailable,
                        format!("{} said they cannot come to {what}.", m.name),
                        format!("Check with {} or find another time (the slot finder lists times that fit).", m.name),
                    )
                    .with_client(&s.client),
                );
            }
        }
        if let Some(r) = room.and_then(|r| p.rooms.get(r)) {
            let people = 1 + s.family.len() + s.clinicians.len();
            if matches!(r.location, crate::domain::Location::InPerson) && people as u32 > r.capacity
            {
                out.push(
                    Violation::new(
                        RuleKind::RoomTooSmall,
                        format!(
                            "{} holds {} people, but {what} has {people}.",
                            r.name, r.capacity
                        ),
                        "Choose a larger room for the family session.".into(),
                    )
                    .with_client(&s.client)
                    .with_room(&r.id),
                );
            }
        }
    }
}
