//! The weekly-availability editor (staff, family members): one row per weekly time, each with
//! its day, from and until (and, for family members, "alternate weeks from"), a Remove button
//! per row and "Add availability" under them. The rows live in the caller's draft; this only
//! shows them and hands every edit back.

use leptos::prelude::*;

use crate::domain::dates::{WEEKDAYS, weekday_code};
use crate::domain::families::forms::FreeTimeDraft;
use crate::domain::people::forms::AvailabilityDraft;
use crate::ui::fields::{Input, Select};

/// One field of an availability row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Day,
    From,
    Until,
    /// The first week of alternate weeks (empty: every week).
    AlternateFrom,
}

/// A draft row the editor can show: staff availability, a family member's free times.
pub trait AvailabilityRow: Clone + Default + Send + Sync + 'static {
    /// The text of one field (`None`: this row has no such field).
    fn field(&self, slot: Slot) -> Option<&String>;
    fn field_mut(&mut self, slot: Slot) -> Option<&mut String>;
}

impl AvailabilityRow for AvailabilityDraft {
    fn field(&self, slot: Slot) -> Option<&String> {
        match slot {
            Slot::Day => Some(&self.weekday),
            Slot::From => Some(&self.from),
            Slot::Until => Some(&self.until),
            Slot::AlternateFrom => None,
        }
    }
    fn field_mut(&mut self, slot: Slot) -> Option<&mut String> {
        match slot {
            Slot::Day => Some(&mut self.weekday),
            Slot::From => Some(&mut self.from),
            Slot::Until => Some(&mut self.until),
            Slot::AlternateFrom => None,
        }
    }
}

impl AvailabilityRow for FreeTimeDraft {
    fn field(&self, slot: Slot) -> Option<&String> {
        Some(match slot {
            Slot::Day => &self.weekday,
            Slot::From => &self.from,
            Slot::Until => &self.until,
            Slot::AlternateFrom => &self.alternate_from,
        })
    }
    fn field_mut(&mut self, slot: Slot) -> Option<&mut String> {
        Some(match slot {
            Slot::Day => &mut self.weekday,
            Slot::From => &mut self.from,
            Slot::Until => &mut self.until,
            Slot::AlternateFrom => &mut self.alternate_from,
        })
    }
}

/// The rows of a draft's availability list, as the editor reads and changes them.
#[derive(Clone, Copy)]
pub struct Rows {
    count: Signal<usize>,
    value: Callback<(usize, Slot), String>,
    set: Callback<(usize, Slot, String)>,
    remove: Callback<usize>,
    add: Callback<()>,
}

impl Rows {
    /// The list `list` of `draft` (read with `list`, changed with `list_mut`). A new row copies
    /// the last one, so a week is quick to fill in.
    pub fn of<D: Send + Sync + 'static, R: AvailabilityRow>(
        draft: RwSignal<D>,
        list: fn(&D) -> &Vec<R>,
        list_mut: fn(&mut D) -> &mut Vec<R>,
    ) -> Rows {
        Rows {
            count: Signal::derive(move || draft.with(|d| list(d).len())),
            value: Callback::new(move |(i, slot): (usize, Slot)| {
                draft.with(|d| {
                    list(d)
                        .get(i)
                        .and_then(|r| r.field(slot).cloned())
                        .unwrap_or_default()
                })
            }),
            set: Callback::new(move |(i, slot, v): (usize, Slot, String)| {
                draft.update(|d| {
                    if let Some(f) = list_mut(d).get_mut(i).and_then(|r| r.field_mut(slot)) {
                        *f = v;
                    }
                })
            }),
            remove: Callback::new(move |i: usize| {
                draft.update(|d| {
                    let rows = list_mut(d);
                    if i < rows.len() {
                        rows.remove(i);
                    }
                })
            }),
            add: Callback::new(move |()| {
                draft.update(|d| {
                    let rows = list_mut(d);
                    let next = rows.last().cloned().unwrap_or_default();
                    rows.push(next);
                })
            }),
        }
    }
}

/// The rows of a weekly-availability fieldset, with their message and the add button.
#[component]
pub fn AvailabilityRows(
    /// Start of every field's DOM id: `"availability"` gives `availability-1-day`.
    id_prefix: &'static str,
    /// The draft's rows (see [`Rows::of`]).
    rows: Rows,
    /// Whether rows have the "alternate weeks from" date.
    #[prop(optional)]
    alternate: bool,
    /// The message about the rows, if any.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let Rows {
        count,
        value,
        set,
        remove,
        add,
    } = rows;
    let weekdays = Signal::derive(|| {
        WEEKDAYS
            .iter()
            .map(|(d, name)| (weekday_code(*d).to_string(), name.to_string()))
            .collect::<Vec<_>>()
    });
    let row = move |i: usize| {
        let n = i + 1;
        let get = move |slot| Signal::derive(move || value.run((i, slot)));
        let put = move |slot| move |v: String| set.run((i, slot, v));
        view! {
            <div class="meeting-row" role="group" aria-label=format!("Availability {n}")>
                <Select id=format!("{id_prefix}-{n}-day") label=format!("Availability {n} day")
                    options=weekdays value=get(Slot::Day) on_change=put(Slot::Day) />
                <Input id=format!("{id_prefix}-{n}-from") label=format!("Availability {n} from") input_type="time"
                    value=get(Slot::From) on_input=put(Slot::From) />
                <Input id=format!("{id_prefix}-{n}-until") label=format!("Availability {n} until") input_type="time"
                    value=get(Slot::Until) on_input=put(Slot::Until) />
                {alternate.then(|| view! {
                    <Input id=format!("{id_prefix}-{n}-alternate") label=format!("Availability {n}: alternate weeks from") input_type="date"
                        value=get(Slot::AlternateFrom) on_input=put(Slot::AlternateFrom) />
                })}
                <button type="button" class="button button--quiet" on:click=move |_| remove.run(i)>
                    {format!("Remove availability {n}")}
                </button>
            </div>
        }
    };
    view! {
        {move || (0..count.get()).map(row).collect_view()}
        {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        <button type="button" class="button" on:click=move |_| add.run(())>"Add availability"</button>
    }
}
