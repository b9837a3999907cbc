use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

use super::*;
use crate::domain::families::session::nth_weekday;
use crate::domain::sample::{SampleParams, generate};
use crate::domain::sessions::calendar::meetings_of;

/// America/New_York by the US rules since 2007 (second Sunday of March to the first Sunday of
/// November, at 02:00 local).
pub struct NewYork;

impl Zone for NewYork {
    fn tzid(&self) -> &str {
        "America/New_York"
    }
    fn offset_minutes(&self, utc: NaiveDateTime) -> i32 {
        let y = utc.year();
        let on = |m, nth| {
            nth_weekday(NaiveDate::from_ymd_opt(y, m, 1).unwrap(), Weekday::Sun, nth).unwrap()
        };
        let starts = on(3, 2).and_hms_opt(7, 0, 0).unwrap();
        let ends = on(11, 1).and_hms_opt(6, 0, 0).unwrap();
        if starts <= utc && utc < ends {
            -240
        } else {
            -300
        }
    }
}

/// Europe/Madrid by the EU rules (last Sunday of March to the last Sunday of October, 01:00 UTC).
pub struct Madrid;

impl Zone for Madrid {
    fn tzid(&self) -> &str {
        "Europe/Madrid"
    }
    fn offset_minutes(&self, utc: NaiveDateTime) -> i32 {
        let y = utc.year();
        let on =
            |m| nth_weekday(NaiveDate::from_ymd_opt(y, m, 1).unwrap(), Weekday::Sun, -1).unwrap();
        let starts = on(3).and_hms_opt(1, 0, 0).unwrap();
        let ends = on(10).and_hms_opt(1, 0, 0).unwrap();
        if starts <= utc && utc < ends { 120 } else { 60 }
    }
}

pub struct Utc;

