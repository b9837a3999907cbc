//! The agenda editor: timed blocks that can be added, removed, retimed and reordered with the
//! keyboard, with the total checked against the session length.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::actions::use_app;
use crate::domain::dates::clock;
use crate::domain::sessions::agenda::{self, Block, BlockKind};
use crate::domain::sessions::session::{self, Session};
use crate::ui::dom;
use crate::ui::fields::Select;

fn kind_code(k: BlockKind) -> String {
    format!("{k:?}")
}

/// Agenda of one session; every edit is saved at once.
#[component]
pub fn AgendaEditor(
    /// The stored session.
    current: Memo<Option<Session>>,
) -> impl IntoView {
    let app = use_app();
    let problem = RwSignal::new(None::<String>);
    let new_kind = RwSignal::new(kind_code(BlockKind::Other));
    // The agenda the session runs (its own, or its group type's template).
    let blocks = Memo::new(move |_| {
        current.with(|s| {
            s.as_ref().map(|s| {
                let kind = app.programme.with(|p| {
                    p.groups
                        .get(&s.group)
                        .map(|g| g.kind)
                        .unwrap_or(crate::domain::GroupType::Other)
                });
                (s.start, s.minutes, session::agenda_of(s, kind))
            })
        })
    });
    let edit = move |f: Edit| {
        let (Some(s), Some((_, _, mut blocks))) = (current.get_untracked(), blocks.get_untracked())
        else {
            return;
        };
        if let Err(e) = f(&mut blocks) {
            problem.set(Some(e));
            return;
        }
        let pending = app.set_agenda(&s.id, blocks);
        spawn_local(async move {
            problem.set(pending.await.err().map(|e| e.to_string()));
        });
    };
    let ids = Memo::new(move |_| {
        blocks.with(|b| {
            b.as_ref()
                .map(|(_, _, b)| b.iter().map(|b| b.id.clone()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let timing = Memo::new(move |_| {
        blocks.with(|b| {
            b.as_ref()
                .and_then(|(_, minutes, b)| agenda::timing(b, *minutes).warning())
        })
    });
    let kinds: Vec<(String, String)> = BlockKind::ALL
        .into_iter()
        .map(|k| (kind_code(k), k.label().to_string()))
        .collect();
    let add = move |_| {
        let code = new_kind.get_untracked();
        let kind = BlockKind::ALL
            .into_iter()
            .find(|k| kind_code(*k) == code)
            .unwrap_or(BlockKind::Other);
        edit(Box::new(move |blocks| {
            agenda::add_block(blocks, kind, kind.label(), 10);
            Ok(())
        }));
    };
    let reset = move |_| {
        let Some(s) = current.get_untracked() else {
            return;
        };
        let pending = app.reset_agenda(&s.id);
        spawn_local(async move {
            problem.set(pending.await.err().map(|e| e.to_string()));
        });
    };
    view! {
        <section class="card agenda" aria-labelledby="agenda-heading">
            <h2 id="agenda-heading">"Agenda"</h2>
            <div class="timing" role="status" aria-live="polite">
                {move || match timing.get() {
                    Some(w) => view! { <p class="notice notice--warning">{w}</p> }.into_any(),
                    None => view! {
                        <p class="muted">
                            {move || current.get().map(|s| format!("The agenda fills the {}-minute session exactly.", s.minutes)).unwrap_or_default()}
                        </p>
                    }.into_any(),
                }}
            </div>
            <div class="table-wrap">
                <table class="data-table agenda-table">
                    <caption class="visually-hidden">"Agenda blocks in order"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Time"</th>
                            <th scope="col">"Block"</th>
                            <th scope="col">"Minutes"</th>
                            <th scope="col" class="no-print">"Order"</th>
                            <th scope="col" class="no-print"><span class="visually-hidden">"Remove"</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || ids.get() key=|id| id.clone() let:id>
                            <AgendaRow blocks=blocks id=id edit=edit />
                        </For>
                    </tbody>
                </table>
            </div>
            <div class="add-block no-print">
                <Select id="new-block-kind" label="New block" options=kinds value=new_kind on_change=move |v| new_kind.set(v) />
                <button class="button" id="add-block" on:click=add>"Add block"</button>
                <button class="button button--quiet" on:click=reset>"Reset to the group's template"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="notice notice--error" role="alert">{p}</p> })}
        </section>
    }
}

type Edit = Box<dyn FnOnce(&mut Vec<Block>) -> Result<(), String>>;

#[component]
fn AgendaRow(
    blocks: Memo<Option<(chrono::NaiveTime, u16, Vec<Block>)>>,
    id: String,
    edit: impl Fn(Edit) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let row = Memo::new(move |_| {
        blocks.with(|b| {
            let (start, _, list) = b.as_ref()?;
            let times = agenda::times(*start, list);
            let i = list.iter().position(|b| b.id == id.get_value())?;
            Some((
                list[i].clone(),
                times.get(i).copied(),
                i == 0,
                i + 1 == list.len(),
            ))
        })
    });
    let title = move || row.with(|r| r.as_ref().map(|r| r.0.title.clone()).unwrap_or_default());
    let rename = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        edit(Box::new(move |blocks| {
            agenda::rename_block(blocks, &id.get_value(), &value)
        }));
    };
    let retime = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        edit(Box::new(move |blocks| {
            let minutes = value
                .trim()
                .parse::<u16>()
                .map_err(|_| "Enter the block's length in whole minutes.".to_string())?;
            agenda::retime_block(blocks, &id.get_value(), minutes)
        }));
    };
    let shift = move |delta: i32| {
        edit(Box::new(move |blocks| {
            agenda::move_block(blocks, &id.get_value(), delta);
            Ok(())
        }));
        // Keep keyboard focus on the moved block's button, wherever the row now is.
        dom::focus_after_render(format!(
            "block-{}-{}",
            if delta < 0 { "up" } else { "down" },
            id.get_value()
        ));
    };
    let remove = move |_| {
        edit(Box::new(move |blocks| {
            agenda::remove_block(blocks, &id.get_value())
        }));
        // The row goes away; keyboard focus goes to adding a block rather than the page.
        dom::focus_after_render("add-block".into());
    };
    // The row is built once and only its text and attributes follow the data, so the focused
    // button keeps focus while its block moves.
    let Some((block, _, _, _)) = row.get_untracked() else {
        return ().into_any();
    };
    let when = move || {
        row.with(|r| {
            r.as_ref()
                .and_then(|r| r.1)
                .map(|(a, b)| format!("{}-{}", clock(a), clock(b)))
                .unwrap_or_default()
        })
    };
    let name = move || title();
    let minutes = move || {
        row.with(|r| {
            r.as_ref()
                .map(|r| r.0.minutes.to_string())
                .unwrap_or_default()
        })
    };
    let first = move || row.with(|r| r.as_ref().is_none_or(|r| r.2));
    let last = move || row.with(|r| r.as_ref().is_none_or(|r| r.3));
    let title_id = format!("block-title-{}", block.id);
    let minutes_id = format!("block-minutes-{}", block.id);
    view! {
        <tr class="agenda-row">
            <td class="agenda-time">{when}</td>
            <td class="agenda-block">
                <label class="visually-hidden" for=title_id.clone()>{move || format!("Title of block {}", name())}</label>
                <input id=title_id type="text" class="agenda-title" prop:value=title on:change=rename />
                <span class="muted agenda-kind">
                    {move || row.with(|r| r.as_ref().map(|r| r.0.kind.label()).unwrap_or_default())}
                </span>
            </td>
            <td class="agenda-minutes">
                // "Minutes" is shown on narrow screens, where the column headings are not.
                <label class="agenda-minutes__label" for=minutes_id.clone()>
                    "Minutes"<span class="visually-hidden">{move || format!(" for {}", name())}</span>
                </label>
                <input id=minutes_id class="input-minutes" type="number" min="1" inputmode="numeric" prop:value=minutes on:change=retime />
            </td>
            <td class="no-print agenda-order">
                <button
                    class="button button--quiet agenda-move"
                    id=format!("block-up-{}", block.id)
                    aria-label=move || format!("Move {} earlier", name())
                    aria-disabled=move || first().then_some("true")
                    on:click=move |_| { if !first() { shift(-1) } }
                >"↑"</button>
                <button
                    class="button button--quiet agenda-move"
                    id=format!("block-down-{}", block.id)
                    aria-label=move || format!("Move {} later", name())
                    aria-disabled=move || last().then_some("true")
                    on:click=move |_| { if !last() { shift(1) } }
                >"↓"</button>
            </td>
            <td class="no-print agenda-remove">
                <button class="button button--quiet" aria-label=move || format!("Remove {}", name()) on:click=remove>"Remove"</button>
            </td>
        </tr>
    }
    .into_any()
}
