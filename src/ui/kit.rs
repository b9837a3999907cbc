//! Small pieces every feature repeats, written once: the save flow of a form
//! ([`save::run_save`]), the notice of a save refused because another tab changed the record
//! ([`conflict::ConflictNotice`]), a page of records with its editor
//! ([`record_list::RecordPage`]), and a list of records with an Edit button or a link per row
//! ([`record_list::RecordList`], rows as the named [`record_list::ListRow`]).

pub mod conflict;
pub mod record_list;
pub mod save;

pub use conflict::ConflictNotice;
pub use record_list::{Editing, ListRow, RecordList, RecordPage, RowAction};
pub use save::run_save;
