//! Named commands between the UI and storage. Each validates through the domain and turns the
//! request into a [`Change`]; [`App::commit`] checks it (no write over a damaged record, no
//! write over a newer revision), persists it as one transaction and only then applies it in
//! memory, so the screen never shows something that was not saved.
//!
//! The commands live by feature: [`clients`], [`roster`], [`library`], [`sessions`],
//! [`settings`].

pub mod backup;
pub mod clients;
pub mod families;
pub mod library;
pub mod preferences;
pub mod roster;
pub mod sessions;
pub mod settings;
pub mod share;

use std::collections::BTreeMap;
use std::rc::Rc;

use leptos::prelude::*;
use thiserror::Error;

use crate::domain::record::edits::{EDITS_FIELD, Edits};
use crate::domain::record::{NewEdits, NewRevisions, REV_FIELD, layout};
use crate::domain::{Change, Kind, Programme, Quarantined, ValidationErrors};
use crate::platform::Services;
use crate::storage::{Changed, Expect, Fetched, Op, Snapshot, Storage, StorageError};
pub use crate::storage::{DB_NAME, DB_VERSION};

/// Why an action did not happen. Nothing was saved in any case.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActionError {
    /// The form has problems; messages are per field.
    #[error("Some fields need attention.")]
    Invalid(ValidationErrors),
    /// The request makes no sense any more (e.g. the record was removed meanwhile), or would
    /// write over a record that could not be read.
    #[error("{0}")]
    Refused(String),
    /// The record was changed in another tab since this one read it.
    #[error(
        "This was changed in another tab since you opened it, so your change was not saved. Reload the page to see the saved version."
    )]
    Conflict { kind: Kind, id: String },
    /// Storage failed; the message says what the person can do.
    #[error("{0}")]
    Storage(StorageError),
}

impl From<StorageError> for ActionError {
    fn from(error: StorageError) -> ActionError {
        match error {
            StorageError::Conflict { store, id } => match Kind::of_store(&store) {
                Some(kind) => ActionError::Conflict { kind, id },
                None => ActionError::Storage(StorageError::Conflict { store, id }),
            },
            other => ActionError::Storage(other),
        }
    }
}

/// The app's state and its storage, shared through context. Cheap to copy.
#[derive(Clone, Copy)]
pub struct App {
    /// Everything loaded, kept in step with storage by the commands. Records that could not be
    /// read are in its `quarantine`.
    pub programme: RwSignal<Programme>,
    /// Set when the storage connection is gone for good (another tab upgraded): reload needed.
    pub connection_lost: RwSignal<bool>,
    /// Something done on its own after start-up that did not happen, and why (shown in the
    /// shell), e.g. rolling sessions not topped up because a damaged session is in the way.
    pub background_problem: RwSignal<Option<String>>,
    storage: StoredValue<Storage, LocalStorage>,
    /// The browser services commands use (ids, clock, sealing, encryption), or their twin.
    services: StoredValue<Services, LocalStorage>,
    /// How much this tab raises a revision (see [`plan_ops`]).
    rev_step: u64,
}

/// The [`App`] from context. Panics outside the app shell, which is a programming error.
pub fn use_app() -> App {
    expect_context::<App>()
}

/// Load everything from `storage` (one read transaction) and build the app state, with the
/// starter library in an empty programme (see [`App::seed_starter_library`]). Records another
/// tab commits later are read again one by one, so lists never go stale across tabs.
pub async fn start(storage: Storage) -> Result<App, StorageError> {
    let app = open(storage).await?;
    app.seed_starter_library().await?;
    Ok(app)
}

/// [`start`] without the starter library: the app shell seeds it after its first paint, so a
/// new programme's first screen does not wait for the library's text to download.
pub async fn open(storage: Storage) -> Result<App, StorageError> {
    let programme = load_moving_sessions(&storage).await?;
    let app = App::new(storage.clone(), programme);
    storage.on_external_change(Rc::new(move |changed| {
        leptos::task::spawn_local(refresh_from_another_tab(app, changed))
    }));
    Ok(app)
}

