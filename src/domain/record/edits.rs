//! Who changed which field of a record: what lets two copies of it (this browser's and a
//! backup's now, two devices' under team sync next) be merged field by field, keeping every
//! change made on either side and showing a real conflict where both changed the same field.
//!
//! Each browser is an *actor* with an id of its own. A record's [`Edits`] hold, per actor, how
//! many of its edits the record has seen (a version vector), and for each field the edit that
//! last set it (a *stamp*: actor and count). A field the other copy's vector has seen was
//! changed only here, or is older there; a field neither copy's vector has seen on the other
//! side was changed on both sides since they parted: a conflict. Revision numbers are not used:
//! they count writes in one browser (for its tabs), not which copy is newer.
//!
//! Stored beside each record as `edits` (see `record/DATABASE_FORMAT.md`); records stored before
//! it have none, and every field of theirs counts as unstamped: seen by everyone, older than
//! any stamped change, and a conflict against another unstamped value.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

/// Name of the edit history in stored JSON.
pub const EDITS_FIELD: &str = "edits";

/// Fields that are the record's frame, not its content: never merged, never stamped.
const FRAME: [&str; 4] = ["id", "rev", "schema", EDITS_FIELD];

/// An edit: the actor that made it and its count among that actor's edits of the record.
pub type Stamp = (String, u64);

/// A record's edit history (see the module documentation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    /// Per actor, how many of its edits this copy has seen.
    pub seen: BTreeMap<String, u64>,
    /// The edit that created the record: the stamp of every field not in `set`.
    pub made: Option<Stamp>,
    /// Fields changed since the record was made, with the edit that last set each.
    pub set: BTreeMap<String, Stamp>,
}

impl Edits {
    /// The history of a record `actor` has just made.
    pub fn created(actor: &str) -> Edits {
        Edits {
            seen: BTreeMap::from([(actor.to_string(), 1)]),
            made: Some((actor.to_string(), 1)),
            set: BTreeMap::new(),
        }
    }

    /// The history after `actor` changed the record from `before` to `after` (stored JSON):
    /// one new edit stamping every field that changed; the same history when none did.
    pub fn edited(&self, before: &Value, after: &Value, actor: &str) -> Edits {
        let changed: Vec<&String> = fields(before, after)
            .into_iter()
            .filter(|f| before.get(f.as_str()) != after.get(f.as_str()))
            .collect();
        if changed.is_empty() {
            return self.clone();
        }
        let mut next = self.clone();
        let n = next.bump(actor);
        for field in changed {
            next.set.insert(field.clone(), (actor.to_string(), n));
        }
        next
    }

    /// The history after `actor` replaced this copy (`before`) by another copy of the record
    /// (`after`, whose history is `other`): every field that changed is stamped as a new edit,
    /// and the result has seen every edit either copy had seen, so it is newer than both.
    pub fn replaced(&self, other: &Edits, before: &Value, after: &Value, actor: &str) -> Edits {
        let mut joined = self.clone();
        joined.see(other);
        joined.edited(before, after, actor)
    }

    /// Count every edit `other` has seen as seen here too.
    fn see(&mut self, other: &Edits) {
        for (actor, n) in &other.seen {
            let seen = self.seen.entry(actor.clone()).or_insert(0);
            *seen = (*seen).max(*n);
        }
    }

