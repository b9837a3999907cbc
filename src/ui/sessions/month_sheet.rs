//! A month of one group's sessions on one printable A4 page (`/groups/:id/month/:month`): every
//! meeting of the month with its time, topic and skills practice, cancelled ones marked.

use chrono::{Datelike, Months, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::actions::use_app;
use crate::domain::dates::{clock, human_date};
use crate::domain::sessions::calendar::{EntryKind, meetings_of};
use crate::ui::derived::use_derived;
use crate::ui::dom;

/// "2026-12" as its first day.
fn month_start(text: &str) -> Option<NaiveDate> {
    let (y, m) = text.split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// Page: a month of a group's sessions, printable.
#[component]
pub fn GroupMonthSheet() -> impl IntoView {
    dom::set_title("Sessions of the month");
    let app = use_app();
    let today = use_derived().today.get_untracked();
    let params = use_params_map();
    let group = move || params.with(|p| p.get("id").unwrap_or_default());
    let first = move || {
        params
            .with(|p| p.get("month").and_then(|m| month_start(&m)))
            .unwrap_or_else(|| today.with_day(1).unwrap_or(today))
    };
    move || {
        let id = group();
        let first = first();
        let last = first
            .checked_add_months(Months::new(1))
            .and_then(|d| d.pred_opt())
            .unwrap_or(first);
        let prev = first.checked_sub_months(Months::new(1)).unwrap_or(first);
        let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
        let Some((name, pattern, room, staff, rows)) = app.programme.with(|p| {
            let g = p.groups.get(&id)?;
            let rows: Vec<(String, String, String, String, bool)> =
                meetings_of(p, &id, first, last)
                    .into_iter()
                    .map(|e| {
                        let (topic, practice) = match &e.kind {
                            EntryKind::Group { session, .. } => p
                                .sessions
                                .get(session)
                                .map(|s| {
                                    let title = |t: &Option<String>| {
                                        t.as_ref()
                                            .and_then(|t| p.topics.get(t))
                                            .map(|t| t.title.clone())
                                            .unwrap_or_default()
                                    };
                                    (title(&s.topic), title(&s.practice))
                                })
                                .unwrap_or_default(),
                            EntryKind::Family { .. } => Default::default(),
                        };
                        (
                            human_date(e.date),
                            format!("{}–{}", clock(e.start), clock(e.end)),
                            topic,
                            practice,
                            e.cancelled,
                        )
                    })
                    .collect();
            let staff: Vec<String> = g
                .lead
                .iter()
                .chain(&g.co_facilitators)
                .map(|s| p.staff_name(s))
                .collect();
            Some((
                g.name.clone(),
                g.pattern.describe(),
                g.room.as_deref().map(|r| p.room_name(r)),
                staff.join(", "),
                rows,
            ))
        }) else {
            return view! {
                <section class="page" aria-labelledby="page-title">
                    <h1 id="page-title">"Group not found"</h1>
                    <p>"No group has this address. " <A href="/groups">"Go to the groups"</A></p>
                </section>
            }
            .into_any();
        };
        let month = format!(
            "{} {}",
            crate::domain::dates::month_name(first),
            first.year()
        );
        let empty = rows.is_empty();
        view! {
            <div class="form-actions no-print">
                <A href=format!("/groups/{id}") attr:class="button button--quiet">"← Back to the group"</A>
                <A href=format!("/groups/{id}/month/{}", month_key(prev)) attr:class="button">"Previous month"</A>
                <A href=format!("/groups/{id}/month/{}", month_key(next)) attr:class="button">"Next month"</A>
                <button type="button" class="button button--primary" on:click=move |_| dom::print()>"Print"</button>
            </div>
            <article class="sheet" aria-labelledby="page-title">
                <header class="sheet__head">
                    <h1 id="page-title">{format!("{name} · {month}")}</h1>
                    <p>{pattern}{room.map(|r| format!(" · {r}"))}</p>
                    {(!staff.is_empty()).then(|| view! { <p>{format!("Facilitators: {staff}")}</p> })}
                </header>
                {if empty {
                    view! { <p>"The group does not meet this month."</p> }.into_any()
                } else {
                    view! {
                        <table class="sheet-table month-sheet">
                            <thead><tr>
                                <th scope="col">"Date"</th>
                                <th scope="col">"Time"</th>
                                <th scope="col">"Topic"</th>
                                <th scope="col">"Skills practice"</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|(date, time, topic, practice, cancelled)| view! {
                                    <tr class:month-sheet__cancelled=cancelled>
                                        <th scope="row">{date}</th>
                                        <td>{time}</td>
                                        <td>{if cancelled { "Cancelled".to_string() } else { topic }}</td>
                                        <td>{if cancelled { String::new() } else { practice }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}
                <p class="sheet__foot">{format!("Printed {}. Topics may change; the programme's schedule is the current one.", human_date(today))}</p>
            </article>
        }
        .into_any()
    }
}
