//! Family involvement: consents to share that end soon, and adolescents without a legal
//! guardian on record.

use super::*;
use crate::domain::families::consent::{ConsentState, EXPIRING_WITHIN_DAYS};

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
    for client in p.clients_active_on(date).filter(|c| in_scope(&c.id)) {
        let name = client.display_name();
        let family: Vec<_> = p
            .family_members
            .values()
            .filter(|m| !m.archived && m.support_of(&client.id).is_some())
            .collect();
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
            let last_day = p
                .consents
                .values()
                .filter(|c| c.client == client.id && c.recipient == m.id)
                .filter_map(|c| match c.state_on(date) {
                    ConsentState::Active(until) => Some(until),
                    _ => None,
                })
                .max();
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
