//! The only code that persists anything: IndexedDB (the real adapter), an in-memory twin with the
//! same behaviour, and small preferences in localStorage.
//!
//! Records cross this boundary as JSON objects with a string `id`; typing and schema migration
//! happen in [`crate::domain::programme`]. Every user action is one [`Storage::apply`] call, which
//! is one transaction: all of its operations are written, or none.

pub mod conformance;
pub mod error;
pub mod indexed_db;
pub mod memory;
pub mod preferences;

use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

pub use error::StorageError;
pub use indexed_db::IdbStorage;
pub use memory::MemoryStorage;

/// Name of the app's database.
pub const DB_NAME: &str = "iop-planner";

/// Current database version: the newest store's in the record registry
/// ([`crate::domain::record::KINDS`]), which is the one list of stores and their history.
pub const DB_VERSION: u32 = crate::domain::record::LAYOUT_VERSION;

/// Object store names, for tests and code that names one store.
pub mod stores {
    pub const CLIENTS: &str = "clients";
    pub const SETTINGS: &str = "settings";
    pub const GROUPS: &str = "groups";
    pub const SESSIONS: &str = "sessions";
}

/// All stores of the current version, in creation order, from the record registry. The
/// upgrade creates whichever are missing and never deletes one.
pub fn all_stores() -> Vec<&'static str> {
    crate::domain::record::stores_at(DB_VERSION)
}

/// What a write expects to find in storage, checked inside its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// No check (last write wins).
    Any,
    /// No record with this id may exist yet.
    Absent,
    /// The stored record must have this revision (`rev` field; missing counts as 0). For 0 an
    /// absent record also matches (records from before revisions).
    Rev(u64),
}

impl Expect {
    /// Whether a stored record with revision `found` (`None`: absent) meets the expectation.
    pub fn met_by(self, found: Option<u64>) -> bool {
        match (self, found) {
            (Expect::Any, _) => true,
            (Expect::Absent, found) => found.is_none(),
            (Expect::Rev(0), None) => true,
            (Expect::Rev(want), Some(have)) => want == have,
            (Expect::Rev(_), None) => false,
        }
    }
}

/// The revision of a stored JSON record (`rev`; 0 when missing).
pub fn stored_rev(record: &Value) -> u64 {
    record.get("rev").and_then(Value::as_u64).unwrap_or(0)
}

/// One write inside a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Add a new record; fails (and aborts the whole transaction) if its id exists.
    Insert { store: &'static str, record: Value },
    /// Add or replace a record, if storage holds what `expect` says.
    Put {
        store: &'static str,
        record: Value,
        expect: Expect,
    },
    /// Remove a record if present, if storage holds what `expect` says.
    Delete {
        store: &'static str,
        id: String,
        expect: Expect,
    },
    /// Remove whatever is stored under `key`, a key of any type as JSON (a damaged record's
    /// real key: a number or a list is not the string of its digits). `id` is the key as text,
    /// as the programme lists it and other tabs are told.
    Discard {
        store: &'static str,
        key: Value,
        id: String,
    },
}

impl Op {
    /// Add or replace without any check.
    pub fn put(store: &'static str, record: Value) -> Op {
        Op::Put {
            store,
            record,
            expect: Expect::Any,
        }
    }

    /// Delete without any check.
    pub fn delete(store: &'static str, id: impl Into<String>) -> Op {
        Op::Delete {
            store,
            id: id.into(),
            expect: Expect::Any,
        }
    }

    pub fn store(&self) -> &'static str {
        match self {
            Op::Insert { store, .. }
            | Op::Put { store, .. }
            | Op::Delete { store, .. }
            | Op::Discard { store, .. } => store,
        }
    }

    /// The id written or deleted ("" for a record without a string id).
    pub fn id(&self) -> &str {
        match self {
            Op::Insert { record, .. } | Op::Put { record, .. } => record_key(record).unwrap_or(""),
            Op::Delete { id, .. } | Op::Discard { id, .. } => id,
        }
    }

    /// What this op expects to find, inserts expecting nothing there.
    pub fn expect(&self) -> Expect {
        match self {
            Op::Insert { .. } | Op::Discard { .. } => Expect::Any,
            Op::Put { expect, .. } | Op::Delete { expect, .. } => *expect,
        }
    }
}

/// A stored value storage could not even decode (for example a binary field): kept as it is,
/// and reported as the programme's quarantine lists it (store, key, reason, the best text
/// rendering available).
pub use crate::domain::Quarantined as Unreadable;

/// Every record of every store, as loaded at start-up: per store, the JSON text of an array
/// of its records. Text (not [`Value`]s) so the domain decodes each record straight into its
/// type: building a `Value` for every field costs more than reading the database.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub stores: BTreeMap<&'static str, String>,
    pub unreadable: Vec<Unreadable>,
}

impl Snapshot {
    /// The records of one store as JSON values (tests and tools; start-up reads the text).
    pub fn records(&self, store: &str) -> Vec<Value> {
        self.stores
            .get(store)
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default()
    }
}

/// One record asked for by [`Storage::get_many`].
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    Missing,
    Found(Value),
    Unreadable(Unreadable),
}