impl App {
    /// An empty programme starts with the starter library. If another tab seeded it first, the
    /// inserts fail as one transaction and its copy is loaded instead.
    pub async fn seed_starter_library(&self) -> Result<(), StorageError> {
        if self.programme.with_untracked(|p| {
            p.topics.is_empty()
                && p.curricula.is_empty()
                && !p.quarantine.keys().any(|(store, _)| {
                    [Kind::Topic.store(), Kind::Curriculum.store()].contains(store)
                })
        }) && self.add_starter_library().await.is_err()
        {
            self.reload().await?;
        }
        Ok(())
    }
}

/// [`App::refresh`] for a change another tab made. A wasm part of its own with the `split`
/// feature, fetched on the first such change: a tab on its own never needs it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn refresh_from_another_tab(app: App, changed: Changed) {
    let _ = app.refresh(changed).await;
}

async fn load(storage: &Storage) -> Result<Programme, StorageError> {
    Ok(programme_from(storage.load_all().await?))
}

/// Load everything, first moving sessions stored one per record (database version 4) into
/// their group-months as one transaction. If another tab moved them first, its result is read.
async fn load_moving_sessions(storage: &Storage) -> Result<Programme, StorageError> {
    let programme = load(storage).await?;
    if programme.legacy_sessions.is_empty() {
        return Ok(programme);
    }
    move_legacy_sessions(storage.clone(), programme).await
}

/// The move itself: needed once per database, so a wasm part of its own with the `split`
/// feature (it writes records of every kind's shape).
#[cfg_attr(feature = "split", leptos::lazy)]
async fn move_legacy_sessions(
    storage: Storage,
    programme: Programme,
) -> Result<Programme, StorageError> {
    let ops = legacy_session_ops(&programme).map_err(|e| StorageError::Other(e.to_string()))?;
    match storage.apply(ops).await {
        Ok(()) | Err(StorageError::Conflict { .. }) => load(&storage).await,
        Err(e) => Err(e),
    }
}

/// Build the programme from a storage snapshot through the record registry.
pub fn programme_from(snapshot: Snapshot) -> Programme {
    Programme::restore(&snapshot.stores, snapshot.unreadable)
}

/// The stored JSON of every record of `change` and the ops that write it, with the
/// expectations that keep one tab from writing over another's newer revision.
///
/// `base` names a record edited in a form and the revision the form was opened at. Sessions
/// are stored by group and month ([`month`]): the months a change touches are written whole,
/// at the month's revision. A new revision is the old one plus `step`; each tab uses its own
/// step, so two tabs never write the same revision of a record and a write queued behind a
/// refused one cannot pass by matching the other tab's revision.
pub fn plan_ops(
    p: &Programme,
    change: &Change,
    base: Option<(Kind, &str, u64)>,
    step: u64,
    actor: &str,
) -> Result<Planned, ActionError> {
    for (kind, id) in change.touched() {
        if let Some(q) = p.quarantined(kind, id) {
            return Err(damaged(q));
        }
        // A record of a kind held inside another that is still in its own old store.
        if kind.ops().held_in().is_some() && kind.ops().exists(p, id) {
            return Err(ActionError::Refused(
                "Sessions are still being moved to the new storage layout. Reload the page and try again.".into(),
            ));
        }
    }
    if let Some((kind, id, rev)) = base
        && p.revision(kind, id) != rev
    {
        return Err(ActionError::Conflict {
            kind,
            id: id.to_string(),
        });
    }
    let edits = new_edits(p, change, actor)?;
    // What storage writes: sessions as the months that hold them (see `Stored::HELD_IN`).
    let change = &layout::as_stored(p, change).map_err(ActionError::Refused)?;
    for (kind, id) in change.touched() {
        if let Some(q) = p.quarantined(kind, id) {
            return Err(damaged(q));
        }
    }
    let stored = |kind: Kind, id: &str| kind.ops().exists(p, id);
    let next = |current: u64| current + step.max(1);
    let mut ops = Vec::with_capacity(change.insert.len() + change.put.len() + change.delete.len());
    let mut revs = Vec::with_capacity(ops.capacity());
    for record in &change.insert {
        let json = json_at(record, 1, p.edits_json(record, &edits))?;
        ops.push(Op::Insert {
            store: record.kind().store(),
            record: json,
        });
        revs.push((record.kind(), record.id().to_string(), Some(1)));
    }
    for record in &change.put {
        let (kind, id) = (record.kind(), record.id());
        let (expect, rev) = if stored(kind, id) {
            let current = p.revision(kind, id);
            (Expect::Rev(current), next(current))
        } else {
            (Expect::Absent, 1)
        };
        let json = json_at(record, rev, p.edits_json(record, &edits))?;
        ops.push(Op::Put {
            store: kind.store(),
            record: json,
            expect,
        });
        revs.push((kind, id.to_string(), Some(rev)));
    }
    for gone in &change.delete {
        let expect = if stored(gone.kind, &gone.id) {
            Expect::Rev(p.revision(gone.kind, &gone.id))
        } else {
            Expect::Any
        };
        ops.push(Op::Delete {
            store: gone.kind.store(),
            id: gone.id.clone(),
            expect,
        });
        revs.push((gone.kind, gone.id.clone(), None));
    }
    Ok((ops, revs, edits))
}

