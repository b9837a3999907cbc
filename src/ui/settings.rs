//! Settings: the configurable track list and where the data lives.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::Track;
use crate::storage::{DB_NAME, DB_VERSION};
use crate::ui::platform;

/// Settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    platform::set_title("Settings");
    let app = use_app();
    let tracks = Memo::new(move |_| app.programme.with(|p| p.settings.tracks.clone()));
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Settings"</h1>
            <div class="card">
                <h2 id="tracks-heading">"Tracks"</h2>
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
                <h2>"Where your data lives"</h2>
                <p>
                    {format!(
                        "Everything is stored only in this browser, in its IndexedDB database \"{DB_NAME}\" (layout version {DB_VERSION}). Nothing is sent to a server. Clearing this site's data in the browser deletes it.",
                    )}
                </p>
                <p class="muted">
                    "Still to come here: level-of-care hour ranges, the sample programme, and erasing all data."
                </p>
            </div>
        </section>
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
