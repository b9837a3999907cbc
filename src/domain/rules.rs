//! Live rule checks: every problem in the programme on one date, explained in plain words with
//! a suggested fix, plus the hard-rule fit of one client to one group (for forms and
//! auto-assign).
//!
//! Roster rules (sizes, keep-apart, mismatches, clashes, hours, double-booking) look at the
//! state on the date; rules about one membership's dates and references look at memberships
//! running on the date or planned after it, so years of finished history stay quiet.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::domain::dates::human_date;
use crate::domain::people::client::{AgeBand, Client, ClientId, Gender};
use crate::domain::programme::Programme;
use crate::domain::roster::group::{AdmissionRule, Group, Meeting};
use crate::domain::roster::membership::Membership;

/// Which rule a [`Violation`] breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    /// More members than the group's maximum.
    OverCapacity,
    /// Fewer members than the group's minimum (a warning).
    UnderMinimum,
    /// A keep-apart pair in one group.
    KeepApart,
    /// A client in a group of another track.
    TrackMismatch,
    /// A client in a group of another age band.
    AgeBandMismatch,
    /// A client in a gender-specific group they are not recorded for.
    GenderMismatch,
    /// A client in two groups whose meetings overlap.
    ClientTimeClash,
    /// A facilitator in two groups whose meetings overlap.
    StaffDoubleBooked,
    /// A room used by two groups whose meetings overlap.
    RoomDoubleBooked,
    /// Planned weekly hours outside the client's level-of-care range (a warning).
    HoursOutOfRange,
    /// A membership outside the client's admission-discharge window, or of an archived client.
    OutsideAdmission,
    /// A membership outside the group's dates, or in an archived group.
    OutsideGroupDates,
    /// Joining on a day the group's admission rule does not allow.
    AdmissionRule,
    /// A record pointing at a client, group, staff member or room that no longer exists.
    UnknownReference,
    /// More members on the date than the group's room holds (a warning).
    RoomTooSmall,
    /// A facilitator's group meets outside their recorded weekly availability (a warning;
    /// staff without any recorded availability are not checked).
    StaffUnavailable,
}

impl RuleKind {
    /// Every kind, in report order.
    pub const ALL: [RuleKind; 16] = [
        RuleKind::OverCapacity,
        RuleKind::UnderMinimum,
        RuleKind::KeepApart,
        RuleKind::TrackMismatch,
        RuleKind::AgeBandMismatch,
        RuleKind::GenderMismatch,
        RuleKind::ClientTimeClash,
        RuleKind::StaffDoubleBooked,
        RuleKind::RoomDoubleBooked,
        RuleKind::HoursOutOfRange,
        RuleKind::OutsideAdmission,
        RuleKind::OutsideGroupDates,
        RuleKind::AdmissionRule,
        RuleKind::UnknownReference,
        RuleKind::RoomTooSmall,
        RuleKind::StaffUnavailable,
    ];

    /// Whether the rule must never be broken; the others (group minimum, weekly hours, room
    /// size, staff availability) are warnings a facilitator may accept.
    pub fn is_hard(self) -> bool {
        !matches!(
            self,
            RuleKind::UnderMinimum
                | RuleKind::HoursOutOfRange
                | RuleKind::RoomTooSmall
                | RuleKind::StaffUnavailable
        )
    }

    /// Short heading for the rule, e.g. "Over capacity".
    pub fn title(self) -> &'static str {
        match self {
            RuleKind::OverCapacity => "Over capacity",
            RuleKind::UnderMinimum => "Under minimum size",
            RuleKind::KeepApart => "Keep-apart pair together",
            RuleKind::TrackMismatch => "Wrong track",
            RuleKind::AgeBandMismatch => "Wrong age band",
            RuleKind::GenderMismatch => "Gender-specific group",
            RuleKind::ClientTimeClash => "Client time clash",
            RuleKind::StaffDoubleBooked => "Facilitator double-booked",
            RuleKind::RoomDoubleBooked => "Room double-booked",
            RuleKind::HoursOutOfRange => "Weekly hours out of range",
            RuleKind::OutsideAdmission => "Outside admission dates",
            RuleKind::OutsideGroupDates => "Outside group dates",
            RuleKind::AdmissionRule => "Group not admitting",
            RuleKind::UnknownReference => "Missing record",
            RuleKind::RoomTooSmall => "Room too small",
            RuleKind::StaffUnavailable => "Facilitator not available",
        }
    }
}

/// One broken rule: who and what it concerns, why, and a suggested fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: RuleKind,
    /// Clients it concerns (ids).
    pub clients: Vec<ClientId>,
    /// Groups it concerns (ids).
    pub groups: Vec<String>,
    /// Staff it concerns (ids).
    pub staff: Vec<String>,
    /// Rooms it concerns (ids).
    pub rooms: Vec<String>,
    /// Who/what/why in plain words, using names (client display names, group names), e.g.
    /// "Relapse prevention A has 13 members on 2 Dec 2026; its maximum is 12."
    pub message: String,
    /// The fix it suggests, e.g. "Move a member to Relapse prevention B, or raise the maximum."
    pub fix: String,
}

impl Violation {
    /// Whether the violation is about this client.
    pub fn concerns_client(&self, id: &ClientId) -> bool {
        self.clients.contains(id)
    }

    /// Whether the violation is about this group.
    pub fn concerns_group(&self, id: &str) -> bool {
        self.groups.iter().any(|g| g == id)
    }

    fn new(kind: RuleKind, message: String, fix: String) -> Violation {
        Violation {
            kind,
            clients: Vec::new(),
            groups: Vec::new(),
            staff: Vec::new(),
            rooms: Vec::new(),
            message,
            fix,
        }
    }

    fn from_problem(problem: Problem) -> Violation {
        Violation::new(problem.kind, problem.message, problem.fix)
    }

    fn with_client(mut self, id: &ClientId) -> Violation {
        self.clients.push(id.clone());
        self
    }

    fn with_group(mut self, id: &str) -> Violation {
        self.groups.push(id.to_string());
        self
    }

    fn with_staff(mut self, id: &str) -> Violation {
        self.staff.push(id.to_string());
        self
    }

    fn with_room(mut self, id: &str) -> Violation {
        self.rooms.push(id.to_string());
        self
    }
}

/// Every violation on `date` (weekly hours use the Monday-to-Sunday week containing `date`),
/// ordered by kind, then message.
pub fn check(p: &Programme, date: NaiveDate) -> Vec<Violation> {
    run(p, date, Scope::All)
}

/// The violations on `date` that concern one client; the same as filtering [`check`] with
/// [`Violation::concerns_client`], but indexes only that client and their keep-apart partners
/// and skips the group-wide rules, so it is cheap enough to run on every keystroke.
pub fn check_client(p: &Programme, date: NaiveDate, client: &ClientId) -> Vec<Violation> {
    run(p, date, Scope::Client(client))
}

/// The violations on `date` that concern one group; the same as filtering [`check`] with
/// [`Violation::concerns_group`]. It costs nearly a full check (sizes of other groups feed the
/// suggested fixes), so for a list of groups run [`check`] once and filter.
pub fn check_group(p: &Programme, date: NaiveDate, group: &str) -> Vec<Violation> {
    run(p, date, Scope::Group(group))
}

/// Hard-rule fit of one client to one group for a membership `[join, leave)`: the reasons it
/// would break (empty = fits). Covers track (a group without a track takes every track), age
/// band, gender (a gender-specific group takes only clients recorded with that gender),
/// archived records, the group's dates, the client's admission-expected discharge window and
/// the admission rule on `join`. Group size, keep-apart and clashes depend on the other
/// memberships and are left to [`check`] and auto-assign.
pub fn misfits(
    p: &Programme,
    client: &Client,
    group: &Group,
    join: NaiveDate,
    leave: Option<NaiveDate>,
) -> Vec<(RuleKind, String)> {
    let mut problems = fit_problems(p, client, group);
    problems.extend(date_problems(client, group, join, leave, None));
    problems.into_iter().map(|x| (x.kind, x.message)).collect()
}