impl Zone for Utc {
    fn tzid(&self) -> &str {
        "Etc/UTC"
    }
    fn offset_minutes(&self, _: NaiveDateTime) -> i32 {
        0
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn now() -> NaiveDateTime {
    d(2026, 12, 2).and_hms_opt(9, 30, 0).unwrap()
}

fn options() -> Options {
    Options {
        name: "Test".into(),
        alarm_minutes: None,
        reminder: "Reminder".into(),
    }
}

#[test]
fn lines_fold_at_75_octets_without_splitting_a_character() {
    let mut out = String::new();
    let long = format!("SUMMARY:{}", "ñ".repeat(100));
    fold_into(&mut out, &long);
    for l in out.split("\r\n").filter(|l| !l.is_empty()) {
        assert!(l.len() <= 75, "{} octets", l.len());
    }
    // Unfolding gives the line back.
    assert_eq!(out.trim_end_matches("\r\n").replace("\r\n ", ""), long);
    let mut short = String::new();
    fold_into(&mut short, "VERSION:2.0");
    assert_eq!(short, "VERSION:2.0\r\n");
    assert_eq!(escape("a, b; c\\d\nnext"), "a\\, b\\; c\\\\d\\nnext");
}

#[test]
fn local_times_convert_to_utc_across_clock_changes() {
    let at = |y, m, day, h| d(y, m, day).and_hms_opt(h, 0, 0).unwrap();
    assert_eq!(to_utc(&NewYork, at(2026, 12, 2, 17)), at(2026, 12, 2, 22));
    assert_eq!(to_utc(&NewYork, at(2026, 7, 2, 17)), at(2026, 7, 2, 21));
    assert_eq!(to_utc(&Madrid, at(2026, 7, 2, 17)), at(2026, 7, 2, 15));
}

#[test]
fn the_time_zone_lists_each_clock_change_to_the_minute() {
    let lines = vtimezone(&NewYork, 2026, 2026);
    let text = lines.join("\n");
    assert!(
        text.contains(
            "BEGIN:DAYLIGHT\nDTSTART:20260308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "BEGIN:STANDARD\nDTSTART:20261101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500"
        ),
        "{text}"
    );
    let fixed = vtimezone(&Utc, 2026, 2027).join("\n");
    assert!(fixed.contains("TZOFFSETFROM:+0000\nTZOFFSETTO:+0000"));
}

#[test]
fn a_series_keeps_its_exceptions_as_exdate_and_recurrence_id() {
    let template = blank("u@x".into(), 3, "Group".into());
    let t = NaiveTime::from_hms_opt(17, 30, 0).unwrap();
    let slots: Vec<NaiveDate> = (0..5).map(|w| d(2026, 10, 20) + Days::new(7 * w)).collect();
    let happenings = vec![
        Happening {
            slot: slots[0],
            date: slots[0],
            start: t,
            minutes: 60,
        },
        // slots[1] cancelled
        Happening {
            slot: slots[2],
            date: slots[2] + Days::new(1),
            start: t,
            minutes: 60,
        },
        Happening {
            slot: slots[3],
            date: slots[3],
            start: t,
            minutes: 60,
        },
        Happening {
            slot: slots[4],
            date: slots[4],
            start: t,
            minutes: 60,
        },
    ];
    let events = series(
        &template,
        Rule::Weekly { interval: 1 },
        &slots,
        t,
        60,
        &happenings,
    );
    assert_eq!(events.len(), 2);
    assert_eq!(events[0].exdates, vec![slots[1].and_time(t)]);
    assert_eq!(events[1].recurrence_id, Some(slots[2].and_time(t)));
    let text = write(&events, &NewYork, now(), &options());
    // 17:30 on the last date, 3 November, is 22:30 UTC (standard time).
    assert!(
        text.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20261117T223000Z"),
        "{text}"
    );
    assert!(text.contains("EXDATE;TZID=America/New_York:20261027T173000"));
    assert!(text.contains("RECURRENCE-ID;TZID=America/New_York:20261103T173000"));
    assert!(text.contains("DTSTART;TZID=America/New_York:20261104T173000"));
    assert_eq!(text.matches("DTSTAMP:20261202T093000Z").count(), 2);
    assert_eq!(text.matches("SEQUENCE:3").count(), 2);
}

#[test]
fn a_family_member_calendar_shows_only_neutral_titles() {
    let p = generate(&SampleParams::demo(), d(2026, 12, 2), "ics-");
    let mut any = false;
    for m in p.family_members.values() {
        let events = family_member_events(&p, &m.id, d(2026, 11, 1), d(2027, 1, 31));
        let text = write(&events, &NewYork, now(), &options());
        for c in p.clients.values() {
            assert!(
                !text.contains(&c.full_name),
                "a client's name in a family calendar"
            );
        }
        assert!(
            !text.contains("RRULE"),
            "family calendars are single events"
        );
        any |= !events.is_empty();
    }
    assert!(any, "some family member sees something");
}

#[test]
fn reminders_are_optional_and_the_same_inputs_give_the_same_bytes() {
    let p = generate(&SampleParams::demo(), d(2026, 12, 2), "ics-");
    let g = p.groups.values().next().unwrap();
    let events = group_events(&p, g, d(2026, 11, 1), d(2026, 12, 31));
    let a = write(&events, &NewYork, now(), &options());
    assert_eq!(a, write(&events, &NewYork, now(), &options()));
    assert!(!a.contains("VALARM"));
    let with = write(
        &events,
        &NewYork,
        now(),
        &Options {
            alarm_minutes: Some(30),
            ..options()
        },
    );
    assert!(with.contains(
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT30M\r\nEND:VALARM"
    ));
    assert_eq!(
        file_name("Evening IOP (Tue/Thu)", d(2026, 11, 1)),
        "iop-planner-evening-iop-tue-thu-2026-11-01.ics"
    );
}

#[test]
fn sequence_rises_when_a_group_or_its_sessions_change() {
    let mut p = generate(&SampleParams::demo(), d(2026, 12, 2), "ics-");
    let g = p
        .groups
        .values()
        .find(|g| p.sessions.values().any(|s| s.group == g.id))
        .unwrap()
        .clone();
    let before = group_events(&p, &g, d(2026, 11, 1), d(2026, 12, 31))[0].sequence;
    let s = p.sessions.values().find(|s| s.group == g.id).unwrap();
    let key = month_key(&g.id, s.slot);
    p.revisions.insert(("session_months", key), 40);
    let after = group_events(&p, &g, d(2026, 11, 1), d(2026, 12, 31))[0].sequence;
    assert!(after > before);
}

/// A golden file: the demo's first group over two months across a clock change. Regenerate
/// with `BLESS=1 cargo test --lib golden` after a deliberate change, and read the diff.
#[test]
fn golden_group_calendar() {
    let p = generate(&SampleParams::demo(), d(2026, 12, 2), "ics-");
    let g = p
        .groups
        .values()
        .find(|g| {
            p.sessions
                .values()
                .any(|s| s.group == g.id && s.topic.is_some())
        })
        .unwrap();
    let events = group_events(&p, g, d(2026, 10, 19), d(2026, 11, 15));
    let text = write(
        &events,
        &NewYork,
        now(),
        &Options {
            name: g.name.clone(),
            alarm_minutes: Some(15),
            reminder: "Reminder".into(),
        },
    );
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ics/group.ics");
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    let golden = std::fs::read_to_string(path).unwrap();
    assert_eq!(
        text, golden,
        "the group calendar changed; BLESS=1 to accept"
    );
}

/// Files for the independent check (`tests/ics/check.py`, run by `make test` after this): each
/// calendar with the occurrences the app itself shows, as local start and end times.
#[test]
fn write_calendars_for_the_independent_check() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/target/ics-check");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    // Across both clock changes of the winter in New York and Madrid.
    let (from, to) = (d(2026, 10, 1), d(2027, 4, 30));
    let mut p = generate(&SampleParams::demo(), d(2026, 12, 2), "ics-");
    // A moved group session, to exercise RECURRENCE-ID.
    let moved = p
        .sessions
        .values()
        .filter(|s| s.date > d(2026, 12, 10) && !s.cancelled)
        .min_by_key(|s| (s.date, s.id.clone()))
        .unwrap()
        .id
        .clone();
    {
        let s = p.sessions.get_mut(&moved).unwrap();
        s.date = s.date + Days::new(1);
        s.start = NaiveTime::from_hms_opt(19, 15, 0).unwrap();
    }
    let fmt = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M").to_string();
    let mut manifest = Vec::new();
    let zones: [&dyn Zone; 2] = [&NewYork, &Madrid];
    for zone in zones {
        let mut write_one =
            |name: String, events: Vec<Event>, expected: Vec<(NaiveDateTime, NaiveDateTime)>| {
                let file = format!("{name}-{}.ics", zone.tzid().replace('/', "-"));
                let text = write(
                    &events,
                    zone,
                    now(),
                    &Options {
                        name: name.clone(),
                        alarm_minutes: Some(10),
                        reminder: "Reminder".into(),
                    },
                );
                std::fs::write(format!("{dir}/{file}"), text).unwrap();
                let mut expected: Vec<[String; 2]> = expected
                    .into_iter()
                    .map(|(a, b)| [fmt(a), fmt(b)])
                    .collect();
                expected.sort();
                manifest.push(serde_json::json!({
                "file": file, "zone": zone.tzid(), "from": from.to_string(), "to": to.to_string(),
                "expected": expected,
            }));
            };
        for g in p.groups.values() {
            let expected = meetings_of(&p, &g.id, from, to)
                .into_iter()
                .filter(|e| !e.cancelled)
                .map(|e| {
                    let (s, end) = e.span();
                    let start = e.date.and_time(e.start);
                    (start, start + Duration::minutes(i64::from(end - s)))
                })
                .collect();
            write_one(
                format!("group-{}", g.id),
                group_events(&p, g, from, to),
                expected,
            );
        }
        for staff in p.staff.values() {
            let mut expected = Vec::new();
            for g in p.groups.values() {
                if g.lead.as_deref() == Some(staff.id.as_str())
                    || g.co_facilitators.contains(&staff.id)
                {
                    for e in meetings_of(&p, &g.id, from, to)
                        .into_iter()
                        .filter(|e| !e.cancelled)
                    {
                        let (s, end) = e.span();
                        let start = e.date.and_time(e.start);
                        expected.push((start, start + Duration::minutes(i64::from(end - s))));
                    }
                }
            }
            for s in p
                .family_sessions
                .values()
                .filter(|s| s.clinicians.contains(&staff.id))
            {
                for o in s.occurrences(from, to) {
                    let start = o.date.and_time(o.start);
                    expected.push((start, start + Duration::minutes(i64::from(o.minutes))));
                }
            }
            write_one(
                format!("clinician-{}", staff.id),
                clinician_events(&p, &staff.id, from, to),
                expected,
            );
        }
        for m in p.family_members.values().take(12) {
            let expected = family_view(&p, &m.id, from, to)
                .map(|v| {
                    v.items
                        .iter()
                        .map(|i| {
                            let start = i.date.and_time(i.start);
                            let end = i.date.and_time(i.end);
                            (
                                start,
                                if end <= start {
                                    end + Duration::days(1)
                                } else {
                                    end
                                },
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            write_one(
                format!("family-{}", m.id),
                family_member_events(&p, &m.id, from, to),
                expected,
            );
        }
    }
    // The range covers both winter clock changes in both zones, and something happens in the
    // weeks around them.
    std::fs::write(
        format!("{dir}/manifest.json"),
        serde_json::to_string_pretty(&manifest).unwrap(),
    )
    .unwrap();
    assert!(manifest.len() > 20);
    let text = std::fs::read_to_string(format!(
        "{dir}/group-{}-America-New_York.ics",
        p.sessions[&moved].group
    ))
    .unwrap();
    assert!(
        text.contains("RECURRENCE-ID"),
        "the moved session is an override"
    );
}

#[test]
fn a_spanish_speaking_family_member_gets_spanish_titles() {
    let mut p = generate(&SampleParams::demo(), d(2026, 12, 2), "ics-");
    let (id, english) = p
        .family_members
        .values()
        .map(|m| {
            (
                m.id.clone(),
                family_member_events(&p, &m.id, d(2026, 11, 1), d(2027, 1, 31)),
            )
        })
        .find(|(_, e)| e.iter().any(|e| e.summary.starts_with("Family session")))
        .expect("someone with family sessions");
    p.family_members.get_mut(&id).unwrap().language = "Español".into();
    let spanish = family_member_events(&p, &id, d(2026, 11, 1), d(2027, 1, 31));
    assert_eq!(spanish.len(), english.len());
    assert!(
        spanish
            .iter()
            .any(|e| e.summary.starts_with("Sesión familiar"))
    );
    assert!(
        spanish
            .iter()
            .all(|e| !e.summary.starts_with("Family session"))
    );
}
