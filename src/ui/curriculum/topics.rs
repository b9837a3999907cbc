//! The topic library: search and filters, and the topic editor (create, edit, duplicate,
//! archive).

use crate::domain::Kind;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::actions::use_app;
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::domain::library::topic::{
    Modality, TOPIC_SCHEMA, Topic, TopicFilter, TopicKind, duplicate_topic, search_topics,
};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::ui::curriculum::CurriculumNav;
use crate::ui::dom;
use crate::ui::fields::{Checkbox, Input, Problems, Select, TextArea};
use crate::ui::kit::use_flash;
use crate::ui::kit::{ConflictNotice, run_save};

fn kind_code(k: TopicKind) -> &'static str {
    match k {
        TopicKind::Psychoeducation => "psychoeducation",
        TopicKind::SkillsPractice => "skills_practice",
        TopicKind::Process => "process",
        TopicKind::FamilyEducation => "family_education",
    }
}

fn kind_from(code: &str) -> Option<TopicKind> {
    TopicKind::ALL.into_iter().find(|k| kind_code(*k) == code)
}

fn modality_code(m: Modality) -> String {
    format!("{m:?}")
}

fn modality_from(code: &str) -> Option<Modality> {
    Modality::ALL
        .into_iter()
        .find(|m| modality_code(*m) == code)
}

