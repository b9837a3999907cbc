//! Native roster benchmarks (`make bench`), and the large fixture as JSON for the start-up
//! benchmark:
//!
//! ```text
//! cargo run --release --example roster_bench            # JSON lines: native timings
//! cargo run --release --example roster_bench -- fixture target/large-fixture.json
//! ```

#[path = "../tests/common/roster_bench.rs"]
mod roster_bench;
#[path = "../tests/common/session_bench.rs"]
mod session_bench;

use std::time::Instant;

use iop_planner::actions::stored_json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("fixture") {
        let path = args.get(1).ok_or("usage: roster_bench fixture <path>")?;
        return write_fixture(path);
    }
    let start = Instant::now();
    let now = move || start.elapsed().as_secs_f64() * 1000.0;
    let lines = roster_bench::run("native", 7, &now)
        .into_iter()
        .chain(session_bench::run("native", 7, &now));
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// Every record of the large fixture, by object store, as the app stores them.
fn write_fixture(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let programme = roster_bench::large();
    // Every kind of the record registry, as the app stores it.
    let stores = stored_json(&programme)?;
    std::fs::write(path, serde_json::to_string(&stores)?)?;
    eprintln!(
        "wrote {path}: {}",
        stores
            .iter()
            .map(|(k, v)| format!("{k} {}", v.len()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(())
}
