//! The root component: opens storage, loads everything once, and shows a full-page message
//! instead of a blank page when storage cannot be used.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use chrono::NaiveDate;

use crate::actions::{ActionError, App, open};
use crate::storage::{
    ConnectionEvent, DB_NAME, IdbStorage, OnConnectionEvent, Storage, StorageError,
};
use crate::ui::platform;
use crate::ui::shell::Shell;

/// [`App::top_up_sessions`]: session generation is a wasm part of its own with the `split`
/// feature, loaded after the first paint.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn top_up(app: App, today: NaiveDate) -> Result<usize, ActionError> {
    app.top_up_sessions(today).await
}

#[derive(Clone)]
enum Boot {
    Opening,
    Blocked,
    Ready(App),
    Failed(StorageError),
}

/// The whole application, as mounted by `main`.
#[component]
pub fn IopPlanner() -> impl IntoView {
    let boot = RwSignal::new(Boot::Opening);
    let on_event: OnConnectionEvent = Rc::new(move |event| match (event, boot.get_untracked()) {
        (ConnectionEvent::Blocked, Boot::Opening) => boot.set(Boot::Blocked),
        (ConnectionEvent::Blocked, _) => {}
        (ConnectionEvent::VersionChange, Boot::Ready(app)) => app.connection_lost.set(true),
        (ConnectionEvent::VersionChange, _) => boot.set(Boot::Failed(StorageError::Closed)),
    });
    spawn_local(async move {
        let result = match IdbStorage::open(DB_NAME, on_event).await {
            Ok(idb) => open(Storage::Idb(idb)).await,
            Err(error) => Err(error),
        };
        platform::performance_mark("iop-started");
        let ready = result.as_ref().ok().copied();
        boot.set(match result {
            Ok(app) => Boot::Ready(app),
            Err(error) => Boot::Failed(error),
        });
        // After the first paint, so neither delays start-up: the starter library for a new
        // programme, then rolling curricula generated 26 weeks ahead (a failure there only
        // means the group page offers to regenerate).
        if let Some(app) = ready {
            platform::after_paint().await;
            // A new programme gets the starter library now, not before its first screen.
            if let Err(error) = app.seed_starter_library().await {
                app.background_problem.set(Some(format!(
                    "The starter topics and curricula were not added: {error}"
                )));
            }
            if let Err(error) = top_up(app, platform::today()).await {
                app.background_problem.set(Some(format!(
                    "Upcoming sessions of rolling curricula were not added: {error}"
                )));
            }
        }
    });

    move || {
        match boot.get() {
        Boot::Opening => view! {
            <FullPage title="Opening your programme…">
                <p>"Loading the data saved in this browser."</p>
            </FullPage>
        }
        .into_any(),
        Boot::Blocked => view! {
            <FullPage title="Waiting for another tab">
                <p>
                    "IOP Planner is open in another tab with an older version. Close that tab, or reload it, and this page will continue by itself."
                </p>
            </FullPage>
        }
        .into_any(),
        Boot::Ready(app) => view! { <Ready app=app /> }.into_any(),
        Boot::Failed(error) => view! { <StorageFailure error=error /> }.into_any(),
    }
    }
}

/// Provides the loaded [`App`] to everything below and renders the shell.
#[component]
pub fn Ready(
    /// The loaded app state.
    app: App,
) -> impl IntoView {
    provide_context(app);
    Effect::new(move |_| platform::mark_ready());
    view! {
        <Show
            when=move || app.connection_lost.get()
            fallback=|| view! { <Shell /> }
        >
            <ReloadNeeded />
        </Show>
    }
}

/// A calm, centred message that fills the page.
#[component]
pub fn FullPage(
    /// Heading of the message.
    #[prop(into)]
    title: String,
    children: Children,
) -> impl IntoView {
    view! {
        <main class="full-page" id="main">
            <div class="full-page__card" role="status">
                <p class="brand">"IOP Planner"</p>
                <h1>{title}</h1>
                {children()}
            </div>
        </main>
    }
}

/// Shown when the database connection was closed by a newer version in another tab.
#[component]
pub fn ReloadNeeded() -> impl IntoView {
    view! {
        <FullPage title="Reload to continue">
            <p>
                "IOP Planner was updated in another tab, so this tab stopped using the saved data to keep it safe. Everything already saved is kept."
            </p>
            <button class="button button--primary" on:click=|_| platform::reload()>
                "Reload now"
            </button>
        </FullPage>
    }
}

/// Shown when storage cannot be opened at all.
#[component]
fn StorageFailure(error: StorageError) -> impl IntoView {
    if error.needs_reload() {
        return view! { <ReloadNeeded /> }.into_any();
    }
    let detail = error.to_string();
    view! {
        <FullPage title="Your data cannot be saved in this browser">
            <p>
                "IOP Planner keeps everything in this browser's own storage (IndexedDB), and the browser is not allowing it here. Private or incognito windows, strict privacy settings and some managed computers block it."
            </p>
            <p>
                "Nothing has been saved or sent anywhere. Open IOP Planner in a normal window, or allow this site to store data, then reload."
            </p>
            <details>
                <summary>"Technical detail"</summary>
                <p>{detail}</p>
            </details>
            <button class="button" on:click=|_| platform::reload()>
                "Try again"
            </button>
        </FullPage>
    }
    .into_any()
}
