//! Named commands between the UI and storage. Each validates through the domain, persists
//! through storage as one transaction, and only then updates the reactive state, so the screen
//! never shows something that was not saved.

use chrono::NaiveDate;
use leptos::prelude::*;
use thiserror::Error;

use crate::domain::assign::Proposal;
use crate::domain::client::validate_client;
use crate::domain::curriculum::{Curriculum, validate_curriculum};
use crate::domain::forms::{FieldErrors, GroupDraft, RoomDraft, StaffDraft};
use crate::domain::library::starter_library;
use crate::domain::membership::validate_membership;
use crate::domain::planning;
use crate::domain::roster::{self, Archiving, Change, Record, RecordRef, Target};
use crate::domain::session::{Plan, Session};
use crate::domain::topic::{Topic, validate_topic};
use crate::domain::{
    AgeBand, Client, ClientDraft, ClientId, LevelOfCare, Programme, RawRecords, RestoreReport,
    Settings, ValidationErrors,
};
use crate::storage::{Op, Storage, StorageError, stores};

/// Why an action did not happen. Nothing was saved in any case.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ActionError {
    /// The form has problems; messages are per field.
    #[error("Some fields need attention.")]
    Invalid(ValidationErrors),
    /// The request makes no sense any more (e.g. the record was removed meanwhile).
    #[error("{0}")]
    Refused(String),
    /// Storage failed; the message says what the person can do.
    #[error("{0}")]
    Storage(#[from] StorageError),
}

/// The app's state and its storage, shared through context. Cheap to copy.
#[derive(Clone, Copy)]
pub struct App {
    /// Everything loaded, kept in step with storage by the actions below.
    pub programme: RwSignal<Programme>,
    /// Records that could not be read at start-up (left untouched in storage).
    pub restore_report: RwSignal<RestoreReport>,
    /// Set when the storage connection is gone for good (another tab upgraded): reload needed.
    pub connection_lost: RwSignal<bool>,
    storage: StoredValue<Storage, LocalStorage>,
}

/// The [`App`] from context. Panics outside the app shell, which is a programming error.
pub fn use_app() -> App {
    expect_context::<App>()
}

/// Load everything from `storage` (one read transaction) and build the app state. Changes
/// another tab commits later are loaded again, so lists never go stale across tabs.
pub async fn start(storage: Storage) -> Result<App, StorageError> {
    let (programme, report) = load(&storage).await?;
    let app = App::new(storage.clone(), programme, report);
    // An empty programme starts with the starter library. If another tab seeded it first, the
    // inserts fail as one transaction and its copy is loaded instead.
    if app
        .programme
        .with_untracked(|p| p.topics.is_empty() && p.curricula.is_empty())
        && app.add_starter_library().await.is_err()
    {
        app.reload().await?;
    }
    storage.on_external_change(std::rc::Rc::new(move || {
        leptos::task::spawn_local(async move {
            let _ = app.reload().await;
        })
    }));
    Ok(app)
}

async fn load(storage: &Storage) -> Result<(Programme, RestoreReport), StorageError> {
    let mut snapshot = storage.load_all().await?;
    let mut take = |store| snapshot.remove(store).unwrap_or_default();
    Ok(Programme::restore(RawRecords {
        clients: take(stores::CLIENTS),
        settings: take(stores::SETTINGS),
        groups: take(stores::GROUPS),
        memberships: take(stores::MEMBERSHIPS),
        staff: take(stores::STAFF),
        rooms: take(stores::ROOMS),
        keep_apart: take(stores::KEEP_APART),
        topics: take(stores::TOPICS),
        curricula: take(stores::CURRICULA),
        plans: take(stores::PLANS),
        sessions: take(stores::SESSIONS),
    }))
}

impl App {
    /// App state over already-loaded data.
    pub fn new(storage: Storage, programme: Programme, report: RestoreReport) -> App {
        App {
            programme: RwSignal::new(programme),
            restore_report: RwSignal::new(report),
            connection_lost: RwSignal::new(false),
            storage: StoredValue::new_local(storage),
        }
    }

