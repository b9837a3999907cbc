//! The dashboard: the programme at a glance.

use chrono::Days;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::actions::use_app;
use crate::domain::dates::human_date;
use crate::ui::platform;

/// Counts and upcoming discharges; roster warnings will join here.
#[component]
pub fn Dashboard() -> impl IntoView {
    platform::set_title("Dashboard");
    let app = use_app();
    let today = platform::today();
    let soon = today.checked_add_days(Days::new(14)).unwrap_or(today);
    let stats = Memo::new(move |_| {
        app.programme.with(|p| {
            let active: Vec<_> = p.active_clients().collect();
            let upcoming_admissions = active.iter().filter(|c| c.admission_date > today).count();
            let mut discharges: Vec<(String, String, String)> = active
                .iter()
                .filter_map(|c| {
                    c.expected_discharge
                        .filter(|d| *d >= today && *d <= soon)
                        .map(|d| (d.to_string(), human_date(d), c.display_name().to_string()))
                })
                .collect();
            discharges.sort();
            (active.len(), upcoming_admissions, discharges)
        })
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Dashboard"</h1>
            {move || {
                let (active, admissions, discharges) = stats.get();
                if app.programme.with(|p| p.clients.is_empty()) {
                    return view! {
                        <div class="empty">
                            <h2>"Welcome to IOP Planner"</h2>
                            <p>
                                "Start by adding the clients in your programme. Groups, curricula and family sessions build on them."
                            </p>
                            <A href="/clients/new" attr:class="button button--primary">
                                "Add your first client"
                            </A>
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
                    <div class="card">
                        <h2>"Roster warnings"</h2>
                        <p class="muted">
                            "Capacity, keep-apart, double-booking and weekly-hours warnings will be listed here once groups are set up."
                        </p>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
