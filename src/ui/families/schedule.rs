//! The family's own schedule (`/families/:member`): what this family member may see under their
//! consent and nothing else, from the domain's one projection. Printable; staff-only notes
//! (why something is withheld) are left out of the print.

use chrono::Days;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::actions::use_app;
use crate::domain::families::projection::{ItemKind, family_view, when_in};
use crate::ui::derived::use_derived;
use crate::ui::dom;
use crate::ui::fields::Select;

/// Page: one family member's schedule for the next weeks.
#[component]
pub fn FamilySchedule() -> impl IntoView {
    let app = use_app();
    let today = use_derived().today;
    let params = use_params_map();
    let member = move || params.with(|p| p.get("member").unwrap_or_default());
    let weeks = RwSignal::new("4".to_string());
    let view = Memo::new(move |_| {
        let from = today.get();
        let n: u64 = weeks.get().parse().unwrap_or(4);
        let to = from.checked_add_days(Days::new(7 * n - 1)).unwrap_or(from);
        app.programme.with(|p| family_view(p, &member(), from, to))
    });
    // Titles reach the browser's history: never a person's name.
    dom::set_title("Family schedule");
    let range = Signal::derive(|| {
        [
            ("2", "Next 2 weeks"),
            ("4", "Next 4 weeks"),
            ("8", "Next 8 weeks"),
            ("13", "Next 3 months"),
        ]
        .into_iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect::<Vec<_>>()
    });
    view! {
        <section class="page family-schedule" aria-labelledby="page-title">
            <p class="breadcrumb no-print"><A href="/families">"← Families"</A></p>
            {move || match view.get() {
                None => view! {
                    <h1 id="page-title">"Family schedule"</h1>
                    <p class="notice notice--error" role="alert">"This family member is no longer on record."</p>
                }.into_any(),
                Some(v) => {
                    let empty = v.items.is_empty();
                    let words = crate::domain::i18n::by_code(v.lang);
                    let heading = crate::domain::i18n::fill(words.schedule_for, &[("name", &v.member)]);
                    let from = app.programme.with_untracked(|p| {
                        let name = p.settings.programme_name.trim();
                        if name.is_empty() {
                            "What this family member may see, under their consent.".to_string()
                        } else {
                            format!("From {name}")
                        }
                    });
                    let withheld = v.withheld.clone();
                    view! {
                        <div class="page-head">
                            <h1 id="page-title" lang=v.lang>{heading}</h1>
                            <button type="button" class="button button--primary" on:click=move |_| dom::print()>"Print"</button>
                        </div>
                        <p class="lead">{from}</p>
                        <div class="no-print">
                            <Select id="family-range" label="Show" options=range value=weeks on_change=move |v| weeks.set(v) />
                        </div>
                        {(!withheld.is_empty()).then(|| view! {
                            <div class="notice no-print" role="note" aria-label="For staff: not shared">
                                <p><strong>"For staff, not shared: "</strong>"some information is withheld."</p>
                                <ul>{withheld.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            </div>
                        })}
                        {if empty {
                            view! {
                                <p class="empty">"Nothing can be shown to this family member for these dates."</p>
                            }.into_any()
                        } else {
                            view! {
                                <ul class="family-items" aria-label="Upcoming" lang=v.lang>
                                    {v.items.into_iter().map(|item| {
                                        let kind = match item.kind {
                                            ItemKind::FamilySession => "Family session",
                                            ItemKind::FamilyEducation => "Family education",
                                            ItemKind::ClientGroup => "Group",
                                        };
                                        let time = when_in(&item, v.lang);
                                        let link = item.link.clone();
                                        view! {
                                            <li class="family-item">
                                                <p class="family-item__when"><strong>{time}</strong></p>
                                                <p>{item.title}</p>
                                                <p class="muted">
                                                    <span class="visually-hidden">{kind}", "</span>
                                                    {item.place}
                                                    {link.map(|l| view! { " · " <span class="link-text">{l}</span> })}
                                                </p>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <p class="muted small" lang=v.lang>{words.part2_notice}</p>
                        <super::share::ShareSchedule member=member() to=Signal::derive(move || {
                            super::share::weeks_end(today.get(), weeks.get().parse().unwrap_or(4))
                        }) />
                    }.into_any()
                }
            }}
        </section>
    }
}
