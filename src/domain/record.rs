//! The one list of stored record kinds, and everything that walks it: the [`Record`] of any
//! kind, a [`Change`] (records to write and delete as one transaction), applying a change in
//! memory, restoring stored JSON (migration, validation, quarantine) and revisions.
//!
//! Adding a kind is one line in [`kinds!`] below plus its `impl Stored` entry in
//! `record/kinds.rs` (and its domain module, and a map in [`Programme`]). Start-up loading, `commit`, the
//! database layout, the storage conformance suite and the fixture writer all walk [`KINDS`].

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub mod edits;
mod kinds;
pub mod layout;

use crate::domain::families::{Consent, Disclosure, FamilyMember, FamilySession};
use crate::domain::library::curriculum::Curriculum;
use crate::domain::library::topic::Topic;
use crate::domain::people::client::Client;
use crate::domain::people::keep_apart::KeepApart;
use crate::domain::people::staff::{Room, Staff};
use crate::domain::programme::Programme;
use crate::domain::roster::group::Group;
use crate::domain::roster::membership::Membership;
use crate::domain::sessions::month::SessionMonth;
use crate::domain::sessions::session::{Plan, Session};
use crate::domain::settings::Settings;
use crate::domain::table::Table;
use edits::Edits;

/// A stored record type: where it lives, its schema history, its checks and its references.
pub trait Stored: Serialize + DeserializeOwned + Clone + Sized + Into<Record> + 'static {
    /// Which kind this is.
    const KIND: Kind;
    /// Object store name (also the name in backups and exports).
    const STORE: &'static str;
    /// Name for people, in messages ("a client", "the settings").
    const LABEL: &'static str;
    /// Name of many, for people ("clients", "months of sessions"), as a backup lists them.
    const PLURAL: &'static str;
    /// Current schema version of the record.
    const SCHEMA: u32;
    /// Database version that created the store.
    const SINCE_DB: u32;
    /// Kinds this one refers to by id.
    const REFERS_TO: &'static [Kind] = &[];
    /// The kind whose records hold this one's when written (sessions: inside the month of their
    /// group, see `layout::as_stored`). Such a kind is kept record by record in memory and in
    /// changes; its own store is only read (an older layout) and emptied as it moves.
    const HELD_IN: Option<Kind> = None;

    /// The record's id (the store key).
    fn id(&self) -> &str;

    /// One migration step: bring `raw` from schema `from` to `from + 1`. Fields a step adds
    /// with a serde default need no step.
    fn migrate(from: u32, raw: &mut Map<String, Value>) -> Result<(), String> {
        let _ = (from, raw);
        Ok(())
    }

    /// The same limits the forms enforce (lengths, dates, link rules), on a stored record.
    fn validate(&self) -> Result<(), String>;

    /// The records this one holds when stored, by kind and id (see [`Stored::HELD_IN`]).
    fn held(&self) -> Vec<(Kind, &str)> {
        Vec::new()
    }

    /// Ids this record refers to, by kind (every kind is in [`Stored::REFERS_TO`]).
    fn refs(&self) -> Vec<(Kind, &str)> {
        Vec::new()
    }

    /// The key of this kind's [`Table`] in the programme.
    type Key: Ord + std::borrow::Borrow<str> + From<String>;
    /// The programme's table of this kind; `None` for the kinds kept another way (the
    /// settings, the sessions), which write the four methods below themselves.
    fn table(p: &Programme) -> Option<&Table<Self::Key, Self>> {
        let _ = p;
        None
    }
    /// The programme's table of this kind, to change.
    fn table_mut(p: &mut Programme) -> Option<&mut Table<Self::Key, Self>> {
        let _ = p;
        None
    }

    /// Insert or replace this record in the programme.
    fn put_into(self, p: &mut Programme) {
        let key = Self::Key::from(self.id().to_owned());
        in_table(Self::table_mut(p), Self::KIND).insert(key, self);
    }
    /// Remove the record with `id` from the programme.
    fn remove_from(p: &mut Programme, id: &str) {
        in_table(Self::table_mut(p), Self::KIND).remove(id);
    }
    /// Every record of this kind in the programme.
    fn all(p: &Programme) -> Vec<Self> {
        in_table(Self::table(p), Self::KIND)
            .values()
            .cloned()
            .collect()
    }
    /// Every record of this kind the programme holds in memory, however it is stored (held
    /// sessions as well as those of an older store); [`Stored::all`] gives only those stored
    /// on their own.
    fn every(p: &Programme) -> Vec<Self> {
        Self::all(p)
    }
    /// The id of the record that holds the record `id` when stored (a session's month), for a
    /// kind with [`Stored::HELD_IN`].
    fn holder(id: &str) -> Option<&str> {
        let _ = id;
        None
    }
    /// The record with `id` as the programme holds it in memory (a held session from its
    /// month), if any.
    fn current(p: &Programme, id: &str) -> Option<Self> {
        match Self::table(p) {
            Some(t) => t.get(id).cloned(),
            None => Self::all(p).into_iter().find(|r| r.id() == id),
        }
    }
    /// Whether the programme holds a record of this kind with `id`.
    fn exists(p: &Programme, id: &str) -> bool {
        in_table(Self::table(p), Self::KIND).contains_key(id)
    }
}