    /// Read everything again (after another tab changed it).
    pub async fn reload(&self) -> Result<(), StorageError> {
        let storage = self.storage.get_value();
        let (programme, report) = load(&storage).await?;
        self.programme.set(programme);
        self.restore_report.set(report);
        Ok(())
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

    /// Add a client from a form draft; returns the new client's id.
    pub async fn add_client(
        &self,
        draft: ClientDraft,
        today: NaiveDate,
        id: ClientId,
    ) -> Result<ClientId, ActionError> {
        let settings = self.programme.with_untracked(|p| p.settings.clone());
        let fields =
            validate_client(&draft, &settings, today, None).map_err(ActionError::Invalid)?;
        let client = Client::new(id.clone(), fields);
        self.persist(vec![Op::Insert {
            store: stores::CLIENTS,
            record: to_record(&client)?,
        }])
        .await?;
        self.programme.update(|p| {
            p.clients.insert(id.clone(), client);
        });
        Ok(id)
    }

    /// Save edits to an existing client.
    pub async fn update_client(
        &self,
        id: &ClientId,
        draft: ClientDraft,
        today: NaiveDate,
    ) -> Result<(), ActionError> {
        let (current, settings) = self
            .programme
            .with_untracked(|p| (p.clients.get(id).cloned(), p.settings.clone()));
        let mut client = current.ok_or_else(missing_client)?;
        let fields = validate_client(&draft, &settings, today, Some(&client.track))
            .map_err(ActionError::Invalid)?;
        client.apply(fields);
        self.save_client(client).await
    }

    /// Archive or unarchive a client. Archived clients stay on record but leave active lists;
    /// archiving ends their current memberships on `today` (see [`roster::archive_client`]).
    pub async fn set_client_archived(
        &self,
        id: &ClientId,
        archived: bool,
        today: NaiveDate,
    ) -> Result<(), ActionError> {
        if !self
            .programme
            .with_untracked(|p| p.clients.contains_key(id))
        {
            return Err(missing_client());
        }
        self.set_archived(&Target::Client(id.clone()), archived, today)
            .await
    }

    /// What archiving `target` today would do to the records referring to it.
    pub fn archiving(&self, target: &Target, today: NaiveDate) -> Result<Archiving, ActionError> {
        self.programme
            .with_untracked(|p| roster::archive(p, target, today))
            .map_err(ActionError::Refused)
    }

    /// Archive (with the consequences [`App::archiving`] lists) or restore a record.
    pub async fn set_archived(
        &self,
        target: &Target,
        archived: bool,
        today: NaiveDate,
    ) -> Result<(), ActionError> {
        let change = if archived {
            self.archiving(target, today)?.change
        } else {
            self.plan(|p| roster::restore(p, target))?
        };
        self.commit(change).await
    }

    async fn save_client(&self, client: Client) -> Result<(), ActionError> {
        self.persist(vec![Op::Put {
            store: stores::CLIENTS,
            record: to_record(&client)?,
        }])
        .await?;
        self.programme.update(|p| {
            p.clients.insert(client.id.clone(), client);
        });
        Ok(())
    }

    /// Append a track to the configurable list.
    pub async fn add_track(&self, name: &str) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| p.settings.with_track_added(name))
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Rename and/or (un)archive a track.
    pub async fn change_track(
        &self,
        id: &str,
        name: &str,
        archived: bool,
    ) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| p.settings.with_track_changed(id, name, archived))
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    async fn save_settings(&self, settings: Settings) -> Result<(), ActionError> {
        self.persist(vec![Op::Put {
            store: stores::SETTINGS,
            record: to_record(&settings)?,
        }])
        .await?;
        self.programme.update(|p| p.settings = settings);
        Ok(())
    }
}

