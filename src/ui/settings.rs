//! Settings: damaged records, the configurable track list, weekly-hour ranges per level of care, the sample
//! programme, and where the data lives.

mod damaged;
mod sharing;
mod storage;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::settings::SETTINGS_ID;
use crate::domain::{AgeBand, Kind, LevelOfCare, Track};
use crate::platform;
use crate::ui::dom;
use crate::ui::sample::LoadSample;
use damaged::DamagedRecords;
use sharing::{ProgrammeCode, PublicAddress};
use storage::StorageCard;

/// Settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    dom::set_title("Settings");
    let app = use_app();
    let tracks = Memo::new(move |_| app.programme.with(|p| p.settings.tracks.clone()));
    // Unreadable settings are shown as the defaults, which cannot be saved over them.
    let settings_damaged = Memo::new(move |_| {
        app.programme
            .with(|p| p.quarantined(Kind::Settings, SETTINGS_ID).is_some())
    });
    let defaults_notice = move || {
        settings_damaged.get().then(|| {
            view! {
                <p class="notice notice--warning">
                    "Your saved settings could not be read (see Damaged records above), so these are the defaults, and they cannot be changed until you export or discard the damaged settings."
                </p>
            }
        })
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings"</h1>
            <DamagedRecords />
            <ProgrammeCard />
            <div class="card">
                <h2 id="tracks-heading">"Tracks"</h2>
                {defaults_notice}
                <p class="muted">
                    "Clinical tracks clients belong to. Archived tracks stay on existing clients but are not offered for new ones."
                </p>
                <ul class="track-list" aria-labelledby="tracks-heading">
                    {move || {
                        tracks
                            .get()
                            .into_iter()
                            .map(|t| view! { <TrackRow track=t /> })
                            .collect_view()
                    }}
                </ul>
                <AddTrack />
            </div>
            <div class="card">
                <h2 id="care-hours-heading">"Levels of care: planned hours per week"</h2>
                {defaults_notice}
                <p class="muted">
                    "Roster checks warn when a client's planned group hours fall outside the range of their level of care. Defaults follow ASAM: outpatient under 9 h; intensive outpatient 9 to under 20 h for adults, at least 6 h for adolescents; partial hospitalisation 20 h or more. Leave a box empty for no limit."
                </p>
                <ul class="track-list" aria-labelledby="care-hours-heading">
                    {LevelOfCare::ALL
                        .into_iter()
                        .flat_map(|l| AgeBand::ALL.into_iter().map(move |a| view! { <CareHoursRow level=l age_band=a /> }))
                        .collect_view()}
                </ul>
            </div>
            <div class="card">
                <h2>"Sample programme"</h2>
                <LoadSample />
            </div>
            <StorageCard />
        </section>
    }
}