/// What [`plan_ops`] plans: the ops, and the revisions and edit histories they give records.
pub type Planned = (Vec<Op>, NewRevisions, NewEdits);

/// The edit history each record `change` writes will have: the one the change gives (a
/// restored or merged record's), else one new edit by `actor` stamping the fields it changes
/// (see [`crate::domain::record::edits`]); a new record's, made by it.
fn new_edits(p: &Programme, change: &Change, actor: &str) -> Result<NewEdits, ActionError> {
    let mut out = NewEdits::with_capacity(change.insert.len() + change.put.len());
    let given: BTreeMap<(Kind, &str), &Edits> = change
        .edits
        .iter()
        .map(|(k, i, e)| ((*k, i.as_str()), e))
        .collect();
    let writes =
        (change.insert.iter().map(|r| (r, true))).chain(change.put.iter().map(|r| (r, false)));
    for (record, new) in writes {
        let (kind, id) = (record.kind(), record.id());
        if kind.holds_others() {
            // A holder's history is its records' (a month's, its sessions').
            continue;
        }
        if let Some(given) = given.get(&(kind, id)) {
            out.push((kind, id.to_string(), (*given).clone()));
            continue;
        }
        let before = if new { None } else { kind.ops().current(p, id) };
        let history = match before {
            Some(before) => {
                let before = before.to_json().map_err(invalid_record)?;
                let after = record.to_json().map_err(invalid_record)?;
                p.edits(kind, id)
                    .cloned()
                    .unwrap_or_default()
                    .edited(&before, &after, actor)
            }
            _ => Edits::created(actor),
        };
        out.push((kind, id.to_string(), history));
    }
    // Sorted, so `Programme::edits_json` finds each in a restore of thousands quickly.
    out.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    Ok(out)
}

/// The ops that move sessions read from the old one-record-per-session store into their
/// months, as one transaction: each month written (expected absent, or at the revision read),
/// each old record deleted at the revision read.
pub fn legacy_session_ops(p: &Programme) -> Result<Vec<Op>, ActionError> {
    let change = layout::move_legacy(p);
    let mut ops = Vec::new();
    for record in &change.put {
        let id = record.id();
        // Months are always stored at revision 1 or more.
        let current = p.revision(Kind::SessionMonth, id);
        let expect = if current == 0 {
            Expect::Absent
        } else {
            Expect::Rev(current)
        };
        let json = json_at(record, current + 1, p.edits_json(record, &NewEdits::new()))?;
        ops.push(Op::Put {
            store: Kind::SessionMonth.store(),
            record: json,
            expect,
        });
    }
    for gone in &change.delete {
        ops.push(Op::Delete {
            store: Kind::Session.store(),
            id: gone.id.clone(),
            expect: Expect::Rev(p.revision(Kind::Session, &gone.id)),
        });
    }
    Ok(ops)
}

pub(crate) fn damaged(q: &Quarantined) -> ActionError {
    if q.kind() == Some(Kind::Settings) {
        return ActionError::Refused(
            "The saved settings could not be read, so they cannot be changed now: saving would replace them with defaults. Open Settings, Damaged records, to export or discard them first.".into(),
        );
    }
    if q.by_newer_version() {
        return ActionError::Refused(format!(
            "This would write over a {} ({}) that a newer version of IOP Planner saved and this version cannot read in full, so nothing was saved. Make this change in the newer version.",
            q.kind().map_or("record", Kind::label),
            q.key
        ));
    }
    ActionError::Refused(format!(
        "This would write over a {} that could not be read ({}), so nothing was saved. Open Settings, Damaged records, to export or discard it first.",
        q.kind().map_or("record", Kind::label),
        q.key
    ))
}

