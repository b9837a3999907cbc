//! One client's place in the roster: their warnings, group memberships over time, and the
//! clients they must be kept apart from (with the private reason, shown only here).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::dates::human_date;
use crate::domain::sorting;
use crate::ui::derived::use_derived;
use crate::ui::fields::{FormProblem, Input, Select};
use crate::ui::groups::{MembershipRow, options_with_none};
use crate::ui::kit::ClientNames;
use crate::ui::kit::{ConfirmEnd, Warnings};

/// Warnings, memberships and keep-apart pairs of one client.
#[component]
pub fn ClientRoster(
    /// The client.
    id: ClientId,
) -> impl IntoView {
    let app = use_app();
    let derived = use_derived();
    let id = StoredValue::new(id);
    let warnings = Signal::derive(move || derived.client_violations(&id.get_value()));
    let memberships = Memo::new(move |_| {
        let today = derived.today.get();
        app.programme.with(|p| {
            let mut list: Vec<_> = p
                .memberships_of(&id.get_value())
                .map(|m| MembershipRow {
                    id: m.id.clone(),
                    other: m.group.clone(),
                    name: p.group_name(&m.group),
                    join: m.join,
                    leave: m.leave,
                    reason: m.reason.clone(),
                    active: m.active_on(today),
                    status: m.status_on(today),
                })
                .collect();
            list.reverse();
            list
        })
    });
    let problem = RwSignal::new(None::<String>);
    // The membership whose "End" is waiting for a yes, and whether it is saving.
    let confirming = RwSignal::new(None::<String>);
    let ending = RwSignal::new(false);
    let end = move |membership: String| {
        let today = derived.today.get_untracked();
        ending.set(true);
        spawn_local(async move {
            let result = app
                .end_membership(&membership, today, "Ended on the client page")
                .await;
            ending.set(false);
            confirming.set(None);
            problem.set(result.err().map(|e| e.to_string()));
        });
    };
    view! {
        <Warnings
            violations=warnings
            heading="Warnings for this client today"
            all_clear="No rule is broken for this client today."
        />
        <section class="card" aria-labelledby="memberships-heading">
            <h2 id="memberships-heading">"Groups"</h2>
            {move || {
                let list = memberships.get();
                if list.is_empty() {
                    return view! {
                        <p class="muted">
                            "Not in any group yet. Add them from a group's page or the "
                            <A href="/groups/board">"roster board"</A> "."
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <table class="data-table">
                        <caption class="visually-hidden">"Group memberships, newest first"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Group"</th>
                                <th scope="col">"Joined"</th>
                                <th scope="col">"Leaves / left"</th>
                                <th scope="col">"Reason"</th>
                                <th scope="col">"Status"</th>
                                <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {list
                                .into_iter()
                                .map(|MembershipRow { id: mid, other: gid, name: gname, join, leave, reason, status, .. }| {
                                    let label = format!("End membership of {gname} today");
                                    let opener = format!("end-{mid}");
                                    let is_open = {
                                        let mid = mid.clone();
                                        move || confirming.with(|c| c.as_deref() == Some(mid.as_str()))
                                    };
                                    let open = {
                                        let mid = mid.clone();
                                        move |_| confirming.set(Some(mid.clone()))
                                    };
                                    let detail = if join < derived.today.get_untracked() {
                                        format!("They will be off {gname}'s roster from today. Their history in the group is kept.")
                                    } else {
                                        format!("They have not started in {gname} yet, so this planned membership is removed.")
                                    };
                                    let title = format!("End membership of {gname} today?");
                                    let confirm = format!("Yes, end membership of {gname}");
                                    view! {
                                        <tr>
                                            <th scope="row"><A href=format!("/groups/{gid}")>{gname}</A></th>
                                            <td>{human_date(join)}</td>
                                            <td>{leave.map(human_date).unwrap_or_else(|| "-".into())}</td>
                                            <td>{reason}</td>
                                            <td>{status}</td>
                                            <td>
                                                {(status != "Ended").then(|| view! {
                                                    <button id=opener.clone() class="button button--quiet" aria-label=label on:click=open>
                                                        "End"
                                                    </button>
                                                })}
                                            </td>
                                        </tr>
                                        {move || {
                                            let mid = mid.clone();
                                            is_open().then(|| view! {
                                                <tr class="confirm-row">
                                                    <td colspan="6">
                                                        <ConfirmEnd
                                                            title=title.clone()
                                                            detail=detail.clone()
                                                            confirm=confirm.clone()
                                                            opener=opener.clone()
                                                            busy=ending
                                                            on_confirm=move |_| end(mid.clone())
                                                            on_cancel=move |_| confirming.set(None)
                                                        />
                                                    </td>
                                                </tr>
                                            })
                                        }}
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
            <FormProblem message=problem />
        </section>
        <KeepApartPanel id=id.get_value() />
    }
}

/// Keep-apart pairs of one client: list, remove, add.
#[component]
fn KeepApartPanel(id: ClientId) -> impl IntoView {
    let app = use_app();
    let id = StoredValue::new(id);
    let other = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let pairs = Memo::new(move |_| {
        let me = id.get_value();
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            p.keep_apart
                .values()
                .filter_map(|k| {
                    k.other(&me)
                        .map(|o| (k.id.clone(), names.get(p, o), k.reason.clone()))
                })
                .collect::<Vec<_>>()
        })
    });
    let options = Memo::new(move |_| {
        let me = id.get_value();
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            let mut list: Vec<(String, String)> = p
                .active_clients()
                .filter(|c| c.id != me)
                .map(|c| (c.id.0.clone(), names.get(p, &c.id)))
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            options_with_none("Choose a client…", list)
        })
    });
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let b = ClientId(other.get_untracked());
        spawn_local(async move {
            match app
                .keep_apart(&id.get_value(), &b, &reason.get_untracked())
                .await
            {
                Ok(_) => {
                    other.set(String::new());
                    reason.set(String::new());
                    problem.set(None);
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let remove = move |pair: String| {
        spawn_local(async move {
            let result = app.remove_keep_apart(&pair).await;
            problem.set(result.err().map(|e| e.to_string()));
        });
    };
    view! {
        <section class="card" aria-labelledby="keep-apart-heading">
            <h2 id="keep-apart-heading">"Keep-apart pairs"</h2>
            <p class="muted">
                "Clients who must not share a group. The reason is private: it is shown only here and never exported or shared."
            </p>
            {move || {
                let list = pairs.get();
                if list.is_empty() {
                    return view! { <p class="muted">"No keep-apart pairs."</p> }.into_any();
                }
                view! {
                    <ul class="plain-list">
                        {list.into_iter().map(|(pid, name, why)| {
                            let label = format!("Stop keeping apart from {name}");
                            view! {
                                <li class="record">
                                    <span><strong>{name}</strong>{(!why.is_empty()).then(|| format!(" · {why}"))}</span>
                                    <button class="button button--quiet" aria-label=label on:click=move |_| remove(pid.clone())>"Remove"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            <form class="inline-form" on:submit=add>
                <Select id="keep-apart-client" label="Keep apart from" options=options value=other on_change=move |v| other.set(v) />
                <Input id="keep-apart-reason" label="Private reason (optional)" value=reason on_input=move |v| reason.set(v) />
                <button type="submit" class="button">"Keep apart"</button>
            </form>
            <FormProblem message=problem />
        </section>
    }
}