/// The group-size and keep-apart rules that adding `client` to `group` for `[join, leave)`
/// would break, found by running those rules of [`check`] with the membership added. Group
/// size is looked at on the join date and on every later day the headcount can rise (another
/// member joins, the group starts) while the membership would run: until `leave`, the
/// client's expected discharge or the group's end. Each problem is reported once, on its first
/// day, as "If <name> joins: <the rule's message>". Keep-apart messages name the two clients
/// only, never the pair's private reason.
pub fn joining_problems(
    p: &Programme,
    client: &Client,
    group: &Group,
    join: NaiveDate,
    leave: Option<NaiveDate>,
) -> Vec<(RuleKind, String)> {
    let trial = Membership {
        id: String::new(),
        schema: crate::domain::roster::membership::MEMBERSHIP_SCHEMA,
        client: client.id.clone(),
        group: group.id.clone(),
        join,
        leave,
        reason: String::new(),
    };
    let day_after = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);
    let until = [
        leave,
        client.expected_discharge.map(day_after),
        group.end.map(day_after),
    ]
    .into_iter()
    .flatten()
    .min();
    let in_group: Vec<&Membership> = p
        .memberships
        .values()
        .filter(|m| m.group == group.id)
        .collect();
    // The headcount only rises on join dates, so these are the only days to look at.
    let days: BTreeSet<NaiveDate> = in_group
        .iter()
        .map(|m| m.join)
        .chain([join, group.start])
        .filter(|d| *d >= join && until.is_none_or(|u| *d < u))
        .collect();
    // Only the group's members and the client's keep-apart partners matter here.
    let mut only: BTreeSet<&ClientId> = in_group.iter().map(|m| &m.client).collect();
    only.insert(&client.id);
    only.extend(p.keep_apart.values().filter_map(|k| k.other(&client.id)));
    let name = client.display_name();
    let mut out: Vec<(RuleKind, String)> = Vec::new();
    // Once per kind and pair of clients: the first day is the one to act on.
    let mut seen: BTreeSet<(RuleKind, Vec<ClientId>)> = BTreeSet::new();
    for day in days {
        let ix = Index::build(p, day, Some(&only), Some(&trial));
        let mut found = Vec::new();
        group_sizes(p, &ix, Scope::Group(&group.id), &mut found);
        keep_apart(p, &ix, Scope::Client(&client.id), &mut found);
        for v in found {
            let relevant = match v.kind {
                RuleKind::OverCapacity => true,
                RuleKind::KeepApart => v.concerns_group(&group.id),
                _ => false,
            };
            if relevant && seen.insert((v.kind, v.clients.clone())) {
                out.push((v.kind, format!("If {name} joins: {}", v.message)));
            }
        }
    }
    out
}

/// Hours in plain words: "9 h", "7.5 h" (one formatter for every hours message).
pub use crate::domain::people::care::hours_words;

/// Whether the group counts for rosters on `date`: not archived and between its dates.
pub(crate) fn runs(group: &Group, date: NaiveDate) -> bool {
    !group.archived && group.runs_on(date)
}

/// Whether the client fits the group's track, age band and gender, whatever the dates.
pub(crate) fn demographic_fit(client: &Client, group: &Group) -> bool {
    group.track.as_ref().is_none_or(|t| *t == client.track)
        && group.age_band == client.age_band
        && group.gender.is_none_or(|g| g == client.gender)
}

/// What one check run is about, so work that cannot concern it is skipped.
#[derive(Clone, Copy)]
enum Scope<'s> {
    All,
    Client(&'s ClientId),
    Group(&'s str),
}

impl Scope<'_> {
    /// Whether a fact about this client in this group is in scope.
    fn touches(self, client: &ClientId, group: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Client(c) => c == client,
            Scope::Group(g) => g == group,
        }
    }

    fn group(self, id: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Client(_) => false,
            Scope::Group(g) => g == id,
        }
    }

    fn concerns(self, v: &Violation) -> bool {
        match self {
            Scope::All => true,
            Scope::Client(c) => v.concerns_client(c),
            Scope::Group(g) => v.concerns_group(g),
        }
    }
}

/// Memberships indexed once per call, so no rule walks all of history more than once.
struct Index<'a> {
    date: NaiveDate,
    /// For each client with a membership active on the date: its groups (by name, without
    /// repeats; archived and finished ones included).
    active_groups: BTreeMap<&'a ClientId, Vec<&'a Group>>,
    /// The same, only groups that run on the date.
    live_groups: BTreeMap<&'a ClientId, Vec<&'a Group>>,
    /// Distinct members on the date of each group that runs on it.
    headcounts: BTreeMap<&'a str, usize>,
    /// Memberships active on the date or starting after it.
    current: Vec<&'a Membership>,
}

impl<'a> Index<'a> {
    /// With `only`, just those clients' memberships are indexed (enough for rules about them);
    /// `extra` is a membership not yet in the programme, indexed as if it were (a planned join).
    fn build(
        p: &'a Programme,
        date: NaiveDate,
        only: Option<&BTreeSet<&ClientId>>,
        extra: Option<&'a Membership>,
    ) -> Index<'a> {
        let mut ix = Index {
            date,
            active_groups: BTreeMap::new(),
            live_groups: BTreeMap::new(),
            headcounts: BTreeMap::new(),
            current: Vec::new(),
        };
        for m in p.memberships.values().chain(extra) {
            if only.is_some_and(|clients| !clients.contains(&m.client)) {
                continue;
            }
            let active = m.active_on(date);
            if active || m.join > date {
                ix.current.push(m);
            }
            if active && let Some(g) = p.groups.get(&m.group) {
                ix.active_groups.entry(&m.client).or_default().push(g);
            }
        }
        for (client, groups) in &mut ix.active_groups {
            groups.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
            groups.dedup_by(|a, b| a.id == b.id);
            let live: Vec<&Group> = groups.iter().copied().filter(|g| runs(g, date)).collect();
            for g in &live {
                *ix.headcounts.entry(g.id.as_str()).or_default() += 1;
            }
            if !live.is_empty() {
                ix.live_groups.insert(client, live);
            }
        }
        ix
    }

    fn headcount(&self, group: &str) -> usize {
        self.headcounts.get(group).copied().unwrap_or(0)
    }

    /// Groups running on the date that the client is a member of, by name.
    fn live_groups_of(&self, client: &ClientId) -> &[&'a Group] {
        self.live_groups.get(client).map_or(&[], Vec::as_slice)
    }
}

fn run(p: &Programme, date: NaiveDate, scope: Scope) -> Vec<Violation> {
    // A single client's rules need only their own memberships and their keep-apart partners'.
    let only: Option<BTreeSet<&ClientId>> = match scope {
        Scope::Client(c) => Some(
            p.keep_apart
                .values()
                .filter_map(|pair| pair.other(c))
                .chain([c])
                .collect(),
        ),
        _ => None,
    };
    let ix = Index::build(p, date, only.as_ref(), None);
    let mut out = Vec::new();
    if !matches!(scope, Scope::Client(_)) {
        group_sizes(p, &ix, scope, &mut out);
        double_bookings(p, date, scope, &mut out);
        group_references(p, date, scope, &mut out);
        rooms_and_availability(p, &ix, date, scope, &mut out);
    }
    keep_apart(p, &ix, scope, &mut out);
    mismatches(p, &ix, scope, &mut out);
    client_clashes(p, &ix, scope, &mut out);
    if !matches!(scope, Scope::Group(_)) {
        weekly_hours(p, &ix, scope, &mut out);
    }
    membership_dates(p, &ix, scope, &mut out);
    out.retain(|v| scope.concerns(v));
    out.sort_by(|a, b| {
        (
            a.kind, &a.message, &a.clients, &a.groups, &a.staff, &a.rooms, &a.fix,
        )
            .cmp(&(
                b.kind, &b.message, &b.clients, &b.groups, &b.staff, &b.rooms, &b.fix,
            ))
    });
    out.dedup();
    out
}

fn members_words(n: usize) -> String {
    if n == 1 {
        "1 member".into()
    } else {
        format!("{n} members")
    }
}

fn group_sizes(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for g in p.groups.values() {
        if !scope.group(&g.id) || !runs(g, ix.date) {
            continue;
        }
        let n = ix.headcount(&g.id);
        let count = u32::try_from(n).unwrap_or(u32::MAX);
        if count > g.capacity_max {
            let fix = match roomier_group(p, ix, g) {
                Some(other) => format!("Move a member to {}, or raise the maximum.", other.name),
                None => "Move a member to another group, or raise the maximum.".into(),
            };
            let message = format!(
                "{} has {} on {}; its maximum is {}.",
                g.name,
                members_words(n),
                human_date(ix.date),
                g.capacity_max
            );
            out.push(Violation::new(RuleKind::OverCapacity, message, fix).with_group(&g.id));
        } else if n > 0 && count < g.capacity_min {
            let message = format!(
                "{} has only {} on {}; its minimum is {}.",
                g.name,
                members_words(n),
                human_date(ix.date),
                g.capacity_min
            );
            let fix = format!(
                "Add members to {}, merge it with a similar group, or lower its minimum.",
                g.name
            );
            out.push(Violation::new(RuleKind::UnderMinimum, message, fix).with_group(&g.id));
        }
    }
}

