//! A client's family sessions (on the client's page): each series in words with its next
//! dates, cancelling one date, and booking a new session or series.

use chrono::Days;
use leptos::prelude::*;

use crate::actions::use_app;
use crate::domain::ClientId;
use crate::domain::Location;
use crate::domain::dates::human_date;
use crate::domain::errors::CONFLICT;
use crate::domain::errors::FieldErrors;
use crate::domain::families::forms::FamilySessionDraft;
use crate::domain::families::slots::{MAX_SLOTS, SlotAnswer, SlotQuery, find_slots};
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{Checkbox, FormProblem, Input, Select, TextArea};
use crate::ui::kit::{ConflictNotice, run_save};

/// One series as listed: id, words, who, its next dates and its last two past ones (series
/// date, words).
type SeriesRow = (
    String,
    String,
    String,
    Vec<(chrono::NaiveDate, String, chrono::NaiveTime)>,
    Vec<(chrono::NaiveDate, String)>,
);

fn occurrence_words(o: &crate::domain::families::Occurrence) -> String {
    let mut words = format!(
        "{} {}",
        crate::domain::dates::short_day(chrono::Datelike::weekday(&o.date)),
        human_date(o.date)
    );
    if o.moved {
        words.push_str(&format!(
            " (moved, {})",
            crate::domain::dates::clock(o.start)
        ));
    }
    words
}

