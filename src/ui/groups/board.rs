//! The roster board: groups as columns with their members on a chosen date, plus the active
//! clients who are in no group. Add, move and remove with buttons (keyboard operable).

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::dates::{human_date, parse_date};
use crate::domain::sorting;
use crate::domain::text::plural;
use crate::domain::{ClientId, Membership};
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::{FormProblem, Input, Select};
use crate::ui::groups::assign::AutoAssign;
use crate::ui::groups::{RosterNav, options_with_none};
use crate::ui::kit::ClientNames;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Card {
    client: ClientId,
    name: String,
    /// The membership shown (None in the unassigned column).
    membership: Option<String>,
    /// The group whose column shows the card (None in the unassigned column).
    group: Option<String>,
    detail: String,
    warned: bool,
}

/// What every column and card of the board shares.
#[derive(Clone, Copy)]
struct BoardState {
    /// `(id, name)` of the groups on the board, for "move to" / "add to".
    groups: Memo<Vec<(String, String)>>,
    /// The board date: changes take effect on it.
    day: Memo<chrono::NaiveDate>,
    /// Which card's action panel is open (client id + membership).
    open: RwSignal<Option<String>>,
    /// The last failed action's message.
    problem: RwSignal<Option<String>>,
    /// The card being dragged, if any (drag and drop is an alternative to the buttons).
    dragging: RwSignal<Option<Card>>,
    app: crate::actions::App,
}

/// Put `card` into `to` (a group id), or take it out of its group (`to` = `None`), on the
/// board date. Shared by the buttons and drag and drop.
fn place(state: BoardState, card: Card, to: Option<String>) {
    let app = state.app;
    let when = state.day.get_untracked();
    spawn_local(async move {
        let result = match (&card.membership, &to) {
            (Some(m), None) => {
                app.end_membership(m, when, "Removed on the roster board")
                    .await
            }
            (Some(m), Some(g)) => app.move_member(m, g, when).await.map(drop),
            (None, Some(g)) => app.join_group(&card.client, g, when, None).await.map(drop),
            (None, None) => Ok(()),
        };
        match result {
            Ok(()) => {
                state.problem.set(None);
                state.open.set(None);
                // The card is drawn again in its new column: keyboard focus follows it.
                dom::focus_after_render(card_button_id(&card.client, to.as_deref()));
            }
            Err(e) => state.problem.set(Some(format!("{}: {e}", card.name))),
        }
    });
}

/// The id of a card's "⋯" button, from its client and column (`None`: unassigned).
fn card_button_id(client: &ClientId, group: Option<&str>) -> String {
    format!("card-{}-{}", client.0, group.unwrap_or("unassigned"))
}

#[derive(Clone, Default, PartialEq)]
struct Column {
    id: String,
    name: String,
    meets: String,
    size: String,
    over: bool,
    cards: Vec<Card>,
}

