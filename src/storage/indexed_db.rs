//! The IndexedDB adapter, built on the `idb` crate (open, upgrade, `blocked`, transactions and
//! requests) plus one small completion future of our own (see [`finish`]).
//!
//! Each call is one transaction. Requests inside it are issued back to back without awaiting
//! each, so the transaction stays active; the result is read once the transaction completes.

use std::cell::RefCell;
use std::rc::Rc;

use idb::{Factory, KeyPath, ObjectStoreParams, Request as _, TransactionMode};
use js_sys::{Array, Promise};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    BroadcastChannel, DomException, Event, IdbDatabase, IdbRequest, IdbTransaction, MessageEvent,
};

use super::{
    Changed, ConnectionEvent, DB_VERSION, Expect, Fetched, OnConnectionEvent, Op, Snapshot,
    StorageError, Unreadable, all_stores, announcement, read_announcement, record_key,
};

#[wasm_bindgen(inline_js = r#"
export function plain_json_text(list) {
  // The JSON text of a list of stored records, or undefined when one holds a value that JSON
  // would silently change (a binary field, a date, a map): those are read one by one instead.
  let plain = true;
  let text;
  try {
    text = JSON.stringify(list, function (key, value) {
      const original = this[key];
      if (plain && original !== null && typeof original === 'object' && !Array.isArray(original)) {
        const proto = Object.getPrototypeOf(original);
        if (proto !== Object.prototype && proto !== null) plain = false;
      }
      return value;
    });
  } catch (e) {
    return undefined;
  }
  return plain ? text : undefined;
}
"#)]
extern "C" {
    /// See the JS above: one `JSON.stringify` per store, on the browser's side.
    fn plain_json_text(list: &JsValue) -> Option<String>;
}

/// A performance mark for the start-up benchmark's breakdown.
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// An event handler kept alive for as long as the connection.
type Handler = Closure<dyn FnMut(Event)>;

/// An open connection to the app's IndexedDB database.
#[derive(Clone)]
pub struct IdbStorage {
    db: IdbDatabase,
    _on_version_change: Rc<Handler>,
    /// Tells other tabs of this database that something was written (absent if unsupported).
    channel: Option<BroadcastChannel>,
    on_message: Rc<RefCell<Option<Handler>>>,
}

impl IdbStorage {
    /// Open (creating or upgrading as needed) database `name` at [`DB_VERSION`].
    ///
    /// `on_event` hears [`ConnectionEvent::Blocked`] while an older tab keeps the upgrade
    /// waiting, and [`ConnectionEvent::VersionChange`] if a newer tab later takes over; in that
    /// case this connection is closed first so the other tab is never left hanging.
    pub async fn open(name: &str, on_event: OnConnectionEvent) -> Result<IdbStorage, StorageError> {
        Self::open_at(name, DB_VERSION, on_event).await
    }

    /// Open at a given version (tests use this to simulate older or newer app versions).
    pub async fn open_at(
        name: &str,
        version: u32,
        on_event: OnConnectionEvent,
    ) -> Result<IdbStorage, StorageError> {
        let factory = Factory::new().map_err(|_| {
            StorageError::Unavailable("IndexedDB is missing in this browser".into())
        })?;
        let mut request = factory
            .open(name, Some(version))
            .map_err(|e| map_idb(e, StorageError::Unavailable))?;
        // The version the database had when an upgrade began (0: it is being created), so a
        // failed upgrade of existing data is not reported as storage being unavailable.
        let upgraded_from = Rc::new(std::cell::Cell::new(None::<u32>));
        let seen = upgraded_from.clone();
        request.on_upgrade_needed(move |event| {
            seen.set(Some(event.old_version().unwrap_or(0)));
            upgrade(event)
        });
        let blocked = on_event.clone();
        request.on_blocked(move |_| blocked(ConnectionEvent::Blocked));
        let database = request.await.map_err(|e| match upgraded_from.get() {
            Some(old) if old > 0 => {
                let cause = map_idb(e, StorageError::Other).to_string();
                StorageError::UpgradeFailed(format!("from version {old} to {version}: {cause}"))
            }
            _ => map_idb(e, StorageError::Unavailable),
        })?;
        let db: IdbDatabase = database.into();

        let for_close = db.clone();
        let on_version_change = Closure::<dyn FnMut(Event)>::new(move |_event: Event| {
            for_close.close();
            on_event(ConnectionEvent::VersionChange);
        });
        db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
        Ok(IdbStorage {
            db,
            _on_version_change: Rc::new(on_version_change),
            channel: BroadcastChannel::new(&format!("iop-planner-db:{name}")).ok(),
            on_message: Rc::default(),
        })
    }

