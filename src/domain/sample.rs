//! Fictional sample programmes: the "Load sample programme" demo and the large benchmark
//! fixture, generated deterministically from a seed (no clock, no system randomness).
//!
//! Every person in a sample is invented: first names from a short list, surnames built from two
//! made-up halves ("Thistlecombe", "Quillmere"). The generator places clients the way a careful
//! coordinator would (track, age band, gender, time of day, admission rules, capacity, keep-apart
//! pairs, no clashing meetings, weekly hours of the level of care), so a freshly loaded sample
//! shows few or no rule violations.
//!
//! [`generate`] runs named steps, one file each in `sample/`: `staff` (rooms and staff),
//! `groups` (meeting times, leads, rooms, co-facilitators), `people` (clients and keep-apart
//! pairs), `rosters` (memberships over time), `sessions` (curricula, plans, sessions and
//! attendance: [`add_curricula`]) and `families`, with the tables they draw on in `names`
//! (fictional names) and `templates` (the kinds of group); this file keeps the parameters, the
//! seeded randomness and dates, the staff and client tables, the roster builder and the
//! assembly of the records.

mod families;
mod groups;
mod names;
mod people;
mod rosters;
mod sessions;
mod staff;
mod templates;

use names::*;
use templates::*;

pub use sessions::add_curricula;

use std::collections::BTreeSet;

use chrono::Weekday::{Fri, Mon, Thu, Tue, Wed};
use chrono::{Datelike, NaiveDate, NaiveTime, TimeDelta, Weekday};

use crate::domain::people::client::{
    AgeBand, CLIENT_SCHEMA, Client, ClientId, Gender, LevelOfCare, SchedulePreference,
};
use crate::domain::people::keep_apart::{KEEP_APART_SCHEMA, KeepApart};
use crate::domain::people::staff::{Availability, Location, Room, Staff};
use crate::domain::programme::Programme;
use crate::domain::roster::group::{AdmissionRule, Group, GroupType, Meeting};
use crate::domain::roster::membership::{MEMBERSHIP_SCHEMA, Membership};
use crate::domain::settings::Settings;
use crate::domain::sorting;

/// How big a sample programme is and which seed makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct SampleParams {
    /// Clients in the programme on `today`: admitted on or before it, not yet discharged.
    pub active_clients: usize,
    /// Archived clients whose whole stay lies in the history.
    pub discharged_clients: usize,
    /// Groups; the first eight are the demo's, larger programmes add copies of more kinds.
    pub groups: usize,
    /// Facilitators, with credentials, roles and weekly availability.
    pub staff: usize,
    /// Rooms; the third and the sixth are telehealth rooms with a meeting link.
    pub rooms: usize,
    /// How far back admissions (and so memberships) reach, in weeks before `today`.
    pub history_weeks: u32,
    /// Pairs of current clients who must not share a group.
    pub keep_apart_pairs: usize,
    /// Clients admitted within the next two weeks, in addition to `active_clients`; not yet in
    /// any group.
    pub planned_admissions: usize,
    /// How many of the `active_clients` (the most recently admitted) are not yet in any group.
    pub unassigned_active: usize,
    /// Seed of the generator: same seed, same `today`, same prefix = same programme.
    pub seed: u64,
}

impl SampleParams {
    /// The "Load sample programme" demo: 24 current clients over three tracks (21 admitted, 3
    /// of them not yet placed, plus 3 planned admissions in the next 2 weeks, so auto-assign
    /// has work), 8 groups (Matrix-style early recovery skills and relapse prevention, a day
    /// process group, a mood and anxiety skills group, DBT skills with module-boundary
    /// admission, an evening IOP group on telehealth, family education, and an adolescent
    /// group), 4 staff, 3 rooms (one telehealth), 3 keep-apart pairs and 16 weeks of history
    /// with 8 discharged clients.
    pub fn demo() -> SampleParams {
        SampleParams {
            active_clients: 21,
            discharged_clients: 8,
            groups: 8,
            staff: 4,
            rooms: 3,
            history_weeks: 16,
            keep_apart_pairs: 3,
            planned_admissions: 3,
            unassigned_active: 3,
            seed: 81,
        }
    }

