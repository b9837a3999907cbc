//! Group-roster building: groups, the roster board, staff and rooms, with the live rule checks
//! shown where the person works.

mod assign;
mod board;
mod forecast;
mod group;
mod rooms;
mod staff;

pub use board::RosterBoard;
pub use group::{GroupDetail, GroupList, NewGroup};
pub use rooms::RoomsPage;
pub use staff::StaffPage;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::archive::Target;
use crate::domain::rules::Violation;
use crate::ui::derived::use_derived;
use crate::ui::dom;

/// One membership as a table row, on a group's page (the client's side) or a client's page
/// (the group's side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    /// The membership's id.
    pub id: String,
    /// The other side's id (a client on a group page, a group on a client page).
    pub other: String,
    /// The other side's name as shown.
    pub name: String,
    pub join: chrono::NaiveDate,
    pub leave: Option<chrono::NaiveDate>,
    pub reason: String,
    /// Whether it runs on the day looked at.
    pub active: bool,
    /// "Planned", "Current" or "Ended" on that day.
    pub status: &'static str,
}

/// Links between the roster pages.
#[component]
pub fn RosterNav() -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label="Groups and rosters">
            <ul>
                <li><A href="/groups" exact=true>"Groups"</A></li>
                <li><A href="/groups/board">"Roster board"</A></li>
                <li><A href="/groups/staff">"Staff"</A></li>
                <li><A href="/groups/rooms">"Rooms"</A></li>
            </ul>
        </nav>
    }
}

/// A list of rule violations with what is wrong and the suggested fix.
#[component]
pub fn Warnings(
    /// The violations to show.
    #[prop(into)]
    violations: Signal<Vec<Violation>>,
    /// Heading text.
    #[prop(into)]
    heading: String,
    /// Shown when there is nothing to report.
    #[prop(into)]
    all_clear: String,
) -> impl IntoView {
    view! {
        <section class="card warnings" aria-label=heading.clone()>
            <h2>
                {heading.clone()}
                {move || {
                    let n = violations.with(Vec::len);
                    (n > 0).then(|| view! { <span class="badge badge--warn">{n}</span> })
                }}
            </h2>
            {move || {
                let list = violations.get();
                if list.is_empty() {
                    return view! { <p class="muted">{all_clear.clone()}</p> }.into_any();
                }
                view! {
                    <ul class="warning-list">
                        {list
                            .into_iter()
                            .map(|v| {
                                let hard = v.kind.is_hard();
                                view! {
                                    <li class="warning" class:warning--hard=hard>
                                        <strong class="warning__kind">
                                            {if hard { "Problem: " } else { "Check: " }}
                                            {v.kind.title()}
                                        </strong>
                                        <span class="warning__message">{v.message}</span>
                                        <span class="warning__fix">{v.fix}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

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

/// An inline "are you sure?" before ending a membership, like the archive confirmation: it
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

/// `(id, name)` options for a select, with a first "none" entry.
pub fn options_with_none(
    none: &str,
    items: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(items)
        .collect()
}