/// The family sessions of client `id`, with a form to book one.
#[component]
pub fn ClientFamilySessions(id: ClientId) -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let id = StoredValue::new(id);
    // The form: closed, booking a new session (`Some(None)`) or editing a series.
    let booking = RwSignal::new(None::<Option<String>>);
    let problem = RwSignal::new(None::<String>);
    let series = Memo::new(move |_| {
        let today = today.get();
        let horizon = today.checked_add_days(Days::new(56)).unwrap_or(today);
        app.programme.with(|p| {
            let client = id.get_value();
            let mut rows: Vec<SeriesRow> = p
                .family_sessions
                .values()
                .filter(|s| s.client == client)
                .map(|s| {
                    let family: Vec<String> = s
                        .family
                        .iter()
                        .map(|f| {
                            p.family_members
                                .get(f)
                                .map(|m| m.name.clone())
                                .unwrap_or_else(|| "(removed)".into())
                        })
                        .collect();
                    let staff: Vec<String> = s
                        .clinicians
                        .iter()
                        .map(|c| {
                            p.staff
                                .get(c)
                                .map(|x| x.name.clone())
                                .unwrap_or_else(|| "(removed)".into())
                        })
                        .collect();
                    let who = format!("With {} · {}", family.join(", "), staff.join(" and "));
                    let next: Vec<(chrono::NaiveDate, String, chrono::NaiveTime)> = s
                        .occurrences(today, horizon)
                        .into_iter()
                        .take(4)
                        .map(|o| (o.series_date, occurrence_words(&o), o.start))
                        .collect();
                    let since = today.checked_sub_days(Days::new(14)).unwrap_or(today);
                    let mut past: Vec<(chrono::NaiveDate, String)> = s
                        .occurrences(since, today)
                        .iter()
                        .map(|o| (o.series_date, occurrence_words(o)))
                        .collect();
                    past.reverse();
                    past.truncate(2);
                    (s.id.clone(), s.describe(), who, next, past)
                })
                .collect();
            crate::domain::sorting::sort(&mut rows);
            rows
        })
    });
    let cancel = move |session: String, date: chrono::NaiveDate| {
        let base = app.revision(crate::domain::Kind::FamilySession, &session);
        leptos::task::spawn_local(async move {
            match app
                .change_family_occurrence(&session, date, None, base)
                .await
            {
                Ok(()) => problem.set(None),
                Err(e) => problem.set(e.messages().first().cloned()),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="family-sessions-heading">
            <h2 id="family-sessions-heading">"Family sessions"</h2>
            {move || problem.get().map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })}
            {move || {
                let rows = series.get();
                if rows.is_empty() {
                    return view! { <p class="empty">"No family sessions booked."</p> }.into_any();
                }
                view! {
                    <ul class="record-list">
                        {rows.into_iter().map(|(sid, words, who, next, past)| view! {
                            <li class="record">
                                <div>
                                    <strong>{words.clone()}</strong>
                                    <p class="muted">{who}</p>
                                    <button type="button" class="button button--quiet" aria-label=format!("Edit the series: {words}")
                                        on:click={
                                            let sid = sid.clone();
                                            move |_| booking.set(Some(Some(sid.clone())))
                                        }>"Edit the series"</button>
                                    <ul class="occurrences">
                                        {next.into_iter().map(|(date, label, start)| {
                                            let sid = sid.clone();
                                            let aria = format!("Cancel this date: {label}");
                                            view! {
                                                <li>
                                                    {label.clone()} " "
                                                    <button type="button" class="button button--quiet" aria-label=aria
                                                        on:click={
                                                            let sid = sid.clone();
                                                            move |_| cancel(sid.clone(), date)
                                                        }>"Cancel this date"</button>
                                                    <MoveOccurrence session=sid date=date start=start label=label />
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    {past.into_iter().map(|(date, label)| view! {
                                        <OccurrenceAttendance session=sid.clone() date=date label=label />
                                    }).collect_view()}
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {move || match booking.get() {
                Some(existing) => view! {
                    <BookFamilySession client=id.get_value() existing=existing on_done=Callback::new(move |_| {
                        booking.set(None);
                        // The form is gone: keyboard focus goes back to the button that opens it.
                        dom::focus_after_render("book-family-session".into());
                    }) />
                }.into_any(),
                None => view! {
                    <button type="button" id="book-family-session" class="button" on:click=move |_| booking.set(Some(None))>"Book a family session"</button>
                }.into_any(),
            }}
        </section>
    }
}

/// "Move this date": a small form for a new date and start time for one occurrence, leaving
/// the rest of the series as it is.
#[component]
fn MoveOccurrence(
    session: String,
    date: chrono::NaiveDate,
    start: chrono::NaiveTime,
    label: String,
) -> impl IntoView {
    let app = use_app();
    let open = RwSignal::new(false);
    let to = RwSignal::new(date.to_string());
    let at = RwSignal::new(crate::domain::dates::clock(start));
    let errors = RwSignal::new(FieldErrors::default());
    let saving = RwSignal::new(false);
    let session = StoredValue::new(session);
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let key = format!("{}-{date}", session.get_value());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let sid = session.get_value();
        let base = app.revision(crate::domain::Kind::FamilySession, &sid);
        let (new_date, new_start) = (to.get_untracked(), at.get_untracked());
        run_save(
            saving,
            async move {
                app.change_family_occurrence(&sid, date, Some((&new_date, &new_start)), base)
                    .await
            },
            move |result| match result {
                Ok(()) => open.set(false),
                Err(e) => errors.set(e),
            },
        );
    };
    let aria = format!("Move this date: {label}");
    view! {
        <Show
            when=move || open.get()
            fallback=move || view! {
                <button type="button" class="button button--quiet" aria-label=aria.clone()
                    on:click=move |_| open.set(true)>"Move this date"</button>
            }
        >
            <form class="inline-form" on:submit=submit novalidate aria-label=format!("Move the session on {label}")>
                <Input id=format!("move-to-{key}") label="New date" input_type="date" value=to
                    on_input=move |v| to.set(v) error=err("move_to") />
                <Input id=format!("move-at-{key}") label="New start" input_type="time" value=at
                    on_input=move |v| at.set(v) error=err("move_at") />
                <FormProblem message=err("form") />
                <ConflictNotice message=err(CONFLICT) on_use_saved=Callback::new(move |_| errors.set(FieldErrors::default())) />
                <div class="form-actions">
                    <button type="submit" class="button" disabled=move || saving.get()>"Move session"</button>
                    <button type="button" class="button button--quiet" on:click=move |_| open.set(false)>"Keep the date"</button>
                </div>
            </form>
        </Show>
    }
}

/// The booking form.
#[component]
fn BookFamilySession(
    client: ClientId,
    /// The series being edited, if any.
    existing: Option<String>,
    on_done: Callback<()>,
) -> impl IntoView {
    let app = use_app();
    let client_id = StoredValue::new(client.clone());
    let today = use_derived().today.get_untracked();
    let family = app.programme.with_untracked(|p| {
        let mut v: Vec<(String, String)> = p
            .family_members
            .values()
            .filter(|m| !m.archived && m.support_of(&client).is_some())
            .map(|m| (m.id.clone(), m.name.clone()))
            .collect();
        crate::domain::sorting::sort_by_key(&mut v, |(_, n)| n.clone());
        v
    });
    let stored = existing.as_ref().and_then(|id| {
        app.programme
            .with_untracked(|p| p.family_sessions.get(id).cloned())
    });
    let editing = stored.is_some();
    // The form replaces the button that opened it: keyboard focus moves to its first control.
    dom::focus_after_render(
        family
            .first()
            .map(|(fid, _)| format!("book-family-{fid}"))
            .unwrap_or_else(|| "book-clinician".into()),
    );
    let draft = RwSignal::new(
        stored
            .as_ref()
            .map(FamilySessionDraft::from_session)
            .unwrap_or_else(|| FamilySessionDraft::blank(&client, Vec::new(), today)),
    );
    let errors = RwSignal::new(FieldErrors::default());
    let id = stored
        .as_ref()
        .map(|s| s.id.clone())
        .unwrap_or_else(|| app.new_id());
    let base = app.revision(crate::domain::Kind::FamilySession, &id);
    let err = move |f: &'static str| {
        Signal::derive(move || errors.with(|e| e.get(f).map(str::to_string)))
    };
    let saving = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        run_save(
            saving,
            async move {
                app.save_family_session(id, &draft.get_untracked(), base)
                    .await
            },
            move |result| match result {
                Ok(()) => on_done.run(()),
                Err(e) => errors.set(e),
            },
        );
    };
    let text = move |f: fn(&FamilySessionDraft) -> &String| {
        Signal::derive(move || draft.with(|d| f(d).clone()))
    };
    let staff = Signal::derive(move || {
        app.programme.with(|p| {
            let mut v: Vec<(String, String)> = p
                .staff
                .values()
                .filter(|s| !s.archived)
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect();
            crate::domain::sorting::sort_by_key(&mut v, |(_, n)| n.clone());
            v
        })
    });
    let with_none = move |first: &str| {
        let first = first.to_string();
        Signal::derive(move || {
            let mut v = staff.get();
            v.insert(0, (String::new(), first.clone()));
            v
        })
    };
    let rooms = Signal::derive(move || {
        app.programme.with(|p| {
            let mut v: Vec<(String, String)> = p
                .rooms
                .values()
                .filter(|r| !r.archived)
                .map(|r| {
                    let kind = match r.location {
                        Location::InPerson => format!("{} (up to {})", r.name, r.capacity),
                        Location::Telehealth { .. } => format!("{} (online)", r.name),
                    };
                    (r.id.clone(), kind)
                })
                .collect();
            crate::domain::sorting::sort_by_key(&mut v, |(_, n)| n.clone());
            v.insert(0, (String::new(), "Choose a room".into()));
            v
        })
    });
    let options = |pairs: &[(&str, &str)]| {
        let v: Vec<(String, String)> = pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        Signal::derive(move || v.clone())
    };
    let places = options(&[("room", "In a room"), ("telehealth", "By telehealth link")]);
    let repeats = options(&[
        ("once", "Once"),
        ("weekly", "Every week"),
        ("fortnightly", "Every 2 weeks"),
        ("monthly", "Monthly, on the same weekday of the month"),
    ]);
    let ends = options(&[
        ("count", "After a number of sessions"),
        ("until", "On a date"),
    ]);
    let no_family = family.is_empty();
    // The slot finder: from tomorrow (today's times may have passed) for two weeks, longer on
    // request.
    let search_from = today.checked_add_days(Days::new(1)).unwrap_or(today);
    let search_to = RwSignal::new(today.checked_add_days(Days::new(14)).unwrap_or(today));
    let prefer_group_day = RwSignal::new(true);
    let prefer_evening = RwSignal::new(false);
    let found = RwSignal::new(None::<Result<SlotAnswer, String>>);
    let search = move || {
        let d = draft.get_untracked();
        let clinicians: Vec<String> = [d.clinician.clone(), d.co_clinician.clone()]
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect();
        let answer = match (
            d.minutes.trim().parse::<u16>(),
            clinicians.is_empty(),
            d.family.is_empty(),
        ) {
            (_, true, _) => Err("Choose the clinician first.".to_string()),
            (_, _, true) => Err("Choose who in the family takes part first.".to_string()),
            (Err(_), ..) | (Ok(0), ..) => Err("Enter the length in minutes first.".to_string()),
            (Ok(minutes), ..) => {
                let q = SlotQuery {
                    client: client_id.get_value(),
                    family: d.family.clone(),
                    clinicians,
                    minutes,
                    from: search_from,
                    to: search_to.get_untracked(),
                    in_person: d.place != "telehealth",
                    prefer_group_day: prefer_group_day.get_untracked(),
                    prefer_after: prefer_evening
                        .get_untracked()
                        .then(|| chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default()),
                    limit: MAX_SLOTS,
                };
                Ok(app.programme.with_untracked(|p| find_slots(p, &q)))
            }
        };
        found.set(Some(answer));
    };
    let use_slot =
        move |date: chrono::NaiveDate, start: chrono::NaiveTime, room: Option<String>| {
            draft.update(|d| {
                d.first = date.to_string();
                d.start = crate::domain::dates::clock(start);
                if let Some(room) = room {
                    d.place = "room".into();
                    d.room = room;
                }
            });
            found.set(None);
            dom::focus_after_render("book-first".into());
        };
    view! {
        <form class="form consent-form" on:submit=submit novalidate
            aria-label=if editing { "Edit family session" } else { "Book a family session" }>
            <fieldset>
                <legend>"Family members taking part"</legend>
                {no_family.then(|| view! { <p class="hint">"Add a family member first (Family and consent, above)."</p> })}
                {family.into_iter().map(|(fid, name)| {
                    let check = fid.clone();
                    view! {
                        <Checkbox id=format!("book-family-{fid}") label=name
                            checked=Signal::derive(move || draft.with(|d| d.family.contains(&check)))
                            on_change=move |on: bool| draft.update(|d| {
                                d.family.retain(|f| f != &fid);
                                if on { d.family.push(fid.clone()) }
                            }) />
                    }
                }).collect_view()}
                {move || err("family").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </fieldset>
            <Select id="book-clinician" label="Clinician" options=with_none("Choose a clinician") value=text(|d| &d.clinician)
                on_change=move |v| draft.update(|d| d.clinician = v) error=err("clinicians") />
            <Select id="book-co-clinician" label="Second clinician (optional)" options=with_none("None") value=text(|d| &d.co_clinician)
                on_change=move |v| draft.update(|d| d.co_clinician = v) />
            <Select id="book-place" label="Where" options=places value=text(|d| &d.place)
                on_change=move |v| draft.update(|d| d.place = v) />
            {move || if draft.with(|d| d.place == "telehealth") {
                view! {
                    <Input id="book-link" label="Telehealth link" input_type="url" hint="Starts with https://" value=text(|d| &d.link)
                        on_input=move |v| draft.update(|d| d.link = v) error=err("link") />
                }.into_any()
            } else {
                view! {
                    <Select id="book-room" label="Room" options=rooms value=text(|d| &d.room)
                        on_change=move |v| draft.update(|d| d.room = v) error=err("place") />
                }.into_any()
            }}
            <fieldset class="slot-finder">
                <legend>"Find a time"</legend>
                <Checkbox id="find-group-day" label="Prefer days the client is here for a group"
                    checked=prefer_group_day on_change=move |v| prefer_group_day.set(v) />
                <Checkbox id="find-evening" label="Prefer 17:00 or later"
                    checked=prefer_evening on_change=move |v| prefer_evening.set(v) />
                <button type="button" class="button" on:click=move |_| search()>
                    {move || format!("Find times to {}", human_date(search_to.get()))}
                </button>
                {move || found.get().map(|answer| match answer {
                    Err(m) => view! { <p class="field-error" role="alert">{m}</p> }.into_any(),
                    Ok(answer) if answer.slots.is_empty() => {
                        let in_person = draft.with_untracked(|d| d.place != "telehealth");
                        view! {
                            <div class="notice notice--warning" role="status">
                                <p>{answer.nothing.clone().unwrap_or_default()}</p>
                                {(!answer.binding.is_empty()).then(|| view! {
                                    <p class="muted">{format!("What rules every time out: {}.", answer.binding.join(", "))}</p>
                                })}
                                <div class="form-actions">
                                    {in_person.then(|| view! {
                                        <button type="button" class="button" on:click=move |_| {
                                            draft.update(|d| d.place = "telehealth".into());
                                            search();
                                        }>"Try by telehealth"</button>
                                    })}
                                    <button type="button" class="button" on:click=move |_| {
                                        search_to.update(|t| *t = t.checked_add_days(Days::new(14)).unwrap_or(*t));
                                        search();
                                    }>"Look two weeks further"</button>
                                    <button type="button" class="button" on:click=move |_| {
                                        draft.update(|d| { d.clinician.clear(); d.co_clinician.clear(); });
                                        found.set(None);
                                        dom::focus_after_render("book-clinician".into());
                                    }>"Choose another clinician"</button>
                                </div>
                            </div>
                        }.into_any()
                    }
                    Ok(answer) => {
                        let rooms = app.programme.with_untracked(|p| {
                            answer.slots.iter().map(|s| s.room.as_ref().and_then(|r| p.rooms.get(r)).map(|r| r.name.clone())).collect::<Vec<_>>()
                        });
                        view! {
                            <ul class="slot-list" aria-label="Times that fit">
                                {answer.slots.into_iter().zip(rooms).map(|(slot, room_name)| {
                                    let label = format!(
                                        "{} {}, {}-{}{}",
                                        crate::domain::dates::short_day(chrono::Datelike::weekday(&slot.date)),
                                        human_date(slot.date),
                                        crate::domain::dates::clock(slot.start),
                                        crate::domain::dates::clock(slot.end),
                                        room_name.map(|r| format!(", {r}")).unwrap_or_default()
                                    );
                                    let notes = slot.notes.join(", ");
                                    let (date, start, room) = (slot.date, slot.start, slot.room.clone());
                                    view! {
                                        <li>
                                            <button type="button" class="button button--quiet" aria-label=format!("Use {label}")
                                                on:click=move |_| use_slot(date, start, room.clone())>{label.clone()}</button>
                                            {(!notes.is_empty()).then(|| view! { " " <span class="muted">{notes}</span> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                })}
            </fieldset>
            <Input id="book-first" label="Date (first session)" input_type="date" value=text(|d| &d.first)
                on_input=move |v| draft.update(|d| d.first = v) error=err("first") />
            <Input id="book-start" label="Starts at" input_type="time" value=text(|d| &d.start)
                on_input=move |v| draft.update(|d| d.start = v) error=err("start") />
            <Input id="book-minutes" label="Minutes" input_type="number" min="15" value=text(|d| &d.minutes)
                on_input=move |v| draft.update(|d| d.minutes = v) error=err("minutes") />
            <Select id="book-repeat" label="Repeats" options=repeats value=text(|d| &d.repeat)
                on_change=move |v| draft.update(|d| d.repeat = v) error=err("repeat") />
            {move || draft.with(|d| d.repeat != "once").then(|| view! {
                <Select id="book-ends" label="Series ends" options=ends value=text(|d| &d.ends)
                    on_change=move |v| draft.update(|d| d.ends = v) />
                {move || if draft.with(|d| d.ends == "until") {
                    view! {
                        <Input id="book-until" label="Last date" input_type="date" value=text(|d| &d.until)
                            on_input=move |v| draft.update(|d| d.until = v) error=err("ends") />
                    }.into_any()
                } else {
                    view! {
                        <Input id="book-count" label="Number of sessions" input_type="number" min="1" value=text(|d| &d.count)
                            on_input=move |v| draft.update(|d| d.count = v) error=err("ends") />
                    }.into_any()
                }}
            })}
            <TextArea id="book-notes" label="Notes (staff only)" value=text(|d| &d.notes)
                on_input=move |v| draft.update(|d| d.notes = v) error=err("notes") />
            {move || err("client").get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <FormProblem message=err("form") />
            <ConflictNotice message=err(CONFLICT) on_use_saved=Callback::new(move |_| on_done.run(())) />
            <div class="form-actions">
                <button type="submit" class="button button--primary" disabled=move || saving.get()>
                    {if editing { "Save family session" } else { "Book family session" }}
                </button>
                <button type="button" class="button button--quiet" on:click=move |_| on_done.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

/// Attendance at one past occurrence: a mark per participant (the client and the family
/// members of the session), folded under the date.
#[component]
fn OccurrenceAttendance(session: String, date: chrono::NaiveDate, label: String) -> impl IntoView {
    use crate::domain::sessions::session::Mark;
    let app = use_app();
    let today = use_derived().today;
    let key = |m: Mark| format!("{m:?}");
    let participants: Vec<(String, String, String)> = app.programme.with_untracked(|p| {
        let Some(s) = p.family_sessions.get(&session) else {
            return Vec::new();
        };
        let marks = s.attendance.get(&date.to_string());
        std::iter::once((s.client.0.clone(), p.client_name(&s.client)))
            .chain(s.family.iter().map(|f| {
                let name = p
                    .family_members
                    .get(f)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| "(removed)".into());
                (f.clone(), name)
            }))
            .map(|(id, name)| {
                let current = marks
                    .and_then(|m| m.get(&id))
                    .map(|m| key(*m))
                    .unwrap_or_default();
                (id, name, current)
            })
            .collect()
    });
    let chosen = RwSignal::new(
        participants
            .iter()
            .map(|(id, _, c)| (id.clone(), c.clone()))
            .collect::<Vec<_>>(),
    );
    let problem = RwSignal::new(None::<String>);
    let saved = RwSignal::new(false);
    let options = Signal::derive(move || {
        std::iter::once((String::new(), "Not recorded".to_string()))
            .chain(
                Mark::ALL
                    .into_iter()
                    .map(|m| (key(m), m.label().to_string())),
            )
            .collect::<Vec<_>>()
    });
    let session = StoredValue::new(session);
    let save = move |_| {
        let marks: Vec<(String, Option<Mark>)> = chosen
            .get_untracked()
            .into_iter()
            .map(|(id, k)| (id, Mark::ALL.into_iter().find(|m| key(*m) == k)))
            .collect();
        let id = session.get_value();
        let base = app.revision(crate::domain::Kind::FamilySession, &id);
        let today = today.get_untracked();
        leptos::task::spawn_local(async move {
            match app
                .mark_family_attendance(&id, date, &marks, today, base)
                .await
            {
                Ok(()) => {
                    problem.set(None);
                    saved.set(true);
                }
                Err(e) => problem.set(e.messages().first().cloned()),
            }
        });
    };
    let summary = format!("Attendance on {label}");
    view! {
        <details class="occurrence-attendance">
            <summary>{summary}</summary>
            {participants.into_iter().enumerate().map(|(i, (_, name, _))| view! {
                <Select id=format!("attendance-{}-{date}-{i}", session.get_value()) label=format!("Attendance of {name} on {label}")
                    options=options
                    value=Signal::derive(move || chosen.with(|c| c.get(i).map(|(_, k)| k.clone()).unwrap_or_default()))
                    on_change=move |v| { saved.set(false); chosen.update(|c| if let Some(x) = c.get_mut(i) { x.1 = v }) } />
            }).collect_view()}
            {move || problem.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || saved.get().then(|| view! { <p class="muted" role="status">"Attendance saved."</p> })}
            <button type="button" class="button" on:click=save>"Save attendance"</button>
        </details>
    }
}
