//! Staff page: facilitators and clinicians with credentials, roles and weekly availability.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::archive::Target;
use crate::domain::dates::{WEEKDAYS, weekday_code};
use crate::domain::errors::CONFLICT;
use crate::domain::people::forms::{AvailabilityDraft, StaffDraft};
use crate::domain::roster::forms::FieldErrors;
use crate::domain::sorting;
use crate::ui::dom;
use crate::ui::fields::{FormProblem, Input, Select};
use crate::ui::groups::{ArchiveControl, RosterNav};
use crate::ui::kit::{ConflictNotice, Editing, ListRow, RecordPage, run_save};

/// Page: list of staff with an editor for the chosen (or a new) staff member.
#[component]
pub fn StaffPage() -> impl IntoView {
    dom::set_title("Staff");
    let app = use_app();
    let editing = Editing::new();
    let list = Memo::new(move |_| {
        app.programme.with(|p| {
            let mut v: Vec<_> = p
                .staff
                .values()
                .map(|s| {
                    let leads = p
                        .groups
                        .values()
                        .filter(|g| {
                            !g.archived
                                && (g.lead.as_deref() == Some(&s.id)
                                    || g.co_facilitators.contains(&s.id))
                        })
                        .map(|g| g.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let roles = if s.roles.is_empty() {
                        "No roles listed".to_string()
                    } else {
                        s.roles.join(", ")
                    };
                    ListRow {
                        archived: s.archived,
                        name: s.name.clone(),
                        id: s.id.clone(),
                        suffix: if s.credentials.is_empty() {
                            String::new()
                        } else {
                            format!(", {}", s.credentials)
                        },
                        lines: vec![if leads.is_empty() {
                            roles
                        } else {
                            format!("{roles} · Groups: {leads}")
                        }],
                    }
                })
                .collect();
            sorting::sort(&mut v);
            v
        })
    });
    view! {
        <RecordPage
            title="Staff"
            add_label="Add staff member"
            rows=list
            empty="No staff yet. Add the facilitators who lead your groups."
            editing=editing
            editor=move |which| view! { <StaffEditor which=which editing=editing /> }
        >
            <RosterNav />
        </RecordPage>
    }
}

#[component]
fn StaffEditor(which: Option<String>, editing: Editing) -> impl IntoView {
    let app = use_app();
    let existing = which
        .as_ref()
        .and_then(|id| app.programme.with_untracked(|p| p.staff.get(id).cloned()));
    let initial = existing
        .as_ref()
        .map(StaffDraft::from_staff)
        .unwrap_or_else(|| StaffDraft {
            availability: vec![AvailabilityDraft::default()],
            ..StaffDraft::default()
        });
    let draft = RwSignal::new(initial);
    let errors = RwSignal::new(FieldErrors::default());
    let id = which.clone().unwrap_or_else(|| app.new_id());
    // The revision the form was opened at: saving over a newer one is refused.
    let base = app.revision(crate::domain::Kind::Staff, &id);
    let heading = existing
        .as_ref()
        .map(|s| format!("Edit {}", s.name))
        .unwrap_or_else(|| "Add staff member".into());
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    // After a conflict with another tab: open the editor again on what is saved now.
    let reopen = {
        let which = which.clone();
        move |_: ()| editing.reopen(which.clone())
    };
    let saving = RwSignal::new(false);
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let id = id.clone();
            run_save(
                saving,
                async move { app.save_staff(id, &draft.get_untracked(), base).await },
                move |result| match result {
                    Ok(()) => editing.close(),
                    Err(e) => errors.set(e),
                },
            );
        }
    };
    let rows = Memo::new(move |_| draft.with(|d| d.availability.len()));
    view! {
        <section class="card editor" aria-labelledby="staff-editor-heading">
            <h2 id="staff-editor-heading">{heading}</h2>
            <form class="form" on:submit=submit novalidate>
                <Input id="staff-name" label="Name" required=true value=Signal::derive(move || draft.with(|d| d.name.clone()))
                    on_input=move |v| draft.update(|d| d.name = v) error=err("name") />
                <Input id="staff-credentials" label="Credentials" hint="e.g. LCSW, LPC, CADC"
                    value=Signal::derive(move || draft.with(|d| d.credentials.clone()))
                    on_input=move |v| draft.update(|d| d.credentials = v) error=err("credentials") />
                <Input id="staff-roles" label="Roles" hint="Separate roles with commas, e.g. Group facilitator, Family therapist"
                    value=Signal::derive(move || draft.with(|d| d.roles.clone()))
                    on_input=move |v| draft.update(|d| d.roles = v) error=err("roles") />
                <fieldset>
                    <legend>"Weekly availability"</legend>
                    {move || (0..rows.get()).map(|i| {
                        let n = i + 1;
                        let get = move |f: fn(&AvailabilityDraft) -> String| Signal::derive(move || draft.with(|d| d.availability.get(i).map(f).unwrap_or_default()));
                        view! {
                            <div class="meeting-row" role="group" aria-label=format!("Availability {n}")>
                                <Select id=format!("availability-{n}-day") label=format!("Availability {n} day")
                                    options=Signal::derive(|| WEEKDAYS.iter().map(|(d, name)| (weekday_code(*d).to_string(), name.to_string())).collect())
                                    value=get(|a| a.weekday.clone())
                                    on_change=move |v| draft.update(|d| if let Some(a) = d.availability.get_mut(i) { a.weekday = v }) />
                                <Input id=format!("availability-{n}-from") label=format!("Availability {n} from") input_type="time"
                                    value=get(|a| a.from.clone())
                                    on_input=move |v| draft.update(|d| if let Some(a) = d.availability.get_mut(i) { a.from = v }) />
                                <Input id=format!("availability-{n}-until") label=format!("Availability {n} until") input_type="time"
                                    value=get(|a| a.until.clone())
                                    on_input=move |v| draft.update(|d| if let Some(a) = d.availability.get_mut(i) { a.until = v }) />
                                <button type="button" class="button button--quiet"
                                    on:click=move |_| draft.update(|d| { if i < d.availability.len() { d.availability.remove(i); } })>
                                    {format!("Remove availability {n}")}
                                </button>
                            </div>
                        }
                    }).collect_view()}
                    {move || err("availability").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    <button type="button" class="button" on:click=move |_| draft.update(|d| {
                        let next = d.availability.last().cloned().unwrap_or_default();
                        d.availability.push(next);
                    })>"Add availability"</button>
                </fieldset>
                <FormProblem message=err("form") />
                <ConflictNotice message=err(CONFLICT) on_use_saved=Callback::new(reopen) />
                <div class="form-actions">
                    <button type="submit" class="button button--primary">"Save staff member"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| editing.close()>"Cancel"</button>
                </div>
            </form>
            {existing.map(|s| {
                let id = s.id.clone();
                let name = s.name.clone();
                view! {
                    <ArchiveControl
                        target=Target::Staff(id.clone())
                        name=Signal::derive(move || name.clone())
                        archived=Signal::derive(move || app.programme.with(|p| p.staff.get(&id).is_some_and(|s| s.archived)))
                    />
                }
            })}
        </section>
    }
}
