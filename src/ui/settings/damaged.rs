//! Damaged records: stored records this version could not read. They are kept as they are and
//! nothing is saved over them; a person can export each one as JSON text, or discard it after
//! confirming.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::{Kind, Quarantined};
use crate::platform;

/// The list of damaged records, shown only when there are some (anchor `#damaged`).
#[component]
pub fn DamagedRecords() -> impl IntoView {
    let app = use_app();
    let list = Memo::new(move |_| {
        app.programme.with(|p| {
            p.quarantine
                .values()
                .filter_map(|q| Some((q.kind()?, q.clone())))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <div id="damaged">
            {move || {
                let records = list.get();
                (!records.is_empty())
                    .then(|| {
                        view! {
                            <div class="card card--warning">
                                <h2 id="damaged-heading">"Damaged records"</h2>
                                <p>
                                    "These saved records could not be read by this version of IOP Planner. They are kept exactly as they were, and nothing will be saved over them: actions that would (such as regenerating a group's sessions) are refused until you deal with them. If a newer version of IOP Planner wrote them, open it to read them. Otherwise export each record to keep a copy, then discard it."
                                </p>
                                <ul class="damaged-list" aria-labelledby="damaged-heading">
                                    {records
                                        .into_iter()
                                        .map(|(kind, q)| view! { <DamagedRow kind=kind record=q /> })
                                        .collect_view()}
                                </ul>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

#[component]
fn DamagedRow(kind: Kind, record: Quarantined) -> impl IntoView {
    let app = use_app();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if confirming.get()
            && let Some(button) = confirm_button.get()
        {
            let _ = button.focus();
        }
    });
    // The settings are one record: its key says nothing more.
    let what = if kind == Kind::Settings {
        "Settings".to_string()
    } else {
        format!("{} {}", capitalised(kind.label()), record.key)
    };
    let file = format!(
        "iop-planner-damaged-{}-{}.json",
        kind.store(),
        record
            .key
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            })
            .collect::<String>()
    );
    let text = record.text.clone();
    let key = StoredValue::new(record.key.clone());
    let export = move |_| {
        if let Err(e) = platform::download_text(&file, &text, "application/json") {
            problem.set(Some(e));
        }
    };
    let discard = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = app.discard_damaged(kind, &key.get_value()).await;
            busy.set(false);
            confirming.set(false);
            problem.set(result.err().map(|e| e.to_string()));
        });
    };
    let export_label = format!("Export {what} as JSON");
    let discard_label = format!("Discard {what}…");
    view! {
        <li class="damaged">
            <p>
                <strong>{what.clone()}</strong>
                ": "
                {record.reason.clone()}
            </p>
            <div class="form-actions">
                <button type="button" class="button" on:click=export aria-label=export_label>
                    "Export as JSON"
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    aria-label=discard_label
                    on:click=move |_| confirming.set(true)
                >
                    "Discard…"
                </button>
            </div>
            {move || {
                confirming
                    .get()
                    .then(|| {
                        let what = what.clone();
                        view! {
                            <div class="confirm" role="alertdialog" aria-label=format!("Discard {what}?")>
                                <p>
                                    {format!(
                                        "Discard {what} for good? This cannot be undone. Export it first if you may need it.",
                                    )}
                                </p>
                                <div class="form-actions">
                                    <button
                                        class="button button--danger"
                                        node_ref=confirm_button
                                        disabled=move || busy.get()
                                        on:click=discard
                                    >
                                        "Yes, discard it"
                                    </button>
                                    <button class="button button--quiet" on:click=move |_| confirming.set(false)>
                                        "Cancel"
                                    </button>
                                </div>
                            </div>
                        }
                    })
            }}
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </li>
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