/// Which records another tab changed: store and ids, never contents. `None` means "reload
/// everything" (a very large change, or a message from an older version).
pub type Changed = Option<Vec<(String, Vec<String>)>>;

/// The ids `ops` touch, by store, as sent to other tabs.
pub fn changed_ids(ops: &[Op]) -> Vec<(String, Vec<String>)> {
    let mut by_store: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in ops {
        by_store
            .entry(op.store())
            .or_default()
            .push(op.id().to_string());
    }
    by_store
        .into_iter()
        .map(|(s, ids)| (s.to_string(), ids))
        .collect()
}

/// Above this many records a change is announced to other tabs as "reload everything".
pub const ANNOUNCE_MAX: usize = 500;

/// The message other tabs receive after a commit.
pub fn announcement(ops: &[Op]) -> String {
    if ops.len() > ANNOUNCE_MAX {
        return serde_json::json!({"v": 1, "all": true}).to_string();
    }
    serde_json::json!({"v": 1, "changed": changed_ids(ops)}).to_string()
}

/// Read an announcement; anything unexpected means "reload everything".
pub fn read_announcement(message: &str) -> Changed {
    let value: Value = serde_json::from_str(message).ok()?;
    if value.get("v").and_then(Value::as_u64) != Some(1) {
        return None;
    }
    serde_json::from_value(value.get("changed")?.clone()).ok()
}

/// Things that happen to an open connection outside any call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionEvent {
    /// Opening waits because another tab holds an older version open.
    Blocked,
    /// Another tab opened a newer version; this connection was closed so it can upgrade.
    VersionChange,
}

/// Callback for [`ConnectionEvent`]s.
pub type OnConnectionEvent = Rc<dyn Fn(ConnectionEvent)>;

/// A storage backend: the real IndexedDB or the in-memory twin.
#[derive(Clone)]
pub enum Storage {
    Idb(IdbStorage),
    Memory(MemoryStorage),
}

impl Storage {
    /// Read every store in one read-only transaction.
    pub async fn load_all(&self) -> Result<Snapshot, StorageError> {
        match self {
            Storage::Idb(s) => s.load_all().await,
            Storage::Memory(s) => s.load_all(),
        }
    }

    /// Apply `ops` in one read-write transaction: all or nothing.
    pub async fn apply(&self, ops: Vec<Op>) -> Result<(), StorageError> {
        if ops.is_empty() {
            return Ok(());
        }
        match self {
            Storage::Idb(s) => s.apply(ops).await,
            Storage::Memory(s) => s.apply(ops),
        }
    }

    /// Read the records `wanted` (store, ids) in one read-only transaction.
    pub async fn get_many(
        &self,
        wanted: &[(&'static str, Vec<String>)],
    ) -> Result<Vec<(&'static str, String, Fetched)>, StorageError> {
        match self {
            Storage::Idb(s) => s.get_many(wanted).await,
            Storage::Memory(s) => s.get_many(wanted),
        }
    }

    /// Call `callback` with what another tab committed (IndexedDB only; the in-memory twin
    /// has no other tabs).
    pub fn on_external_change(&self, callback: Rc<dyn Fn(Changed)>) {
        if let Storage::Idb(s) = self {
            s.on_external_change(callback);
        }
    }
}

/// The string id of a record, as both backends read it (`record.id`).
pub(crate) fn record_key(record: &Value) -> Option<&str> {
    record.get("id").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_version_is_the_registry_layout() {
        assert_eq!(DB_VERSION, crate::domain::record::layout_version());
        assert_eq!(all_stores().len(), crate::domain::record::KINDS.len());
        assert_eq!(all_stores()[0], stores::CLIENTS);
    }

    #[test]
    fn expectations_compare_revisions() {
        assert!(Expect::Any.met_by(Some(3)));
        assert!(Expect::Absent.met_by(None));
        assert!(!Expect::Absent.met_by(Some(0)));
        assert!(Expect::Rev(0).met_by(None));
        assert!(Expect::Rev(2).met_by(Some(2)));
        assert!(!Expect::Rev(2).met_by(Some(3)));
        assert!(!Expect::Rev(2).met_by(None));
    }

    #[test]
    fn announcements_carry_ids_only_and_fall_back_to_everything() {
        let ops = vec![
            Op::put(
                stores::CLIENTS,
                serde_json::json!({"id": "c1", "full_name": "Secret Name"}),
            ),
            Op::delete(stores::GROUPS, "g1"),
        ];
        let message = announcement(&ops);
        assert!(!message.contains("Secret"), "{message}");
        assert_eq!(
            read_announcement(&message),
            Some(vec![
                ("clients".to_string(), vec!["c1".to_string()]),
                ("groups".to_string(), vec!["g1".to_string()]),
            ])
        );
        assert_eq!(read_announcement("changed"), None);
        let many: Vec<Op> = (0..=ANNOUNCE_MAX)
            .map(|i| Op::delete(stores::SESSIONS, i.to_string()))
            .collect();
        assert_eq!(read_announcement(&announcement(&many)), None);
    }
}
