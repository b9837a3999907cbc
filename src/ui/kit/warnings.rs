//! The list of roster-rule warnings: each broken rule with what is wrong and the fix.

use leptos::prelude::*;

use crate::domain::rules::Violation;

/// A list of rule violations with what is wrong and the suggested fix.
#[component]
pub fn Warnings(
    /// The violations to show.
    #[prop(into)]
    violations: Signal<Vec<Violation>>,
    /// Heading text.
    #[prop(into)]
    heading: String,
    /// Shown when there is nothing to report.
    #[prop(into)]
    all_clear: String,
) -> impl IntoView {
    view! {
        <section class="card warnings" aria-label=heading.clone()>
            <h2>
                {heading.clone()}
                {move || {
                    let n = violations.with(Vec::len);
                    (n > 0).then(|| view! { <span class="badge badge--warn">{n}</span> })
                }}
            </h2>
            {move || {
                let list = violations.get();
                if list.is_empty() {
                    return view! { <p class="muted">{all_clear.clone()}</p> }.into_any();
                }
                view! {
                    <ul class="warning-list">
                        {list
                            .into_iter()
                            .map(|v| {
                                let hard = v.kind.is_hard();
                                view! {
                                    <li class="warning" class:warning--hard=hard>
                                        <strong class="warning__kind">
                                            {if hard { "Problem: " } else { "Check: " }}
                                            {v.kind.title()}
                                        </strong>
                                        <span class="warning__message">{v.message}</span>
                                        <span class="warning__fix">{v.fix}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
