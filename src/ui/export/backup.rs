//! Backup and restore on the Export page: download an encrypted backup; choose a backup file,
//! see what restoring it would do, then merge or replace everything.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::actions::backup::{How, OpenedBackup};
use crate::actions::preferences;
use crate::actions::{App, use_app};
use crate::domain::Programme;
use crate::domain::export::backup::{self, Choices, Comparison, Difference, Opened};
use crate::platform;
use crate::ui::derived::use_derived;
use crate::ui::fields::{Checkbox, Input};

/// The passphrase choice of a backup about to be made.
#[derive(Clone, Copy)]
struct Choice {
    passphrase: RwSignal<String>,
    repeat: RwSignal<String>,
    plain: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    repeat_error: RwSignal<Option<String>>,
}

impl Choice {
    fn new() -> Choice {
        Choice {
            passphrase: RwSignal::new(String::new()),
            repeat: RwSignal::new(String::new()),
            plain: RwSignal::new(false),
            error: RwSignal::new(None),
            repeat_error: RwSignal::new(None),
        }
    }

    /// The passphrase to encrypt with (`None`: the person chose no encryption), or the field
    /// messages set.
    fn read(&self) -> Result<Option<String>, ()> {
        self.error.set(None);
        self.repeat_error.set(None);
        if self.plain.get_untracked() {
            return Ok(None);
        }
        let (pw, repeat) = (self.passphrase.get_untracked(), self.repeat.get_untracked());
        match backup::passphrase_problem(&pw, &repeat) {
            None => Ok(Some(pw)),
            Some((backup::PassphraseField::Passphrase, m)) => {
                self.error.set(Some(m));
                Err(())
            }
            Some((backup::PassphraseField::Repeat, m)) => {
                self.repeat_error.set(Some(m));
                Err(())
            }
        }
    }
}

/// Passphrase, repeat, and the explicit "no encryption" choice.
#[component]
fn PassphraseFields(prefix: &'static str, choice: Choice) -> impl IntoView {
    view! {
        <Show when=move || !choice.plain.get()>
            <div class="filters">
                <Input id=format!("{prefix}-passphrase") label="Passphrase" input_type="password"
                    value=choice.passphrase on_input=move |v| choice.passphrase.set(v)
                    error=choice.error />
                <Input id=format!("{prefix}-repeat") label="Passphrase again" input_type="password"
                    value=choice.repeat on_input=move |v| choice.repeat.set(v)
                    error=choice.repeat_error />
            </div>
        </Show>
        <Checkbox id=format!("{prefix}-plain")
            label="Save without encryption (anyone who gets the file can read every record in it)"
            checked=choice.plain on_change=move |v| choice.plain.set(v) />
    }
}

/// Make and download a backup of everything here; the message to show.
async fn download(app: App, passphrase: Option<String>) -> Result<String, String> {
    app.download_backup(passphrase, platform::today())
        .await
        .map(|done| done.message())
}

/// The "Backup" card.
#[component]
pub fn BackupCard() -> impl IntoView {
    let app = use_app();
    let derived = use_derived();
    let choice = Choice::new();
    let busy = RwSignal::new(false);
    let status = crate::ui::kit::outcome();
    let last = RwSignal::new(preferences::last_backup());
    let go = move |_| {
        let Ok(passphrase) = choice.read() else {
            status.set(None);
            return;
        };
        busy.set(true);
        status.set(None);
        spawn_local(async move {
            let result = download(app, passphrase).await;
            if result.is_ok() {
                last.set(preferences::last_backup());
                choice.passphrase.set(String::new());
                choice.repeat.set(String::new());
            }
            status.set(Some(result));
            busy.set(false);
        });
    };
    view! {
        <div class="card" role="region" aria-labelledby="backup-heading">
            <h2 id="backup-heading">"Backup"</h2>
            <p class="hint">"One file with everything in this browser: clients, groups, sessions and attendance, the library, families and consents, settings. Keep one somewhere safe: if this browser's data is lost, the backup is the only copy. It is encrypted with a passphrase you choose; keep the passphrase apart from the file, because without it nobody, you included, can open the backup."</p>
            <p class="muted">{move || backup::last_backup_text(last.get(), derived.today.get())}</p>
            <PassphraseFields prefix="backup" choice=choice />
            <div class="form-actions">
                <button type="button" class="button button--primary" on:click=go disabled=move || busy.get()>
                    {move || if busy.get() { "Encrypting…" } else { "Download backup" }}
                </button>
            </div>
            <crate::ui::kit::OutcomeLine outcome=status />
        </div>
    }
}

