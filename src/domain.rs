//! The pure model of an IOP programme: records, validation, search and restore.
//!
//! Nothing here touches the browser: no leptos, web-sys, js-sys or wasm-bindgen. "Today" and new
//! ids are passed in by the caller, so every function is deterministic and tested natively.

pub mod agenda;
pub mod assign;
pub mod care;
pub mod client;
pub mod coverage;
pub mod curriculum;
pub mod dates;
pub mod forecast;
pub mod forms;
pub mod group;
pub mod keep_apart;
pub mod library;
pub mod membership;
pub mod names;
pub mod planning;
pub mod programme;
pub mod record;
pub mod roster;
pub mod rules;
pub mod sample;
pub mod session;
pub mod settings;
pub mod staff;
pub mod topic;

pub use client::{
    AgeBand, Client, ClientDraft, ClientField, ClientId, Gender, LevelOfCare, SchedulePreference,
    ValidationErrors,
};
pub use group::{AdmissionRule, Group, GroupType, Meeting, MeetingPattern};
pub use keep_apart::KeepApart;
pub use membership::Membership;
pub use programme::Programme;
pub use record::{Change, Kind, Quarantined, Record, RecordRef};
pub use settings::{Settings, Track};
pub use staff::{Location, Room, Staff};
