//! Storage failures as one typed error, mapped from the browser's DOMException names.

use thiserror::Error;

/// What went wrong in storage, worded for the person using the app.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StorageError {
    /// No IndexedDB at all, or the browser refused to open it (private windows, blocked storage).
    #[error("This browser is not letting IOP Planner store data ({0}).")]
    Unavailable(String),
    /// The device or browser storage quota is full.
    #[error(
        "The browser's storage for this site is full, so the change was not saved. Free up space (or export and remove old data) and try again."
    )]
    QuotaExceeded,
    /// A newer IOP Planner opened the database in another tab, or the connection was closed.
    #[error(
        "The database was closed because IOP Planner was updated in another tab. Reload to continue."
    )]
    Closed,
    /// Bringing the saved data to this version's layout failed; the browser undid it, so the
    /// data is as the previous version left it.
    #[error(
        "IOP Planner could not update the layout of the data saved in this browser, so the browser kept it exactly as it was ({0})."
    )]
    UpgradeFailed(String),
    /// The stored database is newer than this copy of the app.
    #[error(
        "This data was saved by a newer version of IOP Planner. Reload the page to get the newest version."
    )]
    VersionTooNew,
    /// A record changed (or appeared, or went) since this tab read it.
    #[error("This was changed in another tab, so your change was not saved.")]
    Conflict { store: String, id: String },
    /// An insert collided with an existing record.
    #[error("A record with the same id already exists ({0}).")]
    Constraint(String),
    /// A record without a usable string `id`.
    #[error("A record could not be stored because it has no valid id ({0}).")]
    InvalidRecord(String),
    /// A store that does not exist in this database version.
    #[error("Unknown storage area \"{0}\".")]
    UnknownStore(String),
    /// Any other browser error, with its name and message.
    #[error("Saving or loading failed: {0}")]
    Other(String),
}

impl StorageError {
    /// Map a DOMException (by `name`, see the IndexedDB spec) to a typed error.
    pub fn from_dom(name: &str, message: &str) -> StorageError {
        let detail = if message.is_empty() {
            name.to_string()
        } else {
            format!("{name}: {message}")
        };
        match name {
            "QuotaExceededError" => StorageError::QuotaExceeded,
            "ConstraintError" => StorageError::Constraint(detail),
            "DataError" => StorageError::InvalidRecord(detail),
            "NotFoundError" => StorageError::UnknownStore(detail),
            "VersionError" => StorageError::VersionTooNew,
            "InvalidStateError" => StorageError::Closed,
            "SecurityError" | "UnknownError" | "NotAllowedError" => {
                StorageError::Unavailable(detail)
            }
            _ => StorageError::Other(detail),
        }
    }

    /// Whether the only cure is reloading the page.
    pub fn needs_reload(&self) -> bool {
        matches!(self, StorageError::Closed | StorageError::VersionTooNew)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_exception_names_map_to_typed_errors() {
        assert_eq!(
            StorageError::from_dom("QuotaExceededError", "full"),
            StorageError::QuotaExceeded
        );
        assert_eq!(
            StorageError::from_dom("VersionError", ""),
            StorageError::VersionTooNew
        );
        assert_eq!(
            StorageError::from_dom("InvalidStateError", "closing"),
            StorageError::Closed
        );
        assert!(
            matches!(StorageError::from_dom("ConstraintError", "dup"), StorageError::Constraint(m) if m.contains("dup"))
        );
        assert!(matches!(
            StorageError::from_dom("SecurityError", "denied"),
            StorageError::Unavailable(_)
        ));
        assert!(
            matches!(StorageError::from_dom("AbortError", ""), StorageError::Other(m) if m == "AbortError")
        );
        assert!(StorageError::Closed.needs_reload());
        assert!(!StorageError::QuotaExceeded.needs_reload());
    }
}