/// A running group for the same people with a free place, emptiest first.
fn roomier_group<'p>(p: &'p Programme, ix: &Index, full: &Group) -> Option<&'p Group> {
    p.groups
        .values()
        .filter(|o| {
            o.id != full.id
                && runs(o, ix.date)
                && o.track == full.track
                && o.age_band == full.age_band
                && o.gender == full.gender
        })
        .map(|o| (ix.headcount(&o.id), o))
        .filter(|(n, o)| u32::try_from(*n).is_ok_and(|n| n < o.capacity_max))
        .min_by(|(n1, a), (n2, b)| n1.cmp(n2).then_with(|| a.name.cmp(&b.name)))
        .map(|(_, o)| o)
}

fn keep_apart(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for pair in p.keep_apart.values() {
        if pair.a == pair.b {
            continue;
        }
        if let Scope::Client(c) = scope
            && !pair.involves(c)
        {
            continue;
        }
        let theirs = ix.live_groups_of(&pair.b);
        for g in ix.live_groups_of(&pair.a) {
            if !theirs.iter().any(|t| t.id == g.id) {
                continue;
            }
            // The pair's reason is private to its own editor: only names appear here.
            let (a, b) = (p.client_name(&pair.a), p.client_name(&pair.b));
            let message = format!(
                "{a} and {b} are both in {} on {}; they are to be kept apart.",
                g.name,
                human_date(ix.date)
            );
            let fix = format!("Move {a} or {b} to another group.");
            out.push(
                Violation::new(RuleKind::KeepApart, message, fix)
                    .with_client(&pair.a)
                    .with_client(&pair.b)
                    .with_group(&g.id),
            );
        }
    }
}

fn mismatches(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for (id, groups) in &ix.live_groups {
        let Some(client) = p.clients.get(*id) else {
            continue;
        };
        for group in groups {
            if !scope.touches(id, &group.id) {
                continue;
            }
            for problem in fit_problems(p, client, group) {
                out.push(
                    Violation::from_problem(problem)
                        .with_client(&client.id)
                        .with_group(&group.id),
                );
            }
        }
    }
}

fn day_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

fn times(m: &Meeting) -> String {
    // Plain digits rather than chrono's formatter, which parses its pattern on every call.
    let clock = crate::domain::dates::clock;
    format!("{}-{}", clock(m.start), clock(m.end()))
}

/// "A and B, which overlap on Monday (09:00-12:00 and 11:00-12:00)".
fn overlap_words(a: &Group, b: &Group, ma: &Meeting, mb: &Meeting) -> String {
    format!(
        "{} and {}, which overlap on {} ({} and {})",
        a.name,
        b.name,
        day_name(ma.weekday),
        times(ma),
        times(mb)
    )
}

fn client_clashes(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for (client, groups) in &ix.live_groups {
        if let Scope::Client(c) = scope
            && c != *client
        {
            continue;
        }
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                let Some((ma, mb)) = a.pattern.clash_with(&b.pattern) else {
                    continue;
                };
                let name = p.client_name(client);
                let message = format!("{name} is in {}.", overlap_words(a, b, &ma, &mb));
                let fix =
                    format!("Take {name} out of one of them, or move one group's meeting time.");
                out.push(
                    Violation::new(RuleKind::ClientTimeClash, message, fix)
                        .with_client(client)
                        .with_group(&a.id)
                        .with_group(&b.id),
                );
            }
        }
    }
}

fn double_bookings(p: &Programme, date: NaiveDate, scope: Scope, out: &mut Vec<Violation>) {
    let mut by_staff: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    let mut by_room: BTreeMap<&str, Vec<&Group>> = BTreeMap::new();
    let mut running: Vec<&Group> = p.groups.values().filter(|g| runs(g, date)).collect();
    // By name, so messages list the groups in reading order.
    running.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    for g in running {
        let staff: BTreeSet<&str> = g
            .lead
            .iter()
            .chain(&g.co_facilitators)
            .map(String::as_str)
            .collect();
        for s in staff {
            by_staff.entry(s).or_default().push(g);
        }
        if let Some(room) = &g.room {
            by_room.entry(room).or_default().push(g);
        }
    }
    let pairs = |groups: &[&'_ Group]| {
        let mut found = Vec::new();
        for (i, a) in groups.iter().enumerate() {
            for b in &groups[i + 1..] {
                if !(scope.group(&a.id) || scope.group(&b.id)) {
                    continue;
                }
                if let Some((ma, mb)) = a.pattern.clash_with(&b.pattern) {
                    found.push((a.id.clone(), b.id.clone(), overlap_words(a, b, &ma, &mb)));
                }
            }
        }
        found
    };
    for (staff, groups) in &by_staff {
        for (a, b, words) in pairs(groups) {
            let message = format!("{} facilitates {words}.", p.staff_name(staff));
            let fix = "Give one of the groups another facilitator, or move its meeting time.";
            out.push(
                Violation::new(RuleKind::StaffDoubleBooked, message, fix.into())
                    .with_staff(staff)
                    .with_group(&a)
                    .with_group(&b),
            );
        }
    }
    for (room, groups) in &by_room {
        for (a, b, words) in pairs(groups) {
            let message = format!("{} is booked for {words}.", p.room_name(room));
            let fix = "Move one of the groups to another room or time.";
            out.push(
                Violation::new(RuleKind::RoomDoubleBooked, message, fix.into())
                    .with_room(room)
                    .with_group(&a)
                    .with_group(&b),
            );
        }
    }
}

fn weekly_hours(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    let monday = ix
        .date
        .checked_sub_days(Days::new(u64::from(
            ix.date.weekday().num_days_from_monday(),
        )))
        .unwrap_or(ix.date);
    let next_monday = monday.checked_add_days(Days::new(7));
    let clients: Vec<&Client> = match scope {
        // Same test as `clients_active_on`, without walking every client for one of them.
        Scope::Client(id) => p
            .clients
            .get(id)
            .filter(|c| {
                !c.archived
                    && c.admission_date <= ix.date
                    && c.expected_discharge.is_none_or(|d| ix.date <= d)
            })
            .into_iter()
            .collect(),
        _ => p.clients_active_on(ix.date).collect(),
    };
    for client in clients {
        let groups: Vec<&Group> = ix
            .active_groups
            .get(&client.id)
            .into_iter()
            .flatten()
            .copied()
            .filter(|g| !g.archived && g.runs_during(monday, next_monday))
            .collect();
        // Planned hours come from the weekly pattern; a cancelled holiday session does not
        // change the level of care a client is planned for.
        let minutes: u32 = groups.iter().map(|g| g.pattern.weekly_minutes()).sum();
        let range = p.settings.hours_for(client.level_of_care, client.age_band);
        let Some(problem) = range.check(minutes) else {
            continue;
        };
        let name = client.display_name();
        let message = format!(
            "{name} ({}, {}) in the week of {}: {problem}",
            client.level_of_care.short(),
            client.age_band.label().to_lowercase(),
            human_date(monday)
        );
        let below = range.min_minutes.is_some_and(|min| minutes < min);
        let fix = if below && groups.is_empty() {
            format!(
                "Add {name} to a group (auto-assign can propose one), or review the level of care."
            )
        } else if below {
            format!("Add {name} to another group that fits, or review the level of care.")
        } else {
            format!("Take {name} out of a group, or review the level of care.")
        };
        out.push(Violation::new(RuleKind::HoursOutOfRange, message, fix).with_client(&client.id));
    }
}

fn membership_dates(p: &Programme, ix: &Index, scope: Scope, out: &mut Vec<Violation>) {
    for m in &ix.current {
        if !scope.touches(&m.client, &m.group) {
            continue;
        }
        match (p.clients.get(&m.client), p.groups.get(&m.group)) {
            (Some(client), Some(group)) => {
                for problem in date_problems(client, group, m.join, m.leave, Some(ix.date)) {
                    out.push(
                        Violation::from_problem(problem)
                            .with_client(&m.client)
                            .with_group(&m.group),
                    );
                }
            }
            (None, _) => {
                let message = format!(
                    "A membership of {} from {} belongs to a client who no longer exists.",
                    p.group_name(&m.group),
                    human_date(m.join)
                );
                out.push(
                    Violation::new(
                        RuleKind::UnknownReference,
                        message,
                        "Remove the membership.".into(),
                    )
                    .with_client(&m.client)
                    .with_group(&m.group),
                );
            }
            (Some(client), None) => {
                let name = client.display_name();
                let message = format!(
                    "{name} has a membership from {} in a group that no longer exists.",
                    human_date(m.join)
                );
                let fix = format!("Remove the membership, and add {name} to another group.");
                out.push(
                    Violation::new(RuleKind::UnknownReference, message, fix)
                        .with_client(&m.client)
                        .with_group(&m.group),
                );
            }
        }
    }
}

