//! The pure model of an IOP programme: records, validation, search and restore.
//!
//! Nothing here touches the browser: no leptos, web-sys, js-sys or wasm-bindgen. "Today" and new
//! ids are passed in by the caller, so every function is deterministic and tested natively.

pub mod care;
pub mod client;
pub mod dates;
pub mod group;
pub mod membership;
pub mod programme;
pub mod settings;
pub mod staff;

pub use client::{
    AgeBand, Client, ClientDraft, ClientField, ClientId, LevelOfCare, ValidationErrors,
};
pub use programme::{Programme, RestoreReport};
pub use settings::{Settings, Track};
