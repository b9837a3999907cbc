//! "Share this schedule": a consent-bound link a family member opens on their phone, with the
//! disclosure log written before the link is shown.

use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date};
use crate::domain::export::share;
use crate::platform;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::Input;

/// The address links point to: the one in Settings, or where the app is open now.
fn public_address(configured: &str) -> String {
    if !configured.trim().is_empty() {
        return configured.trim().to_string();
    }
    platform::here()
}

/// The share card for `member`, covering `from` to `to`.
#[component]
pub fn ShareSchedule(member: String, #[prop(into)] to: Signal<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let member = StoredValue::new(member);
    let expiry = RwSignal::new(String::new());
    Effect::new(move |_| expiry.set(to.get().to_string()));
    let link = RwSignal::new(None::<String>);
    // What the printed link says, in the family member's language: title, scan hint, validity
    // and notice.
    let sheet = RwSignal::new(None::<[String; 5]>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let make = move |_| {
        error.set(None);
        link.set(None);
        copied.set(false);
        let Some(until) = parse_date(&expiry.get_untracked()) else {
            error.set(Some("Enter the last day the link may be opened.".into()));
            return;
        };
        let (from, to, now) = (
            today.get_untracked(),
            to.get_untracked(),
            today.get_untracked(),
        );
        let built = app.programme.with_untracked(|p| {
            let zone = if p.settings.time_zone.trim().is_empty() {
                platform::zone::browser_zone_name()
            } else {
                p.settings.time_zone.clone()
            };
            share::payload(p, &member.get_value(), from, to, until, now, &zone).map(
                |(payload, bases)| (payload, bases, public_address(&p.settings.public_address)),
            )
        });
        let (payload, bases, base) = match built {
            Ok(b) => b,
            Err(m) => {
                error.set(Some(m));
                return;
            }
        };
        let words = crate::domain::i18n::by_code(&payload.lang);
        let fill = crate::domain::i18n::fill;
        sheet.set(Some([
            fill(words.link_sheet_title, &[("programme", &payload.programme)]),
            payload.member.clone(),
            words.link_sheet_scan.to_string(),
            fill(
                words.shared_until,
                &[
                    ("date", &words.date(payload.made)),
                    ("expiry", &words.date(payload.expires)),
                ],
            ),
            payload.notice.clone(),
        ]));
        busy.set(true);
        spawn_local(async move {
            let result = async {
                let (data, key) = platform::share::seal(&share::to_bytes(&payload)).await?;
                let url = share::link(&base, &data, &key);
                let records =
                    share::disclosures(&payload, &member.get_value(), &bases, platform::new_id);
                app.record_share_link(records)
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>(url)
            }
            .await;
            match result {
                Ok(url) => link.set(Some(url)),
                Err(m) => error.set(Some(m)),
            }
            busy.set(false);
        });
    };
    let warning = move || {
        let configured = app.programme.with(|p| p.settings.public_address.clone());
        share::unreachable_address(&public_address(&configured))
    };
    let copy = move |_| {
        if let Some(url) = link.get_untracked() {
            // navigator.clipboard.writeText, through Reflect (no extra web-sys features).
            use wasm_bindgen::JsCast;
            let navigator = leptos::prelude::window().navigator();
            let written = js_sys::Reflect::get(&navigator, &"clipboard".into())
                .and_then(|c| {
                    let f: js_sys::Function =
                        js_sys::Reflect::get(&c, &"writeText".into())?.dyn_into()?;
                    f.call1(&c, &url.into())
                })
                .is_ok();
            copied.set(written);
        }
    };
    let print_link = move |_| {
        let body = leptos::prelude::document().body();
        if let Some(b) = &body {
            let _ = b.class_list().add_1("print-link");
        }
        dom::print();
        if let Some(b) = &body {
            let _ = b.class_list().remove_1("print-link");
        }
    };
    view! {
        <section class="card no-print share-card" aria-labelledby="share-heading">
            <h2 id="share-heading">"Share this schedule"</h2>
            <p class="hint">"A link the family member opens on their phone: the schedule above, encrypted inside the link itself, so it never passes through any server. It stops opening on its last day, never later than their consent allows. Each link made is recorded on the client's page (disclosure log)."</p>
            {move || warning().map(|w| view! { <p class="notice notice--warning" role="note">{w}</p> })}
            <div class="filters">
                <Input id="share-expiry" label="Link works until" input_type="date" value=expiry on_input=move |v| expiry.set(v) />
            </div>
            <div class="form-actions">
                <button type="button" class="button button--primary" on:click=make disabled=move || busy.get()>
                    "Make a share link"
                </button>
            </div>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || link.get().map(|url| {
                let chars = url.chars().count();
                let href = url.clone();
                view! {
                    <div class="field">
                        <label for="share-link">"Share link"</label>
                        <input id="share-link" type="url" readonly prop:value=url.clone() />
                        <p class="hint">{format!("{chars} characters. Send it by text message or email to the family member only.")}</p>
                    </div>
                    <div class="form-actions">
                        <button type="button" class="button" on:click=copy>"Copy link"</button>
                        <button type="button" class="button" on:click=print_link>"Print the link"</button>
                        <a class="button button--quiet" href=href target="_blank" rel="noopener noreferrer">"Open the link"</a>
                    </div>
                    {move || copied.get().then(|| view! { <p class="muted" role="status">"Copied."</p> })}
                    {share::qr_svg(&url).map(|svg| view! {
                        <figure class="share-qr">
                            <div class="share-qr__code" role="img" aria-label="QR code of the share link" inner_html=svg.clone()></div>
                            <figcaption class="hint">"The family member can scan this with their phone's camera."</figcaption>
                        </figure>
                        {sheet.get_untracked().map(|[title, member, scan, valid, notice]| view! {
                            <div class="share-sheet">
                                <h2>{title}</h2>
                                <p class="share-sheet__member">{member}</p>
                                <p>{scan}</p>
                                <div class="share-sheet__qr" inner_html=svg></div>
                                <p class="share-sheet__link">{url.clone()}</p>
                                <p>{valid}</p>
                                <p class="small">{notice}</p>
                            </div>
                        })}
                    })}
                }
            })}
        </section>
    }
}

