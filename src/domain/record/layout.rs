//! How a [`Change`] of sessions is laid out in storage: sessions are kept one by one in memory
//! but stored by group and month ([`SessionMonth`]). This builds the months a change rewrites,
//! and the change that moves the old one-record-per-session store into months. It lives with
//! the registry (it builds `Change`s and `Record`s), so `sessions::month` does not import it.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Kind, Record, RecordRef};
use crate::domain::programme::Programme;
use crate::domain::sessions::month::{SessionMonth, month_key, month_of_session, sessions_in};
use crate::domain::sessions::session::Session;

/// A change that names sessions, as the months it rewrites: for each month a session of
/// `change` falls in, the month's sessions after the change (`None`: the month is now empty).
/// Records of other kinds are left for the caller. Errors name a session that cannot be
/// stored by month.
fn pack(p: &Programme, change: &Change) -> Result<BTreeMap<String, Option<Vec<Session>>>, String> {
    let mut months: BTreeMap<String, BTreeMap<String, Session>> = BTreeMap::new();
    let load = |key: &str, months: &mut BTreeMap<String, BTreeMap<String, Session>>| {
        if !months.contains_key(key) {
            let now = sessions_in(p, key)
                .map(|s| (s.id.clone(), s.clone()))
                .collect();
            months.insert(key.to_string(), now);
        }
    };
    for gone in change.delete.iter().filter(|r| r.kind == Kind::Session) {
        let key = month_of_session(&gone.id)
            .ok_or_else(|| format!("session {} has no group and month in its id", gone.id))?;
        load(key, &mut months);
        if let Some(m) = months.get_mut(key) {
            m.remove(&gone.id);
        }
    }
    for record in change.insert.iter().chain(&change.put) {
        let Record::Session(s) = record else {
            continue;
        };
        let key = month_key(&s.group, s.slot);
        if month_of_session(&s.id) != Some(key.as_str()) {
            return Err(format!(
                "session {} does not carry the id of its meeting slot",
                s.id
            ));
        }
        load(&key, &mut months);
        if let Some(m) = months.get_mut(&key) {
            m.insert(s.id.clone(), s.clone());
        }
    }
    Ok(months
        .into_iter()
        .map(|(key, sessions)| {
            let list: Vec<Session> = sessions.into_values().collect();
            (key, (!list.is_empty()).then_some(list))
        })
        .collect())
}

/// `change` as storage writes it: the records of kinds held inside another (see
/// [`super::Stored::HELD_IN`]: sessions, inside their group's month) replaced by the records
/// that hold them, rewritten whole (a month left empty is deleted). Every other record is as
/// given. Errors name a record that cannot be placed.
pub fn as_stored(p: &Programme, change: &Change) -> Result<Change, String> {
    let held = |kind: Kind| kind.ops().held_in().is_some();
    let mut out = Change {
        insert: change
            .insert
            .iter()
            .filter(|r| !held(r.kind()))
            .cloned()
            .collect(),
        put: change
            .put
            .iter()
            .filter(|r| !held(r.kind()))
            .cloned()
            .collect(),
        delete: change
            .delete
            .iter()
            .filter(|r| !held(r.kind))
            .cloned()
            .collect(),
        // By the records' own kinds: a month's history is its sessions'.
        edits: change.edits.clone(),
    };
    for (key, sessions) in pack(p, change)? {
        match sessions {
            Some(list) => out
                .put
                .push(Record::SessionMonth(SessionMonth::new(&key, list))),
            None => out.delete.push(RecordRef::new(Kind::SessionMonth, key)),
        }
    }
    Ok(out)
}

/// The change that moves every session read from the old store into its month: the months
/// (with any sessions already stored there) and the old records' removal.
pub fn move_legacy(p: &Programme) -> Change {
    let keys: BTreeSet<String> = p
        .legacy_sessions
        .iter()
        .filter_map(|id| p.sessions.get(id))
        .map(|s| month_key(&s.group, s.slot))
        .collect();
    Change {
        put: keys
            .iter()
            .filter_map(|key| SessionMonth::of(p, key))
            .map(Record::SessionMonth)
            .collect(),
        delete: p
            .legacy_sessions
            .iter()
            .map(|id| RecordRef::new(Kind::Session, id.clone()))
            .collect(),
        ..Change::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::record::KINDS;
    use crate::domain::sample::{SampleParams, generate};

    #[test]
    fn as_stored_writes_held_kinds_only_inside_their_holders_and_means_the_same() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let p = generate(&SampleParams::demo(), today, "t-");
        let mut sessions = p.sessions.values();
        let mut edited = sessions.next().unwrap().clone();
        edited.notes = "Moved rooms.".into();
        let gone = sessions.next_back().unwrap().id.clone();
        let client = p.clients.values().next().unwrap().clone();
        let change = Change {
            put: vec![Record::Session(edited), Record::Client(client)],
            delete: vec![RecordRef::new(Kind::Session, gone)],
            ..Change::default()
        };
        let stored = as_stored(&p, &change).unwrap();
        for (kind, _) in stored.touched() {
            assert_eq!(
                kind.ops().held_in(),
                None,
                "{kind:?} is written inside another"
            );
        }
        assert!(stored.put.iter().any(|r| r.kind() == Kind::Client));
        // Applying what storage writes gives the same programme as applying the change.
        let (mut a, mut b) = (p.clone(), p.clone());
        a.apply(&change);
        b.apply(&stored);
        assert_eq!(a.sessions, b.sessions);
        assert_eq!(a.clients, b.clients);
        // Every kind that says it is held somewhere names a kind that is itself stored.
        for ops in KINDS {
            if let Some(holder) = ops.held_in() {
                assert_eq!(holder.ops().held_in(), None);
            }
        }
    }
}
