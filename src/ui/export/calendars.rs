//! Calendars (iCalendar files) on the Export page: a group's sessions, a clinician's meetings,
//! a family member's schedule.

use chrono::Days;
use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date};
use crate::domain::export::ics::{self, Options};
use crate::domain::sorting;
use crate::platform::{self, zone::BrowserZone};
use crate::ui::derived::use_derived;
use crate::ui::fields::{Checkbox, Input, Select};

/// The "Calendars" card.
#[component]
pub fn CalendarsCard() -> impl IntoView {
    let app = use_app();
    let today = use_derived().today.get_untracked();
    let what = RwSignal::new("group".to_string());
    let who = RwSignal::new(String::new());
    let from = RwSignal::new(today.to_string());
    let to = RwSignal::new((today + Days::new(7 * 12)).to_string());
    let alarm = RwSignal::new(false);
    let status = crate::ui::kit::outcome();
    let zone_name = app
        .programme
        .with_untracked(|p| p.settings.time_zone.clone());
    let zone_label = if zone_name.trim().is_empty() {
        format!(
            "{} (this browser's time zone)",
            platform::zone::browser_zone_name()
        )
    } else {
        zone_name
    };
    let choices = Signal::derive(move || {
        let kind = what.get();
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = match kind.as_str() {
                "group" => p
                    .groups
                    .values()
                    .filter(|g| !g.archived)
                    .map(|g| (g.id.clone(), g.name.clone()))
                    .collect(),
                "clinician" => p
                    .staff
                    .values()
                    .filter(|s| !s.archived)
                    .map(|s| (s.id.clone(), s.name.clone()))
                    .collect(),
                _ => p
                    .family_members
                    .values()
                    .filter(|m| !m.archived)
                    .map(|m| (m.id.clone(), m.name.clone()))
                    .collect(),
            };
            sorting::sort_by_cached_key(&mut list, |x| x.1.to_lowercase());
            list.insert(0, (String::new(), "Choose…".into()));
            list
        })
    });
    let download = move |_| {
        let result = (|| -> Result<String, String> {
            let (Some(a), Some(b)) = (
                parse_date(&from.get_untracked()),
                parse_date(&to.get_untracked()),
            ) else {
                return Err("Enter the date range as two dates.".into());
            };
            if b < a {
                return Err("The end of the date range must not be before its start.".into());
            }
            if (b - a).num_days() > 731 {
                return Err("Choose a range of at most two years.".into());
            }
            let id = who.get_untracked();
            if id.is_empty() {
                return Err("Choose whose calendar to download.".into());
            }
            let zone = BrowserZone::new(
                &app.programme
                    .with_untracked(|p| p.settings.time_zone.clone()),
            )?;
            let kind = what.get_untracked();
            let reminder = app.programme.with_untracked(|p| match kind.as_str() {
                "family" => p.family_members.get(&id).map_or("Reminder", |m| {
                    crate::domain::i18n::for_language(&m.language).reminder
                }),
                _ => "Reminder",
            });
            let (events, title, file) = app.programme.with_untracked(|p| match kind.as_str() {
                "group" => {
                    let g = p.groups.get(&id).ok_or("That group no longer exists.")?;
                    Ok::<_, String>((
                        ics::group_events(p, g, a, b),
                        g.name.clone(),
                        g.name.clone(),
                    ))
                }
                "clinician" => {
                    let s = p.staff.get(&id).ok_or("That clinician no longer exists.")?;
                    Ok((
                        ics::clinician_events(p, &id, a, b),
                        s.name.clone(),
                        s.name.clone(),
                    ))
                }
                _ => {
                    if !p.family_members.contains_key(&id) {
                        return Err("That family member no longer exists.".into());
                    }
                    let programme = if p.settings.programme_name.trim().is_empty() {
                        "Family schedule".to_string()
                    } else {
                        p.settings.programme_name.clone()
                    };
                    // Neutral name and file name: a phone shows them.
                    Ok((
                        ics::family_member_events(p, &id, a, b),
                        programme,
                        "family schedule".into(),
                    ))
                }
            })?;
            let options = Options {
                name: title,
                alarm_minutes: alarm.get_untracked().then_some(30),
                reminder: reminder.to_string(),
            };
            let text = ics::write(&events, &zone, platform::now_utc_time(), &options);
            let name = ics::file_name(&file, a);
            platform::download_text(&name, &text, "text/calendar;charset=utf-8")?;
            Ok(if events.is_empty() {
                format!("Downloaded {name}; nothing is scheduled in that range.")
            } else {
                format!("Downloaded {name} with {} events.", events.len())
            })
        })();
        status.set(Some(result));
    };
    view! {
        <div class="card" role="region" aria-labelledby="ics-heading">
            <h2 id="ics-heading">"Calendars (iCalendar)"</h2>
            <p class="hint">"A file to import into Outlook, Google Calendar or a phone's calendar: a snapshot, so download it again after changes (events keep their identity and update in place). A group's or a clinician's calendar keeps series as series, with cancelled and moved dates. A family member's calendar holds only what their consent allows, under neutral titles such as \"Family session\", so a lock screen reveals nothing."</p>
            <p class="muted">{format!("Times are in {zone_label}.")}</p>
            <div class="filters">
                <Select id="ics-what" label="Calendar of"
                    options=Signal::derive(|| vec![
                        ("group".to_string(), "a group's sessions".to_string()),
                        ("clinician".to_string(), "a clinician's groups and family sessions".to_string()),
                        ("family".to_string(), "a family member's schedule".to_string()),
                    ])
                    value=what on_change=move |v| { what.set(v); who.set(String::new()); } />
                <Select id="ics-who" label="Whose" options=choices value=who on_change=move |v| who.set(v) />
            </div>
            <div class="filters">
                <Input id="ics-from" label="Calendar from" input_type="date" value=from on_input=move |v| from.set(v) />
                <Input id="ics-to" label="Calendar to" input_type="date" value=to on_input=move |v| to.set(v) />
            </div>
            <p class="hint">{move || match (parse_date(&from.get()), parse_date(&to.get())) {
                (Some(a), Some(b)) => format!("{} to {}.", human_date(a), human_date(b)),
                _ => "Enter two dates.".to_string(),
            }}</p>
            <Checkbox id="ics-alarm" label="Add a reminder 30 minutes before each event"
                checked=alarm on_change=move |v| alarm.set(v) />
            <div class="form-actions">
                <button type="button" class="button" on:click=download>"Download calendar"</button>
            </div>
            <crate::ui::kit::OutcomeLine outcome=status />
        </div>
    }
}
