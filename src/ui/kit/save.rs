//! The save flow every form shares: refuse a second press while saving, run the save, clear the
//! busy flag, then hand the outcome to the form.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Run `save` unless `busy` is already set; `busy` is set while it runs, then `done` gets the
/// outcome (show the message, navigate, or put the errors next to the fields).
///
/// ```ignore
/// run_save(saving, app.save_room(id, &draft.get_untracked(), base), move |result| match result {
///     Ok(()) => editing.set(None),
///     Err(e) => errors.set(e),
/// });
/// ```
pub fn run_save<T: 'static, E: 'static>(
    busy: RwSignal<bool>,
    save: impl Future<Output = Result<T, E>> + 'static,
    done: impl FnOnce(Result<T, E>) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    spawn_local(async move {
        let outcome = save.await;
        busy.set(false);
        done(outcome);
    });
}
