//! A list of records (staff, rooms, curricula): name, an "Archived" badge, detail lines, and an
//! Edit button or a link per row.

use leptos::prelude::*;
use leptos_router::components::A;

/// One row of a [`RecordList`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ListRow {
    /// Archived rows sort last and carry a badge.
    pub archived: bool,
    /// Shown in bold; rows sort by it.
    pub name: String,
    pub id: String,
    /// Text after the name on the same line (e.g. credentials), may be empty.
    pub suffix: String,
    /// Muted lines under the name.
    pub lines: Vec<String>,
}

/// What each row offers.
#[derive(Clone, Copy)]
pub enum RowAction {
    /// An "Edit <name>" button that calls back with the row's id.
    Edit(Callback<String>),
    /// The name links to the record's page at this path with the id appended.
    Link(&'static str),
}

/// Records sorted active first, then by name; `empty` is shown when there are none.
#[component]
pub fn RecordList(
    /// The rows (sorted here).
    #[prop(into)]
    rows: Signal<Vec<ListRow>>,
    /// Shown instead of the list when there are no rows.
    empty: &'static str,
    /// Edit button or link per row.
    action: RowAction,
) -> impl IntoView {
    move || {
        let mut list = rows.get();
        if list.is_empty() {
            return view! { <p class="empty">{empty}</p> }.into_any();
        }
        list.sort();
        view! {
            <ul class="record-list">
                {list
                    .into_iter()
                    .map(|row| {
                        let ListRow { archived, name, id, suffix, lines } = row;
                        let shown = name.clone();
                        let title = match action {
                            RowAction::Link(path) => view! {
                                <A href=format!("{path}{id}")><strong>{shown}</strong></A>
                            }
                            .into_any(),
                            RowAction::Edit(_) => view! { <strong>{shown}</strong> }.into_any(),
                        };
                        let button = match action {
                            RowAction::Edit(edit) => {
                                let label = format!("Edit {name}");
                                Some(view! {
                                    <button class="button" aria-label=label on:click=move |_| edit.run(id.clone())>
                                        "Edit"
                                    </button>
                                })
                            }
                            RowAction::Link(_) => None,
                        };
                        view! {
                            <li class="record" class:archived=archived>
                                <div>
                                    {title}
                                    {suffix}
                                    {archived.then(|| view! { " " <span class="badge badge--muted">"Archived"</span> })}
                                    {lines.into_iter().map(|l| view! { <p class="muted">{l}</p> }).collect_view()}
                                </div>
                                {button}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    }
}