fn group_references(p: &Programme, date: NaiveDate, scope: Scope, out: &mut Vec<Violation>) {
    for g in p.groups.values() {
        if g.archived || g.end.is_some_and(|end| end < date) || !scope.group(&g.id) {
            continue;
        }
        let missing = |message: String, fix: String| {
            Violation::new(RuleKind::UnknownReference, message, fix).with_group(&g.id)
        };
        if let Some(lead) = &g.lead
            && !p.staff.contains_key(lead)
        {
            out.push(
                missing(
                    format!("{}'s lead facilitator no longer exists.", g.name),
                    format!("Choose a lead facilitator for {}.", g.name),
                )
                .with_staff(lead),
            );
        }
        for co in g
            .co_facilitators
            .iter()
            .filter(|s| !p.staff.contains_key(*s))
        {
            out.push(
                missing(
                    format!("{} lists a co-facilitator who no longer exists.", g.name),
                    format!(
                        "Remove the co-facilitator from {}, or choose another.",
                        g.name
                    ),
                )
                .with_staff(co),
            );
        }
        if let Some(room) = &g.room
            && !p.rooms.contains_key(room)
        {
            out.push(
                missing(
                    format!("{}'s room no longer exists.", g.name),
                    format!("Choose a room for {}.", g.name),
                )
                .with_room(room),
            );
        }
    }
}

/// Rooms holding fewer people than their group has members on the date, and facilitators whose
/// groups meet outside the availability recorded for them.
fn rooms_and_availability(
    p: &Programme,
    ix: &Index,
    date: NaiveDate,
    scope: Scope,
    out: &mut Vec<Violation>,
) {
    for g in p
        .groups
        .values()
        .filter(|g| runs(g, date) && scope.group(&g.id))
    {
        if let Some(room) = g.room.as_deref().and_then(|r| p.rooms.get(r)) {
            let members = ix.headcount(&g.id);
            if members as u32 > room.capacity {
                out.push(
                    Violation::new(
                        RuleKind::RoomTooSmall,
                        format!(
                            "{} holds {} people, but {} has {} on {}.",
                            room.name,
                            room.capacity,
                            g.name,
                            members_words(members),
                            human_date(date)
                        ),
                        format!("Move {} to a larger room, or lower its maximum.", g.name),
                    )
                    .with_group(&g.id)
                    .with_room(&room.id),
                );
            }
        }
        let facilitators: BTreeSet<&str> = g
            .lead
            .iter()
            .chain(&g.co_facilitators)
            .map(String::as_str)
            .collect();
        for staff in facilitators.into_iter().filter_map(|s| p.staff.get(s)) {
            if staff.archived || staff.availability.is_empty() {
                continue;
            }
            let outside = g.pattern.meetings.iter().find(|m| {
                !staff
                    .availability
                    .iter()
                    .any(|a| a.weekday == m.weekday && a.from <= m.start && m.end() <= a.until)
            });
            if let Some(m) = outside {
                out.push(
                    Violation::new(
                        RuleKind::StaffUnavailable,
                        format!(
                            "{} facilitates {} on {} {}, outside their recorded availability.",
                            staff.name,
                            g.name,
                            day_name(m.weekday),
                            times(m)
                        ),
                        format!(
                            "Choose another facilitator for {}, or update {}'s availability on the Staff page.",
                            g.name, staff.name
                        ),
                    )
                    .with_group(&g.id)
                    .with_staff(&staff.id),
                );
            }
        }
    }
}

/// A broken rule before it is attached to records.
struct Problem {
    kind: RuleKind,
    message: String,
    fix: String,
}

fn problem(kind: RuleKind, message: String, fix: String) -> Problem {
    Problem { kind, message, fix }
}

/// An age band in the plural, e.g. "adolescents".
pub(crate) fn band_plural(a: AgeBand) -> &'static str {
    match a {
        AgeBand::Adult => "adults",
        AgeBand::Adolescent => "adolescents",
    }
}

fn band_one(a: AgeBand) -> &'static str {
    match a {
        AgeBand::Adult => "an adult",
        AgeBand::Adolescent => "an adolescent",
    }
}

/// Who a gender-specific group is for, e.g. "women".
pub(crate) fn gender_group_words(g: Gender) -> &'static str {
    match g {
        Gender::Woman => "women",
        Gender::Man => "men",
        Gender::NonBinary => "non-binary clients",
        Gender::Unspecified => "clients with no gender recorded",
    }
}

/// How a client's recorded gender reads after their name, e.g. "is recorded as a man".
pub(crate) fn gender_client_words(g: Gender) -> &'static str {
    match g {
        Gender::Woman => "is recorded as a woman",
        Gender::Man => "is recorded as a man",
        Gender::NonBinary => "is recorded as non-binary",
        Gender::Unspecified => "has no gender recorded",
    }
}

/// Track, age band and gender problems of a client in a group.
fn fit_problems(p: &Programme, client: &Client, group: &Group) -> Vec<Problem> {
    let mut out = Vec::new();
    if demographic_fit(client, group) {
        return out;
    }
    let name = client.display_name();
    if let Some(track) = &group.track
        && *track != client.track
    {
        let theirs = p.settings.track_name(&client.track);
        out.push(problem(
            RuleKind::TrackMismatch,
            format!(
                "{} is for the {} track, but {name} is in the {theirs} track.",
                group.name,
                p.settings.track_name(track)
            ),
            format!("Move {name} to a {theirs} group, or change the group's track."),
        ));
    }
    if group.age_band != client.age_band {
        out.push(problem(
            RuleKind::AgeBandMismatch,
            format!(
                "{} is for {}, but {name} is {}.",
                group.name,
                band_plural(group.age_band),
                band_one(client.age_band)
            ),
            format!(
                "Move {name} to a group for {}.",
                band_plural(client.age_band)
            ),
        ));
    }
    if let Some(gender) = group.gender
        && gender != client.gender
    {
        out.push(problem(
            RuleKind::GenderMismatch,
            format!(
                "{} is a group for {}, but {name} {}.",
                group.name,
                gender_group_words(gender),
                gender_client_words(client.gender)
            ),
            format!("Move {name} to a group open to them, or correct their recorded gender."),
        ));
    }
    out
}