/// Roster actions: each asks the domain for a [`Change`] and commits it as one transaction.
impl App {
    /// Store `change` as one transaction, then apply it in memory.
    pub async fn commit(&self, change: Change) -> Result<(), ActionError> {
        let mut ops = Vec::new();
        for record in &change.insert {
            let (store, record) = record_op(record)?;
            ops.push(Op::Insert { store, record });
        }
        for record in &change.put {
            let (store, record) = record_op(record)?;
            ops.push(Op::Put { store, record });
        }
        for gone in &change.delete {
            ops.push(match gone {
                RecordRef::Membership(id) => Op::Delete {
                    store: stores::MEMBERSHIPS,
                    id: id.clone(),
                },
                RecordRef::KeepApart(id) => Op::Delete {
                    store: stores::KEEP_APART,
                    id: id.clone(),
                },
                RecordRef::Plan(id) => Op::Delete {
                    store: stores::PLANS,
                    id: id.clone(),
                },
                RecordRef::Session(id) => Op::Delete {
                    store: stores::SESSIONS,
                    id: id.clone(),
                },
            });
        }
        self.persist(ops).await?;
        self.programme.update(|p| p.apply(&change));
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

    /// Save a group from its form (`id` new or existing).
    pub async fn save_group(&self, id: String, draft: &GroupDraft) -> Result<(), FieldErrors> {
        let group = self.programme.with_untracked(|p| {
            let existing = p.groups.get(&id);
            draft.to_group(p, id.clone(), existing)
        })?;
        self.commit(Change {
            put: vec![Record::Group(group)],
            ..Change::default()
        })
        .await
        .map_err(form_error)
    }

    /// Save a staff member from the form.
    pub async fn save_staff(&self, id: String, draft: &StaffDraft) -> Result<(), FieldErrors> {
        let staff = self
            .programme
            .with_untracked(|p| draft.to_staff(id.clone(), p.staff.get(&id)))?;
        self.commit(Change {
            put: vec![Record::Staff(staff)],
            ..Change::default()
        })
        .await
        .map_err(form_error)
    }

    /// Save a room from the form.
    pub async fn save_room(&self, id: String, draft: &RoomDraft) -> Result<(), FieldErrors> {
        let room = self
            .programme
            .with_untracked(|p| draft.to_room(id.clone(), p.rooms.get(&id)))?;
        self.commit(Change {
            put: vec![Record::Room(room)],
            ..Change::default()
        })
        .await
        .map_err(form_error)
    }

    /// Add a client to a group from `join`.
    pub async fn join_group(
        &self,
        client: &ClientId,
        group: &str,
        join: NaiveDate,
        leave: Option<NaiveDate>,
        id: String,
    ) -> Result<(), ActionError> {
        let change = self.plan(|p| roster::join(p, client, group, join, leave, id))?;
        self.commit(change).await
    }

    /// End a membership on `date` (a planned one is cancelled).
    pub async fn end_membership(
        &self,
        membership: &str,
        date: NaiveDate,
        reason: &str,
    ) -> Result<(), ActionError> {
        let change = self.plan(|p| roster::end_membership(p, membership, date, reason))?;
        self.commit(change).await
    }

    /// Move a member to another group on `date`.
    pub async fn move_member(
        &self,
        membership: &str,
        to_group: &str,
        date: NaiveDate,
        new_id: String,
    ) -> Result<(), ActionError> {
        let change = self.plan(|p| roster::move_member(p, membership, to_group, date, new_id))?;
        self.commit(change).await
    }

    /// Keep two clients apart (the reason stays private).
    pub async fn keep_apart(
        &self,
        a: &ClientId,
        b: &ClientId,
        reason: &str,
        id: String,
    ) -> Result<(), ActionError> {
        let change = self.plan(|p| roster::keep_apart(p, a, b, reason, id))?;
        self.commit(change).await
    }

    /// Remove a keep-apart pair.
    pub async fn remove_keep_apart(&self, id: &str) -> Result<(), ActionError> {
        self.commit(Change {
            delete: vec![RecordRef::KeepApart(id.into())],
            ..Change::default()
        })
        .await
    }

    /// Accept an auto-assign proposal, for everyone or one client.
    pub async fn accept_proposal(
        &self,
        proposal: &Proposal,
        only: Option<&ClientId>,
        new_id: impl FnMut() -> String,
    ) -> Result<usize, ActionError> {
        let memberships = proposal.memberships(only, new_id);
        let count = memberships.len();
        // Re-check against the current state: another tab may have changed the roster.
        self.programme.with_untracked(|p| {
            for m in &memberships {
                let mine: Vec<_> = p.memberships_of(&m.client).cloned().collect();
                validate_membership(m, &mine).map_err(ActionError::Refused)?;
            }
            Ok::<(), ActionError>(())
        })?;
        self.commit(Change {
            insert: memberships.into_iter().map(Record::Membership).collect(),
            ..Change::default()
        })
        .await?;
        Ok(count)
    }

    /// Save a library topic (new or edited). `Err` lists every problem in plain words.
    pub async fn save_topic(&self, topic: Topic) -> Result<(), Vec<String>> {
        validate_topic(&topic)?;
        self.commit(Change {
            put: vec![Record::Topic(topic)],
            ..Change::default()
        })
        .await
        .map_err(|e| vec![e.to_string()])
    }

    /// Save a curriculum (new or edited), checked against the library.
    pub async fn save_curriculum(&self, curriculum: Curriculum) -> Result<(), Vec<String>> {
        self.programme
            .with_untracked(|p| validate_curriculum(&curriculum, &p.topics))?;
        self.commit(Change {
            put: vec![Record::Curriculum(curriculum)],
            ..Change::default()
        })
        .await
        .map_err(|e| vec![e.to_string()])
    }

    /// Add the starter topics and curriculum templates that are missing by id. Returns how many
    /// records were added.
    pub async fn add_starter_library(&self) -> Result<usize, ActionError> {
        let change = self.programme.with_untracked(starter_change);
        let n = change.insert.len();
        if n > 0 {
            self.commit(change).await?;
        }
        Ok(n)
    }

    /// Save one session (overrides, agenda or attendance).
    ///
    /// Unlike other actions, the new version is shown at once, before it is stored: attendance
    /// and agenda edits come in quick succession (marking a room of clients), and each builds on
    /// the one before. If storing fails, the stored state is loaded again and the error returned,
    /// so the screen never keeps something that was not saved.
    pub fn save_session(
        &self,
        session: Session,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static {
        let app = *self;
        let known = self
            .programme
            .with_untracked(|p| p.sessions.contains_key(&session.id));
        let record = to_record(&session);
        if known && record.is_ok() {
            self.programme.update(|p| {
                p.sessions.insert(session.id.clone(), session);
            });
        }
        async move {
            if !known {
                return Err(ActionError::Refused(
                    "This session no longer exists (its curriculum may have been regenerated). Reload the page.".into(),
                ));
            }
            let ops = vec![Op::Put {
                store: stores::SESSIONS,
                record: record?,
            }];
            if let Err(e) = app.persist(ops).await {
                let _ = app.reload().await;
                return Err(e);
            }
            Ok(())
        }
    }

    /// Assign a curriculum to a group and generate its sessions; returns the report.
    pub async fn assign_curriculum(
        &self,
        plan: Plan,
        today: NaiveDate,
    ) -> Result<Vec<String>, ActionError> {
        let outcome = self
            .programme
            .with_untracked(|p| planning::assign(p, plan, today))
            .map_err(ActionError::Refused)?;
        self.commit(outcome.change).await?;
        Ok(outcome.report)
    }

    /// Regenerate a group's sessions from its plan; returns the report.
    pub async fn regenerate_sessions(
        &self,
        group: &str,
        today: NaiveDate,
    ) -> Result<Vec<String>, ActionError> {
        let outcome = self
            .programme
            .with_untracked(|p| planning::regenerate(p, group, today))
            .map_err(ActionError::Refused)?;
        self.commit(outcome.change).await?;
        Ok(outcome.report)
    }

    /// Add the weeks that came into a rolling plan's horizon since it was last generated (run
    /// at start-up; silent). Returns how many sessions were added.
    pub async fn top_up_sessions(&self, today: NaiveDate) -> Result<usize, ActionError> {
        let change = self
            .programme
            .with_untracked(|p| planning::top_up(p, today));
        let n = change.put.len();
        if n > 0 {
            self.commit(change).await?;
        }
        Ok(n)
    }

    /// Remove a group's curriculum; returns how many upcoming sessions were deleted.
    pub async fn unassign_curriculum(
        &self,
        group: &str,
        today: NaiveDate,
    ) -> Result<usize, ActionError> {
        let (change, n) = self
            .programme
            .with_untracked(|p| planning::unassign(p, group, today))
            .map_err(ActionError::Refused)?;
        self.commit(change).await?;
        Ok(n)
    }

    /// Store a generated sample programme next to whatever exists.
    pub async fn load_sample(&self, sample: &Programme) -> Result<(), ActionError> {
        // Library records the programme already has (the starter library, possibly edited) stay
        // as they are.
        let mut change = sample.as_inserts();
        self.programme.with_untracked(|p| {
            change.insert.retain(|r| match r {
                Record::Topic(t) => !p.topics.contains_key(&t.id),
                Record::Curriculum(c) => !p.curricula.contains_key(&c.id),
                _ => true,
            })
        });
        self.commit(change).await
    }

    /// Replace one level of care's weekly-hour range.
    pub async fn set_care_hours(
        &self,
        level: LevelOfCare,
        age_band: AgeBand,
        min_hours: &str,
        below_hours: &str,
    ) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| {
                p.settings
                    .with_care_hours(level, age_band, min_hours, below_hours)
            })
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }
}

