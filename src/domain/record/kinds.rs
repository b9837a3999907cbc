//! The registry entries: how each stored kind is read, checked and kept in the [`Programme`].
//! One `impl Stored` per kind, listed once in [`super::kinds!`](super).

use serde_json::{Map, Value};

use super::{Kind, Stored, problems};
use crate::domain::table::Table;

/// The `Key`, `table` and `table_mut` of a kind kept in one [`Table`] of the [`Programme`].
macro_rules! in_table {
    ($field:ident, $key:ty) => {
        type Key = $key;
        fn table(p: &Programme) -> Option<&Table<$key, Self>> {
            Some(&p.$field)
        }
        fn table_mut(p: &mut Programme) -> Option<&mut Table<$key, Self>> {
            Some(&mut p.$field)
        }
    };
}
use crate::domain::errors::FieldErrors;
use crate::domain::families::Disclosure;
use crate::domain::families::consent::{self, CONSENT_SCHEMA, Consent};
use crate::domain::families::member::{FAMILY_MEMBER_SCHEMA, FamilyMember, check_family_member};
use crate::domain::families::session::{self, FAMILY_SESSION_SCHEMA, FamilySession, Place};
use crate::domain::library::curriculum::{CURRICULUM_SCHEMA, Curriculum, check_curriculum};
use crate::domain::library::topic::{TOPIC_SCHEMA, Topic, check_topic};
use crate::domain::people::client::{CLIENT_SCHEMA, Client, ClientId, validate_stored_client};
use crate::domain::people::keep_apart::{KEEP_APART_SCHEMA, KeepApart, check_keep_apart};
use crate::domain::people::staff::{Room, STAFF_SCHEMA, Staff, check_room, check_staff};
use crate::domain::programme::Programme;
use crate::domain::roster::group::{GROUP_SCHEMA, Group, check_group};
use crate::domain::roster::membership::{MEMBERSHIP_SCHEMA, Membership, check_membership};
use crate::domain::sessions::month::{
    SESSION_MONTH_SCHEMA, SessionMonth, check_session, month_key, month_of_session, sessions_in,
};
use crate::domain::sessions::session::{PLAN_SCHEMA, Plan, SESSION_SCHEMA, Session};
use crate::domain::settings::{SETTINGS_ID, SETTINGS_SCHEMA, Settings};
use crate::domain::text::Check;

impl Stored for Client {
    const KIND: Kind = Kind::Client;
    const STORE: &'static str = "clients";
    const LABEL: &'static str = "client";
    const PLURAL: &'static str = "clients";
    const SCHEMA: u32 = CLIENT_SCHEMA;
    const SINCE_DB: u32 = 1;

    /// Schema 1 (database version 1) called the full name `name`. Schema 3 added `gender` and
    /// `schedule`, which default to "not recorded" / "no preference".
    fn migrate(from: u32, raw: &mut Map<String, Value>) -> Result<(), String> {
        if from == 1
            && let Some(name) = raw.remove("name")
        {
            raw.entry("full_name").or_insert(name);
        }
        Ok(())
    }
    fn id(&self) -> &str {
        &self.id.0
    }
    fn validate(&self) -> Result<(), String> {
        validate_stored_client(self)
    }
    in_table!(clients, ClientId);
}

impl Stored for Settings {
    type Key = String;
    const KIND: Kind = Kind::Settings;
    const STORE: &'static str = "settings";
    const LABEL: &'static str = "settings";
    const PLURAL: &'static str = "settings";
    const SCHEMA: u32 = SETTINGS_SCHEMA;
    const SINCE_DB: u32 = 2;
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        if self.id != SETTINGS_ID {
            return Err("it is not the programme's settings record".into());
        }
        if self.tracks.is_empty() {
            return Err("it has no tracks".into());
        }
        if self
            .tracks
            .iter()
            .any(|t| t.id.trim().is_empty() || t.name.trim().is_empty())
        {
            return Err("a track has no name".into());
        }
        if !self.time_zone.is_empty()
            && !crate::domain::settings::looks_like_time_zone(&self.time_zone)
        {
            return Err(format!("'{}' is not a time zone name", self.time_zone));
        }
        if let Some(key) = &self.share_key
            && !key.fits()
        {
            return Err("its share-link signing key is not one this app makes".into());
        }
        self.check_texts(Check::Stored)
    }
    fn put_into(self, p: &mut Programme) {
        p.settings = self;
    }
    fn remove_from(p: &mut Programme, _id: &str) {
        p.settings = Settings::default();
    }
    fn all(p: &Programme) -> Vec<Self> {
        vec![p.settings.clone()]
    }
    fn exists(_p: &Programme, id: &str) -> bool {
        id == SETTINGS_ID
    }
}

