//! Group size forecast: how full each group will be, week by week, from planned joins, leave
//! dates and expected discharges, so facilitators see in advance when a group will be over
//! its capacity or fall below its minimum.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};

use crate::domain::programme::Programme;
use crate::domain::sorting;

/// One week of one group's forecast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    /// The most members on any day of the week on which the group runs (capacity is about
    /// the fullest session, not the Monday roll). In the current week only days from today
    /// on count: the forecast looks forward. 0 in weeks the group does not run at all.
    pub headcount: u32,
    /// Memberships starting within the week.
    pub joining: u32,
    /// Memberships ending within the week (their first day away falls in it).
    pub leaving: u32,
}

/// The forecast of one group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupForecast {
    /// Group id.
    pub group: String,
    pub name: String,
    pub capacity_min: u32,
    pub capacity_max: u32,
    /// One entry per forecast week, in order.
    pub weeks: Vec<WeekCount>,
}

impl GroupForecast {
    /// Weeks (their Mondays) in which the group would have more members than its maximum.
    pub fn over_capacity_weeks(&self) -> Vec<NaiveDate> {
        self.weeks
            .iter()
            .filter(|w| w.headcount > self.capacity_max)
            .map(|w| w.week_start)
            .collect()
    }

    /// Weeks (their Mondays) in which the group would have members, but fewer than its
    /// minimum. Weeks with nobody are left out: the group has ended, has not started, or has
    /// no one to meet with, none of which is "running too small".
    pub fn under_minimum_weeks(&self) -> Vec<NaiveDate> {
        self.weeks
            .iter()
            .filter(|w| w.headcount > 0 && w.headcount < self.capacity_min)
            .map(|w| w.week_start)
            .collect()
    }

