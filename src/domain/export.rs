//! Export: data leaving the browser as files. So far the spreadsheets ([`csv`]).

pub mod csv;