    /// Call `callback` with the store and ids of whatever another tab commits to this
    /// database (`None`: reload everything).
    pub fn on_external_change(&self, callback: Rc<dyn Fn(Changed)>) {
        let Some(channel) = &self.channel else {
            return;
        };
        let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            let changed = event
                .dyn_ref::<MessageEvent>()
                .and_then(|m| m.data().as_string())
                .and_then(|text| read_announcement(&text));
            callback(changed)
        });
        channel.set_onmessage(Some(closure.as_ref().unchecked_ref()));
        *self.on_message.borrow_mut() = Some(closure);
    }

    /// Close this connection (pending transactions finish first).
    pub fn close(&self) {
        self.db.set_onversionchange(None);
        self.db.close();
        if let Some(channel) = &self.channel {
            channel.set_onmessage(None);
            channel.close();
        }
    }

    /// The version the open database has.
    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// Delete database `name` (tests and "erase all data").
    pub async fn delete(name: &str) -> Result<(), StorageError> {
        let factory = Factory::new().map_err(|_| {
            StorageError::Unavailable("IndexedDB is missing in this browser".into())
        })?;
        factory
            .delete(name)
            .map_err(|e| map_idb(e, StorageError::Other))?
            .await
            .map_err(|e| map_idb(e, StorageError::Other))
    }

    fn database(&self) -> idb::Database {
        idb::Database::from(self.db.clone())
    }

    pub(super) async fn load_all(&self) -> Result<Snapshot, StorageError> {
        let names = all_stores();
        let tx = self
            .database()
            .transaction(&names, TransactionMode::ReadOnly)
            .map_err(|e| map_idb(e, StorageError::Other))?;
        let mut requests = Vec::with_capacity(names.len());
        for name in &names {
            let store = tx
                .object_store(name)
                .map_err(|e| map_idb(e, StorageError::Other))?;
            let request = store
                .get_all(None, None)
                .map_err(|e| map_idb(e, StorageError::Other))?;
            requests.push((*name, request));
        }
        finish(tx.into()).await?;
        mark("iop-storage-read");
        let mut snapshot = Snapshot::default();
        for (name, request) in requests {
            let result = request
                .result()
                .map_err(|e| map_idb(e, StorageError::Other))?;
            let array: Array = result.dyn_into().map_err(|_| {
                StorageError::Other(format!("reading {name} did not return a list"))
            })?;
            let text = match plain_json_text(&array) {
                Some(text) => text,
                None => {
                    // Rare: something not plain JSON is stored. Decode record by record and
                    // report the ones that are not.
                    let mut records = Vec::with_capacity(array.length() as usize);
                    for item in array.iter() {
                        match decode(name, &item) {
                            Ok(value) => records.push(value),
                            Err(unreadable) => snapshot.unreadable.push(unreadable),
                        }
                    }
                    serde_json::to_string(&records)
                        .map_err(|e| StorageError::Other(e.to_string()))?
                }
            };
            snapshot.stores.insert(name, text);
        }
        mark("iop-storage-text");
        Ok(snapshot)
    }

    pub(super) async fn get_many(
        &self,
        wanted: &[(&'static str, Vec<String>)],
    ) -> Result<Vec<(&'static str, String, Fetched)>, StorageError> {
        let names: Vec<&str> = wanted.iter().map(|(s, _)| *s).collect();
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self
            .database()
            .transaction(&names, TransactionMode::ReadOnly)
            .map_err(|e| map_idb(e, StorageError::Other))?;
        let raw: IdbTransaction = tx.into();
        let mut requests = Vec::new();
        for (store, ids) in wanted {
            let object_store = raw.object_store(store).map_err(js_error)?;
            for id in ids {
                let request = object_store.get(&JsValue::from_str(id)).map_err(js_error)?;
                requests.push((*store, id.clone(), request));
            }
        }
        finish(raw).await?;
        let mut out = Vec::with_capacity(requests.len());
        for (store, id, request) in requests {
            let value = request.result().map_err(js_error)?;
            let fetched = if value.is_undefined() {
                Fetched::Missing
            } else {
                match decode(store, &value) {
                    Ok(v) => Fetched::Found(v),
                    Err(u) => Fetched::Unreadable(u),
                }
            };
            out.push((store, id, fetched));
        }
        Ok(out)
    }

    pub(super) async fn apply(&self, ops: Vec<Op>) -> Result<(), StorageError> {
        // Key checks first, with the twin's wording: IndexedDB would also accept numeric ids.
        for op in &ops {
            if let Op::Insert { record, .. } | Op::Put { record, .. } = op
                && record_key(record).is_none()
            {
                return Err(StorageError::InvalidRecord(
                    "DataError: the record has no string id".into(),
                ));
            }
        }
        let mut names: Vec<&str> = ops.iter().map(Op::store).collect();
        names.sort_unstable();
        names.dedup();
        let tx = self
            .database()
            .transaction(&names, TransactionMode::ReadWrite)
            .map_err(|e| map_idb(e, StorageError::Other))?;
        let raw: IdbTransaction = tx.into();
        let message = announcement(&ops);
        let failure: Rc<RefCell<Option<StorageError>>> = Rc::default();

        // Writes that expect a revision read the stored record first, in this transaction.
        // The checks and the writes run inside the last read's success event, while the
        // transaction is certainly still active, so nothing can change in between.
        let mut checks: Vec<(Expect, &'static str, String, IdbRequest)> = Vec::new();
        for op in &ops {
            let expect = op.expect();
            if expect == Expect::Any {
                continue;
            }
            let request = raw
                .object_store(op.store())
                .and_then(|s| s.get(&JsValue::from_str(op.id())))
                .map_err(js_error);
            match request {
                Ok(r) => checks.push((expect, op.store(), op.id().to_string(), r)),
                Err(e) => {
                    let _ = raw.abort();
                    let _ = finish(raw).await;
                    return Err(e);
                }
            }
        }
        let mut _on_checked: Option<Handler> = None;
        if let Some((.., last)) = checks.last() {
            let last = last.clone();
            let tx = raw.clone();
            let failure = failure.clone();
            let handler: Handler = Closure::once(move |_event: Event| {
                for (expect, store, id, request) in checks {
                    let found = request
                        .result()
                        .ok()
                        .filter(|v| !v.is_undefined())
                        .map(|v| rev_of(&v));
                    if !expect.met_by(found) {
                        *failure.borrow_mut() = Some(StorageError::Conflict {
                            store: store.to_string(),
                            id,
                        });
                        let _ = tx.abort();
                        return;
                    }
                }
                if let Err(error) = issue_writes(&tx, ops) {
                    *failure.borrow_mut() = Some(error);
                    let _ = tx.abort();
                }
            });
            last.set_onsuccess(Some(handler.as_ref().unchecked_ref()));
            _on_checked = Some(handler);
        } else if let Err(error) = issue_writes(&raw, ops) {
            // Nothing of a half-issued action may land.
            let _ = raw.abort();
            let _ = finish(raw).await;
            return Err(error);
        }
        let outcome = finish(raw).await;
        if let Some(error) = failure.borrow_mut().take() {
            return Err(error);
        }
        outcome?;
        if let Some(channel) = &self.channel {
            let _ = channel.post_message(&JsValue::from_str(&message));
        }
        Ok(())
    }
}

/// Issue every write of `ops` in `tx`, back to back.
fn issue_writes(tx: &IdbTransaction, ops: Vec<Op>) -> Result<(), StorageError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    for op in ops {
        match op {
            Op::Insert { store, record } => {
                let value = to_js(&record, &serializer)?;
                tx.object_store(store)
                    .and_then(|s| s.add(&value))
                    .map_err(js_error)?;
            }
            Op::Put { store, record, .. } => {
                let value = to_js(&record, &serializer)?;
                tx.object_store(store)
                    .and_then(|s| s.put(&value))
                    .map_err(js_error)?;
            }
            Op::Delete { store, id, .. } => {
                tx.object_store(store)
                    .and_then(|s| s.delete(&JsValue::from_str(&id)))
                    .map_err(js_error)?;
            }
            Op::Discard { store, key, .. } => {
                // The key with its type (a number, a list): only that deletes the record.
                let key = to_js(&key, &serializer)?;
                tx.object_store(store)
                    .and_then(|s| s.delete(&key))
                    .map_err(js_error)?;
            }
        }
    }
    Ok(())
}

/// The revision of a stored JS record (`rev`; 0 when missing).
fn rev_of(value: &JsValue) -> u64 {
    js_sys::Reflect::get(value, &JsValue::from_str("rev"))
        .ok()
        .and_then(|r| r.as_f64())
        .filter(|r| *r >= 0.0)
        .map(|r| r as u64)
        .unwrap_or(0)
}

/// Decode one stored JS value into JSON; a value that is not plain JSON (a binary field, a
/// date object) is reported, with the best text rendering available, instead of failing.
fn decode(store: &'static str, item: &JsValue) -> Result<Value, Unreadable> {
    serde_wasm_bindgen::from_value(item.clone()).map_err(|e| {
        // The key with its type: a string id, or a number or list something else wrote.
        let stored_key: Value = js_sys::Reflect::get(item, &JsValue::from_str("id"))
            .ok()
            .and_then(|id| serde_wasm_bindgen::from_value(id).ok())
            .unwrap_or(Value::Null);
        Unreadable {
            store,
            key: crate::domain::record::key_text(&stored_key),
            stored_key,
            reason: format!("it holds a value that is not plain JSON ({e})"),
            text: js_text(item).unwrap_or_else(|| "(this value cannot be shown as text)".into()),
        }
    })
}

fn js_text(value: &JsValue) -> Option<String> {
    js_sys::JSON::stringify_with_replacer_and_space(value, &JsValue::NULL, &JsValue::from(2))
        .ok()
        .and_then(|s| s.as_string())
}

/// A JS exception (normally a DOMException) as our error.
fn js_error(error: JsValue) -> StorageError {
    match error.dyn_ref::<DomException>() {
        Some(dom) => StorageError::from_dom(&dom.name(), &dom.message()),
        None => StorageError::Other(format!("{error:?}")),
    }
}

fn to_js(
    record: &Value,
    serializer: &serde_wasm_bindgen::Serializer,
) -> Result<JsValue, StorageError> {
    record
        .serialize(serializer)
        .map_err(|e| StorageError::InvalidRecord(e.to_string()))
}

/// Create every store of the current layout that is missing. Runs inside the upgrade
/// transaction; on any failure it aborts that transaction so the open fails instead of leaving
/// a half layout. Checking what exists (not trusting the old version number) makes it
/// idempotent and repairs a database some other code created at a lower version.
fn upgrade(event: idb::event::VersionChangeEvent) {
    let raw: web_sys::IdbVersionChangeEvent = event.into();
    let Some(request) = raw
        .target()
        .and_then(|t| t.dyn_into::<web_sys::IdbOpenDbRequest>().ok())
    else {
        return;
    };
    let Ok(result) = request.result() else {
        return;
    };
    let Ok(db) = result.dyn_into::<IdbDatabase>() else {
        return;
    };
    let database = idb::Database::from(db);
    let existing = database.store_names();
    for store in all_stores() {
        if existing.iter().any(|s| s == store) {
            continue;
        }
        let mut params = ObjectStoreParams::new();
        params.key_path(Some(KeyPath::new_single("id")));
        if database.create_object_store(store, params).is_err() {
            if let Some(tx) = request.transaction() {
                let _ = tx.abort();
            }
            return;
        }
    }
}

/// Wait for a transaction to commit; an abort becomes its typed error.
///
/// Our own future rather than `idb`'s: that one resolves on the first `error` event and drops
/// its handlers before the `abort` event arrives, which then calls a dropped closure.
async fn finish(tx: IdbTransaction) -> Result<(), StorageError> {
    let slots: Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>> = Rc::default();
    let promise = {
        let slots = slots.clone();
        Promise::new(&mut move |resolve, reject| {
            *slots.borrow_mut() = Some((resolve, reject));
        })
    };
    let Some((resolve, reject)) = slots.borrow_mut().take() else {
        return Err(StorageError::Other(
            "could not wait for the transaction".into(),
        ));
    };
    let on_complete = Closure::once(move || {
        let _ = resolve.call0(&JsValue::UNDEFINED);
    });
    let for_abort = tx.clone();
    let on_abort = Closure::once(move || {
        let error = for_abort
            .error()
            .map(JsValue::from)
            .unwrap_or(JsValue::NULL);
        let _ = reject.call1(&JsValue::UNDEFINED, &error);
    });
    tx.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
    tx.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
    let outcome = JsFuture::from(promise).await;
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    drop((on_complete, on_abort));
    outcome
        .map(|_| ())
        .map_err(|error| match error.dyn_ref::<DomException>() {
            Some(dom) => StorageError::from_dom(&dom.name(), &dom.message()),
            None => StorageError::Other("the change was cancelled by the browser".into()),
        })
}

/// Map an `idb` error to ours: DOMExceptions by name, the rest through `fallback`.
fn map_idb(error: idb::Error, fallback: fn(String) -> StorageError) -> StorageError {
    use idb::Error as E;
    let js = match &error {
        E::DomException(dom) => return StorageError::from_dom(&dom.name(), &dom.message()),
        E::AddFailed(v)
        | E::DeleteFailed(v)
        | E::GetAllFailed(v)
        | E::UpdateFailed(v)
        | E::IndexedDbOpenFailed(v)
        | E::IndexedDbDeleteFailed(v)
        | E::IndexedDbNotFound(v)
        | E::ObjectStoreNotFound(v)
        | E::ObjectStoreCreateFailed(v)
        | E::TransactionOpenFailed(v)
        | E::RequestResultNotFound(v) => Some(v),
        _ => None,
    };
    match js.and_then(|v| v.dyn_ref::<DomException>()) {
        Some(dom) => StorageError::from_dom(&dom.name(), &dom.message()),
        None => fallback(error.to_string()),
    }
}
