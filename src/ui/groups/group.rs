//! The groups list (with the size forecast) and one group's page: its form, roster on any date,
//! membership history and warnings.

use crate::domain::Kind;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::actions::use_app;
use crate::domain::archive::Target;
use crate::domain::dates::{REAL_DATE_HINT, human_date, parse_date};
use crate::domain::dates::{WEEKDAYS, weekday_code};
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::domain::roster::forms::{GroupDraft, MeetingDraft};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::domain::{AgeBand, Gender, GroupType, rules};
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{FormProblem, Input, Select};
use crate::ui::groups::forecast::ForecastCharts;
use crate::ui::groups::{MembershipRow, RosterNav, options_with_none};
use crate::ui::kit::ClientNames;
use crate::ui::kit::use_flash;
use crate::ui::kit::{ArchiveControl, ConfirmEnd, Warnings};
use crate::ui::kit::{ConflictNotice, run_save};
use crate::ui::sessions::GroupSessions;

/// One group in the group list; sorts by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct GroupRow {
    name: String,
    id: String,
    /// "Skills group · Mental health · Adult".
    kind: String,
    /// The weekly pattern in words.
    meets: String,
    /// "5 / 12" members today of the maximum.
    size: String,
    warnings: usize,
    archived: bool,
}

/// Page: every group, with today's headcount, warnings and the 12-week size forecast.
#[component]
pub fn GroupList() -> impl IntoView {
    dom::set_title("Groups");
    let app = use_app();
    let derived = use_derived();
    let show_archived = RwSignal::new(false);
    let rows = Memo::new(move |_| {
        let archived = show_archived.get();
        let today = derived.today.get();
        derived.violations.with(|violations| {
            app.programme.with(|p| {
                let mut headcount: std::collections::BTreeMap<&str, usize> = Default::default();
                for m in p.memberships.values().filter(|m| m.active_on(today)) {
                    *headcount.entry(m.group.as_str()).or_default() += 1;
                }
                let mut rows: Vec<_> = p
                    .groups
                    .values()
                    .filter(|g| archived || !g.archived)
                    .map(|g| {
                        let members = headcount.get(g.id.as_str()).copied().unwrap_or(0);
                        let warnings = violations
                            .iter()
                            .filter(|v| v.concerns_group(&g.id))
                            .count();
                        let track = g
                            .track
                            .as_deref()
                            .map(|t| p.settings.track_name(t))
                            .unwrap_or_else(|| "Every track".into());
                        GroupRow {
                            name: g.name.clone(),
                            id: g.id.clone(),
                            kind: format!(
                                "{} · {} · {}",
                                g.kind.label(),
                                track,
                                g.age_band.label()
                            ),
                            meets: g.pattern.describe(),
                            size: format!("{members} / {}", g.capacity_max),
                            warnings,
                            archived: g.archived,
                        }
                    })
                    .collect();
                rows.sort();
                rows
            })
        })
    });
    let empty = Memo::new(move |_| rows.with(Vec::is_empty));
    view! {
        <section class="page" aria-labelledby="page-title">
            <RosterNav />
            <div class="page-head">
                <h1 id="page-title">"Groups"</h1>
                <A href="/groups/new" attr:class="button button--primary">"Add group"</A>
            </div>
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=move || show_archived.get()
                    on:change=move |ev| show_archived.set(event_target_checked(&ev))
                />
                "Show archived groups"
            </label>
            // Only whether there are groups rebuilds this part; rows are keyed by their content,
            // so an edit redraws only the rows it changed.
            {move || {
                if empty.get() {
                    return view! {
                        <div class="empty">
                            <p>"No groups yet. Add your first group, or load the sample programme from Settings to explore."</p>
                        </div>
                    }
                        .into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <caption class="visually-hidden">"Groups"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Group"</th>
                                    <th scope="col">"Type, track, age band"</th>
                                    <th scope="col">"Meets"</th>
                                    <th scope="col">"Members today / max"</th>
                                    <th scope="col">"Warnings"</th>
                                </tr>
                            </thead>
                            <tbody>
                                <For each=move || rows.get() key=|r| r.clone() let:r>
                                    {group_row(r)}
                                </For>
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
            <ForecastCharts />
        </section>
    }
}

/// One group's row in the group list.
fn group_row(
    GroupRow {
        name,
        id,
        kind,
        meets,
        size,
        warnings,
        archived,
    }: GroupRow,
) -> impl IntoView {
    view! {
        <tr class:archived=archived>
            <th scope="row">
                <A href=format!("/groups/{id}")>{name}</A>
                {archived.then(|| view! { " " <span class="badge badge--muted">"Archived"</span> })}
            </th>
            <td>{kind}</td>
            <td>{meets}</td>
            <td>{size}</td>
            <td>
                {if warnings == 0 {
                    view! { <span class="muted">"None"</span> }.into_any()
                } else {
                    view! { <span class="badge badge--warn">{warnings}</span> }.into_any()
                }}
            </td>
        </tr>
    }
}

/// Page: add a group.
#[component]
pub fn NewGroup() -> impl IntoView {
    dom::set_title("Add group");
    view! {
        <section class="page" aria-labelledby="page-title">
            <RosterNav />
            <h1 id="page-title">"Add group"</h1>
            <GroupForm id=None initial=GroupDraft::blank(use_derived().today.get_untracked()) />
        </section>
    }
}

/// Page: one group.
#[component]
pub fn GroupDetail() -> impl IntoView {
    let app = use_app();
    let params = use_params_map();
    move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let Some(group) = app.programme.with_untracked(|p| p.groups.get(&id).cloned()) else {
            dom::set_title("Group not found");
            return view! {
                <section class="page" aria-labelledby="page-title">
                    <RosterNav />
                    <h1 id="page-title">"Group not found"</h1>
                    <p>"No group has this address. " <A href="/groups">"Back to groups"</A></p>
                </section>
            }
            .into_any();
        };
        dom::set_title(&group.name);
        let name = {
            let id = id.clone();
            Signal::derive(move || app.programme.with(|p| p.group_name(&id)))
        };
        let archived = {
            let id = id.clone();
            Signal::derive(move || {
                app.programme
                    .with(|p| p.groups.get(&id).is_some_and(|g| g.archived))
            })
        };
        let warnings = {
            let id = id.clone();
            let derived = use_derived();
            Signal::derive(move || derived.group_violations(&id))
        };
        view! {
            <section class="page" aria-labelledby="page-title">
                <RosterNav />
                <h1 id="page-title">{move || name.get()}</h1>
                <p class="lead">{group.pattern.describe()} " · " {group.admission_words()}</p>
                <Warnings
                    violations=warnings
                    heading="Warnings for this group today"
                    all_clear="No rule is broken in this group today."
                />
                <GroupRoster group=id.clone() />
                <h2>"Group details"</h2>
                <GroupForm id=Some(id.clone()) initial=GroupDraft::from_group(&group) />
                <ArchiveControl target=Target::Group(id.clone()) name=name archived=archived />
                <GroupSessions group=id.clone() />
            </section>
        }
        .into_any()
    }
}

/// The roster of one group on a chosen date, with adding and ending memberships.
#[component]
fn GroupRoster(group: String) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let date = RwSignal::new(today.get_untracked().to_string());
    let day = Memo::new(move |_| parse_date(&date.get()).unwrap_or_else(|| today.get()));
    let group = StoredValue::new(group);
    let problem = RwSignal::new(None::<String>);
    let rows = Memo::new(move |_| {
        let day = day.get();
        let g = group.get_value();
        app.programme.with(|p| {
            let names = ClientNames::of(p);
            let mut list: Vec<_> = p
                .memberships
                .values()
                .filter(|m| m.group == g)
                .map(|m| MembershipRow {
                    id: m.id.clone(),
                    other: m.client.0.clone(),
                    name: names.get(p, &m.client),
                    join: m.join,
                    leave: m.leave,
                    reason: m.reason.clone(),
                    active: m.active_on(day),
                    status: m.status_on(day),
                })
                .collect();
            sorting::sort_by(&mut list, |a, b| {
                b.join.cmp(&a.join).then_with(|| a.name.cmp(&b.name))
            });
            list
        })
    });
    // The membership whose "End membership" is waiting for a yes, and whether it is saving.
    let confirming = RwSignal::new(None::<String>);
    let ending = RwSignal::new(false);
    let end = move |membership: String, name: String| {
        let when = day.get_untracked();
        ending.set(true);
        spawn_local(async move {
            let result = app
                .end_membership(&membership, when, "Removed from group")
                .await;
            ending.set(false);
            confirming.set(None);
            match result {
                Ok(()) => problem.set(None),
                Err(e) => problem.set(Some(format!("{name}: {e}"))),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="roster-heading">
            <h2 id="roster-heading">"Roster"</h2>
            <Input
                id="roster-date"
                label="Show the roster on"
                input_type="date"
                value=date
                on_input=move |v| date.set(v)
            />
            {move || {
                let current: Vec<_> = rows.get().into_iter().filter(|r| r.active).collect();
                let day = day.get();
                view! {
                    <h3>{format!("{} on {}", plural(current.len(), "member", "members"), human_date(day))}</h3>
                    {if current.is_empty() {
                        view! { <p class="muted">"Nobody is in this group on this date."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="member-list">
                                {current
                                    .into_iter()
                                    .map(|MembershipRow { join, name, id, leave, .. }| {
                                        let label = format!("End membership of {name} on {}", human_date(day));
                                        let opener = format!("end-{id}");
                                        let is_open = {
                                            let id = id.clone();
                                            move || confirming.with(|c| c.as_deref() == Some(id.as_str()))
                                        };
                                        let open = {
                                            let id = id.clone();
                                            move |_| confirming.set(Some(id.clone()))
                                        };
                                        let detail = if join < day {
                                            format!("{name} will be off this group's roster from {}. Their history in the group is kept.", human_date(day))
                                        } else {
                                            format!("{name} joins on {}, so this membership is removed as if it had never been planned.", human_date(join))
                                        };
                                        let n = name.clone();
                                        view! {
                                            <li class="member">
                                                <span>
                                                    <strong>{name}</strong>
                                                    {format!(
                                                        " · since {}{}",
                                                        human_date(join),
                                                        leave.map(|l| format!(", leaves {}", human_date(l))).unwrap_or_default(),
                                                    )}
                                                </span>
                                                <button
                                                    id=opener.clone()
                                                    class="button button--quiet"
                                                    aria-label=label
                                                    on:click=open
                                                >
                                                    "End membership"
                                                </button>
                                                {move || {
                                                    let (id, n) = (id.clone(), n.clone());
                                                    is_open().then(|| view! {
                                                        <ConfirmEnd
                                                            title=format!("End {n}'s membership on {}?", human_date(day))
                                                            detail=detail.clone()
                                                            confirm=format!("Yes, end {n}'s membership")
                                                            opener=opener.clone()
                                                            busy=ending
                                                            on_confirm=move |_| end(id.clone(), n.clone())
                                                            on_cancel=move |_| confirming.set(None)
                                                        />
                                                    })
                                                }}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }}
                }
            }}
            <FormProblem message=problem />
            <AddMember group=group.get_value() day=day />
            <details class="history">
                <summary>"Membership history (planned, current and ended)"</summary>
                <table class="data-table">
                    <caption class="visually-hidden">"Every membership of this group"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Client"</th>
                            <th scope="col">"Joined"</th>
                            <th scope="col">"Left"</th>
                            <th scope="col">"Reason"</th>
                            <th scope="col">"Status on the roster date"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|MembershipRow { join, name, leave, reason, status, .. }| {
                                    view! {
                                        <tr>
                                            <th scope="row">{name}</th>
                                            <td>{human_date(join)}</td>
                                            <td>{leave.map(human_date).unwrap_or_else(|| "-".into())}</td>
                                            <td>{reason}</td>
                                            <td>{status}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </details>
        </section>
    }
}

/// Add a client to the group from a date, with the hard-rule fit shown before saving.
#[component]
fn AddMember(group: String, day: Memo<NaiveDate>) -> impl IntoView {
    let app = use_app();
    let client = RwSignal::new(String::new());
    let join = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let group = StoredValue::new(group);
    let options = Memo::new(move |_| {
        let g = group.get_value();
        let day = day.get();
        app.programme.with(|p| {
            // Clients already in (or planned for) this group on the date are not offered.
            let already: std::collections::BTreeSet<&crate::domain::ClientId> = p
                .memberships
                .values()
                .filter(|m| m.group == g && m.leave.is_none_or(|l| l > day))
                .map(|m| &m.client)
                .collect();
            let names = ClientNames::of(p);
            let mut list: Vec<(String, String)> = p
                .active_clients()
                .filter(|c| c.expected_discharge.is_none_or(|d| d >= day))
                .filter(|c| !already.contains(&c.id))
                .map(|c| (c.id.0.clone(), names.get(p, &c.id)))
                .collect();
            sorting::sort_by(&mut list, |a, b| a.1.cmp(&b.1));
            options_with_none("Choose a client…", list)
        })
    });
    let derived = use_derived();
    let fit = Memo::new(move |_| {
        let id = crate::domain::ClientId(client.get());
        let when = parse_date(&join.get()).unwrap_or(day.get());
        let (mut reasons, trial) = app.programme.with(|p| {
            let (Some(c), Some(g)) = (p.clients.get(&id), p.groups.get(&group.get_value())) else {
                return (Vec::new(), None);
            };
            // Fit, then group size and keep-apart pairs over the days the membership would run
            // (names only: a keep-apart reason is never shown here).
            let reasons: Vec<String> = rules::misfits(p, c, g, when, None)
                .into_iter()
                .chain(rules::joining_problems(p, c, g, when, None))
                .map(|(_, why)| why)
                .collect();
            // The curriculum's entry rule (closed, or join at module starts) for this date.
            let trial = p
                .plans
                .contains_key(&g.id)
                .then(|| crate::domain::Membership {
                    id: String::new(),
                    schema: crate::domain::roster::membership::MEMBERSHIP_SCHEMA,
                    client: c.id.clone(),
                    group: g.id.clone(),
                    join: when,
                    leave: None,
                    reason: String::new(),
                });
            (reasons, trial)
        });
        if let Some(trial) = trial {
            reasons.extend(
                derived.with_index(|p, idx| crate::domain::coverage::entry_warning(p, idx, &trial)),
            );
        }
        reasons
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = crate::domain::ClientId(client.get_untracked());
        if id.0.is_empty() {
            problem.set(Some("Choose a client to add.".into()));
            return;
        }
        let raw = join.get_untracked();
        let when = if raw.trim().is_empty() {
            day.get_untracked()
        } else {
            match parse_date(&raw) {
                Some(d) => d,
                None => {
                    problem.set(Some(format!(
                        "Enter the join date as a valid date ({REAL_DATE_HINT}), or leave it empty."
                    )));
                    return;
                }
            }
        };
        spawn_local(async move {
            match app.join_group(&id, &group.get_value(), when, None).await {
                Ok(_) => {
                    problem.set(None);
                    client.set(String::new());
                }
                Err(e) => problem.set(Some(e.to_string())),
            }
        });
    };
    view! {
        <form class="inline-form add-member" on:submit=submit>
            <h3>"Add a member"</h3>
            <Select
                id="add-member-client"
                label="Client"
                options=options
                value=client
                on_change=move |v| client.set(v)
            />
            <Input
                id="add-member-join"
                label="Joins on"
                input_type="date"
                hint="Empty: the roster date above."
                value=join
                on_input=move |v| join.set(v)
            />
            <button type="submit" class="button">"Add to group"</button>
            {move || {
                let reasons = fit.get();
                (!reasons.is_empty())
                    .then(|| {
                        view! {
                            <div class="notice notice--warning">
                                <p>"This would break a rule (you can still add them):"</p>
                                <ul>{reasons.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })
            }}
            <FormProblem message=problem />
        </form>
    }
}

/// The group form (add or edit). Nothing is saved while any field has a problem.
#[component]
fn GroupForm(
    /// `None` to add a group.
    id: Option<String>,
    /// Starting values.
    initial: GroupDraft,
) -> impl IntoView {
    let app = use_app();
    let flash = use_flash();
    let navigate = use_navigate();
    let draft = RwSignal::new(initial.clone());
    let errors = RwSignal::new(FieldErrors::default());
    let saving = RwSignal::new(false);
    let is_new = id.is_none();
    let id = StoredValue::new(id.unwrap_or_else(|| app.new_id()));
    // The revision the form was opened at (then last saved at): saving over a newer one, from
    // another tab, is refused.
    let base = StoredValue::new(app.revision(Kind::Group, &id.get_value()));
    // What storage holds now: the starting values, then whatever was last saved. Only edits
    // since then are unsaved, so a reload right after "Save group" asks nothing.
    let saved_as = RwSignal::new(initial);
    let dirty = Memo::new(move |_| saved_as.with(|s| draft.with(|d| d != s)));
    dom::warn_before_unload(move || dirty.get_untracked());
    let err = move |field: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(field).map(str::to_string)))
    };
    let field = move |get: fn(&GroupDraft) -> String| Signal::derive(move || draft.with(get));
    let staff_options = Memo::new(move |_| {
        app.programme.with(|p| {
            p.staff
                .values()
                .filter(|s| !s.archived)
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let navigate = navigate.clone();
        let value = draft.get_untracked();
        let group_id = id.get_value();
        let save = {
            let (group_id, value) = (group_id.clone(), value.clone());
            async move { app.save_group(group_id, &value, base.get_value()).await }
        };
        run_save(saving, save, move |result| match result {
            Ok(()) => {
                base.set_value(app.revision(Kind::Group, &group_id));
                saved_as.set(value);
                errors.set(FieldErrors::default());
                let path = format!("/groups/{group_id}");
                flash.show("Group saved.", path.clone());
                if is_new {
                    navigate(&path, Default::default());
                }
            }
            Err(e) => errors.set(e),
        });
    };
    // After a conflict with another tab: show what is saved now, and save from its revision.
    let use_saved = move |_: ()| {
        let group_id = id.get_value();
        if let Some(saved) = app
            .programme
            .with_untracked(|p| p.groups.get(&group_id).map(GroupDraft::from_group))
        {
            base.set_value(app.revision(Kind::Group, &group_id));
            saved_as.set(saved.clone());
            draft.set(saved);
            errors.set(FieldErrors::default());
        }
    };
    view! {
        <form class="form group-form" on:submit=submit novalidate>
            {move || {
                errors.with(|e| {
                    (!e.is_empty() && e.get(CONFLICT).is_none())
                        .then(|| {
                            view! {
                                <div class="notice notice--error" role="alert">
                                    <p>"The group was not saved. Please fix:"</p>
                                    <ul>{e.0.iter().map(|(_, m)| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                                </div>
                            }
                        })
                })
            }}
            <ConflictNotice
                message=Signal::derive(move || errors.with(|e| e.get(CONFLICT).map(str::to_string)))
                on_use_saved=Callback::new(use_saved)
            />
            <fieldset>
                <legend>"About the group"</legend>
                <Input id="group-name" label="Name" required=true value=field(|d| d.name.clone())
                    on_input=move |v| draft.update(|d| d.name = v) error=err("name") />
                <Select id="group-kind" label="Type"
                    options=Signal::derive(|| GroupType::ALL.iter().map(|k| (k.code().to_string(), k.label().to_string())).collect())
                    value=field(|d| d.kind.clone()) on_change=move |v| draft.update(|d| d.kind = v) error=err("kind") />
                <Select id="group-track" label="Track"
                    options=Signal::derive(move || app.programme.with(|p| options_with_none("Every track", p.settings.active_tracks().map(|t| (t.id.clone(), t.name.clone())))))
                    value=field(|d| d.track.clone()) on_change=move |v| draft.update(|d| d.track = v) error=err("track") />
                <Select id="group-age-band" label="Age band"
                    options=Signal::derive(|| AgeBand::ALL.iter().map(|a| (a.code().to_string(), a.label().to_string())).collect())
                    value=field(|d| d.age_band.clone()) on_change=move |v| draft.update(|d| d.age_band = v) error=err("age_band") />
                <Select id="group-gender" label="Gender-specific"
                    options=Signal::derive(|| options_with_none("No: open to everyone", [(Gender::Woman, "Women only"), (Gender::Man, "Men only"), (Gender::NonBinary, "Non-binary people only")].into_iter().map(|(g, l)| (g.code().to_string(), l.to_string()))))
                    value=field(|d| d.gender.clone()) on_change=move |v| draft.update(|d| d.gender = v) error=err("gender") />
            </fieldset>
            <fieldset>
                <legend>"Size and admission"</legend>
                <Input id="group-capacity-min" label="Minimum size" input_type="number" min="0"
                    value=field(|d| d.capacity_min.clone()) on_input=move |v| draft.update(|d| d.capacity_min = v) error=err("capacity_min") />
                <Input id="group-capacity-max" label="Maximum size" input_type="number" min="1"
                    value=field(|d| d.capacity_max.clone()) on_input=move |v| draft.update(|d| d.capacity_max = v) error=err("capacity_max") />
                <Select id="group-admission" label="Admission"
                    options=Signal::derive(|| vec![
                        ("open".to_string(), "Open: rolling admission at any session".to_string()),
                        ("closed".to_string(), "Closed: joins only at the start date".to_string()),
                        ("modules".to_string(), "At module starts".to_string()),
                    ])
                    value=field(|d| d.admission.clone()) on_change=move |v| draft.update(|d| d.admission = v) error=err("admission") />
                {move || (draft.with(|d| d.admission == "modules")).then(|| view! {
                    <Input id="group-module-weeks" label="Weeks per module" input_type="number" min="1"
                        value=field(|d| d.module_weeks.clone()) on_input=move |v| draft.update(|d| d.module_weeks = v) error=err("module_weeks") />
                })}
            </fieldset>
            <fieldset>
                <legend>"When it meets"</legend>
                <p class="hint">{move || format!("In plain words: {}", draft.with(|d| {
                    d.pattern().map(|p| p.describe()).unwrap_or_else(|| "check the meetings below".into())
                }))}</p>
                <MeetingRows draft=draft />
                {move || err("meetings").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                <Input id="group-start" label="Start date" input_type="date" required=true
                    value=field(|d| d.start.clone()) on_input=move |v| draft.update(|d| d.start = v) error=err("start") />
                <Input id="group-end" label="End date" input_type="date" hint="Empty for an ongoing group."
                    value=field(|d| d.end.clone()) on_input=move |v| draft.update(|d| d.end = v) error=err("end") />
                <CancelledDates draft=draft error=err("cancelled") />
            </fieldset>
            <fieldset>
                <legend>"Facilitators and room"</legend>
                <Select id="group-lead" label="Lead facilitator"
                    options=Signal::derive(move || options_with_none("No lead yet", staff_options.get()))
                    value=field(|d| d.lead.clone()) on_change=move |v| draft.update(|d| d.lead = v) error=err("lead") />
                <fieldset class="checkbox-group">
                    <legend>"Co-facilitators"</legend>
                    {move || {
                        let list = staff_options.get();
                        if list.is_empty() {
                            return view! { <p class="muted">"Add staff on the Staff page first."</p> }.into_any();
                        }
                        list.into_iter().map(|(sid, sname)| {
                            let checked = { let sid = sid.clone(); move || draft.with(|d| d.co_facilitators.contains(&sid)) };
                            view! {
                                <label class="checkbox">
                                    <input type="checkbox" prop:checked=checked on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let sid = sid.clone();
                                        draft.update(|d| {
                                            d.co_facilitators.retain(|c| *c != sid);
                                            if on { d.co_facilitators.push(sid); }
                                        });
                                    } />
                                    {sname}
                                </label>
                            }
                        }).collect_view().into_any()
                    }}
                    {move || err("co_facilitators").get().map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <Select id="group-room" label="Room"
                    options=Signal::derive(move || app.programme.with(|p| options_with_none("No room yet", p.rooms.values().filter(|r| !r.archived).map(|r| (r.id.clone(), r.name.clone())))))
                    value=field(|d| d.room.clone()) on_change=move |v| draft.update(|d| d.room = v) error=err("room") />
            </fieldset>
            <FormProblem message=err("form") />
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else if is_new { "Add group" } else { "Save group" }}
                </button>
                <A href="/groups" attr:class="button button--quiet">"Back to groups"</A>
            </div>
        </form>
    }
}

/// Weekly meeting rows: day, start time, minutes; add and remove.
#[component]
fn MeetingRows(draft: RwSignal<GroupDraft>) -> impl IntoView {
    let count = Memo::new(move |_| draft.with(|d| d.meetings.len()));
    view! {
        <div class="meeting-rows">
            {move || {
                (0..count.get())
                    .map(|i| {
                        let get = move |f: fn(&MeetingDraft) -> String| {
                            Signal::derive(move || draft.with(|d| d.meetings.get(i).map(f).unwrap_or_default()))
                        };
                        let n = i + 1;
                        view! {
                            <div class="meeting-row" role="group" aria-label=format!("Meeting {n}")>
                                <Select id=format!("meeting-{n}-day") label=format!("Meeting {n} day")
                                    options=Signal::derive(|| WEEKDAYS.iter().map(|(d, name)| (weekday_code(*d).to_string(), name.to_string())).collect())
                                    value=get(|m| m.weekday.clone())
                                    on_change=move |v| draft.update(|d| if let Some(m) = d.meetings.get_mut(i) { m.weekday = v })
                                />
                                <Input id=format!("meeting-{n}-start") label=format!("Meeting {n} starts") input_type="time"
                                    value=get(|m| m.start.clone())
                                    on_input=move |v| draft.update(|d| if let Some(m) = d.meetings.get_mut(i) { m.start = v }) />
                                <Input id=format!("meeting-{n}-minutes") label=format!("Meeting {n} minutes") input_type="number" min="15"
                                    value=get(|m| m.minutes.clone())
                                    on_input=move |v| draft.update(|d| if let Some(m) = d.meetings.get_mut(i) { m.minutes = v }) />
                                <button type="button" class="button button--quiet"
                                    on:click=move |_| draft.update(|d| { if i < d.meetings.len() { d.meetings.remove(i); } })>
                                    {format!("Remove meeting {n}")}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="button" on:click=move |_| draft.update(|d| {
                let next = d.meetings.last().cloned().unwrap_or_default();
                d.meetings.push(next);
            })>"Add meeting"</button>
        </div>
    }
}

/// Cancelled dates (holidays): a list with remove buttons and a date to add.
#[component]
fn CancelledDates(draft: RwSignal<GroupDraft>, error: Signal<Option<String>>) -> impl IntoView {
    let next = RwSignal::new(String::new());
    let unreadable = RwSignal::new(false);
    let message = Signal::derive(move || {
        if unreadable.get() {
            Some(format!(
                "Enter the date to cancel as a valid date ({REAL_DATE_HINT})."
            ))
        } else {
            error.get()
        }
    });
    view! {
        <fieldset class="cancelled">
            <legend>"Cancelled dates (holidays)"</legend>
            <ul class="chip-list">
                {move || {
                    draft.with(|d| d.cancelled.clone())
                        .into_iter()
                        .map(|raw| {
                            let text = parse_date(&raw).map(human_date).unwrap_or_else(|| raw.clone());
                            view! {
                                <li class="chip">
                                    {text.clone()}
                                    <button type="button" class="button button--quiet" aria-label=format!("Remove cancelled date {text}")
                                        on:click=move |_| draft.update(|d| d.cancelled.retain(|c| *c != raw))>"×"</button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="inline-form">
                <Input id="group-cancel-date" label="Date to cancel" input_type="date" value=next
                    on_input=move |v| { unreadable.set(false); next.set(v) } error=message />
                <button type="button" class="button" on:click=move |_| {
                    let raw = next.get_untracked();
                    if !raw.is_empty() && parse_date(&raw).is_none() {
                        unreadable.set(true);
                    } else if !raw.is_empty() {
                        draft.update(|d| if !d.cancelled.contains(&raw) { d.cancelled.push(raw.clone()) });
                        next.set(String::new());
                    }
                }>"Add cancelled date"</button>
            </div>
        </fieldset>
    }
}
