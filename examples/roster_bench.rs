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
        let path = args
            .get(1)
            .ok_or("usage: roster_bench fixture <path> [<reference path>]")?;
        return write_fixture(path, args.get(2).map(String::as_str));
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

/// Every record of the large fixture, by object store, as the app stores them; and, at
/// `reference`, the same records in the layout of database version 4 (one object per record,
/// sessions in full with `{"mark": .., "minutes": null}` attendance), which the start-up
/// benchmark reads raw as its yardstick.
fn write_fixture(path: &str, reference: Option<&str>) -> Result<(), Box<dyn std::error::Error>> {
    let programme = roster_bench::large();
    // Every kind of the record registry, as the app stores it.
    let stores = stored_json(&programme)?;
    std::fs::write(path, serde_json::to_string(&stores)?)?;
    eprintln!("wrote {path}: {}", counts(&stores));
    if let Some(reference) = reference {
        let mut old = stores;
        old.remove("session_months");
        let sessions = programme
            .sessions
            .values()
            .map(version_4_session)
            .collect::<Result<Vec<_>, _>>()?;
        old.insert("sessions", sessions);
        std::fs::write(reference, serde_json::to_string(&old)?)?;
        eprintln!("wrote {reference}: {}", counts(&old));
    }
    Ok(())
}

fn counts(stores: &std::collections::BTreeMap<&str, Vec<serde_json::Value>>) -> String {
    stores
        .iter()
        .map(|(k, v)| format!("{k} {}", v.len()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A session as database version 4 stored it: every field written out.
fn version_4_session(
    s: &iop_planner::domain::sessions::session::Session,
) -> Result<serde_json::Value, serde_json::Error> {
    let mut json = serde_json::to_value(s)?;
    let defaults = serde_json::json!({
        "unit": null, "topic": null, "practice": null, "cancelled": false,
        "overrides": {"topic": false, "time": false, "cancelled": false, "agenda": false},
        "agenda": [], "attendance": {}, "notes": "", "rev": 1
    });
    for (key, value) in defaults.as_object().into_iter().flatten() {
        json.as_object_mut()
            .map(|o| o.entry(key.clone()).or_insert(value.clone()));
    }
    if let Some(marks) = json["attendance"].as_object_mut() {
        for mark in marks.values_mut() {
            if mark.is_string() {
                *mark = serde_json::json!({"mark": mark.clone(), "minutes": null});
            } else if let Some(full) = mark.as_object_mut() {
                full.entry("minutes").or_insert(serde_json::Value::Null);
            }
        }
    }
    Ok(json)
}