    /// Count one more edit by `actor`; its number.
    fn bump(&mut self, actor: &str) -> u64 {
        let n = self.seen.entry(actor.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    /// The edit that last set `field` (`None`: unstamped, from before edits were kept).
    pub fn stamp(&self, field: &str) -> Option<&Stamp> {
        self.set.get(field).or(self.made.as_ref())
    }

    /// Whether this copy has seen the edit `stamp` (an unstamped value is seen by everyone).
    fn has_seen(&self, stamp: Option<&Stamp>) -> bool {
        stamp.is_none_or(|(actor, n)| self.seen.get(actor).is_some_and(|seen| seen >= n))
    }

    /// Stored JSON: `{"seen":{actor:n},"made":[actor,n],"set":{field:[actor,n]}}`.
    pub fn to_json(&self) -> Value {
        let stamp = |(a, n): &Stamp| json!([a, n]);
        let mut out = Map::new();
        out.insert("seen".into(), json!(self.seen));
        if let Some(made) = &self.made {
            out.insert("made".into(), stamp(made));
        }
        if !self.set.is_empty() {
            let set: Map<String, Value> = self
                .set
                .iter()
                .map(|(f, s)| (f.clone(), stamp(s)))
                .collect();
            out.insert("set".into(), Value::Object(set));
        }
        Value::Object(out)
    }

    /// Read [`Edits::to_json`]'s form; `None` when it is not that (the record then counts as
    /// unstamped: nothing is lost, a merge only asks more often).
    pub fn from_json(v: &Value) -> Option<Edits> {
        let stamp = |v: &Value| -> Option<Stamp> {
            let pair = v.as_array()?;
            match pair.as_slice() {
                [a, n] => Some((a.as_str()?.to_string(), n.as_u64()?)),
                _ => None,
            }
        };
        let seen = v
            .get("seen")?
            .as_object()?
            .iter()
            .map(|(a, n)| Some((a.clone(), n.as_u64()?)))
            .collect::<Option<BTreeMap<_, _>>>()?;
        let made = match v.get("made") {
            None => None,
            Some(m) => Some(stamp(m)?),
        };
        let set = match v.get("set") {
            None => BTreeMap::new(),
            Some(s) => s
                .as_object()?
                .iter()
                .map(|(f, s)| Some((f.clone(), stamp(s)?)))
                .collect::<Option<_>>()?,
        };
        Some(Edits { seen, made, set })
    }
}

/// The content fields of two stored copies of a record, in order.
fn fields<'a>(a: &'a Value, b: &'a Value) -> Vec<&'a String> {
    let mut out: Vec<&String> = a
        .as_object()
        .into_iter()
        .chain(b.as_object())
        .flat_map(|o| o.keys())
        .filter(|k| !FRAME.contains(&k.as_str()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// One field both copies changed since they parted, to different values.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldConflict {
    pub field: String,
    /// This side's value (`Null`: not set).
    pub here: Value,
    /// The other side's value.
    pub there: Value,
}

/// Two copies of a record merged.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged stored JSON (frame fields as here).
    pub value: Value,
    pub edits: Edits,
    /// Fields whose value came from the other side because only it changed them.
    pub taken: Vec<String>,
    /// Fields changed on both sides, with both values (resolved as `take_there` chose).
    pub conflicts: Vec<FieldConflict>,
}

/// Merge the other side's copy (`there`) into this side's (`here`), field by field: a field
/// changed on one side only takes that side's value; a field changed on both, to different
/// values, is a conflict, resolved by `take_there(field)` (true: the other side's value) and
/// stamped as a new edit by `actor`, so that merging the same copies again asks nothing.
pub fn merge(
    (here, here_edits): (&Value, &Edits),
    (there, there_edits): (&Value, &Edits),
    take_there: impl Fn(&str) -> bool,
    actor: &str,
) -> Merged {
    let mut value = here.clone();
    let mut edits = here_edits.clone();
    edits.see(there_edits);
    let (mut taken, mut conflicts) = (Vec::new(), Vec::new());
    let mut resolved = Vec::new();
    for field in fields(here, there) {
        let (mine, theirs) = (here.get(field.as_str()), there.get(field.as_str()));
        let (my_stamp, their_stamp) = (here_edits.stamp(field), there_edits.stamp(field));
        let they_saw_mine = there_edits.has_seen(my_stamp);
        let i_saw_theirs = here_edits.has_seen(their_stamp);
        let take = if mine == theirs {
            // The same value: keep the later stamp (of two concurrent ones, the greater), so
            // both sides end with the same history.
            if they_saw_mine != i_saw_theirs {
                they_saw_mine
            } else {
                their_stamp > my_stamp
            }
        } else if they_saw_mine && !i_saw_theirs {
            taken.push(field.clone());
            true
        } else if i_saw_theirs && !they_saw_mine {
            false
        } else {
            conflicts.push(FieldConflict {
                field: field.clone(),
                here: mine.cloned().unwrap_or(Value::Null),
                there: theirs.cloned().unwrap_or(Value::Null),
            });
            resolved.push(field.clone());
            take_there(field)
        };
        if take {
            match (theirs, value.as_object_mut()) {
                (Some(v), Some(obj)) => {
                    obj.insert(field.clone(), v.clone());
                }
                (None, Some(obj)) => {
                    obj.remove(field.as_str());
                }
                _ => {}
            }
        }
        let stamp = if take { their_stamp } else { my_stamp };
        match stamp {
            Some(s) if edits.made.as_ref() != Some(s) => {
                edits.set.insert(field.clone(), s.clone());
            }
            Some(_) => {
                edits.set.remove(field.as_str());
            }
            // Unstamped on the side kept: stamped when resolved below, else left as it was.
            None => {}
        }
    }
    if !resolved.is_empty() {
        let n = edits.bump(actor);
        for field in resolved {
            edits.set.insert(field, (actor.to_string(), n));
        }
    }
    Merged {
        value,
        edits,
        taken,
        conflicts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(pronouns: &str, phone: &str) -> Value {
        json!({"id": "c1", "schema": 3, "full_name": "Avery Stone", "pronouns": pronouns, "phone": phone})
    }

    /// A restored into B, both edit, then each side's copy merged into the other.
    fn parted() -> (Value, Edits, Value, Edits) {
        let base = rec("she/her", "555-0100");
        let made = Edits::created("a");
        // A changes the phone; B (which restored A's backup) changes the pronouns.
        let a = rec("she/her", "555-0199");
        let a_edits = made.edited(&base, &a, "a");
        let b = rec("they/them", "555-0100");
        let b_edits = made.edited(&base, &b, "b");
        (a, a_edits, b, b_edits)
    }

    #[test]
    fn a_change_on_each_side_to_different_fields_keeps_both() {
        let (a, a_edits, b, b_edits) = parted();
        let m = merge((&b, &b_edits), (&a, &a_edits), |_| false, "b");
        assert_eq!(m.value, rec("they/them", "555-0199"));
        assert_eq!(m.taken, vec!["phone".to_string()]);
        assert!(m.conflicts.is_empty());
        // The other way round gives the same record and the same history.
        let back = merge((&a, &a_edits), (&b, &b_edits), |_| false, "a");
        assert_eq!(back.value, m.value);
        assert_eq!(back.edits, m.edits);
    }

    #[test]
    fn the_newer_edit_wins_whatever_the_revision_counts() {
        let base = rec("she/her", "555-0100");
        let mut a_edits = Edits::created("a");
        let mut a = base.clone();
        // A edits many times before the backup is taken...
        for i in 0..5 {
            let next = rec("she/her", &format!("555-010{i}"));
            a_edits = a_edits.edited(&a, &next, "a");
            a = next;
        }
        // ...B restores that backup and edits the pronouns once.
        let b = rec("they/them", a["phone"].as_str().unwrap());
        let b_edits = a_edits.edited(&a, &b, "b");
        let m = merge((&b, &b_edits), (&a, &a_edits), |_| true, "b");
        assert_eq!(m.value, b, "the backup is older: nothing of it is newer");
        assert!(m.taken.is_empty() && m.conflicts.is_empty());
        // And the backup's side, merging B's copy, takes B's change.
        let m = merge((&a, &a_edits), (&b, &b_edits), |_| false, "a");
        assert_eq!(m.value, b);
        assert_eq!(m.taken, vec!["pronouns".to_string()]);
    }

    #[test]
    fn the_same_field_changed_on_both_sides_is_a_conflict_with_both_values() {
        let base = rec("she/her", "555-0100");
        let made = Edits::created("a");
        let a = rec("he/him", "555-0100");
        let a_edits = made.edited(&base, &a, "a");
        let b = rec("they/them", "555-0100");
        let b_edits = made.edited(&base, &b, "b");
        for take in [false, true] {
            let m = merge((&b, &b_edits), (&a, &a_edits), |_| take, "b");
            assert_eq!(
                m.conflicts,
                vec![FieldConflict {
                    field: "pronouns".into(),
                    here: json!("they/them"),
                    there: json!("he/him"),
                }]
            );
            let chosen = if take { "he/him" } else { "they/them" };
            assert_eq!(m.value["pronouns"], json!(chosen));
            // Resolved: merging the other side's copy again asks nothing and changes nothing.
            let again = merge((&m.value, &m.edits), (&a, &a_edits), |_| !take, "b");
            assert!(again.conflicts.is_empty(), "{again:?}");
            assert_eq!(again.value, m.value);
            // And the other side, merging the resolved copy, takes the resolution.
            let there = merge((&a, &a_edits), (&m.value, &m.edits), |_| false, "a");
            assert!(there.conflicts.is_empty());
            assert_eq!(there.value["pronouns"], json!(chosen));
        }
    }

    #[test]
    fn unstamped_records_differing_are_conflicts_and_stamped_changes_beat_them() {
        let old = rec("she/her", "555-0100");
        let other = rec("she/her", "555-0111");
        let none = Edits::default();
        let m = merge((&old, &none), (&other, &none), |_| false, "b");
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.value, old);
        // A change stamped since wins over a value from before edits were kept.
        let changed = rec("they/them", "555-0100");
        let stamped = none.edited(&old, &changed, "a");
        let m = merge((&old, &none), (&changed, &stamped), |_| false, "b");
        assert!(m.conflicts.is_empty());
        assert_eq!(m.value, changed);
    }

    #[test]
    fn a_field_one_side_removed_is_a_change_like_any_other() {
        let base = json!({"id": "c1", "full_name": "Avery Stone", "phone": "555-0100"});
        let made = Edits::created("a");
        let without = json!({"id": "c1", "full_name": "Avery Stone"});
        let a_edits = made.edited(&base, &without, "a");
        let m = merge((&base, &made), (&without, &a_edits), |_| false, "b");
        assert_eq!(m.value, without);
    }

    #[test]
    fn a_copy_replaced_by_another_is_newer_than_both() {
        let (a, a_edits, b, b_edits) = parted();
        // B replaces its copy by A's: A's values, stamped as B's new edit.
        let replaced = b_edits.replaced(&a_edits, &b, &a, "b");
        for (other, other_edits) in [(&a, &a_edits), (&b, &b_edits)] {
            let m = merge((&a, &replaced), (other, other_edits), |_| true, "b");
            assert_eq!(m.value, a, "merging an older copy changes nothing");
            assert!(m.conflicts.is_empty() && m.taken.is_empty());
        }
        // Merged into A's copy, it changes nothing there either, and asks nothing.
        let m = merge((&a, &a_edits), (&a, &replaced), |_| false, "a");
        assert!(m.conflicts.is_empty());
        assert_eq!(m.value, a);
    }

    #[test]
    fn edits_survive_their_stored_form_and_a_foreign_form_reads_as_unstamped() {
        let base = rec("she/her", "555-0100");
        let e = Edits::created("a").edited(&base, &rec("they/them", "555-0100"), "b");
        assert_eq!(Edits::from_json(&e.to_json()), Some(e.clone()));
        assert_eq!(e.stamp("pronouns"), Some(&("b".to_string(), 1)));
        assert_eq!(e.stamp("phone"), Some(&("a".to_string(), 1)));
        assert_eq!(Edits::from_json(&json!({"seen": {"a": "many"}})), None);
        assert_eq!(Edits::from_json(&json!([1, 2])), None);
        // No change: the same history, not a new edit.
        assert_eq!(e.edited(&base, &base, "b"), e);
    }
}
