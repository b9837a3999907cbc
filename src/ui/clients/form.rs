//! The client form, used both to add and to edit a client.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::actions::{ActionError, use_app};
use crate::domain::Kind;
use crate::domain::archive::Target;
use crate::domain::people::client::{
    AgeBand, ClientDraft, ClientField, ClientId, Gender, LevelOfCare, SchedulePreference,
    ValidationErrors, validate_client,
};
use crate::ui::clients::roster_panel::ClientRoster;
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{date_input_value, show_date};
use crate::ui::kit::ArchiveControl;
use crate::ui::kit::run_save;
use crate::ui::kit::use_flash;
use crate::ui::sessions::ClientCoverage;

/// Whether the form adds a new client or edits an existing one.
#[derive(Clone, Debug, PartialEq)]
pub enum FormMode {
    New,
    Edit(ClientId),
}

/// Page: add a client.
#[component]
pub fn NewClient() -> impl IntoView {
    dom::set_title("Add client");
    let app = use_app();
    let initial = app
        .programme
        .with_untracked(|p| ClientDraft::blank(&p.settings, use_derived().today.get_untracked()));
    view! {
        <section class="page" aria-labelledby="page-title">
            <p class="breadcrumb">
                <A href="/clients">"← Clients"</A>
            </p>
            <h1 id="page-title">"Add client"</h1>
            <ClientForm mode=FormMode::New initial=initial />
        </section>
    }
}

/// Page: edit a client, archive or restore them.
#[component]
pub fn EditClient() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    let id = move || ClientId(params.with(|p| p.get("id").unwrap_or_default()));
    move || {
        let id = id();
        let Some(client) = app
            .programme
            .with_untracked(|p| p.clients.get(&id).cloned())
        else {
            dom::set_title("Client not found");
            return view! {
                <section class="page" aria-labelledby="page-title">
                    <h1 id="page-title">"Client not found"</h1>
                    <p>
                        "No client has this address. They may have been added in another browser, whose data this browser cannot see. "
                        <A href="/clients">"Back to clients"</A>
                    </p>
                </section>
            }
            .into_any();
        };
        // Not the name: titles reach the browser's history.
        dom::set_title("Edit client");
        view! {
            <section class="page" aria-labelledby="page-title">
                <p class="breadcrumb">
                    <A href="/clients">"← Clients"</A>
                </p>
                <h1 id="page-title">{format!("Edit {}", client.full_name)}</h1>
                <ClientForm mode=FormMode::Edit(id.clone()) initial=client.to_draft() />
                <ClientRoster id=id.clone() />
                <ClientCoverage client=id.clone() />
                <crate::ui::families::ClientFamily id=id.clone() />
                <crate::ui::families::ClientFamilySessions id=id.clone() />
                <crate::ui::families::DisclosureLog client=id.clone() />
                <ArchiveControl
                    target=Target::Client(id.clone())
                    name=Signal::derive({
                        let id = id.clone();
                        move || app.programme.with(|p| p.client_name(&id))
                    })
                    archived=Signal::derive(move || {
                        app.programme.with(|p| p.clients.get(&id).is_some_and(|c| c.archived))
                    })
                />
            </section>
        }
        .into_any()
    }
}

