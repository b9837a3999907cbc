//! An inline "are you sure?" that takes focus, says what will happen and acts only on its
//! confirm button.

use leptos::prelude::*;

use crate::ui::dom;

/// An inline "are you sure?" (ending a membership, for one), like the archive confirmation: it
/// takes focus when it opens, says what will happen, and acts only on its confirm button.
/// Cancel or Escape closes it and hands focus back to the button that opened it.
#[component]
pub fn ConfirmEnd(
    /// Heading, e.g. "End Ana Example's membership on 2 Dec 2026?".
    #[prop(into)]
    title: String,
    /// What will happen, in plain words.
    #[prop(into)]
    detail: String,
    /// Text of the confirm button, e.g. "Yes, end Ana Example's membership".
    #[prop(into)]
    confirm: String,
    /// DOM id of the button that opened it; it gets focus back on Cancel.
    #[prop(into)]
    opener: String,
    /// While true the confirm button is disabled (the change is being saved).
    #[prop(into)]
    busy: Signal<bool>,
    /// Ends the membership.
    #[prop(into)]
    on_confirm: Callback<()>,
    /// Closes the confirmation without changing anything.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let yes = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = yes.get() {
            let _ = button.focus();
        }
    });
    let title_id = format!("{opener}-confirm-title");
    let opener = StoredValue::new(opener);
    let cancel = move || {
        on_cancel.run(());
        dom::focus_after_render(opener.get_value());
    };
    view! {
        <div
            class="confirm"
            role="alertdialog"
            aria-labelledby=title_id.clone()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    cancel();
                }
            }
        >
            <h3 id=title_id.clone()>{title}</h3>
            <p>{detail}</p>
            <div class="form-actions">
                <button
                    type="button"
                    class="button button--danger"
                    node_ref=yes
                    disabled=move || busy.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {confirm}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| cancel()>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}
