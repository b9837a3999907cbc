//! Small, non-clinical preferences in localStorage (through gloo-storage). Nothing about a
//! client is ever stored here.

use gloo_storage::{LocalStorage, Storage as _};

const SHOW_ARCHIVED: &str = "iop-planner.clients.show-archived";

/// Whether the client list shows archived clients. Defaults to `false` when unset or unreadable.
pub fn show_archived() -> bool {
    LocalStorage::get(SHOW_ARCHIVED).unwrap_or(false)
}

/// Remember the "show archived" choice; failures (private mode, full) are ignored because the
/// preference is a convenience and the app works without it.
pub fn set_show_archived(value: bool) {
    let _ = LocalStorage::set(SHOW_ARCHIVED, value);
}

const LAST_BACKUP: &str = "iop-planner.backup.last";

/// The day a backup was last downloaded in this browser, if any.
pub fn last_backup() -> Option<chrono::NaiveDate> {
    LocalStorage::get::<String>(LAST_BACKUP)
        .ok()
        .and_then(|s| crate::domain::dates::parse_date(&s))
}

/// Remember that a backup was downloaded on `date` (a reminder only: failures are ignored).
pub fn set_last_backup(date: chrono::NaiveDate) {
    let _ = LocalStorage::set(LAST_BACKUP, date.to_string());
}

const PROGRAMME_MARKER: &str = "iop-planner.programme-marker";

/// The day this browser first held a programme with records of its own, if it ever did. No
/// personal data: only that a programme existed here, so a wiped database is noticed.
pub fn programme_marker() -> Option<chrono::NaiveDate> {
    LocalStorage::get::<String>(PROGRAMME_MARKER)
        .ok()
        .and_then(|s| crate::domain::dates::parse_date(&s))
}

/// Remember (once) that a programme exists here since `date`.
pub fn set_programme_marker(date: chrono::NaiveDate) {
    if programme_marker().is_none() {
        let _ = LocalStorage::set(PROGRAMME_MARKER, date.to_string());
    }
}

/// Forget the marker: the person chose to start a new, empty programme.
pub fn clear_programme_marker() {
    LocalStorage::delete(PROGRAMME_MARKER);
}

const PERSIST_ASKED: &str = "iop-planner.storage.persist-asked";

/// Whether the browser was already asked to keep this site's data (asked once, by itself).
pub fn persist_asked() -> bool {
    LocalStorage::get(PERSIST_ASKED).unwrap_or(false)
}

/// Remember that the browser was asked.
pub fn set_persist_asked() {
    let _ = LocalStorage::set(PERSIST_ASKED, true);
}