    /// The largest weekly headcount in the forecast (0 for an empty forecast).
    pub fn peak(&self) -> u32 {
        self.weeks.iter().map(|w| w.headcount).max().unwrap_or(0)
    }
}

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// For each non-archived group running in the period, projected headcount per week for
/// `weeks` weeks starting with the week (Monday) containing `today`, in name order.
///
/// A membership counts from its join date until the first of: its leave date; the day after
/// the client's expected discharge; today, if the client is archived (a discharged client
/// has left whatever the record says); the day after the group's end date. Memberships of
/// clients that no longer exist are ignored. Weeks in which the group does not run (after
/// its end date, before its start) have headcount 0. A family member's place in a group
/// counts like a membership (until its leave date, or today if they are archived).
pub fn forecast(p: &Programme, today: NaiveDate, weeks: usize) -> Vec<GroupForecast> {
    if weeks == 0 {
        return Vec::new();
    }
    let first = crate::domain::dates::week_start(today);
    let days = weeks * 7;
    let period_end = add_days(first, days as u64);

    // Each membership as [from, until) with `until` None = open-ended, by group.
    let mut by_group: BTreeMap<&str, Vec<(NaiveDate, Option<NaiveDate>)>> = BTreeMap::new();
    for m in p.memberships.values() {
        let Some(client) = p.clients.get(&m.client) else {
            continue;
        };
        let mut until = earliest(m.leave, client.expected_discharge.map(|d| add_days(d, 1)));
        if client.archived {
            until = earliest(until, Some(today));
        }
        by_group
            .entry(m.group.as_str())
            .or_default()
            .push((m.join, until));
    }
    for f in p.family_members.values() {
        for stint in &f.groups {
            let until = if f.archived {
                earliest(stint.leave, Some(today))
            } else {
                stint.leave
            };
            by_group
                .entry(stint.group.as_str())
                .or_default()
                .push((stint.join, until));
        }
    }

    let mut groups: Vec<_> = p
        .groups
        .values()
        .filter(|g| !g.archived && g.runs_during(first, Some(period_end)))
        .collect();
    sorting::sort_by(&mut groups, |a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.id.cmp(&b.id))
    });

    // Day offset of a date within the period, if it falls inside it.
    let offset = |d: NaiveDate| -> Option<usize> {
        let n = (d - first).num_days();
        (0..days as i64).contains(&n).then_some(n as usize)
    };

    groups
        .into_iter()
        .map(|g| {
            let group_until = g.end.map(|e| add_days(e, 1));
            let mut change = vec![0i64; days + 1];
            let mut joining = vec![0u32; weeks];
            let mut leaving = vec![0u32; weeks];
            for &(join, until) in by_group.get(g.id.as_str()).into_iter().flatten() {
                let from = join.max(g.start);
                let until = earliest(until, group_until);
                if until.is_some_and(|u| u <= from) {
                    continue;
                }
                if let Some(i) = offset(from)
                    && let Some(n) = joining.get_mut(i / 7)
                {
                    *n += 1;
                }
                if let Some(i) = until.and_then(offset)
                    && let Some(n) = leaving.get_mut(i / 7)
                {
                    *n += 1;
                }
                // Clip to the period and record +1 / -1 at the ends.
                if from >= period_end || until.is_some_and(|u| u <= first) {
                    continue;
                }
                let a = offset(from).unwrap_or(0);
                let b = until.and_then(offset).unwrap_or(days);
                if let Some(c) = change.get_mut(a) {
                    *c += 1;
                }
                if let Some(c) = change.get_mut(b) {
                    *c -= 1;
                }
            }
            let mut members = 0i64;
            let mut headcount = vec![0u32; weeks];
            for (i, delta) in change.iter().take(days).enumerate() {
                members += delta;
                let day = add_days(first, i as u64);
                if day < today || !g.runs_on(day) {
                    continue;
                }
                if let Some(h) = headcount.get_mut(i / 7) {
                    *h = (*h).max(u32::try_from(members.max(0)).unwrap_or(u32::MAX));
                }
            }
            GroupForecast {
                group: g.id.clone(),
                name: g.name.clone(),
                capacity_min: g.capacity_min,
                capacity_max: g.capacity_max,
                weeks: (0..weeks)
                    .map(|w| WeekCount {
                        week_start: add_days(first, 7 * w as u64),
                        headcount: headcount.get(w).copied().unwrap_or(0),
                        joining: joining.get(w).copied().unwrap_or(0),
                        leaving: leaving.get(w).copied().unwrap_or(0),
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::people::client::{
        AgeBand, CLIENT_SCHEMA, Client, ClientId, Gender, LevelOfCare, SchedulePreference,
    };
    use crate::domain::roster::group::{
        AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting, MeetingPattern,
    };
    use crate::domain::roster::membership::{MEMBERSHIP_SCHEMA, Membership};
    use crate::domain::sample::{SampleParams, generate};
    use chrono::{NaiveTime, Weekday};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// Wednesday: the forecast starts on Monday 23 Nov.
    fn today() -> NaiveDate {
        d(11, 25)
    }

    fn group(id: &str, name: &str) -> Group {
        Group {
            id: id.into(),
            schema: GROUP_SCHEMA,
            name: name.into(),
            kind: GroupType::Process,
            track: None,
            age_band: AgeBand::Adult,
            gender: None,
            admission: AdmissionRule::Open,
            capacity_min: 3,
            capacity_max: 4,
            pattern: MeetingPattern {
                meetings: vec![Meeting {
                    weekday: Weekday::Tue,
                    start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                    minutes: 180,
                }],
            },
            start: d(1, 5),
            end: None,
            lead: None,
            co_facilitators: Vec::new(),
            room: None,
            cancelled: Vec::new(),
            archived: false,
        }
    }

    fn add_member(
        p: &mut Programme,
        client: &str,
        group: &str,
        join: NaiveDate,
        leave: Option<NaiveDate>,
    ) {
        let id = ClientId(client.into());
        if !p.clients.contains_key(&id) {
            p.clients.insert(
                id.clone(),
                Client {
                    id: id.clone(),
                    schema: CLIENT_SCHEMA,
                    full_name: format!("Client {client}"),
                    preferred_name: String::new(),
                    pronouns: String::new(),
                    age_band: AgeBand::Adult,
                    gender: Gender::Unspecified,
                    track: "substance-use".into(),
                    level_of_care: LevelOfCare::Iop,
                    schedule: SchedulePreference::Any,
                    admission_date: d(10, 1),
                    expected_discharge: None,
                    notes: String::new(),
                    archived: false,
                },
            );
        }
        let m = Membership {
            id: format!("m-{client}-{group}-{join}"),
            schema: MEMBERSHIP_SCHEMA,
            client: id,
            group: group.into(),
            join,
            leave,
            reason: String::new(),
        };
        p.memberships.insert(m.id.clone(), m);
    }

    /// One group with three long-standing members (a, b, c).
    fn base() -> Programme {
        let mut p = Programme::default();
        p.groups.insert("g".into(), group("g", "Process"));
        for c in ["a", "b", "c"] {
            add_member(&mut p, c, "g", d(10, 5), None);
        }
        p
    }

    fn client<'a>(p: &'a mut Programme, id: &str) -> &'a mut Client {
        p.clients.get_mut(&ClientId(id.into())).unwrap()
    }

    #[test]
    fn headcounts_follow_joins_leaves_discharges_and_group_dates() {
        type Case = (
            &'static str,
            fn(&mut Programme),
            [u32; 6],
            [u32; 6],
            [u32; 6],
        );
        let cases: &[Case] = &[
            ("nothing changes", |_| {}, [3; 6], [0; 6], [0; 6]),
            (
                "a family member's place from week 2 to week 4 counts as a member",
                |p| {
                    let mut f = crate::domain::families::member::tests::member("f1", &[]);
                    f.groups.push(crate::domain::families::member::GroupStint {
                        group: "g".into(),
                        join: d(11, 30),
                        leave: Some(d(12, 21)),
                    });
                    p.family_members.insert("f1".into(), f);
                },
                [3, 4, 4, 4, 3, 3],
                [0, 1, 0, 0, 0, 0],
                [0, 0, 0, 0, 1, 0],
            ),
            (
                "planned join in week 3 raises headcount from week 3",
                |p| add_member(p, "d", "g", d(12, 7), None),
                [3, 3, 4, 4, 4, 4],
                [0, 0, 1, 0, 0, 0],
                [0; 6],
            ),
            (
                "expected discharge on Friday of week 2 counts that week, not the next",
                |p| {
                    add_member(p, "d", "g", d(10, 5), None);
                    client(p, "d").expected_discharge = Some(d(12, 4));
                },
                [4, 4, 3, 3, 3, 3],
                [0; 6],
                [0, 1, 0, 0, 0, 0],
            ),
            (
                "explicit leave date (exclusive) on Monday of week 4",
                |p| add_member(p, "d", "g", d(10, 5), Some(d(12, 14))),
                [4, 4, 4, 3, 3, 3],
                [0; 6],
                [0, 0, 0, 1, 0, 0],
            ),
            (
                "the earlier of leave date and expected discharge wins",
                |p| {
                    add_member(p, "d", "g", d(10, 5), Some(d(12, 28)));
                    // Sunday: the first day away is Monday of week 3.
                    client(p, "d").expected_discharge = Some(d(12, 6));
                },
                [4, 4, 3, 3, 3, 3],
                [0; 6],
                [0, 0, 1, 0, 0, 0],
            ),
            (
                "archived client counts as gone from today",
                |p| {
                    add_member(p, "d", "g", d(10, 5), None);
                    client(p, "d").archived = true;
                },
                [3; 6],
                [0; 6],
                [1, 0, 0, 0, 0, 0],
            ),
            (
                "days of this week before today are not forecast",
                |p| add_member(p, "d", "g", d(10, 5), Some(d(11, 24))),
                [3; 6],
                [0; 6],
                [1, 0, 0, 0, 0, 0],
            ),
            (
                "group ending on Sunday of week 3 has headcount 0 afterwards",
                |p| p.groups.get_mut("g").unwrap().end = Some(d(12, 13)),
                [3, 3, 3, 0, 0, 0],
                [0; 6],
                [0, 0, 0, 3, 0, 0],
            ),
            (
                "group starting on Wednesday of week 3 counts from then",
                |p| {
                    p.groups.get_mut("g").unwrap().start = d(12, 9);
                },
                [0, 0, 3, 3, 3, 3],
                [0, 0, 3, 0, 0, 0],
                [0; 6],
            ),
            (
                "peak, not Monday: one joins Tuesday, another leaves Wednesday",
                |p| {
                    add_member(p, "d", "g", d(10, 5), Some(d(12, 2)));
                    add_member(p, "e", "g", d(12, 1), None);
                },
                [4, 5, 4, 4, 4, 4],
                [0, 1, 0, 0, 0, 0],
                [0, 1, 0, 0, 0, 0],
            ),
            (
                "memberships of removed clients are ignored",
                |p| {
                    add_member(p, "d", "g", d(10, 5), None);
                    p.clients.remove(&ClientId("d".into()));
                },
                [3; 6],
                [0; 6],
                [0; 6],
            ),
        ];
        for (name, change, headcount, joining, leaving) in cases {
            let mut p = base();
            change(&mut p);
            let f = forecast(&p, today(), 6);
            assert_eq!(f.len(), 1, "{name}");
            let weeks = &f[0].weeks;
            assert_eq!(weeks[0].week_start, d(11, 23), "{name}");
            assert_eq!(weeks[5].week_start, d(12, 28), "{name}");
            let got = |field: fn(&WeekCount) -> u32| weeks.iter().map(field).collect::<Vec<_>>();
            assert_eq!(got(|w| w.headcount), headcount, "{name}: headcount");
            assert_eq!(got(|w| w.joining), joining, "{name}: joining");
            assert_eq!(got(|w| w.leaving), leaving, "{name}: leaving");
        }
    }

    #[test]
    fn over_and_under_weeks_and_peak() {
        let mut p = base();
        // Week 2 peaks at 5 (over the maximum of 4); from week 4 only two are left (under 3).
        add_member(&mut p, "d", "g", d(10, 5), Some(d(12, 2)));
        add_member(&mut p, "e", "g", d(12, 1), Some(d(12, 14)));
        client(&mut p, "a").expected_discharge = Some(d(12, 11));
        client(&mut p, "b").expected_discharge = Some(d(12, 11));
        p.groups.get_mut("g").unwrap().end = Some(d(12, 27));
        let f = &forecast(&p, today(), 6)[0];
        let heads: Vec<u32> = f.weeks.iter().map(|w| w.headcount).collect();
        assert_eq!(heads, [4, 5, 4, 1, 1, 0]);
        assert_eq!(f.over_capacity_weeks(), [d(11, 30)]);
        // Week 6 has nobody because the group has ended: not "under its minimum".
        assert_eq!(f.under_minimum_weeks(), [d(12, 14), d(12, 21)]);
        assert_eq!(f.peak(), 5);
    }

    #[test]
    fn groups_come_in_name_order_and_archived_or_finished_ones_are_left_out() {
        let mut p = base();
        p.groups.insert("z".into(), group("z", "anger management"));
        p.groups.insert(
            "y".into(),
            Group {
                archived: true,
                ..group("y", "Archived")
            },
        );
        p.groups.insert(
            "x".into(),
            Group {
                end: Some(d(11, 20)),
                ..group("x", "Finished")
            },
        );
        p.groups.insert(
            "w".into(),
            Group {
                start: d(12, 7),
                ..group("w", "Starts soon")
            },
        );
        let names: Vec<String> = forecast(&p, today(), 2)
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["anger management", "Process"]);
        let names: Vec<String> = forecast(&p, today(), 3)
            .into_iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(names, ["anger management", "Process", "Starts soon"]);
        assert!(forecast(&p, today(), 0).is_empty());
        assert_eq!(forecast(&p, today(), 2)[0].peak(), 0);
    }

    #[test]
    fn the_demo_programme_forecasts_twelve_weeks_for_every_group() {
        let today = d(11, 27);
        let p = generate(&SampleParams::demo(), today, "s1-");
        let f = forecast(&p, today, 12);
        assert_eq!(f.len(), p.groups.len());
        for g in &f {
            assert_eq!(g.weeks.len(), 12, "{}", g.name);
            assert_eq!(g.weeks[0].week_start, d(11, 23));
            assert!(g.weeks[0].headcount > 0, "{} is empty this week", g.name);
            assert!(g.over_capacity_weeks().is_empty(), "{}", g.name);
        }
        // Demo clients are discharged over the coming weeks: someone leaves.
        assert!(f.iter().flat_map(|g| &g.weeks).any(|w| w.leaving > 0));
    }
}
