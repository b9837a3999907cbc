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
pub fn pack(
    p: &Programme,
    change: &Change,
) -> Result<BTreeMap<String, Option<Vec<Session>>>, String> {
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
