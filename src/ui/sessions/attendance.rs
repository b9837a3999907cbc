//! Attendance of one session: a mark per rostered member (family members too, in family groups), minutes for late arrivals and early
//! leavers, and each client's attended hours that week against their level of care.

use chrono::Days;

use crate::domain::dates::week_start;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::coverage;
use crate::domain::sessions::session::{Attendance, Mark, Session};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::ui::derived::use_derived;
use crate::ui::kit::ClientNames;

fn mark_code(m: Mark) -> String {
    format!("{m:?}")
}

/// One row: client id, display name, their attendance, attended-hours line for the week.
#[derive(Clone, PartialEq)]
struct Row {
    client: String,
    name: String,
    attendance: Option<Attendance>,
    week: String,
    week_warning: Option<String>,
}

/// Attendance for one session; every change is saved at once.
#[component]
pub fn AttendanceEditor(
    /// The stored session.
    current: Memo<Option<Session>>,
) -> impl IntoView {
    let app = use_app();
    let derived = use_derived();
    let clock = derived.today;
    let problem = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let Some(s) = current.get() else {
            return Vec::new();
        };
        let today = clock.get();
        derived.with_index(|p, idx| {
            let monday = week_start(s.date);
            let sunday = monday + Days::new(6);
            let names = ClientNames::of(p);
            let mut ids: Vec<String> = p
                .memberships
                .values()
                .filter(|m| m.group == s.group && m.active_on(s.date))
                .map(|m| m.client.0.clone())
                .collect();
            // Family members with a place in a family group take part too.
            ids.extend(p.family_in_group(&s.group, s.date).map(|f| f.id.clone()));
            ids.extend(s.attendance.keys().cloned());
            sorting::sort(&mut ids);
            ids.dedup();
            let mut rows: Vec<Row> = ids
                .into_iter()
                .map(|id| {
                    if let Some(f) = p.family_members.get(&id) {
                        return Row {
                            name: format!("{} (family)", f.name),
                            attendance: s.attendance.get(&id).copied(),
                            client: id,
                            week: "Family member: not counted toward hours".into(),
                            week_warning: None,
                        };
                    }
                    let cid = ClientId(id.clone());
                    let week = coverage::weekly_hours(p, idx, &cid, monday, sunday, today);
                    let (words, warning) = week
                        .first()
                        .map(|w| {
                            (
                                format!(
                                    "{} attended this week of {} scheduled",
                                    crate::domain::people::care::hours_words(w.attended_minutes),
                                    crate::domain::people::care::hours_words(w.scheduled_minutes)
                                ),
                                w.warning.clone(),
                            )
                        })
                        .unwrap_or_default();
                    Row {
                        name: if p.clients.contains_key(&cid) {
                            names.get(p, &cid)
                        } else {
                            "(unknown client)".into()
                        },
                        attendance: s.attendance.get(&id).copied(),
                        client: id,
                        week: words,
                        week_warning: warning,
                    }
                })
                .collect();
            sorting::sort_by(&mut rows, |a, b| a.name.cmp(&b.name));
            rows
        })
    });
    // Only these two facts rebuild the table; marks update rows in place.
    let cancelled = Memo::new(move |_| current.with(|s| s.as_ref().is_some_and(|s| s.cancelled)));
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    let report = move |pending: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), crate::actions::ActionError>>>,
    >| {
        spawn_local(async move {
            problem.set(pending.await.err().map(|e| e.to_string()));
        });
    };
    let set = move |client: String, value: Option<Attendance>| {
        if let Some(s) = current.get_untracked() {
            report(Box::pin(app.mark_attendance(&s.id, vec![(client, value)])));
        }
    };
    let all_attended = move |_| {
        let Some(s) = current.get_untracked() else {
            return;
        };
        let marks = rows
            .get_untracked()
            .into_iter()
            .filter(|r| r.attendance.is_none())
            .map(|r| {
                (
                    r.client,
                    Some(Attendance {
                        mark: Mark::Attended,
                        minutes: None,
                    }),
                )
            })
            .collect();
        report(Box::pin(app.mark_attendance(&s.id, marks)));
    };
    let cancel = move |_| {
        if let Some(s) = current.get_untracked() {
            report(Box::pin(app.set_session_cancelled(&s.id, true)));
        }
    };
    let summary = move || {
        let list = rows.get();
        let marked = list.iter().filter(|r| r.attendance.is_some()).count();
        let present = list
            .iter()
            .filter(|r| r.attendance.is_some_and(|a| a.mark.present()))
            .count();
        format!(
            "{} marked of {}; {} present.",
            marked,
            plural(list.len(), "member", "members"),
            present
        )
    };
    view! {
        <section class="card attendance" aria-labelledby="attendance-heading">
            <h2 id="attendance-heading">"Attendance"</h2>
            {move || {
                if cancelled.get() {
                    return view! { <p class="muted">"This session is cancelled, so no attendance is taken. Restore it under Topic and time to mark attendance."</p> }.into_any();
                }
                // Only whether there is anyone rebuilds this part; rows update in place, so the
                // control being used keeps keyboard focus.
                if empty.get() {
                    return view! { <p class="muted">"Nobody is on this group's roster on this date."</p> }.into_any();
                }
                view! {
                    <p class="muted" role="status">{summary}</p>
                    <div class="form-actions no-print">
                        <button class="button" on:click=all_attended>"Mark everyone not yet marked as attended"</button>
                        <button class="button button--quiet" on:click=cancel>"Mark session cancelled"</button>
                    </div>
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">"Attendance by client and family member"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Attendance"</th>
                                    <th scope="col">"Minutes present"</th>
                                    <th scope="col">"Hours this week"</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || rows.get() key=|r| r.client.clone() let:r>
                                    <AttendanceRow client=r.client rows=rows set=set />
                                </For>
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </section>
    }
}

#[component]
fn AttendanceRow(
    client: String,
    rows: Memo<Vec<Row>>,
    set: impl Fn(String, Option<Attendance>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let client = StoredValue::new(client);
    let row = Memo::new(move |_| {
        rows.with(|list| {
            list.iter()
                .find(|r| r.client == client.get_value())
                .cloned()
        })
    });
    let attendance = move || row.with(|r| r.as_ref().and_then(|r| r.attendance));
    let name = row.with_untracked(|r| r.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let select_id = format!("mark-{}", client.get_value());
    let minutes_id = format!("minutes-{}", client.get_value());
    let current = move || attendance().map(|a| mark_code(a.mark)).unwrap_or_default();
    let partial =
        move || attendance().is_some_and(|a| matches!(a.mark, Mark::Late | Mark::LeftEarly));
    let problem = RwSignal::new(None::<String>);
    let on_mark = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        let mark = Mark::ALL.into_iter().find(|m| mark_code(*m) == code);
        // Minutes present only mean something for late arrivals and early leavers.
        let keep = |m: Mark| matches!(m, Mark::Late | Mark::LeftEarly);
        set(
            client.get_value(),
            mark.map(|mark| Attendance {
                mark,
                minutes: attendance().and_then(|a| a.minutes).filter(|_| keep(mark)),
            }),
        );
    };
    let on_minutes = move |ev: leptos::ev::Event| {
        let raw = event_target_value(&ev);
        let Some(a) = attendance() else {
            return;
        };
        let minutes = if raw.trim().is_empty() {
            None
        } else {
            match raw.trim().parse::<u16>() {
                Ok(m) if m > 0 => Some(m),
                _ => {
                    problem.set(Some(
                        "Enter the minutes present as a whole number above 0, or leave it empty for the whole session.".into(),
                    ));
                    return;
                }
            }
        };
        problem.set(None);
        set(client.get_value(), Some(Attendance { minutes, ..a }));
    };
    let week = move || row.with(|r| r.as_ref().map(|r| r.week.clone()).unwrap_or_default());
    let week_warning = move || row.with(|r| r.as_ref().and_then(|r| r.week_warning.clone()));
    view! {
        <tr>
            <th scope="row">{name.clone()}</th>
            <td>
                <label class="visually-hidden" for=select_id.clone()>{format!("Attendance for {name}")}</label>
                <select id=select_id on:change=on_mark>
                    <option value="" prop:selected=move || current().is_empty()>"Not marked"</option>
                    {Mark::ALL
                        .into_iter()
                        .map(|m| {
                            let code = mark_code(m);
                            let mine = code.clone();
                            view! { <option value=code prop:selected=move || current() == mine>{m.label()}</option> }
                        })
                        .collect_view()}
                </select>
            </td>
            <td>
                {move || partial().then(|| view! {
                    <label class="visually-hidden" for=minutes_id.clone()>{format!("Minutes {name} was present")}</label>
                    <input
                        id=minutes_id.clone()
                        class="input-inline input-minutes"
                        type="number"
                        min="1"
                        placeholder="whole session"
                        prop:value=move || attendance().and_then(|a| a.minutes).map(|m| m.to_string()).unwrap_or_default()
                        on:change=on_minutes
                    />
                })}
                {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
            </td>
            <td>
                {week}
                {move || week_warning().map(|w| view! { <p class="field-error">{w}</p> })}
            </td>
        </tr>
    }
}
