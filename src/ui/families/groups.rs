//! A family member's places in family-education and multi-family groups (join, leave), and
//! where they stand with those groups' core topics: attended, missed (with the next date it
//! comes round in a family group they could attend) or still to come.

use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::coverage::{TopicState, family_coverage};
use crate::domain::dates::human_date;
use crate::domain::errors::FieldErrors;
use crate::ui::derived::use_derived;
use crate::ui::fields::{FormProblem, Input, Select};
use crate::ui::kit::run_save;

/// The family label of a topic state.
fn family_label(state: &TopicState) -> &'static str {
    match state {
        TopicState::Received { .. } => "Attended",
        TopicState::Planned { .. } => "To come",
        TopicState::Missed { .. } => "Missed",
        TopicState::Unreachable { .. } => "Missed, not offered again",
    }
}

/// One place as shown: group id, group name, "from 2 Dec 2026 (current)".
#[derive(Clone, PartialEq)]
struct Place {
    group: String,
    name: String,
    words: String,
    open: bool,
}

/// The family-groups panel of a family member's editor.
#[component]
pub fn MemberGroups(member: String) -> impl IntoView {
    let app = use_app();
    let derived = use_derived();
    let today = derived.today;
    let member = StoredValue::new(member);
    let places = Memo::new(move |_| {
        let today = today.get();
        app.programme.with(|p| {
            p.family_members
                .get(&member.get_value())
                .map(|m| {
                    m.groups
                        .iter()
                        .map(|g| {
                            let status = if g.active_on(today) {
                                "current"
                            } else if g.join > today {
                                "planned"
                            } else {
                                "ended"
                            };
                            let words = match g.leave {
                                Some(l) => format!(
                                    "{} to {} ({status})",
                                    human_date(g.join),
                                    human_date(l)
                                ),
                                None => format!("from {} ({status})", human_date(g.join)),
                            };
                            Place {
                                group: g.group.clone(),
                                name: p.group_name(&g.group),
                                words,
                                open: g.leave.is_none_or(|l| l > today),
                            }
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let groups = Signal::derive(move || {
        app.programme.with(|p| {
            let mut list: Vec<(String, String)> = p
                .groups
                .values()
                .filter(|g| !g.archived && g.kind.is_family())
                .map(|g| (g.id.clone(), g.name.clone()))
                .collect();
            crate::domain::sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            let mut options = vec![(String::new(), "Choose a group".to_string())];
            options.extend(list);
            options
        })
    });
    let topics = Memo::new(move |_| {
        let today = today.get();
        derived.with_index(|p, idx| {
            family_coverage(p, idx, &member.get_value(), today)
                .topics
                .into_iter()
                .map(|t| {
                    let title = p
                        .topics
                        .get(&t.topic)
                        .map_or_else(|| t.topic.clone(), |x| x.title.clone());
                    (
                        title,
                        family_label(&t.state),
                        t.state.words(p),
                        matches!(
                            t.state,
                            TopicState::Missed { .. } | TopicState::Unreachable { .. }
                        ),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let chosen = RwSignal::new(String::new());
    let join = RwSignal::new(today.get_untracked().to_string());
    let errors = RwSignal::new(FieldErrors::default());
    let saving = RwSignal::new(false);
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let do_join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = member.get_value();
        let base = app.revision(crate::domain::Kind::FamilyMember, &id);
        let (group, on) = (chosen.get_untracked(), join.get_untracked());
        run_save(
            saving,
            async move { app.join_family_group(&id, &group, &on, base).await },
            move |result| match result {
                Ok(()) => {
                    errors.set(FieldErrors::default());
                    chosen.set(String::new());
                }
                Err(e) => errors.set(e),
            },
        );
    };
    view! {
        <section aria-labelledby="family-groups-heading" class="family-groups">
            <h3 id="family-groups-heading">"Family groups"</h3>
            {move || {
                let list = places.get();
                if list.is_empty() {
                    return view! { <p class="empty">"Not in a family-education or multi-family group."</p> }.into_any();
                }
                view! {
                    <ul class="record-list">
                        {list.into_iter().map(|place| view! { <PlaceRow member=member.get_value() place=place /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form class="inline-form" on:submit=do_join novalidate>
                <Select id="family-group-choice" label="Join a family group" options=groups value=chosen
                    on_change=move |v| chosen.set(v) error=err("group") />
                <Input id="family-group-join" label="From" input_type="date" value=join
                    on_input=move |v| join.set(v) error=err("join") />
                <FormProblem message=err("form") />
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || saving.get()>"Join group"</button>
                </div>
            </form>
            {move || {
                let list = topics.get();
                (!list.is_empty()).then(|| view! {
                    <h4 aria-hidden="true">"Family-education topics"</h4>
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">"Family-education topics"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Topic"</th>
                                    <th scope="col">"Status"</th>
                                    <th scope="col">"Details and catch-up"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|(title, label, words, missed)| view! {
                                    <tr>
                                        <th scope="row">{title}</th>
                                        <td><span class="badge" class:badge--warn=missed>{label}</span></td>
                                        <td>{words}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                })
            }}
        </section>
    }
}

/// One place, with a small form to end it.
#[component]
fn PlaceRow(member: String, place: Place) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let leave = RwSignal::new(today.get_untracked().to_string());
    let errors = RwSignal::new(FieldErrors::default());
    let saving = RwSignal::new(false);
    let open_form = RwSignal::new(false);
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let group = StoredValue::new(place.group.clone());
    let member = StoredValue::new(member);
    let field = format!("leave-{}", place.group);
    let label = format!("Leaves {} on", place.name);
    let do_leave = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = member.get_value();
        let base = app.revision(crate::domain::Kind::FamilyMember, &id);
        let (group, on) = (group.get_value(), leave.get_untracked());
        run_save(
            saving,
            async move { app.leave_family_group(&id, &group, &on, base).await },
            move |result| match result {
                Ok(()) => open_form.set(false),
                Err(e) => errors.set(e),
            },
        );
    };
    view! {
        <li class="record">
            <div>
                <strong>{place.name.clone()}</strong>
                <p class="muted">{place.words.clone()}</p>
                {place.open.then(|| view! {
                    <Show
                        when=move || open_form.get()
                        fallback=move || view! {
                            <button type="button" class="button button--quiet" on:click=move |_| open_form.set(true)>
                                "End this place"
                            </button>
                        }
                    >
                        <form class="inline-form" on:submit=do_leave novalidate>
                            <Input id=field.clone() label=label.clone() input_type="date" value=leave
                                on_input=move |v| leave.set(v) error=err("leave") />
                            <FormProblem message=err("form") />
                            <div class="form-actions">
                                <button type="submit" class="button" disabled=move || saving.get()>"Save leaving date"</button>
                                <button type="button" class="button button--quiet" on:click=move |_| open_form.set(false)>"Keep the place"</button>
                            </div>
                        </form>
                    </Show>
                })}
            </div>
        </li>
    }
}
