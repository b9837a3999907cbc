//! Families: family members and support people, and their consents to share (the Families
//! page, and the family panel on a client's page). A lazily loaded area of its own.
//!
//! `/families?member=<id>` opens that person's editor; `/families?client=<id>` opens a new
//! one supporting that client (the client page links here).

mod consents;
mod groups;
mod member_form;
mod schedule;
mod sessions;
mod share;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::families::consent::consent_status;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::kit::{Editing, ListRow, RecordPage};

pub use member_form::MemberEditor;
pub use schedule::FamilySchedule;
pub use sessions::ClientFamilySessions;
pub use share::DisclosureLog;

/// What the list says about one person: who they support and how consent stands for each.
fn member_row(
    p: &crate::domain::Programme,
    m: &crate::domain::families::FamilyMember,
    today: chrono::NaiveDate,
) -> ListRow {
    let lines = m
        .supports
        .iter()
        .map(|s| {
            let guardian = if s.legal_guardian {
                ", legal guardian"
            } else {
                ""
            };
            format!(
                "{} of {}{guardian} · {}",
                s.relationship.label(),
                p.client_name(&s.client),
                consent_status(p, &s.client, &m.id, today).label()
            )
        })
        .collect();
    ListRow {
        archived: m.archived,
        name: m.name.clone(),
        id: m.id.clone(),
        suffix: String::new(),
        lines,
    }
}

/// Page: every family member and support person, with an editor for one (or a new one).
#[component]
pub fn FamiliesPage() -> impl IntoView {
    dom::set_title("Families");
    let app = use_app();
    let today = use_derived().today;
    let editing = Editing::new();
    let query = use_query_map();
    // Opened from a client's page: edit that person, or add one for that client.
    let for_client = RwSignal::new(None::<ClientId>);
    Effect::new(move |_| {
        query.with(|q| {
            if let Some(member) = q.get("member") {
                editing.edit(member);
            } else if let Some(client) = q.get("client") {
                for_client.set(Some(ClientId(client)));
                editing.add();
            }
        })
    });
    let query = RwSignal::new(String::new());
    let rows = Memo::new(move |_| {
        let today = today.get();
        let q = query.get().trim().to_lowercase();
        app.programme.with(|p| {
            p.family_members
                .values()
                .filter(|m| {
                    // By their name or the name of a client they support.
                    q.is_empty()
                        || m.name.to_lowercase().contains(&q)
                        || m.supports
                            .iter()
                            .any(|s| p.client_name(&s.client).to_lowercase().contains(&q))
                })
                .map(|m| member_row(p, m, today))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <RecordPage
            title="Families"
            add_label="Add family member"
            rows=rows
            empty="No family members yet. Add the relatives and support people of your clients, with their consent to share."
            editing=editing
            search=("Find by name (theirs or a client's)", query)
            lead="Relatives and support people, and what each may be told. Sharing anything, even the days a client attends, needs a written consent on record (42 CFR Part 2)."
            editor=move |which| view! { <MemberEditor which=which editing=editing for_client=for_client.get_untracked() /> }
        />
    }
}

/// The family panel of a client's page: each family member or support person, their tie to
/// the client and their consent at a glance, with links to manage them.
#[component]
pub fn ClientFamily(
    /// The client.
    id: ClientId,
) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let id = StoredValue::new(id);
    let rows = Memo::new(move |_| {
        let today = today.get();
        app.programme.with(|p| {
            let client = id.get_value();
            let mut rows: Vec<(String, String, String, String, bool)> = p
                .family_members
                .values()
                .filter(|m| !m.archived)
                .filter_map(|m| {
                    let s = m.support_of(&client)?;
                    let status = consent_status(p, &client, &m.id, today);
                    let mut tie = s.relationship.label().to_string();
                    if s.legal_guardian {
                        tie.push_str(", legal guardian");
                    }
                    Some((
                        m.name.clone(),
                        m.id.clone(),
                        tie,
                        status.label(),
                        status.is_active(),
                    ))
                })
                .collect();
            crate::domain::sorting::sort(&mut rows);
            rows
        })
    });
    let add_href = move || format!("/families?client={}", id.get_value().0);
    view! {
        <section class="card" aria-labelledby="family-heading">
            <h2 id="family-heading">"Family and consent"</h2>
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="empty">"No family members or support people recorded."</p> }.into_any();
                }
                view! {
                    <ul class="record-list">
                        {list.into_iter().map(|(name, member, tie, status, active)| view! {
                            <li class="record">
                                <div>
                                    <A href=format!("/families?member={member}")><strong>{name}</strong></A>
                                    <p class="muted">{tie}</p>
                                    <p>
                                        <span class="badge" class:badge--muted=!active>
                                            {if active { "Consent" } else { "No sharing" }}
                                        </span>
                                        " " {status}
                                    </p>
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p><A href=add_href>"Add a family member or support person"</A></p>
        </section>
    }
}
