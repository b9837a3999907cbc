//! Curriculum plans as roster-style changes: assigning a curriculum to a group, regenerating its
//! sessions after the group's dates change, and removing the plan. Each returns the [`Change`]
//! to store (one transaction) and the plain-words report of what moved.

use chrono::NaiveDate;

use crate::domain::dates::human_date;
use crate::domain::programme::Programme;
use crate::domain::record::{Change, Kind, Record, RecordRef};
use crate::domain::sessions::session::{self, Plan, Session};
use crate::domain::text::plural;

/// What a plan change stores and tells the person.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub change: Change,
    pub report: Vec<String>,
}

/// The generated-and-merged sessions of `plan` (which need not be stored yet).
fn outcome_for(p: &Programme, plan: &Plan, today: NaiveDate) -> Result<Outcome, String> {
    let group = p
        .groups
        .get(&plan.group)
        .ok_or("This group no longer exists. Reload the page.")?;
    let curriculum = p
        .curricula
        .get(&plan.curriculum)
        .ok_or("Choose a curriculum that exists.")?;
    if curriculum.is_empty() {
        return Err(format!(
            "{} has no sessions yet: add units to it first.",
            curriculum.name
        ));
    }
    if group.pattern.meetings.is_empty() {
        return Err(format!(
            "{} has no meeting times, so there is nothing to plan. Add them under Group details.",
            group.name
        ));
    }
    if group.end.is_some_and(|end| plan.start > end) {
        return Err(format!(
            "The first session must be on or before the group's end date ({}).",
            human_date(group.end.unwrap_or(plan.start))
        ));
    }
    let until = session::generation_end(curriculum, group, today);
    let generated = session::generate(plan, curriculum, group, until);
    let existing: Vec<&Session> = p.sessions_of(&plan.group);
    let regen = session::regenerate(&existing, generated.sessions, today, |t| p.topic_title(t));
    let mut report = regen.report;
    if !generated.unplaced.is_empty() {
        report.push(format!(
            "{} of {} did not fit before the group ends.",
            plural(generated.unplaced.len(), "session", "sessions"),
            curriculum.name
        ));
    }
    // New sessions are put, not inserted: ids are derived from meeting slots, so a second tab
    // generating the same slots converges instead of failing.
    let mut put: Vec<Record> = regen
        .insert
        .into_iter()
        .chain(regen.put)
        .map(Record::Session)
        .collect();
    if p.plans.get(&plan.group) != Some(plan) {
        put.push(Record::Plan(plan.clone()));
    }
    Ok(Outcome {
        change: Change {
            put,
            delete: regen
                .delete
                .into_iter()
                .map(|id| RecordRef::new(Kind::Session, id))
                .collect(),
            ..Change::default()
        },
        report,
    })
}

/// Assign (or re-assign) a curriculum to a group and (re)generate its sessions; hand changes,
/// past sessions and sessions with attendance are kept.
pub fn assign(p: &Programme, plan: Plan, today: NaiveDate) -> Result<Outcome, String> {
    if plan.id != plan.group {
        return Err("A plan belongs to exactly one group.".into());
    }
    outcome_for(p, &plan, today)
}

/// Regenerate the sessions of a group's current plan.
pub fn regenerate(p: &Programme, group: &str, today: NaiveDate) -> Result<Outcome, String> {
    let plan = p
        .plans
        .get(group)
        .ok_or("This group has no curriculum assigned.")?;
    outcome_for(p, plan, today)
}

/// Remove a group's plan: its upcoming sessions without attendance lose their planned topic
/// (see [`session::unassign`]: a person's changes stay, as free sessions). Returns the change and
/// how many upcoming sessions it touches.
pub fn unassign(p: &Programme, group: &str, today: NaiveDate) -> Result<(Change, usize), String> {
    if !p.plans.contains_key(group) {
        return Err("This group has no curriculum assigned.".into());
    }
    let existing = p.sessions_of(group);
    let gone = session::unassign(&existing, today);
    let n = gone.delete.len() + gone.freed.len();
    let mut delete: Vec<RecordRef> = gone
        .delete
        .into_iter()
        .map(|id| RecordRef::new(Kind::Session, id))
        .collect();
    delete.push(RecordRef::new(Kind::Plan, group));
    Ok((
        Change {
            put: gone.freed.into_iter().map(Record::Session).collect(),
            delete,
            ..Change::default()
        },
        n,
    ))
}

/// Rolling plans are generated a fixed number of weeks ahead; as days pass, the new weeks at the
/// end are added. This is that top-up for every plan: only sessions after a group's last stored
/// session, nothing changed or removed. Empty when every plan is up to date.
pub fn top_up(p: &Programme, today: NaiveDate) -> Change {
    let mut put = Vec::new();
    for plan in p.plans.values() {
        let Ok(outcome) = outcome_for(p, plan, today) else {
            continue;
        };
        put.extend(horizon_additions(p, &plan.group, outcome.change));
    }
    Change {
        put,
        ..Change::default()
    }
}

/// What regenerating a group's plan would change besides adding sessions past the last stored
/// one (the top-up): `None` when nothing else would change.
pub fn drift(p: &Programme, group: &str, today: NaiveDate) -> Option<Vec<String>> {
    let outcome = regenerate(p, group, today).ok()?;
    let additions = horizon_additions(p, group, outcome.change.clone()).len();
    let total = outcome.change.put.len() + outcome.change.delete.len();
    (total > additions).then_some(outcome.report)
}

/// The new sessions of `change` dated after the last stored session of `group` (all of them
/// when the group has none).
fn horizon_additions(p: &Programme, group: &str, change: Change) -> Vec<Record> {
    let last = p.sessions_of(group).last().map(|s| s.date);
    change
        .put
        .into_iter()
        .filter(|r| match r {
            Record::Session(s) => {
                !p.sessions.contains_key(&s.id) && last.is_some_and(|last| s.date > last)
            }
            _ => false,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{SampleParams, generate};
    use chrono::Days;

    #[test]
    fn rolling_plans_are_topped_up_as_days_pass_without_other_changes() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut p = generate(&SampleParams::demo(), today, "t-");
        assert!(top_up(&p, today).is_empty(), "freshly generated");
        for group in p.plans.keys() {
            assert_eq!(drift(&p, group, today), None);
        }
        let later = today + Days::new(14);
        let change = top_up(&p, later);
        assert!(!change.put.is_empty());
        let last_before: std::collections::BTreeMap<String, NaiveDate> = p
            .plans
            .keys()
            .filter_map(|g| Some((g.clone(), p.sessions_of(g).last()?.date)))
            .collect();
        for r in &change.put {
            let Record::Session(s) = r else {
                panic!("only sessions are added")
            };
            assert!(s.date > last_before[&s.group]);
        }
        // Only the new weeks are pending, so the group pages show no "changed" notice.
        for group in p.plans.keys() {
            assert_eq!(drift(&p, group, later), None, "{group}");
        }
        p.apply(&change);
        assert!(top_up(&p, later).is_empty());
        // A new holiday is a real change: it is reported, not topped up silently.
        let group = p.plans.keys().next().unwrap().clone();
        let next = p
            .sessions_of(&group)
            .into_iter()
            .find(|s| s.date > later)
            .unwrap()
            .date;
        p.groups.get_mut(&group).unwrap().cancelled.push(next);
        assert!(drift(&p, &group, later).is_some());
    }
}
