//! Named commands between the UI and storage. Each validates through the domain and turns the
//! request into a [`Change`]; [`App::commit`] checks it (no write over a damaged record, no
//! write over a newer revision), persists it as one transaction and only then applies it in
//! memory, so the screen never shows something that was not saved.
//!
//! The commands live by feature: [`clients`], [`roster`], [`library`], [`sessions`],
//! [`settings`].

pub mod clients;
pub mod library;
pub mod preferences;
pub mod roster;
pub mod sessions;
pub mod settings;

use std::rc::Rc;

use leptos::prelude::*;
use thiserror::Error;

use crate::domain::record::{NewRevisions, REV_FIELD};
use crate::domain::{Change, Kind, Programme, Quarantined, ValidationErrors};
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
    let programme = load(&storage).await?;
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

/// Build the programme from a storage snapshot through the record registry.
pub fn programme_from(snapshot: Snapshot) -> Programme {
    Programme::restore(snapshot.stores, snapshot.unreadable)
}

/// The stored JSON of every record of `change` and the ops that write it, with the
/// expectations that keep one tab from writing over another's newer revision.
///
/// `base` names a record edited in a form and the revision the form was opened at.
pub fn plan_ops(
    p: &Programme,
    change: &Change,
    base: Option<(Kind, &str, u64)>,
) -> Result<(Vec<Op>, NewRevisions), ActionError> {
    for (kind, id) in change.touched() {
        if let Some(q) = p.quarantined(kind, id) {
            return Err(damaged(q));
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
    let mut ops = Vec::with_capacity(change.insert.len() + change.put.len() + change.delete.len());
    let mut revs = Vec::with_capacity(ops.capacity());
    for record in &change.insert {
        let mut json = record.to_json().map_err(invalid_record)?;
        json[REV_FIELD] = 1.into();
        ops.push(Op::Insert {
            store: record.kind().store(),
            record: json,
        });
        revs.push((record.kind(), record.id().to_string(), Some(1)));
    }
    for record in &change.put {
        let (kind, id) = (record.kind(), record.id());
        let (expect, next) = if kind.ops().exists(p, id) {
            let current = p.revision(kind, id);
            (Expect::Rev(current), current + 1)
        } else {
            (Expect::Absent, 1)
        };
        let mut json = record.to_json().map_err(invalid_record)?;
        json[REV_FIELD] = next.into();
        ops.push(Op::Put {
            store: kind.store(),
            record: json,
            expect,
        });
        revs.push((kind, id.to_string(), Some(next)));
    }
    for gone in &change.delete {
        let expect = if gone.kind.ops().exists(p, &gone.id) {
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
    Ok((ops, revs))
}

fn damaged(q: &Quarantined) -> ActionError {
    if q.kind() == Some(Kind::Settings) {
        return ActionError::Refused(
            "The saved settings could not be read, so they cannot be changed now: saving would replace them with defaults. Open Settings, Damaged records, to export or discard them first.".into(),
        );
    }
    ActionError::Refused(format!(
        "This would write over a {} that could not be read ({}), so nothing was saved. Open Settings, Damaged records, to export or discard it first.",
        q.kind().map_or("record", Kind::label),
        q.key
    ))
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
        }
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
        let fetched = storage.get_many(wanted).await?;
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
        let (ops, revs) = self
            .programme
            .with_untracked(|p| plan_ops(p, &change, base))?;
        let touched = change.by_store();
        match self.persist(ops).await {
            Ok(()) => {
                self.show(&change, &revs);
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
        let planned = self
            .programme
            .with_untracked(|p| plan_ops(p, &change, None));
        let touched = change.by_store();
        if let Ok((_, revs)) = &planned {
            self.show(&change, revs);
        }
        async move {
            let (ops, _) = planned?;
            if let Err(e) = app.persist(ops).await {
                let _ = app.read_again(&touched).await;
                return Err(e);
            }
            Ok(())
        }
    }

    /// Apply a stored (or being stored) change on screen, with its new revisions.
    fn show(&self, change: &Change, revs: &NewRevisions) {
        self.programme.update(|p| {
            p.apply(change);
            p.set_revisions(revs);
        });
    }

    /// Discard a damaged record for good (after the person confirmed it).
    pub async fn discard_damaged(&self, kind: Kind, key: &str) -> Result<(), ActionError> {
        if self
            .programme
            .with_untracked(|p| p.quarantined(kind, key).is_none())
        {
            return Ok(());
        }
        self.persist(vec![Op::delete(kind.store(), key)]).await?;
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
            list.push(json);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