impl Stored for Group {
    const KIND: Kind = Kind::Group;
    const STORE: &'static str = "groups";
    const LABEL: &'static str = "group";
    const PLURAL: &'static str = "groups";
    const SCHEMA: u32 = GROUP_SCHEMA;
    const SINCE_DB: u32 = 3;
    const REFERS_TO: &'static [Kind] = &[Kind::Staff, Kind::Room];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        problems(check_group(self, Check::Stored))
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        self.lead
            .iter()
            .chain(&self.co_facilitators)
            .map(|s| (Kind::Staff, s.as_str()))
            .chain(self.room.iter().map(|r| (Kind::Room, r.as_str())))
            .collect()
    }
    in_table!(groups, String);
}

impl Stored for Membership {
    const KIND: Kind = Kind::Membership;
    const STORE: &'static str = "memberships";
    const LABEL: &'static str = "group membership";
    const PLURAL: &'static str = "group memberships";
    const SCHEMA: u32 = MEMBERSHIP_SCHEMA;
    const SINCE_DB: u32 = 3;
    const REFERS_TO: &'static [Kind] = &[Kind::Client, Kind::Group];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        if self.client.0.is_empty() || self.group.is_empty() {
            return Err("it names no client or no group".into());
        }
        check_membership(self, &[], Check::Stored)
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        vec![
            (Kind::Client, self.client.0.as_str()),
            (Kind::Group, self.group.as_str()),
        ]
    }
    in_table!(memberships, String);
}

impl Stored for Staff {
    const KIND: Kind = Kind::Staff;
    const STORE: &'static str = "staff";
    const LABEL: &'static str = "staff member";
    const PLURAL: &'static str = "staff members";
    const SCHEMA: u32 = STAFF_SCHEMA;
    const SINCE_DB: u32 = 3;
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        problems(check_staff(self, Check::Stored))
    }
    in_table!(staff, String);
}

impl Stored for Room {
    const KIND: Kind = Kind::Room;
    const STORE: &'static str = "rooms";
    const LABEL: &'static str = "room";
    const PLURAL: &'static str = "rooms";
    const SCHEMA: u32 = STAFF_SCHEMA;
    const SINCE_DB: u32 = 3;
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        problems(check_room(self, Check::Stored))
    }
    in_table!(rooms, String);
}

impl Stored for KeepApart {
    const KIND: Kind = Kind::KeepApart;
    const STORE: &'static str = "keep_apart";
    const LABEL: &'static str = "keep-apart pair";
    const PLURAL: &'static str = "keep-apart pairs";
    const SCHEMA: u32 = KEEP_APART_SCHEMA;
    const SINCE_DB: u32 = 3;
    const REFERS_TO: &'static [Kind] = &[Kind::Client];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        check_keep_apart(self, [], |_| true, Check::Stored)
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        vec![
            (Kind::Client, self.a.0.as_str()),
            (Kind::Client, self.b.0.as_str()),
        ]
    }
    in_table!(keep_apart, String);
}

impl Stored for Topic {
    const KIND: Kind = Kind::Topic;
    const STORE: &'static str = "topics";
    const LABEL: &'static str = "topic";
    const PLURAL: &'static str = "topics";
    const SCHEMA: u32 = TOPIC_SCHEMA;
    const SINCE_DB: u32 = 4;
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        problems(check_topic(self, Check::Stored))
    }
    in_table!(topics, String);
}

impl Stored for Curriculum {
    const KIND: Kind = Kind::Curriculum;
    const STORE: &'static str = "curricula";
    const LABEL: &'static str = "curriculum";
    const PLURAL: &'static str = "curricula";
    const SCHEMA: u32 = CURRICULUM_SCHEMA;
    const SINCE_DB: u32 = 4;
    const REFERS_TO: &'static [Kind] = &[Kind::Topic];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        problems(check_curriculum(self, None, Check::Stored))
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        self.modules
            .iter()
            .flat_map(|m| &m.units)
            .flat_map(|u| std::iter::once(u.topic.as_str()).chain(u.practice.as_deref()))
            .map(|t| (Kind::Topic, t))
            .collect()
    }
    in_table!(curricula, String);
}

