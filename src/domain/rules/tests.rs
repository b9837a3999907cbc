//! Table-driven tests of every rule: each kind fires where it should and stays quiet where it
//! should not.

use super::*;
use crate::domain::people::client::LevelOfCare;
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
        expected_discharge: Some(d(2027, 2, 5)),
        ..crate::domain::testkit::client(id, name, d(2026, 11, 1))
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

fn join(p: &mut Programme, client: &str, group: &str, join: NaiveDate, leave: Option<NaiveDate>) {
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
            "a family member's place in the group is the fourth",
            |p| {
                let mut f = crate::domain::families::member::tests::member("f1", &["c1"]);
                f.groups.push(crate::domain::families::member::GroupStint {
                    group: "g1".into(),
                    join: d(2026, 11, 20),
                    leave: None,
                });
                p.family_members.insert("f1".into(), f);
            },
            today(),
            OverCapacity,
            Some("Relapse prevention A has 4 members on 2 Dec 2026; its maximum is 3."),
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
            Some("Relapse prevention A is a group for women, but Ben Sample is recorded as a man."),
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
            Some("Ana Example has a membership from 7 Dec 2026 in a group that no longer exists."),
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
        (
            "consent to share ends in 14 days",
            |p| family_with_consent(p, d(2026, 12, 16)),
            today(),
            ConsentExpiring,
            Some("Ana Example's consent to share with Maria Parent ends on 16 Dec 2026."),
        ),
        (
            "consent to share ends in 15 days",
            |p| family_with_consent(p, d(2026, 12, 17)),
            today(),
            ConsentExpiring,
            None,
        ),
        (
            "adolescent whose only family member is not their guardian",
            |p| {
                p.clients.get_mut(&cid("c1")).unwrap().age_band = AgeBand::Adolescent;
                family_with_consent(p, d(2027, 6, 1));
            },
            today(),
            NoGuardian,
            Some("Ana Example is an adolescent with no legal guardian recorded."),
        ),
        (
            "adolescent with a guardian on record",
            |p| {
                p.clients.get_mut(&cid("c1")).unwrap().age_band = AgeBand::Adolescent;
                family_with_consent(p, d(2027, 6, 1));
                p.family_members.get_mut("f1").unwrap().supports[0].legal_guardian = true;
            },
            today(),
            NoGuardian,
            None,
        ),
        (
            "one family member in two family sessions at once",
            |p| {
                family_with_consent(p, d(2027, 6, 1));
                family_session(p, "fs1", "c1", d(2026, 12, 8), (17, 30));
                p.clients.insert(cid("c4"), client("c4", "Dee Fourth"));
                p.family_members.get_mut("f1").unwrap().supports.push(
                    crate::domain::families::Support {
                        client: cid("c4"),
                        relationship: crate::domain::families::Relationship::Parent,
                        legal_guardian: false,
                    },
                );
                family_session(p, "fs2", "c4", d(2026, 12, 8), (18, 0));
            },
            today(),
            FamilyMemberClash,
            Some(
                "Maria Parent is in Ana Example's family session on Tuesday 8 Dec 2026, 17:30-18:30 and Dee Fourth's family session at the same time.",
            ),
        ),
        (
            "one family member in two family sessions one after the other",
            |p| {
                family_with_consent(p, d(2027, 6, 1));
                family_session(p, "fs1", "c1", d(2026, 12, 8), (17, 30));
                family_session(p, "fs2", "c1", d(2026, 12, 8), (18, 30));
            },
            today(),
            FamilyMemberClash,
            None,
        ),
        (
            "family session outside the family member's stated evenings",
            |p| {
                family_with_consent(p, d(2027, 6, 1));
                evenings_only(p);
                family_session(p, "fs1", "c1", d(2026, 12, 8), (15, 0));
            },
            today(),
            FamilyUnavailable,
            Some(
                "Maria Parent said they cannot come to Ana Example's family session on Tuesday 8 Dec 2026, 15:00-16:00.",
            ),
        ),
        (
            "family session inside the family member's stated evenings, beyond four weeks elsewhere",
            |p| {
                family_with_consent(p, d(2027, 6, 1));
                evenings_only(p);
                family_session(p, "fs1", "c1", d(2026, 12, 8), (17, 30));
                family_session(p, "fs2", "c1", d(2027, 1, 5), (15, 0));
            },
            today(),
            FamilyUnavailable,
            None,
        ),
    ]
}

/// Maria Parent can come Tuesdays 17:00-20:00 only.
fn evenings_only(p: &mut Programme) {
    p.family_members.get_mut("f1").unwrap().availability =
        vec![crate::domain::families::FreeTime {
            weekday: Weekday::Tue,
            from: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
            until: NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
            alternate_from: None,
        }];
}

/// A one-hour family session of `client` with Maria Parent (f1), by telehealth, led by s3, once.
fn family_session(p: &mut Programme, id: &str, client: &str, on: NaiveDate, (h, m): (u32, u32)) {
    use crate::domain::families::session::{FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat};
    p.family_sessions.insert(
        id.into(),
        FamilySession {
            id: id.into(),
            schema: FAMILY_SESSION_SCHEMA,
            client: cid(client),
            family: vec!["f1".into()],
            clinicians: vec!["s3".into()],
            place: Place::Telehealth {
                link: "https://telehealth.example.org/x".into(),
            },
            first: on,
            start: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            minutes: 60,
            repeat: Repeat::Once,
            ends: None,
            exceptions: Vec::new(),
            attendance: Default::default(),
            notes: String::new(),
        },
    );
}

/// Maria Parent supports Ana Example (c1), with consent from 1 Nov 2026 until `until`.
fn family_with_consent(p: &mut Programme, until: NaiveDate) {
    use crate::domain::families::consent::{CONSENT_SCHEMA, Consent, Expiry, ShareScope, Signer};
    use crate::domain::families::member::{
        ContactWay, FAMILY_MEMBER_SCHEMA, FamilyMember, Relationship, Support,
    };
    p.family_members.insert(
        "f1".into(),
        FamilyMember {
            id: "f1".into(),
            schema: FAMILY_MEMBER_SCHEMA,
            name: "Maria Parent".into(),
            supports: vec![Support {
                client: cid("c1"),
                relationship: Relationship::Parent,
                legal_guardian: false,
            }],
            contact: ContactWay::None,
            phone: String::new(),
            email: String::new(),
            language: String::new(),
            access_needs: String::new(),
            notes: String::new(),
            availability: Vec::new(),
            unavailable: Vec::new(),
            groups: Vec::new(),
            archived: false,
        },
    );
    p.consents.insert(
        "k1".into(),
        Consent {
            id: "k1".into(),
            schema: CONSENT_SCHEMA,
            client: cid("c1"),
            recipient: "f1".into(),
            discloser: "Riverside IOP".into(),
            purpose: "Family sessions".into(),
            scopes: vec![ShareScope::FamilySessions],
            signed_on: d(2026, 11, 1),
            signer: Signer::Client,
            signer_name: String::new(),
            expiry: Expiry::Date { on: until },
            revoked: None,
        },
    );
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
            .any(|(k, m)| *k == RuleKind::OutsideAdmission && m.contains("before their admission"))
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
