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

/// Current database version. Bump it and add a [`MIGRATIONS`] entry to change the layout.
pub const DB_VERSION: u32 = 4;

/// Object store names, one per entity kind.
pub mod stores {
    pub const CLIENTS: &str = "clients";
    pub const SETTINGS: &str = "settings";
    pub const GROUPS: &str = "groups";
    pub const MEMBERSHIPS: &str = "memberships";
    pub const STAFF: &str = "staff";
    pub const ROOMS: &str = "rooms";
    pub const KEEP_APART: &str = "keep_apart";
    pub const TOPICS: &str = "topics";
    pub const CURRICULA: &str = "curricula";
    pub const PLANS: &str = "plans";
    pub const SESSIONS: &str = "sessions";
}

/// One layout step: the stores a database version added.
pub struct Migration {
    pub version: u32,
    pub creates: &'static [&'static str],
}

/// Every layout step since version 1, in order: the history of the layout. An upgrade creates
/// whichever of these stores are missing, so a repeated or interrupted upgrade is harmless.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        creates: &[stores::CLIENTS],
    },
    Migration {
        version: 2,
        creates: &[stores::SETTINGS],
    },
    Migration {
        version: 3,
        creates: &[
            stores::GROUPS,
            stores::MEMBERSHIPS,
            stores::STAFF,
            stores::ROOMS,
            stores::KEEP_APART,
        ],
    },
    Migration {
        version: 4,
        creates: &[
            stores::TOPICS,
            stores::CURRICULA,
            stores::PLANS,
            stores::SESSIONS,
        ],
    },
];

/// All stores of the current version, in creation order.
pub fn all_stores() -> Vec<&'static str> {
    MIGRATIONS
        .iter()
        .filter(|m| m.version <= DB_VERSION)
        .flat_map(|m| m.creates.iter().copied())
        .collect()
}

/// One write inside a transaction.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Add a new record; fails (and aborts the whole transaction) if its id exists.
    Insert { store: &'static str, record: Value },
    /// Add or replace a record.
    Put { store: &'static str, record: Value },
    /// Remove a record if present.
    Delete { store: &'static str, id: String },
}

/// Every record of every store, as loaded at start-up.
pub type Snapshot = BTreeMap<&'static str, Vec<Value>>;

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

    /// Call `callback` when another tab commits a change (IndexedDB only; the in-memory twin
    /// has no other tabs).
    pub fn on_external_change(&self, callback: Rc<dyn Fn()>) {
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
    fn migrations_are_ordered_and_reach_the_current_version() {
        let versions: Vec<u32> = MIGRATIONS.iter().map(|m| m.version).collect();
        assert_eq!(versions, (1..=DB_VERSION).collect::<Vec<_>>());
        assert_eq!(
            all_stores(),
            [
                stores::CLIENTS,
                stores::SETTINGS,
                stores::GROUPS,
                stores::MEMBERSHIPS,
                stores::STAFF,
                stores::ROOMS,
                stores::KEEP_APART,
                stores::TOPICS,
                stores::CURRICULA,
                stores::PLANS,
                stores::SESSIONS,
            ]
        );
    }
}
