//! The in-memory twin of the IndexedDB adapter: same stores, same all-or-nothing transactions,
//! same errors. Backs native tests and component tests; never used for real data.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

use super::{Op, Snapshot, StorageError, all_stores, record_key};

#[derive(Default)]
struct Inner {
    stores: BTreeMap<&'static str, BTreeMap<String, Value>>,
    closed: bool,
    quota_bytes: Option<usize>,
    fail_next: Option<StorageError>,
}

/// A shared handle to one in-memory database; clones see the same data.
#[derive(Clone, Default)]
pub struct MemoryStorage {
    inner: Rc<RefCell<Inner>>,
}

impl MemoryStorage {
    /// A fresh, empty database at the current version.
    pub fn new() -> MemoryStorage {
        let storage = MemoryStorage::default();
        storage.inner.borrow_mut().stores = all_stores()
            .into_iter()
            .map(|s| (s, BTreeMap::new()))
            .collect();
        storage
    }

    /// Simulate the browser's storage quota: writes that would exceed `bytes` of JSON fail.
    pub fn set_quota(&self, bytes: Option<usize>) {
        self.inner.borrow_mut().quota_bytes = bytes;
    }

    /// Make the next `apply` fail with `error` (for testing how failures are shown).
    pub fn fail_next(&self, error: StorageError) {
        self.inner.borrow_mut().fail_next = Some(error);
    }

    /// Close the connection, as a `versionchange` from another tab does.
    pub fn close(&self) {
        self.inner.borrow_mut().closed = true;
    }

    pub(super) fn load_all(&self) -> Result<Snapshot, StorageError> {
        let inner = self.inner.borrow();
        if inner.closed {
            return Err(StorageError::Closed);
        }
        Ok(inner
            .stores
            .iter()
            .map(|(name, records)| (*name, records.values().cloned().collect()))
            .collect())
    }

    pub(super) fn apply(&self, ops: Vec<Op>) -> Result<(), StorageError> {
        let mut inner = self.inner.borrow_mut();
        if inner.closed {
            return Err(StorageError::Closed);
        }
        if let Some(error) = inner.fail_next.take() {
            return Err(error);
        }
        // Work on a copy so a failing op leaves nothing behind, like an aborted transaction.
        let mut next = inner.stores.clone();
        for op in ops {
            match op {
                Op::Insert { store, record } => {
                    let records = store_mut(&mut next, store)?;
                    let key = key_of(&record)?;
                    if records.contains_key(&key) {
                        return Err(StorageError::Constraint(format!(
                            "ConstraintError: key {key} already exists in {store}"
                        )));
                    }
                    records.insert(key, record);
                }
                Op::Put { store, record } => {
                    let records = store_mut(&mut next, store)?;
                    let key = key_of(&record)?;
                    records.insert(key, record);
                }
                Op::Delete { store, id } => {
                    store_mut(&mut next, store)?.remove(&id);
                }
            }
        }
        if let Some(quota) = inner.quota_bytes {
            let used: usize = next
                .values()
                .flat_map(|records| records.values())
                .map(|r| r.to_string().len())
                .sum();
            if used > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        inner.stores = next;
        Ok(())
    }
}

fn store_mut<'a>(
    stores: &'a mut BTreeMap<&'static str, BTreeMap<String, Value>>,
    store: &str,
) -> Result<&'a mut BTreeMap<String, Value>, StorageError> {
    stores.get_mut(store).ok_or_else(|| {
        StorageError::UnknownStore(format!("NotFoundError: no object store named {store}"))
    })
}

fn key_of(record: &Value) -> Result<String, StorageError> {
    record_key(record)
        .map(str::to_string)
        .ok_or_else(|| StorageError::InvalidRecord("DataError: the record has no string id".into()))
}
