//! The client list with search and an "archived" filter.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::actions::preferences;
use crate::actions::use_app;
use crate::domain::dates::human_date;
use crate::domain::people::client::search;
use crate::ui::dom;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Row {
    id: String,
    full_name: String,
    preferred_name: String,
    pronouns: String,
    track: String,
    level_of_care: &'static str,
    admission: String,
    discharge: String,
    archived: bool,
}

/// The list of clients.
#[component]
pub fn ClientList() -> impl IntoView {
    dom::set_title("Clients");
    let app = use_app();
    let query = RwSignal::new(String::new());
    let show_archived = RwSignal::new(preferences::show_archived());
    let total = Memo::new(move |_| app.programme.with(|p| p.clients.len()));
    let rows = Memo::new(move |_| {
        let q = query.get();
        let archived = show_archived.get();
        app.programme.with(|p| {
            search(p.clients.values(), &q, archived)
                .into_iter()
                .map(|c| Row {
                    id: c.id.0.clone(),
                    full_name: c.full_name.clone(),
                    preferred_name: c.preferred_name.clone(),
                    pronouns: c.pronouns.clone(),
                    track: p.settings.track_name(&c.track),
                    level_of_care: c.level_of_care.short(),
                    admission: human_date(c.admission_date),
                    discharge: c.expected_discharge.map(human_date).unwrap_or_default(),
                    archived: c.archived,
                })
                .collect::<Vec<_>>()
        })
    });
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));

    view! {
        <section class="page" aria-labelledby="page-title">
            <div class="page-head">
                <h1 id="page-title">"Clients"</h1>
                <A href="/clients/new" attr:class="button button--primary">
                    "Add client"
                </A>
            </div>
            <div class="toolbar" role="search">
                <div class="field field--inline">
                    <label for="client-search">"Search clients"</label>
                    <input
                        id="client-search"
                        type="search"
                        placeholder="Name or preferred name"
                        autocomplete="off"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                    />
                </div>
                <label class="check">
                    <input
                        type="checkbox"
                        prop:checked=move || show_archived.get()
                        on:change=move |ev| {
                            let value = event_target_checked(&ev);
                            preferences::set_show_archived(value);
                            show_archived.set(value);
                        }
                    />
                    "Show archived clients"
                </label>
            </div>
            <p class="result-count" aria-live="polite">
                {move || {
                    let n = rows.with(Vec::len);
                    (total.get() > 0).then(|| format!("{n} client{} shown", if n == 1 { "" } else { "s" }))
                }}
            </p>
            // Only whether there are clients and matches rebuilds this part; the table's rows
            // are keyed, so typing a letter adds and removes rows instead of redrawing all.
            {move || {
                if total.get() == 0 {
                    view! {
                        <div class="empty">
                            <h2>"No clients yet"</h2>
                            <p>"Add the people in your programme to start building rosters."</p>
                            <A href="/clients/new" attr:class="button button--primary">
                                "Add your first client"
                            </A>
                        </div>
                    }
                        .into_any()
                } else if empty.get() {
                    view! {
                        <div class="empty">
                            <p>
                                {move || {
                                    let q = query.get();
                                    if q.trim().is_empty() {
                                        "All clients are archived. Tick \"Show archived clients\" to see them."
                                            .to_string()
                                    } else {
                                        format!("No clients match \"{}\".", q.trim())
                                    }
                                }}
                            </p>
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <ClientTable rows=rows /> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ClientTable(rows: Memo<Vec<Row>>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">"Clients"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Pronouns"</th>
                        <th scope="col">"Track"</th>
                        <th scope="col">"Level of care"</th>
                        <th scope="col">"Admitted"</th>
                        <th scope="col">"Expected discharge"</th>
                        <th scope="col">"Status"</th>
                    </tr>
                </thead>
                <tbody>
                    // Keyed by the row itself: typing a letter removes and adds rows, and an
                    // edit redraws only the row it changed.
                    <For each=move || rows.get() key=|r| r.clone() let:r>
                        {client_row(r)}
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// One client's row in the table.
fn client_row(r: Row) -> impl IntoView {
    let href = format!("/clients/{}", r.id);
    let preferred = (!r.preferred_name.is_empty()).then(|| format!("“{}”", r.preferred_name));
    view! {
        <tr class:archived=r.archived>
            <th scope="row" data-label="Name">
                <A href=href>{r.full_name}</A>
                {preferred
                    .map(|p| view! { <span class="muted">" " {p}</span> })}
            </th>
            <td data-label="Pronouns">{r.pronouns}</td>
            <td data-label="Track">{r.track}</td>
            <td data-label="Level of care">{r.level_of_care}</td>
            <td data-label="Admitted">{r.admission}</td>
            <td data-label="Expected discharge">{r.discharge}</td>
            <td data-label="Status">
                {if r.archived {
                    view! { <span class="badge badge--muted">"Archived"</span> }
                        .into_any()
                } else {
                    view! { <span class="badge">"Active"</span> }.into_any()
                }}
            </td>
        </tr>
    }
}
