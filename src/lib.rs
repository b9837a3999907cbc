//! IOP Planner: a client-side planning tool for Intensive Outpatient Program facilitators.
//!
//! Layers, from the inside out: [`domain`] (pure model and rules), [`storage`] (the only code
//! that persists anything), [`actions`] (named commands between UI and storage) and [`ui`]
//! (Leptos components by feature).

pub mod actions;
pub mod domain;
pub mod platform;
pub mod storage;
pub mod ui;
