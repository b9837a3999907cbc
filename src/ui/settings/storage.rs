//! "Where your data lives": the database, whether the browser keeps it (persistent storage),
//! how much space it uses, what eviction would mean, and the last backup.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::actions::{DB_NAME, DB_VERSION, preferences};
use crate::domain::keeping::{Keeping, advice};
use crate::platform::pwa;

/// The storage card on the Settings page.
#[component]
pub fn StorageCard() -> impl IntoView {
    let keeping = RwSignal::new(None::<Keeping>);
    let asked = RwSignal::new(None::<bool>);
    let refresh = move || {
        spawn_local(async move {
            keeping.set(Some(advice(&pwa::storage_facts().await)));
        })
    };
    refresh();
    let ask = move |_| {
        spawn_local(async move {
            preferences::set_persist_asked();
            asked.set(Some(pwa::request_persistence().await));
            keeping.set(Some(advice(&pwa::storage_facts().await)));
            // The button may be gone now: keyboard focus goes to the answer.
            crate::ui::dom::focus_after_render("storage-asked".into());
        })
    };
    let today = crate::ui::derived::use_derived().today.get_untracked();
    view! {
        <div class="card" role="region" aria-labelledby="storage-heading">
            <h2 id="storage-heading">"Where your data lives"</h2>
            <p>
                {format!(
                    "Everything is stored only in this browser on this device, in its IndexedDB database \"{DB_NAME}\" (layout version {DB_VERSION}). Nothing is sent to a server.",
                )}
            </p>
            {move || match keeping.get() {
                None => view! { <p class="muted">"Asking the browser how it keeps this data…"</p> }.into_any(),
                Some(k) => view! {
                    <dl class="facts">
                        <dt>"Kept by the browser"</dt>
                        <dd id="storage-status">{k.status.clone()}</dd>
                        {k.usage.clone().map(|u| view! { <dt>"Space"</dt><dd id="storage-usage">{u}</dd> })}
                    </dl>
                    {k.warnings.iter().map(|w| view! { <p class="notice notice--warning">{w.clone()}</p> }).collect_view()}
                    {k.can_ask.then(|| view! {
                        <p>
                            <button class="button" on:click=ask>"Ask the browser to keep this data"</button>
                        </p>
                    })}
                }.into_any(),
            }}
            <p id="storage-asked" role="status" tabindex="-1">
                {move || asked.get().map(|granted| if granted {
                    "The browser agreed to keep this data."
                } else {
                    "The browser did not agree (browsers decide by themselves, often by how much a site is used, or once it is installed). Back up regularly."
                })}
            </p>
            <p>
                {crate::domain::export::backup::last_backup_text(preferences::last_backup(), today)}
                " A backup file is the only copy that survives the browser deleting its data, and how you move the programme to a new computer: download one on the "
                <A href="/export">"Export page"</A>
                " and restore it there on the new computer."
            </p>
            <p class="muted">"Still to come here: erasing all data."</p>
        </div>
    }
}
