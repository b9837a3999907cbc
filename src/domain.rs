//! The pure model of an IOP programme. Nothing here touches the browser: no leptos, web-sys,
//! js-sys or wasm-bindgen. "Today" and new ids are passed in by the caller, so every function is
//! deterministic and tested natively.
//!
//! By subdomain:
//! * [`people`]: clients, staff and rooms (with their form drafts), keep-apart pairs, levels of
//!   care;
//! * [`roster`]: groups, memberships over time, roster edits, the group form draft, auto-assign,
//!   the size forecast;
//! * [`library`]: topics, curricula and the starter library;
//! * [`sessions`]: dated sessions generated from a curriculum plan, agendas, plan changes;
//! * [`coverage`]: which topics each client received, missed or can still reach, attended hours;
//! * [`rules`]: every roster check, explained with a fix;
//! * [`families`]: family members and support people, consent with the one `may_see` decision,
//!   family sessions, the slot finder, the projection of what one member may see, and the
//!   disclosure log;
//! * [`export`]: CSV, iCalendar, backups and share-link payloads;
//! * [`keeping`]: how long this browser will keep the programme, in plain words;
//! * [`archive`]: archiving and restoring records of every kind, with what it does to others;
//!
//! and the core they share: [`record`] (the registry of stored kinds, `Change`, restore),
//! [`programme`] (everything loaded), [`table`], [`settings`], [`dates`], [`text`] (limits and
//! checks of free text), [`i18n`] (the family-facing words), [`errors`], [`sorting`], and
//! [`sample`] (generated fictional programmes).

pub mod archive;
pub mod coverage;
pub mod dates;
pub mod errors;
pub mod export;
pub mod families;
pub mod i18n;
pub mod keeping;
pub mod library;
pub mod people;
pub mod programme;
pub mod record;
pub mod roster;
pub mod rules;
pub mod sample;
pub mod sessions;
pub mod settings;
pub mod sorting;
pub mod table;
#[cfg(test)]
pub(crate) mod testkit;
pub mod text;

pub use people::client::{
    AgeBand, Client, ClientDraft, ClientField, ClientId, Gender, LevelOfCare, SchedulePreference,
    ValidationErrors,
};
pub use people::keep_apart::KeepApart;
pub use people::staff::{Location, Room, Staff};
pub use programme::Programme;
pub use record::{Change, Kind, Quarantined, Record, RecordRef};
pub use roster::group::{AdmissionRule, Group, GroupType, Meeting, MeetingPattern};
pub use roster::membership::Membership;
pub use settings::{Settings, Track};
