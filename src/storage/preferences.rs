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