/// A kind's table, or (a registry entry without a table that did not write its own
/// `put_into`/`remove_from`/`all`/`exists`: a bug the conformance tests catch) a panic.
fn in_table<X>(table: Option<X>, kind: Kind) -> X {
    table.unwrap_or_else(|| panic!("kind {kind:?} has no table and no methods of its own"))
}

/// Non-generic view of one kind, so storage and loading code is not instantiated per kind.
pub trait KindOps: Sync {
    fn kind(&self) -> Kind;
    fn store(&self) -> &'static str;
    fn label(&self) -> &'static str;
    fn plural(&self) -> &'static str;
    fn schema(&self) -> u32;
    fn since_db(&self) -> u32;
    fn refers_to(&self) -> &'static [Kind];
    /// See [`Stored::HELD_IN`].
    fn held_in(&self) -> Option<Kind>;
    /// Migrate, parse and validate one stored record; on failure, why, and the record back.
    fn restore(&self, raw: Value) -> Result<Restored, (String, Value)>;
    /// Restore a whole store from its JSON text (an array of records) into `p`: records of the
    /// current schema are decoded straight into their type; older ones take the migration path;
    /// unreadable ones are quarantined.
    fn restore_text(&self, text: &str, p: &mut Programme);
    /// Migrate, parse and validate one record from its JSON text (a backup's records): the
    /// same path as start-up, but a failure is returned, not quarantined.
    fn read(&self, text: &str) -> Result<Restored, String>;
    /// Every record of this kind in `p`.
    fn records(&self, p: &Programme) -> Vec<Record>;
    /// Remove a record from `p`.
    fn remove(&self, p: &mut Programme, id: &str);
    /// Whether `p` holds a record with `id`.
    fn exists(&self, p: &Programme, id: &str) -> bool;
    /// The record with `id` as held in memory (see [`Stored::current`]).
    fn current(&self, p: &Programme, id: &str) -> Option<Record>;
}

/// A stored record that was read successfully, with the revision it was stored at.
#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub record: Record,
    pub rev: u64,
    /// Its stored edit history as found (a holder's: its records' histories by id).
    pub edits: Option<Value>,
}

struct Entry<T>(PhantomData<fn() -> T>);

impl<T: Stored> KindOps for Entry<T> {
    fn kind(&self) -> Kind {
        T::KIND
    }
    fn store(&self) -> &'static str {
        T::STORE
    }
    fn label(&self) -> &'static str {
        T::LABEL
    }
    fn plural(&self) -> &'static str {
        T::PLURAL
    }
    fn schema(&self) -> u32 {
        T::SCHEMA
    }
    fn since_db(&self) -> u32 {
        T::SINCE_DB
    }
    fn refers_to(&self) -> &'static [Kind] {
        T::REFERS_TO
    }
    fn held_in(&self) -> Option<Kind> {
        T::HELD_IN
    }
    fn restore(&self, raw: Value) -> Result<Restored, (String, Value)> {
        restore_one::<T>(raw)
    }
    fn restore_text(&self, text: &str, p: &mut Programme) {
        restore_store::<T>(text, p)
    }
    fn read(&self, text: &str) -> Result<Restored, String> {
        read_text::<T>(text)
    }
    fn records(&self, p: &Programme) -> Vec<Record> {
        T::all(p).into_iter().map(Into::into).collect()
    }
    fn remove(&self, p: &mut Programme, id: &str) {
        T::remove_from(p, id);
    }
    fn exists(&self, p: &Programme, id: &str) -> bool {
        T::exists(p, id)
    }
    fn current(&self, p: &Programme, id: &str) -> Option<Record> {
        T::current(p, id).map(Into::into)
    }
}