fn form_error(e: ActionError) -> FieldErrors {
    FieldErrors(vec![("form", e.to_string())])
}

/// Inserts for the starter topics and templates `p` does not have yet.
fn starter_change(p: &Programme) -> Change {
    let (topics, curricula) = starter_library();
    let mut insert: Vec<Record> = topics
        .into_iter()
        .filter(|t| !p.topics.contains_key(&t.id))
        .map(Record::Topic)
        .collect();
    insert.extend(
        curricula
            .into_iter()
            .filter(|c| !p.curricula.contains_key(&c.id))
            .map(Record::Curriculum),
    );
    Change {
        insert,
        ..Change::default()
    }
}

/// The object store and stored JSON of a record (also used to write benchmark fixtures).
pub fn record_op(record: &Record) -> Result<(&'static str, serde_json::Value), ActionError> {
    Ok(match record {
        Record::Client(r) => (stores::CLIENTS, to_record(r)?),
        Record::Group(r) => (stores::GROUPS, to_record(r)?),
        Record::Membership(r) => (stores::MEMBERSHIPS, to_record(r)?),
        Record::Staff(r) => (stores::STAFF, to_record(r)?),
        Record::Room(r) => (stores::ROOMS, to_record(r)?),
        Record::KeepApart(r) => (stores::KEEP_APART, to_record(r)?),
        Record::Settings(r) => (stores::SETTINGS, to_record(r)?),
        Record::Topic(r) => (stores::TOPICS, to_record(r)?),
        Record::Curriculum(r) => (stores::CURRICULA, to_record(r)?),
        Record::Plan(r) => (stores::PLANS, to_record(r)?),
        Record::Session(r) => (stores::SESSIONS, to_record(r)?),
    })
}

