//! One session: its topic and time (overrides), agenda, attendance and print links.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::actions::ActionError;
use crate::actions::use_app;
use crate::domain::dates::{REAL_DATE_HINT, clock, end_time, human_date, parse_clock, parse_date};
use crate::domain::sessions::session::{self, Session};
use crate::domain::sorting;
use crate::ui::dom;
use crate::ui::fields::{Input, Select, TextArea};
use crate::ui::groups::options_with_none;
use crate::ui::kit::ConflictNotice;
use crate::ui::sessions::agenda::AgendaEditor;
use crate::ui::sessions::attendance::AttendanceEditor;

/// "Mon 7 Dec 2026, 09:00-10:30".
pub fn when_words(s: &Session) -> String {
    format!(
        "{}, {}-{}",
        human_date(s.date),
        clock(s.start),
        clock(end_time(s.start, s.minutes))
    )
}

/// Page: one session (`/sessions/:id`).
#[component]
pub fn SessionPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let Some(found) = app.programme.with_untracked(|p| p.session(&id)) else {
            dom::set_title("Session not found");
            return view! {
                <section class="page" aria-labelledby="page-title">
                    <h1 id="page-title">"Session not found"</h1>
                    <p>"No session has this address. " <A href="/schedule">"Go to the schedule"</A></p>
                </section>
            }
            .into_any();
        };
        let group_name = app.programme.with_untracked(|p| p.group_name(&found.group));
        dom::set_title(&format!("{group_name}, {}", human_date(found.date)));
        let sid = StoredValue::new(id.clone());
        // Always the stored version (or the free session of a meeting nothing is stored for
        // yet), so every editor below works on what was saved.
        let current = Memo::new(move |_| app.programme.with(|p| p.session(&sid.get_value())));
        let heading = {
            let group_name = group_name.clone();
            move || {
                current
                    .get()
                    .map(|s| format!("{group_name}: {}", when_words(&s)))
                    .unwrap_or_default()
            }
        };
        let topic_line = move || {
            let Some(s) = current.get() else {
                return String::new();
            };
            app.programme.with(|p| {
                let topic = s
                    .topic
                    .as_deref()
                    .map(|t| p.topic_title(t))
                    .unwrap_or_else(|| "No topic".into());
                match s.practice.as_deref() {
                    Some(pr) => format!("{topic} · practice: {}", p.topic_title(pr)),
                    None => topic,
                }
            })
        };
        let group_href = format!("/groups/{}", found.group);
        // Bumped to build the form again from what is stored: after this tab saved it, or when
        // the person takes the saved version after another tab changed it.
        let generation = RwSignal::new(0u32);
        let saved = RwSignal::new(None::<String>);
        let problem = RwSignal::new(None::<String>);
        view! {
            <section class="page" aria-labelledby="page-title">
                <p class="breadcrumb"><A href=group_href>{format!("← {group_name}")}</A></p>
                <h1 id="page-title">{heading}</h1>
                <p class="lead">{topic_line}</p>
                <SessionStatus current=current />
                <div class="form-actions no-print">
                    <A href=format!("/sessions/{id}/sheet") attr:class="button">"Facilitator sheet"</A>
                    <A href=format!("/sessions/{id}/sign-in") attr:class="button">"Sign-in sheet"</A>
                </div>
                {move || {
                    // Another tab's change does not rebuild the form (that would wipe what the
                    // person is typing); saving over it is refused instead (see `form_fields`).
                    generation.track();
                    view! { <SessionOverrides current=current saved=saved problem=problem generation=generation /> }
                }}
                <AgendaEditor current=current />
                <AttendanceEditor current=current />
            </section>
        }
        .into_any()
    }
}

/// Badges for cancelled / not delivered / changed by hand.
#[component]
fn SessionStatus(current: Memo<Option<Session>>) -> impl IntoView {
    let app = use_app();
    move || {
        let s = current.get()?;
        let mut notes = Vec::new();
        if s.unit.is_none() && !app.programme.with(|p| p.plans.contains_key(&s.group)) {
            notes.push(
                "This group has no curriculum: plan this session's agenda freely, and choose a topic below if it covers one."
                    .to_string(),
            );
        }
        if session::not_delivered(&s) {
            let planned = app.programme.with(|p| {
                s.unit
                    .as_ref()
                    .and_then(|u| p.curricula.get(&u.curriculum))
                    .and_then(|c| session::planned_unit(&s, c))
                    .map(|u| p.topic_title(&u.topic))
            });
            notes.push(format!(
                "Cancelled: {} not delivered.",
                planned.unwrap_or_else(|| "the planned topic was".into())
            ));
        } else if s.cancelled {
            notes.push("Cancelled.".to_string());
        }
        if s.overrides.any() {
            let mut what = Vec::new();
            if s.overrides.topic {
                what.push("topic");
            }
            if s.overrides.time {
                what.push("date or time");
            }
            if s.overrides.cancelled {
                what.push("cancellation");
            }
            if s.overrides.agenda {
                what.push("agenda");
            }
            notes.push(format!(
                "Changed by hand ({}); regenerating the group's sessions keeps these changes.",
                what.join(", ")
            ));
        }
        (!notes.is_empty()).then(|| {
            view! {
                <div class="notice notice--info">
                    {notes.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}
                </div>
            }
        })
    }
}

/// The fields the session form edits, as stored.
type FormFields = (
    Option<String>,
    Option<String>,
    chrono::NaiveDate,
    chrono::NaiveTime,
    u16,
    String,
);

fn form_fields(s: &Session) -> FormFields {
    (
        s.topic.clone(),
        s.practice.clone(),
        s.date,
        s.start,
        s.minutes,
        s.notes.clone(),
    )
}

