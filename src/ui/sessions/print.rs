//! Printable sheets for one session: the facilitator sheet (agenda with times, objectives,
//! materials, homework) and the sign-in sheet (preferred name and last initial only). The print
//! style sheet hides everything else, so each prints on one page.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::actions::use_app;
use crate::domain::GroupType;
use crate::domain::dates::{clock, human_date};
use crate::domain::library::topic::Topic;
use crate::domain::sessions::agenda;
use crate::domain::sessions::session::{self, Session};
use crate::domain::sorting;
use crate::ui::dom;
use crate::ui::sessions::session::when_words;

fn session_from_route() -> Option<Session> {
    let app = use_app();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    app.programme.with_untracked(|p| p.session(&id))
}

fn not_found() -> AnyView {
    dom::set_title("Session not found");
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Session not found"</h1>
            <p>"No session has this address. " <A href="/schedule">"Go to the schedule"</A></p>
        </section>
    }
    .into_any()
}

/// Back link and print button above a sheet (not printed).
#[component]
fn SheetTools(session: String) -> impl IntoView {
    view! {
        <div class="form-actions no-print">
            <A href=format!("/sessions/{session}") attr:class="button button--quiet">"← Back to the session"</A>
            <button class="button button--primary" on:click=move |_| dom::print()>"Print"</button>
        </div>
    }
}

/// Page: the facilitator sheet (`/sessions/:id/sheet`).
#[component]
pub fn FacilitatorSheet() -> impl IntoView {
    let app = use_app();
    let Some(s) = session_from_route() else {
        return not_found();
    };
    let (group, room, staff, topics, blocks) = app.programme.with_untracked(|p| {
        let g = p.groups.get(&s.group);
        let blocks = session::agenda_of(&s, g.map(|g| g.kind).unwrap_or(GroupType::Other));
        let staff: Vec<String> = g
            .map(|g| {
                g.lead
                    .iter()
                    .chain(&g.co_facilitators)
                    .map(|id| p.staff_name(id))
                    .collect()
            })
            .unwrap_or_default();
        let topics: Vec<Topic> = s
            .topic
            .iter()
            .chain(&s.practice)
            .filter_map(|id| p.topics.get(id).cloned())
            .collect();
        (
            p.group_name(&s.group),
            g.and_then(|g| g.room.as_deref()).map(|r| p.room_name(r)),
            staff,
            topics,
            blocks,
        )
    });
    dom::set_title(&format!(
        "Facilitator sheet: {group}, {}",
        human_date(s.date)
    ));
    let times = agenda::times(s.start, &blocks);
    let timing = agenda::timing(&blocks, s.minutes).warning();
    view! {
        <article class="sheet" aria-labelledby="page-title">
            <SheetTools session=s.id.clone() />
            <header class="sheet__head">
                <h1 id="page-title">{format!("{group}: facilitator sheet")}</h1>
                <p>
                    {when_words(&s)}
                    {room.map(|r| format!(" · {r}"))}
                    {(!staff.is_empty()).then(|| format!(" · {}", staff.join(", ")))}
                </p>
                {s.cancelled.then(|| view! { <p class="sheet__alert">"This session is cancelled."</p> })}
            </header>
            <section aria-labelledby="sheet-agenda">
                <h2 id="sheet-agenda">"Agenda"</h2>
                {timing.map(|w| view! { <p class="sheet__alert">{w}</p> })}
                <table class="sheet-table">
                    <thead><tr><th scope="col">"Time"</th><th scope="col">"Block"</th><th scope="col">"Minutes"</th></tr></thead>
                    <tbody>
                        {blocks
                            .iter()
                            .zip(times)
                            .map(|(b, (from, to))| view! {
                                <tr>
                                    <td>{format!("{}-{}", clock(from), clock(to))}</td>
                                    <td>{b.title.clone()}</td>
                                    <td>{b.minutes}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
            {if topics.is_empty() {
                view! { <p>"No topic is set for this session."</p> }.into_any()
            } else {
                topics
                    .into_iter()
                    .map(|t| view! {
                        <section class="sheet__topic">
                            <h2>{format!("{}: {}", t.kind.label(), t.title)}</h2>
                            <p>{t.summary.clone()}</p>
                            {(!t.objectives.is_empty()).then(|| view! {
                                <h3>"Objectives"</h3>
                                <ul>{t.objectives.iter().map(|o| view! { <li>{o.clone()}</li> }).collect_view()}</ul>
                            })}
                            {(!t.materials.is_empty()).then(|| view! {
                                <h3>"Materials"</h3>
                                <ul>{t.materials.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                            })}
                            {(!t.homework.is_empty()).then(|| view! { <h3>"Homework"</h3> <p>{t.homework.clone()}</p> })}
                            {(!t.facilitator_notes.is_empty()).then(|| view! { <h3>"Facilitator notes"</h3> <p>{t.facilitator_notes.clone()}</p> })}
                        </section>
                    })
                    .collect_view()
                    .into_any()
            }}
            {(!s.notes.is_empty()).then(|| view! { <h2>"Session notes"</h2> <p>{s.notes.clone()}</p> })}
        </article>
    }
    .into_any()
}

/// Page: the sign-in sheet (`/sessions/:id/sign-in`): preferred name and last initial only,
/// because every client in the room sees it; family members in a family group are on it too.
#[component]
pub fn SignInSheet() -> impl IntoView {
    let app = use_app();
    let Some(s) = session_from_route() else {
        return not_found();
    };
    let (group, names) = app.programme.with_untracked(|p| {
        let mut names: Vec<String> = p
            .memberships
            .values()
            .filter(|m| m.group == s.group && m.active_on(s.date))
            .filter_map(|m| p.clients.get(&m.client))
            .map(|c| c.sign_in_name())
            .collect();
        // Family members with a place in a family group sign in too.
        names.extend(
            p.family_in_group(&s.group, s.date)
                .map(|f| crate::domain::people::client::sign_in_name(&f.name, "")),
        );
        sorting::sort(&mut names);
        (p.group_name(&s.group), names)
    });
    dom::set_title(&format!("Sign-in sheet: {group}, {}", human_date(s.date)));
    view! {
        <article class="sheet" aria-labelledby="page-title">
            <SheetTools session=s.id.clone() />
            <header class="sheet__head">
                <h1 id="page-title">{format!("{group}: sign-in")}</h1>
                <p>{when_words(&s)}</p>
            </header>
            <table class="sheet-table sign-in">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Time in"</th>
                        <th scope="col">"Time out"</th>
                        <th scope="col">"Signature"</th>
                    </tr>
                </thead>
                <tbody>
                    {names
                        .into_iter()
                        .map(|n| view! { <tr><td>{n}</td><td></td><td></td><td></td></tr> })
                        .collect_view()}
                    {(0..3).map(|_| view! { <tr class="sign-in__blank"><td></td><td></td><td></td><td></td></tr> }).collect_view()}
                </tbody>
            </table>
            <p class="sheet__foot">"Please sign with your first name only. This sheet is kept by the programme."</p>
        </article>
    }
    .into_any()
}