/// Page: the library with search and filters.
#[component]
pub fn TopicLibrary() -> impl IntoView {
    dom::set_title("Topic library");
    let app = use_app();
    let query = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let modality = RwSignal::new(String::new());
    let core_only = RwSignal::new(false);
    let archived = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let found = Memo::new(move |_| {
        let filter = TopicFilter {
            query: query.get(),
            kind: kind_from(&kind.get()),
            modality: modality_from(&modality.get()),
            core_only: core_only.get(),
            include_archived: archived.get(),
        };
        app.programme.with(|p| {
            search_topics(p.topics.values(), &filter)
                .into_iter()
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let total = Memo::new(move |_| app.programme.with(|p| p.topics.len()));
    let kinds = std::iter::once((String::new(), "All kinds".to_string()))
        .chain(
            TopicKind::ALL
                .into_iter()
                .map(|k| (kind_code(k).to_string(), k.label().to_string())),
        )
        .collect::<Vec<_>>();
    let modalities = std::iter::once((String::new(), "All approaches".to_string()))
        .chain(
            Modality::ALL
                .into_iter()
                .map(|m| (modality_code(m), m.label().to_string())),
        )
        .collect::<Vec<_>>();
    let add_starter = move |_| {
        spawn_local(async move {
            match app.add_starter_library().await {
                Ok(0) => problem.set(Some("The starter library is already here.".into())),
                Ok(_) => problem.set(None),
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <CurriculumNav />
            <div class="page-head">
                <h1 id="page-title">"Topic library"</h1>
                <A href="/curriculum/topics/new" attr:class="button button--primary">"New topic"</A>
            </div>
            <p class="lead">"Psychoeducation topics, skills practices, process and family-education sessions your curricula are built from."</p>
            <div class="filters" role="search">
                <Input id="topic-search" label="Search topics" value=query on_input=move |v| query.set(v) />
                <Select id="topic-kind" label="Kind" options=kinds value=kind on_change=move |v| kind.set(v) />
                <Select id="topic-modality" label="Approach" options=modalities value=modality on_change=move |v| modality.set(v) />
                <Checkbox id="topic-core" label="Core topics only" checked=core_only on_change=move |v| core_only.set(v) />
                <Checkbox id="topic-archived" label="Show archived" checked=archived on_change=move |v| archived.set(v) />
            </div>
            <p class="muted" role="status">
                {move || format!("{} of {}", plural(found.with(Vec::len), "topic", "topics"), total.get())}
            </p>
            {move || {
                let list = found.get();
                if total.get() == 0 {
                    return view! {
                        <div class="empty">
                            <p>"The library is empty."</p>
                            <button class="button" on:click=add_starter>"Add the starter library"</button>
                        </div>
                    }
                        .into_any();
                }
                if list.is_empty() {
                    return view! { <p class="empty">"No topic matches. Try fewer words or clear a filter."</p> }.into_any();
                }
                view! {
                    <ul class="record-list topic-list">
                        {list
                            .into_iter()
                            .map(|t| {
                                let href = format!("/curriculum/topics/{}", t.id);
                                let tags = t.modalities.iter().map(|m| m.label()).collect::<Vec<_>>().join(", ");
                                view! {
                                    <li class="record" class:archived=t.archived>
                                        <div>
                                            <A href=href><strong>{t.title.clone()}</strong></A>
                                            {t.core.then(|| view! { " " <span class="badge">"Core"</span> })}
                                            {t.archived.then(|| view! { " " <span class="badge badge--muted">"Archived"</span> })}
                                            <p class="muted">{format!("{} · {} min · {}", t.kind.label(), t.minutes, tags)}</p>
                                            <p>{t.summary.clone()}</p>
                                        </div>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </section>
    }
}

fn blank_topic(id: String) -> Topic {
    Topic {
        id,
        schema: TOPIC_SCHEMA,
        title: String::new(),
        kind: TopicKind::Psychoeducation,
        modalities: Vec::new(),
        summary: String::new(),
        objectives: Vec::new(),
        minutes: 60,
        materials: Vec::new(),
        homework: String::new(),
        facilitator_notes: String::new(),
        core: false,
        archived: false,
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// Page: one topic (`/curriculum/topics/:id`, or `new`).
#[component]
pub fn TopicPage() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let existing = app.programme.with_untracked(|p| p.topics.get(&id).cloned());
        let (topic, is_new) = match existing {
            Some(t) => (t, false),
            None if id == "new" => (blank_topic(app.new_id()), true),
            None => {
                dom::set_title("Topic not found");
                return view! {
                    <section class="page" aria-labelledby="page-title">
                        <CurriculumNav />
                        <h1 id="page-title">"Topic not found"</h1>
                        <p>"No topic has this address. " <A href="/curriculum">"Back to the library"</A></p>
                    </section>
                }
                .into_any();
            }
        };
        dom::set_title(if is_new { "New topic" } else { &topic.title });
        view! { <TopicEditor topic=topic is_new=is_new /> }.into_any()
    }
}

#[component]
fn TopicEditor(topic: Topic, is_new: bool) -> impl IntoView {
    let app = use_app();
    let navigate = use_navigate();
    let flash = use_flash();
    let original = StoredValue::new(topic.clone());
    // The revision the editor was opened at (then last saved at): saving over a newer one, from
    // another tab, is refused.
    let base = StoredValue::new(app.revision(Kind::Topic, &topic.id));
    let title = RwSignal::new(topic.title.clone());
    let kind = RwSignal::new(kind_code(topic.kind).to_string());
    let modalities = RwSignal::new(topic.modalities.clone());
    let summary = RwSignal::new(topic.summary.clone());
    let objectives = RwSignal::new(topic.objectives.join("\n"));
    let minutes = RwSignal::new(topic.minutes.to_string());
    let materials = RwSignal::new(topic.materials.join("\n"));
    let homework = RwSignal::new(topic.homework.clone());
    let notes = RwSignal::new(topic.facilitator_notes.clone());
    let core = RwSignal::new(topic.core);
    let problems = RwSignal::new(Vec::<String>::new());
    let archived_now = RwSignal::new(topic.archived);
    // Set when a save was refused because another tab changed this topic.
    let conflict = RwSignal::new(None::<String>);
    let show = move |t: &Topic| {
        title.set(t.title.clone());
        kind.set(kind_code(t.kind).to_string());
        modalities.set(t.modalities.clone());
        summary.set(t.summary.clone());
        objectives.set(t.objectives.join("\n"));
        minutes.set(t.minutes.to_string());
        materials.set(t.materials.join("\n"));
        homework.set(t.homework.clone());
        notes.set(t.facilitator_notes.clone());
        core.set(t.core);
    };
    let use_saved = {
        let id = topic.id.clone();
        move |_: ()| {
            if let Some(t) = app.programme.with_untracked(|p| p.topics.get(&id).cloned()) {
                base.set_value(app.revision(Kind::Topic, &id));
                show(&t);
                archived_now.set(t.archived);
                original.set_value(t);
                conflict.set(None);
            }
        }
    };
    let refused = move |p: FieldErrors| match p.get(CONFLICT) {
        Some(m) => conflict.set(Some(m.to_string())),
        None => problems.set(p.messages()),
    };
    let busy = RwSignal::new(false);
    let heading = if is_new {
        "New topic".to_string()
    } else {
        topic.title.clone()
    };
    let build = move || -> Result<Topic, Vec<String>> {
        let base = original.get_value();
        let minutes = minutes
            .get_untracked()
            .trim()
            .parse::<u16>()
            .map_err(|_| vec!["Enter the default length in whole minutes.".to_string()])?;
        Ok(Topic {
            title: title.get_untracked().trim().to_string(),
            kind: kind_from(&kind.get_untracked()).unwrap_or(base.kind),
            modalities: modalities.get_untracked(),
            summary: summary.get_untracked().trim().to_string(),
            objectives: lines(&objectives.get_untracked()),
            minutes,
            materials: lines(&materials.get_untracked()),
            homework: homework.get_untracked().trim().to_string(),
            facilitator_notes: notes.get_untracked().trim().to_string(),
            core: core.get_untracked(),
            ..base
        })
    };
    let save = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let topic = match build() {
                Ok(t) => t,
                Err(p) => {
                    problems.set(p);
                    return;
                }
            };
            let navigate = navigate.clone();
            let path = format!("/curriculum/topics/{}", topic.id);
            let message = format!("Saved {}.", topic.title);
            let save = {
                let topic = topic.clone();
                async move { app.save_topic(topic, base.get_value()).await }
            };
            run_save(busy, save, move |result| match result {
                Ok(()) => {
                    base.set_value(app.revision(Kind::Topic, &topic.id));
                    problems.set(Vec::new());
                    original.set_value(topic);
                    flash.show(message, path.clone());
                    if is_new {
                        navigate(&path, Default::default());
                    }
                }
                Err(p) => refused(p),
            });
        }
    };
    let duplicate = {
        let navigate = navigate.clone();
        move |_| {
            // Duplicate what is on screen, so unsaved edits go into the copy, not nowhere.
            let current = match build() {
                Ok(t) => t,
                Err(p) => {
                    problems.set(p);
                    return;
                }
            };
            let copy = duplicate_topic(&current, app.new_id());
            let navigate = navigate.clone();
            spawn_local(async move {
                let path = format!("/curriculum/topics/{}", copy.id);
                let message = format!("Created {}. Edit it below.", copy.title);
                match app.save_topic(copy, 0).await {
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
        let mut t = original.get_value();
        t.archived = !t.archived;
        spawn_local(async move {
            let archived = t.archived;
            match app.save_topic(t.clone(), base.get_value()).await {
                Ok(()) => {
                    base.set_value(app.revision(Kind::Topic, &t.id));
                    original.set_value(t);
                    problems.set(Vec::new());
                    archived_now.set(archived);
                }
                Err(p) => refused(p),
            }
        });
    };
    let kinds: Vec<(String, String)> = TopicKind::ALL
        .into_iter()
        .map(|k| (kind_code(k).to_string(), k.label().to_string()))
        .collect();
    view! {
        <section class="page" aria-labelledby="page-title">
            <CurriculumNav />
            <h1 id="page-title">{heading}</h1>
            <form class="form topic-form" on:submit=save novalidate>
                <Problems messages=problems />
                <ConflictNotice message=conflict on_use_saved=Callback::new(use_saved) />
                <Input id="topic-title" label="Title" required=true value=title on_input=move |v| title.set(v) />
                <Select id="topic-kind-edit" label="Kind of session" options=kinds value=kind on_change=move |v| kind.set(v) />
                <fieldset class="field">
                    <legend>"Approaches"</legend>
                    <div class="check-grid">
                        {Modality::ALL
                            .into_iter()
                            .map(|m| {
                                let id = format!("topic-mod-{}", modality_code(m));
                                view! {
                                    <Checkbox
                                        id=id
                                        label=m.label()
                                        checked=Signal::derive(move || modalities.with(|v| v.contains(&m)))
                                        on_change=move |on: bool| modalities.update(|v| {
                                            v.retain(|x| *x != m);
                                            if on {
                                                v.push(m);
                                                sorting::sort(v);
                                            }
                                        })
                                    />
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
                <Input id="topic-minutes" label="Default length (minutes)" input_type="number" min="5" value=minutes on_input=move |v| minutes.set(v) />
                <Checkbox id="topic-core-edit" label="Core topic (every client should receive it)" checked=core on_change=move |v| core.set(v) />
                <TextArea id="topic-summary" label="Summary" value=summary on_input=move |v| summary.set(v) />
                <TextArea id="topic-objectives" label="Learning objectives" hint="One per line." value=objectives on_input=move |v| objectives.set(v) rows=4 />
                <TextArea id="topic-materials" label="Materials and handouts" hint="One per line." value=materials on_input=move |v| materials.set(v) />
                <TextArea id="topic-homework" label="Homework" value=homework on_input=move |v| homework.set(v) rows=2 />
                <TextArea id="topic-notes" label="Facilitator notes" value=notes on_input=move |v| notes.set(v) />
                <div class="form-actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {if is_new { "Add topic" } else { "Save topic" }}
                    </button>
                    <A href="/curriculum" attr:class="button button--quiet">"Back to the library"</A>
                </div>
            </form>
            {(!is_new).then(|| view! {
                <div class="card card--row">
                    <p>
                        {move || if archived_now.get() {
                            "Archived: hidden from the library and pickers; curricula and sessions that use it keep it."
                        } else {
                            "Duplicate to make a variant; archive to hide it from pickers."
                        }}
                    </p>
                    <button class="button" on:click=duplicate>"Duplicate topic"</button>
                    <button class="button" on:click=toggle_archive>
                        {move || if archived_now.get() { "Restore topic" } else { "Archive topic" }}
                    </button>
                </div>
            })}
        </section>
    }
}