    /// The large benchmark fixture: 300 active and 2,000 discharged clients (about 20
    /// discharges a week), 50 groups, 104 weeks of memberships, 20 keep-apart pairs and 10
    /// planned admissions. 12 staff and 9 rooms rather than 10 and 8: 300 clients at 9+ hours
    /// a week need about 290 group-hours a week, more than 10 facilitators and 8 rooms can
    /// cover without double-booking anyone.
    pub fn large() -> SampleParams {
        SampleParams {
            active_clients: 300,
            discharged_clients: 2_000,
            groups: 50,
            staff: 12,
            rooms: 9,
            history_weeks: 104,
            keep_apart_pairs: 20,
            planned_admissions: 10,
            unassigned_active: 0,
            seed: 2_300_104,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness and dates

/// splitmix64: tiny and good enough to shuffle sample data; the same seed gives the same
/// programme on every platform, natively and in wasm.
struct Rng(u64);

impl Rng {
    /// Separate streams per phase, so changing (say) the number of rooms does not reshuffle
    /// every client.
    fn new(seed: u64, stream: u64) -> Rng {
        Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0). The modulo bias is irrelevant at these sizes.
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            lo
        } else {
            lo + (self.next() % (hi - lo + 1) as u64) as i64
        }
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.next() % 100 < u64::from(percent)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = self.below(items.len());
        items.get(i).copied().unwrap_or("")
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

fn plus_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(TimeDelta::days(n)).unwrap_or(d)
}

/// Admissions and discharges happen on weekdays.
fn weekday_on_or_before(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => plus_days(d, -1),
        Weekday::Sun => plus_days(d, -2),
        _ => d,
    }
}

fn weekday_on_or_after(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => plus_days(d, 2),
        Weekday::Sun => plus_days(d, 1),
        _ => d,
    }
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// US federal holidays a programme closes for (with the usual weekend observance), so groups
/// get realistic cancelled dates.
fn holidays(year: i32) -> Vec<NaiveDate> {
    let observed = |m: u32, d: u32| {
        NaiveDate::from_ymd_opt(year, m, d).map(|date| match date.weekday() {
            Weekday::Sat => plus_days(date, -1),
            Weekday::Sun => plus_days(date, 1),
            _ => date,
        })
    };
    let nth = |m: u32, wd: Weekday, n: u8| NaiveDate::from_weekday_of_month_opt(year, m, wd, n);
    let last_monday_of_may = nth(5, Weekday::Mon, 5).or_else(|| nth(5, Weekday::Mon, 4));
    [
        observed(1, 1),
        nth(1, Weekday::Mon, 3),
        last_monday_of_may,
        observed(6, 19),
        observed(7, 4),
        nth(9, Weekday::Mon, 1),
        nth(11, Weekday::Thu, 4),
        observed(12, 25),
    ]
    .into_iter()
    .flatten()
    .collect()
}

// ---------------------------------------------------------------------------------------------
// Staff and rooms

/// Working hours on some weekdays: (days, from, until) as (hour, minute) pairs.
type Window = (&'static [Weekday], (u32, u32), (u32, u32));

/// A kind of staff member; staff are dealt these in order, so the demo's four cover day,
/// afternoon-to-evening and family work.
struct StaffProfile {
    credentials: &'static str,
    roles: &'static [&'static str],
    hours: &'static [Window],
}

const STAFF_PROFILES: [StaffProfile; 12] = [
    StaffProfile {
        credentials: "LCSW",
        roles: &["Group facilitator", "DBT skills trainer"],
        hours: &[(WEEK, (8, 30), (17, 0))],
    },
    StaffProfile {
        credentials: "LPC, CADC",
        roles: &["Group facilitator", "Substance use counsellor"],
        hours: &[(WEEK, (8, 0), (16, 30))],
    },
    StaffProfile {
        credentials: "PhD",
        roles: &["Psychologist", "Family therapist"],
        hours: &[
            (&[Mon, Tue, Wed, Thu], (12, 0), (21, 0)),
            (&[Fri], (9, 0), (13, 0)),
        ],
    },
    StaffProfile {
        credentials: "LMFT",
        roles: &[
            "Group facilitator",
            "Adolescent specialist",
            "Family therapist",
        ],
        hours: &[
            (&[Mon, Tue, Wed, Thu], (13, 0), (21, 30)),
            (&[Fri], (9, 0), (13, 0)),
        ],
    },
    StaffProfile {
        credentials: "CADC",
        roles: &["Substance use counsellor", "Recovery coach"],
        hours: &[(WEEK, (8, 0), (16, 30))],
    },
    StaffProfile {
        credentials: "LPC",
        roles: &["Group facilitator"],
        hours: &[(WEEK, (12, 0), (21, 0))],
    },
    StaffProfile {
        credentials: "PsyD",
        roles: &["Psychologist", "DBT skills trainer"],
        hours: &[(WEEK, (8, 30), (17, 30))],
    },
    StaffProfile {
        credentials: "LCSW",
        roles: &["Group facilitator", "Case manager"],
        hours: &[(&[Mon, Tue, Wed, Thu], (12, 30), (21, 30))],
    },
    StaffProfile {
        credentials: "LMHC",
        roles: &["Group facilitator", "Adolescent specialist"],
        hours: &[(WEEK, (12, 0), (21, 0))],
    },
    StaffProfile {
        credentials: "LCADC",
        roles: &["Substance use counsellor", "Group facilitator"],
        hours: &[(WEEK, (8, 0), (16, 30))],
    },
    StaffProfile {
        credentials: "LCSW",
        roles: &["Group facilitator", "Family therapist"],
        hours: &[(&[Mon, Tue, Wed, Thu], (12, 0), (21, 0))],
    },
    StaffProfile {
        credentials: "LPC",
        roles: &["Group facilitator", "DBT skills trainer"],
        hours: &[(WEEK, (8, 30), (17, 0))],
    },
];

/// (name, capacity, telehealth)
const ROOMS: [(&str, u32, bool); 10] = [
    ("Willow Room", 16, false),
    ("Cedar Room", 14, false),
    ("Telehealth Room", 15, true),
    ("Maple Room", 18, false),
    ("Juniper Room", 12, false),
    ("Online Room 2", 15, true),
    ("Aspen Room", 14, false),
    ("Hawthorn Room", 16, false),
    ("Birch Room", 14, false),
    ("Sycamore Room", 16, false),
];

fn free(busy: &[Meeting], meetings: &[Meeting]) -> bool {
    !busy.iter().any(|b| meetings.iter().any(|m| m.overlaps(b)))
}

fn covers(availability: &[Availability], meetings: &[Meeting]) -> bool {
    meetings.iter().all(|m| {
        availability
            .iter()
            .any(|a| a.weekday == m.weekday && a.from <= m.start && m.end() <= a.until)
    })
}

// ---------------------------------------------------------------------------------------------
// Clients

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    /// In the programme today; `placed` = the generator gives them groups.
    Active {
        placed: bool,
    },
    Planned,
    Discharged,
}

/// A client while the programme is being generated.
struct Person {
    full_name: String,
    preferred_name: String,
    pronouns: String,
    track: &'static str,
    age: AgeBand,
    gender: Gender,
    schedule: SchedulePreference,
    level: LevelOfCare,
    admission: NaiveDate,
    /// Expected discharge (current clients) or actual last day (discharged clients).
    last_day: NaiveDate,
    status: Status,
    notes: String,
}

impl Person {
    /// The first day after the stay, for discharged clients; current clients' memberships
    /// stay open.
    fn leave(&self) -> Option<NaiveDate> {
        (self.status == Status::Discharged).then(|| plus_days(self.last_day, 1))
    }
}

