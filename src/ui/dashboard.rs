//! The dashboard: the programme at a glance.

use chrono::Days;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date};
use crate::domain::sorting;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::Input;
use crate::ui::kit::ClientNames;
use crate::ui::kit::Warnings;
use crate::ui::sample::LoadSample;
use crate::ui::sessions::SessionRow;

/// Counts, upcoming discharges and the programme-wide roster warnings for any date.
#[component]
pub fn Dashboard() -> impl IntoView {
    use crate::actions::preferences;
    use crate::domain::export::backup::{backup_due, last_backup_text};
    dom::set_title("Dashboard");
    let app = use_app();
    let derived = use_derived();
    let stats = Memo::new(move |_| {
        let today = derived.today.get();
        let soon = today.checked_add_days(Days::new(14)).unwrap_or(today);
        app.programme.with(|p| {
            let active: Vec<_> = p.active_clients().collect();
            let names = ClientNames::of(p);
            let upcoming_admissions = active.iter().filter(|c| c.admission_date > today).count();
            let mut discharges: Vec<(String, String, String)> = active
                .iter()
                .filter_map(|c| {
                    c.expected_discharge
                        .filter(|d| *d >= today && *d <= soon)
                        .map(|d| (d.to_string(), human_date(d), names.get(p, &c.id)))
                })
                .collect();
            sorting::sort(&mut discharges);
            (active.len(), upcoming_admissions, discharges)
        })
    });
    let check_date = RwSignal::new(derived.today.get_untracked().to_string());
    let warnings = Signal::derive(move || {
        let day = parse_date(&check_date.get()).unwrap_or_else(|| derived.today.get());
        app.programme.with(|p| derived.violations_on(p, day))
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Dashboard"</h1>
            {move || {
                let (active, admissions, discharges) = stats.get();
                if app.programme.with(|p| p.is_empty()) {
                    return view! {
                        <div class="empty">
                            <h2>"Welcome to IOP Planner"</h2>
                            <p>
                                "Start by adding the clients in your programme. Groups, curricula and family sessions build on them."
                            </p>
                            <A href="/clients/new" attr:class="button button--primary">
                                "Add your first client"
                            </A>
                            <p>"Or explore first with a fictional programme:"</p>
                            <LoadSample />
                            <p>
                                "Coming from another browser, or was this browser's site data cleared? "
                                <A href="/export#restore">"Restore a backup"</A>
                                " to bring your programme back."
                            </p>
                        </div>
                    }
                        .into_any();
                }
                view! {
                    <ul class="stats" aria-label="Programme summary">
                        <li class="stat">
                            <span class="stat__value">{active}</span>
                            <span class="stat__label">"active clients"</span>
                        </li>
                        <li class="stat">
                            <span class="stat__value">{admissions}</span>
                            <span class="stat__label">"planned admissions"</span>
                        </li>
                        <li class="stat">
                            <span class="stat__value">{discharges.len()}</span>
                            <span class="stat__label">"expected discharges in the next 14 days"</span>
                        </li>
                    </ul>
                    {move || {
                        let (last, today) = (preferences::last_backup(), derived.today.get());
                        backup_due(last, today, false).then(|| view! {
                            <p class="notice notice--warning">
                                {last_backup_text(last, today)}
                                " A backup is the only copy if this browser's data is lost: "
                                <A href="/export">"download one on the Export page"</A>
                                "."
                            </p>
                        })
                    }}
                    <StorageWarnings />
                    <TodaySessions />
                    <div class="card">
                        <h2>"Expected discharges, next 14 days"</h2>
                        {if discharges.is_empty() {
                            view! { <p class="muted">"None expected."</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {discharges
                                        .into_iter()
                                        .map(|(_, date, name)| view! { <li><strong>{date}</strong>" · "{name}</li> })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }}
                    </div>
                    <Input
                        id="warnings-date"
                        label="Check the roster on"
                        input_type="date"
                        value=check_date
                        on_input=move |v| check_date.set(v)
                    />
                    <Warnings
                        violations=warnings
                        heading="Warnings"
                        all_clear="No roster rule is broken on this date."
                    />
                }
                    .into_any()
            }}
        </section>
    }
}

/// Today's meetings: every group's session (with its topic and attendance so far) and every
/// family session, linking to each.
#[component]
fn TodaySessions() -> impl IntoView {
    use crate::domain::sessions::calendar::{EntryKind, calendar};
    let app = use_app();
    let today = use_derived().today;
    let rows = Memo::new(move |_| {
        let today = today.get();
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            calendar(p, today, today, today)
                .into_iter()
                .map(|e| {
                    let at = crate::domain::dates::clock(e.start);
                    match &e.kind {
                        EntryKind::Group { group, session, .. } => match p.session(session) {
                            Some(s) => {
                                let r = SessionRow::of(p, &s);
                                (
                                    format!("{at} {}", r.group),
                                    format!("/sessions/{}", r.id),
                                    format!(" · {} · {}", r.topic, r.status),
                                )
                            }
                            // Its month could not be read: the group's page says why.
                            None => (
                                format!("{at} {}", p.group_name(group)),
                                format!("/groups/{group}"),
                                String::new(),
                            ),
                        },
                        EntryKind::Family { client, .. } => (
                            format!("{at} Family session: {}", names.get(p, client)),
                            format!("/clients/{}", client.0),
                            String::new(),
                        ),
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    view! {
        <div class="card">
            <h2>"Sessions today"</h2>
            // Only whether there are any rebuilds this part; the list is keyed by row, so an
            // edit redraws only the line it changed.
            {move || {
                if empty.get() {
                    return view! { <p class="muted">"Nothing scheduled today."</p> }.into_any();
                }
                view! {
                    <ul class="plain-list">
                        <For each=move || rows.get() key=|r| r.clone() let:r>
                            <li>
                                <A href=r.1><strong>{r.0}</strong></A>
                                {r.2}
                            </li>
                        </For>
                    </ul>
                }
                    .into_any()
            }}
        </div>
    }
}

/// When this browser will not keep the data beyond the session (a private window) or a week
/// (Safari outside the Home Screen), the Dashboard says so plainly; the rest is in Settings.
#[component]
fn StorageWarnings() -> impl IntoView {
    let warnings = RwSignal::new(Vec::<String>::new());
    leptos::task::spawn_local(async move {
        let facts = crate::platform::pwa::storage_facts().await;
        warnings.set(crate::domain::keeping::advice(&facts).warnings);
    });
    move || {
        warnings
            .get()
            .into_iter()
            .map(|w| {
                view! {
                    <p class="notice notice--warning">
                        {w}
                        " "
                        <A href="/settings">"More in Settings"</A>
                    </p>
                }
            })
            .collect_view()
    }
}
