//! Topic coverage: the group grid (clients x core topics) and the client's own list with their
//! completion date and attended hours per week.

use chrono::Days;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::coverage::{self, TopicState};
use crate::domain::dates::{day_month, human_date, week_start};
use crate::domain::people::care::hours_words;
use crate::domain::sorting;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::groups::RosterNav;
use crate::ui::kit::ClientNames;

fn state_class(s: &TopicState) -> &'static str {
    match s {
        TopicState::Received { .. } => "cov cov--received",
        TopicState::Planned { .. } => "cov cov--planned",
        TopicState::Missed { .. } => "cov cov--missed",
        TopicState::Unreachable { .. } => "cov cov--unreachable",
    }
}

fn short_date(d: chrono::NaiveDate) -> String {
    day_month(d)
}

/// Short text for a grid cell (the colour is never the only signal).
fn cell_text(s: &TopicState) -> String {
    match s {
        TopicState::Received { date } => format!("✓ {}", short_date(*date)),
        TopicState::Planned { date, .. } => format!("Planned {}", short_date(*date)),
        TopicState::Missed { next, .. } => match next {
            Some((d, _)) => format!("Missed, next {}", short_date(*d)),
            None => "Missed".into(),
        },
        TopicState::Unreachable { .. } => "Not reachable".into(),
    }
}

/// Client id, name, and per topic (class, short text, full words).
type GridRow = (String, String, Vec<(String, String, String)>);

/// Colour key for the grid.
#[component]
fn Legend() -> impl IntoView {
    view! {
        <ul class="legend" aria-label="Key">
            <li><span class="cov cov--received">"✓"</span>" Received"</li>
            <li><span class="cov cov--planned">"Planned"</span>" Coming up in their groups"</li>
            <li><span class="cov cov--missed">"Missed"</span>" Not received; recurs before discharge"</li>
            <li><span class="cov cov--unreachable">"Not reachable"</span>" Does not recur before discharge"</li>
        </ul>
    }
}

