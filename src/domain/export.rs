//! Export: data leaving the browser as files: backups ([`backup`]), spreadsheets ([`csv`]) and
//! calendars ([`ics`]).

pub mod backup;
pub mod csv;
pub mod ics;
pub mod share;
