//! The in-memory twin of the IndexedDB adapter: same stores, same all-or-nothing transactions,
//! same errors. Backs native tests and component tests; never used for real data.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use serde_json::Value;

use super::{Fetched, Op, Snapshot, StorageError, Unreadable, all_stores, record_key, stored_rev};

#[derive(Default)]
struct Inner {
    stores: BTreeMap<&'static str, BTreeMap<String, Value>>,
    /// Values that cannot be decoded, as a browser may hold (test hook).
    unreadable: BTreeMap<(&'static str, String), (String, String)>,
    /// Records stored under a key that is not a string (a number, a list), as another program
    /// may have written them (test hook), by store and the key's JSON text: IndexedDB keeps a
    /// key's type, so `7` and `"7"` are different records.
    other_keys: BTreeMap<(&'static str, String), Value>,
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

    /// Store a value that cannot be decoded under `key` (as a binary field would be in a
    /// browser): loading reports it as unreadable with `reason` and `text`.
    pub fn put_unreadable(&self, store: &'static str, key: &str, reason: &str, text: &str) {
        let mut inner = self.inner.borrow_mut();
        if let Some(records) = inner.stores.get_mut(store) {
            records.remove(key);
        }
        inner.unreadable.insert(
            (store, key.to_string()),
            (reason.to_string(), text.to_string()),
        );
    }

    /// Write records as they are, bypassing every check (tests: damaged or older data). A
    /// record whose `id` is a number or a list is kept under that key, with its type.
    pub fn put_raw(&self, store: &'static str, records: Vec<Value>) {
        let mut inner = self.inner.borrow_mut();
        for record in records {
            if let Some(key) = record_key(&record).map(str::to_string) {
                if let Some(map) = inner.stores.get_mut(store) {
                    map.insert(key, record);
                }
            } else if let Some(key) = record.get("id").filter(|k| k.is_number() || k.is_array()) {
                let key = (store, key.to_string());
                inner.other_keys.insert(key, record);
            }
        }
    }

    /// Whether a record is stored under this key of any type, given as JSON (tests).
    pub fn holds_key(&self, store: &str, key: &Value) -> bool {
        let inner = self.inner.borrow();
        match key {
            Value::String(id) => inner.stores.get(store).is_some_and(|m| m.contains_key(id)),
            other => {
                let wanted = other.to_string();
                inner
                    .other_keys
                    .keys()
                    .any(|(s, k)| *s == store && *k == wanted)
            }
        }
    }

    /// Remove a stored record without any check (tests).
    pub fn remove_raw(&self, store: &str, id: &str) {
        if let Some(records) = self.inner.borrow_mut().stores.get_mut(store) {
            records.remove(id);
        }
    }

    /// One stored record as it is (tests).
    pub fn raw(&self, store: &str, id: &str) -> Option<Value> {
        self.inner.borrow().stores.get(store)?.get(id).cloned()
    }

    pub(super) fn load_all(&self) -> Result<Snapshot, StorageError> {
        let inner = self.inner.borrow();
        if inner.closed {
            return Err(StorageError::Closed);
        }
        Ok(Snapshot {
            stores: inner
                .stores
                .iter()
                .map(|(name, records)| {
                    let others = inner
                        .other_keys
                        .iter()
                        .filter(|((s, _), _)| s == name)
                        .map(|(_, v)| v);
                    let list: Vec<&Value> = others.chain(records.values()).collect();
                    (
                        *name,
                        serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()),
                    )
                })
                .collect(),
            unreadable: inner
                .unreadable
                .iter()
                .map(|((store, key), (reason, text))| Unreadable {
                    store,
                    key: key.clone(),
                    stored_key: key.clone().into(),
                    reason: reason.clone(),
                    text: text.clone(),
                })
                .collect(),
        })
    }

    pub(super) fn get_many(
        &self,
        wanted: &[(&'static str, Vec<String>)],
    ) -> Result<Vec<(&'static str, String, Fetched)>, StorageError> {
        let inner = self.inner.borrow();
        if inner.closed {
            return Err(StorageError::Closed);
        }
        let mut out = Vec::new();
        for (store, ids) in wanted {
            let records = store_ref(&inner.stores, store)?;
            for id in ids {
                let fetched = match (records.get(id), inner.unreadable.get(&(*store, id.clone()))) {
                    (Some(v), _) => Fetched::Found(v.clone()),
                    (None, Some((reason, text))) => Fetched::Unreadable(Unreadable {
                        store,
                        key: id.clone(),
                        stored_key: id.clone().into(),
                        reason: reason.clone(),
                        text: text.clone(),
                    }),
                    (None, None) => Fetched::Missing,
                };
                out.push((*store, id.clone(), fetched));
            }
        }
        Ok(out)
    }

    pub(super) fn apply(&self, ops: Vec<Op>) -> Result<(), StorageError> {
        let mut inner = self.inner.borrow_mut();
        if inner.closed {
            return Err(StorageError::Closed);
        }
        if let Some(error) = inner.fail_next.take() {
            return Err(error);
        }
        // Expectations first, against what is stored now, as the IndexedDB adapter checks them
        // inside its transaction.
        for op in &ops {
            let expect = op.expect();
            if expect == super::Expect::Any {
                continue;
            }
            let store = op.store();
            let id = op.id();
            let found = if inner.unreadable.contains_key(&(store, id.to_string())) {
                Some(u64::MAX)
            } else {
                store_ref(&inner.stores, store)?.get(id).map(stored_rev)
            };
            if !expect.met_by(found) {
                return Err(StorageError::Conflict {
                    store: store.to_string(),
                    id: id.to_string(),
                });
            }
        }
        // Work on a copy so a failing op leaves nothing behind, like an aborted transaction.
        let mut next = inner.stores.clone();
        let mut cleared = Vec::new();
        let mut discarded = Vec::new();
        for op in ops {
            match op {
                Op::Insert { store, record } => {
                    let records = store_mut(&mut next, store)?;
                    let key = key_of(&record)?;
                    if records.contains_key(&key)
                        || inner.unreadable.contains_key(&(store, key.clone()))
                    {
                        return Err(StorageError::Constraint(format!(
                            "ConstraintError: key {key} already exists in {store}"
                        )));
                    }
                    records.insert(key, record);
                }
                Op::Put { store, record, .. } => {
                    let records = store_mut(&mut next, store)?;
                    let key = key_of(&record)?;
                    cleared.push((store, key.clone()));
                    records.insert(key, record);
                }
                Op::Delete { store, id, .. } => {
                    store_mut(&mut next, store)?.remove(&id);
                    cleared.push((store, id));
                }
                Op::Discard { store, key, .. } => match key {
                    Value::String(id) => {
                        store_mut(&mut next, store)?.remove(&id);
                        cleared.push((store, id));
                    }
                    other => {
                        store_ref(&next, store)?;
                        discarded.push((store, other.to_string()));
                    }
                },
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
        for key in cleared {
            inner.unreadable.remove(&key);
        }
        for key in discarded {
            inner.other_keys.remove(&key);
        }
        Ok(())
    }
}

fn store_ref<'a>(
    stores: &'a BTreeMap<&'static str, BTreeMap<String, Value>>,
    store: &str,
) -> Result<&'a BTreeMap<String, Value>, StorageError> {
    stores.get(store).ok_or_else(|| {
        StorageError::UnknownStore(format!("NotFoundError: no object store named {store}"))
    })
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