/// Declares every kind once: the [`Kind`] enum, the [`Record`] enum and [`KINDS`], in the
/// order their stores were created.
macro_rules! kinds {
    ($($variant:ident($ty:ty)),* $(,)?) => {
        /// Every kind of stored record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind { $($variant),* }

        /// One record of any kind.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Record { $($variant($ty)),* }

        /// The registry: one entry per kind, in [`Kind`] order.
        pub static KINDS: &[&dyn KindOps] = &[$(&Entry::<$ty>(PhantomData)),*];

        /// The database version the registry needs: the newest store's `SINCE_DB`. The
        /// storage layer opens the database at this version, so a new store raises it by itself.
        pub const LAYOUT_VERSION: u32 = {
            let since = [$(<$ty as Stored>::SINCE_DB),*];
            let (mut newest, mut i) = (1, 0);
            while i < since.len() {
                if since[i] > newest {
                    newest = since[i];
                }
                i += 1;
            }
            newest
        };

        // Dispatched by `match`, not through [`KindOps`]: a method of the registry's vtable is
        // in the initial download whoever calls it (the table is reached at start-up), while a
        // function called directly goes with its callers (a backup's, into its lazy part).
        impl Kind {
            /// Every record of this kind held in memory (see [`Stored::every`]).
            pub fn every(self, p: &Programme) -> Vec<Record> {
                match self {
                    $(Kind::$variant => <$ty as Stored>::every(p).into_iter().map(Into::into).collect()),*
                }
            }
            /// The holder of a held record (see [`Stored::holder`]), as its kind and id.
            pub fn holder(self, id: &str) -> Option<(Kind, &str)> {
                match self {
                    $(Kind::$variant => <$ty as Stored>::HELD_IN.zip(<$ty as Stored>::holder(id))),*
                }
            }
        }

        impl Record {
            pub fn kind(&self) -> Kind {
                match self { $(Record::$variant(_) => Kind::$variant),* }
            }
            pub fn id(&self) -> &str {
                match self { $(Record::$variant(r) => Stored::id(r)),* }
            }
            /// The stored JSON of the record (without its revision).
            pub fn to_json(&self) -> Result<Value, String> {
                match self {
                    $(Record::$variant(r) => serde_json::to_value(r).map_err(|e| e.to_string())),*
                }
            }
            /// The ids this record refers to.
            pub fn refs(&self) -> Vec<(Kind, &str)> {
                match self { $(Record::$variant(r) => Stored::refs(r)),* }
            }
            fn put_into(self, p: &mut Programme) {
                match self { $(Record::$variant(r) => r.put_into(p)),* }
            }
            /// The records this one holds when stored (a month's sessions), by kind and id.
            pub fn held(&self) -> Vec<(Kind, &str)> {
                match self { $(Record::$variant(r) => Stored::held(r)),* }
            }
        }

        $(impl From<$ty> for Record {
            fn from(r: $ty) -> Record { Record::$variant(r) }
        })*
    };
}

kinds! {
    Client(Client),
    Settings(Settings),
    Group(Group),
    Membership(Membership),
    Staff(Staff),
    Room(Room),
    KeepApart(KeepApart),
    Topic(Topic),
    Curriculum(Curriculum),
    Plan(Plan),
    Session(Session),
    SessionMonth(SessionMonth),
    FamilyMember(FamilyMember),
    Consent(Consent),
    FamilySession(FamilySession),
    Disclosure(Disclosure),
}

impl Kind {
    /// This kind's registry entry.
    pub fn ops(self) -> &'static dyn KindOps {
        KINDS[self as usize]
    }
    pub fn store(self) -> &'static str {
        self.ops().store()
    }
    pub fn label(self) -> &'static str {
        self.ops().label()
    }
    /// Name of many ("clients"), as a backup lists them.
    pub fn plural(self) -> &'static str {
        self.ops().plural()
    }
    /// The kind stored in `store`.
    pub fn of_store(store: &str) -> Option<Kind> {
        KINDS.iter().find(|k| k.store() == store).map(|k| k.kind())
    }
    /// Whether this kind's records hold another kind's when stored (months hold sessions): its
    /// history and its merges are those of the records it holds.
    pub fn holds_others(self) -> bool {
        KINDS.iter().any(|k| k.held_in() == Some(self))
    }
}

/// Object stores of a database version, in creation order.
pub fn stores_at(version: u32) -> Vec<&'static str> {
    let mut kinds: Vec<&&dyn KindOps> = KINDS.iter().filter(|k| k.since_db() <= version).collect();
    kinds.sort_by_key(|k| k.since_db());
    kinds.into_iter().map(|k| k.store()).collect()
}

/// The database version the registry needs (the newest store's).
pub fn layout_version() -> u32 {
    LAYOUT_VERSION
}

impl Programme {
    /// Whether nothing at all is stored: no record of any kind in the registry (the settings
    /// as they come), nothing quarantined, no revision. Walks [`KINDS`], so a new kind cannot
    /// be forgotten here (a browser holding only that kind would be told its data is gone).
    pub fn holds_nothing(&self) -> bool {
        KINDS
            .iter()
            .filter(|k| k.kind() != Kind::Settings)
            .all(|k| k.records(self).is_empty())
            && self.quarantine.is_empty()
            && self.revisions.is_empty()
            && self.settings == crate::domain::Settings::default()
    }
}

/// The revision each record of a stored change now has (`None`: deleted).
pub type NewRevisions = Vec<(Kind, String, Option<u64>)>;

/// The edit history each record of a stored change now has (held records by their own kind),
/// sorted by kind and id.
pub type NewEdits = Vec<(Kind, String, Edits)>;

