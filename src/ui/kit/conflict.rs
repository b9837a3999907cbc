//! "This was changed in another tab": the message a form shows when its save was refused
//! because the record changed since the form was opened, with the way out.

use leptos::prelude::*;

/// Shown while `message` is set: the refusal, that the input is kept, and a button that
/// replaces the input with the saved version (the form then saves from that revision).
#[component]
pub fn ConflictNotice(
    /// The refusal, when there is one.
    #[prop(into)]
    message: Signal<Option<String>>,
    /// Replace the form's input with what is saved now.
    on_use_saved: Callback<()>,
) -> impl IntoView {
    move || {
        message.get().map(|m| {
            view! {
                <div class="notice notice--error" role="alert">
                    <p>{m}</p>
                    <p>"Your changes are still in the form. You can replace them with the saved version."</p>
                    <button type="button" class="button" on:click=move |_| on_use_saved.run(())>
                        "Use the saved version"
                    </button>
                </div>
            }
        })
    }
}
