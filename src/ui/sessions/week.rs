//! The Schedule page: every session of the programme in one week, by day.

use chrono::Days;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date, week_start};
use crate::domain::roster::plural;
use crate::domain::sorting;
use crate::ui::derived::use_derived;
use crate::ui::fields::Input;
use crate::ui::platform;
use crate::ui::sessions::SessionRow;

/// Page: sessions of a week (`/schedule`).
#[component]
pub fn WeekSchedule() -> impl IntoView {
    platform::set_title("Schedule");
    let app = use_app();
    let today = use_derived().today;
    let day = RwSignal::new(today.get_untracked().to_string());
    let monday =
        Memo::new(move |_| week_start(parse_date(&day.get()).unwrap_or_else(|| today.get())));
    let step = move |weeks: i64| {
        let next = if weeks < 0 {
            monday.get_untracked() - Days::new(7)
        } else {
            monday.get_untracked() + Days::new(7)
        };
        day.set(next.to_string());
    };
    let days = Memo::new(move |_| {
        let from = monday.get();
        let to = from + Days::new(6);
        let today = today.get();
        app.programme.with(|p| {
            let mut list: Vec<_> = p
                .sessions
                .values()
                .filter(|s| s.date >= from && s.date <= to)
                // Upcoming sessions of archived groups will not happen; past ones are history.
                .filter(|s| s.date < today || p.groups.get(&s.group).is_some_and(|g| !g.archived))
                .map(|s| SessionRow::of(p, s))
                .collect();
            sorting::sort(&mut list);
            (0..7)
                .map(|i| {
                    let d = from + Days::new(i);
                    let items: Vec<_> = list.iter().filter(|x| x.date == d).cloned().collect();
                    (d, items)
                })
                .collect::<Vec<_>>()
        })
    });
    let empty =
        Memo::new(move |_| days.with(|list| list.iter().all(|(_, items)| items.is_empty())));
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Schedule"</h1>
            <div class="filters">
                <button class="button" on:click=move |_| step(-1)>"Previous week"</button>
                <Input id="week-of" label="Week of" input_type="date" value=day on_input=move |v| day.set(v) />
                <button class="button" on:click=move |_| step(1)>"Next week"</button>
            </div>
            <h2>{move || format!("Week of {}", human_date(monday.get()))}</h2>
            // Only whether the week is empty rebuilds this part; days and sessions are keyed by
            // their content, so an edit redraws only the day it changed.
            {move || {
                if empty.get() {
                    return view! { <p class="empty">"No sessions this week. Sessions appear once a curriculum is assigned to a group."</p> }.into_any();
                }
                view! {
                    <div class="week">
                        <For
                            each=move || days.get().into_iter().filter(|(_, items)| !items.is_empty())
                            key=|day| day.clone()
                            let:((d, items))
                        >
                            <section class="card day" aria-label=human_date(d)>
                                <h3>{human_date(d)}<span class="muted">{format!(" · {}", plural(items.len(), "session", "sessions"))}</span></h3>
                                <ul class="record-list">
                                    {items
                                        .into_iter()
                                        .map(|SessionRow { group, id, time, topic, room, cancelled, .. }| view! {
                                            <li class="record" class:archived=cancelled>
                                                <div>
                                                    <A href=format!("/sessions/{id}")><strong>{format!("{time} {group}")}</strong></A>
                                                    {cancelled.then(|| view! { " " <span class="badge badge--muted">"Cancelled"</span> })}
                                                    <p class="muted">{topic}{room.map(|r| format!(" · {r}"))}</p>
                                                </div>
                                            </li>
                                        })
                                        .collect_view()}
                                </ul>
                            </section>
                        </For>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
