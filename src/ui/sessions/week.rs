//! The Schedule page: a week as a calendar grid (days across, hours down) with every meeting of
//! every group, with or without a curriculum, and every family session; filtered by clinician,
//! room or client. On a phone it shows one day at a time.

use chrono::{Datelike, Days, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::dates::short_day;
use crate::domain::dates::weekday_name;
use crate::domain::dates::{clock, human_date, parse_date, week_start};
use crate::domain::sessions::calendar::{
    CalendarEntry, CalendarFilter, EntryKind, calendar, hour_rows,
};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{Input, Select};
use crate::ui::kit::ClientNames;

/// One meeting as the grid shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chip {
    date: NaiveDate,
    hour: u32,
    /// "09:00-12:00 Morning RP" (the link's text).
    title: String,
    href: String,
    /// Topic, room, staff.
    detail: String,
    family: bool,
    cancelled: bool,
}

fn chip(p: &crate::domain::Programme, e: &CalendarEntry, names: &ClientNames) -> Chip {
    use chrono::Timelike;
    let time = format!("{}-{}", clock(e.start), clock(e.end));
    let staff: Vec<String> = e.staff.iter().map(|s| p.staff_name(s)).collect();
    let room = e.room.as_deref().map(|r| p.room_name(r));
    let (title, href, mut detail, family) = match &e.kind {
        EntryKind::Group {
            group,
            session,
            topic,
        } => (
            format!("{time} {}", p.group_name(group)),
            format!("/sessions/{session}"),
            vec![match topic {
                Some(t) => p.topic_title(t),
                None => crate::ui::sessions::row::no_topic(p, group).to_string(),
            }],
            false,
        ),
        EntryKind::Family {
            client, telehealth, ..
        } => (
            format!("{time} Family session: {}", names.get(p, client)),
            format!("/clients/{}", client.0),
            vec![if *telehealth {
                "Telehealth".to_string()
            } else {
                String::new()
            }],
            true,
        ),
    };
    detail.extend(room);
    detail.extend(staff);
    detail.retain(|d| !d.is_empty());
    Chip {
        date: e.date,
        hour: e.start.hour(),
        title,
        href,
        detail: detail.join(" · "),
        family,
        cancelled: e.cancelled,
    }
}

