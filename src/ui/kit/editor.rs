//! The card every record editor of a list page shares (staff, rooms): heading, the form around
//! the record's own fields, the form-level and "changed in another tab" messages, Save and
//! Cancel, and the archive control for a record that exists.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::archive::Target;
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::ui::fields::FormProblem;
use crate::ui::kit::{ArchiveControl, ConflictNotice};

/// The record an editor can archive, and its name.
pub struct Archivable {
    pub target: Target,
    pub name: String,
}

/// An editor card around `children` (the record's fields).
#[component]
pub fn EditorCard(
    /// DOM id of the heading, which labels the card.
    heading_id: &'static str,
    /// "Edit Room A", "Add room".
    #[prop(into)]
    heading: String,
    /// The submit button's text, e.g. "Save room".
    save_label: &'static str,
    /// Messages by field; this card shows the form-level one and the conflict.
    errors: RwSignal<FieldErrors>,
    /// While true, Save is disabled (see `run_save`).
    saving: RwSignal<bool>,
    /// Save (the form's default action is already prevented).
    on_submit: Callback<()>,
    /// After a conflict with another tab: open the editor again on what is saved now.
    on_use_saved: Callback<()>,
    /// Close the editor without saving.
    on_cancel: Callback<()>,
    /// For a record that exists: its archive control under the form.
    archive: Option<Archivable>,
    children: Children,
) -> impl IntoView {
    let app = use_app();
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    view! {
        <section class="card editor" aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            <form class="form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                on_submit.run(());
            }>
                {children()}
                <FormProblem message=err("form") />
                <ConflictNotice message=err(CONFLICT) on_use_saved=on_use_saved />
                <div class="form-actions">
                    <button type="submit" class="button button--primary" disabled=move || saving.get()>{save_label}</button>
                    <button type="button" class="button button--quiet" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                </div>
            </form>
            {archive.map(|a| {
                let name = a.name;
                let target = a.target.clone();
                let archived = Signal::derive(move || app.programme.with(|p| target.is_archived(p)));
                view! {
                    <ArchiveControl target=a.target name=Signal::derive(move || name.clone()) archived=archived />
                }
            })}
        </section>
    }
}
