//! The whole programme as loaded into memory, with the lookups every screen uses. Loading and
//! migrating stored records is [`crate::domain::record`]'s job.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::domain::families::{Consent, Disclosure, FamilyMember, FamilySession};
use crate::domain::library::curriculum::Curriculum;
use crate::domain::library::topic::Topic;
use crate::domain::people::client::{Client, ClientId};
use crate::domain::people::keep_apart::KeepApart;
use crate::domain::people::staff::{Room, Staff};
use crate::domain::roster::group::Group;
use crate::domain::roster::membership::Membership;
use crate::domain::sessions::session::{Plan, Session};
use crate::domain::settings::Settings;
use crate::domain::sorting;
use crate::domain::table::Table;

/// Everything the app holds in memory. Maps are keyed by record id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Programme {
    pub clients: Table<ClientId, Client>,
    pub settings: Settings,
    pub groups: Table<String, Group>,
    pub memberships: Table<String, Membership>,
    pub staff: Table<String, Staff>,
    pub rooms: Table<String, Room>,
    pub keep_apart: Table<String, KeepApart>,
    pub topics: Table<String, Topic>,
    pub curricula: Table<String, Curriculum>,
    /// Curriculum assigned to each group, keyed by group id.
    pub plans: Table<String, Plan>,
    pub sessions: Table<String, Session>,
    /// Family members and support people, by id.
    pub family_members: Table<String, FamilyMember>,
    /// Consents to share with family members, by id.
    pub consents: Table<String, Consent>,
    /// Family sessions (single or series), by id.
    pub family_sessions: Table<String, FamilySession>,
    /// The disclosure log: share links made for family members, by id.
    pub disclosures: Table<String, Disclosure>,
    /// Sessions read from the old one-record-per-session store (database version 4), which
    /// start-up moves into group-months ([`super::sessions::month`]).
    pub legacy_sessions: BTreeSet<String>,
    /// Stored records that could not be read, by store and key: kept untouched in storage and
    /// never written over.
    pub quarantine: BTreeMap<(&'static str, String), Quarantined>,
    /// The revision each record was stored at, by store and id, when above 0 (see
    /// `Programme::revision` in [`super::record`]).
    pub revisions: BTreeMap<(&'static str, String), u64>,
    /// Each record's edit history, by store and id (held sessions under their own store), for
    /// merging copies field by field (see [`super::record::edits`]).
    pub edits: BTreeMap<(&'static str, String), super::record::edits::Edits>,
}

/// A stored record that could not be read: kept untouched in storage, listed in Settings, and
/// never written over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quarantined {
    /// The object store it is in.
    pub store: &'static str,
    /// The record's key as text (see [`key_text`]): what people see, and what the programme
    /// lists it by.
    pub key: String,
    /// The record's key as stored, as JSON: a string for every record this app writes, a
    /// number or a list when something else wrote it (IndexedDB keeps the key's type, and only
    /// that key deletes it). `Null` when storage could not say.
    pub stored_key: serde_json::Value,
    /// What is wrong, in plain words.
    pub reason: String,
    /// The record as JSON text (for exporting it).
    pub text: String,
}

/// A stored key as text: a string as it is; any other key (a number, a list) as its JSON with
/// its type, so it can never be mistaken for the string id of a readable record ("7 (a number
/// key)" is not "7").
pub fn key_text(key: &serde_json::Value) -> String {
    use serde_json::Value;
    let what = match key {
        Value::String(s) => return s.clone(),
        Value::Number(_) => "a number key",
        Value::Array(_) => "a list key",
        Value::Null => return "?".into(),
        _ => "a key of another type",
    };
    format!("{key} ({what})")
}

impl Quarantined {
    /// Whether it could not be read because a newer version of IOP Planner wrote it (the
    /// reason the registry gives such records and the months holding such sessions).
    pub fn by_newer_version(&self) -> bool {
        self.reason
            .contains("written by a newer version of IOP Planner")
    }
}

impl Programme {
    /// Active (not archived) clients.
    pub fn active_clients(&self) -> impl Iterator<Item = &Client> {
        self.clients.values().filter(|c| !c.archived)
    }

    /// Whether nothing has been entered yet (settings aside).
    pub fn is_empty(&self) -> bool {
        self.clients.is_empty()
            && self.groups.is_empty()
            && self.staff.is_empty()
            && self.rooms.is_empty()
    }

    /// Clients in the programme on `date`: not archived, admitted on or before it and not yet
    /// past their expected discharge.
    pub fn clients_active_on(&self, date: NaiveDate) -> impl Iterator<Item = &Client> {
        self.active_clients().filter(move |c| {
            c.admission_date <= date && c.expected_discharge.is_none_or(|d| date <= d)
        })
    }

    /// Memberships of one client, oldest first.
    pub fn memberships_of<'a>(
        &'a self,
        client: &'a ClientId,
    ) -> impl Iterator<Item = &'a Membership> + 'a {
        let mut list: Vec<&Membership> = self
            .memberships
            .values()
            .filter(|m| &m.client == client)
            .collect();
        sorting::sort_by_key(&mut list, |m| m.join);
        list.into_iter()
    }

    /// Name to show for a client id (preferred name if any); unknown ids are shown as such.
    pub fn client_name(&self, id: &ClientId) -> String {
        self.clients
            .get(id)
            .map(|c| c.display_name().to_string())
            .unwrap_or_else(|| "a removed client".into())
    }

    /// Name to show for a group id.
    pub fn group_name(&self, id: &str) -> String {
        self.groups
            .get(id)
            .map(|g| g.name.clone())
            .unwrap_or_else(|| "a removed group".into())
    }

    /// The family members with a place in family group `group` on `date`.
    pub fn family_in_group<'a>(
        &'a self,
        group: &'a str,
        date: chrono::NaiveDate,
    ) -> impl Iterator<Item = &'a crate::domain::families::FamilyMember> + 'a {
        self.family_members
            .values()
            .filter(move |f| f.in_group_on(group, date))
    }

    /// Name to show for a staff id.
    pub fn staff_name(&self, id: &str) -> String {
        self.staff
            .get(id)
            .map(|s| s.name.clone())
            .unwrap_or_else(|| "a removed staff member".into())
    }

    /// Name to show for a room id.
    pub fn topic_title(&self, id: &str) -> String {
        self.topics
            .get(id)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| "(unknown topic)".into())
    }

    pub fn curriculum_name(&self, id: &str) -> String {
        self.curricula
            .get(id)
            .map(|c| c.name.clone())
            .unwrap_or_else(|| "(unknown curriculum)".into())
    }

    /// Stored sessions of one group in date order (meetings nothing is stored for are not
    /// here: see `Programme::session` and `calendar::sessions_between`).
    pub fn sessions_of<'a>(&'a self, group: &'a str) -> Vec<&'a Session> {
        let mut out: Vec<&Session> = self
            .sessions
            .values()
            .filter(|s| s.group == group)
            .collect();
        sorting::sort_by_key(&mut out, |s| (s.date, s.start));
        out
    }

    pub fn room_name(&self, id: &str) -> String {
        self.rooms
            .get(id)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| "a removed room".into())
    }
}
