//! The root component: opens storage, loads everything once, and shows a full-page message
//! instead of a blank page when storage cannot be used.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use chrono::NaiveDate;

use crate::actions::preferences;
use crate::actions::{ActionError, App, open};
use crate::platform;
use crate::platform::pwa;
use crate::storage::{
    ConnectionEvent, DB_NAME, IdbStorage, OnConnectionEvent, Storage, StorageError,
};
use crate::ui::dom;
use crate::ui::shell::{Shell, UpdateReady};

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
    /// Storage holds nothing, but a programme existed in this browser (since the date).
    Wiped(App, NaiveDate),
    Failed(StorageError),
}

/// After the first paint of a ready programme, so neither delays start-up: the starter library
/// for a new programme, then rolling curricula generated 26 weeks ahead (a failure there only
/// means the group page offers to regenerate).
async fn after_start(app: App) {
    dom::after_paint().await;
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
    let update_ready = RwSignal::new(false);
    provide_context(UpdateReady(update_ready));
    spawn_local(async move {
        // A newer version waiting in the service worker takes over before the database opens,
        // so an older copy never meets a database the newer one has upgraded.
        if pwa::update_before_start().await {
            return;
        }
        let result = match IdbStorage::open(DB_NAME, on_event).await {
            Ok(idb) => open(Storage::Idb(idb)).await,
            Err(error) => Err(error),
        };
        dom::performance_mark("iop-started");
        let wiped = preferences::programme_marker().filter(|_| {
            result
                .as_ref()
                .is_ok_and(|app| app.programme.with_untracked(|p| p.holds_nothing()))
        });
        let ready = result.as_ref().ok().copied();
        boot.set(match (result, wiped) {
            // Never a fresh, empty programme in place of one that was here: say so first.
            (Ok(app), Some(since)) => Boot::Wiped(app, since),
            (Ok(app), None) => Boot::Ready(app),
            (Err(error), _) => Boot::Failed(error),
        });
        if let (Some(app), None) = (ready, wiped) {
            after_start(app).await;
        }
        // Offline use and updates: registered once the first screen is up.
        dom::after_paint().await;
        pwa::watch_for_updates(move || update_ready.set(true));
    });

    move || {
        match boot.get() {
        Boot::Opening => view! {
            <FullPage title="Opening your programme…" live=true>
                <p>"Loading the data saved in this browser."</p>
            </FullPage>
        }
        .into_any(),
        Boot::Blocked => view! {
            <FullPage title="Waiting for another tab" live=true>
                <p>
                    "IOP Planner is open in another tab with an older version. Close that tab, or reload it, and this page will continue by itself."
                </p>
            </FullPage>
        }
        .into_any(),
        Boot::Ready(app) => view! { <Ready app=app /> }.into_any(),
        Boot::Wiped(app, since) => view! { <DataGone app=app since=since boot=boot /> }.into_any(),
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
    Effect::new(move |_| dom::mark_ready());
    // After the first real record (a client, group, staff member or room): remember that a
    // programme exists here, and ask the browser once to keep the data.
    let has_records = Memo::new(move |_| app.programme.with(|p| !p.is_empty()));
    Effect::new(move |_| {
        if has_records.get() {
            preferences::set_programme_marker(platform::today());
            if !preferences::persist_asked() {
                preferences::set_persist_asked();
                spawn_local(async {
                    pwa::request_persistence().await;
                });
            }
        }
    });
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
    /// A passing state (opening, waiting) announced politely; other messages are pages.
    #[prop(optional)]
    live: bool,
    children: Children,
) -> impl IntoView {
    view! {
        <main class="full-page" id="main">
            <div class="full-page__card" role=live.then_some("status")>
                <p class="brand">"IOP Planner"</p>
                <h1>{title}</h1>
                {children()}
            </div>
        </main>
    }
}

/// Shown at start when storage holds nothing but a programme was here before: the browser
/// cleared it. Nothing is created until the person chooses.
#[component]
fn DataGone(app: App, since: NaiveDate, boot: RwSignal<Boot>) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let restore = move |_| {
        // The Export page holds "Restore from a backup"; the router starts there.
        dom::replace_address("/export");
        boot.set(Boot::Ready(app));
        dom::focus_after_render("main".into());
    };
    let start_new = move |_| {
        preferences::clear_programme_marker();
        boot.set(Boot::Ready(app));
        dom::focus_after_render("main".into());
        spawn_local(after_start(app));
    };
    view! {
        <FullPage title="The data saved in this browser is gone">
            <p>
                {format!(
                    "A programme was kept in this browser (since {}), but its database is no longer there. This happens when the browser frees space on a nearly full device, or when the database was deleted on its own (for example from the browser's developer tools).",
                    crate::domain::dates::human_date(since),
                )}
            </p>
            <p>
                "Nothing new has been created. Restore your latest backup to carry on: backup files are named iop-planner-backup-… and are usually in your Downloads folder."
            </p>
            <div class="form-actions">
                <button class="button button--primary" on:click=restore>
                    "Restore a backup"
                </button>
                <button
                    class="button"
                    aria-expanded=move || confirming.get().to_string()
                    on:click=move |_| confirming.set(true)
                >
                    "Start a new, empty programme"
                </button>
            </div>
            <Show when=move || confirming.get()>
                <div class="notice notice--warning" role="alert">
                    <p>
                        "A new programme starts with only the starter topics and curricula. If you have a backup, you can still restore it later from the Export page (choose Replace)."
                    </p>
                    <button class="button" on:click=start_new>
                        "Yes, start a new programme"
                    </button>
                </div>
            </Show>
        </FullPage>
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
            <button class="button button--primary" on:click=|_| dom::reload()>
                "Reload now"
            </button>
        </FullPage>
    }
}

/// Shown when the saved data is newer than this copy of the app (an older copy kept by the
/// service worker, opened while the newer one could not be fetched): reloading alone would
/// show this again, so it says what will help.
#[component]
fn OlderThanData() -> impl IntoView {
    view! {
        <FullPage title="IOP Planner needs its newer version">
            <p>
                "The data in this browser was saved by a newer version of IOP Planner than the one that opened now, so this copy leaves it untouched. Everything saved is kept."
            </p>
            <p>
                "Connect to the network (or close other IOP Planner tabs) and reload: the newer version is fetched and opens your programme."
            </p>
            <button class="button button--primary" on:click=|_| dom::reload()>
                "Reload"
            </button>
        </FullPage>
    }
}

/// Shown when storage cannot be opened at all.
#[component]
fn StorageFailure(error: StorageError) -> impl IntoView {
    if error == StorageError::VersionTooNew {
        return view! { <OlderThanData /> }.into_any();
    }
    if error.needs_reload() {
        return view! { <ReloadNeeded /> }.into_any();
    }
    let (title, what, then) = match error {
        StorageError::UpgradeFailed(_) => (
            "IOP Planner could not update your saved data",
            "This version stores records in a newer layout, and bringing the data saved in this browser to it failed. The browser undid the attempt, so your data is exactly as the previous version left it: nothing was lost or changed.",
            "Try again. If it fails again, keep this browser's data as it is (do not clear site data), and ask whoever looks after IOP Planner for your programme, with the technical detail below.",
        ),
        _ => (
            "Your data cannot be saved in this browser",
            "IOP Planner keeps everything in this browser's own storage (IndexedDB), and the browser is not allowing it here. Private or incognito windows, strict privacy settings and some managed computers block it.",
            "Nothing has been saved or sent anywhere. Open IOP Planner in a normal window, or allow this site to store data, then reload.",
        ),
    };
    let detail = error.to_string();
    view! {
        <FullPage title=title>
            <p>{what}</p>
            <p>{then}</p>
            <details>
                <summary>"Technical detail"</summary>
                <p>{detail}</p>
            </details>
            <button class="button" on:click=|_| dom::reload()>
                "Try again"
            </button>
        </FullPage>
    }
    .into_any()
}