/// Page: the roster board.
#[component]
pub fn RosterBoard() -> impl IntoView {
    dom::set_title("Roster board");
    let app = use_app();
    let derived = use_derived();
    let date = RwSignal::new(derived.today.get_untracked().to_string());
    let day = Memo::new(move |_| parse_date(&date.get()).unwrap_or_else(|| derived.today.get()));
    let open = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let board = Memo::new(move |_| {
        let day = day.get();
        app.programme.with(|p| {
            let violations = derived.violations_on(p, day);
            let names = ClientNames::of(p);
            let warned = |c: &ClientId| violations.iter().any(|v| v.concerns_client(c));
            // One pass over the memberships: who is in which group on the board date.
            let mut by_group: BTreeMap<&str, Vec<&Membership>> = BTreeMap::new();
            let mut assigned: BTreeSet<&ClientId> = BTreeSet::new();
            for m in p.memberships.values().filter(|m| m.active_on(day)) {
                by_group.entry(m.group.as_str()).or_default().push(m);
                assigned.insert(&m.client);
            }
            let mut columns: Vec<Column> = p
                .groups
                .values()
                .filter(|g| !g.archived && g.runs_on(day))
                .map(|g| {
                    let mut cards: Vec<Card> = by_group
                        .get(g.id.as_str())
                        .into_iter()
                        .flatten()
                        .map(|m| Card {
                            client: m.client.clone(),
                            name: names.get(p, &m.client),
                            membership: Some(m.id.clone()),
                            group: Some(g.id.clone()),
                            detail: format!(
                                "since {}{}",
                                human_date(m.join),
                                m.leave
                                    .map(|l| format!(", leaves {}", human_date(l)))
                                    .unwrap_or_default()
                            ),
                            warned: warned(&m.client),
                        })
                        .collect();
                    sorting::sort_by(&mut cards, |a, b| a.name.cmp(&b.name));
                    Column {
                        id: g.id.clone(),
                        name: g.name.clone(),
                        meets: g.pattern.describe(),
                        size: format!("{} / {}", cards.len(), g.capacity_max),
                        over: cards.len() as u32 > g.capacity_max,
                        cards,
                    }
                })
                .collect();
            sorting::sort_by(&mut columns, |a, b| a.name.cmp(&b.name));
            let mut unassigned: Vec<Card> = p
                .clients_active_on(day)
                .filter(|c| !assigned.contains(&c.id))
                .map(|c| Card {
                    client: c.id.clone(),
                    name: names.get(p, &c.id),
                    membership: None,
                    group: None,
                    detail: format!(
                        "{} · {} · {}",
                        p.settings.track_name(&c.track),
                        c.age_band.label(),
                        c.level_of_care.short()
                    ),
                    warned: warned(&c.id),
                })
                .collect();
            sorting::sort_by(&mut unassigned, |a, b| a.name.cmp(&b.name));
            (columns, unassigned)
        })
    });
    let group_options = Memo::new(move |_| {
        board.with(|(columns, _)| {
            columns
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let unassigned = Memo::new(move |_| {
        board.with(|(_, cards)| Column {
            id: String::new(),
            name: "Unassigned active clients".into(),
            meets: "In the programme on this date but in no group".into(),
            size: cards.len().to_string(),
            over: false,
            cards: cards.clone(),
        })
    });
    let state = BoardState {
        groups: group_options,
        day,
        open,
        problem,
        dragging: RwSignal::new(None),
        app,
    };
    view! {
        <section class="page page--wide" aria-labelledby="page-title">
            <RosterNav />
            <h1 id="page-title">"Roster board"</h1>
            <div class="toolbar">
                <Input id="board-date" label="Roster on" input_type="date" value=date on_input=move |v| date.set(v)
                    hint="Adds, moves and removals take effect on this date." />
            </div>
            <FormProblem message=problem />
            <AutoAssign day=day />
            <p class="hint board-hint" id="board-hint">
                {move || board.with(|(columns, _)| format!(
                    "{} and the unassigned clients side by side. Scroll sideways for more groups: the scrollbar below the board, Shift with the mouse wheel, or the arrow keys once the board has focus.",
                    plural(columns.len(), "group", "groups")
                ))}
            </p>
            <div class="board-region">
                // Focusable so the keyboard can scroll it; named so a screen reader says what it is.
                <div
                    class="board-scroller"
                    role="region"
                    tabindex="0"
                    aria-label=move || board.with(|(columns, _)| format!(
                        "Roster board, {} (scrolls sideways)",
                        plural(columns.len() + 1, "column", "columns")
                    ))
                    aria-describedby="board-hint"
                >
                    <div class="board" role="list" aria-label="Groups">
                        // Columns are keyed by group and cards by their content, so a move
                        // redraws the two cards it changed, not the whole board.
                        <BoardColumn column=unassigned group=None state=state />
                        <For each=move || board.with(|(columns, _)| columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>()) key=|id| id.clone() let:id>
                            <BoardColumn
                                column=Memo::new({
                                    let id = id.clone();
                                    move |_| board.with(|(columns, _)| columns.iter().find(|c| c.id == id).cloned().unwrap_or_default())
                                })
                                group=Some(id)
                                state=state
                            />
                        </For>
                    </div>
                </div>
            </div>
        </section>
    }
}

#[component]
fn BoardColumn(
    /// What the column shows (heading, size, cards).
    column: Memo<Column>,
    /// The column's group (None for the unassigned column).
    group: Option<String>,
    state: BoardState,
) -> impl IntoView {
    let heading_id = format!(
        "col-{}",
        group.clone().unwrap_or_else(|| "unassigned".into())
    );
    let labelled_by = heading_id.clone();
    let hovering = RwSignal::new(false);
    let over = move || column.with(|c| c.over);
    let target = group.clone();
    let drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        hovering.set(false);
        let Some(card) = state.dragging.get_untracked() else {
            return;
        };
        state.dragging.set(None);
        // Dropping where the card already is changes nothing.
        if card.group == target {
            return;
        }
        place(state, card, target.clone());
    };
    view! {
        <section
            class="board-column"
            role="listitem"
            aria-labelledby=labelled_by
            class:board-column--over=over
            class:board-column--drop=move || hovering.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                if state.dragging.with_untracked(Option::is_some) {
                    ev.prevent_default();
                    hovering.set(true);
                }
            }
            on:dragleave=move |_| hovering.set(false)
            on:drop=drop
        >
            <header>
                <h2 id=heading_id>{move || column.with(|c| c.name.clone())}</h2>
                <p class="muted">{move || column.with(|c| c.meets.clone())}</p>
                <p class="board-size" class:over=over>{move || column.with(|c| c.size.clone())}{move || over().then_some(" · over capacity")}</p>
            </header>
            <ul class="board-cards">
                <For each=move || column.with(|c| c.cards.clone()) key=|card| card.clone() let:card>
                    <BoardCard card=card group=group.clone() state=state />
                </For>
            </ul>
        </section>
    }
}

#[component]
fn BoardCard(card: Card, group: Option<String>, state: BoardState) -> impl IntoView {
    let BoardState {
        groups,
        open,
        problem,
        dragging,
        ..
    } = state;
    let drag_card = card.clone();
    let key = format!(
        "{}:{}",
        card.client.0,
        card.membership.clone().unwrap_or_default()
    );
    let is_open = {
        let key = key.clone();
        Memo::new(move |_| open.with(|o| o.as_deref() == Some(key.as_str())))
    };
    let target = RwSignal::new(String::new());
    let name = card.name.clone();
    let toggle_label = if card.membership.is_some() {
        format!("Move or remove {name}")
    } else {
        format!("Add {name} to a group")
    };
    let choices = {
        let group = group.clone();
        Signal::derive(move || {
            options_with_none(
                "Choose a group…",
                groups
                    .get()
                    .into_iter()
                    .filter(|(id, _)| Some(id) != group.as_ref()),
            )
        })
    };
    let card = StoredValue::new(card);
    let act = move |remove: bool| {
        let c = card.get_value();
        let to = target.get_untracked();
        if !remove && to.is_empty() {
            problem.set(Some(format!("Choose a group for {}.", c.name)));
            return;
        }
        place(state, c, (!remove).then_some(to));
    };
    let in_group = group.is_some();
    let select_id = format!("move-{}", key.replace(':', "-"));
    let button_id = card.with_value(|c| card_button_id(&c.client, c.group.as_deref()));
    view! {
        <li
            class="board-card"
            class:board-card--warn=card.with_value(|c| c.warned)
            draggable="true"
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if let Some(data) = ev.data_transfer() {
                    let _ = data.set_data("text/plain", &drag_card.name);
                    data.set_effect_allowed("move");
                }
                dragging.set(Some(drag_card.clone()));
            }
            on:dragend=move |_| dragging.set(None)
        >
            <div class="board-card__head">
                <span>
                    <strong>{name.clone()}</strong>
                    {card.with_value(|c| c.warned).then(|| view! { <span class="badge badge--warn" title="Has a warning">"!"</span> })}
                    <span class="muted board-card__detail">{card.with_value(|c| c.detail.clone())}</span>
                </span>
                <button
                    id=button_id
                    class="button button--quiet"
                    aria-expanded=move || is_open.get().to_string()
                    on:click={
                        let key = key.clone();
                        move |_| open.set(if is_open.get_untracked() { None } else { Some(key.clone()) })
                    }
                >
                    <span class="visually-hidden">{toggle_label}</span>
                    <span aria-hidden="true">"⋯"</span>
                </button>
            </div>
            {move || is_open.get().then(|| {
                let name = name.clone();
                view! {
                    <div class="board-card__actions">
                        <Select
                            id=select_id.clone()
                            label=if in_group { format!("Move {name} to") } else { format!("Add {name} to") }
                            options=choices
                            value=target
                            on_change=move |v| target.set(v)
                        />
                        <button class="button" on:click=move |_| act(false)>
                            {if in_group { format!("Move {name}") } else { format!("Add {name}") }}
                        </button>
                        {in_group.then(|| view! {
                            <button class="button button--quiet" on:click=move |_| act(true)>{format!("Remove {name}")}</button>
                        })}
                    </div>
                }
            })}
        </li>
    }
}
