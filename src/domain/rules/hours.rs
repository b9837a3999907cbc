//! Weekly hours: a client's planned group hours against their level of care's range.

use super::*;

pub(super) fn weekly_hours(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    let monday = crate::domain::dates::week_start(ix.date);
    let next_monday = monday.checked_add_days(Days::new(7));
    let clients: Vec<&Client> = match scope {
        // Same test as `clients_active_on`, without walking every client for one of them.
        Scope::Client(id) => p
            .clients
            .get(id)
            .filter(|c| {
                !c.archived
                    && c.admission_date <= ix.date
                    && c.expected_discharge.is_none_or(|d| ix.date <= d)
            })
            .into_iter()
            .collect(),
        _ => p.clients_active_on(ix.date).collect(),
    };
    // Family sessions that week count too, unless the programme's settings say otherwise.
    let mut family_minutes: BTreeMap<&ClientId, u32> = BTreeMap::new();
    if p.settings.family_sessions_count {
        let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
        for s in p.family_sessions.values() {
            let minutes: u32 = s
                .occurrences(monday, sunday)
                .iter()
                .map(|o| u32::from(o.minutes))
                .sum();
            *family_minutes.entry(&s.client).or_default() += minutes;
        }
    }
    for client in clients {
        let groups: Vec<&Group> = ix
            .active_groups
            .get(&client.id)
            .into_iter()
            .flatten()
            .copied()
            .filter(|g| !g.archived && g.runs_during(monday, next_monday))
            .collect();
        let minutes = planned_weekly_minutes(groups.iter().copied())
            + family_minutes.get(&client.id).copied().unwrap_or(0);
        let range = p.settings.hours_for(client.level_of_care, client.age_band);
        let Some(problem) = range.check(minutes) else {
            continue;
        };
        let name = client.display_name();
        let message = format!(
            "{name} ({}, {}) in the week of {}: {problem}",
            client.level_of_care.short(),
            client.age_band.label().to_lowercase(),
            human_date(monday)
        );
        let below = range.min_minutes.is_some_and(|min| minutes < min);
        let fix = if below && groups.is_empty() {
            format!(
                "Add {name} to a group (auto-assign can propose one), or review the level of care."
            )
        } else if below {
            format!("Add {name} to another group that fits, or review the level of care.")
        } else {
            format!("Take {name} out of a group, or review the level of care.")
        };
        out.push(Violation::new(RuleKind::HoursOutOfRange, message, fix).with_client(&client.id));
    }
}
