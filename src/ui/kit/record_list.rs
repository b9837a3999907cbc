//! A list of records (staff, rooms, curricula): name, an "Archived" badge, detail lines, and an
//! Edit button or a link per row.

use crate::domain::sorting;
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
        sorting::sort(&mut list);
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

/// Which record the editor under a [`RecordPage`] is open for: nothing, a new one, or one by id.
#[derive(Clone, Copy)]
pub struct Editing(RwSignal<Option<Option<String>>>);

impl Editing {
    pub fn new() -> Editing {
        Editing(RwSignal::new(None))
    }
    /// Open the editor on a new record.
    pub fn add(&self) {
        self.0.set(Some(None));
    }
    /// Open the editor on the record `id`.
    pub fn edit(&self, id: String) {
        self.0.set(Some(Some(id)));
    }
    pub fn close(&self) {
        self.0.set(None);
    }
    /// Open the editor again on what is saved now (after another tab changed the record).
    pub fn reopen(&self, which: Option<String>) {
        self.0.set(None);
        self.0.set(Some(which));
    }
}

impl Default for Editing {
    fn default() -> Self {
        Editing::new()
    }
}

/// A page of records (staff, rooms): heading with an "Add" button, the [`RecordList`] with an
/// Edit button per row, and the editor under it for the record being added or edited.
#[component]
pub fn RecordPage<E, V>(
    /// The page heading.
    title: &'static str,
    /// The label of the button that adds a record.
    add_label: &'static str,
    /// The rows of the list.
    #[prop(into)]
    rows: Signal<Vec<ListRow>>,
    /// Shown instead of the list when there are no rows.
    empty: &'static str,
    /// Which record the editor is open for.
    editing: Editing,
    /// The editor for a record (`None`: a new one).
    editor: E,
    /// A sentence under the heading saying what the page is for.
    #[prop(optional)]
    lead: Option<&'static str>,
    /// A search box over the list, labelled with this text; the caller filters `rows` by the
    /// signal.
    #[prop(optional)]
    search: Option<(&'static str, RwSignal<String>)>,
    /// Shown above the heading (the area's navigation), if any.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView
where
    E: Fn(Option<String>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let searching =
        Memo::new(move |_| search.is_some_and(|(_, q)| !q.with(|q| q.trim().is_empty())));
    view! {
        <section class="page" aria-labelledby="page-title">
            {children.map(|c| c())}
            <div class="page-head">
                <h1 id="page-title">{title}</h1>
                <button class="button button--primary" on:click=move |_| editing.add()>{add_label}</button>
            </div>
            {lead.map(|l| view! { <p class="lead">{l}</p> })}
            {search.map(|(label, query)| view! {
                <div class="filters">
                    <crate::ui::fields::Input id="record-search" label=label input_type="search"
                        value=query on_input=move |v| query.set(v) />
                </div>
            })}
            {move || {
                // Only whether a search is typed rebuilds the list (to say why it is empty).
                let empty = if searching.get() { "Nothing matches this search." } else { empty };
                view! {
                    <RecordList
                        rows=rows
                        empty=empty
                        action=RowAction::Edit(Callback::new(move |id| editing.edit(id)))
                    />
                }
            }}
            {move || editing.0.get().map(&editor)}
        </section>
    }
}