/// The disclosure log of one client: every share link made with their information.
#[component]
pub fn DisclosureLog(client: crate::domain::ClientId) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.programme.with(|p| {
            let mut rows: Vec<(NaiveDate, String, String, String, String)> = p
                .disclosures
                .values()
                .filter(|d| d.client == client)
                .map(|d| {
                    (
                        d.made_on,
                        p.family_members.get(&d.recipient).map_or_else(
                            || "(no longer on record)".to_string(),
                            |m| m.name.clone(),
                        ),
                        d.what.clone(),
                        format!("{} to {}", human_date(d.from), human_date(d.to)),
                        human_date(d.expires),
                    )
                })
                .collect();
            rows.sort_by_key(|r| std::cmp::Reverse(r.0));
            rows
        })
    });
    view! {
        <section class="card" aria-labelledby="disclosures-heading">
            <h2 id="disclosures-heading">"Disclosures"</h2>
            <p class="hint">"Share links made with this client's information (42 CFR 2.25 accounting)."</p>
            {move || {
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="empty">"Nothing has been shared yet."</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="data-table data-table--compact">
                            <thead><tr>
                                <th scope="col">"Made"</th>
                                <th scope="col">"To"</th>
                                <th scope="col">"What"</th>
                                <th scope="col">"Dates"</th>
                                <th scope="col">"Link works until"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|(made, to, what, dates, until)| view! {
                                    <tr>
                                        <td data-label="Made">{human_date(made)}</td>
                                        <td data-label="To">{to}</td>
                                        <td data-label="What">{what}</td>
                                        <td data-label="Dates">{dates}</td>
                                        <td data-label="Link works until">{until}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The last day of `weeks` weeks from `from`.
pub fn weeks_end(from: NaiveDate, weeks: u64) -> NaiveDate {
    from.checked_add_days(Days::new(7 * weeks - 1))
        .unwrap_or(from)
}
