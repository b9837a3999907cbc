//! Curricula: the list (with templates) and the editor of modules and units.

use crate::domain::Kind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::actions::use_app;
use crate::domain::errors::CONFLICT;
use crate::domain::library::curriculum::{
    Curriculum, CurriculumKind, EntryRule, blank_curriculum, duplicate_curriculum,
    validate_curriculum,
};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::ui::curriculum::CurriculumNav;
use crate::ui::dom;
use crate::ui::fields::{Input, Problems, Select, TextArea};
use crate::ui::kit::use_flash;
use crate::ui::kit::{ConflictNotice, ListRow, RecordList, RowAction, run_save};

/// Page: every curriculum, with the groups using it.
#[component]
pub fn CurriculumList() -> impl IntoView {
    dom::set_title("Curricula");
    let app = use_app();
    let rows = Memo::new(move |_| {
        app.programme.with(|p| {
            let mut v: Vec<_> = p
                .curricula
                .values()
                .map(|c| {
                    let groups: Vec<String> = p
                        .plans
                        .values()
                        .filter(|plan| plan.curriculum == c.id)
                        .map(|plan| p.group_name(&plan.group))
                        .collect();
                    ListRow {
                        archived: c.archived,
                        name: c.name.clone(),
                        id: c.id.clone(),
                        suffix: String::new(),
                        lines: vec![
                            format!(
                                "{} · {} in {}",
                                c.kind_words(),
                                plural(c.len(), "session", "sessions"),
                                plural(c.modules.len(), "module", "modules")
                            ),
                            if groups.is_empty() {
                                "Not assigned to a group.".to_string()
                            } else {
                                format!("Used by {}", groups.join(", "))
                            },
                        ],
                    }
                })
                .collect();
            sorting::sort(&mut v);
            v
        })
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <CurriculumNav />
            <div class="page-head">
                <h1 id="page-title">"Curricula"</h1>
                <A href="/curriculum/plans/new" attr:class="button button--primary">"New curriculum"</A>
            </div>
            <p class="lead">"Ordered sessions grouped into modules. Assign one to a group on the group's page to get its dated sessions."</p>
            <RecordList
                rows=rows
                empty="No curricula yet. Create one, or add the starter library from the topic library page."
                action=RowAction::Link("/curriculum/plans/")
            />
        </section>
    }
}

/// Page: one curriculum (`/curriculum/plans/:id`, or `new`).
#[component]
pub fn CurriculumPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let existing = app
            .programme
            .with_untracked(|p| p.curricula.get(&id).cloned());
        let (curriculum, is_new) = match existing {
            Some(c) => (c, false),
            None if id == "new" => (blank_curriculum(app.new_id()), true),
            None => {
                dom::set_title("Curriculum not found");
                return view! {
                    <section class="page" aria-labelledby="page-title">
                        <CurriculumNav />
                        <h1 id="page-title">"Curriculum not found"</h1>
                        <p>"No curriculum has this address. " <A href="/curriculum/plans">"Back to curricula"</A></p>
                    </section>
                }
                .into_any();
            }
        };
        dom::set_title(if is_new {
            "New curriculum"
        } else {
            &curriculum.name
        });
        view! { <CurriculumEditor curriculum=curriculum is_new=is_new /> }.into_any()
    }
}

fn kind_code(k: CurriculumKind) -> &'static str {
    match k {
        CurriculumKind::Closed => "closed",
        CurriculumKind::Rolling => "rolling",
    }
}

fn entry_code(e: EntryRule) -> &'static str {
    match e {
        EntryRule::AnySession => "any",
        EntryRule::ModuleStart => "module",
    }
}