/// The add/edit form. Validation is the domain's; messages appear after the first save attempt
/// and update as the person types. An invalid form saves nothing.
#[component]
pub fn ClientForm(
    /// Add or edit.
    mode: FormMode,
    /// Starting values.
    initial: ClientDraft,
) -> impl IntoView {
    let app = use_app();
    let flash = use_flash();
    let navigate = use_navigate();
    let draft = RwSignal::new(initial.clone());
    let attempted = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let saved = RwSignal::new(false);
    {
        let initial = initial.clone();
        dom::warn_before_unload(move || {
            !saved.get_untracked() && draft.with_untracked(|d| *d != initial)
        });
    }
    let problem = RwSignal::new(None::<String>);
    // The revision the form was opened at: saving over a newer one (another tab's) is refused.
    let base = StoredValue::new(match &mode {
        FormMode::New => 0,
        FormMode::Edit(id) => app.revision(Kind::Client, &id.0),
    });
    // What another tab saved while this form was open: field label and saved value.
    let conflict = RwSignal::new(None::<Vec<(&'static str, String)>>);
    let summary_ref = NodeRef::<html::Div>::new();
    let clock = use_derived().today;
    let current_track = match &mode {
        FormMode::New => None,
        FormMode::Edit(_) => Some(initial.track.clone()),
    };

    let errors = Memo::new({
        let current_track = current_track.clone();
        move |_| {
            if !attempted.get() {
                return ValidationErrors::default();
            }
            app.programme.with(|p| {
                draft.with(|d| {
                    validate_client(d, &p.settings, clock.get(), current_track.as_deref())
                        .err()
                        .unwrap_or_default()
                })
            })
        }
    });

    let track_options = Memo::new(move |_| {
        app.programme.with(|p| {
            p.settings
                .tracks
                .iter()
                .filter(|t| !t.archived || current_track.as_deref() == Some(t.id.as_str()))
                .map(|t| (t.id.clone(), t.name.clone()))
                .collect::<Vec<_>>()
        })
    });

    let submit_label = match mode {
        FormMode::New => "Add client",
        FormMode::Edit(_) => "Save changes",
    };

    let initial_for_save = initial.clone();
    let mode_for_save = mode.clone();
    let save_now = move || {
        let mode = &mode_for_save;
        let initial = initial_for_save.clone();
        if saving.get_untracked() {
            return;
        }
        attempted.set(true);
        problem.set(None);
        conflict.set(None);
        if !errors.get_untracked().is_empty() {
            if let Some(el) = summary_ref.get_untracked() {
                let _ = el.focus();
            }
            return;
        }
        let mode = mode.clone();
        let navigate = navigate.clone();
        let value = draft.get_untracked();
        let save = {
            let mode = mode.clone();
            async move {
                let name = value.full_name.trim().to_string();
                match &mode {
                    FormMode::New => app
                        .add_client(value, clock.get_untracked())
                        .await
                        .map(|_| format!("Added {name}.")),
                    FormMode::Edit(id) => app
                        .update_client(id, value, clock.get_untracked(), base.get_value())
                        .await
                        .map(|_| format!("Saved changes to {name}.")),
                }
            }
        };
        run_save(saving, save, move |result| {
            match result {
                Ok(message) => {
                    saved.set(true);
                    flash.show(message, "/clients");
                    navigate("/clients", Default::default());
                }
                Err(ActionError::Invalid(_)) => {
                    // The memo shows the same messages the action found.
                    if let Some(el) = summary_ref.get_untracked() {
                        let _ = el.focus();
                    }
                }
                Err(ActionError::Conflict { .. }) => {
                    let saved_now = match &mode {
                        FormMode::Edit(id) => app
                            .programme
                            .with_untracked(|p| p.clients.get(id).map(|c| c.to_draft())),
                        FormMode::New => None,
                    };
                    match saved_now {
                        Some(saved_now) => conflict.set(Some(app.programme.with_untracked(|p| {
                            initial.differences(&saved_now, &p.settings)
                        }))),
                        None => problem.set(Some(
                            "This client was removed in another tab, so your changes were not saved.".into(),
                        )),
                    }
                }
                Err(other) => problem.set(Some(other.to_string())),
            }
        });
    };
    let on_submit = {
        let save_now = save_now.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            save_now();
        }
    };
    let keep_mine = {
        let save_now = save_now.clone();
        let mode = mode.clone();
        move |_| {
            if let FormMode::Edit(id) = &mode {
                base.set_value(app.revision(Kind::Client, &id.0));
            }
            save_now();
        }
    };
    let take_theirs = {
        let mode = mode.clone();
        move |_| {
            if let FormMode::Edit(id) = &mode
                && let Some(d) = app
                    .programme
                    .with_untracked(|p| p.clients.get(id).map(|c| c.to_draft()))
            {
                base.set_value(app.revision(Kind::Client, &id.0));
                draft.set(d);
                conflict.set(None);
            }
        }
    };

    view! {
        <form class="form" novalidate on:submit=on_submit>
            <div class="error-summary" tabindex="-1" node_ref=summary_ref role="alert">
                {move || {
                    let list = errors.get();
                    (!list.is_empty())
                        .then(|| {
                            let n = list.0.len();
                            view! {
                                <h2>
                                    {format!(
                                        "{n} problem{} to fix before saving",
                                        if n == 1 { "" } else { "s" },
                                    )}
                                </h2>
                                <ul>
                                    {list
                                        .0
                                        .into_iter()
                                        .map(|(field, message)| {
                                            view! {
                                                <li>
                                                    <a
                                                        href=format!("#{}", field_id(field))
                                                        on:click=dom::focus_on_click(field_id(field))
                                                    >
                                                        {message}
                                                    </a>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                }}
            </div>
            <fieldset>
                <legend>"Who"</legend>
                <TextField
                    field=ClientField::FullName
                    label="Full name"
                    hint="As in the clinical record."
                    required=true
                    autocomplete="off"
                    draft=draft
                    errors=errors
                    get=|d| d.full_name.clone()
                    set=|d, v| d.full_name = v
                />
                <TextField
                    field=ClientField::PreferredName
                    label="Preferred name"
                    hint="Used in groups and on sign-in sheets."
                    draft=draft
                    errors=errors
                    get=|d| d.preferred_name.clone()
                    set=|d, v| d.preferred_name = v
                />
                <TextField
                    field=ClientField::Pronouns
                    label="Pronouns"
                    hint="For example she/her, he/him, they/them."
                    draft=draft
                    errors=errors
                    get=|d| d.pronouns.clone()
                    set=|d, v| d.pronouns = v
                />
            </fieldset>
            <fieldset>
                <legend>"Programme"</legend>
                <ChoiceField
                    field=ClientField::AgeBand
                    label="Age band"
                    options=Signal::derive(|| {
                        AgeBand::ALL.iter().map(|a| (a.code().to_string(), a.label().to_string())).collect()
                    })
                    draft=draft
                    errors=errors
                    get=|d| d.age_band.clone()
                    set=|d, v| d.age_band = v
                />
                <ChoiceField
                    field=ClientField::Gender
                    label="Gender (for gender-specific groups)"
                    options=Signal::derive(|| {
                        Gender::ALL.iter().map(|g| (g.code().to_string(), g.label().to_string())).collect()
                    })
                    draft=draft
                    errors=errors
                    get=|d| d.gender.clone()
                    set=|d, v| d.gender = v
                />
                <ChoiceField
                    field=ClientField::Track
                    label="Track"
                    options=track_options.into()
                    draft=draft
                    errors=errors
                    get=|d| d.track.clone()
                    set=|d, v| d.track = v
                />
                <ChoiceField
                    field=ClientField::LevelOfCare
                    label="Level of care"
                    options=Signal::derive(|| {
                        LevelOfCare::ALL
                            .iter()
                            .map(|l| (l.code().to_string(), l.label().to_string()))
                            .collect()
                    })
                    draft=draft
                    errors=errors
                    get=|d| d.level_of_care.clone()
                    set=|d, v| d.level_of_care = v
                />
                <ChoiceField
                    field=ClientField::Schedule
                    label="Can attend"
                    options=Signal::derive(|| {
                        SchedulePreference::ALL
                            .iter()
                            .map(|s| (s.code().to_string(), s.label().to_string()))
                            .collect()
                    })
                    draft=draft
                    errors=errors
                    get=|d| d.schedule.clone()
                    set=|d, v| d.schedule = v
                />
            </fieldset>
            <fieldset>
                <legend>"Dates"</legend>
                <TextField
                    field=ClientField::AdmissionDate
                    label="Admission date"
                    input_type="date"
                    required=true
                    draft=draft
                    errors=errors
                    get=|d| d.admission_date.clone()
                    set=|d, v| d.admission_date = v
                />
                <TextField
                    field=ClientField::ExpectedDischarge
                    label="Expected discharge date"
                    hint="Optional. Used later for group-size forecasts."
                    input_type="date"
                    draft=draft
                    errors=errors
                    get=|d| d.expected_discharge.clone()
                    set=|d, v| d.expected_discharge = v
                />
            </fieldset>
            <fieldset>
                <legend>"Notes"</legend>
                <TextField
                    field=ClientField::Notes
                    label="Planning notes"
                    hint="Scheduling notes only (e.g. works evenings). Clinical notes belong in your record system."
                    multiline=true
                    draft=draft
                    errors=errors
                    get=|d| d.notes.clone()
                    set=|d, v| d.notes = v
                />
            </fieldset>
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
            {move || conflict.get().map(|changes| {
                let keep_mine = keep_mine.clone();
                let take_theirs = take_theirs.clone();
                view! {
                    <div class="notice notice--error conflict" role="alert">
                        <p>
                            <strong>"This client was changed in another tab while you were editing, so your changes were not saved."</strong>
                            " Your changes are still in this form."
                        </p>
                        {(!changes.is_empty()).then(|| view! {
                            <p>"Saved in the other tab:"</p>
                            <dl class="conflict__fields">
                                {changes.into_iter().map(|(label, value)| view! {
                                    <dt>{label}</dt>
                                    <dd>{value}</dd>
                                }).collect_view()}
                            </dl>
                        })}
                        <div class="form-actions">
                            <button type="button" class="button button--primary" on:click=keep_mine>
                                "Save my version over it"
                            </button>
                            <button type="button" class="button" on:click=take_theirs>
                                "Use the saved version"
                            </button>
                        </div>
                    </div>
                }
            })}
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { submit_label }}
                </button>
                <A href="/clients" attr:class="button button--quiet">
                    "Cancel"
                </A>
            </div>
        </form>
    }
}

/// The DOM id of a field's input.
pub fn field_id(field: ClientField) -> &'static str {
    match field {
        ClientField::FullName => "client-full-name",
        ClientField::PreferredName => "client-preferred-name",
        ClientField::Pronouns => "client-pronouns",
        ClientField::AgeBand => "client-age-band",
        ClientField::Gender => "client-gender",
        ClientField::Schedule => "client-schedule",
        ClientField::Track => "client-track",
        ClientField::LevelOfCare => "client-level-of-care",
        ClientField::AdmissionDate => "client-admission-date",
        ClientField::ExpectedDischarge => "client-expected-discharge",
        ClientField::Notes => "client-notes",
    }
}

/// A labelled text, date or multi-line input bound to one draft field, with hint and message.
#[component]
fn TextField(
    /// Which field (gives the id and the message).
    field: ClientField,
    /// Visible label.
    label: &'static str,
    /// Help shown under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `text` (default) or `date`.
    #[prop(default = "text")]
    input_type: &'static str,
    /// A `<textarea>` instead of an `<input>`.
    #[prop(optional)]
    multiline: bool,
    /// Marks the field as required for assistive technology.
    #[prop(optional)]
    required: bool,
    /// `autocomplete` attribute.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// The form's draft.
    draft: RwSignal<ClientDraft>,
    /// Current messages.
    errors: Memo<ValidationErrors>,
    /// Reads this field.
    get: fn(&ClientDraft) -> String,
    /// Writes this field.
    set: fn(&mut ClientDraft, String),
) -> impl IntoView {
    let id = field_id(field);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let message = move || errors.with(|e| e.get(field).map(str::to_string));
    let described = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if message().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = move || draft.with(get);
    let on_input = move |ev| {
        let v = event_target_value(&ev);
        draft.update(|d| set(d, v));
    };
    let control = if input_type == "date" {
        // A browser fires no `input` event while a date stays unreadable (30 February), so key
        // releases and leaving the field are read too: the person gets a message, not a
        // silently empty date.
        let node = NodeRef::<html::Input>::new();
        show_date(node, value);
        let read = move |ev: &web_sys::Event| {
            let v = date_input_value(ev);
            if draft.with_untracked(|d| get(d) != v) {
                draft.update(|d| set(d, v));
            }
        };
        view! {
            <input
                id=id
                type="date"
                node_ref=node
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
                on:input=move |ev| read(&ev)
                on:keyup=move |ev| read(&ev)
                on:blur=move |ev| read(&ev)
            />
        }
        .into_any()
    } else if multiline {
        view! {
            <textarea
                id=id
                rows="4"
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type=input_type
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby=described
                prop:value=value
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="required">" (required)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {control}
            {move || {
                message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })
            }}
        </div>
    }
}

/// A labelled `<select>` bound to one draft field.
#[component]
fn ChoiceField(
    /// Which field.
    field: ClientField,
    /// Visible label.
    label: &'static str,
    /// `(value, label)` pairs.
    options: Signal<Vec<(String, String)>>,
    /// The form's draft.
    draft: RwSignal<ClientDraft>,
    /// Current messages.
    errors: Memo<ValidationErrors>,
    /// Reads this field.
    get: fn(&ClientDraft) -> String,
    /// Writes this field.
    set: fn(&mut ClientDraft, String),
) -> impl IntoView {
    let id = field_id(field);
    let error_id = format!("{id}-error");
    let message = move || errors.with(|e| e.get(field).map(str::to_string));
    view! {
        <div class="field" class:field--invalid=move || message().is_some()>
            <label for=id>{label}</label>
            <select
                id=id
                aria-invalid=move || message().is_some().then_some("true")
                aria-describedby={
                    let error_id = error_id.clone();
                    move || message().is_some().then(|| error_id.clone())
                }
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    draft.update(|d| set(d, v));
                }
            >
                {move || {
                    let current = draft.with(get);
                    let mut opts = options.get();
                    if !opts.iter().any(|(v, _)| *v == current) {
                        opts.insert(0, (current.clone(), "Choose…".to_string()));
                    }
                    opts.into_iter()
                        .map(|(value, text)| {
                            let selected = value == current;
                            view! {
                                <option value=value prop:selected=selected>
                                    {text}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            {move || {
                message().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })
            }}
        </div>
    }
}
