//! The family-member editor: who they are, which clients they support, how to reach them, when
//! they can come; their consents under it.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::archive::Target;
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::domain::families::forms::{FamilyMemberDraft, SupportDraft};
use crate::domain::families::{ContactWay, Relationship};
use crate::ui::dom;
use crate::ui::families::consents::MemberConsents;
use crate::ui::families::groups::MemberGroups;
use crate::ui::fields::{Checkbox, FormProblem, Input, Select, TextArea};
use crate::ui::kit::ClientNames;
use crate::ui::kit::{ArchiveControl, AvailabilityRows, Rows};
use crate::ui::kit::{ConflictNotice, Editing, run_save};

/// Add (`which` is `None`, supporting `for_client` when given) or edit a family member.
#[component]
pub fn MemberEditor(
    which: Option<String>,
    editing: Editing,
    for_client: Option<ClientId>,
) -> impl IntoView {
    let app = use_app();
    let existing = which.as_ref().and_then(|id| {
        app.programme
            .with_untracked(|p| p.family_members.get(id).cloned())
    });
    let draft = RwSignal::new(
        existing
            .as_ref()
            .map(FamilyMemberDraft::from_member)
            .unwrap_or_else(|| FamilyMemberDraft::blank(for_client.as_ref())),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let id = which.clone().unwrap_or_else(|| app.new_id());
    let base = app.revision(crate::domain::Kind::FamilyMember, &id);
    let heading = existing
        .as_ref()
        .map(|m| format!("Edit {}", m.name))
        .unwrap_or_else(|| "Add family member".into());
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let reopen = {
        let which = which.clone();
        move |_: ()| editing.reopen(which.clone())
    };
    // The editor opens under a long list: bring it into view and put focus on its heading.
    dom::focus_after_render("member-editor-heading".into());
    let saving = RwSignal::new(false);
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            run_save(
                saving,
                async move {
                    app.save_family_member(id, &draft.get_untracked(), base)
                        .await
                },
                move |result| match result {
                    Ok(()) => editing.close(),
                    Err(e) => errors.set(e),
                },
            );
        }
    };
    // Active clients by distinct name, plus any archived client this person already supports.
    let clients = Signal::derive(move || {
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            let mut list: Vec<(String, String)> = p
                .active_clients()
                .map(|c| (c.id.0.clone(), names.get(p, &c.id)))
                .collect();
            crate::domain::sorting::sort_by_key(&mut list, |(_, name)| name.to_lowercase());
            list.insert(0, (String::new(), "Choose a client".into()));
            draft.with_untracked(|d| {
                for s in &d.supports {
                    if !s.client.is_empty() && !list.iter().any(|(id, _)| id == &s.client) {
                        list.push((s.client.clone(), p.client_name(&ClientId(s.client.clone()))));
                    }
                }
            });
            list
        })
    });
    let relationships: Vec<(String, String)> = Relationship::ALL
        .into_iter()
        .map(|r| (r.key().to_string(), r.label().to_string()))
        .collect();
    let relationships = Signal::derive(move || relationships.clone());
    let contacts = Signal::derive(|| {
        ContactWay::ALL
            .into_iter()
            .map(|c| (c.key().to_string(), c.label().to_string()))
            .collect::<Vec<_>>()
    });
    let support_rows = Memo::new(move |_| draft.with(|d| d.supports.len()));
    let free_rows = Rows::of(draft, |d| &d.availability, |d| &mut d.availability);
    let text = move |f: fn(&FamilyMemberDraft) -> &String| {
        Signal::derive(move || draft.with(|d| f(d).clone()))
    };
    view! {
        <section class="card editor" aria-labelledby="member-editor-heading">
            <h2 id="member-editor-heading" tabindex="-1">{heading}</h2>
            <form class="form" on:submit=submit novalidate>
                <Input id="member-name" label="Name" required=true value=text(|d| &d.name)
                    on_input=move |v| draft.update(|d| d.name = v) error=err("name") />
                <fieldset>
                    <legend>"Supports"</legend>
                    <p class="hint">"Someone who supports two clients (siblings in the programme) is entered once, with a row for each."</p>
                    {move || (0..support_rows.get()).map(|i| {
                        let n = i + 1;
                        let get = move |f: fn(&SupportDraft) -> String| Signal::derive(move || draft.with(|d| d.supports.get(i).map(f).unwrap_or_default()));
                        view! {
                            <div class="meeting-row" role="group" aria-label=format!("Supported client {n}")>
                                <Select id=format!("support-{n}-client") label=format!("Client {n}")
                                    options=clients value=get(|s| s.client.clone())
                                    on_change=move |v| draft.update(|d| if let Some(s) = d.supports.get_mut(i) { s.client = v }) />
                                <Select id=format!("support-{n}-relationship") label=format!("Relationship to client {n}")
                                    options=relationships value=get(|s| s.relationship.clone())
                                    on_change=move |v| draft.update(|d| if let Some(s) = d.supports.get_mut(i) { s.relationship = v }) />
                                <Checkbox id=format!("support-{n}-guardian") label=format!("Legal guardian of client {n}")
                                    checked=Signal::derive(move || draft.with(|d| d.supports.get(i).is_some_and(|s| s.guardian)))
                                    on_change=move |v| draft.update(|d| if let Some(s) = d.supports.get_mut(i) { s.guardian = v }) />
                                {(n > 1).then(|| view! {
                                    <button type="button" class="button button--quiet"
                                        on:click=move |_| draft.update(|d| { if i < d.supports.len() { d.supports.remove(i); } })>
                                        {format!("Remove client {n}")}
                                    </button>
                                })}
                            </div>
                        }
                    }).collect_view()}
                    {move || err("client").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <button type="button" class="button" on:click=move |_| draft.update(|d| d.supports.push(SupportDraft::default()))>
                        "Add another client"
                    </button>
                </fieldset>
                <fieldset>
                    <legend>"Contact"</legend>
                    <Select id="member-contact" label="Preferred contact" options=contacts value=text(|d| &d.contact)
                        on_change=move |v| draft.update(|d| d.contact = v) />
                    <Input id="member-phone" label="Phone" input_type="tel" value=text(|d| &d.phone)
                        on_input=move |v| draft.update(|d| d.phone = v) error=err("phone") />
                    <Input id="member-email" label="Email" input_type="email" value=text(|d| &d.email)
                        on_input=move |v| draft.update(|d| d.email = v) error=err("email") />
                    <Input id="member-language" label="Preferred language" value=text(|d| &d.language)
                        on_input=move |v| draft.update(|d| d.language = v) error=err("language") />
                    <Input id="member-access" label="Interpreter or access needs" value=text(|d| &d.access_needs)
                        on_input=move |v| draft.update(|d| d.access_needs = v) error=err("access_needs") />
                </fieldset>
                <fieldset>
                    <legend>"When they can come"</legend>
                    <p class="hint">"Leave empty if not known. For shift workers, give the first week of alternate weeks."</p>
                    <AvailabilityRows id_prefix="free" rows=free_rows alternate=true error=err("availability") />
                    <Input id="member-unavailable" label="Dates they cannot come" hint="YYYY-MM-DD, separated by commas"
                        value=text(|d| &d.unavailable)
                        on_input=move |v| draft.update(|d| d.unavailable = v) error=err("unavailable") />
                </fieldset>
                <TextArea id="member-notes" label="Notes" value=text(|d| &d.notes)
                    on_input=move |v| draft.update(|d| d.notes = v) error=err("notes") />
                <FormProblem message=err("form") />
                <ConflictNotice message=err(CONFLICT) on_use_saved=Callback::new(reopen) />
                <div class="form-actions">
                    <button type="submit" class="button button--primary" disabled=move || saving.get()>"Save family member"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| editing.close()>"Cancel"</button>
                </div>
            </form>
            {existing.map(|m| {
                let member = m.id.clone();
                let name = m.name.clone();
                let schedule = format!("/families/{member}");
                let schedule_label = format!("Open {}'s own schedule (what they may see)", m.name);
                view! {
                    <p><leptos_router::components::A href=schedule>{schedule_label}</leptos_router::components::A></p>
                    <MemberConsents member=member.clone() />
                    <MemberGroups member=member.clone() />
                    <ArchiveControl
                        target=Target::FamilyMember(member.clone())
                        name=Signal::derive(move || name.clone())
                        archived=Signal::derive(move || app.programme.with(|p| p.family_members.get(&member).is_some_and(|m| m.archived)))
                    />
                }
            })}
        </section>
    }
}
