//! What restoring a backup would do, both ways: "Replace everything" (this browser holds what
//! the backup holds, except that no disclosure entry or consent is ever removed) and "Merge"
//! (add what is only in the backup; of a record that differs, keep every change made on
//! either side since the two copies parted, field by field, through the records' edit
//! histories, see [`crate::domain::record::edits`]). A field changed on both sides is a
//! conflict with both values: Merge keeps this browser's unless the person chose the backup's.
//!
//! Records stored inside others (sessions, inside months) are compared and merged one by one,
//! so two facilitators' changes to different sessions of one month never meet.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::domain::record::edits::{self, Edits, FieldConflict};
use crate::domain::record::{KINDS, KindOps};
use crate::domain::{Change, Kind, Programme, Record, RecordRef};

/// What restoring would do to one kind of record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindCounts {
    /// In the backup, not here.
    pub add: usize,
    /// Here and in the backup, different.
    pub change: usize,
    /// Here, not in the backup ("Replace everything" removes them; "Merge" keeps them).
    pub remove: usize,
    /// The same in both.
    pub same: usize,
}

/// The conflicting fields whose backup value the person chose, by record and field; every
/// other conflict keeps this browser's value.
pub type Choices = BTreeSet<(RecordRef, String)>;

/// A record both here and in the backup, different, and what "Merge" does with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub record: RecordRef,
    /// A name for people (the record's name or title, a session's group and date).
    pub name: String,
    /// Fields Merge takes from the backup: changed there since the copies parted, not here.
    pub from_backup: Vec<String>,
    /// Fields changed on both sides since the copies parted, with both values.
    pub conflicts: Vec<FieldConflict>,
    /// Why Merge keeps this browser's copy of the record as it is, when it does.
    pub kept_whole: Option<String>,
}

impl Difference {
    /// Whether the backup's version of `field` is taken under `choices`.
    pub fn takes(&self, choices: &Choices, field: &str) -> bool {
        choices.contains(&(self.record.clone(), field.to_string()))
    }

    /// The choice that takes the backup's value of `field`.
    pub fn choice(&self, field: &str) -> (RecordRef, String) {
        (self.record.clone(), field.to_string())
    }
}

/// What restoring a backup would do, both ways.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    pub counts: BTreeMap<Kind, KindCounts>,
    /// Records that differ, each with what Merge does with it.
    pub differences: Vec<Difference>,
    /// Records here that could not be read: neither way touches them.
    pub damaged: Vec<(Kind, String)>,
    /// "Replace everything": the backup's records, nothing else (damaged ones aside), except
    /// what the disclosure accounting needs (see [`Comparison::kept`]).
    pub replace: Change,
    /// What "Replace everything" keeps although the backup lacks it, by kind: every disclosure
    /// entry and consent here (42 CFR 2.25 asks for an accounting of disclosures, and a consent,
    /// revoked or not, is what each entry rests on), a revocation the backup's copy lacks, and
    /// the clients and family members they name, kept archived.
    pub kept: BTreeMap<Kind, usize>,
    /// "Merge": records only in the backup, and each record that differs merged field by field.
    pub merge: Change,
}

impl Comparison {
    /// Whether the backup holds exactly what is here.
    pub fn identical(&self) -> bool {
        self.counts
            .values()
            .all(|c| c.add == 0 && c.change == 0 && c.remove == 0)
    }

    /// How many records "Replace everything" removes.
    pub fn replace_removes(&self) -> usize {
        self.replace.delete.len()
    }

    /// How many fields were changed on both sides (each a choice for the person).
    pub fn conflict_count(&self) -> usize {
        self.differences.iter().map(|d| d.conflicts.len()).sum()
    }

    /// What "Merge" did or will do, in words (`choices`: the conflicts resolved the backup's way).
    pub fn merge_text(&self, choices: &Choices) -> String {
        let add: usize = self.counts.values().map(|k| k.add).sum();
        let updated = self
            .differences
            .iter()
            .filter(|d| {
                d.kept_whole.is_none()
                    && (!d.from_backup.is_empty()
                        || d.conflicts.iter().any(|c| d.takes(choices, &c.field)))
            })
            .count();
        let kept = self.differences.len() - updated;
        let conflicts = self.conflict_count();
        let taken: usize = self
            .differences
            .iter()
            .map(|d| {
                d.conflicts
                    .iter()
                    .filter(|c| d.takes(choices, &c.field))
                    .count()
            })
            .sum();
        let mut text = format!(
            "{add} {} added from the backup, {updated} updated with changes made in the backup, {kept} kept as {} here",
            records(add),
            if kept == 1 { "it is" } else { "they are" }
        );
        if conflicts > 0 {
            text.push_str(&format!(
                "; of {conflicts} {} changed on both sides, {taken} take the backup's value and {} keep this browser's",
                if conflicts == 1 { "field" } else { "fields" },
                conflicts - taken
            ));
        }
        text.push('.');
        text
    }

