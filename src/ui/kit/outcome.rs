//! The outcome of what a button or form did, said once under it: a status line when it
//! worked, an alert when it did not.

use leptos::prelude::*;

/// What an action said: `None` before it ran, then its message (`Err`: it failed).
pub type Outcome = RwSignal<Option<Result<String, String>>>;

/// A new, empty [`Outcome`].
pub fn outcome() -> Outcome {
    RwSignal::new(None)
}

/// The message of `outcome`: a muted status line, or a field-error alert.
#[component]
pub fn OutcomeLine(outcome: Outcome) -> impl IntoView {
    move || {
        outcome.get().map(|said| match said {
            Ok(m) => view! { <p class="muted" role="status">{m}</p> }.into_any(),
            Err(m) => view! { <p class="field-error" role="alert">{m}</p> }.into_any(),
        })
    }
}
