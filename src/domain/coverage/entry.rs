//! The entry rule: warnings when a membership joins a group's curriculum where it does not take
//! newcomers (after a closed curriculum began, or mid-module).

use crate::domain::coverage::index::SessionIndex;
use crate::domain::coverage::states::{current_and_upcoming, curriculum_of};
use crate::domain::dates::human_date;
use crate::domain::library::curriculum::{CurriculumKind, EntryRule};
use crate::domain::programme::Programme;
use crate::domain::roster::membership::Membership;
use crate::domain::sessions::session::Session;
use chrono::NaiveDate;

/// Whether the session carries a unit of this curriculum.
fn carries(s: &Session, curriculum: &str) -> bool {
    s.unit.as_ref().is_some_and(|u| u.curriculum == curriculum)
}

/// A warning when a membership enters its group's curriculum where the curriculum does not
/// take newcomers: after a closed curriculum began, or mid-module where entry is at module
/// starts. `None` when the entry is fine or the group has no plan.
pub fn entry_warning(p: &Programme, idx: &SessionIndex, membership: &Membership) -> Option<String> {
    let (plan, curriculum) = curriculum_of(p, &membership.group)?;
    let held = idx.entries(&membership.group);
    let group = p.group_name(&membership.group);
    let join = membership.join;
    match (curriculum.kind, curriculum.entry) {
        (CurriculumKind::Closed, _) => {
            let began = idx
                .sessions(p, held)
                .find(|s| s.date >= plan.start && carries(s, &curriculum.id))
                .map_or(plan.start, |s| s.date);
            if join <= began {
                return None;
            }
            let mut delivered: Vec<&str> = Vec::new();
            for s in idx.sessions(p, idx.entries_between(&membership.group, began, Some(join))) {
                for t in s.delivers() {
                    if carries(s, &curriculum.id) && !delivered.contains(&t) {
                        delivered.push(t);
                    }
                }
            }
            let head = format!(
                "Joins {group} after its closed curriculum began on {}",
                human_date(began)
            );
            Some(match delivered.len() {
                0 => format!("{head}."),
                1 => format!("{head}: 1 topic already delivered will be missed."),
                n => format!("{head}: {n} topics already delivered will be missed."),
            })
        }
        (CurriculumKind::Rolling, EntryRule::ModuleStart) => {
            let held = idx
                .sessions(
                    p,
                    idx.entries_between(&membership.group, join, membership.leave),
                )
                .filter(|s| !s.cancelled && carries(s, &curriculum.id));
            let mut held = held.filter_map(|s| s.unit.as_ref().map(|u| (s, u)));
            let (first, unit) = held.next()?;
            if unit.module_start {
                return None;
            }
            let module = curriculum
                .modules
                .iter()
                .find(|m| m.units.iter().any(|u| u.id == unit.unit))
                .map(|m| format!(" ({})", m.name))
                .unwrap_or_default();
            // The next module start may fall after the membership ends; it is still the date to
            // suggest, so look past the leave date.
            let next = idx
                .sessions(p, idx.entries_between(&membership.group, first.date, None))
                .find(|s| {
                    s.date > first.date
                        && !s.cancelled
                        && carries(s, &curriculum.id)
                        && s.unit.as_ref().is_some_and(|u| u.module_start)
                });
            let tail = match next {
                Some(s) => format!("the next module starts on {}.", human_date(s.date)),
                None => "no later module start is scheduled yet.".to_string(),
            };
            Some(format!(
                "Joins {group} on {} in the middle of a module{module}; {tail}",
                human_date(join)
            ))
        }
        (CurriculumKind::Rolling, EntryRule::AnySession) => None,
    }
}

/// Entry warnings of a group's memberships active on `today` or starting later, by join date:
/// `(membership id, warning)`.
pub fn entry_warnings(
    p: &Programme,
    idx: &SessionIndex,
    group: &str,
    today: NaiveDate,
) -> Vec<(String, String)> {
    current_and_upcoming(p, group, today)
        .into_iter()
        .filter_map(|m| entry_warning(p, idx, m).map(|w| (m.id.clone(), w)))
        .collect()
}
