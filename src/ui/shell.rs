//! The persistent frame: skip link, header, navigation, routed main area, status messages.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{A, FlatRoutes, Route, Router};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, path};

use crate::actions::use_app;
use crate::platform::pwa;
use crate::ui::dashboard::Dashboard;
use crate::ui::dom;
use crate::ui::kit::flash::{Flash, provide_flash};
use crate::ui::placeholders::{FailureTest, NotFound};
use crate::ui::routes::*;

/// Whether a newer version of the app is installed and waiting (see [`crate::platform::pwa`]): the
/// shell offers "A new version is ready: reload".
#[derive(Clone, Copy)]
pub struct UpdateReady(pub RwSignal<bool>);

const NAV: [(&str, &str); 8] = [
    ("/", "Dashboard"),
    ("/clients", "Clients"),
    ("/groups", "Groups"),
    ("/curriculum", "Curriculum"),
    ("/schedule", "Schedule"),
    ("/families", "Families"),
    ("/export", "Export"),
    ("/settings", "Settings"),
];

/// Router, header, navigation and pages.
#[component]
pub fn Shell() -> impl IntoView {
    let flash = provide_flash();
    crate::ui::derived::provide_derived(use_app());
    // Runs once, after the first render: the likely next pages' code arrives before a click.
    Effect::new(|_| spawn_local(preload_likely()));
    view! {
        <Router>
            <a class="skip-link" href="#main" on:click=dom::focus_on_click("main")>
                "Skip to main content"
            </a>
            <header class="site-header">
                <a class="brand-link" href="/">
                    <span class="brand-mark" aria-hidden="true">
                        "◐"
                    </span>
                    "IOP Planner"
                </a>
                <nav class="site-nav" aria-label="Main">
                    <ul>
                        {NAV
                            .into_iter()
                            .map(|(href, label)| {
                                view! {
                                    <li>
                                        <A href=href exact=href == "/">
                                            {label}
                                        </A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </header>
            <main id="main" class="site-main" tabindex="-1">
                <RestoreWarning />
                <FlashMessage flash=flash />
                <FlatRoutes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Dashboard />
                    <Route path=path!("/clients") view={Lazy::<ClientsRoute>::new()} />
                    <Route path=path!("/clients/new") view={Lazy::<NewClientRoute>::new()} />
                    <Route path=path!("/clients/:id") view={Lazy::<EditClientRoute>::new()} />
                    <Route path=path!("/groups") view={Lazy::<GroupsRoute>::new()} />
                    <Route path=path!("/groups/new") view={Lazy::<NewGroupRoute>::new()} />
                    <Route path=path!("/groups/board") view={Lazy::<BoardRoute>::new()} />
                    <Route path=path!("/groups/staff") view={Lazy::<StaffRoute>::new()} />
                    <Route path=path!("/groups/rooms") view={Lazy::<RoomsRoute>::new()} />
                    <Route path=path!("/groups/:id") view={Lazy::<GroupRoute>::new()} />
                    <Route path=path!("/groups/:id/coverage") view={Lazy::<CoverageRoute>::new()} />
                    <Route path=path!("/curriculum") view={Lazy::<TopicsRoute>::new()} />
                    <Route path=path!("/curriculum/topics/:id") view={Lazy::<TopicRoute>::new()} />
                    <Route path=path!("/curriculum/plans") view={Lazy::<CurriculaRoute>::new()} />
                    <Route path=path!("/curriculum/plans/:id") view={Lazy::<CurriculumRoute>::new()} />
                    <Route path=path!("/sessions/:id") view={Lazy::<SessionRoute>::new()} />
                    <Route path=path!("/sessions/:id/sheet") view={Lazy::<SheetRoute>::new()} />
                    <Route path=path!("/groups/:id/month/:month") view={Lazy::<MonthSheetRoute>::new()} />
                    <Route path=path!("/sessions/:id/sign-in") view={Lazy::<SignInRoute>::new()} />
                    <Route path=path!("/schedule") view={Lazy::<ScheduleRoute>::new()} />
                    <Route path=path!("/families") view={Lazy::<FamiliesRoute>::new()} />
                    <Route path=path!("/families/:member") view={Lazy::<FamilyScheduleRoute>::new()} />
                    <Route path=path!("/export") view={Lazy::<ExportRoute>::new()} />
                    <Route path=path!("/settings") view={Lazy::<SettingsRoute>::new()} />
                    <Route path=path!("/diagnostics/failure") view=FailureTest />
                </FlatRoutes>
            </main>
            <footer class="site-footer">
                <p>
                    "Your data stays in this browser on this device. Nothing is sent to a server."
                </p>
            </footer>
        </Router>
    }
}

/// The flash message for the current page, in a polite live region.
#[component]
fn FlashMessage(flash: RwSignal<Option<Flash>>) -> impl IntoView {
    let location = use_location();
    // A message belongs to one visit of one page: leaving that page drops it.
    Effect::new(move |_| {
        let path = location.pathname.get();
        if flash.with_untracked(|f| f.as_ref().is_some_and(|f| f.path != path)) {
            flash.set(None);
        }
    });
    let text = move || {
        let path = location.pathname.get();
        flash.with(|f| {
            f.as_ref()
                .filter(|f| f.path == path)
                .map(|f| f.message.clone())
        })
    };
    view! {
        // One polite live region for the page: the flash message and the update offer.
        <div class="flash-region" role="status" aria-live="polite">
            <UpdateBanner />
            {move || {
                text()
                    .map(|message| {
                        view! {
                            <p class="flash">
                                <span>{message}</span>
                                <button
                                    class="button button--quiet"
                                    aria-label="Dismiss message"
                                    on:click=move |_| flash.set(None)
                                >
                                    "×"
                                </button>
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// "A new version is ready": shown once a different version has installed, never switched to
/// without the person's say (a reload mid-edit would lose a half-filled form).
#[component]
fn UpdateBanner() -> impl IntoView {
    let ready = use_context::<UpdateReady>().map(|u| u.0);
    // Inside the page's live region (which is always there), so it is announced when it
    // appears.
    move || {
        ready.is_some_and(|r| r.get()).then(|| {
            view! {
                <div class="notice notice--info update-ready">
                    <p>"A new version of IOP Planner is ready. Reload to use it; everything saved is kept."</p>
                    <button class="button button--primary" on:click=|_| pwa::apply_update()>
                        "Reload"
                    </button>
                </div>
            }
        })
    }
}

/// Says when some stored records could not be read at start-up (they are kept, not deleted).
#[component]
fn RestoreWarning() -> impl IntoView {
    let app = use_app();
    move || {
        let skipped = app.programme.with(|p| p.quarantine.len());
        let background = app
            .background_problem
            .get()
            .map(|p| view! { <div class="notice notice--warning" role="alert"><p>{p}</p></div> });
        let damaged = (skipped > 0).then(|| {
            view! {
                <div class="notice notice--warning" role="alert">
                    <p>
                        {format!(
                            "{skipped} saved record{} could not be read and {} not shown. {} kept in storage unchanged and nothing will be saved over {}. ",
                            if skipped == 1 { "" } else { "s" },
                            if skipped == 1 { "is" } else { "are" },
                            if skipped == 1 { "It is" } else { "They are" },
                            if skipped == 1 { "it" } else { "them" },
                        )}
                        <a href="/settings#damaged">"See the damaged records in Settings"</a>
                    </p>
                </div>
            }
        });
        (background, damaged)
    }
}
