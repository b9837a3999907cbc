//! Leptos components, grouped by feature. Components read state and call [`crate::actions`];
//! none of them touches storage.

pub mod boot;
pub mod clients;
pub mod curriculum;
pub mod dashboard;
pub mod derived;
pub mod dom;
pub mod export;
pub mod families;
pub mod fields;
pub mod groups;
pub mod kit;
pub mod placeholders;
pub mod routes;
pub mod sample;
pub mod sessions;
pub mod settings;
pub mod shell;

pub use boot::IopPlanner;
