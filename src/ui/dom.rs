//! DOM helpers for components: page title, readiness marks, focus, the print dialog, the
//! "leave site?" prompt and a few facts about the control an event came from.

use leptos::prelude::{document, window};

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

/// Put `text` on the clipboard (`navigator.clipboard.writeText`, through `Reflect`: no extra
/// web-sys features); whether the browser accepted it.
pub fn copy_text(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    js_sys::Reflect::get(&navigator, &"clipboard".into())
        .and_then(|c| {
            let f: js_sys::Function = js_sys::Reflect::get(&c, &"writeText".into())?.dyn_into()?;
            f.call1(&c, &text.into())
        })
        .is_ok()
}
