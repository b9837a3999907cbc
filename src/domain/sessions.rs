//! Dated sessions (and the [`calendar`] of every meeting): a curriculum plan per group generates its sessions ([`session`]), each with a
//! timed agenda ([`agenda`]); [`planning`] turns plan changes into one `Change`; [`month`] is how sessions are stored (by group and
//! month).

pub mod agenda;
pub mod calendar;
pub mod month;
pub mod planning;
pub mod session;
