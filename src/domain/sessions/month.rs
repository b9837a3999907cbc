//! How sessions are stored: one record per group and calendar month of their slots (a
//! [`SessionMonth`]), holding that month's sessions as one compact JSON text. Two years of a
//! large programme is then some hundreds of records instead of tens of thousands, and reading
//! them costs tens of milliseconds.
//!
//! In memory the programme still keeps sessions one by one ([`Programme::sessions`]); commands
//! change sessions, and `commit` packs the months they touch (see
//! `record::layout::pack`, which builds the months' `Change`s, so this module does not need
//! the registry). A month is the unit
//! of storage, revision and quarantine: two tabs marking attendance in the same group-month
//! meet at its revision, and a month that cannot be read is kept whole.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::programme::Programme;
use crate::domain::sessions::session::{SESSION_SCHEMA, Session};
use crate::domain::text::Check;

/// Schema version of stored session-month records.
pub const SESSION_MONTH_SCHEMA: u32 = 1;

/// The sessions of one group whose meeting slot falls in one calendar month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionMonth {
    /// `group@YYYY-MM`: the common start of the ids of its sessions (see [`month_key`]).
    pub id: String,
    pub schema: u32,
    pub group: String,
    /// `YYYY-MM`.
    pub month: String,
    /// In id order, stored as one JSON text (IndexedDB reads one string far faster than
    /// thousands of small objects).
    #[serde(with = "packed")]
    pub sessions: Vec<Session>,
}

/// The month record a session of `group` at `slot` is stored in.
pub fn month_key(group: &str, slot: NaiveDate) -> String {
    format!("{group}@{:04}-{:02}", slot.year(), slot.month())
}

/// The month record of a session id (`group@YYYY-MM-DDTHHMM`), if it has that shape.
pub fn month_of_session(id: &str) -> Option<&str> {
    let at = id.rfind('@')?;
    let end = at + 1 + "YYYY-MM".len();
    (id.len() > end && id.as_bytes()[end] == b'-').then(|| &id[..end])
}

/// The sessions of month `key` in `p`, in id order.
pub fn sessions_in<'a>(p: &'a Programme, key: &str) -> impl Iterator<Item = &'a Session> + 'a {
    let from = format!("{key}-");
    let to = format!("{key}.");
    p.sessions.range(from..to).map(|(_, s)| s)
}

impl SessionMonth {
    /// The month record holding `sessions` (all of one group and month, `key`).
    pub fn new(key: &str, sessions: Vec<Session>) -> SessionMonth {
        let (group, month) = key.rsplit_once('@').unwrap_or((key, ""));
        SessionMonth {
            id: key.to_string(),
            schema: SESSION_MONTH_SCHEMA,
            group: group.to_string(),
            month: month.to_string(),
            sessions,
        }
    }

    /// The month record `key` as `p` holds it now (`None`: no sessions in that month).
    pub fn of(p: &Programme, key: &str) -> Option<SessionMonth> {
        let sessions: Vec<Session> = sessions_in(p, key).cloned().collect();
        (!sessions.is_empty()).then(|| SessionMonth::new(key, sessions))
    }

    /// Every month record of `p`.
    pub fn all(p: &Programme) -> Vec<SessionMonth> {
        let mut months: BTreeMap<String, Vec<Session>> = BTreeMap::new();
        for session in p.sessions.values() {
            months
                .entry(month_key(&session.group, session.slot))
                .or_default()
                .push(session.clone());
        }
        months
            .into_iter()
            .map(|(key, sessions)| SessionMonth::new(&key, sessions))
            .collect()
    }

    /// Every session belongs here: its group and slot month, and the id they give.
    pub fn check(&self) -> Result<(), String> {
        if self
            .id
            .strip_prefix(self.group.as_str())
            .and_then(|r| r.strip_prefix('@'))
            != Some(self.month.as_str())
        {
            return Err("its id does not name its group and month".into());
        }
        for s in &self.sessions {
            // Read as this version's `Session`, a newer one's fields would be dropped and the
            // month rewritten without them: the month is kept whole instead (quarantined), and
            // no write of this version reaches it.
            if s.schema > SESSION_SCHEMA {
                return Err(format!(
                    "session {} in it was written by a newer version of IOP Planner (schema {}; this version reads up to {})",
                    s.id, s.schema, SESSION_SCHEMA
                ));
            }
            if s.group != self.group || !in_month(s.slot, &self.month) {
                return Err(format!(
                    "session {} belongs to another group or month",
                    s.id
                ));
            }
            if !is_session_id(&s.id, &s.group, s.slot, s.slot_start) {
                return Err(format!(
                    "session {} does not carry the id of its meeting slot",
                    s.id
                ));
            }
            check_session(s).map_err(|e| format!("session {}: {e}", s.id))?;
        }
        Ok(())
    }
}

/// Whether `date` falls in `month` (`YYYY-MM`).
fn in_month(date: NaiveDate, month: &str) -> bool {
    month.len() == 7
        && month.as_bytes()[4] == b'-'
        && month[..4].parse() == Ok(date.year())
        && month[5..].parse() == Ok(date.month())
}

/// Whether `id` is [`session_id`](crate::domain::sessions::session::session_id) of these, compared without building it.
fn is_session_id(id: &str, group: &str, slot: NaiveDate, start: chrono::NaiveTime) -> bool {
    use chrono::Timelike;
    let Some(rest) = id.strip_prefix(group).and_then(|r| r.strip_prefix('@')) else {
        return false;
    };
    let b = rest.as_bytes();
    let num = |r: std::ops::Range<usize>| rest.get(r).and_then(|t| t.parse::<u32>().ok());
    b.len() == 15
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && rest[..4].parse::<i32>() == Ok(slot.year())
        && num(5..7) == Some(slot.month())
        && num(8..10) == Some(slot.day())
        && num(11..13) == Some(start.hour())
        && num(13..15) == Some(start.minute())
}

/// The limits a stored session must keep.
pub fn check_session(s: &Session) -> Result<(), String> {
    if s.group.is_empty() {
        return Err("it names no group".into());
    }
    if s.minutes == 0 || s.minutes > 24 * 60 {
        return Err("its length is not a real session length".into());
    }
    crate::domain::sessions::session::check_texts(s, Check::Stored)
}

/// The sessions of a month as one JSON text.
mod packed {
    use super::*;

    pub fn serialize<S: Serializer>(sessions: &[Session], s: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(sessions).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Session>, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(d)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sessions::session::session_id;

    #[test]
    fn month_keys_are_the_common_start_of_their_session_ids() {
        let slot = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let id = session_id(
            "g@1",
            slot,
            chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        );
        assert_eq!(month_key("g@1", slot), "g@1@2026-03");
        assert_eq!(month_of_session(&id), Some("g@1@2026-03"));
        assert!(id.starts_with(&format!("{}-", month_key("g@1", slot))));
        assert_eq!(month_of_session("no-month"), None);
        assert_eq!(month_of_session("g@2026"), None);
        let start = chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap();
        assert!(is_session_id(&id, "g@1", slot, start));
        assert!(!is_session_id(&id, "g@1", slot.succ_opt().unwrap(), start));
        assert!(!is_session_id(&id, "g", slot, start));
        assert!(!is_session_id(&format!("{id}0"), "g@1", slot, start));
        assert!(in_month(slot, "2026-03") && !in_month(slot, "2026-04"));
    }
}
