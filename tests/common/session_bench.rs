//! The session benchmarks, shared by the native runner (`examples/roster_bench.rs`) and the wasm
//! runner (`tests/bench_wasm.rs`): generating two years of sessions for the 50 groups of the
//! large fixture, and topic coverage of its 300 active clients against those sessions.

use chrono::{Days, NaiveDate};
use iop_planner::domain::coverage::{client_coverage, index};
use iop_planner::domain::library::starter as library;
use iop_planner::domain::sessions::session::{
    self, Attendance, CancelMode, Mark, PLAN_SCHEMA, Plan, Session,
};
use iop_planner::domain::{GroupType, Programme};

use super::roster_bench::{bench_today, large, time};

/// The curriculum each benchmark group runs: every group gets one, so all 50 are planned.
fn curriculum_for(kind: GroupType, n: usize) -> &'static str {
    match kind {
        GroupType::RelapsePrevention => library::MATRIX_RP_ID,
        GroupType::Skills if n.is_multiple_of(2) => library::DBT_ID,
        _ => library::COPING_ID,
    }
}

/// Sessions of every group from a year before `today` to a year after: plans, generation.
fn generate_two_years(p: &Programme, today: NaiveDate) -> Vec<Session> {
    let from = today - Days::new(364);
    let until = today + Days::new(364);
    let mut out = Vec::new();
    for (n, g) in p.groups.values().enumerate() {
        let Some(c) = p.curricula.get(curriculum_for(g.kind, n)) else {
            continue;
        };
        let plan = Plan {
            id: g.id.clone(),
            schema: PLAN_SCHEMA,
            group: g.id.clone(),
            curriculum: c.id.clone(),
            start: from.max(g.start),
            on_cancel: if n.is_multiple_of(2) {
                CancelMode::Shift
            } else {
                CancelMode::Drop
            },
        };
        out.extend(session::generate(&plan, c, g, until).sessions);
    }
    out
}

/// A client's membership of a group: client id, join, leave (exclusive).
type Stay<'a> = (&'a str, NaiveDate, Option<NaiveDate>);

/// The large fixture with its sessions replaced by two years for all 50 groups, and attendance
/// for every past session (about one absence in eight).
fn with_two_years(mut p: Programme, today: NaiveDate) -> Programme {
    let sessions = generate_two_years(&p, today);
    let mut members: std::collections::HashMap<&str, Vec<Stay>> = Default::default();
    for m in p.memberships.values() {
        members
            .entry(m.group.as_str())
            .or_default()
            .push((m.client.0.as_str(), m.join, m.leave));
    }
    let mut marked = Vec::with_capacity(sessions.len());
    for (i, mut s) in sessions.into_iter().enumerate() {
        if s.date < today && !s.cancelled {
            for (j, (client, join, leave)) in members
                .get(s.group.as_str())
                .into_iter()
                .flatten()
                .enumerate()
            {
                if *join <= s.date && leave.is_none_or(|l| s.date < l) {
                    let mark = if (i + j) % 8 == 0 {
                        Mark::Absent
                    } else {
                        Mark::Attended
                    };
                    s.attendance.insert(
                        (*client).to_string(),
                        Attendance {
                            mark,
                            minutes: None,
                        },
                    );
                }
            }
        }
        marked.push(s);
    }
    p.sessions = marked.into_iter().map(|s| (s.id.clone(), s)).collect();
    p
}

/// Run both session benchmarks and return one JSON line per figure.
pub fn run(target: &str, runs: usize, now: &dyn Fn() -> f64) -> Vec<String> {
    let today = bench_today();
    let base = large();
    let groups = base.groups.len();
    let (generate_ms, sessions) = time(runs, now, || generate_two_years(&base, today).len());
    let programme = with_two_years(base, today);
    let active: Vec<_> = programme
        .clients_active_on(today)
        .map(|c| c.id.clone())
        .collect();
    let marks: usize = programme
        .sessions
        .values()
        .map(|s| s.attendance.len())
        .sum();
    let (index_ms, indexed) = time(runs, now, || index(&programme).len());
    let (coverage_ms, topics) = time(runs, now, || {
        let idx = index(&programme);
        active
            .iter()
            .map(|c| client_coverage(&programme, &idx, c, today).topics.len())
            .sum()
    });
    vec![
        format!(
            r#"{{"bench":"generate_sessions_large","target":"{target}","median_ms":{generate_ms:.2},"runs":{runs},"groups":{groups},"sessions":{sessions}}}"#
        ),
        format!(
            r#"{{"bench":"session_index_large","target":"{target}","median_ms":{index_ms:.2},"runs":{runs},"sessions":{indexed},"attendance_marks":{marks}}}"#
        ),
        format!(
            r#"{{"bench":"coverage_large","target":"{target}","median_ms":{coverage_ms:.2},"runs":{runs},"clients":{},"sessions":{},"attendance_marks":{marks},"client_topics":{topics}}}"#,
            active.len(),
            programme.sessions.len()
        ),
    ]
}