impl Stored for Plan {
    const KIND: Kind = Kind::Plan;
    const STORE: &'static str = "plans";
    const LABEL: &'static str = "curriculum assignment";
    const PLURAL: &'static str = "curriculum assignments";
    const SCHEMA: u32 = PLAN_SCHEMA;
    const SINCE_DB: u32 = 4;
    const REFERS_TO: &'static [Kind] = &[Kind::Group, Kind::Curriculum];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        if self.group.is_empty() || self.curriculum.is_empty() {
            return Err("it names no group or no curriculum".into());
        }
        Ok(())
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        vec![
            (Kind::Group, self.group.as_str()),
            (Kind::Curriculum, self.curriculum.as_str()),
        ]
    }
    in_table!(plans, String);
}

/// The old store of one record per session (database version 4): still read, so start-up can
/// move its sessions into [`SessionMonth`]s (and keep any it cannot read quarantined there).
/// Nothing writes it any more except that move.
impl Stored for Session {
    type Key = String;
    const KIND: Kind = Kind::Session;
    const STORE: &'static str = "sessions";
    const LABEL: &'static str = "session";
    const PLURAL: &'static str = "sessions";
    const SCHEMA: u32 = SESSION_SCHEMA;
    const SINCE_DB: u32 = 4;
    const REFERS_TO: &'static [Kind] = &[Kind::Group, Kind::Topic, Kind::Curriculum, Kind::Client];
    const HELD_IN: Option<Kind> = Some(Kind::SessionMonth);
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        check_session(self)?;
        if month_of_session(&self.id) != Some(month_key(&self.group, self.slot).as_str()) {
            return Err("its id does not name its group and meeting slot".into());
        }
        Ok(())
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        session_refs(self)
    }
    fn put_into(self, p: &mut Programme) {
        p.sessions.insert(self.id.clone(), self);
    }
    fn remove_from(p: &mut Programme, id: &str) {
        p.legacy_sessions.remove(id);
        p.sessions.remove(id);
    }
    fn all(p: &Programme) -> Vec<Self> {
        p.legacy_sessions
            .iter()
            .filter_map(|id| p.sessions.get(id).cloned())
            .collect()
    }
    fn exists(p: &Programme, id: &str) -> bool {
        p.legacy_sessions.contains(id)
    }
    fn every(p: &Programme) -> Vec<Self> {
        p.sessions.values().cloned().collect()
    }
    fn holder(id: &str) -> Option<&str> {
        month_of_session(id)
    }
    fn current(p: &Programme, id: &str) -> Option<Self> {
        p.sessions.get(id).cloned()
    }
}

fn session_refs(s: &Session) -> Vec<(Kind, &str)> {
    let mut out = vec![(Kind::Group, s.group.as_str())];
    out.extend(s.topic.as_deref().map(|t| (Kind::Topic, t)));
    out.extend(s.practice.as_deref().map(|t| (Kind::Topic, t)));
    out.extend(
        s.unit
            .as_ref()
            .map(|u| (Kind::Curriculum, u.curriculum.as_str())),
    );
    out.extend(s.attendance.keys().map(|c| (Kind::Client, c.as_str())));
    out
}

/// Sessions as stored since database version 5: one record per group and month.
impl Stored for SessionMonth {
    type Key = String;
    const KIND: Kind = Kind::SessionMonth;
    const STORE: &'static str = "session_months";
    const LABEL: &'static str = "month of sessions";
    const PLURAL: &'static str = "months of sessions";
    const SCHEMA: u32 = SESSION_MONTH_SCHEMA;
    const SINCE_DB: u32 = 5;
    const REFERS_TO: &'static [Kind] = &[Kind::Group, Kind::Topic, Kind::Curriculum, Kind::Client];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        self.check()
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        self.sessions.iter().flat_map(session_refs).collect()
    }
    fn held(&self) -> Vec<(Kind, &str)> {
        self.sessions
            .iter()
            .map(|s| (Kind::Session, s.id.as_str()))
            .collect()
    }
    fn put_into(self, p: &mut Programme) {
        Self::remove_from(p, &self.id);
        for s in self.sessions {
            p.sessions.insert(s.id.clone(), s);
        }
    }
    fn remove_from(p: &mut Programme, id: &str) {
        let ids: Vec<String> = sessions_in(p, id).map(|s| s.id.clone()).collect();
        for id in ids {
            p.sessions.remove(&id);
        }
    }
    fn all(p: &Programme) -> Vec<Self> {
        SessionMonth::all(p)
    }
    fn exists(p: &Programme, id: &str) -> bool {
        sessions_in(p, id).next().is_some()
    }
}

