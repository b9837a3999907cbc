//! Time clashes: a client in two groups at once, a facilitator or room double-booked.

use super::*;
use crate::domain::sorting;

pub(super) fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

pub(super) fn times(m: &Meeting) -> String {
    // Plain digits rather than chrono's formatter, which parses its pattern on every call.
    let clock = crate::domain::dates::clock;
    format!("{}-{}", clock(m.start), clock(m.end()))
}

/// "A and B, which overlap on Monday (09:00-12:00 and 11:00-12:00)".
pub(super) fn overlap_words(a: &Group, b: &Group, ma: &Meeting, mb: &Meeting) -> String {
    format!(
        "{} and {}, which overlap on {} ({} and {})",
        a.name,
        b.name,
        day_name(ma.weekday),
        times(ma),
        times(mb)
    )
}

pub(super) fn client_clashes(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for (client, groups) in &ix.live_groups {
        if let Scope::Client(c) = scope
            && c != *client
        {
            continue;
        }
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                let Some((ma, mb)) = a.pattern.clash_with(&b.pattern) else {
                    continue;
                };
                let name = p.client_name(client);
                let message = format!("{name} is in {}.", overlap_words(a, b, &ma, &mb));
                let fix =
                    format!("Take {name} out of one of them, or move one group's meeting time.");
                out.push(
                    Violation::new(RuleKind::ClientTimeClash, message, fix)
                        .with_client(client)
                        .with_group(&a.id)
                        .with_group(&b.id),
                );
            }
        }
    }
}

pub(super) fn double_bookings(
    p: &Programme,
    date: NaiveDate,
    scope: Scope,
    out: &mut Vec<Violation>,
) {
    let mut by_staff: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    let mut by_room: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    let mut running: Vec<&Group> = p.groups.values().filter(|g| runs(g, date)).collect();
    // By name, so messages list the groups in reading order.
    sorting::sort_by(&mut running, |a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    for g in running {
        let staff: BTreeSet<&str> = g
            .lead
            .iter()
            .chain(&g.co_facilitators)
            .map(String::as_str)
            .collect();
        for s in staff {
            by_staff.entry(s).or_default().push(g);
        }
        if let Some(room) = &g.room {
            by_room.entry(room).or_default().push(g);
        }
    }
    let pairs = |groups: &[&'_ Group]| {
        let mut found = Vec::new();
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                if !(scope.group(&a.id) || scope.group(&b.id)) {
                    continue;
                }
                if let Some((ma, mb)) = a.pattern.clash_with(&b.pattern) {
                    found.push((a.id.clone(), b.id.clone(), overlap_words(a, b, &ma, &mb)));
                }
            }
        }
        found
    };
    for (staff, groups) in &by_staff {
        for (a, b, words) in pairs(groups) {
            let message = format!("{} facilitates {words}.", p.staff_name(staff));
            let fix = "Give one of the groups another facilitator, or move its meeting time.";
            out.push(
                Violation::new(RuleKind::StaffDoubleBooked, message, fix.into())
                    .with_staff(staff)
                    .with_group(&a)
                    .with_group(&b),
            );
        }
    }
    for (room, groups) in &by_room {
        for (a, b, words) in pairs(groups) {
            let message = format!("{} is booked for {words}.", p.room_name(room));
            let fix = "Move one of the groups to another room or time.";
            out.push(
                Violation::new(RuleKind::RoomDoubleBooked, message, fix.into())
                    .with_room(room)
                    .with_group(&a)
                    .with_group(&b),
            );
        }
    }
}
