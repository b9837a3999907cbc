//! The page for an address that has none, and the diagnostics page that shows the failure
//! message on purpose.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::platform;
use crate::ui::dom;

#[component]
pub fn NotFound() -> impl IntoView {
    dom::set_title("Page not found");
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Page not found"</h1>
            <p>"There is no page at this address. " <A href="/">"Go to the dashboard"</A> "."</p>
        </section>
    }
}

/// `/diagnostics/failure`: causes a failure (a Rust panic) on purpose, to check that it is never
/// silent: the page shows "Something went wrong" with the error text, and nothing saved is lost.
/// Used by the end-to-end tests; harmless to anyone who finds it (it writes nothing).
#[component]
pub fn FailureTest() -> impl IntoView {
    dom::set_title("Diagnostics");
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Diagnostics: the failure message"</h1>
            <p>
                "This button stops IOP Planner on purpose, the way an unexpected error would, to show the message you would see. Nothing is changed or deleted."
            </p>
            <button class="button" on:click=|_| platform::panic::fail_on_purpose()>
                "Cause a test failure"
            </button>
        </section>
    }
}
