//! The Export page (`/export`): files that take data out of this browser: backups (and
//! restoring one, [`backup`]), spreadsheets (CSV) and calendars ([`calendars`]). Family share
//! links are made on a family member's schedule page.

mod backup;
mod calendars;

use chrono::Days;
use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date};
use crate::domain::export::csv;
use crate::platform;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{Checkbox, Input};

/// Which spreadsheet.
#[derive(Clone, Copy, PartialEq)]
enum Sheet {
    Clients,
    Rosters,
    Sessions,
    Attendance,
    Hours,
}

impl Sheet {
    fn file(self) -> &'static str {
        match self {
            Sheet::Clients => "clients",
            Sheet::Rosters => "rosters",
            Sheet::Sessions => "sessions",
            Sheet::Attendance => "attendance",
            Sheet::Hours => "weekly-hours",
        }
    }
}

/// Page: exports.
#[component]
pub fn Export() -> impl IntoView {
    dom::set_title("Export");
    let app = use_app();
    let derived = use_derived();
    let today = derived.today.get_untracked();
    let from = RwSignal::new((today - Days::new(27)).to_string());
    let to = RwSignal::new(today.to_string());
    let on = RwSignal::new(today.to_string());
    let bom = RwSignal::new(true);
    let status = crate::ui::kit::outcome();
    let download = move |sheet: Sheet| {
        let range = match (
            parse_date(&from.get_untracked()),
            parse_date(&to.get_untracked()),
        ) {
            (Some(a), Some(b)) if a <= b => Ok((a, b)),
            (Some(_), Some(_)) => {
                Err("The end of the date range must not be before its start.".to_string())
            }
            _ => Err("Enter the date range as two dates.".to_string()),
        };
        let result = (|| -> Result<String, String> {
            let bom = bom.get_untracked();
            let (text, stamp) = match sheet {
                Sheet::Clients => (
                    app.programme.with_untracked(|p| csv::clients(p, bom)),
                    today,
                ),
                Sheet::Rosters => {
                    let date =
                        parse_date(&on.get_untracked()).ok_or("Enter the date of the rosters.")?;
                    (
                        app.programme.with_untracked(|p| csv::rosters(p, date, bom)),
                        date,
                    )
                }
                Sheet::Sessions => {
                    let (a, b) = range?;
                    (
                        app.programme
                            .with_untracked(|p| csv::sessions(p, a, b, bom)),
                        b,
                    )
                }
                Sheet::Attendance => {
                    let (a, b) = range?;
                    (
                        app.programme
                            .with_untracked(|p| csv::attendance(p, a, b, bom)),
                        b,
                    )
                }
                Sheet::Hours => {
                    let (a, b) = range?;
                    let now = derived.today.get_untracked();
                    (
                        derived.sessions.with_untracked(|idx| {
                            app.programme
                                .with_untracked(|p| csv::weekly_hours_table(p, idx, a, b, now, bom))
                        }),
                        b,
                    )
                }
            };
            let name = format!("iop-planner-{}-{stamp}.csv", sheet.file());
            platform::download_text(&name, &text, "text/csv;charset=utf-8")?;
            Ok(format!("Downloaded {name}."))
        })();
        status.set(Some(result));
    };
    let button = move |sheet: Sheet, label: &'static str| {
        view! { <button type="button" class="button" on:click=move |_| download(sheet)>{label}</button> }
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Export"</h1>
            <p class="lead">"Files leave this browser only when you download them. They hold health information: keep them where only staff can open them, and delete copies you no longer need."</p>
            <backup::BackupCard />
            <backup::RestoreCard />
            <div class="card" role="region" aria-labelledby="csv-heading">
                <h2 id="csv-heading">"Spreadsheets (CSV)"</h2>
                <p class="hint">"For utilisation review, billing and your own reports. Comma-separated, UTF-8. Notes and keep-apart reasons are never included, and text a spreadsheet would run as a formula is made harmless."</p>
                <Checkbox id="csv-bom" label="Mark the files as UTF-8 for Excel (byte-order mark)"
                    checked=bom on_change=move |v| bom.set(v) />
                <h3>"Clients and rosters"</h3>
                <div class="form-actions">
                    {button(Sheet::Clients, "Download clients")}
                </div>
                <div class="filters">
                    <Input id="csv-roster-date" label="Rosters on" input_type="date" value=on on_input=move |v| on.set(v) />
                    {button(Sheet::Rosters, "Download group rosters")}
                </div>
                <h3>"Sessions, attendance and hours"</h3>
                <div class="filters">
                    <Input id="csv-from" label="From" input_type="date" value=from on_input=move |v| from.set(v) />
                    <Input id="csv-to" label="To" input_type="date" value=to on_input=move |v| to.set(v) />
                </div>
                <p class="hint">{move || match (parse_date(&from.get()), parse_date(&to.get())) {
                    (Some(a), Some(b)) => format!("{} to {}; hours cover the whole weeks these dates fall in.", human_date(a), human_date(b)),
                    _ => "Enter two dates.".to_string(),
                }}</p>
                <div class="form-actions">
                    {button(Sheet::Sessions, "Download sessions with topics")}
                    {button(Sheet::Attendance, "Download attendance")}
                    {button(Sheet::Hours, "Download weekly hours per client")}
                </div>
                <crate::ui::kit::OutcomeLine outcome=status />
            </div>
            <calendars::CalendarsCard />
            <div class="card" role="region" aria-labelledby="families-heading">
                <h2 id="families-heading">"For families"</h2>
                <p>"A family member's schedule (Families, then their own schedule) can be printed, and shared as a link they open on their phone: only what their consent allows, encrypted inside the link, in their language. Each link made is listed on the client's page. Their calendar file is above."</p>
            </div>
        </section>
    }
}
