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
