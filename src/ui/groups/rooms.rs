//! Rooms page: rooms and telehealth spaces with their capacity.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::Location;
use crate::domain::archive::Target;
use crate::domain::errors::FieldErrors;
use crate::domain::people::forms::RoomDraft;
use crate::domain::sorting;
use crate::ui::dom;
use crate::ui::fields::Input;
use crate::ui::groups::RosterNav;
use crate::ui::kit::editor::Archivable;
use crate::ui::kit::{Editing, EditorCard, ListRow, RecordPage, run_save};

/// Page: list of rooms with an editor for the chosen (or a new) room.
#[component]
pub fn RoomsPage() -> impl IntoView {
    dom::set_title("Rooms");
    let app = use_app();
    let editing = Editing::new();
    let list = Memo::new(move |_| {
        app.programme.with(|p| {
            let mut v: Vec<_> = p
                .rooms
                .values()
                .map(|r| {
                    let place = match &r.location {
                        Location::InPerson => "In person".to_string(),
                        Location::Telehealth { .. } => "Telehealth".to_string(),
                    };
                    let groups = p
                        .groups
                        .values()
                        .filter(|g| !g.archived && g.room.as_deref() == Some(&r.id))
                        .map(|g| g.name.clone())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let detail = format!("{place} · up to {} people", r.capacity);
                    ListRow {
                        archived: r.archived,
                        name: r.name.clone(),
                        id: r.id.clone(),
                        suffix: String::new(),
                        lines: vec![if groups.is_empty() {
                            detail
                        } else {
                            format!("{detail} · Groups: {groups}")
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
            title="Rooms"
            add_label="Add room"
            rows=list
            empty="No rooms yet. Add the rooms and telehealth spaces your groups meet in."
            editing=editing
            editor=move |which| view! { <RoomEditor which=which editing=editing /> }
        >
            <RosterNav />
        </RecordPage>
    }
}

#[component]
fn RoomEditor(which: Option<String>, editing: Editing) -> impl IntoView {
    let app = use_app();
    let existing = which
        .as_ref()
        .and_then(|id| app.programme.with_untracked(|p| p.rooms.get(id).cloned()));
    let draft = RwSignal::new(
        existing
            .as_ref()
            .map(RoomDraft::from_room)
            .unwrap_or_else(RoomDraft::blank),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let id = which.clone().unwrap_or_else(|| app.new_id());
    // The revision the form was opened at: saving over a newer one is refused.
    let base = app.revision(crate::domain::Kind::Room, &id);
    let heading = existing
        .as_ref()
        .map(|r| format!("Edit {}", r.name))
        .unwrap_or_else(|| "Add room".into());
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let saving = RwSignal::new(false);
    let submit = move |()| {
        let id = id.clone();
        run_save(
            saving,
            async move { app.save_room(id, &draft.get_untracked(), base).await },
            move |result| match result {
                Ok(()) => editing.close(),
                Err(e) => errors.set(e),
            },
        );
    };
    let archive = existing.map(|r| Archivable {
        target: Target::Room(r.id),
        name: r.name,
    });
    view! {
        <EditorCard heading_id="room-editor-heading" heading=heading save_label="Save room"
            errors=errors saving=saving on_submit=Callback::new(submit)
            on_use_saved=Callback::new(move |()| editing.reopen(which.clone()))
            on_cancel=Callback::new(move |()| editing.close()) archive=archive>
            <Input id="room-name" label="Name" required=true value=Signal::derive(move || draft.with(|d| d.name.clone()))
                on_input=move |v| draft.update(|d| d.name = v) error=err("name") />
            <Input id="room-capacity" label="Capacity (people)" input_type="number" min="1"
                value=Signal::derive(move || draft.with(|d| d.capacity.clone()))
                on_input=move |v| draft.update(|d| d.capacity = v) error=err("capacity") />
            <label class="checkbox">
                <input type="checkbox" prop:checked=move || draft.with(|d| d.telehealth)
                    on:change=move |ev| draft.update(|d| d.telehealth = event_target_checked(&ev)) />
                "Telehealth (online meeting)"
            </label>
            {move || draft.with(|d| d.telehealth).then(|| view! {
                <Input id="room-link" label="Meeting link" input_type="url" hint="Starts with https://"
                    value=Signal::derive(move || draft.with(|d| d.link.clone()))
                    on_input=move |v| draft.update(|d| d.link = v) error=err("link") />
            })}
        </EditorCard>
    }
}