/// The id of a record to delete, by kind.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordRef {
    pub kind: Kind,
    pub id: String,
}

impl RecordRef {
    pub fn new(kind: Kind, id: impl Into<String>) -> RecordRef {
        RecordRef {
            kind,
            id: id.into(),
        }
    }
}

/// Records to write and delete, all together or not at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    /// New records: writing fails if the id exists (a second tab may have used it).
    pub insert: Vec<Record>,
    /// Records to add or replace.
    pub put: Vec<Record>,
    pub delete: Vec<RecordRef>,
    /// Edit histories to store as given for records of `insert` and `put`, instead of a new
    /// edit by this browser: a restored record keeps the backup's history, a merged one the
    /// merged history (see [`edits::merge`]). Records not named here are stamped as edited.
    pub edits: NewEdits,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        self.insert.is_empty() && self.put.is_empty() && self.delete.is_empty()
    }

    /// A change that puts one record.
    pub fn put(record: impl Into<Record>) -> Change {
        Change {
            put: vec![record.into()],
            ..Change::default()
        }
    }

    /// The ids this change writes or deletes, by store.
    pub fn by_store(&self) -> Vec<(&'static str, Vec<String>)> {
        let mut out: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for (kind, id) in self.touched() {
            out.entry(kind.store()).or_default().push(id.to_string());
        }
        out.into_iter().collect()
    }

    /// Every record this change writes or deletes.
    pub fn touched(&self) -> impl Iterator<Item = (Kind, &str)> {
        self.insert
            .iter()
            .chain(&self.put)
            .map(|r| (r.kind(), r.id()))
            .chain(self.delete.iter().map(|r| (r.kind, r.id.as_str())))
    }
}

pub use super::programme::{Quarantined, key_text};

impl Quarantined {
    /// The kind of record it is (its store's kind).
    pub fn kind(&self) -> Option<Kind> {
        Kind::of_store(self.store)
    }
}

impl Programme {
    /// Apply a change in memory (after it was stored).
    pub fn apply(&mut self, change: &Change) {
        for record in change.insert.iter().chain(&change.put) {
            record.clone().put_into(self);
        }
        for gone in &change.delete {
            gone.kind.ops().remove(self, &gone.id);
        }
    }

    /// Every record as a change that inserts it (loading a sample programme), settings aside.
    pub fn as_inserts(&self) -> Change {
        let insert = KINDS
            .iter()
            .filter(|k| k.kind() != Kind::Settings)
            .flat_map(|k| k.records(self))
            .collect();
        Change {
            insert,
            ..Change::default()
        }
    }

    /// The revision a record was stored at (0 for records stored before revisions existed, or
    /// not stored).
    pub fn revision(&self, kind: Kind, id: &str) -> u64 {
        self.revisions
            .get(&(kind.store(), id.to_string()))
            .copied()
            .unwrap_or(0)
    }

    /// The quarantined record with this kind and id, if any.
    pub fn quarantined(&self, kind: Kind, id: &str) -> Option<&Quarantined> {
        self.quarantine.get(&(kind.store(), id.to_string()))
    }

    /// Build the programme from stored records: per store, the JSON text of an array of its
    /// records. Records that cannot be read are quarantined (with `unreadable` ones storage
    /// could not even decode), never dropped.
    pub fn restore(stores: &BTreeMap<&str, String>, unreadable: Vec<Quarantined>) -> Programme {
        let mut p = Programme::default();
        for ops in KINDS {
            if let Some(text) = stores.get(ops.store()) {
                ops.restore_text(text, &mut p);
            }
        }
        for q in unreadable {
            p.set_quarantined(q);
        }
        p
    }

    /// Read one stored record into the programme (replacing any copy of it), or quarantine it.
    pub fn restore_record(&mut self, kind: Kind, raw: Value) {
        match kind.ops().restore(raw) {
            Ok(restored) => self.put_restored(kind, restored),
            Err((reason, raw)) => self.set_quarantined(Quarantined {
                store: kind.store(),
                key: record_key(&raw),
                stored_key: stored_key(&raw),
                reason,
                text: serde_json::to_string_pretty(&raw).unwrap_or_default(),
            }),
        }
    }

    /// Keep a record read from storage, at the revision it was stored at.
    pub(crate) fn put_restored(&mut self, kind: Kind, Restored { record, rev, edits }: Restored) {
        let id = record.id().to_string();
        let store = kind.store();
        self.keep_edits(&record, edits.as_ref());
        // Almost always empty: no key to build for every record at start-up.
        if !self.quarantine.is_empty() {
            self.quarantine.remove(&(store, id.clone()));
        }
        if kind.ops().held_in().is_some() {
            // Its old store (sessions one by one): start-up moves these into months.
            self.legacy_sessions.insert(id.clone());
        }
        if rev > 0 {
            self.revisions.insert((store, id), rev);
        } else {
            self.revisions.remove(&(store, id));
        }
        record.put_into(self);
    }