fn missing_client() -> ActionError {
    ActionError::Refused(
        "This client no longer exists. Reload the page to see the current list.".into(),
    )
}

fn to_record<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, ActionError> {
    serde_json::to_value(value)
        .map_err(|e| ActionError::Storage(StorageError::InvalidRecord(e.to_string())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ClientField;
    use crate::domain::assign::propose;
    use crate::domain::sample::{SampleParams, generate};
    use crate::storage::MemoryStorage;
    use futures::executor::block_on;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn draft(name: &str) -> ClientDraft {
        ClientDraft {
            full_name: name.into(),
            ..ClientDraft::blank(&Settings::default(), today())
        }
    }

    fn setup() -> (Owner, MemoryStorage, App) {
        let owner = Owner::new();
        owner.set();
        let mem = MemoryStorage::new();
        let app = block_on(start(Storage::Memory(mem.clone()))).unwrap();
        (owner, mem, app)
    }

    fn reloaded(mem: &MemoryStorage) -> Programme {
        block_on(start(Storage::Memory(mem.clone())))
            .unwrap()
            .programme
            .get_untracked()
    }

    #[test]
    fn added_and_edited_clients_survive_a_reload() {
        let (_owner, mem, app) = setup();
        let id = block_on(app.add_client(draft("Robin Example"), today(), ClientId("c1".into())))
            .unwrap();
        let mut edit = draft("Robin Example");
        edit.preferred_name = "Rob".into();
        block_on(app.update_client(&id, edit, today())).unwrap();
        block_on(app.set_client_archived(&id, true, today())).unwrap();
        let p = reloaded(&mem);
        assert_eq!(p, app.programme.get_untracked());
        let c = &p.clients[&id];
        assert_eq!((c.preferred_name.as_str(), c.archived), ("Rob", true));
    }

    #[test]
    fn invalid_input_saves_nothing() {
        let (_owner, mem, app) = setup();
        let err =
            block_on(app.add_client(draft("  "), today(), ClientId("c1".into()))).unwrap_err();
        match err {
            ActionError::Invalid(e) => assert!(e.get(ClientField::FullName).is_some()),
            other => panic!("{other:?}"),
        }
        assert!(app.programme.get_untracked().clients.is_empty());
        assert!(reloaded(&mem).clients.is_empty());
    }

    #[test]
    fn a_storage_failure_keeps_screen_and_storage_as_they_were() {
        let (_owner, mem, app) = setup();
        let id = block_on(app.add_client(draft("Avery"), today(), ClientId("c1".into()))).unwrap();
        mem.fail_next(StorageError::QuotaExceeded);
        let err = block_on(app.update_client(&id, draft("Avery Changed"), today())).unwrap_err();
        assert_eq!(err, ActionError::Storage(StorageError::QuotaExceeded));
        assert_eq!(
            app.programme.get_untracked().clients[&id].full_name,
            "Avery"
        );
        assert_eq!(reloaded(&mem).clients[&id].full_name, "Avery");
        assert!(!app.connection_lost.get_untracked());
        mem.close();
        let err = block_on(app.set_client_archived(&id, true, today())).unwrap_err();
        assert_eq!(err, ActionError::Storage(StorageError::Closed));
        assert!(app.connection_lost.get_untracked());
    }

    #[test]
    fn tracks_are_configurable_and_persist() {
        let (_owner, mem, app) = setup();
        block_on(app.add_track("Eating disorders")).unwrap();
        block_on(app.change_track("substance-use", "Substance use disorders", false)).unwrap();
        assert!(matches!(
            block_on(app.add_track("eating disorders")),
            Err(ActionError::Refused(_))
        ));
        let p = reloaded(&mem);
        let names: Vec<_> = p.settings.tracks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Substance use disorders",
                "Mental health",
                "Co-occurring",
                "Eating disorders"
            ]
        );
    }

    fn roster_setup() -> (Owner, MemoryStorage, App, ClientId, ClientId) {
        let (owner, mem, app) = setup();
        let ana = block_on(app.add_client(draft("Ana Example"), today(), ClientId("ana".into())))
            .unwrap();
        let ben = block_on(app.add_client(draft("Ben Example"), today(), ClientId("ben".into())))
            .unwrap();
        block_on(app.save_staff(
            "s1".into(),
            &StaffDraft {
                name: "Dana Fictional".into(),
                ..StaffDraft::default()
            },
        ))
        .unwrap();
        block_on(app.save_room(
            "r1".into(),
            &RoomDraft {
                name: "Room A".into(),
                ..RoomDraft::blank()
            },
        ))
        .unwrap();
        for (id, name) in [("am", "Morning"), ("pm", "Evening")] {
            let group = GroupDraft {
                name: name.into(),
                lead: "s1".into(),
                room: "r1".into(),
                start: "2026-11-02".into(),
                ..GroupDraft::blank(today())
            };
            block_on(app.save_group(id.into(), &group)).unwrap();
        }
        (owner, mem, app, ana, ben)
    }

    #[test]
    fn roster_edits_persist_as_single_transactions() {
        let (_owner, mem, app, ana, ben) = roster_setup();
        block_on(app.join_group(&ana, "am", today(), None, "m1".into())).unwrap();
        block_on(app.join_group(&ben, "am", today(), None, "m2".into())).unwrap();
        let next_week = today() + chrono::Days::new(7);
        block_on(app.move_member("m2", "pm", next_week, "m3".into())).unwrap();
        block_on(app.keep_apart(&ana, &ben, "private", "k1".into())).unwrap();
        let p = reloaded(&mem);
        assert_eq!(p, app.programme.get_untracked());
        assert_eq!(p.memberships["m2"].leave, Some(next_week));
        assert_eq!(p.memberships["m3"].group, "pm");
        assert_eq!(p.keep_apart.len(), 1);

        // A duplicate overlapping membership is refused and nothing is written.
        let err = block_on(app.join_group(&ana, "am", next_week, None, "m4".into())).unwrap_err();
        assert!(matches!(err, ActionError::Refused(ref m) if m.contains("already in this group")));
        assert!(!reloaded(&mem).memberships.contains_key("m4"));

        // A failed write changes neither screen nor storage.
        mem.fail_next(StorageError::QuotaExceeded);
        assert!(block_on(app.end_membership("m1", next_week, "")).is_err());
        assert_eq!(app.programme.get_untracked().memberships["m1"].leave, None);
        assert_eq!(reloaded(&mem).memberships["m1"].leave, None);
    }

    #[test]
    fn invalid_group_forms_save_nothing() {
        let (_owner, mem, app, _, _) = roster_setup();
        let bad = GroupDraft {
            name: "Too small".into(),
            capacity_min: "9".into(),
            capacity_max: "3".into(),
            ..GroupDraft::blank(today())
        };
        let errors = block_on(app.save_group("g-bad".into(), &bad)).unwrap_err();
        assert!(errors.get("capacity_max").is_some());
        assert!(!reloaded(&mem).groups.contains_key("g-bad"));
    }

    #[test]
    fn archiving_a_referenced_record_applies_the_stated_consequences() {
        let (_owner, mem, app, ana, _) = roster_setup();
        block_on(app.join_group(&ana, "am", today(), None, "m1".into())).unwrap();
        let later = today() + chrono::Days::new(3);
        let staff = app.archiving(&Target::Staff("s1".into()), later).unwrap();
        assert_eq!(staff.effects.len(), 2, "{:?}", staff.effects);
        block_on(app.set_archived(&Target::Staff("s1".into()), true, later)).unwrap();
        block_on(app.set_client_archived(&ana, true, later)).unwrap();
        let p = reloaded(&mem);
        assert!(p.staff["s1"].archived);
        assert!(p.groups.values().all(|g| g.lead.is_none()));
        assert_eq!(p.memberships["m1"].leave, Some(later));
        assert!(p.clients[&ana].archived);
        block_on(app.set_archived(&Target::Staff("s1".into()), false, later)).unwrap();
        assert!(!reloaded(&mem).staff["s1"].archived);
    }

    #[test]
    fn the_sample_programme_loads_in_one_transaction_and_can_be_loaded_twice() {
        let (_owner, mem, app) = setup();
        let sample = generate(&SampleParams::demo(), today(), "a-");
        block_on(app.load_sample(&sample)).unwrap();
        let again = generate(&SampleParams::demo(), today(), "b-");
        block_on(app.load_sample(&again)).unwrap();
        let p = reloaded(&mem);
        assert_eq!(p.clients.len(), sample.clients.len() * 2);
        assert_eq!(p.memberships.len(), sample.memberships.len() * 2);
        // Loading the same ids again fails as a whole: nothing is half-written.
        assert!(block_on(app.load_sample(&sample)).is_err());
        assert_eq!(reloaded(&mem), p);
    }

    #[test]
    fn accepted_proposals_persist_and_leave_nobody_to_place() {
        let (_owner, mem, app) = setup();
        let sample = generate(&SampleParams::demo(), today(), "s-");
        block_on(app.load_sample(&sample)).unwrap();
        let proposal = app.programme.with_untracked(|p| propose(p, today()));
        assert!(!proposal.placements.is_empty());
        let first = proposal.placements[0].client.clone();
        let mut n = 0;
        let mut ids = || {
            n += 1;
            format!("new-{n}")
        };
        let one = block_on(app.accept_proposal(&proposal, Some(&first), &mut ids)).unwrap();
        assert_eq!(one, proposal.placements[0].joins.len());
        let rest = block_on(app.accept_proposal(&proposal, None, &mut ids));
        // The first client's joins already exist now, so accepting "all" again is refused
        // whole rather than duplicating them.
        assert!(matches!(rest, Err(ActionError::Refused(_))), "{rest:?}");
        let p = reloaded(&mem);
        assert!(p.memberships_of(&first).count() >= one);
        let again = propose(&p, today());
        assert!(again.placements.iter().all(|pl| pl.client != first));
    }

    #[test]
    fn curricula_plans_and_sessions_go_through_storage() {
        use crate::domain::session::{Attendance, CancelMode, Mark, PLAN_SCHEMA, Plan};
        let (_owner, mem, app, _, _) = roster_setup();
        // An empty programme starts with the starter library, stored.
        let topics = app.programme.get_untracked().topics.len();
        assert!(topics >= 40);
        assert_eq!(reloaded(&mem).topics.len(), topics);
        // A curriculum that refers to a missing topic is refused and nothing is stored.
        let mut bad = crate::domain::curriculum::blank_curriculum("c-bad".into());
        bad.add_unit("m1", "u01", "no-such-topic", None);
        assert!(block_on(app.save_curriculum(bad)).is_err());
        assert!(!reloaded(&mem).curricula.contains_key("c-bad"));

        let plan = Plan {
            id: "am".into(),
            schema: PLAN_SCHEMA,
            group: "am".into(),
            curriculum: crate::domain::library::COPING_ID.into(),
            start: today(),
            on_cancel: CancelMode::Shift,
        };
        let report = block_on(app.assign_curriculum(plan, today())).unwrap();
        assert!(report[0].contains("added"), "{report:?}");
        let stored = reloaded(&mem);
        assert_eq!(stored.sessions, app.programme.get_untracked().sessions);
        assert!(!stored.sessions.is_empty());
        // Regenerating an unchanged plan changes nothing.
        let again = block_on(app.regenerate_sessions("am", today())).unwrap();
        assert_eq!(again[0], "Nothing changed.");

        // Attendance shows at once; a failed write puts back what is stored.
        let s = stored.sessions.values().next().unwrap().clone();
        let marked = crate::domain::session::set_attendance(
            &s,
            "c1",
            Some(Attendance {
                mark: Mark::Attended,
                minutes: None,
            }),
        );
        mem.fail_next(StorageError::QuotaExceeded);
        let pending = app.save_session(marked.clone());
        assert_eq!(app.programme.get_untracked().sessions[&s.id], marked);
        assert!(block_on(pending).is_err());
        assert_eq!(app.programme.get_untracked().sessions[&s.id], s);
        block_on(app.save_session(marked.clone())).unwrap();
        assert_eq!(reloaded(&mem).sessions[&s.id], marked);

        // Removing the plan deletes its upcoming sessions without attendance only.
        let removed = block_on(app.unassign_curriculum("am", today())).unwrap();
        let left = reloaded(&mem);
        assert!(!left.plans.contains_key("am"));
        assert_eq!(left.sessions.len(), 1);
        assert_eq!(removed + 1, stored.sessions.len());
    }
}
