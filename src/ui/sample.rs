//! "Load sample programme": a realistic, entirely fictional IOP to explore the app with.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::{ActionError, App, use_app};
use crate::domain::sample::{SampleParams, generate};
use crate::ui::derived::use_derived;
use chrono::NaiveDate;

/// Generate the demo programme for `today`, its ids starting with `prefix`, and store it;
/// returns what was added, in words. The generator is a wasm part of its own with the `split`
/// feature: most people never load a sample.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn load_demo(app: App, today: NaiveDate, prefix: String) -> Result<String, ActionError> {
    let sample = generate(&SampleParams::demo(), today, &prefix);
    app.load_sample(&sample).await?;
    Ok(format!(
        "Sample programme loaded: {} clients, {} groups, {} staff, {} rooms.",
        sample.clients.len(),
        sample.groups.len(),
        sample.staff.len(),
        sample.rooms.len()
    ))
}

/// Button that adds the fictional sample programme next to whatever exists.
#[component]
pub fn LoadSample() -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let busy = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let load = move |_| {
        busy.set(true);
        spawn_local(async move {
            // A fresh prefix keeps sample ids apart from existing records and earlier samples.
            let prefix = format!("sample-{}-", &app.new_id()[..8]);
            let result = load_demo(app, today.get_untracked(), prefix).await;
            busy.set(false);
            match result {
                Ok(summary) => {
                    problem.set(None);
                    status.set(Some(summary));
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <div class="load-sample">
            <button class="button" disabled=move || busy.get() on:click=load>
                {move || if busy.get() { "Loading…" } else { "Load sample programme" }}
            </button>
            <p class="hint">"Fictional clients, groups, staff and rooms to explore with. No real people."</p>
            <p role="status" aria-live="polite">{move || status.get()}</p>
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </div>
    }
}