/// The date problems of a membership `[join, leave)`: archived records, the client's window,
/// the group's dates and its admission rule. With `on`, the wording speaks about that date and
/// a membership still running past the expected discharge is reported too.
fn date_problems(
    client: &Client,
    group: &Group,
    join: NaiveDate,
    leave: Option<NaiveDate>,
    on: Option<NaiveDate>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let name = client.display_name();
    let g = &group.name;
    let active_on = on.filter(|d| join <= *d && leave.is_none_or(|l| *d < l));
    let day_after = |d: NaiveDate| d.checked_add_days(Days::new(1)).unwrap_or(d);

    if client.archived {
        let (message, fix) = match (on, active_on) {
            (_, Some(d)) => (
                format!("{name} is archived but still in {g} on {}.", human_date(d)),
                format!("End {name}'s membership in {g}."),
            ),
            (Some(_), None) => (
                format!(
                    "{name} is archived but due to join {g} on {}.",
                    human_date(join)
                ),
                format!("Remove {name}'s planned membership in {g}."),
            ),
            (None, None) => (
                format!("{name} is archived."),
                format!("Restore {name} before adding them to a group."),
            ),
        };
        out.push(problem(RuleKind::OutsideAdmission, message, fix));
    } else {
        let admitted = client.admission_date;
        if join < admitted {
            out.push(problem(
                RuleKind::OutsideAdmission,
                format!(
                    "{name} joins {g} on {}, before their admission on {}.",
                    human_date(join),
                    human_date(admitted)
                ),
                format!(
                    "Change the join date to {} or later, or correct the admission date.",
                    human_date(admitted)
                ),
            ));
        }
        if let Some(discharge) = client.expected_discharge {
            let update = "or update the expected discharge";
            if join > discharge {
                out.push(problem(
                    RuleKind::OutsideAdmission,
                    format!(
                        "{name} joins {g} on {}, after their expected discharge on {}.",
                        human_date(join),
                        human_date(discharge)
                    ),
                    format!("Remove this membership, {update}."),
                ));
            } else if let Some(l) = leave
                && l > day_after(discharge)
            {
                out.push(problem(
                    RuleKind::OutsideAdmission,
                    format!(
                        "{name} is due to leave {g} on {}, after their expected discharge on {}.",
                        human_date(l),
                        human_date(discharge)
                    ),
                    format!(
                        "Set the leave date to {} or earlier, {update}.",
                        human_date(day_after(discharge))
                    ),
                ));
            } else if let Some(d) = active_on
                && d > discharge
            {
                out.push(problem(
                    RuleKind::OutsideAdmission,
                    format!(
                        "{name} is still in {g} on {}, after their expected discharge on {}.",
                        human_date(d),
                        human_date(discharge)
                    ),
                    format!("End {name}'s membership in {g}, {update}."),
                ));
            }
        }
    }

    if group.archived {
        let (message, fix) = match (on, active_on) {
            (_, Some(d)) => (
                format!(
                    "{g} is archived but {name} is still a member on {}.",
                    human_date(d)
                ),
                format!("End {name}'s membership in {g}, or restore the group."),
            ),
            (Some(_), None) => (
                format!(
                    "{g} is archived but {name} is due to join it on {}.",
                    human_date(join)
                ),
                format!("Remove {name}'s planned membership, or restore the group."),
            ),
            (None, None) => (
                format!("{g} is archived."),
                "Choose another group, or restore this one.".into(),
            ),
        };
        out.push(problem(RuleKind::OutsideGroupDates, message, fix));
        return out;
    }
    // An open-ended membership simply stops with its group, so only explicit dates outside
    // the group's range are problems.
    if join < group.start {
        out.push(problem(
            RuleKind::OutsideGroupDates,
            format!(
                "{name} joins {g} on {}, before the group starts on {}.",
                human_date(join),
                human_date(group.start)
            ),
            format!(
                "Change the join date to {} or later.",
                human_date(group.start)
            ),
        ));
    }
    if let Some(end) = group.end {
        if join > end {
            out.push(problem(
                RuleKind::OutsideGroupDates,
                format!(
                    "{name} joins {g} on {}, after the group ends on {}.",
                    human_date(join),
                    human_date(end)
                ),
                format!("Choose another group for {name}, or extend {g}."),
            ));
        } else if let Some(l) = leave
            && l > day_after(end)
        {
            out.push(problem(
                RuleKind::OutsideGroupDates,
                format!(
                    "{name} is due to leave {g} on {}, after the group ends on {}.",
                    human_date(l),
                    human_date(end)
                ),
                format!(
                    "Set the leave date to {} or earlier, or extend {g}.",
                    human_date(day_after(end))
                ),
            ));
        }
    }
    if group.end.is_none_or(|end| join <= end) && !group.admits_on(join) {
        let (rule, fix) = match group.admission {
            AdmissionRule::Closed => (
                format!(
                    "{g} is a closed group: new members join only at its start on {}.",
                    human_date(group.start)
                ),
                format!("Choose an open group for {name}."),
            ),
            AdmissionRule::ModuleBoundaries { every_weeks } => (
                format!(
                    "{g} takes new members only in the first week of each {every_weeks}-week module."
                ),
                match group.next_admission(join) {
                    Some(next) => format!(
                        "Change the join date to {}, when the next module starts.",
                        human_date(next)
                    ),
                    None => {
                        format!("Choose another group for {name}: {g} has no module start left.")
                    }
                },
            ),
            // Open groups admit on any day, so this arm is never reached.
            AdmissionRule::Open => (String::new(), String::new()),
        };
        out.push(problem(
            RuleKind::AdmissionRule,
            format!("{name} joins {g} on {}. {rule}", human_date(join)),
            fix,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::client::{CLIENT_SCHEMA, LevelOfCare, SchedulePreference};
    use crate::domain::people::keep_apart::{KEEP_APART_SCHEMA, KeepApart};
    use crate::domain::people::staff::{Availability, Location, Room, STAFF_SCHEMA, Staff};
    use crate::domain::roster::group::AdmissionRule as Admits;
    use crate::domain::roster::group::{GROUP_SCHEMA, GroupType, MeetingPattern};
    use crate::domain::roster::membership::MEMBERSHIP_SCHEMA;
    use chrono::NaiveTime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The checking date: Wednesday 2 Dec 2026.
    fn today() -> NaiveDate {
        d(2026, 12, 2)
    }

    fn meetings(days: &[Weekday], h: u32, m: u32, minutes: u16) -> MeetingPattern {
        MeetingPattern {
            meetings: days
                .iter()
                .map(|&weekday| Meeting {
                    weekday,
                    start: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
                    minutes,
                })
                .collect(),
        }
    }

    fn client(id: &str, name: &str) -> Client {
        Client {
            id: ClientId(id.into()),
            schema: CLIENT_SCHEMA,
            full_name: name.into(),
            preferred_name: String::new(),
            pronouns: String::new(),
            age_band: AgeBand::Adult,
            gender: Gender::Unspecified,
            track: "substance-use".into(),
            level_of_care: LevelOfCare::Iop,
            schedule: SchedulePreference::Any,
            admission_date: d(2026, 11, 1),
            expected_discharge: Some(d(2027, 2, 5)),
            notes: String::new(),
            archived: false,
        }
    }

    fn group(id: &str, name: &str) -> Group {
        Group {
            id: id.into(),
            schema: GROUP_SCHEMA,
            name: name.into(),
            kind: GroupType::RelapsePrevention,
            track: Some("substance-use".into()),
            age_band: AgeBand::Adult,
            gender: None,
            admission: AdmissionRule::Open,
            capacity_min: 2,
            capacity_max: 3,
            pattern: meetings(&[Weekday::Mon, Weekday::Wed, Weekday::Fri], 9, 0, 180),
            start: d(2026, 11, 2),
            end: None,
            lead: Some("s1".into()),
            co_facilitators: vec!["s2".into()],
            room: Some("r1".into()),
            cancelled: Vec::new(),
            archived: false,
        }
    }

    fn staff(id: &str, name: &str) -> Staff {
        Staff {
            id: id.into(),
            schema: STAFF_SCHEMA,
            name: name.into(),
            credentials: String::new(),
            roles: Vec::new(),
            availability: Vec::new(),
            archived: false,
        }
    }

    fn room(id: &str, name: &str) -> Room {
        Room {
            id: id.into(),
            schema: STAFF_SCHEMA,
            name: name.into(),
            capacity: 12,
            location: Location::InPerson,
            archived: false,
        }
    }

    fn join(
        p: &mut Programme,
        client: &str,
        group: &str,
        join: NaiveDate,
        leave: Option<NaiveDate>,
    ) {
        let id = format!("m{}", p.memberships.len() + 1);
        p.memberships.insert(
            id.clone(),
            Membership {
                id,
                schema: MEMBERSHIP_SCHEMA,
                client: ClientId(client.into()),
                group: group.into(),
                join,
                leave,
                reason: String::new(),
            },
        );
    }

    fn keep_apart_pair(p: &mut Programme, a: &str, b: &str) {
        let id = format!("k{}", p.keep_apart.len() + 1);
        p.keep_apart.insert(
            id.clone(),
            KeepApart {
                id,
                schema: KEEP_APART_SCHEMA,
                a: ClientId(a.into()),
                b: ClientId(b.into()),
                reason: "PRIVATE-REASON".into(),
            },
        );
    }

    fn cid(id: &str) -> ClientId {
        ClientId(id.into())
    }

    fn edit_client(p: &mut Programme, id: &str, f: impl FnOnce(&mut Client)) {
        f(p.clients.get_mut(&cid(id)).unwrap());
    }

    fn edit_group(p: &mut Programme, id: &str, f: impl FnOnce(&mut Group)) {
        f(p.groups.get_mut(id).unwrap());
    }

    /// A clean programme: three IOP adults in "Relapse prevention A" (9 h a week, at its
    /// maximum of 3), an empty "Evening skills" group, three staff and two rooms.
    fn base() -> Programme {
        let mut p = Programme::default();
        for (id, name) in [("s1", "Dana Lead"), ("s2", "Eli Co"), ("s3", "Fran Spare")] {
            p.staff.insert(id.into(), staff(id, name));
        }
        for (id, name) in [("r1", "Room A"), ("r2", "Room B")] {
            p.rooms.insert(id.into(), room(id, name));
        }
        p.groups
            .insert("g1".into(), group("g1", "Relapse prevention A"));
        let evening = Group {
            track: None,
            pattern: meetings(&[Weekday::Tue, Weekday::Thu], 18, 0, 180),
            lead: Some("s3".into()),
            co_facilitators: Vec::new(),
            room: Some("r2".into()),
            ..group("g2", "Evening skills")
        };
        p.groups.insert("g2".into(), evening);
        for (id, name) in [
            ("c1", "Ana Example"),
            ("c2", "Ben Sample"),
            ("c3", "Cy Test"),
        ] {
            p.clients.insert(cid(id), client(id, name));
            join(&mut p, id, "g1", d(2026, 11, 2), None);
        }
        p
    }

    /// A labelled change to [`base`], the date, the rule, and a fragment of its message or fix
    /// (`None`: the rule must not fire).
    type Row = (
        &'static str,
        fn(&mut Programme),
        NaiveDate,
        RuleKind,
        Option<&'static str>,
    );

    fn add_fourth(p: &mut Programme) {
        p.clients.insert(cid("c4"), client("c4", "Dee Fourth"));
    }

    fn rows() -> Vec<Row> {
        use RuleKind::*;
        vec![
            (
                "three members in a room for two",
                |p| p.rooms.get_mut("r1").unwrap().capacity = 2,
                today(),
                RoomTooSmall,
                Some("Room A holds 2 people, but Relapse prevention A has 3 members on"),
            ),
            (
                "three members in a room for three",
                |p| p.rooms.get_mut("r1").unwrap().capacity = 3,
                today(),
                RoomTooSmall,
                None,
            ),
            (
                "lead only available in the afternoons",
                |p| {
                    p.staff.get_mut("s1").unwrap().availability =
                        [Weekday::Mon, Weekday::Wed, Weekday::Fri]
                            .into_iter()
                            .map(|weekday| Availability {
                                weekday,
                                from: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                                until: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
                            })
                            .collect();
                },
                today(),
                StaffUnavailable,
                Some(
                    "Dana Lead facilitates Relapse prevention A on Monday 09:00-12:00, outside their recorded availability.",
                ),
            ),
            (
                "lead available for every meeting; co-facilitator has none recorded",
                |p| {
                    p.staff.get_mut("s1").unwrap().availability =
                        [Weekday::Mon, Weekday::Wed, Weekday::Fri]
                            .into_iter()
                            .map(|weekday| Availability {
                                weekday,
                                from: NaiveTime::from_hms_opt(8, 30, 0).unwrap(),
                                until: NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
                            })
                            .collect();
                },
                today(),
                StaffUnavailable,
                None,
            ),
            (
                "fourth member in a group of 3",
                |p| {
                    add_fourth(p);
                    join(p, "c4", "g1", d(2026, 11, 20), None);
                },
                today(),
                OverCapacity,
                Some("Relapse prevention A has 4 members on 2 Dec 2026; its maximum is 3."),
            ),
            (
                "fourth member already left (leave is exclusive)",
                |p| {
                    add_fourth(p);
                    join(p, "c4", "g1", d(2026, 11, 20), Some(today()));
                },
                today(),
                OverCapacity,
                None,
            ),
            (
                "fourth member only planned",
                |p| {
                    add_fourth(p);
                    join(p, "c4", "g1", d(2026, 12, 3), None);
                },
                today(),
                OverCapacity,
                None,
            ),
            (
                "one member in the evening group",
                |p| join(p, "c1", "g2", d(2026, 11, 2), None),
                today(),
                UnderMinimum,
                Some("Evening skills has only 1 member on 2 Dec 2026; its minimum is 2."),
            ),
            (
                "empty group is not under its minimum",
                |_| {},
                today(),
                UnderMinimum,
                None,
            ),
            (
                "one member in a group that has not started",
                |p| {
                    edit_group(p, "g2", |g| g.start = d(2026, 12, 7));
                    join(p, "c1", "g2", d(2026, 12, 7), None);
                },
                today(),
                UnderMinimum,
                None,
            ),
            (
                "keep-apart pair in one group",
                |p| keep_apart_pair(p, "c1", "c2"),
                today(),
                KeepApart,
                Some("Ana Example and Ben Sample are both in Relapse prevention A on 2 Dec 2026"),
            ),
            (
                "keep-apart pair, one left before the date",
                |p| {
                    keep_apart_pair(p, "c1", "c3");
                    p.memberships.get_mut("m3").unwrap().leave = Some(d(2026, 12, 1));
                },
                today(),
                KeepApart,
                None,
            ),
            (
                "keep-apart pair in different groups",
                |p| {
                    keep_apart_pair(p, "c1", "c3");
                    p.memberships.get_mut("m3").unwrap().group = "g2".into();
                },
                today(),
                KeepApart,
                None,
            ),
            (
                "mental-health client in a substance-use group",
                |p| edit_client(p, "c1", |c| c.track = "mental-health".into()),
                today(),
                TrackMismatch,
                Some(
                    "Relapse prevention A is for the Substance use track, but Ana Example is in the Mental health track.",
                ),
            ),
            (
                "group open to every track",
                |p| {
                    edit_client(p, "c1", |c| c.track = "mental-health".into());
                    edit_group(p, "g1", |g| g.track = None);
                },
                today(),
                TrackMismatch,
                None,
            ),
            (
                "adolescent in an adult group",
                |p| edit_client(p, "c2", |c| c.age_band = AgeBand::Adolescent),
                today(),
                AgeBandMismatch,
                Some("Relapse prevention A is for adults, but Ben Sample is an adolescent."),
            ),
            (
                "adults in an adult group",
                |_| {},
                today(),
                AgeBandMismatch,
                None,
            ),
            (
                "man in a women's group",
                |p| {
                    edit_group(p, "g1", |g| g.gender = Some(Gender::Woman));
                    for id in ["c1", "c3"] {
                        edit_client(p, id, |c| c.gender = Gender::Woman);
                    }
                    edit_client(p, "c2", |c| c.gender = Gender::Man);
                },
                today(),
                GenderMismatch,
                Some(
                    "Relapse prevention A is a group for women, but Ben Sample is recorded as a man.",
                ),
            ),
            (
                "no gender recorded in a women's group",
                |p| {
                    edit_group(p, "g1", |g| g.gender = Some(Gender::Woman));
                    for id in ["c1", "c2"] {
                        edit_client(p, id, |c| c.gender = Gender::Woman);
                    }
                },
                today(),
                GenderMismatch,
                Some("but Cy Test has no gender recorded."),
            ),
            (
                "women in a women's group",
                |p| {
                    edit_group(p, "g1", |g| g.gender = Some(Gender::Woman));
                    for id in ["c1", "c2", "c3"] {
                        edit_client(p, id, |c| c.gender = Gender::Woman);
                    }
                },
                today(),
                GenderMismatch,
                None,
            ),
            (
                "client in two overlapping groups",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Mon], 11, 0, 60)
                    });
                    join(p, "c1", "g2", d(2026, 11, 2), None);
                },
                today(),
                ClientTimeClash,
                Some(
                    "Ana Example is in Evening skills and Relapse prevention A, which overlap on Monday (11:00-12:00 and 09:00-12:00).",
                ),
            ),
            (
                "client in two groups that only touch",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Mon], 12, 0, 60)
                    });
                    join(p, "c1", "g2", d(2026, 11, 2), None);
                },
                today(),
                ClientTimeClash,
                None,
            ),
            (
                "client's second group has ended",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Mon], 11, 0, 60);
                        g.end = Some(d(2026, 11, 30));
                    });
                    join(p, "c1", "g2", d(2026, 11, 2), None);
                },
                today(),
                ClientTimeClash,
                None,
            ),
            (
                "co-facilitator leads an overlapping group",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Fri], 10, 0, 60);
                        g.lead = Some("s2".into());
                    });
                },
                today(),
                StaffDoubleBooked,
                Some(
                    "Eli Co facilitates Evening skills and Relapse prevention A, which overlap on Friday (10:00-11:00 and 09:00-12:00).",
                ),
            ),
            (
                "same facilitator, group not yet running",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Fri], 10, 0, 60);
                        g.lead = Some("s2".into());
                        g.start = d(2026, 12, 3);
                    });
                },
                today(),
                StaffDoubleBooked,
                None,
            ),
            (
                "same facilitator at other times",
                |p| edit_group(p, "g2", |g| g.lead = Some("s1".into())),
                today(),
                StaffDoubleBooked,
                None,
            ),
            (
                "two groups in Room A at once",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Wed], 8, 30, 60);
                        g.room = Some("r1".into());
                    });
                },
                today(),
                RoomDoubleBooked,
                Some(
                    "Room A is booked for Evening skills and Relapse prevention A, which overlap on Wednesday",
                ),
            ),
            (
                "same room, archived group",
                |p| {
                    edit_group(p, "g2", |g| {
                        g.pattern = meetings(&[Weekday::Wed], 8, 30, 60);
                        g.room = Some("r1".into());
                        g.archived = true;
                    });
                },
                today(),
                RoomDoubleBooked,
                None,
            ),
            (
                "PHP client with 9 h",
                |p| edit_client(p, "c1", |c| c.level_of_care = LevelOfCare::Php),
                today(),
                HoursOutOfRange,
                Some(
                    "Ana Example (PHP, adult) in the week of 30 Nov 2026: 9 h planned per week, below the minimum of 20 h.",
                ),
            ),
            (
                "OP client with 9 h",
                |p| edit_client(p, "c2", |c| c.level_of_care = LevelOfCare::Op),
                today(),
                HoursOutOfRange,
                Some("this level of care is under 9 h."),
            ),
            (
                "active client with no group",
                |p| add_fourth(p),
                today(),
                HoursOutOfRange,
                Some("Dee Fourth (IOP, adult) in the week of 30 Nov 2026: 0 h planned"),
            ),
            (
                "client not yet admitted has no hours yet",
                |p| {
                    add_fourth(p);
                    edit_client(p, "c4", |c| c.admission_date = d(2026, 12, 7));
                },
                today(),
                HoursOutOfRange,
                None,
            ),
            (
                "IOP clients with 9 h",
                |_| {},
                today(),
                HoursOutOfRange,
                None,
            ),
            (
                "joined before admission",
                |p| edit_client(p, "c1", |c| c.admission_date = d(2026, 11, 10)),
                today(),
                OutsideAdmission,
                Some(
                    "Ana Example joins Relapse prevention A on 2 Nov 2026, before their admission on 10 Nov 2026.",
                ),
            ),
            (
                "still a member after expected discharge",
                |p| edit_client(p, "c1", |c| c.expected_discharge = Some(d(2026, 11, 30))),
                today(),
                OutsideAdmission,
                Some(
                    "Ana Example is still in Relapse prevention A on 2 Dec 2026, after their expected discharge on 30 Nov 2026.",
                ),
            ),
            (
                "leaves after expected discharge",
                |p| p.memberships.get_mut("m1").unwrap().leave = Some(d(2027, 3, 1)),
                today(),
                OutsideAdmission,
                Some(
                    "due to leave Relapse prevention A on 1 Mar 2027, after their expected discharge on 5 Feb 2027",
                ),
            ),
            (
                "archived client still in a group",
                |p| edit_client(p, "c3", |c| c.archived = true),
                today(),
                OutsideAdmission,
                Some("Cy Test is archived but still in Relapse prevention A on 2 Dec 2026."),
            ),
            (
                "planned join after expected discharge",
                |p| join(p, "c1", "g2", d(2027, 3, 1), None),
                today(),
                OutsideAdmission,
                Some("joins Evening skills on 1 Mar 2027, after their expected discharge"),
            ),
            (
                "finished history before admission is not reported",
                |p| {
                    edit_client(p, "c1", |c| c.admission_date = d(2026, 11, 10));
                    p.memberships.get_mut("m1").unwrap().leave = Some(d(2026, 11, 5));
                    join(p, "c1", "g1", d(2026, 11, 10), None);
                },
                today(),
                OutsideAdmission,
                None,
            ),
            (
                "leaving the day after discharge is fine",
                |p| p.memberships.get_mut("m1").unwrap().leave = Some(d(2027, 2, 6)),
                today(),
                OutsideAdmission,
                None,
            ),
            (
                "joined before the group starts",
                |p| {
                    edit_group(p, "g1", |g| g.start = d(2026, 11, 9));
                },
                today(),
                OutsideGroupDates,
                Some(
                    "Ana Example joins Relapse prevention A on 2 Nov 2026, before the group starts on 9 Nov 2026.",
                ),
            ),
            (
                "planned join after the group ends",
                |p| {
                    edit_group(p, "g2", |g| g.end = Some(d(2026, 12, 31)));
                    join(p, "c1", "g2", d(2027, 1, 4), None);
                },
                today(),
                OutsideGroupDates,
                Some("after the group ends on 31 Dec 2026"),
            ),
            (
                "member of an archived group",
                |p| edit_group(p, "g1", |g| g.archived = true),
                today(),
                OutsideGroupDates,
                Some(
                    "Relapse prevention A is archived but Ana Example is still a member on 2 Dec 2026.",
                ),
            ),
            (
                "archived group, memberships all ended",
                |p| {
                    edit_group(p, "g1", |g| g.archived = true);
                    for m in p.memberships.values_mut() {
                        m.leave = Some(d(2026, 11, 30));
                    }
                },
                today(),
                OutsideGroupDates,
                None,
            ),
            (
                "open-ended membership of a group that ended",
                |p| {
                    edit_group(p, "g2", |g| g.end = Some(d(2026, 11, 27)));
                    join(p, "c1", "g2", d(2026, 11, 2), None);
                },
                today(),
                OutsideGroupDates,
                None,
            ),
            (
                "late join to a closed group",
                |p| {
                    edit_group(p, "g1", |g| {
                        g.admission = Admits::Closed;
                        g.start = d(2026, 10, 26);
                    });
                },
                today(),
                AdmissionRule,
                Some(
                    "Ana Example joins Relapse prevention A on 2 Nov 2026. Relapse prevention A is a closed group: new members join only at its start on 26 Oct 2026.",
                ),
            ),
            (
                "join mid-module",
                |p| {
                    edit_group(p, "g1", |g| {
                        g.admission = Admits::ModuleBoundaries { every_weeks: 4 };
                        g.start = d(2026, 10, 19);
                    });
                },
                today(),
                AdmissionRule,
                Some("Change the join date to 16 Nov 2026, when the next module starts."),
            ),
            (
                "joins at the start of a closed group",
                |p| edit_group(p, "g1", |g| g.admission = Admits::Closed),
                today(),
                AdmissionRule,
                None,
            ),
            (
                "joins in the first week of a module",
                |p| {
                    edit_group(p, "g1", |g| {
                        g.admission = Admits::ModuleBoundaries { every_weeks: 4 };
                        g.start = d(2026, 10, 5);
                    });
                },
                today(),
                AdmissionRule,
                None,
            ),
            (
                "membership of a removed client",
                |p| {
                    p.clients.remove(&cid("c3"));
                },
                today(),
                UnknownReference,
                Some(
                    "A membership of Relapse prevention A from 2 Nov 2026 belongs to a client who no longer exists.",
                ),
            ),
            (
                "membership of a removed group",
                |p| join(p, "c1", "gone", d(2026, 12, 7), None),
                today(),
                UnknownReference,
                Some(
                    "Ana Example has a membership from 7 Dec 2026 in a group that no longer exists.",
                ),
            ),
            (
                "lead facilitator removed",
                |p| {
                    p.staff.remove("s1");
                },
                today(),
                UnknownReference,
                Some("Relapse prevention A's lead facilitator no longer exists."),
            ),
            (
                "room removed",
                |p| {
                    p.rooms.remove("r2");
                },
                today(),
                UnknownReference,
                Some("Evening skills's room no longer exists."),
            ),
            (
                "removed records only in ended history and archived groups",
                |p| {
                    p.staff.remove("s3");
                    edit_group(p, "g2", |g| g.archived = true);
                    join(p, "ghost", "g1", d(2026, 1, 5), Some(d(2026, 2, 1)));
                },
                today(),
                UnknownReference,
                None,
            ),
        ]
    }

    #[test]
    fn the_base_programme_is_clean() {
        let p = base();
        assert_eq!(check(&p, today()), Vec::new());
    }

    #[test]
    fn every_rule_fires_when_broken_and_stays_quiet_when_kept() {
        let mut kinds_fired = BTreeSet::new();
        let mut kinds_quiet = BTreeSet::new();
        for (label, change, date, kind, expected) in rows() {
            let mut p = base();
            change(&mut p);
            let found = check(&p, date);
            let of_kind: Vec<&Violation> = found.iter().filter(|v| v.kind == kind).collect();
            match expected {
                Some(fragment) => {
                    kinds_fired.insert(kind);
                    assert!(
                        of_kind
                            .iter()
                            .any(|v| v.message.contains(fragment) || v.fix.contains(fragment)),
                        "{label}: expected {kind:?} with {fragment:?}, got {found:#?}"
                    );
                    assert!(of_kind.iter().all(|v| !v.fix.is_empty()), "{label}");
                }
                None => {
                    kinds_quiet.insert(kind);
                    assert!(of_kind.is_empty(), "{label}: unexpected {of_kind:#?}");
                }
            }
            for v in &found {
                assert!(
                    !v.message.contains("PRIVATE") && !v.fix.contains("PRIVATE"),
                    "{label}: keep-apart reason leaked: {v:?}"
                );
            }
            // Per-client and per-group checks are exactly the filtered full check.
            for c in p.clients.keys().chain([&cid("ghost")]) {
                let filtered: Vec<Violation> = found
                    .iter()
                    .filter(|v| v.concerns_client(c))
                    .cloned()
                    .collect();
                assert_eq!(check_client(&p, date, c), filtered, "{label}: {c}");
            }
            for g in p.groups.keys().map(String::as_str).chain(["gone"]) {
                let filtered: Vec<Violation> = found
                    .iter()
                    .filter(|v| v.concerns_group(g))
                    .cloned()
                    .collect();
                assert_eq!(check_group(&p, date, g), filtered, "{label}: {g}");
            }
        }
        assert_eq!(kinds_fired.len(), RuleKind::ALL.len(), "{kinds_fired:?}");
        assert_eq!(kinds_quiet.len(), RuleKind::ALL.len(), "{kinds_quiet:?}");
    }

    #[test]
    fn results_are_ordered_by_kind_then_message_and_name_what_they_concern() {
        let mut p = base();
        keep_apart_pair(&mut p, "c2", "c1");
        add_fourth(&mut p);
        join(&mut p, "c4", "g1", d(2026, 11, 20), None);
        edit_client(&mut p, "c1", |c| c.level_of_care = LevelOfCare::Php);
        let found = check(&p, today());
        let kinds: Vec<RuleKind> = found.iter().map(|v| v.kind).collect();
        assert_eq!(
            kinds,
            [
                RuleKind::OverCapacity,
                RuleKind::KeepApart,
                RuleKind::HoursOutOfRange
            ]
        );
        assert_eq!(found[0].groups, ["g1"]);
        assert!(found[0].clients.is_empty());
        assert_eq!(found[1].clients, [cid("c2"), cid("c1")]);
        assert!(found[1].concerns_group("g1") && found[1].concerns_client(&cid("c1")));
        assert!(!found[2].concerns_group("g1"));
        assert!(RuleKind::OverCapacity.is_hard() && !RuleKind::HoursOutOfRange.is_hard());
        assert_eq!(RuleKind::OverCapacity.title(), "Over capacity");
    }

    #[test]
    fn a_full_group_suggests_a_similar_group_with_room() {
        let mut p = base();
        p.groups.insert(
            "g3".into(),
            Group {
                room: Some("r2".into()),
                lead: Some("s3".into()),
                co_facilitators: Vec::new(),
                pattern: meetings(&[Weekday::Tue], 9, 0, 60),
                ..group("g3", "Relapse prevention B")
            },
        );
        add_fourth(&mut p);
        join(&mut p, "c4", "g1", d(2026, 11, 20), None);
        let over = check_group(&p, today(), "g1");
        assert_eq!(
            over[0].fix,
            "Move a member to Relapse prevention B, or raise the maximum."
        );
    }

    #[test]
    fn joining_problems_warn_of_a_full_group_and_a_keep_apart_partner_before_adding() {
        let mut p = base();
        for (id, name) in [
            ("c4", "Dee Fourth"),
            ("c5", "Eve Fifth"),
            ("c6", "Flo Sixth"),
        ] {
            p.clients.insert(cid(id), client(id, name));
        }
        let dee = p.clients[&cid("c4")].clone();
        // Relapse prevention A is at its maximum of 3 today.
        let full = joining_problems(&p, &dee, &p.groups["g1"], today(), None);
        assert_eq!(
            full,
            [(
                RuleKind::OverCapacity,
                "If Dee Fourth joins: Relapse prevention A has 4 members on 2 Dec 2026; its maximum is 3."
                    .to_string()
            )]
        );

        // Evening skills (maximum 2) is empty today but fills up with planned joins.
        edit_group(&mut p, "g2", |g| g.capacity_max = 2);
        join(&mut p, "c5", "g2", d(2026, 12, 8), None);
        join(&mut p, "c6", "g2", d(2026, 12, 15), Some(d(2027, 1, 5)));
        let g2 = p.groups["g2"].clone();
        let later = joining_problems(&p, &dee, &g2, today(), None);
        assert_eq!(later.len(), 1, "{later:?}");
        assert_eq!(later[0].0, RuleKind::OverCapacity);
        assert!(later[0].1.contains("3 members on 15 Dec 2026"), "{later:?}");
        // Leaving before the group fills up, or being discharged before, is fine.
        assert_eq!(
            joining_problems(&p, &dee, &g2, today(), Some(d(2026, 12, 15))),
            []
        );
        let mut leaving = dee.clone();
        leaving.expected_discharge = Some(d(2026, 12, 14));
        assert_eq!(joining_problems(&p, &leaving, &g2, today(), None), []);

        // Eve is planned for Evening skills: Dee is to be kept apart from her.
        keep_apart_pair(&mut p, "c5", "c4");
        let apart = joining_problems(&p, &dee, &g2, today(), Some(d(2026, 12, 15)));
        assert_eq!(apart.len(), 1, "{apart:?}");
        assert_eq!(apart[0].0, RuleKind::KeepApart);
        assert!(apart[0].1.starts_with("If Dee Fourth joins: "), "{apart:?}");
        assert!(apart[0].1.contains("Dee Fourth"), "{apart:?}");
        assert!(apart[0].1.contains("Eve Fifth"), "{apart:?}");
        assert!(apart[0].1.contains("8 Dec 2026"), "{apart:?}");
        assert!(!apart[0].1.contains("PRIVATE-REASON"), "{apart:?}");
        // Both at once, each reported once however many days they last.
        let both: Vec<RuleKind> = joining_problems(&p, &dee, &g2, today(), None)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(both, [RuleKind::KeepApart, RuleKind::OverCapacity]);
        // Leaving before Eve joins keeps them apart; another group is not her concern.
        assert_eq!(
            joining_problems(&p, &dee, &g2, today(), Some(d(2026, 12, 8))),
            []
        );
        edit_group(&mut p, "g1", |g| g.capacity_max = 12);
        assert_eq!(
            joining_problems(&p, &dee, &p.groups["g1"], today(), None),
            []
        );
    }

    #[test]
    fn misfits_explain_why_a_client_cannot_join() {
        let p = base();
        let ana = client("c1", "Ana Example");
        let g1 = &p.groups["g1"];
        assert_eq!(misfits(&p, &ana, g1, d(2026, 12, 7), None), Vec::new());
        let teen = Client {
            age_band: AgeBand::Adolescent,
            track: "mental-health".into(),
            ..ana.clone()
        };
        let kinds: Vec<RuleKind> = misfits(&p, &teen, g1, d(2026, 12, 7), None)
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(kinds, [RuleKind::TrackMismatch, RuleKind::AgeBandMismatch]);
        let closed = Group {
            admission: AdmissionRule::Closed,
            end: Some(d(2027, 1, 31)),
            ..g1.clone()
        };
        let found = misfits(&p, &ana, &closed, d(2026, 12, 7), Some(d(2027, 3, 1)));
        let kinds: Vec<RuleKind> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [
                RuleKind::OutsideAdmission,
                RuleKind::OutsideGroupDates,
                RuleKind::AdmissionRule
            ],
            "{found:?}"
        );
        assert!(found[2].1.contains("closed group"));
        assert!(
            misfits(&p, &ana, g1, d(2026, 10, 30), None)
                .iter()
                .any(|(k, m)| *k == RuleKind::OutsideAdmission
                    && m.contains("before their admission"))
        );
        let archived = Client {
            archived: true,
            ..ana
        };
        assert_eq!(
            misfits(&p, &archived, g1, d(2026, 12, 7), None),
            [(
                RuleKind::OutsideAdmission,
                "Ana Example is archived.".into()
            )]
        );
    }

    #[test]
    fn hours_read_in_plain_words() {
        assert_eq!(hours_words(540), "9 h");
        assert_eq!(hours_words(450), "7.5 h");
        assert_eq!(hours_words(0), "0 h");
    }
}