/// Page: the week's calendar (`/schedule`).
#[component]
pub fn WeekSchedule() -> impl IntoView {
    dom::set_title("Schedule");
    let app = use_app();
    let today = use_derived().today;
    let day = RwSignal::new(today.get_untracked().to_string());
    let monday =
        Memo::new(move |_| week_start(parse_date(&day.get()).unwrap_or_else(|| today.get())));
    // The day shown on a phone: 0 = Monday.
    let shown = RwSignal::new(today.get_untracked().weekday().num_days_from_monday());
    let step = move |weeks: i64| {
        let next = if weeks < 0 {
            monday.get_untracked() - Days::new(7)
        } else {
            monday.get_untracked() + Days::new(7)
        };
        day.set(next.to_string());
    };
    let staff = RwSignal::new(String::new());
    let room = RwSignal::new(String::new());
    let client = RwSignal::new(String::new());
    let filter = Memo::new(move |_| {
        let some = |s: String| (!s.is_empty()).then_some(s);
        CalendarFilter {
            staff: some(staff.get()),
            room: some(room.get()),
            client: some(client.get()).map(ClientId),
        }
    });
    let week = Memo::new(move |_| {
        let from = monday.get();
        let to = from + Days::new(6);
        let today = today.get();
        let filter = filter.get();
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            let entries: Vec<CalendarEntry> = calendar(p, from, to, today)
                .into_iter()
                .filter(|e| filter.keeps(e))
                .collect();
            let hours = hour_rows(&entries, p.settings.opens, p.settings.closes);
            let chips: Vec<Chip> = entries.iter().map(|e| chip(p, e, &names)).collect();
            // Days the programme is closed are left out unless something is on.
            let days: Vec<(u32, NaiveDate)> = (0..7u32)
                .map(|i| (i, from + Days::new(u64::from(i))))
                .filter(|(_, d)| {
                    p.settings.open_days.contains(&d.weekday())
                        || chips.iter().any(|c| c.date == *d)
                })
                .collect();
            (hours, chips, days)
        })
    });
    let options = move |list: Vec<(String, String)>, all: &str| {
        let mut v = vec![(String::new(), all.to_string())];
        v.extend(list);
        v
    };
    let staff_options = Signal::derive(move || {
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = p
                .staff
                .values()
                .filter(|s| !s.archived)
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            options(list, "Every clinician")
        })
    });
    let room_options = Signal::derive(move || {
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = p
                .rooms
                .values()
                .filter(|r| !r.archived)
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            options(list, "Every room")
        })
    });
    let client_options = Signal::derive(move || {
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            let mut list: Vec<(String, String)> = p
                .active_clients()
                .map(|c| (c.id.0.clone(), names.get(p, &c.id)))
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            options(list, "Every client")
        })
    });
    let summary = move || {
        week.with(|(_, chips, _)| {
            let meetings = chips.iter().filter(|c| !c.family).count();
            let cancelled = chips.iter().filter(|c| c.cancelled).count();
            let family = chips.iter().filter(|c| c.family).count();
            let mut s = format!(
                "{} and {} this week",
                plural(meetings, "group meeting", "group meetings"),
                plural(family, "family session", "family sessions")
            );
            if cancelled > 0 {
                s.push_str(&format!(" ({cancelled} cancelled)"));
            }
            s.push('.');
            s
        })
    };
    let filtered = move || filter.with(|f| f != &CalendarFilter::default());
    let clear = move |_| {
        staff.set(String::new());
        room.set(String::new());
        client.set(String::new());
    };
    let days = move || week.with(|(_, _, days)| days.clone());
    // On a phone, a day that is not in the grid (closed, nothing on) is not the one shown.
    Effect::new(move |_| {
        let list = days();
        if !list.is_empty() && !list.iter().any(|(i, _)| *i == shown.get_untracked()) {
            shown.set(list.first().map_or(0, |(i, _)| *i));
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Schedule"</h1>
            <div class="filters">
                <button class="button" on:click=move |_| step(-1)>"Previous week"</button>
                <Input id="week-of" label="Week of" input_type="date" value=day on_input=move |v| day.set(v) />
                <button class="button" on:click=move |_| step(1)>"Next week"</button>
                <button class="button button--quiet" on:click=move |_| {
                    let t = today.get_untracked();
                    day.set(t.to_string());
                    shown.set(t.weekday().num_days_from_monday());
                }>"This week"</button>
            </div>
            <div class="filters" role="group" aria-label="Show only">
                <Select id="schedule-staff" label="Clinician" options=staff_options value=staff on_change=move |v| staff.set(v) />
                <Select id="schedule-room" label="Room" options=room_options value=room on_change=move |v| room.set(v) />
                <Select id="schedule-client" label="Client" options=client_options value=client on_change=move |v| client.set(v) />
                {move || filtered().then(|| view! {
                    <button class="button button--quiet" on:click=clear>"Show everyone"</button>
                })}
            </div>
            <h2>{move || format!("Week of {}", human_date(monday.get()))}</h2>
            <p class="muted" role="status">{summary}</p>
            <div class="day-picker" role="group" aria-label="Day to show">
                {move || days().into_iter().map(|(i, d)| view! {
                    <button type="button" class="button day-picker__day"
                        aria-pressed=move || (shown.get() == i).to_string()
                        on:click=move |_| shown.set(i)>
                        {format!("{} {}", short_day(d.weekday()), d.day())}
                    </button>
                }).collect_view()}
            </div>
            <div class="table-wrap week">
                <table class="calendar">
                    <caption class="visually-hidden">"Meetings by day and starting hour"</caption>
                    <thead>
                        <tr>
                            <th scope="col" class="calendar__hour">"Time"</th>
                            {move || days().into_iter().map(|(i, d)| view! {
                                <th scope="col" class="calendar__day" class:is-shown=move || shown.get() == i
                                    class:is-today=move || today.get() == d>
                                    <span class="calendar__weekday">{weekday_name(d.weekday())}</span>
                                    <span class="calendar__date">{human_date(d)}</span>
                                </th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let (hours, chips, _) = week.get();
                            let dates = days();
                            hours.into_iter().map(|h| {
                                let cells = dates.iter().map(|&(i, d)| {
                                    let here: Vec<Chip> = chips.iter().filter(|c| c.date == d && c.hour == h).cloned().collect();
                                    view! {
                                        <td class="calendar__day" class:is-shown=move || shown.get() == i>
                                            {(!here.is_empty()).then(|| view! {
                                                <ul class="calendar__items">
                                                    {here.into_iter().map(|c| view! {
                                                        <li class="cal-item" class:cal-item--family=c.family class:cal-item--cancelled=c.cancelled>
                                                            <A href=c.href><strong>{c.title}</strong></A>
                                                            {c.cancelled.then(|| view! { " " <span class="badge badge--muted">"Cancelled"</span> })}
                                                            <span class="cal-item__detail">{c.detail}</span>
                                                        </li>
                                                    }).collect_view()}
                                                </ul>
                                            })}
                                        </td>
                                    }
                                }).collect_view();
                                view! {
                                    <tr>
                                        <th scope="row" class="calendar__hour">{format!("{h:02}:00")}</th>
                                        {cells}
                                    </tr>
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