/// The "Restore" card.
#[component]
pub fn RestoreCard() -> impl IntoView {
    let app = use_app();
    // A backup file that still needs its passphrase.
    let sealed = RwSignal::new(None::<Opened>);
    // The backup, read and checked, with its header.
    let incoming = RwSignal::new(None::<(backup::Header, Programme)>);
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    // The fields changed on both sides whose backup value the person chose.
    let choices = RwSignal::new(Choices::new());
    let input = NodeRef::<leptos::html::Input>::new();
    let comparison = Memo::new(move |_| {
        incoming.with(|b| {
            b.as_ref().map(|(_, b)| {
                app.programme
                    .with(|here| backup::compare(here, b, &Choices::new(), "preview"))
            })
        })
    });
    let reset = move || {
        choices.set(Choices::new());
        sealed.set(None);
        incoming.set(None);
        error.set(None);
        confirming.set(false);
        passphrase.set(String::new());
    };
    let on_file = move |ev: web_sys::Event| {
        reset();
        status.set(None);
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        if file.size() > backup::MAX_FILE_BYTES as f64 {
            error.set(Some(format!(
                "This file is {:.0} MB; a backup can be at most {} MB. Choose the backup file IOP Planner saved.",
                file.size() / 1_048_576.0,
                backup::MAX_FILE_BYTES / 1_048_576
            )));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match platform::read_file(&file)
                .await
                .and_then(|bytes| app.open_backup(&bytes))
            {
                Err(e) => error.set(Some(e)),
                Ok(OpenedBackup::Ready(header, programme)) => {
                    incoming.set(Some((header, *programme)))
                }
                Ok(OpenedBackup::Locked(opened)) => sealed.set(Some(opened)),
            }
            busy.set(false);
        });
    };
    let unlock = move || {
        let Some(opened) = sealed.get_untracked() else {
            return;
        };
        let pw = passphrase.get_untracked();
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match app.unlock_backup(&opened, &pw).await {
                Ok(ready) => {
                    incoming.set(Some(ready));
                    sealed.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    // Restore by merging (true) or replacing everything (false).
    let run = move |merge: bool| {
        let Some((_, b)) = incoming.get_untracked() else {
            return;
        };
        busy.set(true);
        error.set(None);
        let how = if merge {
            How::Merge(choices.get_untracked())
        } else {
            How::Replace
        };
        spawn_local(async move {
            match app.restore_backup(&b, how.clone()).await {
                Ok(done) => {
                    reset();
                    if let Some(i) = input.get_untracked() {
                        i.set_value("");
                    }
                    status.set(Some(done_message(&done, &how)));
                }
                Err(e) => error.set(Some(format!("{e} Nothing was changed."))),
            }
            busy.set(false);
        });
    };
    let safety = Choice::new();
    let safety_status = crate::ui::kit::outcome();
    let safety_backup = move |_| {
        let Ok(pw) = safety.read() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            safety_status.set(Some(download(app, pw).await));
            busy.set(false);
        });
    };
    view! {
        <div class="card" id="restore" role="region" aria-labelledby="restore-heading">
            <h2 id="restore-heading">"Restore from a backup"</h2>
            <p class="hint">"Choose a backup file. Everything in it is checked first and you see what would change; nothing is written until you choose Merge or Replace everything."</p>
            <div class="field">
                <label for="restore-file">"Backup file"</label>
                <input id="restore-file" type="file" accept=".iopbackup,.json,application/json"
                    node_ref=input on:change=on_file disabled=move || busy.get() />
            </div>
            <Show when=move || sealed.with(Option::is_some)>
                <form class="filters" on:submit=move |ev| { ev.prevent_default(); unlock(); }>
                    <Input id="restore-passphrase" label="Passphrase of this backup" input_type="password"
                        value=passphrase on_input=move |v| passphrase.set(v) />
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {move || if busy.get() { "Opening…" } else { "Open backup" }}
                    </button>
                </form>
            </Show>
            {move || error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {move || status.get().map(|m| view! { <p class="muted" role="status">{m}</p> })}
            {move || comparison.get().map(|c| {
                let header = incoming.with_untracked(|i| i.as_ref().map(|(h, _)| h.clone()));
                preview(c, header, choices, busy, confirming, run)
            })}
            <Show when=move || confirming.get()>
                <div class="confirm" role="alertdialog" aria-labelledby="replace-title">
                    <h3 id="replace-title">"Replace everything in this browser?"</h3>
                    <p>{move || comparison.with(|c| c.as_ref().map(|c| {
                        let change: usize = c.counts.values().map(|k| k.change).sum();
                        let remove = c.replace_removes();
                        let kept = c.kept_text().map(|t| format!(" {t}")).unwrap_or_default();
                        format!("{remove} records here that are not in the backup will be removed and {change} will be replaced by the backup's version.{kept} Download a backup of what is here now first, so you can go back.")
                    }))}</p>
                    <PassphraseFields prefix="safety" choice=safety />
                    <div class="form-actions">
                        <button type="button" class="button" on:click=safety_backup disabled=move || busy.get()>
                            "Download a backup of what is here now"
                        </button>
                    </div>
                    <crate::ui::kit::OutcomeLine outcome=safety_status />
                    <div class="form-actions">
                        <button type="button" class="button button--danger" disabled=move || busy.get()
                            on:click=move |_| run(false)>"Replace everything"</button>
                        <button type="button" class="button" on:click=move |_| confirming.set(false)>"Keep what is here"</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// What the backup holds and what each way of restoring it would do.
fn preview(
    c: Comparison,
    header: Option<backup::Header>,
    choices: RwSignal<Choices>,
    busy: RwSignal<bool>,
    confirming: RwSignal<bool>,
    run: impl Fn(bool) + Copy + 'static,
) -> impl IntoView {
    let made = header
        .map(|h| {
            let when = h
                .exported_at
                .replace('T', " ")
                .trim_end_matches('Z')
                .to_string();
            let how = if h.encryption.is_some() {
                "encrypted"
            } else {
                "not encrypted"
            };
            format!(
                "Saved {} UTC by IOP Planner {}, {how}.",
                when.get(..16).unwrap_or(&when),
                h.app_version
            )
        })
        .unwrap_or_default();
    let identical = c.identical();
    let rows = c
        .counts
        .iter()
        .filter(|(_, k)| (k.add + k.change + k.remove + k.same) > 0)
        .map(|(kind, k)| {
            view! {
                <tr>
                    <th scope="row" data-label="Records">{kind.plural()}</th>
                    <td data-label="In the backup">{k.add + k.change + k.same}</td>
                    <td data-label="New">{k.add}</td>
                    <td data-label="Different">{k.change}</td>
                    <td data-label="Only here">{k.remove}</td>
                </tr>
            }
        })
        .collect_view();
    let differences = c.differences.clone();
    let n_conflicts = c.conflict_count();
    let damaged = c.damaged.len();
    let kept = c.kept_text();
    view! {
        <section aria-labelledby="preview-heading">
            <h3 id="preview-heading">"What restoring would do"</h3>
            <p class="muted">{made}</p>
            <div class="table-wrap">
                <table class="data-table data-table--compact">
                    <thead><tr>
                        <th scope="col">"Records"</th>
                        <th scope="col">"In the backup"</th>
                        <th scope="col">"New"</th>
                        <th scope="col">"Different"</th>
                        <th scope="col">"Only here"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(!differences.is_empty()).then(|| differences_list(differences, n_conflicts, choices))}
            {kept.map(|t| view! { <p class="notice">{t}</p> })}
            {(damaged > 0).then(|| view! {
                <p class="notice notice--warning">{format!("{damaged} records here could not be read; restoring leaves them as they are (see Settings, Damaged records).")}</p>
            })}
            {if identical {
                view! { <p role="status">"This backup holds exactly what is here: there is nothing to restore."</p> }.into_any()
            } else {
                view! {
                    <ul class="hint">
                        <li>"Merge adds what is only in the backup and, of a record that differs, keeps every change made on either side since the two copies parted. Where both changed the same field, it keeps this browser's value unless you choose the backup's above. It removes nothing."</li>
                        <li>"Replace everything makes this browser hold exactly what the backup holds, except that no disclosure entry or consent recorded here is ever removed."</li>
                    </ul>
                    <div class="form-actions">
                        <button type="button" class="button button--primary" disabled=move || busy.get()
                            on:click=move |_| run(true)>"Merge"</button>
                        <button type="button" class="button button--danger" disabled=move || busy.get()
                            on:click=move |_| confirming.set(true)>"Replace everything…"</button>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The records that differ, what Merge does with each, and a choice per field changed on both
/// sides.
fn differences_list(
    differences: Vec<Difference>,
    n_conflicts: usize,
    choices: RwSignal<Choices>,
) -> impl IntoView {
    let n = differences.len();
    let summary = if n_conflicts == 0 {
        format!("{n} {} here and in the backup", differs(n))
    } else {
        format!(
            "{n} {} here and in the backup; {n_conflicts} {} changed on both sides: choose which value to keep",
            differs(n),
            if n_conflicts == 1 {
                "field was"
            } else {
                "fields were"
            }
        )
    };
    let all: Vec<(crate::domain::RecordRef, String)> = differences
        .iter()
        .flat_map(|d| d.conflicts.iter().map(|c| d.choice(&c.field)))
        .collect();
    let items = differences
        .into_iter()
        .map(|d| difference_item(d, choices))
        .collect_view();
    let open = n_conflicts > 0;
    view! {
        <details class="differences" open=open>
            <summary>{summary}</summary>
            {(n_conflicts > 1).then(|| view! {
                <div class="form-actions">
                    <button type="button" class="button" on:click=move |_| choices.set(Choices::new())>
                        "Keep this browser's value everywhere"
                    </button>
                    <button type="button" class="button" on:click=move |_| choices.set(all.iter().cloned().collect())>
                        "Take the backup's value everywhere"
                    </button>
                </div>
            })}
            <ul class="differences__list">{items}</ul>
        </details>
    }
}

fn differs(n: usize) -> &'static str {
    if n == 1 {
        "record differs"
    } else {
        "records differ"
    }
}

/// One record that differs: what Merge does with it, and a choice per field changed on both
/// sides.
fn difference_item(d: Difference, choices: RwSignal<Choices>) -> impl IntoView {
    let what = if let Some(why) = &d.kept_whole {
        format!("Merge keeps this browser's version: {why}.")
    } else if !d.from_backup.is_empty() {
        let fields: Vec<String> = d
            .from_backup
            .iter()
            .map(|f| backup::field_label(f).to_lowercase())
            .collect();
        format!(
            "Merge takes the backup's {} (changed only there).",
            fields.join(", ")
        )
    } else if d.conflicts.is_empty() {
        "Merge keeps this browser's version: the backup's is older.".to_string()
    } else {
        String::new()
    };
    let heading = format!("{} ({})", d.name, d.record.kind.label());
    let fields = d
        .conflicts
        .iter()
        .map(|c| {
            let key = d.choice(&c.field);
            let name = format!(
                "merge-{}-{}-{}",
                d.record.kind.store(),
                d.record.id,
                c.field
            );
            let label = backup::field_label(&c.field);
            let (here, there) = (backup::value_text(&c.here), backup::value_text(&c.there));
            let (k1, k2, k3) = (key.clone(), key.clone(), key);
            view! {
                <fieldset class="merge-choice">
                    <legend>{format!("{label}: changed here and in the backup")}</legend>
                    <label class="field--check">
                        <input type="radio" name=name.clone()
                            prop:checked=move || choices.with(|s| !s.contains(&k1))
                            on:change=move |_| choices.update(|s| { s.remove(&k2); }) />
                        <span>"Keep this browser's: "<strong>{here}</strong></span>
                    </label>
                    <label class="field--check">
                        <input type="radio" name=name
                            prop:checked=move || choices.with(|s| s.contains(&k3))
                            on:change={
                                let key = d.choice(&c.field);
                                move |_| choices.update(|s| { s.insert(key.clone()); })
                            } />
                        <span>"Take the backup's: "<strong>{there}</strong></span>
                    </label>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <li>
            <p><strong>{heading}</strong>{(!what.is_empty()).then(|| format!(": {what}"))}</p>
            {fields}
        </li>
    }
}

/// "Restored: …" after a merge or replace.
fn done_message(c: &Comparison, how: &How) -> String {
    let (add, change) = c
        .counts
        .values()
        .fold((0, 0), |a, k| (a.0 + k.add, a.1 + k.change));
    match how {
        How::Replace => match c.kept_text() {
            None => format!(
                "Restored: everything here now matches the backup ({add} added, {change} replaced, {} removed).",
                c.replace_removes()
            ),
            Some(kept) => format!(
                "Restored from the backup ({add} added, {change} replaced, {} removed). {kept}",
                c.replace_removes()
            ),
        },
        How::Merge(choices) => format!("Merged: {}", c.merge_text(choices)),
    }
}
