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

/// The day this browser first held a programme of its own (no personal data; see
/// [`preferences::programme_marker`]).
pub fn programme_marker() -> Option<chrono::NaiveDate> {
    preferences::programme_marker()
}

/// Remember (once) that a programme exists in this browser.
pub fn set_programme_marker(date: chrono::NaiveDate) {
    preferences::set_programme_marker(date);
}

/// Forget the marker, when the person starts a new, empty programme after a wipe.
pub fn clear_programme_marker() {
    preferences::clear_programme_marker();
}

/// Whether the browser was already asked to keep this site's data.
pub fn persist_asked() -> bool {
    preferences::persist_asked()
}

/// Remember that the browser was asked to keep this site's data.
pub fn set_persist_asked() {
    preferences::set_persist_asked();
}

/// This browser's id in edit histories (minted once, kept in localStorage; see
/// [`preferences::device`]).
pub fn device() -> String {
    preferences::device(crate::platform::ids::new_id)
}