/// The editor: details, then modules with their ordered sessions. Edits stay in the page until
/// "Save curriculum"; moves keep keyboard focus on the moved control.
#[component]
fn CurriculumEditor(curriculum: Curriculum, is_new: bool) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let flash = use_flash();
    let saved = RwSignal::new(curriculum.clone());
    // The revision the editor was opened at (then last saved at): saving over a newer one, from
    // another tab, is refused.
    let base = StoredValue::new(app.revision(Kind::Curriculum, &curriculum.id));
    let draft = RwSignal::new(curriculum.clone());
    let problems = RwSignal::new(Vec::<String>::new());
    // Set when the save was refused because another tab changed this curriculum.
    let conflict = RwSignal::new(None::<String>);
    let use_saved = {
        let id = curriculum.id.clone();
        move |_: ()| {
            if let Some(c) = app
                .programme
                .with_untracked(|p| p.curricula.get(&id).cloned())
            {
                base.set_value(app.revision(Kind::Curriculum, &id));
                saved.set(c.clone());
                draft.set(c);
                conflict.set(None);
            }
        }
    };
    let busy = RwSignal::new(false);
    dom::warn_before_unload(move || draft.with_untracked(|d| *d != saved.get_untracked()));
    // Archived topics are offered only where a unit already uses them, marked as archived.
    let topics = Memo::new(move |_| {
        let in_use: Vec<String> =
            draft.with(|d| d.topic_ids().into_iter().map(String::from).collect());
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = p
                .topics
                .values()
                .filter(|t| !t.archived || in_use.contains(&t.id))
                .map(|t| {
                    let archived = if t.archived { ", archived" } else { "" };
                    (
                        t.id.clone(),
                        format!("{} ({}{archived})", t.title, t.kind.label()),
                    )
                })
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            list
        })
    });
    let heading = if is_new {
        "New curriculum".to_string()
    } else {
        curriculum.name.clone()
    };
    // Only the list of module ids rebuilds the modules, so typing a module's name keeps focus.
    let module_ids = Memo::new(move |_| {
        draft.with(|d| d.modules.iter().map(|m| m.id.clone()).collect::<Vec<_>>())
    });
    let name = Signal::derive(move || draft.with(|d| d.name.clone()));
    let description = Signal::derive(move || draft.with(|d| d.description.clone()));
    let kind = Signal::derive(move || draft.with(|d| kind_code(d.kind).to_string()));
    let entry = Signal::derive(move || draft.with(|d| entry_code(d.entry).to_string()));
    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let c = draft.get_untracked();
            let problems_now = app
                .programme
                .with_untracked(|p| validate_curriculum(&c, &p.topics));
            if let Err(p) = problems_now {
                problems.set(p.messages());
                return;
            }
            let navigate = navigate.clone();
            let path = format!("/curriculum/plans/{}", c.id);
            let message = format!("Saved {}.", c.name);
            let save = {
                let c = c.clone();
                async move { app.save_curriculum(c, base.get_value()).await }
            };
            run_save(busy, save, move |result| match result {
                Ok(()) => {
                    base.set_value(app.revision(Kind::Curriculum, &c.id));
                    problems.set(Vec::new());
                    saved.set(c);
                    flash.show(message, path.clone());
                    if is_new {
                        navigate(&path, Default::default());
                    }
                }
                Err(p) => match p.get(CONFLICT) {
                    Some(m) => conflict.set(Some(m.to_string())),
                    None => problems.set(p.messages()),
                },
            });
        }
    };
    let duplicate = {
        let navigate = navigate.clone();
        move |_| {
            let copy = duplicate_curriculum(&saved.get_untracked(), app.new_id());
            let navigate = navigate.clone();
            spawn_local(async move {
                let path = format!("/curriculum/plans/{}", copy.id);
                let message = format!("Created {}.", copy.name);
                match app.save_curriculum(copy, 0).await {
                    Ok(()) => {
                        flash.show(message, path.clone());
                        navigate(&path, Default::default());
                    }
                    Err(p) => problems.set(p.messages()),
                }
            });
        }
    };
    let toggle_archive = move |_| {
        let mut c = saved.get_untracked();
        c.archived = !c.archived;
        spawn_local(async move {
            match app.save_curriculum(c.clone(), base.get_value()).await {
                Ok(()) => {
                    base.set_value(app.revision(Kind::Curriculum, &c.id));
                    draft.update(|d| d.archived = c.archived);
                    saved.set(c);
                }
                Err(p) => problems.set(p.messages()),
            }
        });
    };
    let add_module = move |_| {
        let mut focus = String::new();
        draft.update(|d| {
            let id = d.next_module_id();
            let n = d.modules.len() + 1;
            d.add_module(format!("Module {n}"), id.clone());
            focus = format!("module-name-{id}");
        });
        dom::focus_after_render(focus);
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <CurriculumNav />
            <h1 id="page-title">{heading}</h1>
            <form class="form curriculum-form" on:submit=save novalidate>
                <Problems messages=problems />
                <ConflictNotice message=conflict on_use_saved=Callback::new(use_saved) />
                <Input id="curriculum-name" label="Name" required=true value=name on_input=move |v: String| draft.update(|d| d.name = v) />
                <TextArea id="curriculum-description" label="Description" value=description on_input=move |v: String| draft.update(|d| d.description = v) />
                <Select
                    id="curriculum-kind"
                    label="Kind"
                    options=vec![
                        ("closed".to_string(), "Closed: runs once from a start date".to_string()),
                        ("rolling".to_string(), "Rolling: repeats; clients join part-way".to_string()),
                    ]
                    value=kind
                    on_change=move |v: String| draft.update(|d| d.kind = if v == "rolling" { CurriculumKind::Rolling } else { CurriculumKind::Closed })
                />
                {move || (kind.get() == "rolling").then(|| view! {
                    <Select
                        id="curriculum-entry"
                        label="New members join"
                        options=vec![
                            ("any".to_string(), "At any session".to_string()),
                            ("module".to_string(), "Only at the start of a module".to_string()),
                        ]
                        value=entry
                        on_change=move |v: String| draft.update(|d| d.entry = if v == "module" { EntryRule::ModuleStart } else { EntryRule::AnySession })
                    />
                })}
                <p class="muted" role="status">
                    {move || draft.with(|d| format!("{} in {}.", plural(d.len(), "session", "sessions"), plural(d.modules.len(), "module", "modules")))}
                </p>
                {move || {
                    module_ids
                        .get()
                        .into_iter()
                        .map(|id| view! { <ModuleEditor draft=draft module=id topics=topics /> })
                        .collect_view()
                }}
                <div class="form-actions">
                    <button type="button" class="button" id="add-module" on:click=add_module>"Add module"</button>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {if is_new { "Add curriculum" } else { "Save curriculum" }}
                    </button>
                    <A href="/curriculum/plans" attr:class="button button--quiet">"Back to curricula"</A>
                    {move || (draft.get() != saved.get()).then(|| view! { <span class="muted">"Unsaved changes"</span> })}
                </div>
            </form>
            {(!is_new).then(|| view! {
                <div class="card card--row">
                    <p>{move || if saved.with(|c| c.archived) { "Archived: groups using it keep their sessions; it is hidden from pickers." } else { "Duplicate it to make a variant for another group." }}</p>
                    <button
                        class="button"
                        on:click=duplicate
                        disabled=move || draft.get() != saved.get()
                        title="Save or undo your changes first"
                    >
                        "Duplicate curriculum"
                    </button>
                    <button class="button" on:click=toggle_archive>
                        {move || if saved.with(|c| c.archived) { "Restore curriculum" } else { "Archive curriculum" }}
                    </button>
                </div>
            })}
        </section>
    }
}

