//! Small browser facts the UI needs: today's local date (read it through
//! [`crate::ui::derived::Derived::today`], the shared clock), fresh ids, page title, readiness.

pub mod crypto;
pub mod panic;
pub mod pwa;
pub mod share;
pub mod zone;

use chrono::NaiveDate;
use leptos::prelude::{document, window};

use crate::domain::ClientId;

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Milliseconds from now until the next local midnight.
pub fn ms_until_midnight() -> u64 {
    let now = js_sys::Date::new_0();
    let next = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 + 1,
    );
    (next.get_time() - now.get_time()).max(0.0) as u64
}

/// A new random client id (UUID v4), created once when the client is added.
pub fn new_client_id() -> ClientId {
    ClientId(uuid::Uuid::new_v4().to_string())
}

/// A new random record id (UUID v4), created once when the record is added.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Offer `text` as a file download named `file` (nothing leaves the browser).
pub fn download_text(file: &str, text: &str, mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |_| "The browser did not allow the download.".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("The browser did not allow the download.")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "The browser did not allow the download.".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Set the document title for the current page. Titles reach the browser's history, so they
/// never carry a person's name: pass what the page is ("Edit client"), not whom it is about.
pub fn set_title(page: &str) {
    document().set_title(&format!("{page} · IOP Planner"));
}

/// Mark the app as ready: `data-app-ready` on `<html>` for tests, and a performance mark
/// (`iop-ready`) the start-up benchmark reads.
pub fn mark_ready() {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-app-ready", "true");
    }
    performance_mark("iop-ready");
}

/// A performance mark for the start-up benchmark's breakdown (`iop-started`, `iop-ready`).
pub fn performance_mark(name: &str) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(name);
    }
}

/// Resolves once the browser has painted the current frame and run what was queued with it,
/// so that work started afterwards (fetching code for later pages) never delays what is shown.
pub async fn after_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().request_animation_frame(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    let task = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(task).await;
}

/// Change the address shown (and read by the router when it starts) without loading anything.
pub fn replace_address(path: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path));
    }
}

/// Reload the page (after another tab upgraded the database).
pub fn reload() {
    let _ = window().location().reload();
}

/// Click handler for in-page links (skip link, error summary): move focus to the element with
/// `id` instead of letting the router treat the `#fragment` as a navigation.
pub fn focus_on_click(id: &'static str) -> impl Fn(leptos::ev::MouseEvent) + Clone + 'static {
    move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(el) = html_element(id) {
            let _ = el.focus();
            el.scroll_into_view();
        }
    }
}

/// While `dirty()` is true, closing or reloading the tab asks the person first (the browser's
/// own "Leave site?" prompt). The listener goes away with the calling component.
pub fn warn_before_unload(dirty: impl Fn() -> bool + 'static) {
    let handle = leptos::prelude::window_event_listener(
        leptos::ev::beforeunload,
        move |ev: web_sys::BeforeUnloadEvent| {
            if dirty() {
                ev.prevent_default();
                ev.set_return_value("unsaved");
            }
        },
    );
    leptos::prelude::on_cleanup(move || handle.remove());
}

/// Open the browser's print dialog (sheets are laid out by the print style sheet).
pub fn print() {
    let _ = window().print();
}

/// Focus the element with `id` after the next render (a list re-rendered after a move keeps
/// keyboard focus on the control that moved).
pub fn focus_after_render(id: String) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = html_element(&id) {
            let _ = el.focus();
        }
    });
}

/// The HTML element with `id`, if there is one.
fn html_element(id: &str) -> Option<web_sys::HtmlElement> {
    use leptos::wasm_bindgen::JsCast;
    document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Whether the control that fired `ev` holds input the browser cannot read
/// (`validity.badInput`), e.g. a date input showing 30 February, whose value is then empty.
/// Read through `Reflect` so no extra web-sys feature is needed for one flag.
pub fn has_bad_input(ev: &web_sys::Event) -> bool {
    let Some(target) = ev.target() else {
        return false;
    };
    js_sys::Reflect::get(&target, &"validity".into())
        .and_then(|validity| js_sys::Reflect::get(&validity, &"badInput".into()))
        .ok()
        .and_then(|flag| flag.as_bool())
        .unwrap_or(false)
}

/// Whether the `<details>` element a `toggle` event came from is open now.
pub fn details_open(ev: &web_sys::Event) -> bool {
    let Some(target) = ev.target() else {
        return false;
    };
    js_sys::Reflect::get(&target, &"open".into())
        .ok()
        .and_then(|open| open.as_bool())
        .unwrap_or(false)
}

/// Now, in UTC, to the second.
pub fn now_utc_time() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms - ms % 1000)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// Now, in UTC, as RFC 3339 to the second ("2026-12-02T09:30:00Z").
pub fn now_utc() -> String {
    let t = now_utc_time();
    format!("{}T{}Z", t.date(), t.time())
}

/// The address the app is opened at, ending in `/` ("http://127.0.0.1:8080/").
pub fn here() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/")
}

/// The bytes of a file the person chose.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "The browser could not read that file. Choose it again.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
