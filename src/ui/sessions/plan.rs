//! The group page's "Curriculum and sessions" panel: assign a curriculum, regenerate with a
//! preview of what would change, the session list, and entry-rule warnings.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::coverage;
use crate::domain::dates::{REAL_DATE_HINT, human_date, month_year, parse_date, year_month};
use crate::domain::sessions::calendar::sessions_between;
use crate::domain::sessions::planning;
use crate::domain::sessions::session::{self, CancelMode, PLAN_SCHEMA, Plan};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{Input, Select};
use crate::ui::groups::options_with_none;
use crate::ui::sessions::row::no_topic;
use crate::ui::sessions::session::when_words;

fn mode_code(m: CancelMode) -> &'static str {
    match m {
        CancelMode::Shift => "shift",
        CancelMode::Drop => "drop",
    }
}

/// Curriculum assignment and dated sessions of one group.
#[component]
pub fn GroupSessions(
    /// Group id.
    group: String,
) -> impl IntoView {
    let app = use_app();
    let derived = use_derived();
    let clock = derived.today;
    let group = StoredValue::new(group);
    let plan = Memo::new(move |_| {
        app.programme
            .with(|p| p.plans.get(&group.get_value()).cloned())
    });
    let default_start = move || {
        let today = clock.get_untracked();
        app.programme.with_untracked(|p| {
            p.groups
                .get(&group.get_value())
                .map(|g| g.start.max(today))
                .unwrap_or(today)
        })
    };
    let initial = plan.get_untracked();
    let curriculum = RwSignal::new(
        initial
            .as_ref()
            .map(|p| p.curriculum.clone())
            .unwrap_or_default(),
    );
    let start = RwSignal::new(
        initial
            .as_ref()
            .map(|p| p.start)
            .unwrap_or_else(default_start)
            .to_string(),
    );
    let mode = RwSignal::new(
        mode_code(
            initial
                .as_ref()
                .map(|p| p.on_cancel)
                .unwrap_or(CancelMode::Shift),
        )
        .to_string(),
    );
    let problem = RwSignal::new(None::<String>);
    let report = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let show_past = RwSignal::new(false);
    let curricula = Memo::new(move |_| {
        let chosen = curriculum.get();
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = p
                .curricula
                .values()
                .filter(|c| !c.archived || c.id == chosen)
                .map(|c| {
                    (
                        c.id.clone(),
                        format!("{} ({})", c.name, plural(c.len(), "session", "sessions")),
                    )
                })
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            options_with_none("Choose a curriculum…", list)
        })
    });
    let modes = vec![
        (
            "shift".to_string(),
            "Shift the remaining topics to later meetings".to_string(),
        ),
        (
            "drop".to_string(),
            "Drop that meeting's topic (marked not delivered)".to_string(),
        ),
    ];
    // What regenerating now would change (the group's dates or pattern may have changed).
    let pending = Memo::new(move |_| {
        let today = clock.get();
        app.programme.with(|p| {
            p.plans.get(&group.get_value())?;
            planning::drift(p, &group.get_value(), today)
        })
    });
    // The outcome of assigning or regenerating: the report, or what went wrong.
    let show = move |result: Result<Vec<String>, crate::actions::ActionError>| {
        busy.set(false);
        match result {
            Ok(lines) => {
                problem.set(None);
                report.set(lines);
            }
            Err(e) => problem.set(Some(e.to_string())),
        }
    };
    let assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = curriculum.get_untracked();
        if chosen.is_empty() {
            problem.set(Some("Choose a curriculum to assign.".into()));
            return;
        }
        let Some(from) = parse_date(&start.get_untracked()) else {
            problem.set(Some(format!(
                "Enter the first date as a valid date ({REAL_DATE_HINT})."
            )));
            return;
        };
        let on_cancel = if mode.get_untracked() == "drop" {
            CancelMode::Drop
        } else {
            CancelMode::Shift
        };
        let new_plan = Plan {
            id: group.get_value(),
            schema: PLAN_SCHEMA,
            group: group.get_value(),
            curriculum: chosen,
            start: from,
            on_cancel,
        };
        busy.set(true);
        spawn_local(async move {
            show(app.assign_curriculum(new_plan, clock.get_untracked()).await);
        });
    };
    let regenerate = move |_| {
        busy.set(true);
        spawn_local(async move {
            show(
                app.regenerate_sessions(&group.get_value(), clock.get_untracked())
                    .await,
            );
        });
    };
    // Removing asks first, with the confirmation focused.
    let confirming = RwSignal::new(None::<usize>);
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if confirming.with(Option::is_some)
            && let Some(button) = confirm_button.get()
        {
            let _ = button.focus();
        }
    });
    let ask_remove = move |_| {
        let n = app.programme.with_untracked(|p| {
            planning::unassign(p, &group.get_value(), clock.get_untracked())
                .map(|(_, n)| n)
                .unwrap_or(0)
        });
        confirming.set(Some(n));
    };
    let remove = move |_| {
        confirming.set(None);
        busy.set(true);
        spawn_local(async move {
            let result = app
                .unassign_curriculum(&group.get_value(), clock.get_untracked())
                .await;
            busy.set(false);
            match result {
                Ok(n) => {
                    problem.set(None);
                    curriculum.set(String::new());
                    report.set(vec![format!(
                        "Curriculum removed: {} no longer {} a planned topic (changes made by hand are kept). The group still meets at its meeting times. Past sessions and sessions with attendance are kept.",
                        plural(n, "upcoming session", "upcoming sessions"),
                        if n == 1 { "has" } else { "have" }
                    )]);
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    // The sessions shown, by month: (month key "2026-12", "December 2026", rows).
    let months = Memo::new(move |_| {
        let past = show_past.get();
        let today = clock.get();
        app.programme.with(|p| {
            let mut months: Vec<(String, String, Vec<SessionRow>)> = Vec::new();
            let id = group.get_value();
            let Some(g) = p.groups.get(&id) else {
                return months;
            };
            let (from, to) = session::list_range(g, p.sessions_of(&id).last().copied(), today);
            let from = if past { from } else { from.max(today) };
            for s in &sessions_between(p, &id, from, to) {
                let topic = s
                    .topic
                    .as_deref()
                    .map(|t| p.topic_title(t))
                    .unwrap_or_else(|| no_topic(p, &id).into());
                let practice = s.practice.as_deref().map(|t| p.topic_title(t));
                let mut status = Vec::new();
                if session::not_delivered(s) {
                    status.push("Cancelled, topic not delivered".to_string());
                } else if s.cancelled {
                    status.push("Cancelled".to_string());
                }
                if s.overrides.any() {
                    status.push("Changed by hand".to_string());
                }
                let present = s.attendance.values().filter(|a| a.mark.present()).count();
                if !s.attendance.is_empty() {
                    status.push(format!("{present} present"));
                }
                let row = SessionRow {
                    id: s.id.clone(),
                    when: when_words(s),
                    topic,
                    practice,
                    status: status.join(" · "),
                    cancelled: s.cancelled,
                };
                let key = month_key(s.date);
                match months.last_mut() {
                    Some((k, _, rows)) if *k == key => rows.push(row),
                    _ => months.push((key, month_year(s.date), vec![row])),
                }
            }
            months
        })
    });
    // Months opened or closed by hand; the others follow `open_by_default`. Kept while the list
    // changes (a regeneration, showing past sessions), so nothing folds up under the person.
    let toggled = RwSignal::new(std::collections::BTreeMap::<String, bool>::new());
    // This month is open; if the group does not meet again this month, the next month it does.
    let open_by_default = Memo::new(move |_| {
        let this_month = month_key(clock.get());
        months.with(|list| {
            list.iter()
                .map(|(key, _, _)| key)
                .find(|key| **key >= this_month)
                .cloned()
        })
    });
    let warnings = Memo::new(move |_| {
        let today = clock.get();
        if !app
            .programme
            .with(|p| p.plans.contains_key(&group.get_value()))
        {
            return Vec::new();
        }
        derived.with_index(|p, idx| {
            coverage::entry_warnings(p, idx, &group.get_value(), today)
                .into_iter()
                .map(|(_, w)| w)
                .collect::<Vec<_>>()
        })
    });
    let no_sessions = Memo::new(move |_| months.with(Vec::is_empty));
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Curriculum and sessions"</h2>
            <p class="no-print">
                <A href=move || format!("/groups/{}/month/{}", group.get_value(), today_month())>"Print this month's sessions"</A>
            </p>
            {move || {
                plan.get()
                    .map(|pl| {
                        let words = app.programme.with(|p| {
                            let c = p.curricula.get(&pl.curriculum);
                            format!(
                                "{} from {}. {}.",
                                p.curriculum_name(&pl.curriculum),
                                human_date(pl.start),
                                c.map(|c| c.kind_words()).unwrap_or_default()
                            )
                        });
                        view! {
                            <p>
                                {words} " "
                                <A href=format!("/groups/{}/coverage", pl.group)>"Topic coverage for this group"</A>
                            </p>
                        }
                    })
            }}
            <form class="form form--grid" on:submit=assign novalidate>
                <Select id="plan-curriculum" label="Curriculum" options=curricula value=curriculum on_change=move |v| curriculum.set(v) />
                <Input id="plan-start" label="First session on or after" input_type="date" value=start on_input=move |v| start.set(v) />
                <Select id="plan-mode" label="When a meeting is cancelled" options=modes value=mode on_change=move |v| mode.set(v) />
                <div class="form-actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {move || if plan.get().is_some() { "Save and regenerate sessions" } else { "Assign and generate sessions" }}
                    </button>
                    {move || plan.get().is_some().then(|| view! {
                        <button type="button" class="button button--quiet" disabled=move || busy.get() on:click=ask_remove>"Remove curriculum"</button>
                    })}
                </div>
            </form>
            {move || confirming.get().map(|n| view! {
                <div class="confirm" role="alertdialog" aria-labelledby="remove-plan-title">
                    <h3 id="remove-plan-title">"Remove the curriculum from this group?"</h3>
                    <p>{format!(
                        "{} without attendance will lose {} planned topic. Changes made by hand (a topic chosen, a new time, notes) are kept; the group still meets at its meeting times. Past sessions and attendance are kept.",
                        plural(n, "upcoming session", "upcoming sessions"),
                        if n == 1 { "its" } else { "their" }
                    )}</p>
                    <div class="form-actions">
                        <button class="button button--danger" node_ref=confirm_button disabled=move || busy.get() on:click=remove>"Yes, remove it"</button>
                        <button class="button button--quiet" on:click=move |_| confirming.set(None)>"Cancel"</button>
                    </div>
                </div>
            })}
            {move || pending.get().map(|lines| view! {
                <div class="notice notice--warning">
                    <p>"The group's dates or meeting pattern changed since its sessions were generated. Regenerating would do this:"</p>
                    <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                    <button class="button" disabled=move || busy.get() on:click=regenerate>"Regenerate sessions"</button>
                </div>
            })}
            <div role="status" aria-live="polite">
                {move || {
                    let lines = report.get();
                    (!lines.is_empty()).then(|| view! {
                        <div class="notice notice--info">
                            <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        </div>
                    })
                }}
            </div>
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
            {move || {
                let list = warnings.get();
                (!list.is_empty()).then(|| view! {
                    <div class="warnings">
                        <h3>"Entry-rule warnings"</h3>
                        <ul class="warning-list">{list.into_iter().map(|w| view! { <li class="warning">{w}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <h3>"Sessions"</h3>
            <div class="field field--check">
                <input id="sessions-past" type="checkbox" prop:checked=move || show_past.get() on:change=move |ev| show_past.set(event_target_checked(&ev)) />
                <label for="sessions-past">"Show past sessions"</label>
            </div>
            // Only whether there are sessions rebuilds this part; months are keyed by their
            // content, so marking attendance or an edit redraws only the month it changed.
            {move || {
                if no_sessions.get() {
                    return view! { <p class="muted">"No sessions to show. A group meets by its meeting times: add them under Group details."</p> }.into_any();
                }
                view! {
                    <For each=move || months.get() key=|month| month.clone() let:((key, label, rows))>
                        <Month key=key label=label rows=rows toggled=toggled open_by_default=open_by_default />
                    </For>
                }
                    .into_any()
            }}
        </section>
    }
}

/// One month of a group's sessions, folded; open when toggled so, or by default.
#[component]
fn Month(
    /// "2026-12".
    key: String,
    /// "December 2026".
    label: String,
    rows: Vec<SessionRow>,
    /// Months opened or closed by hand.
    toggled: RwSignal<std::collections::BTreeMap<String, bool>>,
    /// The month open unless toggled.
    open_by_default: Memo<Option<String>>,
) -> impl IntoView {
    let open = {
        let key = key.clone();
        Memo::new(move |_| {
            toggled
                .with(|t| t.get(&key).copied())
                .unwrap_or_else(|| open_by_default.with(|d| d.as_ref() == Some(&key)))
        })
    };
    let summary = format!("{label} · {}", plural(rows.len(), "session", "sessions"));
    // A month's table is built while it is open (a group's page holds a year or two of
    // sessions, most of them in folded months).
    let table = StoredValue::new((label, rows));
    view! {
        <details
            class="month"
            prop:open=move || open.get()
            on:toggle=move |ev| {
                let now = dom::details_open(&ev);
                toggled.update(|t| {
                    t.insert(key.clone(), now);
                });
            }
        >
            <summary>{summary}</summary>
            {move || {
                open.get()
                    .then(|| {
                        let (label, rows) = table.get_value();
                        view! { <SessionTable label=label rows=rows /> }
                    })
            }}
        </details>
    }
}

/// One line of a group's session list.
#[derive(Clone, PartialEq, Eq, Hash)]
struct SessionRow {
    id: String,
    when: String,
    topic: String,
    practice: Option<String>,
    status: String,
    cancelled: bool,
}

fn month_key(d: chrono::NaiveDate) -> String {
    year_month(d)
}

/// The sessions of one month.
#[component]
fn SessionTable(
    /// The month, e.g. "December 2026".
    label: String,
    rows: Vec<SessionRow>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{format!("Sessions of this group, {label}")}</caption>
                <thead>
                    <tr><th scope="col">"When"</th><th scope="col">"Topic"</th><th scope="col">"Status"</th></tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| view! {
                            <tr class:row--muted=r.cancelled>
                                <td><A href=format!("/sessions/{}", r.id)>{r.when}</A></td>
                                <td>{r.topic}{r.practice.map(|p| format!(" + {p}"))}</td>
                                <td>{r.status}</td>
                            </tr>
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// This month as `YYYY-MM` (the month sheet's address).
fn today_month() -> String {
    use chrono::Datelike;
    let d = crate::platform::today();
    format!("{:04}-{:02}", d.year(), d.month())
}
