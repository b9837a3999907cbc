//! Dated sessions: a curriculum plan per group generates its sessions ([`session`]), each with a
//! timed agenda ([`agenda`]); [`planning`] turns plan changes into one `Change`.

pub mod agenda;
pub mod planning;
pub mod session;
