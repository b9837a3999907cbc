//! Small pieces every feature repeats, written once: the save flow of a form
//! ([`save::run_save`]), the notice of a save refused because another tab changed the record
//! ([`conflict::ConflictNotice`]), a page of records with its editor
//! ([`record_list::RecordPage`]), a list of records with an Edit button or a link per row
//! ([`record_list::RecordList`], rows as the named [`record_list::ListRow`]), the editor card
//! around a record's fields ([`editor::EditorCard`]), weekly availability rows
//! ([`availability::AvailabilityRows`]), archiving ([`archive::ArchiveControl`]), an inline
//! confirmation ([`confirm::ConfirmEnd`]), rule warnings ([`warnings::Warnings`]), client
//! names that tell namesakes apart ([`names::ClientNames`]), the message an action leaves
//! under its button ([`outcome::OutcomeLine`]) and the one it leaves for the next page
//! ([`flash::use_flash`]).

pub mod archive;
pub mod availability;
pub mod confirm;
pub mod conflict;
pub mod editor;
pub mod flash;
pub mod names;
pub mod outcome;
pub mod record_list;
pub mod save;
pub mod warnings;

pub use archive::ArchiveControl;
pub use availability::{AvailabilityRows, Rows, Slot};
pub use confirm::ConfirmEnd;
pub use conflict::ConflictNotice;
pub use editor::EditorCard;
pub use flash::use_flash;
pub use names::ClientNames;
pub use outcome::{Outcome, OutcomeLine, outcome};
pub use record_list::{Editing, ListRow, RecordList, RecordPage, RowAction};
pub use save::run_save;
pub use warnings::Warnings;