    /// Keep the stored edit history of `record` (of each record it holds, for a holder).
    fn keep_edits(&mut self, record: &Record, edits: Option<&Value>) {
        let held = record.held();
        if held.is_empty() {
            let key = (record.kind().store(), record.id().to_string());
            match edits.and_then(Edits::from_json) {
                Some(e) => self.edits.insert(key, e),
                None => self.edits.remove(&key),
            };
            return;
        }
        for (kind, id) in held {
            let key = (kind.store(), id.to_string());
            match edits.and_then(|e| e.get(id)).and_then(Edits::from_json) {
                Some(e) => self.edits.insert(key, e),
                None => self.edits.remove(&key),
            };
        }
    }

    /// The edit history of a record (`None`: stored before histories were kept, or not stored).
    pub fn edits(&self, kind: Kind, id: &str) -> Option<&Edits> {
        self.edits.get(&(kind.store(), id.to_string()))
    }

    /// The stored `edits` field of `record`: its history, or a holder's records' by id.
    pub fn edits_json(&self, record: &Record, new: &NewEdits) -> Option<Value> {
        // `new` is sorted by kind and id (as `plan_ops` gives it): a restore writes thousands.
        let find = |kind: Kind, id: &str| {
            new.binary_search_by(|(k, i, _)| (*k, i.as_str()).cmp(&(kind, id)))
                .ok()
                .map(|at| &new[at].2)
                .or_else(|| self.edits(kind, id))
        };
        let held = record.held();
        if held.is_empty() {
            return find(record.kind(), record.id()).map(Edits::to_json);
        }
        let by_id: Map<String, Value> = held
            .into_iter()
            .filter_map(|(kind, id)| Some((id.to_string(), find(kind, id)?.to_json())))
            .collect();
        (!by_id.is_empty()).then_some(Value::Object(by_id))
    }

    /// Forget the edit histories of records about to be deleted (and of those they hold).
    pub fn forget_edits(&mut self, gone: &[RecordRef]) {
        for gone in gone {
            let held: Vec<(Kind, String)> = gone
                .kind
                .ops()
                .current(self, &gone.id)
                .map(|r| {
                    r.held()
                        .into_iter()
                        .map(|(k, i)| (k, i.to_string()))
                        .collect()
                })
                .unwrap_or_default();
            for (kind, id) in held {
                self.edits.remove(&(kind.store(), id));
            }
            self.edits.remove(&(gone.kind.store(), gone.id.clone()));
        }
    }

    /// Record the edit histories a stored change gave its records.
    pub fn set_edits(&mut self, new: &NewEdits) {
        for (kind, id, e) in new {
            self.edits.insert((kind.store(), id.clone()), e.clone());
        }
    }

    /// List a record that cannot be read, in place of any readable copy of it.
    pub fn set_quarantined(&mut self, q: Quarantined) {
        if let Some(kind) = q.kind() {
            kind.ops().remove(self, &q.key);
        }
        self.revisions.remove(&(q.store, q.key.clone()));
        self.edits.remove(&(q.store, q.key.clone()));
        self.quarantine.insert((q.store, q.key.clone()), q);
    }

    /// Forget a record that no longer exists in storage.
    pub fn forget(&mut self, kind: Kind, id: &str) {
        kind.ops().remove(self, id);
        self.revisions.remove(&(kind.store(), id.to_string()));
        self.edits.remove(&(kind.store(), id.to_string()));
        self.quarantine.remove(&(kind.store(), id.to_string()));
    }

    /// Record the revisions a stored change gave its records.
    pub fn set_revisions(&mut self, revs: &NewRevisions) {
        for (kind, id, rev) in revs {
            match rev {
                Some(r) => self.revisions.insert((kind.store(), id.clone()), *r),
                None => {
                    self.edits.remove(&(kind.store(), id.clone()));
                    self.revisions.remove(&(kind.store(), id.clone()))
                }
            };
        }
    }
}

/// The key of a stored record as text ("?" when it has none).
pub fn record_key(raw: &Value) -> String {
    raw.get("id").map_or_else(|| "?".into(), key_text)
}

/// The key of a stored record as JSON (`Null` when it has none).
pub fn stored_key(raw: &Value) -> Value {
    raw.get("id").cloned().unwrap_or(Value::Null)
}

/// Name of the revision field in stored JSON.
pub const REV_FIELD: &str = "rev";

/// Migrate, parse and validate one stored record of kind `T`; on failure, why, with the record
/// handed back untouched.
fn restore_one<T: Stored>(raw: Value) -> Result<Restored, (String, Value)> {
    match read::<T>(&raw) {
        Ok(restored) => Ok(restored),
        Err(reason) => Err((reason, raw)),
    }
}

/// What every stored record starts with: its id, revision and schema, checked.
struct Head<'a> {
    id: &'a str,
    rev: u64,
    /// `None`: written before schemas were recorded (schema 1).
    schema: Option<u32>,
}

