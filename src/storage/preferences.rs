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