impl Stored for FamilyMember {
    const KIND: Kind = Kind::FamilyMember;
    const STORE: &'static str = "family_members";
    const LABEL: &'static str = "family member";
    const PLURAL: &'static str = "family members";
    const SCHEMA: u32 = FAMILY_MEMBER_SCHEMA;
    const SINCE_DB: u32 = 6;
    const REFERS_TO: &'static [Kind] = &[Kind::Client];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        problems(check_family_member(self, |_| true, Check::Stored))
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        self.supports
            .iter()
            .map(|s| (Kind::Client, s.client.0.as_str()))
            .collect()
    }
    in_table!(family_members, String);
}

impl Stored for Consent {
    const KIND: Kind = Kind::Consent;
    const STORE: &'static str = "consents";
    const LABEL: &'static str = "consent";
    const PLURAL: &'static str = "consents";
    const SCHEMA: u32 = CONSENT_SCHEMA;
    const SINCE_DB: u32 = 6;
    const REFERS_TO: &'static [Kind] = &[Kind::Client, Kind::FamilyMember];
    fn id(&self) -> &str {
        &self.id
    }
    /// A stored consent only needs its parties and texts within their lengths: a consent that
    /// no longer reads as valid on its face is kept (it is part of the disclosure record) and
    /// simply allows nothing.
    fn validate(&self) -> Result<(), String> {
        if self.client.0.is_empty() || self.recipient.is_empty() {
            return Err("A consent must name a client and a recipient.".into());
        }
        let mut e = FieldErrors::default();
        consent::check_texts(self, Check::Stored, &mut e);
        problems(e.into_result())
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        vec![
            (Kind::Client, self.client.0.as_str()),
            (Kind::FamilyMember, self.recipient.as_str()),
        ]
    }
    in_table!(consents, String);
}

impl Stored for FamilySession {
    const KIND: Kind = Kind::FamilySession;
    const STORE: &'static str = "family_sessions";
    const LABEL: &'static str = "family session";
    const PLURAL: &'static str = "family sessions";
    const SCHEMA: u32 = FAMILY_SESSION_SCHEMA;
    const SINCE_DB: u32 = 6;
    const REFERS_TO: &'static [Kind] = &[Kind::Client, Kind::FamilyMember, Kind::Staff, Kind::Room];
    fn id(&self) -> &str {
        &self.id
    }
    /// Stored sessions need their parties and a sane length; references are checked by the
    /// rules, so a removed room or clinician is reported rather than hiding the session.
    fn validate(&self) -> Result<(), String> {
        if self.client.0.is_empty() || self.family.is_empty() {
            return Err("A family session must name a client and a family member.".into());
        }
        if !(1..=600).contains(&self.minutes) {
            return Err(format!("{} minutes is not a session length.", self.minutes));
        }
        let mut e = FieldErrors::default();
        session::check_texts(self, Check::Stored, &mut e);
        problems(e.into_result())
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        let mut refs = vec![(Kind::Client, self.client.0.as_str())];
        refs.extend(self.family.iter().map(|f| (Kind::FamilyMember, f.as_str())));
        refs.extend(self.clinicians.iter().map(|s| (Kind::Staff, s.as_str())));
        if let Place::Room { room } = &self.place {
            refs.push((Kind::Room, room.as_str()));
        }
        refs
    }
    in_table!(family_sessions, String);
}

impl Stored for Disclosure {
    const KIND: Kind = Kind::Disclosure;
    const STORE: &'static str = "disclosures";
    const LABEL: &'static str = "disclosure";
    const PLURAL: &'static str = "disclosures";
    const SCHEMA: u32 = crate::domain::families::disclosure::DISCLOSURE_SCHEMA;
    const SINCE_DB: u32 = 7;
    const REFERS_TO: &'static [Kind] = &[Kind::Client, Kind::FamilyMember, Kind::Consent];
    fn id(&self) -> &str {
        &self.id
    }
    fn validate(&self) -> Result<(), String> {
        self.check()
    }
    fn refs(&self) -> Vec<(Kind, &str)> {
        vec![
            (Kind::Client, self.client.0.as_str()),
            (Kind::FamilyMember, self.recipient.as_str()),
            (Kind::Consent, self.consent.as_str()),
        ]
    }
    in_table!(disclosures, String);
}
