//! Curriculum plans as roster-style changes: assigning a curriculum to a group, regenerating its
//! sessions after the group's dates change, and removing the plan. Each returns the [`Change`]
//! to store (one transaction) and the plain-words report of what moved.

use chrono::NaiveDate;

use super::dates::human_date;
use super::programme::Programme;
use super::roster::{Change, Record, RecordRef, plural};
use super::session::{self, Plan, Session};

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
    let mut put: Vec<Record> = regen.put.into_iter().map(Record::Session).collect();
    if p.plans.get(&plan.group) != Some(plan) {
        put.push(Record::Plan(plan.clone()));
    }
    Ok(Outcome {
        change: Change {
            // Sessions are keyed by meeting slot: put, so that a second tab generating the same
            // slots converges instead of failing.
            insert: Vec::new(),
            put: regen
                .insert
                .into_iter()
                .map(Record::Session)
                .chain(put)
                .collect(),
            delete: regen.delete.into_iter().map(RecordRef::Session).collect(),
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

/// Remove a group's plan and its upcoming sessions without attendance.
pub fn unassign(p: &Programme, group: &str, today: NaiveDate) -> Result<(Change, usize), String> {
    if !p.plans.contains_key(group) {
        return Err("This group has no curriculum assigned.".into());
    }
    let existing = p.sessions_of(group);
    let gone = session::unassign(&existing, today);
    let n = gone.len();
    let mut delete: Vec<RecordRef> = gone.into_iter().map(RecordRef::Session).collect();
    delete.push(RecordRef::Plan(group.to_string()));
    Ok((
        Change {
            delete,
            ..Change::default()
        },
        n,
    ))
}
