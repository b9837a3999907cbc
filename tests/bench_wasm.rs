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
