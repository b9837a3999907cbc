//! Live rule checks: every problem in the programme on one date, explained in plain words with
//! a suggested fix, plus the hard-rule fit of one client to one group (for forms and
//! auto-assign).
//!
//! Roster rules (sizes, keep-apart, mismatches, clashes, hours, double-booking) look at the
//! state on the date; rules about one membership's dates and references look at memberships
//! running on the date or planned after it, so years of finished history stay quiet.
//!
//! This file holds the framework (the kinds of rule, a violation, the index every rule reads,
//! the entry points); each family of rule lives in its own file: [`size`], [`fit`] (keep-apart
//! and track/age/gender), [`clashes`], [`hours`], [`dates`], [`references`] and [`family`]
//! (consents ending soon, adolescents without a guardian).

mod clashes;
mod dates;
mod family;
mod fit;
mod hours;
mod references;
mod size;

use clashes::*;
use dates::*;
use family::*;
use fit::*;
pub(crate) use fit::{band_plural, gender_client_words};
use hours::*;
use references::*;
use size::*;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate, Weekday};

use crate::domain::dates::human_date;
use crate::domain::people::client::{AgeBand, Client, ClientId, Gender};
use crate::domain::programme::Programme;
use crate::domain::roster::group::{AdmissionRule, Group, Meeting, planned_weekly_minutes};
use crate::domain::roster::membership::Membership;
use crate::domain::sorting;

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
    /// A consent to share with a family member ends within 14 days (a warning).
    ConsentExpiring,
    /// An adolescent client with no legal guardian recorded among their family (a warning).
    NoGuardian,
    /// A family member in two family sessions at the same time.
    FamilyMemberClash,
    /// A family session outside a family member's stated availability (a warning).
    FamilyUnavailable,
}

impl RuleKind {
    /// Every kind, in report order.
    pub const ALL: [RuleKind; 20] = [
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
        RuleKind::ConsentExpiring,
        RuleKind::NoGuardian,
        RuleKind::FamilyMemberClash,
        RuleKind::FamilyUnavailable,
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
                | RuleKind::ConsentExpiring
                | RuleKind::NoGuardian
                | RuleKind::FamilyUnavailable
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
            RuleKind::ConsentExpiring => "Consent ending soon",
            RuleKind::NoGuardian => "No guardian recorded",
            RuleKind::FamilyMemberClash => "Family member double-booked",
            RuleKind::FamilyUnavailable => "Family member not available",
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
    /// Distinct members on the date of each group that runs on it: clients, and family
    /// members with a place in it (a family group's seats are theirs too).
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
            sorting::sort_by(groups, |a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
            groups.dedup_by(|a, b| a.id == b.id);
            let live: Vec<&Group> = groups.iter().copied().filter(|g| runs(g, date)).collect();
            for g in &live {
                *ix.headcounts.entry(g.id.as_str()).or_default() += 1;
            }
            if !live.is_empty() {
                ix.live_groups.insert(client, live);
            }
        }
        if only.is_none() {
            for f in p.family_members.values().filter(|f| !f.archived) {
                let mut seats: Vec<&str> = f
                    .groups_on(date)
                    .filter_map(|stint| p.groups.get(&stint.group))
                    .filter(|g| runs(g, date))
                    .map(|g| g.id.as_str())
                    .collect();
                seats.sort_unstable();
                seats.dedup();
                for g in seats {
                    *ix.headcounts.entry(g).or_default() += 1;
                }
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
    if !matches!(scope, Scope::Group(_)) {
        family_consents(p, date, scope, &mut out);
    }
    family_session_clashes(p, date, scope, &mut out);
    out.retain(|v| scope.concerns(v));
    sorting::sort_by(&mut out, |a, b| {
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

/// A broken rule before it is attached to records.
struct Problem {
    kind: RuleKind,
    message: String,
    fix: String,
}

fn problem(kind: RuleKind, message: String, fix: String) -> Problem {
    Problem { kind, message, fix }
}

#[cfg(test)]
mod tests;
