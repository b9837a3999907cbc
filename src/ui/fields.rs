//! Labelled form controls shared by the roster forms: each has a visible label, an optional
//! hint, and its message linked through `aria-describedby`.

use leptos::html;
use leptos::prelude::*;

use crate::domain::dates::UNREADABLE_DATE;
use crate::ui::dom;

/// What a date input holds for its form: its value, or [`UNREADABLE_DATE`] when the person
/// typed a date the browser cannot read (e.g. 30 February: the value is then empty, which
/// would look like an optional date left empty and be dropped without a word).
pub fn date_input_value(ev: &web_sys::Event) -> String {
    let value = event_target_value(ev);
    if value.is_empty() && dom::has_bad_input(ev) {
        UNREADABLE_DATE.to_string()
    } else {
        value
    }
}

/// Shows `value` in a date input without wiping what the person is typing: the element is set
/// only when it shows something else, and never to [`UNREADABLE_DATE`] (setting the value of a
/// date input clears its half-typed day, month and year).
pub fn show_date(node: NodeRef<html::Input>, value: impl Fn() -> String + 'static) {
    Effect::new(move |_| {
        let value = value();
        if let Some(input) = node.get()
            && value != UNREADABLE_DATE
            && input.value() != value
        {
            input.set_value(&value);
        }
    });
}

fn described_by(hint: bool, error: bool, id: &str) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled `<input>`.
#[component]
pub fn Input(
    /// DOM id (also names the hint and message).
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every input.
    #[prop(into)]
    on_input: Callback<String>,
    /// Message to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Help under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `text` (default), `date`, `time`, `number`, `url`.
    #[prop(default = "text")]
    input_type: &'static str,
    #[prop(optional)] required: bool,
    /// Extra attributes for numbers (`min`).
    #[prop(optional)]
    min: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let id = id.clone();
        move || described_by(hint.is_some(), error.with(Option::is_some), &id)
    };
    let control = if input_type == "date" {
        // A browser fires no `input` event while a date stays unreadable, so key releases and
        // leaving the field are read too.
        let node = NodeRef::<html::Input>::new();
        show_date(node, move || value.get());
        let read = move |ev: &web_sys::Event| {
            let v = date_input_value(ev);
            if value.with_untracked(|now| *now != v) {
                on_input.run(v);
            }
        };
        view! {
            <input
                id=id.clone()
                type="date"
                node_ref=node
                autocomplete="off"
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                on:input=move |ev| read(&ev)
                on:keyup=move |ev| read(&ev)
                on:blur=move |ev| read(&ev)
            />
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                type=input_type
                min=min
                autocomplete="off"
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>
                {label}
                {required.then(|| view! { <span class="required">" (required)"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            {control}
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A labelled `<select>`.
#[component]
pub fn Select(
    /// DOM id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// `(value, text)` pairs.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the chosen value.
    #[prop(into)]
    on_change: Callback<String>,
    /// Message to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Hide the label visually (it is still read out), for selects inside table rows.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field--compact=compact class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone() class:visually-hidden=compact>{label}</label>
            <select
                id=id.clone()
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby={
                    let error_id = error_id.clone();
                    move || error.with(Option::is_some).then(|| error_id.clone())
                }
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! { <option value=v prop:selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A form-level message (e.g. a storage failure) in an alert region.
#[component]
pub fn FormProblem(
    /// The message, if any.
    #[prop(into)]
    message: Signal<Option<String>>,
) -> impl IntoView {
    move || {
        message
            .get()
            .map(|m| view! { <p class="notice notice--error" role="alert">{m}</p> })
    }
}

/// A labelled `<textarea>`.
#[component]
pub fn TextArea(
    /// DOM id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// Current value.
    #[prop(into)]
    value: Signal<String>,
    /// Called with the new value on every input.
    #[prop(into)]
    on_input: Callback<String>,
    /// Help under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// Message to show, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Visible rows.
    #[prop(default = 3)]
    rows: u32,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let id = id.clone();
        move || described_by(hint.is_some(), error.with(Option::is_some), &id)
    };
    view! {
        <div class="field" class:field--invalid=move || error.with(Option::is_some)>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            <textarea
                id=id
                rows=rows
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn Checkbox(
    /// DOM id.
    #[prop(into)]
    id: String,
    /// Visible label.
    #[prop(into)]
    label: String,
    /// Whether it is ticked.
    #[prop(into)]
    checked: Signal<bool>,
    /// Called with the new state.
    #[prop(into)]
    on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="field field--check">
            <input
                id=id.clone()
                type="checkbox"
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}

/// A list of problems (form-level validation) in an alert region.
#[component]
pub fn Problems(
    /// The messages; nothing is shown when empty.
    #[prop(into)]
    messages: Signal<Vec<String>>,
) -> impl IntoView {
    move || {
        let list = messages.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice notice--error" role="alert">
                    <p>"Please fix these first:"</p>
                    <ul>{list.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}