const CHANGED_ELSEWHERE: &str = "This session's topic, time or notes were changed in another tab since you opened this form, so your change was not saved.";

/// Change the topic, date and time, or cancel this one session.
#[component]
fn SessionOverrides(
    current: Memo<Option<Session>>,
    /// Confirmation after a save (kept by the page across rebuilds of this form).
    saved: RwSignal<Option<String>>,
    /// What went wrong, if anything.
    problem: RwSignal<Option<String>>,
    /// Bump to build this form again from what is stored.
    generation: RwSignal<u32>,
) -> impl IntoView {
    let app = use_app();
    let Some(s) = current.get_untracked() else {
        return ().into_any();
    };
    // The fields as the form was opened with them; saving checks they are still what is stored.
    let opened = form_fields(&s);
    // Set when another tab changed these fields since the form was opened.
    let conflict = RwSignal::new(None::<String>);
    let topic = RwSignal::new(s.topic.clone().unwrap_or_default());
    let practice = RwSignal::new(s.practice.clone().unwrap_or_default());
    let date = RwSignal::new(s.date.to_string());
    let start = RwSignal::new(clock(s.start));
    let minutes = RwSignal::new(s.minutes.to_string());
    let notes = RwSignal::new(s.notes.clone());
    let scope = if app
        .programme
        .with_untracked(|p| p.plans.contains_key(&s.group))
    {
        "Changes here apply to this session only; the rest of the curriculum stays as planned."
    } else {
        "Changes here apply to this session only."
    };
    let options = Memo::new(move |_| {
        let (chosen, paired) = (topic.get(), practice.get());
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = p
                .topics
                .values()
                .filter(|t| !t.archived || t.id == chosen || t.id == paired)
                .map(|t| (t.id.clone(), t.title.clone()))
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            list
        })
    });
    let topic_options = Signal::derive(move || options_with_none("No topic", options.get()));
    let practice_options =
        Signal::derive(move || options_with_none("No paired practice", options.get()));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(s) = current.get_untracked() else {
            return;
        };
        if form_fields(&s) != opened {
            conflict.set(Some(CHANGED_ELSEWHERE.into()));
            return;
        }
        let Some(day) = parse_date(&date.get_untracked()) else {
            problem.set(Some(format!(
                "Enter the date as a valid date ({REAL_DATE_HINT})."
            )));
            return;
        };
        let Some(at) = parse_clock(&start.get_untracked()) else {
            problem.set(Some(
                "Enter the start time as hh:mm, for example 09:30.".into(),
            ));
            return;
        };
        let Ok(length) = minutes.get_untracked().trim().parse::<u16>() else {
            problem.set(Some("Enter the length in whole minutes.".into()));
            return;
        };
        let pick = |v: String| (!v.is_empty()).then_some(v);
        let edited = app.programme.with_untracked(|p| {
            let planned = s
                .unit
                .as_ref()
                .and_then(|u| p.curricula.get(&u.curriculum))
                .and_then(|c| session::planned_unit(&s, c));
            session::set_topic(
                &s,
                pick(topic.get_untracked()),
                pick(practice.get_untracked()),
                planned,
            )
        });
        let edited = match session::move_session(&edited, day, at, length) {
            Ok(e) => e,
            Err(e) => {
                problem.set(Some(e));
                return;
            }
        };
        let edited = match session::set_notes(&edited, &notes.get_untracked()) {
            Ok(e) => e,
            Err(e) => {
                problem.set(Some(e));
                return;
            }
        };
        let pending = app.save_session_details(edited);
        spawn_local(async move {
            match pending.await {
                Ok(()) => {
                    problem.set(None);
                    saved.set(Some("Session saved.".into()));
                    generation.update(|g| *g += 1);
                }
                Err(ActionError::Conflict { .. }) => conflict.set(Some(CHANGED_ELSEWHERE.into())),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    let toggle_cancel = move |_| {
        let Some(s) = current.get_untracked() else {
            return;
        };
        let pending = app.set_session_cancelled(&s.id, !s.cancelled);
        spawn_local(async move {
            match pending.await {
                Ok(()) => {
                    problem.set(None);
                    saved.set(None);
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="override-heading">
            <h2 id="override-heading">"Topic and time"</h2>
            <p class="muted">{scope}</p>
            <ConflictNotice
                message=conflict
                on_use_saved=Callback::new(move |_| {
                    saved.set(None);
                    generation.update(|g| *g += 1);
                })
            />
            <form class="form form--grid" on:submit=save novalidate>
                <Select id="session-topic" label="Topic" options=topic_options value=topic on_change=move |v| topic.set(v) />
                <Select id="session-practice" label="Paired skills practice" options=practice_options value=practice on_change=move |v| practice.set(v) />
                <Input id="session-date" label="Date" input_type="date" value=date on_input=move |v| date.set(v) />
                <Input id="session-start" label="Start time" input_type="time" value=start on_input=move |v| start.set(v) />
                <Input id="session-minutes" label="Length (minutes)" input_type="number" min="5" value=minutes on_input=move |v| minutes.set(v) />
                <TextArea id="session-notes" label="Session notes (printed on the facilitator sheet)" value=notes on_input=move |v| notes.set(v) rows=2 />
                <div class="form-actions">
                    <button type="submit" class="button button--primary">"Save session"</button>
                    <button type="button" class="button" on:click=toggle_cancel>
                        {move || if current.get().is_some_and(|s| s.cancelled) { "Restore this session" } else { "Cancel this session" }}
                    </button>
                </div>
            </form>
            <div role="status">{move || saved.get().map(|m| view! { <p class="muted">{m}</p> })}</div>
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </section>
    }
    .into_any()
}