/// One module: its name, order controls and its sessions.
#[component]
fn ModuleEditor(
    draft: RwSignal<Curriculum>,
    module: String,
    topics: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let id = StoredValue::new(module.clone());
    // Structure only (not the name), so typing the name does not rebuild the module.
    let info = Memo::new(move |_| {
        draft.with(|d| {
            let at = d.modules.iter().position(|m| m.id == id.get_value())?;
            let offset: usize = d.modules[..at].iter().map(|m| m.units.len()).sum();
            let m = &d.modules[at];
            Some((
                at,
                offset,
                m.units.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
                d.modules.len(),
            ))
        })
    });
    let name = Signal::derive(move || {
        draft.with(|d| {
            d.modules
                .iter()
                .find(|m| m.id == id.get_value())
                .map(|m| m.name.clone())
                .unwrap_or_default()
        })
    });
    let add_unit = move |_| {
        let mut focus = String::new();
        draft.update(|d| {
            let unit = d.next_unit_id();
            d.add_unit(&id.get_value(), unit.clone(), String::new(), None);
            focus = format!("unit-topic-{unit}");
        });
        dom::focus_after_render(focus);
    };
    let shift = move |up: bool| {
        draft.update(|d| {
            d.move_module(
                &id.get_value(),
                if up {
                    crate::domain::library::curriculum::Direction::Up
                } else {
                    crate::domain::library::curriculum::Direction::Down
                },
            );
        });
        dom::focus_after_render(format!(
            "module-{}-{}",
            if up { "up" } else { "down" },
            id.get_value()
        ));
    };
    let remove = move |_| {
        draft.update(|d| {
            d.remove_module(&id.get_value());
        });
        dom::focus_after_render("add-module".into());
    };
    move || {
        let (at, offset, units, count) = info.get()?;
        let module_id = id.get_value();
        let title = format!("Module {}", at + 1);
        Some(view! {
            <fieldset class="module">
                <legend>{move || format!("{title}: {}", name.get())}</legend>
                <Input
                    id=format!("module-name-{module_id}")
                    label=format!("Name of module {}", at + 1)
                    value=name
                    on_input=move |v: String| draft.update(|d| { d.rename_module(&id.get_value(), v); })
                />
                <div class="form-actions">
                    <button type="button" class="button button--quiet" id=format!("module-up-{module_id}") aria-disabled=(at == 0).then_some("true") on:click=move |_| { if at > 0 { shift(true) } }>
                        {format!("Move module {} earlier", at + 1)}
                    </button>
                    <button type="button" class="button button--quiet" id=format!("module-down-{module_id}") aria-disabled=(at + 1 == count).then_some("true") on:click=move |_| { if at + 1 < count { shift(false) } }>
                        {format!("Move module {} later", at + 1)}
                    </button>
                    <button type="button" class="button button--quiet" on:click=remove>{format!("Remove module {}", at + 1)}</button>
                </div>
                <ol class="unit-list" start=offset + 1>
                    {units
                        .into_iter()
                        .enumerate()
                        .map(|(i, unit)| view! { <UnitEditor draft=draft unit=unit number=offset + i + 1 topics=topics /> })
                        .collect_view()}
                </ol>
                <button type="button" class="button" id=format!("add-unit-{module_id}") on:click=add_unit>{move || format!("Add a session to {}", name.get())}</button>
            </fieldset>
        })
    }
}

