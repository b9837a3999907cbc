//! "Share this schedule": a consent-bound link a family member opens on their phone, with the
//! disclosure log written before the link is shown.

use chrono::{Days, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::share::{ShareLink, public_address};
use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date};
use crate::domain::export::share;
use crate::platform;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::Input;

/// How long a link opens by default: short, because a link cannot be taken back once sent.
const DEFAULT_DAYS: u64 = 14;

/// The share card for `member`, covering today to `to`.
#[component]
pub fn ShareSchedule(member: String, #[prop(into)] to: Signal<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let member = StoredValue::new(member);
    let expiry = RwSignal::new(String::new());
    Effect::new(move |_| {
        let short = today.get() + Days::new(DEFAULT_DAYS);
        expiry.set(to.get().min(short).to_string())
    });
    let made = RwSignal::new(None::<ShareLink>);
    let preview = RwSignal::new(None::<Result<share::SharePayload, String>>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let copied = RwSignal::new(false);
    let make = move |_| {
        error.set(None);
        made.set(None);
        preview.set(None);
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
        busy.set(true);
        spawn_local(async move {
            match app
                .make_share_link(&member.get_value(), from, to, until, now)
                .await
            {
                Ok(link) => made.set(Some(link)),
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    let show_preview = move |_| {
        let Some(link) = made.get_untracked() else {
            return;
        };
        let now = today.get_untracked();
        spawn_local(async move {
            preview.set(Some(match app.preview_share_link(&link.url, now).await {
                Some(share::Opened::Schedule(p)) => Ok(p),
                Some(share::Opened::Expired(_)) | None => {
                    Err("This link would not open: make a new one.".to_string())
                }
            }));
            dom::focus_after_render("share-preview".into());
        });
    };
    let warning = move || {
        let configured = app.programme.with(|p| p.settings.public_address.clone());
        share::unreachable_address(&public_address(&configured, platform::here))
    };
    let copy = move |_| {
        if let Some(link) = made.get_untracked() {
            copied.set(dom::copy_text(&link.url));
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
            <p class="hint">"A link the family member opens on their phone: the schedule above, encrypted inside the link itself, so it never passes through any server. Each link made is recorded on the client's page (disclosure log)."</p>
            <details class="share-limits">
                <summary>"What a link can and cannot promise"</summary>
                <ul>
                    <li>"Anyone who has the link can open it: send it to the family member only."</li>
                    <li>"It ends on its last day by the phone's own clock: a phone set to an earlier date can still open it."</li>
                    <li>"It is never made to last beyond the consent, but a link already sent keeps opening until its last day even if the consent is revoked sooner. Keep links short (two weeks by default) and make a new one when needed."</li>
                    <li>"The link, with its key, stays in the history of every browser that opened it. Use Preview to check it here without opening it."</li>
                    <li>"Anyone can make a page that looks like this programme's. Every link is signed with the programme's key, and the page shows its programme code: give the family member the code in person, on the printed sheet or by phone. Until they confirm it on their phone, addresses in the schedule (such as video-call links) are shown but do not open from the page."</li>
                </ul>
            </details>
            {move || warning().map(|w| view! { <p class="notice notice--warning" role="note">{w}</p> })}
            {move || match app.programme.with(share::trust::key_state) {
                share::trust::KeyState::Lost { code } => Some(view! {
                    <p class="notice notice--warning" role="note">{format!("Links made before were signed with programme code {code}, but that key is not stored here: this link will carry a new code, and families who confirmed {code} will see a warning. To keep the old code, first restore a backup that holds the key (see Settings, Programme code).")}</p>
                }),
                _ => None,
            }}
            <div class="filters">
                <Input id="share-expiry" label="Link works until" input_type="date" value=expiry on_input=move |v| expiry.set(v) />
            </div>
            <div class="form-actions">
                <button type="button" class="button button--primary" on:click=make disabled=move || busy.get()>
                    "Make a share link"
                </button>
            </div>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || made.get().map(|link| {
                let url = link.url.clone();
                let chars = url.chars().count();
                let sheet = link.sheet.clone();
                view! {
                    {link.shortened.clone().map(|w| view! { <p class="notice notice--warning" role="note">{w}</p> })}
                    <p class="notice" role="note">
                        "Programme code: "<strong class="share-code">{link.code.clone()}</strong>
                        ". Tell the family member this code (or give them the printed sheet): the page the link opens shows the same code, which is how they know the link is from you. The code stays the same for every link this programme makes."
                    </p>
                    <div class="field">
                        <label for="share-link">"Share link"</label>
                        <input id="share-link" type="url" readonly prop:value=url.clone() />
                        <p class="hint">{format!("{chars} characters. Send it by text message or email to the family member only.")}</p>
                    </div>
                    <div class="form-actions">
                        <button type="button" class="button" on:click=copy>"Copy link"</button>
                        <button type="button" class="button" on:click=print_link>"Print the link"</button>
                        <button type="button" class="button button--quiet" on:click=show_preview>"Preview"</button>
                    </div>
                    {move || preview.get().map(|shown| view! { <SharePreview shown /> })}
                    {move || copied.get().then(|| view! { <p class="muted" role="status">"Copied."</p> })}
                    {share::qr_svg(&url).map(|svg| view! {
                        <figure class="share-qr">
                            <div class="share-qr__code" role="img" aria-label="QR code of the share link" inner_html=svg.clone()></div>
                            <figcaption class="hint">"The family member can scan this with their phone's camera."</figcaption>
                        </figure>
                        <div class="share-sheet">
                            <h2>{sheet.title}</h2>
                            <p class="share-sheet__member">{sheet.member}</p>
                            <p>{sheet.scan}</p>
                            <div class="share-sheet__qr" inner_html=svg></div>
                            <p class="share-sheet__link">{url.clone()}</p>
                            <p>{sheet.valid}</p>
                            <p class="share-sheet__code">{sheet.code}</p>
                            <p class="small">{sheet.notice}</p>
                        </div>
                    })}
                }
            })}
        </section>
    }
}

/// What the family member will see when they open the link, opened here from the link itself
/// (the same decryption as the family viewer) without navigating to it.
#[component]
fn SharePreview(shown: Result<share::SharePayload, String>) -> impl IntoView {
    match shown {
        Err(m) => {
            view! { <p id="share-preview" tabindex="-1" class="field-error" role="alert">{m}</p> }
                .into_any()
        }
        Ok(p) => {
            let count = p.items.len();
            let first = p.items.first().map(|i| {
                format!(
                    "{} {} – {}: {}",
                    human_date(i.date),
                    i.start.format("%H:%M"),
                    i.end.format("%H:%M"),
                    i.title
                )
            });
            view! {
                <section id="share-preview" tabindex="-1" class="share-preview" aria-label="Preview of the link">
                    <h3>{format!("What {} will see", p.member)}</h3>
                    <p>{format!("{count} items from {} to {}, opening until {}.", human_date(p.from), human_date(p.to), human_date(p.expires))}</p>
                    {first.map(|f| view! { <p class="muted">{format!("First: {f}")}</p> })}
                </section>
            }
            .into_any()
        }
    }
}

/// The disclosure log of one client: every share link made with their information.
#[component]
pub fn DisclosureLog(client: crate::domain::ClientId) -> impl IntoView {
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.programme.with(|p| {
            let mut rows: Vec<(NaiveDate, String, String, String, String, String)> = p
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
                        d.code.clone().unwrap_or_else(|| "Not signed".into()),
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
                                <th scope="col">"Programme code"</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|(made, to, what, dates, until, code)| view! {
                                    <tr>
                                        <td data-label="Made">{human_date(made)}</td>
                                        <td data-label="To">{to}</td>
                                        <td data-label="What">{what}</td>
                                        <td data-label="Dates">{dates}</td>
                                        <td data-label="Link works until">{until}</td>
                                        <td data-label="Programme code">{code}</td>
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