/// `n` values in the given shares (largest remainder), in random order: small samples still
/// get a bit of everything.
fn quota<T: Copy>(rng: &mut Rng, n: usize, shares: &[(T, usize)]) -> Vec<T> {
    let total: usize = shares.iter().map(|(_, s)| s).sum::<usize>().max(1);
    let mut counts: Vec<(usize, usize, usize)> = shares
        .iter()
        .enumerate()
        .map(|(i, (_, s))| (i, n * s / total, n * s % total))
        .collect();
    let given: usize = counts.iter().map(|c| c.1).sum();
    sorting::sort_by(&mut counts, |a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    // Hand the rounding leftovers to the largest remainders.
    for c in counts.iter_mut().take(n.saturating_sub(given)) {
        c.1 += 1;
    }
    let mut out = Vec::with_capacity(n);
    for (i, count, _) in counts {
        if let Some((value, _)) = shares.get(i) {
            out.extend(std::iter::repeat_n(*value, count));
        }
    }
    rng.shuffle(&mut out);
    out
}

/// One stretch of a client in a group while generating.
#[derive(Clone)]
struct Seg {
    group: usize,
    join: NaiveDate,
    leave: Option<NaiveDate>,
    reason: String,
}

impl Seg {
    fn active_on(&self, d: NaiveDate) -> bool {
        self.join <= d && self.leave.is_none_or(|l| d < l)
    }

    fn overlaps(&self, from: NaiveDate, until: Option<NaiveDate>) -> bool {
        self.leave.is_none_or(|l| from < l) && until.is_none_or(|u| self.join < u)
    }
}

/// A group with what the generator needs to know about it.
struct Built {
    group: Group,
    template: &'static Template,
    minutes: u32,
    evening: bool,
}

/// Members per group per day, so capacity is checked on every day of a stay.
struct Occupancy {
    first: NaiveDate,
    days: usize,
    counts: Vec<Vec<u16>>,
}

impl Occupancy {
    fn index(&self, d: NaiveDate) -> usize {
        ((d - self.first).num_days().max(0) as usize).min(self.days)
    }

    fn span(&self, from: NaiveDate, until: Option<NaiveDate>) -> (usize, usize) {
        let a = self.index(from);
        let b = until.map_or(self.days, |u| self.index(u));
        (a, b.max(a))
    }

    fn peak(&self, group: usize, from: NaiveDate, until: Option<NaiveDate>) -> u32 {
        let (a, b) = self.span(from, until);
        self.counts
            .get(group)
            .and_then(|c| c.get(a..b))
            .and_then(|c| c.iter().max())
            .map_or(0, |m| u32::from(*m))
    }

    fn add(&mut self, group: usize, from: NaiveDate, until: Option<NaiveDate>, delta: i32) {
        let (a, b) = self.span(from, until);
        if let Some(days) = self.counts.get_mut(group).and_then(|c| c.get_mut(a..b)) {
            for n in days {
                *n = (i32::from(*n) + delta).clamp(0, i32::from(u16::MAX)) as u16;
            }
        }
    }
}

/// Everything the generator has decided so far.
struct Builder {
    today: NaiveDate,
    settings: Settings,
    groups: Vec<Built>,
    people: Vec<Person>,
    segs: Vec<Vec<Seg>>,
    partners: Vec<Vec<usize>>,
    occupancy: Occupancy,
}

impl Builder {
    /// Weekly minutes a client should reach: the level of care's range from the settings
    /// (`below` exclusive). OP has no minimum, so aim for at least one weekly group.
    fn target(&self, p: &Person) -> (u32, u32) {
        let range = self.settings.hours_for(p.level, p.age);
        let min = range.min_minutes.unwrap_or(90);
        let below = range.below_minutes.unwrap_or(min + 600);
        (min, below)
    }

    /// Whether the group suits the client at all (track, age band, gender, time of day, and
    /// running through the whole stay).
    fn suits(&self, p: &Person, g: &Built) -> bool {
        let t = g.template;
        let track_ok = match t.track {
            Some(track) => track == p.track,
            None => t.fits.is_empty() || t.fits.contains(&p.track),
        };
        let schedule_ok = match p.schedule {
            SchedulePreference::Any => true,
            SchedulePreference::Day => !g.evening,
            SchedulePreference::Evening => g.evening,
        };
        track_ok
            && schedule_ok
            && t.age == p.age
            && t.gender.is_none_or(|gender| gender == p.gender)
            && g.group.start <= p.admission
            && g.group.end.is_none_or(|end| end >= p.last_day)
    }

    /// Whether the client can be in the group over `[from, until)`: a free place on every day
    /// and nobody they must be kept apart from.
    fn room_for(
        &self,
        person: usize,
        group: usize,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> bool {
        let Some(g) = self.groups.get(group) else {
            return false;
        };
        if self.occupancy.peak(group, from, until) >= g.group.capacity_max {
            return false;
        }
        let partners = self.partners.get(person).map_or(&[][..], |p| p.as_slice());
        !partners.iter().any(|&other| {
            self.segs.get(other).is_some_and(|segs| {
                segs.iter()
                    .any(|s| s.group == group && s.overlaps(from, until))
            })
        })
    }

    /// Weekly minutes the client could get at most from suitable groups that do not clash
    /// (longest first; places and admission dates aside).
    fn reachable(&self, p: &Person) -> u32 {
        let mut suitable: Vec<usize> = (0..self.groups.len())
            .filter(|&gi| self.groups.get(gi).is_some_and(|g| self.suits(p, g)))
            .collect();
        sorting::sort_by_key(&mut suitable, |&gi| std::cmp::Reverse(self.minutes(gi)));
        let mut chosen: Vec<usize> = Vec::new();
        for gi in suitable {
            if !chosen.iter().any(|&c| self.clashes(c, gi)) {
                chosen.push(gi);
            }
        }
        chosen.iter().map(|&gi| self.minutes(gi)).sum()
    }

    /// Whether the group already has its minimum number of members on `date`.
    fn viable(&self, group: usize, date: NaiveDate) -> bool {
        let min = self.groups.get(group).map_or(0, |g| g.group.capacity_min);
        self.occupancy.peak(group, date, Some(plus_days(date, 1))) >= min
    }

    fn clashes(&self, a: usize, b: usize) -> bool {
        match (self.groups.get(a), self.groups.get(b)) {
            (Some(x), Some(y)) => x.group.pattern.clash_with(&y.group.pattern).is_some(),
            _ => true,
        }
    }

    fn minutes(&self, group: usize) -> u32 {
        self.groups.get(group).map_or(0, |g| g.minutes)
    }

    fn join(&mut self, person: usize, seg: Seg) {
        self.occupancy.add(seg.group, seg.join, seg.leave, 1);
        if let Some(list) = self.segs.get_mut(person) {
            list.push(seg);
        }
    }

    /// Groups the client could start in now, with their join dates: suitable, admitting
    /// within a week of admission (a group whose next module is further away is a later
    /// join), with a free place for the whole stay.
    fn candidates(&self, person: usize, usage: Usage) -> Vec<(usize, NaiveDate)> {
        let Some(p) = self.people.get(person) else {
            return Vec::new();
        };
        let leave = p.leave();
        let taken: Vec<usize> = self
            .segs
            .get(person)
            .map_or(Vec::new(), |s| s.iter().map(|s| s.group).collect());
        self.groups
            .iter()
            .enumerate()
            .filter(|(gi, g)| g.template.usage == usage && !taken.contains(gi) && self.suits(p, g))
            .filter_map(|(gi, g)| {
                let join = g.group.next_admission(p.admission)?;
                // A current client's plan holds today, not only once a module starts.
                let soon_enough = join <= plus_days(p.admission, 7)
                    && (p.status == Status::Discharged || join <= self.today);
                let fits = soon_enough
                    && leave.is_none_or(|l| join < l)
                    && self.room_for(person, gi, join, leave);
                fits.then_some((gi, join))
            })
            .collect()
    }

    /// Give one client groups that reach their weekly hours without clashing (first pass,
    /// before anyone gets add-ons).
    fn place(&mut self, person: usize, rng: &mut Rng) {
        let Some(p) = self.people.get(person) else {
            return;
        };
        let (mut min, _) = self.target(p);
        let (mut chosen, mut total) = self.plan(person, rng);
        if p.level == LevelOfCare::Php && total < min {
            // PHP needs 20 hours; where the groups cannot give that, the client is recorded
            // at intensive outpatient level and planned for that instead.
            if let Some(p) = self.people.get_mut(person) {
                p.level = LevelOfCare::Iop;
            }
            (chosen, total) = self.plan(person, rng);
            min = self.people.get(person).map_or(min, |p| self.target(p).0);
        }
        let Some(p) = self.people.get(person) else {
            return;
        };
        let leave = p.leave();
        if p.status != Status::Discharged && total < min {
            // No plan that reaches the hours: the client waits for a place (work for
            // auto-assign) rather than getting a plan that breaks the level of care.
            if let Some(p) = self.people.get_mut(person) {
                p.status = Status::Active { placed: false };
                p.notes = "Admitted; waiting for a group place.".into();
            }
            return;
        }
        for (gi, join) in chosen {
            self.join(
                person,
                Seg {
                    group: gi,
                    join,
                    leave,
                    reason: String::new(),
                },
            );
        }
    }

    /// The best set of groups found for a client (group, join date) and its weekly minutes:
    /// a few shuffled greedy passes; the first that reaches the minimum wins.
    fn plan(&self, person: usize, rng: &mut Rng) -> (Vec<(usize, NaiveDate)>, u32) {
        let Some(p) = self.people.get(person) else {
            return (Vec::new(), 0);
        };
        let (min, below) = self.target(p);
        let mut base = self.candidates(person, Usage::Base);
        let mut extra = self.candidates(person, Usage::Extra);
        // Family groups come on top of a client's own treatment, never instead of it.
        extra.retain(|&(gi, _)| {
            self.groups.get(gi).is_some_and(|g| {
                !matches!(
                    g.group.kind,
                    GroupType::FamilyEducation | GroupType::MultiFamily
                )
            })
        });
        let mut best: (Vec<(usize, NaiveDate)>, u32) = (Vec::new(), 0);
        let any_time = p.schedule == SchedulePreference::Any;
        for _ in 0..4 {
            rng.shuffle(&mut base);
            rng.shuffle(&mut extra);
            // "No preference" mostly ends up in daytime groups, keeping evening places for
            // people who can only come in the evening.
            if any_time {
                sorting::sort_by_key(&mut base, |&(gi, _)| {
                    self.groups.get(gi).is_some_and(|g| g.evening)
                });
            }
            // Like a coordinator, fill groups that are still below their minimum first.
            sorting::sort_by_key(&mut base, |&(gi, join)| self.viable(gi, join));
            sorting::sort_by_key(&mut extra, |&(gi, join)| self.viable(gi, join));
            let mut chosen: Vec<(usize, NaiveDate)> = Vec::new();
            let mut total = 0;
            while total < min {
                let open: Vec<(usize, NaiveDate)> = base
                    .iter()
                    .chain(extra.iter())
                    .copied()
                    .filter(|&(gi, _)| {
                        total + self.minutes(gi) < below
                            && !chosen.iter().any(|&(c, _)| c == gi || self.clashes(c, gi))
                    })
                    .collect();
                // The smallest group that closes the gap, so nobody ends up with far more
                // hours (and places) than the plan needs; otherwise the first in line.
                let closing = open
                    .iter()
                    .filter(|&&(gi, _)| total + self.minutes(gi) >= min)
                    .min_by_key(|&&(gi, _)| self.minutes(gi));
                let Some(&(gi, join)) = closing.or(open.first()) else {
                    break;
                };
                chosen.push((gi, join));
                total += self.minutes(gi);
            }
            let reached = total >= min;
            if total > best.1 || best.0.is_empty() {
                best = (chosen, total);
            }
            if reached {
                break;
            }
        }
        best
    }

    /// Second pass, once everyone has their hours: add-ons some clients take on top (family
    /// education, women's group, ...), a later join at the next DBT module, and now and then
    /// a move between groups.
    fn enrich(&mut self, person: usize, rng: &mut Rng) {
        let Some(p) = self.people.get(person) else {
            return;
        };
        let (min, below) = self.target(p);
        let leave = p.leave();
        let mine: Vec<usize> = self
            .segs
            .get(person)
            .map_or(Vec::new(), |s| s.iter().map(|s| s.group).collect());
        if mine.is_empty() {
            return;
        }
        let mut total: u32 = mine.iter().map(|&g| self.minutes(g)).sum();
        let mut extra = self.candidates(person, Usage::Extra);
        rng.shuffle(&mut extra);
        let mut chosen = mine;
        for (gi, join) in extra {
            let m = self.minutes(gi);
            let mut chance = self.groups.get(gi).map_or(0, |g| g.template.extra_chance);
            if !self.viable(gi, join) {
                chance = (chance * 2).min(90);
            }
            if total + m >= below
                || chosen.iter().any(|&c| self.clashes(c, gi))
                || !rng.chance(chance)
            {
                continue;
            }
            chosen.push(gi);
            total += m;
            self.join(
                person,
                Seg {
                    group: gi,
                    join,
                    leave,
                    reason: String::new(),
                },
            );
        }
        if rng.chance(40) {
            self.late_join(person, below);
        }
        if rng.chance(15) {
            self.move_one(person, min, below, rng);
        }
    }

    /// Minutes per week of the client's groups on `date`.
    fn minutes_on(&self, person: usize, date: NaiveDate) -> u32 {
        self.segs.get(person).map_or(0, |segs| {
            segs.iter()
                .filter(|s| s.active_on(date))
                .map(|s| self.minutes(s.group))
                .sum()
        })
    }

    /// Join a module-based group (DBT) at its next module start, a few weeks into the stay:
    /// shows up in the forecast as a planned join.
    fn late_join(&mut self, person: usize, below: u32) {
        let Some(p) = self.people.get(person) else {
            return;
        };
        let leave = p.leave();
        let earliest = plus_days(p.admission, 8);
        let latest = plus_days(p.last_day, -27);
        let segs = self.segs.get(person).map_or(&[][..], |s| s.as_slice());
        let found = self.groups.iter().enumerate().find_map(|(gi, g)| {
            if !matches!(g.group.admission, AdmissionRule::ModuleBoundaries { .. })
                || !self.suits(p, g)
                || segs.iter().any(|s| s.group == gi)
            {
                return None;
            }
            let join = g.group.next_admission(earliest)?;
            let fits = join <= latest
                && self.minutes_on(person, join) + g.minutes < below
                && !segs
                    .iter()
                    .any(|s| s.overlaps(join, leave) && self.clashes(s.group, gi))
                && self.room_for(person, gi, join, leave);
            fits.then_some((gi, join))
        });
        if let Some((gi, join)) = found {
            self.join(
                person,
                Seg {
                    group: gi,
                    join,
                    leave,
                    reason: String::new(),
                },
            );
        }
    }

    /// Move the client from one of their groups to another suitable one part-way through the
    /// stay: the old membership ends on the day the new one starts.
    fn move_one(&mut self, person: usize, min: u32, below: u32, rng: &mut Rng) {
        let Some(p) = self.people.get(person) else {
            return;
        };
        let leave = p.leave();
        let stay = (p.last_day - p.admission).num_days();
        if stay < 42 {
            return;
        }
        let mut date = weekday_on_or_after(plus_days(p.admission, rng.between(21, stay - 21)));
        // Moves of current clients are at most a few weeks ahead.
        date = date.min(weekday_on_or_after(plus_days(self.today, 21)));
        if date <= plus_days(p.admission, 7) || date >= plus_days(p.last_day, -7) {
            return;
        }
        let segs = self.segs.get(person).map_or(&[][..], |s| s.as_slice());
        let Some((from_index, from)) = segs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.join < date && s.active_on(date) && s.leave == leave)
            .max_by_key(|(_, s)| self.minutes(s.group))
        else {
            return;
        };
        let others: Vec<&Seg> = segs
            .iter()
            .enumerate()
            .filter(|&(i, s)| i != from_index && s.overlaps(date, leave))
            .map(|(_, s)| s)
            .collect();
        let before = self.minutes_on(person, date);
        let busiest: u32 = others.iter().map(|s| self.minutes(s.group)).sum::<u32>();
        let mut options: Vec<usize> = (0..self.groups.len()).collect();
        rng.shuffle(&mut options);
        let to = options.into_iter().find(|&gi| {
            let Some(g) = self.groups.get(gi) else {
                return false;
            };
            let after = before - self.minutes(from.group) + g.minutes;
            gi != from.group
                && !segs.iter().any(|s| s.group == gi)
                && self.suits(p, g)
                && g.group.runs_on(date)
                && g.group.admits_on(date)
                && after >= min
                && busiest + g.minutes < below
                && !others.iter().any(|s| self.clashes(s.group, gi))
                && self.room_for(person, gi, date, leave)
        });
        let Some(to) = to else {
            return;
        };
        let was_evening = self.groups.get(from.group).is_some_and(|g| g.evening);
        let now_evening = self.groups.get(to).is_some_and(|g| g.evening);
        let reason = match (was_evening, now_evening) {
            (false, true) => "Moved to an evening group after a change in work hours",
            (true, false) => "Moved to a daytime group (schedule changed)",
            _ => rng.pick(&[
                "Moved to a group that suits the treatment plan better",
                "Moved to a smaller group",
                "Moved at the client's request",
            ]),
        };
        let from_group = from.group;
        self.occupancy.add(from_group, date, leave, -1);
        if let Some(seg) = self
            .segs
            .get_mut(person)
            .and_then(|segs| segs.get_mut(from_index))
        {
            seg.leave = Some(date);
            seg.reason = reason.into();
        }
        self.join(
            person,
            Seg {
                group: to,
                join: date,
                leave,
                reason: String::new(),
            },
        );
    }
}

fn template_minutes(template: &Template) -> usize {
    template
        .slots
        .first()
        .map_or(0, |s| s.days.len() * usize::from(s.minutes))
}

/// Where and by whom one group meets: template, copy number, meetings, room, lead.
type Placement = (
    usize,
    &'static Template,
    usize,
    Vec<Meeting>,
    Option<usize>,
    Option<usize>,
);

/// Choose meeting times, a room and a lead for each planned group (in order) so that no room
/// or person is booked twice at once; all groups run side by side for the whole history, so
/// weekly times are what must not overlap. `shake` varies slot and tie-break order for a
/// retry. Returns the placements and how many groups lack a lead or a room.
fn schedule(
    planned: &[(usize, &'static Template, usize)],
    rooms: &[Room],
    staff: &[Staff],
    rng: &mut Rng,
    shake: bool,
) -> (Vec<Placement>, usize) {
    let mut order: Vec<(usize, &'static Template, usize)> = planned.to_vec();
    if shake {
        // Shuffle, then restore longest-first: equal lengths end up in a new order.
        rng.shuffle(&mut order);
        sorting::sort_by_key(&mut order, |(_, t, _)| {
            std::cmp::Reverse(template_minutes(t))
        });
    }
    let mut room_busy: Vec<Vec<Meeting>> = vec![Vec::new(); rooms.len()];
    let mut staff_busy: Vec<Vec<Meeting>> = vec![Vec::new(); staff.len()];
    let mut out = Vec::new();
    let mut missing = 0;
    for (gi, template, copy) in order {
        let meetings_of = |s: &Slot| -> Vec<Meeting> {
            s.days
                .iter()
                .map(|&weekday| Meeting {
                    weekday,
                    start: time(s.start.0, s.start.1),
                    minutes: s.minutes,
                })
                .collect()
        };
        let room_fits = |r: usize, meetings: &[Meeting], strict: bool| {
            let Some(room) = rooms.get(r) else {
                return false;
            };
            let online = matches!(room.location, Location::Telehealth { .. });
            let busy = room_busy.get(r).map_or(&[][..], |b| b.as_slice());
            free(busy, meetings)
                && room.capacity >= template.capacity.1
                && (!strict || online == template.telehealth)
        };
        let staff_fits = |s: usize, meetings: &[Meeting]| {
            let busy = staff_busy.get(s).map_or(&[][..], |b| b.as_slice());
            staff
                .get(s)
                .is_some_and(|st| covers(&st.availability, meetings) && free(busy, meetings))
        };
        let load = |s: usize| -> u32 {
            staff_busy
                .get(s)
                .map_or(0, |b| b.iter().map(|m| u32::from(m.minutes)).sum())
        };
        let works_evenings = |s: usize| {
            staff
                .get(s)
                .is_some_and(|st| st.availability.iter().any(|a| a.until >= time(20, 0)))
        };
        let role_match = |s: usize| {
            staff
                .get(s)
                .is_some_and(|st| st.roles.iter().any(|r| r.contains(template.role)))
        };
        // Try every time the template allows, first with the right kind of room and then
        // any free room; keep the first time that gets both a lead and a room.
        let n_slots = template.slots.len().max(1);
        let offset = copy + if shake { rng.below(n_slots) } else { 0 };
        let mut decided: Option<(Vec<Meeting>, Option<usize>, Option<usize>)> = None;
        'search: for strict in [true, false] {
            for k in 0..n_slots {
                let Some(s) = template.slots.get((offset + k) % n_slots) else {
                    continue;
                };
                let meetings = meetings_of(s);
                let room = (0..rooms.len()).find(|&r| room_fits(r, &meetings, strict));
                // Daytime groups go to daytime staff first: evening hours are the scarce ones.
                let daytime = !meetings.iter().any(|m| m.end() > time(17, 0));
                let lead = (0..staff.len())
                    .filter(|&s| staff_fits(s, &meetings))
                    .min_by_key(|&s| (daytime && works_evenings(s), !role_match(s), load(s), s));
                let found = |o: &(Vec<Meeting>, Option<usize>, Option<usize>)| {
                    usize::from(o.1.is_some()) + usize::from(o.2.is_some())
                };
                let option = (meetings, room, lead);
                if decided.as_ref().is_none_or(|d| found(&option) > found(d)) {
                    decided = Some(option);
                }
                if decided.as_ref().is_some_and(|d| found(d) == 2) {
                    break 'search;
                }
            }
        }
        let Some((meetings, room, lead)) = decided else {
            continue;
        };
        if room.is_none() || lead.is_none() {
            missing += 1;
        }
        if let Some(b) = room.and_then(|r| room_busy.get_mut(r)) {
            b.extend(meetings.iter().copied());
        }
        if let Some(b) = lead.and_then(|s| staff_busy.get_mut(s)) {
            b.extend(meetings.iter().copied());
        }
        out.push((gi, template, copy, meetings, room, lead));
    }
    // Back in planning order, so the rest of the generation does not depend on the attempt.
    sorting::sort_by_key(&mut out, |p| p.0);
    (out, missing)
}

// ---------------------------------------------------------------------------------------------
// Generation

/// A realistic, entirely fictional programme. Ids are `{id_prefix}` + kind + number (e.g.
/// "s1-client-0007", "s1-group-0003") so a sample can be loaded next to existing data.
/// Everything is relative to `today`; the same inputs always give the same programme.
pub fn generate(params: &SampleParams, today: NaiveDate, id_prefix: &str) -> Programme {
    let id = |kind: &str, n: usize| format!("{id_prefix}{kind}-{n:04}");
    let history_start = plus_days(today, -7 * i64::from(params.history_weeks));
    let mut names = Names {
        used: BTreeSet::new(),
    };

    let rooms = staff::rooms(params, &id);
    let staff = staff::staff(params, &mut names, &id);

    let earliest = history_start.min(plus_days(today, -7 * 17));
    let groups = groups::groups(params, today, history_start, earliest, &rooms, &staff, &id);

    let (people, discharge_reasons) = people::clients(params, today, history_start, &mut names);
    let (pairs, partners) = people::keep_apart_pairs(params, &people);
    let builder = rosters::rosters(params, today, earliest, groups, people, partners);

    // Records, numbered in admission order.
    let mut numbering: Vec<usize> = (0..builder.people.len()).collect();
    sorting::sort_by_key(&mut numbering, |&i| {
        builder.people.get(i).map(|p| (p.admission, p.last_day))
    });
    let mut client_ids: Vec<ClientId> = vec![ClientId(String::new()); builder.people.len()];
    for (n, &i) in numbering.iter().enumerate() {
        if let Some(slot) = client_ids.get_mut(i) {
            *slot = ClientId(id("client", n + 1));
        }
    }
    let mut programme = Programme {
        settings: builder.settings.clone(),
        ..Programme::default()
    };
    let mut membership_number = 0;
    for &i in &numbering {
        let (Some(p), Some(client_id)) = (builder.people.get(i), client_ids.get(i)) else {
            continue;
        };
        programme.clients.insert(
            client_id.clone(),
            Client {
                id: client_id.clone(),
                schema: CLIENT_SCHEMA,
                full_name: p.full_name.clone(),
                preferred_name: p.preferred_name.clone(),
                pronouns: p.pronouns.clone(),
                age_band: p.age,
                gender: p.gender,
                track: p.track.into(),
                level_of_care: p.level,
                schedule: p.schedule,
                admission_date: p.admission,
                expected_discharge: Some(p.last_day),
                notes: p.notes.clone(),
                archived: p.status == Status::Discharged,
            },
        );
        let mut segs = builder.segs.get(i).cloned().unwrap_or_default();
        sorting::sort_by_key(&mut segs, |s| (s.join, s.group));
        let discharge_reason = discharge_reasons.get(i).copied().unwrap_or("");
        for seg in segs {
            let Some(g) = builder.groups.get(seg.group) else {
                continue;
            };
            membership_number += 1;
            let reason = if seg.reason.is_empty() && seg.leave.is_some() {
                discharge_reason.to_string()
            } else {
                seg.reason
            };
            let m = Membership {
                id: id("membership", membership_number),
                schema: MEMBERSHIP_SCHEMA,
                client: client_id.clone(),
                group: g.group.id.clone(),
                join: seg.join,
                leave: seg.leave,
                reason,
            };
            programme.memberships.insert(m.id.clone(), m);
        }
    }
    const KEEP_APART_REASONS: [&str; 4] = [
        "Known to each other outside the programme",
        "Former partners",
        "Conflict in a previous group",
        "Family members who asked to be in separate groups",
    ];
    let mut rng = Rng::new(params.seed, 6);
    let mut keep_apart: Vec<(ClientId, ClientId)> = pairs
        .iter()
        .filter_map(|&(a, b)| Some((client_ids.get(a)?.clone(), client_ids.get(b)?.clone())))
        .map(|(a, b)| if a <= b { (a, b) } else { (b, a) })
        .collect();
    sorting::sort(&mut keep_apart);
    for (n, (a, b)) in keep_apart.into_iter().enumerate() {
        let k = KeepApart {
            id: id("keep-apart", n + 1),
            schema: KEEP_APART_SCHEMA,
            a,
            b,
            reason: rng.pick(&KEEP_APART_REASONS).into(),
        };
        programme.keep_apart.insert(k.id.clone(), k);
    }
    for built in builder.groups {
        programme.groups.insert(built.group.id.clone(), built.group);
    }
    for s in staff {
        programme.staff.insert(s.id.clone(), s);
    }
    for r in rooms {
        programme.rooms.insert(r.id.clone(), r);
    }
    add_curricula(&mut programme, today, params.seed, id_prefix);
    families::add_families(&mut programme, today, params.seed, id_prefix);
    programme
}

/// Copy of `p` with every membership of clients active on `date` removed (for the
/// auto-assign benchmark: "300 unassigned clients, 50 groups").
pub fn without_current_memberships(p: &Programme, date: NaiveDate) -> Programme {
    let active: BTreeSet<&ClientId> = p.clients_active_on(date).map(|c| &c.id).collect();
    let mut out = p.clone();
    out.memberships.retain(|_, m| !active.contains(&m.client));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::client::validate_client;
    use crate::domain::people::keep_apart::validate_keep_apart;
    use crate::domain::people::staff::{validate_room, validate_staff};
    use crate::domain::roster::group::validate_group;
    use crate::domain::roster::membership::validate_membership;
    use std::collections::BTreeMap;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    /// Everything a coordinator (or the rules module) would complain about, as sentences:
    /// memberships pointing nowhere or ending before they start, joins on days a group admits
    /// nobody or outside the stay, open memberships of discharged clients, unsuitable groups
    /// (track, age band, gender, time of day), keep-apart pairs sharing a group, a group over
    /// its maximum on any week, clashing groups of one client, weekly hours outside the level
    /// of care, rooms too small, and staff or rooms booked twice or outside availability.
    fn problems(p: &Programme, today: NaiveDate) -> Vec<String> {
        let mut out = Vec::new();
        let mut by_group: BTreeMap<&str, Vec<&Membership>> = BTreeMap::new();
        let mut by_client: BTreeMap<&ClientId, Vec<&Membership>> = BTreeMap::new();
        for m in p.memberships.values() {
            let (Some(c), Some(g)) = (p.clients.get(&m.client), p.groups.get(&m.group)) else {
                out.push(format!("{} refers to a missing client or group", m.id));
                continue;
            };
            if m.leave.is_some_and(|l| l <= m.join) {
                out.push(format!("{} leaves before it starts", m.id));
            }
            if !g.runs_on(m.join) || !g.admits_on(m.join) {
                out.push(format!(
                    "{} joins {} on a day it admits nobody",
                    m.id, g.name
                ));
            }
            if m.join < c.admission_date || c.expected_discharge.is_some_and(|d| m.join > d) {
                out.push(format!("{} joins outside the client's stay", m.id));
            }
            if c.archived && m.leave.is_none_or(|l| l > today) {
                out.push(format!("{} of a discharged client is still open", m.id));
            }
            let schedule_ok = match c.schedule {
                SchedulePreference::Any => true,
                SchedulePreference::Day => !g.pattern.is_evening(),
                SchedulePreference::Evening => g.pattern.is_evening(),
            };
            if g.track.as_ref().is_some_and(|t| *t != c.track)
                || g.age_band != c.age_band
                || g.gender.is_some_and(|x| x != c.gender)
                || !schedule_ok
            {
                out.push(format!(
                    "{} puts {} in unsuitable {}",
                    m.id, c.full_name, g.name
                ));
            }
            by_group.entry(&m.group).or_default().push(m);
            by_client.entry(&m.client).or_default().push(m);
        }
        for k in p.keep_apart.values() {
            for a in by_client.get(&k.a).into_iter().flatten() {
                for b in by_client.get(&k.b).into_iter().flatten() {
                    if a.group == b.group && a.overlaps(b) {
                        out.push(format!("keep-apart {} share {}", k.id, a.group));
                    }
                }
            }
        }
        let first = p
            .memberships
            .values()
            .map(|m| m.join)
            .min()
            .unwrap_or(today);
        for (gid, members) in &by_group {
            let g = &p.groups[*gid];
            let mut day = first;
            while day <= today + TimeDelta::weeks(26) {
                let n = members.iter().filter(|m| m.active_on(day)).count() as u32;
                if n > g.capacity_max {
                    out.push(format!("{} has {n} members on {day}", g.name));
                }
                day += TimeDelta::weeks(1);
            }
        }
        for (client, list) in &by_client {
            for (i, a) in list.iter().enumerate() {
                for b in &list[i + 1..] {
                    let (ga, gb) = (&p.groups[&a.group], &p.groups[&b.group]);
                    if a.overlaps(b) && ga.pattern.clash_with(&gb.pattern).is_some() {
                        out.push(format!("{client}: {} clashes with {}", ga.name, gb.name));
                    }
                }
            }
        }
        for c in p.clients_active_on(today) {
            let minutes = minutes_on(p, &c.id, today);
            if minutes > 0
                && let Some(problem) = p
                    .settings
                    .hours_for(c.level_of_care, c.age_band)
                    .check(minutes)
            {
                out.push(format!("{}: {problem}", c.full_name));
            }
        }
        let groups: Vec<&Group> = p.groups.values().collect();
        for (i, a) in groups.iter().enumerate() {
            if let Some(room) = a.room.as_ref().map(|r| &p.rooms[r.as_str()])
                && room.capacity < a.capacity_max
            {
                out.push(format!("{} is too small for {}", room.name, a.name));
            }
            let people: Vec<&String> = a.lead.iter().chain(&a.co_facilitators).collect();
            for s in &people {
                let staff = &p.staff[s.as_str()];
                if !covers(&staff.availability, &a.pattern.meetings) {
                    out.push(format!("{} is not available for {}", staff.name, a.name));
                }
            }
            for b in &groups[i + 1..] {
                if a.pattern.clash_with(&b.pattern).is_none() || !a.runs_during(b.start, None) {
                    continue;
                }
                if a.room.is_some() && a.room == b.room {
                    out.push(format!("{} and {} share a room", a.name, b.name));
                }
                let others: Vec<&String> = b.lead.iter().chain(&b.co_facilitators).collect();
                if people.iter().any(|s| others.contains(s)) {
                    out.push(format!("{} and {} share a facilitator", a.name, b.name));
                }
            }
        }
        out
    }

    /// Weekly minutes of each current client's groups on `date`.
    fn minutes_on(p: &Programme, client: &ClientId, date: NaiveDate) -> u32 {
        p.memberships
            .values()
            .filter(|m| &m.client == client && m.active_on(date))
            .map(|m| p.groups[&m.group].pattern.weekly_minutes())
            .sum()
    }

    fn generated(params: &SampleParams) -> Programme {
        generate(params, today(), "s1-")
    }

    #[test]
    fn demo_sizes_are_as_documented() {
        let params = SampleParams::demo();
        let p = generated(&params);
        let t = today();
        let active: Vec<&Client> = p.clients_active_on(t).collect();
        let planned: Vec<&Client> = p
            .active_clients()
            .filter(|c| c.admission_date > t && c.admission_date <= t + TimeDelta::days(14))
            .collect();
        let archived = p.clients.values().filter(|c| c.archived).count();
        assert_eq!(active.len(), 21);
        assert_eq!(planned.len(), 3);
        assert_eq!(p.active_clients().count(), 24);
        assert_eq!(archived, 8);
        assert_eq!((p.groups.len(), p.staff.len(), p.rooms.len()), (8, 4, 3));
        assert_eq!(p.keep_apart.len(), 3);
        let unplaced: Vec<&&Client> = active
            .iter()
            .filter(|c| minutes_on(&p, &c.id, t) == 0)
            .collect();
        assert_eq!(unplaced.len(), 3, "admitted but not yet in a group");
        assert!(
            unplaced
                .iter()
                .all(|c| c.admission_date > t - TimeDelta::days(14))
        );
        for c in &planned {
            assert_eq!(p.memberships_of(&c.id).count(), 0, "{}", c.full_name);
        }
        let online: Vec<&Room> = p
            .rooms
            .values()
            .filter(|r| matches!(&r.location, Location::Telehealth { link } if link.starts_with("https://")))
            .collect();
        assert_eq!(online.len(), 1);
        let names: Vec<&str> = p.groups.values().map(|g| g.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Early Recovery Skills",
                "Relapse Prevention",
                "Process Group",
                "Mood & Anxiety Skills",
                "DBT Skills",
                "Evening IOP",
                "Family Education",
                "Teen Skills & Support",
            ]
        );
        let dbt = p.groups.values().find(|g| g.name == "DBT Skills").unwrap();
        assert_eq!(
            dbt.admission,
            AdmissionRule::ModuleBoundaries { every_weeks: 8 }
        );
        assert!(p.groups.values().any(|g| g.pattern.is_evening()));
        assert!(p.groups.values().any(|g| g.age_band == AgeBand::Adolescent));
        assert!(
            p.groups
                .values()
                .any(|g| g.kind == GroupType::FamilyEducation)
        );
        let tracks: BTreeSet<&str> = p.active_clients().map(|c| c.track.as_str()).collect();
        assert_eq!(tracks.len(), 3);
        // A pair that auto-assign has to respect: one of the two is still to be placed.
        let placed = |id: &ClientId| p.memberships_of(id).any(|m| m.active_on(t));
        assert!(p.keep_apart.values().any(|k| placed(&k.a) != placed(&k.b)));
    }

    #[test]
    fn the_demo_looks_like_a_real_programme() {
        let p = generated(&SampleParams::demo());
        let t = today();
        let current: Vec<&Client> = p.active_clients().collect();
        let distinct = |f: fn(&Client) -> String| -> BTreeSet<String> {
            current.iter().map(|c| f(c)).collect()
        };
        assert_eq!(distinct(|c| c.schedule.code().into()).len(), 3);
        assert_eq!(distinct(|c| c.level_of_care.code().into()).len(), 3);
        assert!(distinct(|c| c.gender.code().into()).len() >= 3);
        assert!(current.iter().any(|c| c.age_band == AgeBand::Adolescent));
        assert!(current.iter().any(|c| !c.preferred_name.is_empty()));
        assert!(current.iter().any(|c| !c.pronouns.is_empty()));
        let names: BTreeSet<&str> = p.clients.values().map(|c| c.full_name.as_str()).collect();
        assert_eq!(names.len(), p.clients.len(), "names are unique");
        for c in p.clients.values() {
            let weeks = (c.expected_discharge.unwrap() - c.admission_date).num_weeks();
            if c.archived {
                assert!(c.expected_discharge.unwrap() < t, "{}", c.full_name);
            } else {
                assert!((7..=16).contains(&weeks), "{}: {weeks} weeks", c.full_name);
            }
        }
        // Discharged clients' memberships end by their discharge; some clients moved group.
        for m in p.memberships.values() {
            let c = &p.clients[&m.client];
            if c.archived {
                let day_after = c.expected_discharge.unwrap() + TimeDelta::days(1);
                assert!(m.leave.is_some_and(|l| l <= day_after), "{}", m.id);
            }
        }
        let moves: Vec<&Membership> = p
            .memberships
            .values()
            .filter(|m| m.reason.starts_with("Moved"))
            .collect();
        assert!(!moves.is_empty());
        for m in moves {
            assert!(
                p.memberships
                    .values()
                    .any(|n| n.client == m.client && Some(n.join) == m.leave),
                "a move continues in another group on the same day"
            );
        }
        for g in p.groups.values() {
            assert!(g.lead.is_some() && g.room.is_some(), "{}", g.name);
            assert!(g.start < t - TimeDelta::weeks(16), "{}", g.name);
            let weekdays: Vec<Weekday> = g.pattern.meetings.iter().map(|m| m.weekday).collect();
            assert!(g.cancelled.iter().all(|d| weekdays.contains(&d.weekday())));
            assert!(validate_group(g).is_ok(), "{}", g.name);
        }
        assert!(p.groups.values().any(|g| !g.cancelled.is_empty()));
        assert!(p.groups.values().any(|g| g.end.is_some_and(|e| e > t)));
        assert!(p.groups.values().any(|g| !g.co_facilitators.is_empty()));
        for s in p.staff.values() {
            assert!(
                validate_staff(s).is_ok() && !s.credentials.is_empty(),
                "{}",
                s.name
            );
        }
        for r in p.rooms.values() {
            assert!(validate_room(r).is_ok(), "{}", r.name);
        }
        let all: Vec<Membership> = p.memberships.values().cloned().collect();
        for m in &all {
            assert_eq!(validate_membership(m, &all), Ok(()));
        }
        for c in p.clients.values() {
            let check = validate_client(&c.to_draft(), &p.settings, t, Some(&c.track));
            assert!(check.is_ok(), "{}: {check:?}", c.full_name);
        }
        for k in p.keep_apart.values() {
            let known = |id: &ClientId| p.clients.contains_key(id);
            assert_eq!(validate_keep_apart(k, p.keep_apart.values(), known), Ok(()));
        }
    }

    #[test]
    fn the_demo_breaks_no_placement_rules() {
        let p = generated(&SampleParams::demo());
        assert_eq!(problems(&p, today()), Vec::<String>::new());
    }

    #[test]
    fn the_demo_families_break_no_hard_rule_and_show_each_consent_state() {
        use crate::domain::rules::{RuleKind, check};
        let p = generated(&SampleParams::demo());
        assert!(p.family_members.len() >= 20, "{}", p.family_members.len());
        assert!(!p.family_sessions.is_empty());
        let family_kinds: Vec<(RuleKind, String)> = check(&p, today())
            .into_iter()
            .filter(|v| v.kind.is_hard() && v.message.contains("family session"))
            .map(|v| (v.kind, v.message))
            .collect();
        assert_eq!(family_kinds, Vec::new());
        let warnings: Vec<RuleKind> = check(&p, today()).into_iter().map(|v| v.kind).collect();
        assert!(warnings.contains(&RuleKind::ConsentExpiring));
        assert!(!warnings.contains(&RuleKind::NoGuardian));
        // A weekly family group with family members in it, their attendance, and something
        // for catch-up to find.
        let idx = crate::domain::coverage::index(&p);
        let in_groups: Vec<_> = p
            .family_members
            .values()
            .filter(|f| f.groups_on(today()).next().is_some())
            .collect();
        assert!(in_groups.len() >= 3, "{}", in_groups.len());

        let marked = |f: &str| {
            p.sessions
                .values()
                .filter(|s| s.attendance.contains_key(f))
                .count()
        };
        assert!(in_groups.iter().filter(|f| marked(&f.id) > 0).count() >= 3);
        assert!(in_groups.iter().any(|f| {
            let cov = crate::domain::coverage::family_coverage(&p, &idx, &f.id, today());
            cov.topics.iter().any(|t| {
                matches!(
                    t.state,
                    crate::domain::coverage::TopicState::Received { .. }
                )
            })
        }));
    }

    #[test]
    #[ignore = "prints the large fixture's family figures"]
    fn large_fixture_family_figures() {
        let p = generated(&SampleParams::large());
        let places: usize = p.family_members.values().map(|f| f.groups.len()).sum();
        let clashes = crate::domain::rules::check(&p, today())
            .into_iter()
            .filter(|v| v.kind == crate::domain::rules::RuleKind::FamilyMemberClash)
            .count();
        println!("family-member clashes {clashes}");
        println!(
            "members {} consents {} family sessions {} family-group places {}",
            p.family_members.len(),
            p.consents.len(),
            p.family_sessions.len(),
            places
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let params = SampleParams::demo();
        assert_eq!(generated(&params), generated(&params));
        let other = SampleParams {
            seed: params.seed + 1,
            ..params.clone()
        };
        assert_ne!(generated(&params), generated(&other));
    }

    #[test]
    fn different_prefixes_give_disjoint_ids() {
        let params = SampleParams::demo();
        let ids = |p: &Programme| -> BTreeSet<String> {
            p.clients
                .keys()
                .map(|c| c.0.clone())
                .chain(p.groups.keys().cloned())
                .chain(p.memberships.keys().cloned())
                .chain(p.staff.keys().cloned())
                .chain(p.rooms.keys().cloned())
                .chain(p.keep_apart.keys().cloned())
                .collect()
        };
        let a = ids(&generate(&params, today(), "s1-"));
        let b = ids(&generate(&params, today(), "s2-"));
        assert!(a.iter().all(|id| id.starts_with("s1-")));
        assert!(a.contains("s1-client-0007") && a.contains("s1-group-0001"));
        assert!(a.is_disjoint(&b));
    }

    #[test]
    fn the_large_fixture_has_the_documented_size_and_keeps_the_rules() {
        let p = generated(&SampleParams::large());
        let t = today();
        assert_eq!(p.clients_active_on(t).count(), 300);
        assert_eq!(p.clients.values().filter(|c| c.archived).count(), 2_000);
        assert_eq!(p.groups.len(), 50);
        assert_eq!(p.keep_apart.len(), 20);
        assert_eq!(problems(&p, t), Vec::<String>::new());
        let first = p.memberships.values().map(|m| m.join).min().unwrap();
        assert!(first <= t - TimeDelta::weeks(100), "two years of history");
        // Groups turn over: about 20 discharges a week.
        let last_year = p
            .clients
            .values()
            .filter(|c| c.archived && c.expected_discharge.unwrap() > t - TimeDelta::weeks(52))
            .count();
        assert!((800..=1_300).contains(&last_year), "{last_year}");
        let placed = p
            .clients_active_on(t)
            .filter(|c| minutes_on(&p, &c.id, t) > 0)
            .count();
        assert!(placed >= 280, "{placed} of 300 placed");
        for g in p.groups.values() {
            assert!(g.lead.is_some() && g.room.is_some(), "{}", g.name);
        }
    }

    #[test]
    fn without_current_memberships_frees_todays_clients_only() {
        let p = generated(&SampleParams::large());
        let t = today();
        let freed = without_current_memberships(&p, t);
        let active: BTreeSet<&ClientId> = p.clients_active_on(t).map(|c| &c.id).collect();
        assert_eq!(active.len(), 300);
        assert!(
            !freed
                .memberships
                .values()
                .any(|m| active.contains(&m.client) && m.leave.is_none_or(|l| l > t))
        );
        let others = |q: &Programme| {
            q.memberships
                .values()
                .filter(|m| !active.contains(&m.client))
                .count()
        };
        assert_eq!(others(&freed), others(&p));
        assert!(others(&p) > 4_000, "the history stays");
        assert_eq!(freed.clients, p.clients);
        assert_eq!(freed.groups, p.groups);
    }

    // proptest's random source does not build for wasm32; property tests run natively only.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_small_sample_keeps_the_rules(
            active in 0usize..40,
            discharged in 0usize..40,
            groups in 0usize..24,
            staff in 0usize..7,
            rooms in 0usize..5,
            history_weeks in 0u32..30,
            keep_apart_pairs in 0usize..6,
            planned in 0usize..5,
            unassigned in 0usize..6,
            seed in proptest::prelude::any::<u64>(),
            day in 0i64..3_000,
        ) {
            let today = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + TimeDelta::days(day);
            let params = SampleParams {
                active_clients: active,
                discharged_clients: discharged,
                groups,
                staff,
                rooms,
                history_weeks,
                keep_apart_pairs,
                planned_admissions: planned,
                unassigned_active: unassigned,
                seed,
            };
            let p = generate(&params, today, "p-");
            proptest::prop_assert_eq!(p.clients_active_on(today).count(), active);
            proptest::prop_assert_eq!(p.clients.values().filter(|c| c.archived).count(), discharged);
            proptest::prop_assert_eq!(p.groups.len(), groups);
            proptest::prop_assert_eq!(problems(&p, today), Vec::<String>::new());
        }
    }
}

#[cfg(test)]
mod curricula_tests {
    use super::*;
    use crate::domain::coverage::{TopicState, client_coverage, index};

    #[test]
    fn the_demo_runs_curricula_with_attendance_and_reachable_coverage() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let p = generate(&SampleParams::demo(), today, "d-");
        assert!(p.topics.len() >= 40 && p.curricula.len() == 5);
        // Every skills, psychoeducation, relapse-prevention and family group has a plan and
        // sessions.
        for g in p.groups.values().filter(|g| {
            matches!(
                g.kind,
                GroupType::Skills
                    | GroupType::Psychoeducation
                    | GroupType::RelapsePrevention
                    | GroupType::FamilyEducation
                    | GroupType::MultiFamily
            )
        }) {
            assert!(p.plans.contains_key(&g.id), "{} has a plan", g.name);
            assert!(
                p.sessions
                    .values()
                    .any(|s| s.group == g.id && s.date >= today)
            );
        }
        let past: Vec<_> = p.sessions.values().filter(|s| s.date < today).collect();
        assert!(
            past.iter()
                .all(|s| s.cancelled || !s.attendance.is_empty() || {
                    !p.memberships
                        .values()
                        .any(|m| m.group == s.group && m.active_on(s.date))
                })
        );
        let idx = index(&p);
        let (mut received, mut unreachable, mut total) = (0, 0, 0);
        for c in p.clients_active_on(today) {
            for t in client_coverage(&p, &idx, &c.id, today).topics {
                total += 1;
                match t.state {
                    TopicState::Received { .. } => received += 1,
                    TopicState::Unreachable { .. } => unreachable += 1,
                    _ => {}
                }
            }
        }
        assert!(received * 4 > total, "{received} of {total} received");
        assert!(
            unreachable * 3 < total,
            "{unreachable} of {total} unreachable"
        );
    }
}
