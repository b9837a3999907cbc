//! Export: data leaving the browser as files: backups ([`backup`]) and spreadsheets ([`csv`]).

pub mod backup;
pub mod csv;
