//! A family member's consents, per client they support: where each stands, recording a new
//! one, and recording a revocation.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::dates::human_date;
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::domain::families::consent::{ConsentState, consent_status};
use crate::domain::families::forms::ConsentDraft;
use crate::domain::families::{Consent, Expiry, ShareScope, Signer};
use crate::ui::derived::use_derived;
use crate::ui::fields::{Checkbox, FormProblem, Input, Select};
use crate::ui::kit::{ConflictNotice, run_save};

/// One consent in words: "Signed 2 Nov 2026 by the client · until 2 Nov 2027 · shares
/// family-session times and place, family-education group dates".
fn describe(c: &Consent) -> String {
    let ends = match &c.expiry {
        Expiry::Date { on } => format!("until {}", human_date(*on)),
        Expiry::Event { event, review_on } => {
            format!("until {event} (review {})", human_date(*review_on))
        }
    };
    let by = match c.signer {
        Signer::Guardian => format!("by {} (guardian)", c.signer_name),
        Signer::MinorClient => "by the client (as a minor)".into(),
        Signer::Client => "by the client".into(),
    };
    let scopes: Vec<&str> = c.scopes.iter().map(|s| s.words()).collect();
    format!(
        "Signed {} {by} · {ends} · shares {} · purpose: {}",
        human_date(c.signed_on),
        scopes.join(", "),
        c.purpose
    )
}

