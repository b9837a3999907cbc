//! Archive and restore any record, saying first what archiving does to the records that refer
//! to it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::archive::Target;
use crate::ui::derived::use_derived;

/// Archive/restore control that first says what archiving will do to the records referring to
/// this one, and archives only once the person confirms.
#[component]
pub fn ArchiveControl(
    /// What to archive.
    target: Target,
    /// Name used in button labels, e.g. "Morning group".
    #[prop(into)]
    name: Signal<String>,
    /// Whether it is archived now.
    #[prop(into)]
    archived: Signal<bool>,
) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let confirming = RwSignal::new(None::<Vec<String>>);
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let target = StoredValue::new(target);
    // The confirmation takes focus when it opens, so keyboard and screen-reader users land on it.
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if confirming.with(Option::is_some)
            && let Some(button) = confirm_button.get()
        {
            let _ = button.focus();
        }
    });
    let run = move |archive: bool| {
        busy.set(true);
        spawn_local(async move {
            let result = app
                .set_archived(&target.get_value(), archive, today.get_untracked())
                .await;
            busy.set(false);
            confirming.set(None);
            problem.set(result.err().map(|e| e.to_string()));
        });
    };
    let ask = move |_| {
        if archived.get_untracked() {
            run(false);
            return;
        }
        match app.archiving(&target.get_value(), today.get_untracked()) {
            Ok(a) if a.effects.is_empty() => run(true),
            Ok(a) => confirming.set(Some(a.effects)),
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    view! {
        <div class="card card--row" class:card--muted=move || archived.get()>
            <p>
                {move || {
                    if archived.get() {
                        "Archived: kept on record, hidden from active lists."
                    } else {
                        "Active."
                    }
                }}
            </p>
            <button class="button" disabled=move || busy.get() on:click=ask>
                {move || {
                    format!("{} {}", if archived.get() { "Restore" } else { "Archive" }, name.get())
                }}
            </button>
            {move || {
                confirming
                    .get()
                    .map(|effects| {
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-title">
                                <h3 id="confirm-title">{move || format!("Archive {}?", name.get())}</h3>
                                <ul>{effects.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                                <div class="form-actions">
                                    <button
                                        class="button button--danger"
                                        node_ref=confirm_button
                                        disabled=move || busy.get()
                                        on:click=move |_| run(true)
                                    >
                                        {move || format!("Yes, archive {}", name.get())}
                                    </button>
                                    <button class="button button--quiet" on:click=move |_| confirming.set(None)>
                                        "Cancel"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </div>
    }
}
