//! Browser services that are not UI: the clock, ids, files, Web Crypto, share-link sealing,
//! the browser's time zones, the service worker and the panic page. Actions, the app's
//! components and the family viewer (which has no Leptos) all use them; nothing here imports
//! `ui`. DOM helpers for components live in [`crate::ui::dom`].

pub mod clock;
pub mod crypto;
pub mod files;
pub mod ids;
pub mod panic;
pub mod pwa;
pub mod services;
pub mod share;
pub mod zone;

pub use clock::{ms_until_midnight, now_utc, now_utc_time, today};
pub use files::{download_text, read_file};
pub use ids::new_id;
pub use services::Services;

/// The address the app is opened at, ending in `/` ("http://127.0.0.1:8080/").
pub fn here() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/")
}