    /// What "Replace everything" keeps that the backup lacks, in words, if anything.
    pub fn kept_text(&self) -> Option<String> {
        let n = |kind: Kind| self.kept.get(&kind).copied().unwrap_or(0);
        let (disclosures, consents) = (n(Kind::Disclosure), n(Kind::Consent));
        if disclosures + consents == 0 {
            return None;
        }
        let count =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut text = format!(
            "Replace everything keeps {} and {} that the backup lacks, because the law requires a programme to keep an account of every disclosure and the consents it rests on (42 CFR 2.25); no restore removes them.",
            count(disclosures, "disclosure entry", "disclosure entries"),
            count(consents, "consent", "consents"),
        );
        let people = [
            (n(Kind::Client), "client", "clients"),
            (n(Kind::FamilyMember), "family member", "family members"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| count(n, one, many))
        .collect::<Vec<_>>();
        if !people.is_empty() {
            text.push_str(&format!(
                " The {} they name, not in the backup, {} kept too, archived.",
                people.join(" and "),
                if people.len() == 1 && (n(Kind::Client) + n(Kind::FamilyMember)) == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        }
        Some(text)
    }
}

/// Whether "Replace everything" and "Merge" must keep this browser's consent over the backup's
/// copy: a revocation recorded here is never undone by a restore.
fn keeps_revocation(here: &Record, theirs: &Record) -> bool {
    match (here, theirs) {
        (Record::Consent(here), Record::Consent(theirs)) => {
            here.revoked.is_some() && here.revoked != theirs.revoked
        }
        _ => false,
    }
}

/// The records "Replace everything" keeps although the backup lacks them: every disclosure and
/// consent here, and what they refer to (a consent, the client, the family member and the
/// clients that member supports), so every reference still resolves.
fn kept_by_replace(here: &Programme, backup: &Programme) -> BTreeSet<(Kind, String)> {
    // Only these kinds are kept or referred to by what is kept.
    let records: BTreeMap<(Kind, String), Record> = [
        Kind::Disclosure,
        Kind::Consent,
        Kind::FamilyMember,
        Kind::Client,
    ]
    .into_iter()
    .flat_map(|kind| kind.ops().records(here))
    .map(|r| ((r.kind(), r.id().to_string()), r))
    .collect();
    let mut kept = BTreeSet::new();
    let mut todo: Vec<(Kind, String)> = records
        .keys()
        .filter(|(kind, id)| {
            matches!(kind, Kind::Disclosure | Kind::Consent) && !kind.ops().exists(backup, id)
        })
        .cloned()
        .collect();
    while let Some(key) = todo.pop() {
        if kept.contains(&key) {
            continue;
        }
        let Some(record) = records.get(&key) else {
            continue;
        };
        kept.insert(key);
        for (to, target) in record.refs() {
            // An attendance-style client reference may name a family member.
            let to = if to == Kind::Client && here.family_members.contains_key(target) {
                Kind::FamilyMember
            } else {
                to
            };
            if to.ops().exists(here, target)
                && !to.ops().exists(backup, target)
                && !kept.contains(&(to, target.to_string()))
            {
                todo.push((to, target.to_string()));
            }
        }
    }
    kept
}

/// A record kept by "Replace everything" only because a disclosure or consent names it: archived.
fn archived(record: Record) -> Option<Record> {
    match record {
        Record::Client(mut c) if !c.archived => {
            c.archived = true;
            Some(Record::Client(c))
        }
        Record::FamilyMember(mut m) if !m.archived => {
            m.archived = true;
            Some(Record::FamilyMember(m))
        }
        _ => None,
    }
}

fn records(n: usize) -> &'static str {
    if n == 1 { "record" } else { "records" }
}

/// Every record of `ops`' kind in `p`, by id (a kind held inside another, sessions, one by
/// one).
fn records_of(p: &Programme, ops: &dyn KindOps) -> BTreeMap<String, Record> {
    ops.kind()
        .every(p)
        .into_iter()
        .map(|r| (r.id().to_string(), r))
        .collect()
}

/// Compare what is here with a backup read by [`super::read`]. `choices` resolves the fields
/// changed on both sides (the rest keep this browser's value) and `actor` is this browser,
/// whose resolutions and replacements are stamped as its edits.
pub fn compare(here: &Programme, backup: &Programme, choices: &Choices, actor: &str) -> Comparison {
    let mut out = Comparison::default();
    for (store, key) in here.quarantine.keys() {
        if let Some(kind) = Kind::of_store(store) {
            out.damaged.push((kind, key.clone()));
        }
    }
    let kept = kept_by_replace(here, backup);
    // A record that cannot be read here, or that sits in a holder that cannot: left alone.
    let damaged = |kind: Kind, id: &str| {
        here.quarantined(kind, id).is_some()
            || kind
                .holder(id)
                .is_some_and(|(k, holder)| here.quarantined(k, holder).is_some())
    };
    for ops in KINDS {
        let kind = ops.kind();
        if kind.holds_others() {
            // Compared as the records they hold (months, as their sessions).
            continue;
        }
        let mine = records_of(here, *ops);
        let theirs = records_of(backup, *ops);
        let counts = out.counts.entry(kind).or_default();
        for (id, record) in &theirs {
            if damaged(kind, id) {
                continue;
            }
            let history = backup.edits(kind, id).cloned().unwrap_or_default();
            match mine.get(id) {
                None => {
                    counts.add += 1;
                    for change in [&mut out.replace, &mut out.merge] {
                        change.put.push(record.clone());
                        change.edits.push((kind, id.clone(), history.clone()));
                    }
                }
                Some(current) if current == record => counts.same += 1,
                Some(current) => {
                    counts.change += 1;
                    let here_history = here.edits(kind, id).cloned().unwrap_or_default();
                    let (Ok(mine_json), Ok(theirs_json)) = (current.to_json(), record.to_json())
                    else {
                        continue;
                    };
                    let keep_here = keeps_revocation(current, record);
                    if keep_here {
                        *out.kept.entry(kind).or_default() += 1;
                    } else {
                        out.replace.put.push(record.clone());
                        let replaced =
                            here_history.replaced(&history, &mine_json, &theirs_json, actor);
                        out.replace.edits.push((kind, id.clone(), replaced));
                    }
                    let mut difference = Difference {
                        record: RecordRef::new(kind, id.clone()),
                        name: display_name(here, current),
                        from_backup: Vec::new(),
                        conflicts: Vec::new(),
                        kept_whole: None,
                    };
                    let merged = edits::merge(
                        (&mine_json, &here_history),
                        (&theirs_json, &history),
                        |field| {
                            !(keep_here && field == REVOKED) && difference.takes(choices, field)
                        },
                        actor,
                    );
                    if let Some((record, history)) = merged_record(
                        *ops,
                        current,
                        &mine_json,
                        &here_history,
                        merged,
                        keep_here,
                        &mut difference,
                    ) {
                        out.merge.put.push(record);
                        out.merge.edits.push((kind, id.clone(), history));
                    }
                    out.differences.push(difference);
                }
            }
        }
        for (id, record) in &mine {
            if theirs.contains_key(id) || kind == Kind::Settings || damaged(kind, id) {
                continue;
            }
            counts.remove += 1;
            if kept.contains(&(kind, id.clone())) {
                *out.kept.entry(kind).or_default() += 1;
                if let Some(record) = archived(record.clone()) {
                    out.replace.put.push(record);
                }
            } else {
                out.replace.delete.push(RecordRef::new(kind, id.clone()));
            }
        }
    }
    out
}

/// A consent's revocation: never undone by a restore.
const REVOKED: &str = "revoked";

/// The record Merge writes from `merged` (with its history), if it changes anything here;
/// what was merged is noted in `difference`. A revocation recorded here stays; a combination
/// that is not a valid record keeps this browser's copy, and says why.
fn merged_record(
    ops: &dyn KindOps,
    current: &Record,
    mine: &Value,
    here_history: &Edits,
    mut merged: edits::Merged,
    keep_here: bool,
    difference: &mut Difference,
) -> Option<(Record, Edits)> {
    if keep_here {
        if let (Some(value), Some(revoked)) = (merged.value.as_object_mut(), mine.get(REVOKED)) {
            value.insert(REVOKED.into(), revoked.clone());
        }
        merged.taken.retain(|f| f != REVOKED);
        merged.conflicts.retain(|c| c.field != REVOKED);
    }
    difference.from_backup = merged.taken;
    difference.conflicts = merged.conflicts;
    if merged.value == *mine && merged.edits == *here_history {
        return None;
    }
    match ops.restore(merged.value) {
        Ok(restored) if restored.record != *current || merged.edits != *here_history => {
            Some((restored.record, merged.edits))
        }
        Ok(_) => None,
        Err((reason, _)) => {
            difference.kept_whole = Some(format!(
                "the changes of both sides together do not make a valid {} ({}), so Merge keeps this browser's version; edit it by hand if the backup's changes matter",
                ops.label(),
                reason.trim_end_matches('.')
            ));
            None
        }
    }
}

/// A name for a record in the list of differences: its name or title, a session's group and
/// date, else its id.
fn display_name(p: &Programme, record: &Record) -> String {
    if let Record::Session(s) = record {
        let group = p
            .groups
            .get(s.group.as_str())
            .map_or(s.group.as_str(), |g| g.name.as_str());
        return format!("{group}, {}", s.date.format("%a %-d %b %Y"));
    }
    let json = record.to_json().unwrap_or_default();
    for field in ["full_name", "name", "title", "label"] {
        if let Some(name) = json.get(field).and_then(|v| v.as_str())
            && !name.is_empty()
        {
            return name.to_string();
        }
    }
    record.id().to_string()
}

/// A stored field's name for people: "preferred_name" as "Preferred name".
pub fn field_label(field: &str) -> String {
    let words = field.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// A stored value for people, short: text as it is, lists and records as compact JSON.
pub fn value_text(value: &Value) -> String {
    const MAX: usize = 160;
    let text = match value {
        Value::Null => return "(not set)".into(),
        Value::String(s) if s.is_empty() => return "(empty)".into(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Array(a) if a.is_empty() => return "(none)".into(),
        other => other.to_string(),
    };
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut}…")
    } else {
        text
    }
}
