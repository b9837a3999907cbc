//! Pages for areas still to be built, each saying what will live there.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::platform;

#[component]
fn Placeholder(
    /// Page heading.
    title: &'static str,
    /// What the area will do, in one or two sentences.
    summary: &'static str,
    /// Planned capabilities, one line each.
    coming: &'static [&'static str],
) -> impl IntoView {
    platform::set_title(title);
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{title}</h1>
            <p class="lead">{summary}</p>
            <div class="card">
                <h2>"Coming here"</h2>
                <ul>{coming.iter().map(|c| view! { <li>{*c}</li> }).collect_view()}</ul>
            </div>
        </section>
    }
}

#[component]
pub fn Export() -> impl IntoView {
    view! {
        <Placeholder
            title="Export"
            summary="Take your data out safely."
            coming=&[
                "JSON backup and restore",
                "CSV for spreadsheets and iCalendar for calendars",
                "Print views and scoped share links",
            ]
        />
    }
}

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