/// The id, revision and schema fields of a stored record, as found (not yet checked).
#[derive(serde::Deserialize)]
struct RawHead {
    #[serde(default)]
    id: Option<Value>,
    #[serde(default)]
    rev: Option<Value>,
    #[serde(default)]
    schema: Option<Value>,
    #[serde(default)]
    edits: Option<Value>,
}

/// Check a record's id, revision and schema fields.
fn head<'a, T: Stored>(
    id: Option<&'a Value>,
    rev: Option<&Value>,
    schema: Option<&Value>,
) -> Result<Head<'a>, String> {
    let id = match id {
        Some(Value::String(s)) if !s.is_empty() => s.as_str(),
        _ => return Err("it has no id".into()),
    };
    let rev = match rev {
        None => 0,
        Some(v) => v
            .as_u64()
            .ok_or_else(|| "its revision is not a whole number".to_string())?,
    };
    let schema = match schema {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|s| u32::try_from(s).ok())
                .ok_or_else(|| "its schema version is not a whole number".to_string())?,
        ),
    };
    if schema.unwrap_or(1) > T::SCHEMA {
        return Err(format!(
            "it was written by a newer version of IOP Planner (schema {}; this version reads up to {})",
            schema.unwrap_or(1),
            T::SCHEMA
        ));
    }
    Ok(Head { id, rev, schema })
}

fn shape(e: serde_json::Error) -> String {
    format!("its shape is wrong: {e}")
}

/// A decoded record whose id is the one stored and that passes the forms' checks.
fn checked<T: Stored>(record: T, head: &Head, edits: Option<Value>) -> Result<Restored, String> {
    if record.id() != head.id {
        return Err("its id changed while reading it".into());
    }
    record.validate()?;
    Ok(Restored {
        record: record.into(),
        rev: head.rev,
        edits,
    })
}

/// [`restore_one`] without taking the record: current records are read in place; only older
/// schemas are copied to be migrated.
fn read<T: Stored>(raw: &Value) -> Result<Restored, String> {
    let obj = raw
        .as_object()
        .ok_or_else(|| "it is not a record (not a JSON object)".to_string())?;
    let head = head::<T>(obj.get("id"), obj.get(REV_FIELD), obj.get("schema"))?;
    // Decoded from text like start-up's records: one deserializer per kind in the wasm (a
    // second one, from `Value`, would add tens of kilobytes for these rare paths).
    let text = if head.schema == Some(T::SCHEMA) {
        serde_json::to_string(raw)
    } else {
        let mut migrated = obj.clone();
        for from in head.schema.unwrap_or(1)..T::SCHEMA {
            T::migrate(from, &mut migrated)?;
        }
        migrated.insert("schema".into(), Value::from(T::SCHEMA));
        serde_json::to_string(&migrated)
    }
    .map_err(|e| e.to_string())?;
    let record: T = serde_json::from_str(&text).map_err(shape)?;
    checked(record, &head, obj.get(edits::EDITS_FIELD).cloned())
}

/// One stored record from its JSON text: straight into `T` when it has the current schema
/// (no [`Value`] built), through [`read`] (migration) otherwise.
fn read_text<T: Stored>(text: &str) -> Result<Restored, String> {
    let raw_head: RawHead = serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => "it is not a record (not a JSON object)".to_string(),
        _ => shape(e),
    })?;
    let head = head::<T>(
        raw_head.id.as_ref(),
        raw_head.rev.as_ref(),
        raw_head.schema.as_ref(),
    )?;
    if head.schema == Some(T::SCHEMA) {
        let record: T = serde_json::from_str(text).map_err(shape)?;
        checked(record, &head, raw_head.edits)
    } else {
        let value: Value = serde_json::from_str(text).map_err(shape)?;
        read::<T>(&value)
    }
}

/// Restore every record of one store from its JSON text (an array) into `p`.
fn restore_store<T: Stored>(text: &str, p: &mut Programme) {
    let records: Vec<&serde_json::value::RawValue> = match serde_json::from_str(text) {
        Ok(records) => records,
        Err(e) => {
            p.set_quarantined(Quarantined {
                store: T::STORE,
                key: "?".into(),
                stored_key: Value::Null,
                reason: format!("the stored list could not be read: {e}"),
                text: text.chars().take(10_000).collect(),
            });
            return;
        }
    };
    for raw in records {
        match read_text::<T>(raw.get()) {
            Ok(restored) => p.put_restored(T::KIND, restored),
            Err(reason) => {
                let value: Option<Value> = serde_json::from_str(raw.get()).ok();
                p.set_quarantined(Quarantined {
                    store: T::STORE,
                    key: value.as_ref().map_or_else(|| "?".into(), record_key),
                    stored_key: value.as_ref().map_or(Value::Null, stored_key),
                    reason,
                    text: value
                        .and_then(|v| serde_json::to_string_pretty(&v).ok())
                        .unwrap_or_else(|| raw.get().to_string()),
                });
            }
        }
    }
}

