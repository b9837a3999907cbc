//! Staff page: facilitators and clinicians with credentials, roles and weekly availability.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::archive::Target;
use crate::domain::errors::FieldErrors;
use crate::domain::people::forms::{AvailabilityDraft, StaffDraft};
use crate::domain::sorting;
use crate::ui::dom;
use crate::ui::fields::Input;
use crate::ui::groups::RosterNav;
use crate::ui::kit::editor::Archivable;
use crate::ui::kit::{AvailabilityRows, Editing, EditorCard, ListRow, RecordPage, Rows, run_save};

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
    let saving = RwSignal::new(false);
    let submit = move |()| {
        let id = id.clone();
        run_save(
            saving,
            async move { app.save_staff(id, &draft.get_untracked(), base).await },
            move |result| match result {
                Ok(()) => editing.close(),
                Err(e) => errors.set(e),
            },
        );
    };
    let archive = existing.map(|s| Archivable {
        target: Target::Staff(s.id),
        name: s.name,
    });
    let rows = Rows::of(draft, |d| &d.availability, |d| &mut d.availability);
    view! {
        <EditorCard heading_id="staff-editor-heading" heading=heading save_label="Save staff member"
            errors=errors saving=saving on_submit=Callback::new(submit)
            on_use_saved=Callback::new(move |()| editing.reopen(which.clone()))
            on_cancel=Callback::new(move |()| editing.close()) archive=archive>
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
                <AvailabilityRows id_prefix="availability" rows=rows error=err("availability") />
            </fieldset>
        </EditorCard>
    }
}
