//! The roster benchmarks, shared by the native runner (`examples/roster_bench.rs`) and the wasm
//! runner (`tests/bench_wasm.rs`): the same fixtures and the same timed work, only the clock
//! and the output differ.

use chrono::NaiveDate;
use iop_planner::domain::Programme;
use iop_planner::domain::families::FreeTime;
use iop_planner::domain::families::slots::{MAX_SLOTS, SlotQuery, find_slots};
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
    let (query, fixture_with_family) = slot_query(&programme, today);
    let (slots_ms, slots) = time(runs, now, || {
        let answer = find_slots(&fixture_with_family, &query);
        answer.slots.len() + answer.near.len()
    });
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
            r#"{{"bench":"slot_finder_large","target":"{target}","median_ms":{slots_ms:.2},"runs":{runs},"days":28,"family":{},"staff":{},"rooms":{},"family_sessions":{},"found":{slots}}}"#,
            query.family.len(),
            fixture_with_family.staff.len(),
            fixture_with_family.rooms.len(),
            fixture_with_family.family_sessions.len()
        ),
        format!(
            r#"{{"bench":"sample_generate_large","target":"{target}","median_ms":{generate_ms:.2},"runs":{runs},"records":{records}}}"#
        ),
    ]
}

/// The slot-finder query of the benchmark: the large fixture's client with the most family
/// members, three of them with patchy availability (two evenings; alternate Saturdays, a Friday
/// afternoon and a Wednesday; Tuesday to Thursday late afternoons), each away one day, the
/// clinician who leads most groups, 60 minutes in person over 4 weeks.
pub fn slot_query(p: &Programme, today: NaiveDate) -> (SlotQuery, Programme) {
    use chrono::{Days, NaiveTime, Weekday};
    let mut p = p.clone();
    let mut best: Option<(iop_planner::domain::ClientId, Vec<String>)> = None;
    for c in p.active_clients() {
        let family: Vec<String> = p
            .family_members
            .values()
            .filter(|m| m.support_of(&c.id).is_some())
            .map(|m| m.id.clone())
            .collect();
        if best.as_ref().is_none_or(|(_, f)| family.len() > f.len()) {
            best = Some((c.id.clone(), family));
        }
    }
    let (client, mut family) = best.expect("the large fixture has clients");
    family.truncate(3);
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
    let window = |weekday, from, until, alternate_from| FreeTime {
        weekday,
        from,
        until,
        alternate_from,
    };
    let patterns = [
        vec![
            window(Weekday::Mon, t(17, 0), t(20, 0), None),
            window(Weekday::Wed, t(17, 0), t(20, 0), None),
        ],
        vec![
            window(Weekday::Sat, t(9, 0), t(13, 0), Some(today)),
            window(Weekday::Fri, t(15, 0), t(19, 0), None),
            window(Weekday::Wed, t(16, 0), t(19, 30), None),
        ],
        vec![
            window(Weekday::Tue, t(16, 0), t(19, 0), None),
            window(Weekday::Wed, t(16, 30), t(20, 0), None),
            window(Weekday::Thu, t(16, 0), t(19, 0), None),
        ],
    ];
    for (id, windows) in family.iter().zip(patterns) {
        if let Some(m) = p.family_members.get_mut(id) {
            m.availability = windows;
            m.unavailable = vec![today.checked_add_days(Days::new(9)).unwrap_or(today)];
        }
    }
    let mut leads: Vec<(usize, String)> = p
        .staff
        .keys()
        .map(|s| {
            let led = p
                .groups
                .values()
                .filter(|g| g.lead.as_ref() == Some(s))
                .count();
            (led, s.clone())
        })
        .collect();
    leads.sort();
    let clinician = leads.last().map(|(_, s)| s.clone()).unwrap_or_default();
    let query = SlotQuery {
        client,
        family,
        clinicians: vec![clinician],
        minutes: 60,
        from: today,
        to: today.checked_add_days(Days::new(27)).unwrap_or(today),
        in_person: true,
        prefer_group_day: true,
        prefer_after: Some(t(17, 0)),
        limit: MAX_SLOTS,
    };
    (query, p)
}