/// The records `ops` write or delete, by store (to read again after a refusal).
fn touched(ops: &[Op]) -> Vec<(&'static str, Vec<String>)> {
    crate::storage::changed_ids(ops)
        .into_iter()
        .filter_map(|(store, ids)| Some((Kind::of_store(&store)?.store(), ids)))
        .collect()
}

/// This tab's revision step: 1 plus a random number below 1,000 in a browser (1 in native
/// tests, which have one tab).
fn tab_step() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        1 + (js_sys::Math::random() * 1000.0) as u64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        1
    }
}

/// The stored JSON of `record` at revision `rev`, with its edit history.
fn json_at(
    record: &crate::domain::Record,
    rev: u64,
    edits: Option<serde_json::Value>,
) -> Result<serde_json::Value, ActionError> {
    let mut json = record.to_json().map_err(invalid_record)?;
    json[REV_FIELD] = rev.into();
    if let Some(edits) = edits {
        json[EDITS_FIELD] = edits;
    }
    Ok(json)
}

fn invalid_record(e: String) -> ActionError {
    ActionError::Storage(StorageError::InvalidRecord(e))
}

impl App {
    /// App state over already-loaded data.
    pub fn new(storage: Storage, programme: Programme) -> App {
        App {
            programme: RwSignal::new(programme),
            connection_lost: RwSignal::new(false),
            background_problem: RwSignal::new(None),
            storage: StoredValue::new_local(storage),
            services: StoredValue::new_local(Services::Browser),
            rev_step: tab_step(),
        }
    }

    /// Use `services` from now on (native tests give the twin, [`Services::twin`]).
    pub fn use_services(&self, services: Services) {
        self.services.set_value(services);
    }

    /// The browser services, or their twin.
    pub fn services(&self) -> Services {
        self.services.get_value()
    }

    /// A fresh record id, minted here so that components never make one.
    pub fn new_id(&self) -> String {
        self.services.with_value(|s| s.new_id())
    }

    /// Read everything again.
    pub async fn reload(&self) -> Result<(), StorageError> {
        let storage = self.storage.get_value();
        let programme = load(&storage).await?;
        self.programme.set(programme);
        Ok(())
    }

