//! Client records: the searchable list and the add/edit form.

mod form;
mod list;
mod roster_panel;

pub use form::{ClientForm, EditClient, FormMode, NewClient};
pub use list::ClientList;
