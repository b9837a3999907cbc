//! The roster benchmarks, shared by the native runner (`examples/roster_bench.rs`) and the wasm
//! runner (`tests/bench_wasm.rs`): the same fixtures and the same timed work, only the clock
//! and the output differ.

use chrono::NaiveDate;
use iop_planner::domain::Programme;
use iop_planner::domain::roster::assign::{propose, unassigned};
use iop_planner::domain::rules::check;
use iop_planner::domain::sample::{SampleParams, generate, without_current_memberships};

/// A fixed "today" so runs are comparable.
pub fn bench_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

/// The large fixture: 300 active + 2,000 discharged clients, 50 groups, 2 years.
pub fn large() -> Programme {
    generate(&SampleParams::large(), bench_today(), "large-")
}

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    let m = xs.len() / 2;
    if xs.len() % 2 == 1 {
        xs[m]
    } else {
        (xs[m - 1] + xs[m]) / 2.0
    }
}

pub fn time(runs: usize, now: &dyn Fn() -> f64, mut work: impl FnMut() -> usize) -> (f64, usize) {
    // One warm-up run, not counted.
    let mut out = work();
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = now();
        out = work();
        times.push(now() - start);
    }
    (median(times), out)
}

/// Run both roster benchmarks and return one JSON line per figure.
pub fn run(target: &str, runs: usize, now: &dyn Fn() -> f64) -> Vec<String> {
    let today = bench_today();
    let programme = large();
    // Exactly the 300 active clients to place: the same fixture without its planned admissions.
    let no_planned = SampleParams {
        planned_admissions: 0,
        ..SampleParams::large()
    };
    let fixture = without_current_memberships(&generate(&no_planned, today, "large-"), today);
    let to_place = unassigned(&fixture, today).len();
    let groups = programme.groups.values().filter(|g| !g.archived).count();
    let (assign_ms, placed) = time(runs, now, || propose(&fixture, today).placements.len());
    let (check_ms, found) = time(runs, now, || check(&programme, today).len());
    let (generate_ms, records) = time(runs, now, || {
        let p = large();
        p.clients.len() + p.memberships.len() + p.groups.len()
    });
    vec![
        format!(
            r#"{{"bench":"auto_assign_300x50","target":"{target}","median_ms":{assign_ms:.2},"runs":{runs},"unassigned":{to_place},"groups":{groups},"placed":{placed}}}"#
        ),
        format!(
            r#"{{"bench":"rule_check_large","target":"{target}","median_ms":{check_ms:.2},"runs":{runs},"clients":{},"memberships":{},"violations":{found}}}"#,
            programme.clients.len(),
            programme.memberships.len()
        ),
        format!(
            r#"{{"bench":"sample_generate_large","target":"{target}","median_ms":{generate_ms:.2},"runs":{runs},"records":{records}}}"#
        ),
    ]
}
