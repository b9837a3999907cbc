//! Roster benchmarks in wasm, in headless Chromium (`make bench`; not part of `make test`).
//! Prints one JSON line per figure through the console.
#![cfg(target_arch = "wasm32")]

#[path = "common/roster_bench.rs"]
mod roster_bench;
#[path = "common/session_bench.rs"]
mod session_bench;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn roster_benchmarks() {
    let performance = web_sys::window().and_then(|w| w.performance());
    let now = move || performance.as_ref().map(|p| p.now()).unwrap_or(0.0);
    let lines = roster_bench::run("wasm", 7, &now)
        .into_iter()
        .chain(session_bench::run("wasm", 7, &now));
    for line in lines {
        web_sys::console::log_1(&line.into());
    }
}

/// One edit on the large fixture, from the action to the committed IndexedDB transaction
/// (validation, the revision check inside the transaction, the write, the in-memory update).
#[wasm_bindgen_test]
async fn commit_benchmark() {
    use iop_planner::actions::{start, stored_json};
    use iop_planner::domain::Kind;
    use iop_planner::storage::{IdbStorage, Op, Storage};
    use leptos::prelude::WithUntracked;

    let performance = web_sys::window().and_then(|w| w.performance());
    let now = move || performance.as_ref().map(|p| p.now()).unwrap_or(0.0);
    let name = format!("bench-commit-{}", uuid::Uuid::new_v4());
    let storage = IdbStorage::open(&name, std::rc::Rc::new(|_| {}))
        .await
        .expect("open");
    let programme = roster_bench::large();
    let mut ops = Vec::new();
    for (store, records) in stored_json(&programme).expect("fixture") {
        ops.extend(
            records
                .into_iter()
                .map(|record| Op::Insert { store, record }),
        );
    }
    let records = ops.len();
    Storage::Idb(storage.clone())
        .apply(ops)
        .await
        .expect("fixture written");
    let app = start(Storage::Idb(storage.clone())).await.expect("start");
    let client = app
        .programme
        .with_untracked(|p| p.active_clients().next().cloned().expect("a client"));
    let today = roster_bench::bench_today();
    let runs = 7;
    let mut times = Vec::new();
    for i in 0..=runs {
        let mut draft = client.to_draft();
        draft.preferred_name = format!("Run {i}");
        let base = app.revision(Kind::Client, &client.id.0);
        let start = now();
        app.update_client(&client.id, draft, today, base)
            .await
            .expect("saved");
        if i > 0 {
            times.push(now() - start);
        }
    }
    let median = roster_bench::median(times);
    web_sys::console::log_1(
        &format!(
            r#"{{"bench":"commit_one_record_large","target":"wasm","median_ms":{median:.2},"runs":{runs},"records":{records}}}"#
        )
        .into(),
    );
    storage.close();
    let _ = IdbStorage::delete(&name).await;
}
