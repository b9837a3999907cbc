//! People and places: clients, staff and rooms (and the staff and room form drafts), keep-apart
//! pairs, and the levels of care with their weekly-hour ranges.

pub mod care;
pub mod client;
pub mod forms;
pub mod keep_apart;
pub mod names;
pub mod staff;
