//! Session-agenda planning, library side: the topic library and curricula.

mod curricula;
mod topics;

pub use curricula::{CurriculumList, CurriculumPage};
pub use topics::{TopicLibrary, TopicPage};

use leptos::prelude::*;
use leptos_router::components::A;

/// Links between the curriculum pages.
#[component]
pub fn CurriculumNav() -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label="Curriculum">
            <ul>
                <li><A href="/curriculum" exact=true>"Topic library"</A></li>
                <li><A href="/curriculum/plans">"Curricula"</A></li>
            </ul>
        </nav>
    }
}
