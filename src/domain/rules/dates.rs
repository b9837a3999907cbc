//! Membership dates: archived records, the client's admission window, the group's dates and its admission rule.

use super::*;

pub(super) fn membership_dates(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for m in &ix.current {
        if !scope.touches(&m.client, &m.group) {
            continue;
        }
        match (p.clients.get(&m.client), p.groups.get(&m.group)) {
            (Some(client), Some(group)) => {
                for problem in date_problems(client, group, m.join, m.leave, Some(ix.date)) {
                    out.push(
                        Violation::from_problem(problem)
                            .with_client(&m.client)
                            .with_group(&m.group),
                    );
                }
            }
            (None, _) => {
                let message = format!(
                    "A membership of {} from {} belongs to a client who no longer exists.",
                    p.group_name(&m.group),
                    human_date(m.join)
                );
                out.push(
                    Violation::new(
                        RuleKind::UnknownReference,
                        message,
                        "Remove the membership.".into(),
                    )
                    .with_client(&m.client)
                    .with_group(&m.group),
                );
            }
            (Some(client), None) => {
                let name = client.display_name();
                let message = format!(
                    "{name} has a membership from {} in a group that no longer exists.",
                    human_date(m.join)
                );
                let fix = format!("Remove the membership, and add {name} to another group.");
                out.push(
                    Violation::new(RuleKind::UnknownReference, message, fix)
                        .with_client(&m.client)
                        .with_group(&m.group),
                );
            }
        }
    }
}

/// The date problems of a membership `[join, leave)`: archived records, the client's window,
/// the group's dates and its admission rule. With `on`, the wording speaks about that date and
/// a membership still running past the expected discharge is reported too.
pub(super) fn date_problems(
    client: &Client,
    group: &Group,
    join: NaiveDate,
    leave: Option<NaiveDate>,
    on: Option<NaiveDate>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let name = client.display_name();
    let g = &group.name;
    let active_on = on.filter(|d| join <= *d && leave.is_none_or(|l| *d < l));
    let day_after = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);

    if client.archived {
        let (message, fix) = match (on, active_on) {
            (_, Some(d)) => (
                format!("{name} is archived but still in {g} on {}.", human_date(d)),
                format!("End {name}'s membership in {g}."),
            ),
            (Some(_), None) => (
                format!(
                    "{name} is archived but due to join {g} on {}.",
                    human_date(join)
                ),
                format!("Remove {name}'s planned membership in {g}."),
            ),
            (None, None) => (
                format!("{name} is archived."),
                format!("Restore {name} before adding them to a group."),
            ),
        };
        out.push(problem(RuleKind::OutsideAdmission, message, fix));
    } else {
        let admitted = client.admission_date;
        if join < admitted {
            out.push(problem(
                RuleKind::OutsideAdmission,
                format!(
                    "{name} joins {g} on {}, before their admission on {}.",
                    human_date(join),
                    human_date(admitted)
                ),
                format!(
                    "Change the join date to {} or later, or correct the admission date.",
                    human_date(admitted)
                ),
            ));
        }
        if let Some(discharge) = client.expected_discharge {
            let update = "or update the expected discharge";
            if join > discharge {
                out.push(problem(
                    RuleKind::OutsideAdmission,
                    format!(
                        "{name} joins {g} on {}, after their expected discharge on {}.",
                        human_date(join),
                        human_date(discharge)
                    ),
                    format!("Remove this membership, {update}."),
                ));
            } else if let Some(l) = leave
                && l > day_after(discharge)
            {
                out.push(problem(
                    RuleKind::OutsideAdmission,
                    format!(
                        "{name} is due to leave {g} on {}, after their expected discharge on {}.",
                        human_date(l),
                        human_date(discharge)
                    ),
                    format!(
                        "Set the leave date to {} or earlier, {update}.",
                        human_date(day_after(discharge))
                    ),
                ));
            } else if let Some(d) = active_on
                && d > discharge
            {
                out.push(problem(
                    RuleKind::OutsideAdmission,
                    format!(
                        "{name} is still in {g} on {}, after their expected discharge on {}.",
                        human_date(d),
                        human_date(discharge)
                    ),
                    format!("End {name}'s membership in {g}, {update}."),
                ));
            }
        }
    }

    if group.archived {
        let (message, fix) = match (on, active_on) {
            (_, Some(d)) => (
                format!(
                    "{g} is archived but {name} is still a member on {}.",
                    human_date(d)
                ),
                format!("End {name}'s membership in {g}, or restore the group."),
            ),
            (Some(_), None) => (
                format!(
                    "{g} is archived but {name} is due to join it on {}.",
                    human_date(join)
                ),
                format!("Remove {name}'s planned membership, or restore the group."),
            ),
            (None, None) => (
                format!("{g} is archived."),
                "Choose another group, or restore this one.".into(),
            ),
        };
        out.push(problem(RuleKind::OutsideGroupDates, message, fix));
        return out;
    }
    // An open-ended membership simply stops with its group, so only explicit dates outside
    // the group's range are problems.
    if join < group.start {
        out.push(problem(
            RuleKind::OutsideGroupDates,
            format!(
                "{name} joins {g} on {}, before the group starts on {}.",
                human_date(join),
                human_date(group.start)
            ),
            format!(
                "Change the join date to {} or later.",
                human_date(group.start)
            ),
        ));
    }
    if let Some(end) = group.end {
        if join > end {
            out.push(problem(
                RuleKind::OutsideGroupDates,
                format!(
                    "{name} joins {g} on {}, after the group ends on {}.",
                    human_date(join),
                    human_date(end)
                ),
                format!("Choose another group for {name}, or extend {g}."),
            ));
        } else if let Some(l) = leave
            && l > day_after(end)
        {
            out.push(problem(
                RuleKind::OutsideGroupDates,
                format!(
                    "{name} is due to leave {g} on {}, after the group ends on {}.",
                    human_date(l),
                    human_date(end)
                ),
                format!(
                    "Set the leave date to {} or earlier, or extend {g}.",
                    human_date(day_after(end))
                ),
            ));
        }
    }
    if group.end.is_none_or(|end| join <= end) && !group.admits_on(join) {
        let (rule, fix) = match group.admission {
            AdmissionRule::Closed => (
                format!(
                    "{g} is a closed group: new members join only at its start on {}.",
                    human_date(group.start)
                ),
                format!("Choose an open group for {name}."),
            ),
            AdmissionRule::ModuleBoundaries { every_weeks } => (
                format!(
                    "{g} takes new members only in the first week of each {every_weeks}-week module."
                ),
                match group.next_admission(join) {
                    Some(next) => format!(
                        "Change the join date to {}, when the next module starts.",
                        human_date(next)
                    ),
                    None => {
                        format!("Choose another group for {name}: {g} has no module start left.")
                    }
                },
            ),
            // Open groups admit on any day, so this arm is never reached.
            AdmissionRule::Open => (String::new(), String::new()),
        };
        out.push(problem(
            RuleKind::AdmissionRule,
            format!("{name} joins {g} on {}. {rule}", human_date(join)),
            fix,
        ));
    }
    out
}
