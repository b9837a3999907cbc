//! Share links in Settings: the address links point to, and the programme's signing key (its
//! code, and the `family-keys.json` file that publishes it beside the family page).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::export::share::trust::{self, KeyState};
use crate::platform;

/// Where share links point: the app's public (https) address.
#[component]
pub(super) fn PublicAddress() -> impl IntoView {
    let app = use_app();
    let address = RwSignal::new(
        app.programme
            .with_untracked(|p| p.settings.public_address.clone()),
    );
    let status = crate::ui::kit::outcome();
    let here = platform::here();
    let here_text = here.clone();
    let warning = move || {
        let saved = app.programme.with(|p| p.settings.public_address.clone());
        let effective = if saved.trim().is_empty() {
            here.clone()
        } else {
            saved
        };
        crate::domain::export::share::unreachable_address(&effective)
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            let result = app.set_public_address(&address.get_untracked()).await;
            status.set(Some(
                result
                    .map(|()| "Public address saved.".to_string())
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    view! {
        <form class="form" on:submit=on_submit aria-labelledby="address-heading">
            <h3 id="address-heading">"Share links"</h3>
            <crate::ui::fields::Input id="public-address" label="The app's public address"
                hint="The https address where this app is published (see the README): share links point there, so a family member's phone can open them. Leave it empty to use the address you opened the app at."
                value=address on_input=move |v| address.set(v) />
            <p class="hint">{format!("Opened at: {here_text}")}</p>
            {move || warning().map(|w| view! { <p class="notice notice--warning" role="note">{w}</p> })}
            <div class="form-actions">
                <button type="submit" class="button">"Save public address"</button>
            </div>
            <crate::ui::kit::OutcomeLine outcome=status />
        </form>
    }
}

/// The programme code links are signed with: shown before the first link (which would make it),
/// made on request, and published as a file for the programme's own copy of the app.
#[component]
pub(super) fn ProgrammeCode() -> impl IntoView {
    let app = use_app();
    let state = Memo::new(move |_| app.programme.with(trust::key_state));
    let status = crate::ui::kit::outcome();
    let busy = RwSignal::new(false);
    let make = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = app.make_programme_key().await;
            busy.set(false);
            status.set(Some(
                result
                    .map(|code| {
                        format!("Programme code {code} made. Every link from now on carries it.")
                    })
                    .map_err(|e| e.to_string()),
            ));
        });
    };
    let download = move |_| {
        let file = app.programme.with_untracked(|p| {
            p.settings
                .share_key
                .as_ref()
                .and_then(|k| trust::keys_file(&p.settings.programme_name, k))
        });
        let result = match file {
            Some(text) => platform::download_text(trust::KEYS_FILE, &text, "application/json")
                .map(|()| format!("{} downloaded: place it beside family.html where your copy of the app is published.", trust::KEYS_FILE)),
            None => Err("There is no signing key to publish.".to_string()),
        };
        status.set(Some(result));
    };
    let make_button = move || {
        view! {
            <div class="form-actions">
                <button type="button" class="button" on:click=make disabled=move || busy.get()>
                    "Make the programme code now"
                </button>
            </div>
        }
    };
    view! {
        <section class="form" aria-labelledby="code-heading">
            <h3 id="code-heading">"Programme code"</h3>
            {move || match state.get() {
                KeyState::Ready { code } => view! {
                    <p>"Share links are signed with the programme's key. Its code: "<strong class="share-code">{code}</strong></p>
                    <p class="hint">"Give families this code in person, on the printed sheet or by phone: the page a link opens shows it. Where you publish your own copy of the app, also place the file below beside family.html; the page then checks every link against it, and a link signed with another key says plainly that it may not come from you. Download it again if the code ever changes."</p>
                    <div class="form-actions">
                        <button type="button" class="button" on:click=download>{format!("Download {}", trust::KEYS_FILE)}</button>
                    </div>
                }.into_any(),
                KeyState::None => view! {
                    <p class="hint">"No programme code yet: the first share link makes one, or make it now to print it or publish it before then. It stays the same for every link."</p>
                    {make_button()}
                }.into_any(),
                KeyState::Lost { code } => view! {
                    <p class="notice notice--warning" role="note">{format!("Links made before were signed with programme code {code}, but that key is not stored here (a backup from before the first link was restored). Restore a backup that holds the key to keep the code families know. A new key has a new code: families who confirmed {code} will see a warning until they confirm the new one, and a published {} must be replaced.", trust::KEYS_FILE)}</p>
                    {make_button()}
                }.into_any(),
                KeyState::Damaged => view! {
                    <p class="notice notice--warning" role="note">"The programme's signing key is damaged, so no share link can be made. Restore a backup that holds the key."</p>
                }.into_any(),
            }}
            <crate::ui::kit::OutcomeLine outcome=status />
        </section>
    }
}
