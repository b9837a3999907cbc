//! The 12-week group size forecast as small SVG charts with capacity lines, each with a
//! plain-words summary and its numbers in a table for screen readers and print.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::dates::human_date;
use crate::domain::roster::forecast::{GroupForecast, forecast};
use crate::ui::derived::use_derived;
use crate::ui::dom;

/// Weeks shown in the forecast.
pub const FORECAST_WEEKS: usize = 12;

const W: f64 = 320.0;
const H: f64 = 140.0;
const PAD_L: f64 = 28.0;
const PAD_R: f64 = 8.0;
const PAD_T: f64 = 10.0;
const PAD_B: f64 = 22.0;

/// Forecast charts for every active group.
#[component]
pub fn ForecastCharts() -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let all = Memo::new(move |_| {
        let today = today.get();
        app.programme.with(|p| forecast(p, today, FORECAST_WEEKS))
    });
    view! {
        <section class="forecast" aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">"Group size forecast, next 12 weeks"</h2>
            <p class="muted">
                "Projected members per week from planned joins, leave dates and expected discharges. The red line is the maximum size, the dashed line the minimum."
            </p>
            {move || {
                let list = all.get();
                if list.is_empty() {
                    return view! { <p class="muted">"No active groups to forecast."</p> }.into_any();
                }
                view! {
                    <div class="forecast-grid">
                        {list.into_iter().map(|f| view! { <ForecastChart forecast=f /> }).collect_view()}
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

fn summary(f: &GroupForecast) -> String {
    let now = f.weeks.first().map(|w| w.headcount).unwrap_or(0);
    let over = f.over_capacity_weeks();
    let mut text = format!(
        "{}: {now} now, peak {} (maximum {}, minimum {}).",
        f.name,
        f.peak(),
        f.capacity_max,
        f.capacity_min
    );
    if let Some(first) = over.first() {
        text.push_str(&format!(
            " Over capacity in {} week{}, first the week of {}.",
            over.len(),
            if over.len() == 1 { "" } else { "s" },
            human_date(*first)
        ));
    }
    text
}

/// One group's chart.
#[component]
fn ForecastChart(forecast: GroupForecast) -> impl IntoView {
    let label = summary(&forecast);
    let top = forecast.peak().max(forecast.capacity_max).max(1) + 1;
    let n = forecast.weeks.len().max(2);
    let x = move |i: usize| PAD_L + (W - PAD_L - PAD_R) * i as f64 / (n - 1) as f64;
    let y = move |v: u32| PAD_T + (H - PAD_T - PAD_B) * (1.0 - f64::from(v) / f64::from(top));
    let points: String = forecast
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| format!("{:.1},{:.1}", x(i), y(w.headcount)))
        .collect::<Vec<_>>()
        .join(" ");
    let max_y = y(forecast.capacity_max);
    let min_y = y(forecast.capacity_min);
    let over = forecast.capacity_max;
    let dots = forecast
        .weeks
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let over = w.headcount > over;
            view! {
                <circle
                    cx=format!("{:.1}", x(i))
                    cy=format!("{:.1}", y(w.headcount))
                    r=if over { "4" } else { "2.5" }
                    class=if over { "chart-dot chart-dot--over" } else { "chart-dot" }
                />
            }
        })
        .collect_view();
    let first = forecast
        .weeks
        .first()
        .map(|w| human_date(w.week_start))
        .unwrap_or_default();
    let last = forecast
        .weeks
        .last()
        .map(|w| human_date(w.week_start))
        .unwrap_or_default();
    // The numbers are built when they are first shown: fifty folded tables were two thirds of
    // the Groups page, and cost time to open and to leave it.
    let weeks = StoredValue::new(forecast.weeks.clone());
    let numbers_open = RwSignal::new(false);
    let rows = move || {
        numbers_open.get().then(|| {
            weeks.with_value(|weeks| {
                weeks
                    .iter()
                    .map(|w| {
                        view! {
                            <tr>
                                <th scope="row">{human_date(w.week_start)}</th>
                                <td>{w.headcount}</td>
                                <td>{w.joining}</td>
                                <td>{w.leaving}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <figure class="chart">
            <figcaption>
                <strong>{forecast.name.clone()}</strong>
            </figcaption>
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-label=label.clone() class="chart-svg">
                <line x1=PAD_L y1=PAD_T x2=PAD_L y2=H - PAD_B class="chart-axis" />
                <line x1=PAD_L y1=H - PAD_B x2=W - PAD_R y2=H - PAD_B class="chart-axis" />
                <text x=PAD_L - 4.0 y=max_y + 4.0 class="chart-label" text-anchor="end">{forecast.capacity_max}</text>
                <text x=PAD_L - 4.0 y=H - PAD_B + 4.0 class="chart-label" text-anchor="end">"0"</text>
                <line x1=PAD_L y1=max_y x2=W - PAD_R y2=max_y class="chart-max" />
                <line x1=PAD_L y1=min_y x2=W - PAD_R y2=min_y class="chart-min" />
                <polyline points=points class="chart-line" />
                {dots}
                <text x=PAD_L y=H - 6.0 class="chart-label">{first}</text>
                <text x=W - PAD_R y=H - 6.0 class="chart-label" text-anchor="end">{last}</text>
            </svg>
            <p class="chart-summary">{label}</p>
            <details on:toggle=move |ev| {
                if dom::details_open(&ev) {
                    numbers_open.set(true);
                }
            }>
                <summary>"Numbers"</summary>
                <table class="data-table data-table--compact">
                    <caption class="visually-hidden">{format!("Forecast for {}", forecast.name)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Week of"</th>
                            <th scope="col">"Members"</th>
                            <th scope="col">"Joining"</th>
                            <th scope="col">"Leaving"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