    /// Read again just the records another tab changed (`None`: everything).
    pub async fn refresh(&self, changed: Changed) -> Result<(), StorageError> {
        let Some(changed) = changed else {
            return self.reload().await;
        };
        let wanted: Vec<(&'static str, Vec<String>)> = changed
            .into_iter()
            .filter_map(|(store, ids)| Some((Kind::of_store(&store)?.store(), ids)))
            .collect();
        self.read_again(&wanted).await
    }

    async fn read_again(&self, wanted: &[(&'static str, Vec<String>)]) -> Result<(), StorageError> {
        let storage = self.storage.get_value();
        let mut fetched = storage.get_many(wanted).await?;
        // What is gone first, then what is found: a session moved from the old store into its
        // month is forgotten there before its month is read.
        fetched.sort_by_key(|(_, _, value)| !matches!(value, Fetched::Missing));
        self.programme.update(|p| {
            for (store, id, value) in fetched {
                let Some(kind) = Kind::of_store(store) else {
                    continue;
                };
                match value {
                    Fetched::Found(raw) => p.restore_record(kind, raw),
                    Fetched::Missing => p.forget(kind, &id),
                    Fetched::Unreadable(q) => p.set_quarantined(q),
                }
            }
        });
        Ok(())
    }

    /// The revision a record is stored at, as this tab knows it. Forms keep the revision they
    /// were opened at and pass it back when saving.
    pub fn revision(&self, kind: Kind, id: &str) -> u64 {
        self.programme.with_untracked(|p| p.revision(kind, id))
    }

    async fn persist(&self, ops: Vec<Op>) -> Result<(), ActionError> {
        let storage = self.storage.get_value();
        match storage.apply(ops).await {
            Ok(()) => Ok(()),
            Err(error) => {
                if error.needs_reload() {
                    self.connection_lost.set(true);
                }
                Err(error.into())
            }
        }
    }

    /// Store `change` as one transaction, then apply it in memory.
    pub async fn commit(&self, change: Change) -> Result<(), ActionError> {
        self.commit_based(change, None).await
    }

    /// [`App::commit`] for an edit made in a form opened at revision `base` of one record: if
    /// that record changed since (here or in another tab), nothing is saved and
    /// [`ActionError::Conflict`] says so.
    pub async fn commit_based(
        &self,
        change: Change,
        base: Option<(Kind, &str, u64)>,
    ) -> Result<(), ActionError> {
        if change.is_empty() {
            return Ok(());
        }
        let actor = self.device();
        let (ops, revs, edits) = self
            .programme
            .with_untracked(|p| plan_ops(p, &change, base, self.rev_step, &actor))?;
        let touched = touched(&ops);
        match self.persist(ops).await {
            Ok(()) => {
                self.show(&change, &revs, &edits);
                Ok(())
            }
            Err(error) => {
                if matches!(error, ActionError::Conflict { .. }) {
                    // Show what is stored now: the other tab's version.
                    let _ = self.read_again(&touched).await;
                }
                Err(error)
            }
        }
    }

    /// Like [`App::commit`], but shown at once, before it is stored: for edits that come in
    /// quick succession (marking a room of clients), each building on the one before. If
    /// storing fails, the records it touched are read again and the error returned, so the
    /// screen never keeps something that was not saved.
    pub fn commit_now(
        &self,
        change: Change,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<> {
        let app = *self;
        let actor = self.device();
        let planned = self
            .programme
            .with_untracked(|p| plan_ops(p, &change, None, self.rev_step, &actor));
        let touched = planned
            .as_ref()
            .map(|(ops, _, _)| touched(ops))
            .unwrap_or_default();
        if let Ok((_, revs, edits)) = &planned {
            self.show(&change, revs, edits);
        }
        async move {
            let (ops, _, _) = planned?;
            if let Err(e) = app.persist(ops).await {
                let _ = app.read_again(&touched).await;
                return Err(e);
            }
            Ok(())
        }
    }

    /// This browser's id in edit histories: kept in localStorage in the browser, the twin's
    /// in tests (two twins with two ids are two browsers).
    fn device(&self) -> String {
        match self.services() {
            Services::Browser => preferences::device(),
            Services::Twin(t) => t.device.borrow().clone(),
        }
    }

    /// Apply a stored (or being stored) change on screen, with its new revisions.
    fn show(&self, change: &Change, revs: &NewRevisions, edits: &NewEdits) {
        self.programme.update(|p| {
            p.forget_edits(&change.delete);
            p.apply(change);
            p.set_revisions(revs);
            p.set_edits(edits);
        });
    }

    /// Discard a damaged record for good (after the person confirmed it), by its key as stored:
    /// a record under a number or a list key is deleted by that key, never by its text.
    pub async fn discard_damaged(&self, kind: Kind, key: &str) -> Result<(), ActionError> {
        let Some(stored_key) = self
            .programme
            .with_untracked(|p| p.quarantined(kind, key).map(|q| q.stored_key.clone()))
        else {
            return Ok(());
        };
        if stored_key.is_null() {
            return Err(ActionError::Refused(
                "This damaged entry has no key the browser could report, so it cannot be discarded here. It stays listed and touches nothing else; export it to keep a copy.".into(),
            ));
        }
        self.persist(vec![Op::Discard {
            store: kind.store(),
            key: stored_key,
            id: key.to_string(),
        }])
        .await?;
        self.programme.update(|p| p.forget(kind, key));
        Ok(())
    }

    fn plan(
        &self,
        f: impl FnOnce(&Programme) -> Result<Change, String>,
    ) -> Result<Change, ActionError> {
        self.programme
            .with_untracked(f)
            .map_err(ActionError::Refused)
    }
}

/// Every record of `p` as stored JSON, by store (the benchmark fixture writer; later backup).
pub fn stored_json(
    p: &Programme,
) -> Result<std::collections::BTreeMap<&'static str, Vec<serde_json::Value>>, String> {
    let mut out: std::collections::BTreeMap<&'static str, Vec<serde_json::Value>> =
        Default::default();
    for ops in crate::domain::record::KINDS {
        let records = ops.records(p);
        let list = out.entry(ops.store()).or_default();
        for record in records {
            let mut json = record.to_json()?;
            json[REV_FIELD] = p.revision(record.kind(), record.id()).max(1).into();
            if let Some(edits) = p.edits_json(&record, &NewEdits::new()) {
                json[EDITS_FIELD] = edits;
            }
            list.push(json);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
