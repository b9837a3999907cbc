//! Auto-assign: propose memberships for unassigned clients, show them as a diff, accept all or
//! per client; clients who could not be placed are listed with the reason.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::dates::human_date;
use crate::domain::people::care::hours_words;
use crate::domain::roster::assign::{Proposal, propose};
use crate::ui::fields::FormProblem;
use crate::ui::kit::ClientNames;

/// The auto-assign panel of the roster board.
#[component]
pub fn AutoAssign(
    /// The board date: placements start on or after it.
    day: Memo<NaiveDate>,
) -> impl IntoView {
    let app = use_app();
    let proposal = RwSignal::new(None::<Proposal>);
    let problem = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |_| {
        let p = app
            .programme
            .with_untracked(|p| propose(p, day.get_untracked()));
        done.set(None);
        problem.set(None);
        proposal.set(Some(p));
    };
    let accept = move |only: Option<ClientId>| {
        let Some(current) = proposal.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            let result = app.accept_proposal(&current, only.as_ref()).await;
            busy.set(false);
            match result {
                Ok(n) => {
                    problem.set(None);
                    done.set(Some(format!(
                        "Added {n} membership{}.",
                        if n == 1 { "" } else { "s" }
                    )));
                    proposal.update(|p| {
                        if let Some(p) = p {
                            match &only {
                                Some(c) => p.placements.retain(|pl| &pl.client != c),
                                None => p.placements.clear(),
                            }
                        }
                    });
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let names = move |id: &ClientId| {
        app.programme
            .with_untracked(|p| ClientNames::of(p).get(p, id))
    };
    let group_name = move |id: &str| app.programme.with_untracked(|p| p.group_name(id));
    view! {
        <section class="card" aria-labelledby="assign-heading">
            <h2 id="assign-heading">"Auto-assign"</h2>
            <p class="muted">
                "Proposes groups for clients who are in none, keeping every hard rule (capacity, keep-apart pairs, track, age band, no overlapping times, admission rules, dates) and aiming for their level-of-care hours, balanced group sizes and their time-of-day preference. Nothing changes until you accept."
            </p>
            <button class="button button--primary" on:click=run>"Propose placements"</button>
            <div role="status" aria-live="polite">{move || done.get()}</div>
            <FormProblem message=problem />
            {move || proposal.get().map(|p| {
                let empty = p.placements.is_empty() && p.unplaced.is_empty();
                view! {
                    <div class="proposal">
                        <h3>{format!("Proposal for {}", human_date(p.date))}</h3>
                        {empty.then(|| view! { <p>"Nobody needs placing: every active client is in a group."</p> })}
                        {(!p.placements.is_empty()).then(|| view! {
                            <button class="button button--primary" disabled=move || busy.get() on:click=move |_| accept(None)>
                                {format!("Accept all {} placements", p.placements.len())}
                            </button>
                        })}
                        <ul class="diff-list">
                            {p.placements.iter().map(|pl| {
                                let who = names(&pl.client);
                                let client = pl.client.clone();
                                view! {
                                    <li class="diff">
                                        <div>
                                            <strong>{who.clone()}</strong>
                                            {format!(" · {} per week", hours_words(pl.weekly_minutes))}
                                            <ul class="diff-adds">
                                                {pl.joins.iter().map(|j| view! {
                                                    <li><span class="diff-plus" aria-hidden="true">"+ "</span>
                                                        {format!("{} from {}", group_name(&j.group), human_date(j.join))}</li>
                                                }).collect_view()}
                                            </ul>
                                            {pl.notes.iter().map(|n| view! { <p class="muted">{n.clone()}</p> }).collect_view()}
                                        </div>
                                        <button class="button" disabled=move || busy.get() on:click=move |_| accept(Some(client.clone()))>
                                            {format!("Accept for {who}")}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(!p.unplaced.is_empty()).then(|| view! {
                            <h4>"Could not be placed"</h4>
                            <ul class="plain-list">
                                {p.unplaced.iter().map(|u| view! {
                                    <li><strong>{names(&u.client)}</strong>": "{u.reason.clone()}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </div>
                }
            })}
        </section>
    }
}