/// Join a list of problems into one sentence list.
pub(crate) fn problems(
    result: Result<(), crate::domain::errors::FieldErrors>,
) -> Result<(), String> {
    result.map_err(|p| p.messages().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_programme_holding_one_record_of_any_kind_does_not_hold_nothing() {
        use crate::domain::sample::{SampleParams, generate};
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let sample = generate(&SampleParams::demo(), day, "hn-");
        assert!(Programme::default().holds_nothing());
        let mut tried = Vec::new();
        for ops in KINDS {
            let Some(record) = ops.records(&sample).into_iter().next() else {
                continue;
            };
            let mut p = Programme::default();
            p.apply(&Change {
                put: vec![record],
                ..Change::default()
            });
            if ops.kind() == Kind::Settings && p.settings == crate::domain::Settings::default() {
                p.settings.programme_name = "Riverside IOP".into();
            }
            assert!(
                !p.holds_nothing(),
                "a programme of one {} holds nothing",
                ops.label()
            );
            tried.push(ops.kind());
        }
        // The sample has every kind but the old session layout (migrated on load).
        assert_eq!(tried.len(), KINDS.len() - 1, "{tried:?}");
    }

    #[test]
    fn the_database_version_is_the_newest_store() {
        assert_eq!(
            LAYOUT_VERSION,
            KINDS.iter().map(|k| k.since_db()).max().unwrap()
        );
    }

    #[test]
    fn the_registry_lists_each_store_once_in_kind_order() {
        for (i, k) in KINDS.iter().enumerate() {
            assert_eq!(k.kind() as usize, i, "{} is out of order", k.store());
            assert_eq!(Kind::of_store(k.store()), Some(k.kind()));
        }
        let mut stores: Vec<_> = KINDS.iter().map(|k| k.store()).collect();
        stores.sort_unstable();
        stores.dedup();
        assert_eq!(stores.len(), KINDS.len(), "two kinds share a store");
    }

    #[test]
    fn every_store_ever_created_is_still_in_the_registry() {
        // The upgrade only creates stores, but a store missing from the list would be
        // invisible to loading, backup and export. This is the layout history: extend it,
        // never shorten it.
        let history: &[(u32, &[&str])] = &[
            (1, &["clients"]),
            (2, &["settings"]),
            (
                3,
                &["groups", "memberships", "staff", "rooms", "keep_apart"],
            ),
            (4, &["topics", "curricula", "plans", "sessions"]),
            (5, &["session_months"]),
            (6, &["family_members", "consents", "family_sessions"]),
            (7, &["disclosures"]),
        ];
        for (version, created) in history {
            for store in *created {
                let kind = Kind::of_store(store)
                    .unwrap_or_else(|| panic!("store {store} is missing from KINDS"));
                assert_eq!(kind.ops().since_db(), *version, "{store}");
            }
        }
        assert_eq!(layout_version(), history.len() as u32);
        assert_eq!(
            stores_at(layout_version()).len(),
            history.iter().map(|(_, s)| s.len()).sum::<usize>()
        );
    }

    #[test]
    fn every_reference_target_is_a_listed_kind_and_refs_match_the_declaration() {
        let sample = crate::domain::sample::generate(
            &crate::domain::sample::SampleParams::demo(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            "t-",
        );
        for ops in KINDS {
            for record in ops.records(&sample) {
                for (target, _) in record.refs() {
                    assert!(
                        ops.refers_to().contains(&target),
                        "{} refers to {:?} without declaring it",
                        ops.store(),
                        target
                    );
                }
            }
        }
    }

    #[test]
    fn every_kind_round_trips_through_its_stored_json() {
        let mut sample = crate::domain::sample::generate(
            &crate::domain::sample::SampleParams::demo(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            "t-",
        );
        sample.settings = Settings::default();
        let mut seen = std::collections::BTreeSet::new();
        for ops in KINDS {
            let records = if ops.kind() == Kind::Settings {
                vec![Record::Settings(sample.settings.clone())]
            } else if ops.kind() == Kind::Session {
                // The old store: sessions as they were stored one by one.
                sample
                    .sessions
                    .values()
                    .take(3)
                    .cloned()
                    .map(Record::Session)
                    .collect()
            } else {
                ops.records(&sample)
            };
            for record in records {
                seen.insert(ops.kind());
                let mut json = record.to_json().unwrap();
                json[REV_FIELD] = json!(7);
                let back = ops.restore(json).unwrap_or_else(|(e, _)| {
                    panic!("{} {} does not restore: {e}", ops.store(), record.id())
                });
                assert_eq!(
                    back,
                    Restored {
                        record,
                        rev: 7,
                        edits: None
                    }
                );
            }
        }
        assert_eq!(seen.len(), KINDS.len(), "the sample lacks a kind");
    }

    #[test]
    fn every_schema_migration_chain_reaches_the_current_schema() {
        // A schema-1 record of each kind (where one can be written) migrates step by step.
        let client = json!({
            "id": "c1", "name": "Sam Fixture", "age_band": "adult", "track": "co-occurring",
            "level_of_care": "iop", "admission_date": "2025-03-04"
        });
        let restored = Kind::Client.ops().restore(client).unwrap();
        let Record::Client(c) = restored.record else {
            panic!("not a client")
        };
        assert_eq!(c.full_name, "Sam Fixture");
        assert_eq!(c.schema, Kind::Client.ops().schema());
        let settings = json!({"id": "settings", "tracks": [{"id": "a", "name": "A"}]});
        let restored = Kind::Settings.ops().restore(settings).unwrap();
        let Record::Settings(s) = restored.record else {
            panic!("not settings")
        };
        assert_eq!(s.schema, Kind::Settings.ops().schema());
        assert!(!s.care_hours.is_empty());
    }

    #[test]
    fn start_up_text_decodes_current_records_directly_and_migrates_old_ones() {
        let mut p = crate::domain::sample::generate(
            &crate::domain::sample::SampleParams::demo(),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            "t-",
        );
        p.settings = Settings::default();
        assert!(!p.sessions.is_empty());
        let stored: BTreeMap<&str, String> = KINDS
            .iter()
            .map(|ops| {
                let list: Vec<Value> = ops
                    .records(&p)
                    .iter()
                    .map(|r| r.to_json().unwrap())
                    .collect();
                (ops.store(), serde_json::to_string(&list).unwrap())
            })
            .collect();
        let back = Programme::restore(&stored, Vec::new());
        assert!(back.quarantine.is_empty(), "{:?}", back.quarantine);
        for ops in KINDS {
            assert_eq!(ops.records(&back), ops.records(&p), "{}", ops.store());
        }
        // An old-schema client next to a current one, with revisions kept for both.
        let mut current = Kind::Client.ops().records(&p)[0].to_json().unwrap();
        current[REV_FIELD] = 7.into();
        let old = json!({
            "id": "c-old", "name": "Sam Fixture", "age_band": "adult", "track": "co-occurring",
            "level_of_care": "iop", "admission_date": "2025-03-04", "rev": 3
        });
        let text = serde_json::to_string(&vec![current.clone(), old]).unwrap();
        let back = Programme::restore(&BTreeMap::from([("clients", text)]), Vec::new());
        assert!(back.quarantine.is_empty(), "{:?}", back.quarantine);
        assert_eq!(back.clients["c-old"].full_name, "Sam Fixture");
        assert_eq!(back.revision(Kind::Client, "c-old"), 3);
        assert_eq!(
            back.revision(Kind::Client, current["id"].as_str().unwrap()),
            7
        );
    }

    #[test]
    fn unreadable_records_are_quarantined_with_their_text_never_dropped() {
        let mut stores = BTreeMap::new();
        stores.insert(
            "clients",
            vec![
                json!({"id": "bad", "full_name": 3}),
                json!("just a string"),
                json!({"id": "new", "schema": 99}),
                json!({"id": "long", "schema": 3, "full_name": "x".repeat(500), "age_band": "adult",
                       "track": "t", "level_of_care": "iop", "admission_date": "2026-01-01"}),
            ],
        );
        stores.insert("settings", vec![json!({"id": "settings", "tracks": []})]);
        stores.insert("groups", vec![json!({"id": "g9", "schema": 7})]);
        let stores: BTreeMap<&str, String> = stores
            .into_iter()
            .map(|(k, v)| (k, serde_json::to_string(&v).unwrap()))
            .collect();
        let p = Programme::restore(
            &stores,
            vec![Quarantined {
                store: "sessions",
                key: "s1".into(),
                stored_key: "s1".into(),
                reason: "not plain JSON".into(),
                text: "{}".into(),
            }],
        );
        assert!(p.clients.is_empty());
        let keys: Vec<_> = p.quarantine.keys().cloned().collect();
        assert_eq!(
            keys,
            [
                ("clients", "?".to_string()),
                ("clients", "bad".to_string()),
                ("clients", "long".to_string()),
                ("clients", "new".to_string()),
                ("groups", "g9".to_string()),
                ("sessions", "s1".to_string()),
                ("settings", "settings".to_string()),
            ]
        );
        assert!(
            p.quarantine[&("clients", "new".into())]
                .reason
                .contains("newer version")
        );
        assert!(
            p.quarantine[&("clients", "bad".into())]
                .text
                .contains("\"full_name\": 3")
        );
        assert!(
            p.quarantine[&("clients", "long".into())]
                .reason
                .contains("at most")
        );
        assert_eq!(p.settings, Settings::default());
    }
}
