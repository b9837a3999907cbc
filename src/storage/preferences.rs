//! Small, non-clinical preferences in localStorage (through gloo-storage). Nothing about a
//! client is ever stored here.
//!
//! A browser may refuse localStorage (a profile that blocks site data throws SecurityError on
//! the first touch; gloo-storage would then throw from inside start-up, which never finishes).
//! So every read and write first asks whether localStorage can be reached, and when it cannot,
//! the preferences live in memory for this tab: the app starts, and they are forgotten on
//! close. Natively (tests) they always live in memory.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::Serialize;
use serde::de::DeserializeOwned;

thread_local! {
    /// The preferences of this tab when localStorage is refused (JSON text by key).
    static IN_MEMORY: RefCell<HashMap<&'static str, String>> = RefCell::new(HashMap::new());
}

/// Whether this browser lets the app use localStorage at all.
#[cfg(target_arch = "wasm32")]
pub fn available() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some()
}

/// Natively there is no localStorage.
#[cfg(not(target_arch = "wasm32"))]
pub fn available() -> bool {
    false
}

/// The value under `key`, from localStorage or this tab's memory; `None` when unset or unreadable.
fn get<T: DeserializeOwned>(key: &'static str) -> Option<T> {
    #[cfg(target_arch = "wasm32")]
    if available() {
        use gloo_storage::{LocalStorage, Storage as _};
        return LocalStorage::get(key).ok();
    }
    IN_MEMORY.with(|m| {
        m.borrow()
            .get(key)
            .and_then(|text| serde_json::from_str(text).ok())
    })
}

/// Keep `value` under `key`; in this tab's memory when localStorage refuses it (private mode,
/// full, blocked): a preference is a convenience, and the app works without it.
fn set<T: Serialize>(key: &'static str, value: T) {
    #[cfg(target_arch = "wasm32")]
    if available() {
        use gloo_storage::{LocalStorage, Storage as _};
        if LocalStorage::set(key, &value).is_ok() {
            return;
        }
    }
    if let Ok(text) = serde_json::to_string(&value) {
        IN_MEMORY.with(|m| m.borrow_mut().insert(key, text));
    }
}

/// Forget `key`.
fn delete(key: &'static str) {
    #[cfg(target_arch = "wasm32")]
    if available() {
        use gloo_storage::{LocalStorage, Storage as _};
        LocalStorage::delete(key);
    }
    IN_MEMORY.with(|m| m.borrow_mut().remove(key));
}

const SHOW_ARCHIVED: &str = "iop-planner.clients.show-archived";

/// Whether the client list shows archived clients. Defaults to `false` when unset or unreadable.
pub fn show_archived() -> bool {
    get(SHOW_ARCHIVED).unwrap_or(false)
}

/// Remember the "show archived" choice.
pub fn set_show_archived(value: bool) {
    set(SHOW_ARCHIVED, value);
}

const LAST_BACKUP: &str = "iop-planner.backup.last";

/// The day a backup was last downloaded in this browser, if any.
pub fn last_backup() -> Option<chrono::NaiveDate> {
    get::<String>(LAST_BACKUP).and_then(|s| crate::domain::dates::parse_date(&s))
}

/// Remember that a backup was downloaded on `date` (a reminder only: failures are ignored).
pub fn set_last_backup(date: chrono::NaiveDate) {
    set(LAST_BACKUP, date.to_string());
}

const PROGRAMME_MARKER: &str = "iop-planner.programme-marker";

/// The day this browser first held a programme with records of its own, if it ever did. No
/// personal data: only that a programme existed here, so a wiped database is noticed.
pub fn programme_marker() -> Option<chrono::NaiveDate> {
    get::<String>(PROGRAMME_MARKER).and_then(|s| crate::domain::dates::parse_date(&s))
}

/// Remember (once) that a programme exists here since `date`.
pub fn set_programme_marker(date: chrono::NaiveDate) {
    if programme_marker().is_none() {
        set(PROGRAMME_MARKER, date.to_string());
    }
}

/// Forget the marker: the person chose to start a new, empty programme.
pub fn clear_programme_marker() {
    delete(PROGRAMME_MARKER);
}

const DEVICE: &str = "iop-planner.device";

/// This browser's id in edit histories: the one kept here, or a new one from `mint` (its first
/// 12 characters) kept from now on. No personal data. Where site storage is blocked, one per
/// page load, which merges just as correctly.
pub fn device(mint: impl FnOnce() -> String) -> String {
    if let Some(id) = get::<String>(DEVICE).filter(|id| !id.is_empty()) {
        return id;
    }
    let id: String = mint().chars().filter(|c| *c != '-').take(12).collect();
    set(DEVICE, id.clone());
    id
}

const PERSIST_ASKED: &str = "iop-planner.storage.persist-asked";

/// Whether the browser was already asked to keep this site's data (asked once, by itself).
pub fn persist_asked() -> bool {
    get(PERSIST_ASKED).unwrap_or(false)
}

/// Remember that the browser was asked.
pub fn set_persist_asked() {
    set(PERSIST_ASKED, true);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_local_storage_preferences_live_in_memory_for_the_tab() {
        assert!(!available());
        assert!(!show_archived());
        set_show_archived(true);
        assert!(show_archived());
        let day = chrono::NaiveDate::from_ymd_opt(2028, 2, 29).unwrap();
        set_last_backup(day);
        assert_eq!(last_backup(), Some(day));
        set_programme_marker(day);
        set_programme_marker(day + chrono::Days::new(1));
        assert_eq!(programme_marker(), Some(day), "the marker is set once");
        clear_programme_marker();
        assert_eq!(programme_marker(), None);
    }
}
