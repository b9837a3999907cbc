//! References and resources: removed or archived staff and rooms, rooms too small, facilitators outside their availability.

use super::*;

pub(super) fn group_references(
    p: &Programme,
    date: NaiveDate,
    scope: Scope,
    out: &mut Vec<Violation>,
) {
    for g in p.groups.values() {
        if g.archived || g.end.is_some_and(|end| end < date) || !scope.group(&g.id) {
            continue;
        }
        let missing = |message: String, fix: String| {
            Violation::new(RuleKind::UnknownReference, message, fix).with_group(&g.id)
        };
        if let Some(lead) = &g.lead
            && !p.staff.contains_key(lead)
        {
            out.push(
                missing(
                    format!("{}'s lead facilitator no longer exists.", g.name),
                    format!("Choose a lead facilitator for {}.", g.name),
                )
                .with_staff(lead),
            );
        }
        for co in g
            .co_facilitators
            .iter()
            .filter(|s| !p.staff.contains_key(*s))
        {
            out.push(
                missing(
                    format!("{} lists a co-facilitator who no longer exists.", g.name),
                    format!(
                        "Remove the co-facilitator from {}, or choose another.",
                        g.name
                    ),
                )
                .with_staff(co),
            );
        }
        if let Some(room) = &g.room
            && !p.rooms.contains_key(room)
        {
            out.push(
                missing(
                    format!("{}'s room no longer exists.", g.name),
                    format!("Choose a room for {}.", g.name),
                )
                .with_room(room),
            );
        }
    }
}

/// Rooms holding fewer people than their group has members on the date, and facilitators whose
/// groups meet outside the availability recorded for them.
pub(super) fn rooms_and_availability(
    p: &Programme,
    ix: &Index,
    date: NaiveDate,
    scope: Scope,
    out: &mut Vec<Violation>,
) {
    for g in p
        .groups
        .values()
        .filter(|g| runs(g, date) && scope.group(&g.id))
    {
        if let Some(room) = g.room.as_deref().and_then(|r| p.rooms.get(r)) {
            let members = ix.headcount(&g.id);
            if members as u32 > room.capacity {
                out.push(
                    Violation::new(
                        RuleKind::RoomTooSmall,
                        format!(
                            "{} holds {} people, but {} has {} on {}.",
                            room.name,
                            room.capacity,
                            g.name,
                            members_words(members),
                            human_date(date)
                        ),
                        format!("Move {} to a larger room, or lower its maximum.", g.name),
                    )
                    .with_group(&g.id)
                    .with_room(&room.id),
                );
            }
        }
        let facilitators: BTreeSet<&str> = g
            .lead
            .iter()
            .chain(&g.co_facilitators)
            .map(String::as_str)
            .collect();
        for staff in facilitators.into_iter().filter_map(|s| p.staff.get(s)) {
            if staff.archived || staff.availability.is_empty() {
                continue;
            }
            let outside = g.pattern.meetings.iter().find(|m| {
                !staff
                    .availability
                    .iter()
                    .any(|a| a.weekday == m.weekday && a.from <= m.start && m.end() <= a.until)
            });
            if let Some(m) = outside {
                out.push(
                    Violation::new(
                        RuleKind::StaffUnavailable,
                        format!(
                            "{} facilitates {} on {} {}, outside their recorded availability.",
                            staff.name,
                            g.name,
                            day_name(m.weekday),
                            times(m)
                        ),
                        format!(
                            "Choose another facilitator for {}, or update {}'s availability on the Staff page.",
                            g.name, staff.name
                        ),
                    )
                    .with_group(&g.id)
                    .with_staff(&staff.id),
                );
            }
        }
    }
}