/// The programme's name and whether family sessions count toward weekly hours.
#[component]
fn ProgrammeCard() -> impl IntoView {
    let app = use_app();
    let (name, counts, zone) = app.programme.with_untracked(|p| {
        (
            p.settings.programme_name.clone(),
            p.settings.family_sessions_count,
            p.settings.time_zone.clone(),
        )
    });
    let name = RwSignal::new(name);
    let counts = RwSignal::new(counts);
    let zone = RwSignal::new(zone);
    let zone_error = RwSignal::new(None::<String>);
    let browser_zone = platform::zone::browser_zone_name();
    let status = crate::ui::kit::outcome();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = zone.get_untracked();
        if !typed.trim().is_empty()
            && let Err(m) = platform::zone::BrowserZone::new(&typed)
        {
            zone_error.set(Some(m));
            return;
        }
        zone_error.set(None);
        spawn_local(async move {
            let result = app
                .set_programme(&name.get_untracked(), counts.get_untracked(), &typed)
                .await;
            status.set(Some(
                result
                    .map(|()| "Programme settings saved.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <div class="card">
            <h2 id="programme-heading">"Programme"</h2>
            <form class="form" on:submit=on_submit aria-labelledby="programme-heading">
                <crate::ui::fields::Input id="programme-name" label="Programme name"
                    hint="Shown on consents as who may disclose, and to families (\"Family session, Riverside IOP\")"
                    value=name on_input=move |v| name.set(v) />
                <crate::ui::fields::Checkbox id="family-hours" label="Family sessions count toward a client's weekly hours"
                    checked=counts on_change=move |v| counts.set(v) />
                <crate::ui::fields::Input id="time-zone" label="Time zone"
                    hint="Its IANA name, such as America/New_York, used in calendar files. Leave it empty to use this browser's."
                    value=zone on_input=move |v| zone.set(v) error=zone_error />
                <p class="hint">{format!("This browser's time zone: {browser_zone}.")}</p>
                <div class="form-actions">
                    <button type="submit" class="button button--primary">"Save programme settings"</button>
                </div>
                <crate::ui::kit::OutcomeLine outcome=status />
            </form>
            <OpeningHours />
            <PublicAddress />
            <ProgrammeCode />
        </div>
    }
}

/// The programme's opening hours: the days and times the slot finder may propose.
#[component]
fn OpeningHours() -> impl IntoView {
    let app = use_app();
    let (days, opens, closes) = app.programme.with_untracked(|p| {
        (
            p.settings.open_days.clone(),
            crate::domain::dates::clock(p.settings.opens),
            crate::domain::dates::clock(p.settings.closes),
        )
    });
    let days = RwSignal::new(days);
    let opens = RwSignal::new(opens);
    let closes = RwSignal::new(closes);
    let status = crate::ui::kit::outcome();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let result = app
                .set_opening_hours(
                    &days.get_untracked(),
                    &opens.get_untracked(),
                    &closes.get_untracked(),
                )
                .await;
            status.set(Some(
                result
                    .map(|()| "Opening hours saved.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <form class="form opening-hours" on:submit=on_submit aria-labelledby="opening-heading">
            <h3 id="opening-heading">"Opening hours"</h3>
            <p class="hint">"The slot finder proposes family sessions only on these days and between these times."</p>
            <fieldset class="day-checks">
                <legend>"Open on"</legend>
                {crate::domain::dates::WEEKDAYS.into_iter().map(|(day, name)| view! {
                    <crate::ui::fields::Checkbox id=format!("open-{}", name.to_lowercase()) label=name
                        checked=Signal::derive(move || days.with(|d| d.contains(&day)))
                        on_change=move |on: bool| days.update(|d| {
                            d.retain(|x| *x != day);
                            if on { d.push(day); }
                        }) />
                }).collect_view()}
            </fieldset>
            <div class="field-row">
                <crate::ui::fields::Input id="opens" label="Opens at" input_type="time" value=opens on_input=move |v| opens.set(v) />
                <crate::ui::fields::Input id="closes" label="Closes at" input_type="time" value=closes on_input=move |v| closes.set(v) />
            </div>
            <div class="form-actions">
                <button type="submit" class="button button--primary">"Save opening hours"</button>
            </div>
            <crate::ui::kit::OutcomeLine outcome=status />
        </form>
    }
}

#[component]
fn TrackRow(track: Track) -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(track.name.clone());
    let problem = RwSignal::new(None::<String>);
    let id = track.id.clone();
    let input_id = format!("track-{}", track.id);
    let error_id = format!("{input_id}-error");
    let save = {
        let id = id.clone();
        move |archived: bool| {
            let id = id.clone();
            spawn_local(async move {
                let result = app.change_track(&id, &name.get_untracked(), archived).await;
                problem.set(result.err().map(|e| e.to_string()));
            });
        }
    };
    let save_name = {
        let save = save.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save(track.archived);
        }
    };
    let archived = track.archived;
    view! {
        <li class="track-row" class:archived=archived>
            <form class="inline-form" on:submit=save_name>
                <label for=input_id.clone() class="visually-hidden">
                    {format!("Name of track {}", track.name)}
                </label>
                <input
                    id=input_id
                    type="text"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-describedby=move || problem.get().map(|_| error_id.clone())
                />
                <button type="submit" class="button">
                    {format!("Rename {}", track.name)}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| save(!archived)>
                    {if archived { format!("Restore {}", track.name) } else { format!("Archive {}", track.name) }}
                </button>
                {archived.then(|| view! { <span class="badge badge--muted">"Archived"</span> })}
            </form>
            {move || {
                problem
                    .get()
                    .map(|p| view! { <p class="field-error" id=format!("track-{}-error", id)>{p}</p> })
            }}
        </li>
    }
}

#[component]
fn AddTrack() -> impl IntoView {
    let app = use_app();
    let name = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match app.add_track(&name.get_untracked()).await {
                Ok(()) => {
                    name.set(String::new());
                    problem.set(None);
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="inline-form" on:submit=on_submit>
            <label for="new-track">"New track"</label>
            <input
                id="new-track"
                type="text"
                prop:value=move || name.get()
                on:input=move |ev| name.set(event_target_value(&ev))
                aria-describedby=move || problem.get().map(|_| "new-track-error")
            />
            <button type="submit" class="button">"Add track"</button>
            {move || problem.get().map(|p| view! { <p class="field-error" id="new-track-error">{p}</p> })}
        </form>
    }
}

fn hours_text(minutes: Option<u32>) -> String {
    minutes
        .map(|m| {
            if m.is_multiple_of(60) {
                (m / 60).to_string()
            } else {
                format!("{:.1}", f64::from(m) / 60.0)
            }
        })
        .unwrap_or_default()
}

/// One level of care and age band: minimum hours and the (exclusive) upper limit.
#[component]
fn CareHoursRow(level: LevelOfCare, age_band: AgeBand) -> impl IntoView {
    let app = use_app();
    let range = app
        .programme
        .with_untracked(|p| p.settings.hours_for(level, age_band));
    let min = RwSignal::new(hours_text(range.min_minutes));
    let below = RwSignal::new(hours_text(range.below_minutes));
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let what = format!("{}, {}", level.label(), age_band.label().to_lowercase());
    let key = format!("{}-{}", level.code(), age_band.code());
    let min_id = format!("hours-min-{key}");
    let below_id = format!("hours-below-{key}");
    let error_id = format!("hours-{key}-error");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let result = app
                .set_care_hours(
                    level,
                    age_band,
                    &min.get_untracked(),
                    &below.get_untracked(),
                )
                .await;
            saved.set(result.is_ok());
            problem.set(result.err().map(|e| e.to_string()));
        });
    };
    view! {
        <li class="track-row">
            <form class="inline-form" on:submit=submit>
                <strong class="care-label">{what.clone()}</strong>
                <label for=min_id.clone()>{format!("{what}: at least (hours)")}</label>
                <input id=min_id type="number" min="0" step="0.5" class="input--short"
                    prop:value=move || min.get() on:input=move |ev| { saved.set(false); min.set(event_target_value(&ev)) }
                    aria-describedby={ let e = error_id.clone(); move || problem.get().map(|_| e.clone()) } />
                <label for=below_id.clone()>{format!("{what}: under (hours)")}</label>
                <input id=below_id type="number" min="0" step="0.5" class="input--short"
                    prop:value=move || below.get() on:input=move |ev| { saved.set(false); below.set(event_target_value(&ev)) }
                    aria-describedby={ let e = error_id.clone(); move || problem.get().map(|_| e.clone()) } />
                <button type="submit" class="button">{format!("Save {what}")}</button>
                <span role="status">{move || saved.get().then_some("Saved")}</span>
            </form>
            {move || problem.get().map(|p| view! { <p class="field-error" id=error_id.clone()>{p}</p> })}
        </li>
    }
}