/// The consents naming `member`, grouped by the clients they support.
#[component]
pub fn MemberConsents(member: String) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let member = StoredValue::new(member);
    // Which form is open: ("new", client) or ("revoke", consent id).
    let open = RwSignal::new(None::<(&'static str, String)>);
    let clients = Memo::new(move |_| {
        app.programme.with(|p| {
            p.family_members
                .get(&member.get_value())
                .map(|m| {
                    m.supports
                        .iter()
                        .map(|s| (s.client.clone(), p.client_name(&s.client)))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section aria-labelledby="consents-heading" class="consents">
            <h3 id="consents-heading">"Consent to share"</h3>
            {move || clients.get().into_iter().map(|(client, name)| {
                let client = StoredValue::new(client);
                let status = Signal::derive(move || {
                    app.programme.with(|p| consent_status(p, &client.get_value(), &member.get_value(), today.get()))
                });
                let list = Memo::new(move |_| {
                    let today = today.get();
                    app.programme.with(|p| {
                        let mut v: Vec<(String, String, ConsentState)> = p
                            .consents
                            .values()
                            .filter(|c| c.client == client.get_value() && c.recipient == member.get_value())
                            .map(|c| (c.id.clone(), describe(c), c.state_on(today)))
                            .collect();
                        crate::domain::sorting::sort_by_key(&mut v, |(id, ..)| id.clone());
                        v
                    })
                });
                let heading = format!("From {name}");
                let record_label = format!("Record consent from {name}");
                view! {
                    <div class="consent-client">
                        <h4>{heading}</h4>
                        <p>
                            <span class="badge"
                                class:badge--muted=move || !status.with(|s| s.is_active())>
                                {move || if status.with(|s| s.is_active()) { "May share" } else { "Nothing shared" }}
                            </span>
                            " " {move || status.with(|s| s.label())}
                        </p>
                        <ul class="consent-list">
                            {move || list.get().into_iter().map(|(id, text, state)| {
                                let state_words = match &state {
                                    ConsentState::Active(_) => "In force".to_string(),
                                    ConsentState::Revoked(on) => format!("Revoked {}", human_date(*on)),
                                    ConsentState::Expired(on) => format!("Expired {}", human_date(*on)),
                                    ConsentState::ReviewDue { .. } => "Review due".to_string(),
                                    ConsentState::NotYetSigned(on) => format!("From {}", human_date(*on)),
                                };
                                let can_revoke = matches!(state, ConsentState::Active(_) | ConsentState::NotYetSigned(_));
                                let revoke_id = id.clone();
                                let shown = id.clone();
                                view! {
                                    <li>
                                        <strong>{state_words}</strong> " " <span class="muted">{text}</span>
                                        {can_revoke.then(|| view! {
                                            " "
                                            <button type="button" class="button button--quiet"
                                                on:click=move |_| open.set(Some(("revoke", revoke_id.clone())))>
                                                "Revoke"
                                            </button>
                                        })}
                                        {move || (open.get() == Some(("revoke", shown.clone()))).then(|| {
                                            view! { <RevokeForm consent=shown.clone() on_done=Callback::new(move |_| open.set(None)) /> }
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {move || {
                            let c = client.get_value();
                            if open.get() == Some(("new", c.0.clone())) {
                                view! { <ConsentEditor client=c member=member.get_value() on_done=Callback::new(move |_| open.set(None)) /> }.into_any()
                            } else {
                                let label = record_label.clone();
                                view! {
                                    <button type="button" class="button" on:click=move |_| open.set(Some(("new", client.get_value().0)))>
                                        {label}
                                    </button>
                                }.into_any()
                            }
                        }}
                    </div>
                }
            }).collect_view()}
        </section>
    }
}

/// Record a new consent of `client` naming `member`.
#[component]
fn ConsentEditor(client: ClientId, member: String, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today.get_untracked();
    let draft = RwSignal::new(
        app.programme
            .with_untracked(|p| ConsentDraft::blank(p, &client, &member, today)),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let id = app.new_id();
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        run_save(
            saving,
            async move { app.save_consent(id, &draft.get_untracked(), 0).await },
            move |result| match result {
                Ok(()) => on_done.run(()),
                Err(e) => errors.set(e),
            },
        );
    };
    let text =
        move |f: fn(&ConsentDraft) -> &String| Signal::derive(move || draft.with(|d| f(d).clone()));
    let signers = Signal::derive(|| {
        Signer::ALL
            .into_iter()
            .map(|s| (s.key().to_string(), s.label().to_string()))
            .collect::<Vec<_>>()
    });
    let ends = Signal::derive(|| {
        vec![
            ("date".to_string(), "On a date".to_string()),
            ("event".to_string(), "When an event happens".to_string()),
        ]
    });
    view! {
        <form class="form consent-form" on:submit=submit novalidate aria-label="Record consent">
            <Input id="consent-discloser" label="Who may disclose" hint="The programme's name" value=text(|d| &d.discloser)
                on_input=move |v| draft.update(|d| d.discloser = v) error=err("discloser") />
            <Input id="consent-purpose" label="Purpose" value=text(|d| &d.purpose)
                on_input=move |v| draft.update(|d| d.purpose = v) error=err("purpose") />
            <fieldset>
                <legend>"What may be shared"</legend>
                {ShareScope::ALL.into_iter().map(|scope| view! {
                    <Checkbox id=format!("consent-scope-{}", scope.key()) label=scope.label()
                        checked=Signal::derive(move || draft.with(|d| d.scopes.contains(&scope)))
                        on_change=move |on: bool| draft.update(|d| {
                            d.scopes.retain(|s| *s != scope);
                            if on { d.scopes.push(scope) }
                        }) />
                }).collect_view()}
                {move || err("scopes").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </fieldset>
            <Input id="consent-signed" label="Signed on" input_type="date" value=text(|d| &d.signed_on)
                on_input=move |v| draft.update(|d| d.signed_on = v) error=err("signed_on") />
            <Select id="consent-signer" label="Signed by" options=signers value=text(|d| &d.signer)
                on_change=move |v| draft.update(|d| d.signer = v) error=err("signer") />
            {move || draft.with(|d| d.signer == "guardian").then(|| view! {
                <Input id="consent-signer-name" label="Guardian's name" value=text(|d| &d.signer_name)
                    on_input=move |v| draft.update(|d| d.signer_name = v) error=err("signer_name") />
            })}
            <Select id="consent-ends" label="Ends" options=ends value=text(|d| &d.expiry_kind)
                on_change=move |v| draft.update(|d| d.expiry_kind = v) />
            {move || if draft.with(|d| d.expiry_kind == "event") {
                view! {
                    <Input id="consent-event" label="Event that ends it" hint="e.g. discharge from the programme" value=text(|d| &d.event)
                        on_input=move |v| draft.update(|d| d.event = v) error=err("expiry") />
                    <Input id="consent-review" label="Review on" input_type="date" value=text(|d| &d.review_on)
                        on_input=move |v| draft.update(|d| d.review_on = v) error=err("review_on") />
                }.into_any()
            } else {
                view! {
                    <Input id="consent-expires" label="Ends on" input_type="date" value=text(|d| &d.expires_on)
                        on_input=move |v| draft.update(|d| d.expires_on = v) error=err("expiry") />
                }.into_any()
            }}
            {move || err("recipient").get().or_else(|| err("client").get()).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <FormProblem message=err("form") />
            <ConflictNotice message=err(CONFLICT) on_use_saved=Callback::new(move |_| on_done.run(())) />
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || saving.get()>"Save consent"</button>
                <button type="button" class="button button--quiet" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// Record that consent `consent` was revoked: the day it was received and how.
#[component]
fn RevokeForm(consent: String, on_done: Callback<()>) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today.get_untracked();
    let on = RwSignal::new(today.to_string());
    let how = RwSignal::new(String::new());
    let errors = RwSignal::new(FieldErrors::default());
    let base = app.revision(crate::domain::Kind::Consent, &consent);
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let consent = consent.clone();
        run_save(
            saving,
            async move {
                app.revoke_consent(
                    &consent,
                    &on.get_untracked(),
                    &how.get_untracked(),
                    today,
                    base,
                )
                .await
            },
            move |result| match result {
                Ok(()) => on_done.run(()),
                Err(e) => errors.set(e),
            },
        );
    };
    view! {
        <form class="form revoke-form" on:submit=submit novalidate aria-label="Revoke consent">
            <p class="hint">"Revocation takes effect from the day it was received; what was shared before stays shared."</p>
            <Input id="revoke-on" label="Revocation received on" input_type="date" value=on
                on_input=move |v| on.set(v) error=err("revoked_on") />
            <Input id="revoke-how" label="How it was received" hint="e.g. in writing, handed to the front desk" value=how
                on_input=move |v| how.set(v) error=err("revoked_how") />
            // Any refusal this form has no field for is shown here: the form never closes
            // or stays silent on one.
            <FormProblem message=Signal::derive(move || errors.with(|e| {
                e.0.iter()
                    .find(|(f, _)| !["revoked_on", "revoked_how", CONFLICT].contains(f))
                    .map(|(_, m)| m.clone())
            })) />
            <ConflictNotice message=err(CONFLICT) on_use_saved=Callback::new(move |_| on_done.run(())) />
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || saving.get()>"Record revocation"</button>
                <button type="button" class="button button--quiet" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}