/// One session of a curriculum: topic, paired practice, order.
#[component]
fn UnitEditor(
    draft: RwSignal<Curriculum>,
    unit: String,
    /// 1-based position in the whole curriculum.
    number: usize,
    topics: Memo<Vec<(String, String)>>,
) -> impl IntoView {
    let id = StoredValue::new(unit.clone());
    let current = move || {
        draft.with(|d| {
            d.modules
                .iter()
                .flat_map(|m| &m.units)
                .find(|u| u.id == id.get_value())
                .map(|u| (u.topic.clone(), u.practice.clone().unwrap_or_default()))
                .unwrap_or_default()
        })
    };
    let total = move || draft.with(|d| d.len());
    let topic = Signal::derive(move || current().0);
    let practice = Signal::derive(move || current().1);
    let topic_options = Signal::derive(move || {
        std::iter::once((String::new(), "Choose a topic…".to_string()))
            .chain(topics.get())
            .collect::<Vec<_>>()
    });
    let practice_options = Signal::derive(move || {
        std::iter::once((String::new(), "No paired practice".to_string()))
            .chain(topics.get())
            .collect::<Vec<_>>()
    });
    let set = move |t: Option<String>, pr: Option<Option<String>>| {
        draft.update(|d| {
            let (old_t, old_p) = d
                .modules
                .iter()
                .flat_map(|m| &m.units)
                .find(|u| u.id == id.get_value())
                .map(|u| (u.topic.clone(), u.practice.clone()))
                .unwrap_or_default();
            d.set_unit_topic(&id.get_value(), t.unwrap_or(old_t), pr.unwrap_or(old_p));
        });
    };
    let shift = move |delta: i32| {
        draft.update(|d| {
            d.move_unit(&id.get_value(), delta);
        });
        dom::focus_after_render(format!(
            "unit-{}-{}",
            if delta < 0 { "up" } else { "down" },
            id.get_value()
        ));
    };
    let remove = move |_| {
        let mut module = String::new();
        draft.update(|d| {
            if let Some(m) = d
                .modules
                .iter()
                .find(|m| m.units.iter().any(|u| u.id == id.get_value()))
            {
                module = m.id.clone();
            }
            d.remove_unit(&id.get_value());
        });
        dom::focus_after_render(format!("add-unit-{module}"));
    };
    let unit_id = id.get_value();
    view! {
        <li class="unit">
            <Select
                id=format!("unit-topic-{unit_id}")
                label=format!("Topic for session {number}")
                options=topic_options
                value=topic
                on_change=move |v: String| set(Some(v), None)
            />
            <Select
                id=format!("unit-practice-{unit_id}")
                label=format!("Paired practice for session {number}")
                options=practice_options
                value=practice
                on_change=move |v: String| set(None, Some((!v.is_empty()).then_some(v)))
            />
            <div class="unit__actions">
                <button type="button" class="button button--quiet" id=format!("unit-up-{unit_id}") aria-label=format!("Move session {number} earlier") aria-disabled=(number == 1).then_some("true") on:click=move |_| { if number > 1 { shift(-1) } }>"↑"</button>
                <button type="button" class="button button--quiet" id=format!("unit-down-{unit_id}") aria-label=format!("Move session {number} later") aria-disabled=move || (number >= total()).then_some("true") on:click=move |_| { if number < total() { shift(1) } }>"↓"</button>
                <button type="button" class="button button--quiet" aria-label=format!("Remove session {number}") on:click=remove>"Remove"</button>
            </div>
        </li>
    }
}
