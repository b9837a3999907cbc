//! UI preferences (non-clinical, in localStorage), so components never reach into storage.

use crate::storage::preferences;

/// Whether the client list shows archived clients.
pub fn show_archived() -> bool {
    preferences::show_archived()
}

/// Remember the "show archived" choice (a convenience: failures are ignored).
pub fn set_show_archived(value: bool) {
    preferences::set_show_archived(value);
}

/// The day a backup was last downloaded in this browser, if any.
pub fn last_backup() -> Option<chrono::NaiveDate> {
    preferences::last_backup()
}

/// Remember that a backup was downloaded on `date`.
pub fn set_last_backup(date: chrono::NaiveDate) {
    preferences::set_last_backup(date);
}
