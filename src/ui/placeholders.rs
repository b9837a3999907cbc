//! The page for an address that has none.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::platform;

#[component]
pub fn NotFound() -> impl IntoView {
    platform::set_title("Page not found");
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Page not found"</h1>
            <p>"There is no page at this address. " <A href="/">"Go to the dashboard"</A> "."</p>
        </section>
    }
}