/// Page: the coverage grid of one group (`/groups/:id/coverage`).
#[component]
pub fn GroupCoverage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let derived = use_derived();
    let clock = derived.today;
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let name = app.programme.with_untracked(|p| p.group_name(&id));
    dom::set_title(&format!("Coverage: {name}"));
    let gid = StoredValue::new(id.clone());
    let grid = Memo::new(move |_| {
        let today = clock.get();
        derived.with_index(|p, idx| {
            let grid = coverage::group_grid(p, idx, &gid.get_value(), today);
            let names = ClientNames::of(p);
            let titles: Vec<String> = grid.topics.iter().map(|t| p.topic_title(t)).collect();
            let rows: Vec<GridRow> = grid
                .rows
                .iter()
                .map(|(c, states)| {
                    let name = if p.clients.contains_key(c) {
                        names.get(p, c)
                    } else {
                        String::new()
                    };
                    let cells = states
                        .iter()
                        .map(|s| (state_class(s).to_string(), cell_text(s), s.words(p)))
                        .collect();
                    (c.0.clone(), name, cells)
                })
                .collect();
            (titles, rows)
        })
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <RosterNav />
            <p class="breadcrumb"><A href=format!("/groups/{id}")>{format!("← {name}")}</A></p>
            <h1 id="page-title">{format!("Topic coverage: {name}")}</h1>
            <p class="lead">{format!("Core topics of the group's curriculum for its current and upcoming members, as of {}.", human_date(clock.get()))}</p>
            <Legend />
            {move || {
                let (titles, rows) = grid.get();
                if titles.is_empty() {
                    return view! { <p class="empty">"This group has no curriculum with core topics. Assign one on the group's page."</p> }.into_any();
                }
                if rows.is_empty() {
                    return view! { <p class="empty">"Nobody is on this group's roster now or later."</p> }.into_any();
                }
                view! {
                    <div class="table-wrap coverage-wrap">
                        <table class="data-table coverage-grid">
                            <caption class="visually-hidden">"Core topics by client"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Client"</th>
                                    {titles.into_iter().map(|t| view! { <th scope="col" class="coverage-topic">{t}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {rows
                                    .into_iter()
                                    .map(|(cid, name, cells)| view! {
                                        <tr>
                                            <th scope="row"><A href=format!("/clients/{cid}")>{name}</A></th>
                                            {cells
                                                .into_iter()
                                                .map(|(class, text, words)| view! {
                                                    <td><span class=class title=words.clone()>{text}</span><span class="visually-hidden">{format!(": {words}")}</span></td>
                                                })
                                                .collect_view()}
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The client page's coverage list and attended hours per week.
#[component]
pub fn ClientCoverage(
    /// Client id.
    client: ClientId,
) -> impl IntoView {
    let derived = use_derived();
    let clock = derived.today;
    let client = StoredValue::new(client);
    let data = Memo::new(move |_| {
        let today = clock.get();
        derived.with_index(|p, idx| {
            let cov = coverage::client_coverage(p, idx, &client.get_value(), today);
            let items: Vec<(String, String, String, String)> = cov
                .topics
                .iter()
                .map(|t| {
                    (
                        p.topic_title(&t.topic),
                        state_class(&t.state).to_string(),
                        t.state.label().to_string(),
                        t.state.words(p),
                    )
                })
                .collect();
            let monday = week_start(today);
            let from = monday - Days::new(7 * 7);
            let to = monday + Days::new(13);
            let weeks = coverage::weekly_hours(p, idx, &client.get_value(), from, to, today);
            let mut entry: Vec<String> = p
                .memberships_of(&client.get_value())
                .filter(|m| m.leave.is_none_or(|l| l > today))
                .filter_map(|m| coverage::entry_warning(p, idx, m))
                .collect();
            sorting::sort(&mut entry);
            (items, cov.completion, cov.received_count(), weeks, entry)
        })
    });
    view! {
        <section class="card" aria-labelledby="coverage-heading">
            <h2 id="coverage-heading">"Core topics"</h2>
            {move || {
                let (items, completion, received, _, _) = data.get();
                if items.is_empty() {
                    return view! { <p class="muted">"None of this client's groups has a curriculum with core topics."</p> }.into_any();
                }
                let total = items.len();
                view! {
                    <p>
                        {format!("{received} of {total} core topics received. ")}
                        {match completion {
                            Some(d) => format!("All core topics completed by {}.", human_date(d)),
                            None => "Some core topics cannot be completed before discharge.".to_string(),
                        }}
                    </p>
                    <ul class="coverage-list">
                        {items
                            .into_iter()
                            .map(|(title, class, label, words)| view! {
                                <li>
                                    <span class=class>{label}</span>
                                    " "
                                    <strong>{title}</strong>
                                    <span class="muted">{format!(" · {words}")}</span>
                                </li>
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {move || {
                let (_, _, _, _, entry) = data.get();
                (!entry.is_empty()).then(|| view! {
                    <div class="notice notice--warning">
                        <p>"Entry rule:"</p>
                        <ul>{entry.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <h3>"Hours attended per week"</h3>
            {move || {
                let (_, _, _, weeks, _) = data.get();
                if weeks.is_empty() {
                    return view! { <p class="muted">"No sessions in the last eight weeks or the next two."</p> }.into_any();
                }
                view! {
                    <table class="data-table data-table--compact">
                        <caption class="visually-hidden">"Attended and scheduled hours by week"</caption>
                        <thead><tr><th scope="col">"Week of"</th><th scope="col">"Attended"</th><th scope="col">"Scheduled"</th><th scope="col">"Check"</th></tr></thead>
                        <tbody>
                            {weeks
                                .into_iter()
                                .map(|w| view! {
                                    <tr>
                                        <td>{human_date(w.week)}</td>
                                        <td>{hours_words(w.attended_minutes)}</td>
                                        <td>{hours_words(w.scheduled_minutes)}</td>
                                        <td>{w.warning.unwrap_or_default()}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </section>
    }
}
