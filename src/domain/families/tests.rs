//! Table-driven tests of consent (every state, the minor rule, the reasons given), the family
//! warnings, the forms, and storing both kinds through the registry.

use chrono::NaiveDate;

use super::consent::*;
use super::forms::{ConsentDraft, FamilyMemberDraft, SupportDraft, revoke};
use super::member::*;
use crate::domain::people::client::{AgeBand, Client, ClientId};
use crate::domain::programme::Programme;
use crate::domain::rules::{RuleKind, check};

fn d(m: u32, day: u32) -> NaiveDate {
    let y = if m >= 10 { 2026 } else { 2027 };
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn client(id: &str, name: &str, band: AgeBand) -> Client {
    Client {
        age_band: band,
        ..crate::domain::testkit::client(id, name, d(11, 1))
    }
}

fn member(id: &str, name: &str, clients: &[&str], guardian: bool) -> FamilyMember {
    FamilyMember {
        id: id.into(),
        schema: FAMILY_MEMBER_SCHEMA,
        name: name.into(),
        supports: clients
            .iter()
            .map(|c| Support {
                client: ClientId((*c).into()),
                relationship: Relationship::Parent,
                legal_guardian: guardian,
            })
            .collect(),
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
    }
}

fn consent(id: &str, client: &str, recipient: &str, signed: NaiveDate, expiry: Expiry) -> Consent {
    Consent {
        id: id.into(),
        schema: CONSENT_SCHEMA,
        client: ClientId(client.into()),
        recipient: recipient.into(),
        discloser: "Riverside IOP".into(),
        purpose: "Family sessions".into(),
        scopes: vec![ShareScope::FamilySessions, ShareScope::FamilyEducation],
        signed_on: signed,
        signer: Signer::Client,
        signer_name: String::new(),
        expiry,
        revoked: None,
    }
}

fn until(on: NaiveDate) -> Expiry {
    Expiry::Date { on }
}

/// Ana (adult) supported by Maria Lopez and Sam; Teo (adolescent) supported by Maria as a
/// parent (not guardian) and Rosa Diaz (legal guardian). Maria supports both: one record.
fn programme() -> Programme {
    let mut p = Programme::default();
    for c in [
        client("ana", "Ana Lopez", AgeBand::Adult),
        client("teo", "Teo Lopez", AgeBand::Adolescent),
    ] {
        p.clients.insert(c.id.clone(), c);
    }
    let maria = member("maria", "Maria Lopez", &["ana", "teo"], false);
    let rosa = member("rosa", "Rosa Diaz", &["teo"], true);
    let sam = member("sam", "Sam Reyes", &["ana"], false);
    for m in [maria, rosa, sam] {
        p.family_members.insert(m.id.clone(), m);
    }
    p
}

fn with(mut p: Programme, consents: Vec<Consent>) -> Programme {
    for c in consents {
        p.consents.insert(c.id.clone(), c);
    }
    p
}

#[test]
fn a_consent_is_in_force_from_signing_until_its_end_unless_revoked() {
    let mut revoked = consent("c", "ana", "maria", d(11, 2), until(d(12, 31)));
    revoked.revoked = Some(Revocation {
        on: d(12, 10),
        how: "in writing".into(),
    });
    let event = consent(
        "c",
        "ana",
        "maria",
        d(11, 2),
        Expiry::Event {
            event: "discharge from the programme".into(),
            review_on: d(12, 20),
        },
    );
    let plain = consent("c", "ana", "maria", d(11, 2), until(d(12, 3)));
    let cases: Vec<(&Consent, NaiveDate, ConsentState)> = vec![
        (&plain, d(11, 1), ConsentState::NotYetSigned(d(11, 2))),
        (&plain, d(11, 2), ConsentState::Active(d(12, 3))),
        (&plain, d(12, 3), ConsentState::Active(d(12, 3))),
        (&plain, d(12, 4), ConsentState::Expired(d(12, 3))),
        (&revoked, d(12, 9), ConsentState::Active(d(12, 31))),
        (&revoked, d(12, 10), ConsentState::Revoked(d(12, 10))),
        (&revoked, d(1, 5), ConsentState::Revoked(d(12, 10))),
        (&event, d(12, 20), ConsentState::Active(d(12, 20))),
        (
            &event,
            d(12, 21),
            ConsentState::ReviewDue {
                event: "discharge from the programme".into(),
                review_on: d(12, 20),
            },
        ),
    ];
    for (c, date, want) in cases {
        assert_eq!(c.state_on(date), want, "{date}");
    }
}

#[test]
fn may_see_names_the_consent_or_says_why_not() {
    let mut revoked = consent("c2", "ana", "sam", d(11, 2), until(d(12, 31)));
    revoked.revoked = Some(Revocation {
        on: d(11, 20),
        how: "phone call, confirmed in writing".into(),
    });
    let expired = consent("c1", "ana", "maria", d(11, 2), until(d(12, 3)));
    let p = with(programme(), vec![expired, revoked]);
    let ana = ClientId("ana".into());
    let teo = ClientId("teo".into());
    let family = ShareScope::FamilySessions;
    type Case<'a> = (
        &'a str,
        &'a ClientId,
        ShareScope,
        NaiveDate,
        Result<&'a str, &'a str>,
    );
    let cases: Vec<Case> = vec![
        ("maria", &ana, family, d(12, 3), Ok("c1")),
        (
            "maria",
            &ana,
            family,
            d(12, 4),
            Err("The consent naming Maria Lopez expired on 3 Dec 2026."),
        ),
        (
            "maria",
            &ana,
            ShareScope::TopicTitles,
            d(12, 1),
            Err("The consent naming Maria Lopez does not cover session topic titles."),
        ),
        (
            "sam",
            &ana,
            family,
            d(12, 1),
            Err("The consent naming Sam Reyes was revoked on 20 Nov 2026."),
        ),
        (
            "maria",
            &teo,
            family,
            d(12, 1),
            Err("No consent from Teo Lopez names Maria Lopez."),
        ),
        (
            "nobody",
            &ana,
            family,
            d(12, 1),
            Err("This family member is no longer on record."),
        ),
    ];
    for (recipient, client, scope, date, want) in cases {
        let got = may_see(&p, recipient, client, scope, date).map(|c| c.id.as_str());
        assert_eq!(got, want.map_err(str::to_string), "{recipient} {date}");
    }
    // A newer consent in force wins over an expired one; an archived recipient sees nothing.
    let mut p = with(
        p,
        vec![consent("c3", "ana", "maria", d(12, 1), until(d(3, 1)))],
    );
    assert_eq!(
        may_see(&p, "maria", &ana, family, d(12, 20)).map(|c| c.id.clone()),
        Ok("c3".into())
    );
    p.family_members.get_mut("maria").unwrap().archived = true;
    assert_eq!(
        may_see(&p, "maria", &ana, family, d(12, 20)).unwrap_err(),
        "Maria Lopez is archived: nothing is shared with archived family members."
    );
}

#[test]
fn status_at_a_glance_says_until_when_or_why_not() {
    let p = with(
        programme(),
        vec![
            consent("c1", "ana", "maria", d(11, 2), until(d(12, 10))),
            consent("c2", "ana", "sam", d(11, 2), until(d(11, 30))),
        ],
    );
    let ana = ClientId("ana".into());
    assert_eq!(
        consent_status(&p, &ana, "maria", d(11, 20)).label(),
        "Consent until 10 Dec 2026"
    );
    assert_eq!(
        consent_status(&p, &ana, "maria", d(12, 1)).label(),
        "Consent ends 10 Dec 2026"
    );
    assert_eq!(
        consent_status(&p, &ana, "sam", d(12, 1)).label(),
        "The consent naming Sam Reyes expired on 30 Nov 2026."
    );
    assert_eq!(
        consent_status(&p, &ClientId("teo".into()), "rosa", d(12, 1)),
        ConsentStatus::None
    );
}

#[test]
fn dashboard_warns_of_consents_ending_within_14_days_and_adolescents_without_a_guardian() {
    let ana = ClientId("ana".into());
    let today = d(12, 2);
    let kinds = |p: &Programme| -> Vec<(RuleKind, String)> {
        check(p, today)
            .into_iter()
            .filter(|v| matches!(v.kind, RuleKind::ConsentExpiring | RuleKind::NoGuardian))
            .map(|v| (v.kind, v.message))
            .collect()
    };
    // Ends in 14 days: warned. Ends in 15: quiet. Already ended or superseded: quiet.
    let p = with(
        programme(),
        vec![
            consent("c1", "ana", "maria", d(11, 2), until(d(12, 16))),
            consent("c2", "ana", "sam", d(11, 2), until(d(12, 17))),
            consent("c3", "teo", "rosa", d(11, 2), until(d(11, 30))),
        ],
    );
    assert_eq!(
        kinds(&p),
        vec![(
            RuleKind::ConsentExpiring,
            "Ana Lopez's consent to share with Maria Lopez ends on 16 Dec 2026.".into()
        )]
    );
    let renewed = with(
        p.clone(),
        vec![consent("c4", "ana", "maria", d(12, 1), until(d(6, 1)))],
    );
    assert!(kinds(&renewed).is_empty());
    // Teo's only guardian archived: warned; a revoked consent is no longer "ending".
    let mut p = p;
    p.family_members.get_mut("rosa").unwrap().archived = true;
    p.consents.get_mut("c1").unwrap().revoked = Some(Revocation {
        on: d(12, 1),
        how: "in writing".into(),
    });
    assert_eq!(
        kinds(&p),
        vec![(
            RuleKind::NoGuardian,
            "Teo Lopez is an adolescent with no legal guardian recorded.".into()
        )]
    );
    assert!(
        !crate::domain::rules::check_client(&p, today, &ana)
            .iter()
            .any(|v| matches!(v.kind, RuleKind::ConsentExpiring | RuleKind::NoGuardian)),
        "Ana is an adult and has nothing ending"
    );
    let teo = crate::domain::rules::check_client(&p, today, &ClientId("teo".into()));
    assert!(teo.iter().any(|v| v.kind == RuleKind::NoGuardian));
}

#[test]
fn the_minor_rule_decides_who_may_sign() {
    let p = programme();
    let today = d(12, 2);
    let draft = |client: &str, recipient: &str, signer: Signer| ConsentDraft {
        signer: signer.key().into(),
        discloser: "Riverside IOP".into(),
        ..ConsentDraft::blank(&p, &ClientId(client.into()), recipient, today)
    };
    let signer_error = |d: ConsentDraft| {
        d.to_consent(&p, "c".into(), None)
            .err()
            .and_then(|e| e.get("signer").map(str::to_string))
    };
    assert_eq!(signer_error(draft("ana", "maria", Signer::Client)), None);
    assert_eq!(
        signer_error(draft("ana", "maria", Signer::Guardian)).as_deref(),
        Some("Ana Lopez is an adult: only they can sign this consent.")
    );
    assert!(signer_error(draft("teo", "rosa", Signer::Client)).is_some());
    assert_eq!(
        signer_error(draft("teo", "rosa", Signer::MinorClient)),
        None
    );
    // A guardian signing must be named.
    let e = draft("teo", "rosa", Signer::Guardian)
        .to_consent(&p, "c".into(), None)
        .unwrap_err();
    assert_eq!(
        e.get("signer_name"),
        Some("Enter the name of the guardian who signed.")
    );
    // The blank form for a minor proposes the minor's own consent.
    assert_eq!(
        ConsentDraft::blank(&p, &ClientId("teo".into()), "rosa", today).signer,
        "minor_client"
    );
}

#[test]
fn consent_forms_check_every_field_and_keep_a_revocation() {
    let p = programme();
    let today = d(12, 2);
    let blank = ConsentDraft {
        discloser: "Riverside IOP".into(),
        ..ConsentDraft::blank(&p, &ClientId("ana".into()), "maria", today)
    };
    let ok = blank.to_consent(&p, "c1".into(), None).unwrap();
    assert_eq!(ok.expiry, until(d(12, 2) + chrono::Days::new(365)));
    let bad = ConsentDraft {
        recipient: "rosa".into(),
        purpose: " ".into(),
        scopes: vec![],
        expiry_kind: "event".into(),
        event: String::new(),
        review_on: "soon".into(),
        discloser: String::new(),
        ..blank.clone()
    };
    let e = bad.to_consent(&p, "c1".into(), None).unwrap_err();
    assert_eq!(
        e.get("review_on"),
        Some("Enter the date to review it as a date.")
    );
    let bad = ConsentDraft {
        review_on: "2026-12-20".into(),
        ..bad
    };
    let e = bad.to_consent(&p, "c1".into(), None).unwrap_err();
    assert_eq!(
        e.get("recipient"),
        Some("Rosa Diaz is not recorded as supporting Ana Lopez.")
    );
    assert!(e.get("purpose").is_some());
    assert!(e.get("scopes").is_some());
    assert!(e.get("expiry").is_some());
    assert!(e.get("discloser").is_some());
    // Revocation: dated, said how, once.
    let r = revoke(&ok, "2026-12-05", "in writing", d(12, 6)).unwrap();
    assert_eq!(r.revoked.as_ref().unwrap().on, d(12, 5));
    assert!(revoke(&r, "2026-12-06", "again", d(12, 6)).is_err());
    assert!(revoke(&ok, "2026-11-01", "in writing", d(12, 6)).is_err());
    assert!(revoke(&ok, "2026-12-05", " ", d(12, 6)).is_err());
    // Not after today: it would not take effect until then, and the consent would read "In
    // force" as if nothing had been recorded.
    assert!(revoke(&ok, "2026-12-06", "in writing", d(12, 6)).is_ok());
    let e = revoke(&ok, "2026-12-07", "in writing", d(12, 6)).unwrap_err();
    assert_eq!(
        e.get("revoked_on"),
        Some(
            "The revocation cannot be dated after today (6 Dec 2026): enter the day it was received."
        )
    );
    // Editing a revoked consent keeps the revocation.
    let edited = ConsentDraft::from_consent(&r)
        .to_consent(&p, "c1".into(), Some(&r))
        .unwrap();
    assert_eq!(edited, r);
}

#[test]
fn one_person_supports_two_clients_in_one_record() {
    let p = programme();
    let mut draft = FamilyMemberDraft::blank(Some(&ClientId("ana".into())));
    draft.name = "Chris Lopez".into();
    draft.supports.push(SupportDraft {
        client: "teo".into(),
        relationship: "parent".into(),
        guardian: true,
    });
    draft.unavailable = "2026-12-24, 2026-12-31 2026-12-24".into();
    let m = draft.to_member(&p, "chris".into(), None).unwrap();
    assert_eq!(m.supports.len(), 2);
    assert!(m.is_guardian_of(&ClientId("teo".into())));
    assert!(!m.is_guardian_of(&ClientId("ana".into())));
    assert_eq!(m.unavailable, vec![d(12, 24), d(12, 31)]);
    assert_eq!(
        FamilyMemberDraft::from_member(&m).to_member(&p, "chris".into(), None),
        Ok(m)
    );
    draft.unavailable = "24 Dec".into();
    draft.supports[1].client = String::new();
    let e = draft.to_member(&p, "chris".into(), None).unwrap_err();
    assert!(
        e.get("unavailable")
            .unwrap()
            .contains("\"24\" is not a date")
    );
    assert_eq!(
        e.get("client"),
        Some("Choose the client this person supports.")
    );
}

#[test]
fn family_records_are_stored_and_restored_through_the_registry() {
    use crate::domain::record::{KINDS, Kind};
    let p = with(
        programme(),
        vec![consent("c1", "ana", "maria", d(11, 2), until(d(12, 16)))],
    );
    let mut stores = std::collections::BTreeMap::new();
    for kind in [Kind::Client, Kind::FamilyMember, Kind::Consent] {
        let ops = KINDS[kind as usize];
        let records: Vec<serde_json::Value> = ops
            .records(&p)
            .iter()
            .map(|r| r.to_json().unwrap())
            .collect();
        stores.insert(ops.store(), serde_json::to_string(&records).unwrap());
    }
    let back = Programme::restore(&stores, Vec::new());
    assert_eq!(back.family_members, p.family_members);
    assert_eq!(back.consents, p.consents);
    assert!(back.quarantine.is_empty());
    assert!(crate::domain::record::layout_version() >= 6);
}

/// Ana in "Relapse prevention A" (Mon 09:00-12:00, from 2 Nov 2026), and two weekly family
/// sessions of hers: one with Maria (Tue 17:30), one with Sam only (Thu 18:00).
fn with_schedule(p: Programme) -> Programme {
    use super::session::{Ends, FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat};
    use crate::domain::roster::group::{
        AdmissionRule, GROUP_SCHEMA, Group, GroupType, Meeting, MeetingPattern,
    };
    use crate::domain::roster::membership::{MEMBERSHIP_SCHEMA, Membership};
    let mut p = p;
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    p.groups.insert(
        "g1".into(),
        Group {
            id: "g1".into(),
            schema: GROUP_SCHEMA,
            name: "Relapse prevention A".into(),
            kind: GroupType::RelapsePrevention,
            track: None,
            age_band: AgeBand::Adult,
            gender: None,
            admission: AdmissionRule::Open,
            capacity_min: 1,
            capacity_max: 12,
            pattern: MeetingPattern {
                meetings: vec![Meeting {
                    weekday: chrono::Weekday::Mon,
                    start: t(9, 0),
                    minutes: 180,
                }],
            },
            start: d(11, 2),
            end: None,
            lead: None,
            co_facilitators: Vec::new(),
            room: None,
            cancelled: vec![d(12, 14)],
            archived: false,
        },
    );
    p.memberships.insert(
        "m1".into(),
        Membership {
            id: "m1".into(),
            schema: MEMBERSHIP_SCHEMA,
            client: ClientId("ana".into()),
            group: "g1".into(),
            join: d(11, 2),
            leave: None,
            reason: String::new(),
        },
    );
    for (id, who, weekday_first, at) in [
        ("fs1", "maria", d(12, 1), t(17, 30)),
        ("fs2", "sam", d(12, 3), t(18, 0)),
    ] {
        p.family_sessions.insert(
            id.into(),
            FamilySession {
                id: id.into(),
                schema: FAMILY_SESSION_SCHEMA,
                client: ClientId("ana".into()),
                family: vec![who.into()],
                clinicians: vec!["s1".into()],
                place: Place::Telehealth {
                    link: "https://telehealth.example.org/f".into(),
                },
                first: weekday_first,
                start: at,
                minutes: 60,
                repeat: Repeat::Weekly { every: 1 },
                ends: Some(Ends::Count { count: 4 }),
                exceptions: Vec::new(),
                attendance: Default::default(),
                notes: "PRIVATE NOTE".into(),
            },
        );
    }
    p.settings.programme_name = "Riverside IOP".into();
    p
}

#[test]
fn the_family_view_shows_what_the_consent_allows_and_nothing_else() {
    use super::projection::{ItemKind, family_view};
    let (from, to) = (d(12, 1), d(12, 21));
    let titles = |p: &Programme, who: &str| -> Vec<(NaiveDate, ItemKind, String)> {
        family_view(p, who, from, to)
            .unwrap()
            .items
            .into_iter()
            .map(|i| (i.date, i.kind, i.title))
            .collect()
    };
    // Family sessions only: Maria sees her own Tuesday sessions, not Sam's, not the groups.
    let p = with_schedule(with(
        programme(),
        vec![consent("c1", "ana", "maria", d(11, 2), until(d(12, 31)))],
    ));
    let family = "Family session, Riverside IOP".to_string();
    assert_eq!(
        titles(&p, "maria"),
        [1, 8, 15]
            .into_iter()
            .map(|day| (d(12, day), ItemKind::FamilySession, family.clone()))
            .collect::<Vec<_>>()
    );
    let view = family_view(&p, "maria", from, to).unwrap();
    // What the family sees (the items); `withheld` is for staff only (it may name a client
    // who has not consented to anything).
    let everything = format!("{:?} {} {}", view.items, view.member, view.programme);
    for secret in ["PRIVATE NOTE", "Relapse prevention", "Sam Reyes", "Teo"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked: {everything}"
        );
    }
    // Sam has no consent: nothing, and why.
    let sam = family_view(&p, "sam", from, to).unwrap();
    assert!(sam.items.is_empty());
    assert_eq!(
        sam.withheld,
        vec!["No consent from Ana Lopez names Sam Reyes."]
    );
    // With the client's group times in scope: Mondays, but not the cancelled 14 Dec, under a
    // neutral title; with topic titles too, the title would carry the topic.
    let mut p = p;
    p.consents
        .get_mut("c1")
        .unwrap()
        .scopes
        .push(ShareScope::ClientGroupTimes);
    let groups: Vec<NaiveDate> = titles(&p, "maria")
        .into_iter()
        .filter(|(_, k, t)| *k == ItemKind::ClientGroup && t == "Ana's group session")
        .map(|(date, ..)| date)
        .collect();
    assert_eq!(groups, vec![d(12, 7), d(12, 21)]);
    // Revoked on 10 Dec: nothing from that day on.
    p.consents.get_mut("c1").unwrap().revoked = Some(Revocation {
        on: d(12, 10),
        how: "in writing".into(),
    });
    let dates: Vec<NaiveDate> = titles(&p, "maria")
        .into_iter()
        .map(|(date, ..)| date)
        .collect();
    assert_eq!(dates, vec![d(12, 1), d(12, 7), d(12, 8)]);
    let later = family_view(&p, "maria", d(12, 10), to).unwrap();
    assert!(later.items.is_empty());
    assert_eq!(
        later.withheld,
        vec![
            "The consent naming Maria Lopez was revoked on 10 Dec 2026.",
            "No consent from Teo Lopez names Maria Lopez."
        ]
    );
}

#[test]
fn family_sessions_are_checked_against_groups_rooms_and_availability() {
    use super::session::{FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat};
    use crate::domain::people::staff::{Location, Room, STAFF_SCHEMA, Staff};
    let mut p = with_schedule(programme());
    p.family_sessions = Default::default();
    p.staff.insert(
        "s1".into(),
        Staff {
            id: "s1".into(),
            schema: STAFF_SCHEMA,
            name: "Dana Lead".into(),
            credentials: String::new(),
            roles: Vec::new(),
            availability: Vec::new(),
            archived: false,
        },
    );
    p.rooms.insert(
        "r1".into(),
        Room {
            id: "r1".into(),
            schema: STAFF_SCHEMA,
            name: "Room A".into(),
            capacity: 3,
            location: Location::InPerson,
            archived: false,
        },
    );
    {
        let g = p.groups.get_mut("g1").unwrap();
        g.lead = Some("s1".into());
        g.room = Some("r1".into());
    }
    // Monday 7 Dec 10:00, in Room A, during Ana's own group, which Dana leads in Room A.
    p.family_sessions.insert(
        "fs".into(),
        FamilySession {
            id: "fs".into(),
            schema: FAMILY_SESSION_SCHEMA,
            client: ClientId("ana".into()),
            family: vec!["maria".into(), "sam".into()],
            clinicians: vec!["s1".into()],
            place: Place::Room { room: "r1".into() },
            first: d(12, 7),
            start: chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
            minutes: 60,
            repeat: Repeat::Once,
            ends: None,
            exceptions: Vec::new(),
            attendance: Default::default(),
            notes: String::new(),
        },
    );
    let found: Vec<(RuleKind, String)> = check(&p, d(12, 2))
        .into_iter()
        .filter(|v| {
            matches!(
                v.kind,
                RuleKind::StaffDoubleBooked
                    | RuleKind::RoomDoubleBooked
                    | RuleKind::ClientTimeClash
                    | RuleKind::RoomTooSmall
            )
        })
        .map(|v| (v.kind, v.message))
        .collect();
    let what = "Ana Lopez's family session on Monday 7 Dec 2026, 10:00-11:00";
    assert_eq!(
        found,
        vec![
            (
                RuleKind::ClientTimeClash,
                format!("{what} overlaps their group Relapse prevention A (09:00-12:00).")
            ),
            (
                RuleKind::StaffDoubleBooked,
                format!(
                    "Dana Lead leads {what} while facilitating Relapse prevention A (09:00-12:00)."
                )
            ),
            (
                RuleKind::RoomDoubleBooked,
                format!("Room A is booked for {what} and for Relapse prevention A (09:00-12:00).")
            ),
            (
                RuleKind::RoomTooSmall,
                format!("Room A holds 3 people, but {what} has 4.")
            ),
        ]
    );
    // Moved to the evening, by telehealth: nothing left; four weeks ahead is the horizon.
    let s = p.family_sessions.get_mut("fs").unwrap();
    s.start = chrono::NaiveTime::from_hms_opt(17, 30, 0).unwrap();
    s.place = Place::Telehealth {
        link: "https://telehealth.example.org/a".into(),
    };
    assert!(
        check(&p, d(12, 2))
            .iter()
            .all(|v| !v.message.contains("family session"))
    );
}

#[test]
fn family_sessions_count_toward_weekly_hours_unless_the_setting_says_not() {
    use crate::domain::people::client::LevelOfCare;
    let mut p = with_schedule(programme());
    // Ana: outpatient (under 9 h), 3 h of group on Mondays, plus two 3-hour family sessions
    // in the week of 7 Dec (Tuesday with Maria, Thursday with Sam): 9 h.
    p.clients
        .get_mut(&ClientId("ana".into()))
        .unwrap()
        .level_of_care = LevelOfCare::Op;
    for s in p.family_sessions.values_mut() {
        s.minutes = 180;
    }
    let hours = |p: &Programme| {
        check(p, d(12, 7))
            .into_iter()
            .filter(|v| v.kind == RuleKind::HoursOutOfRange && v.message.contains("Ana"))
            .map(|v| v.message)
            .collect::<Vec<_>>()
    };
    let warned = hours(&p);
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("9 h planned per week"), "{warned:?}");
    p.settings.family_sessions_count = false;
    assert!(hours(&p).is_empty());
}

fn slot_query(minutes: u16) -> super::slots::SlotQuery {
    super::slots::SlotQuery {
        client: ClientId("ana".into()),
        family: vec!["maria".into()],
        clinicians: vec!["s1".into()],
        minutes,
        from: d(12, 7),
        to: d(12, 13),
        in_person: false,
        prefer_group_day: false,
        prefer_after: None,
        limit: super::slots::MAX_SLOTS,
    }
}

/// `with_schedule`, without its family sessions, with Dana (s1) and Maria's Tuesday evenings.
fn finder_programme() -> Programme {
    use crate::domain::people::staff::{STAFF_SCHEMA, Staff};
    let mut p = with_schedule(programme());
    p.family_sessions = Default::default();
    p.staff.insert(
        "s1".into(),
        Staff {
            id: "s1".into(),
            schema: STAFF_SCHEMA,
            name: "Dana Lead".into(),
            credentials: String::new(),
            roles: Vec::new(),
            availability: Vec::new(),
            archived: false,
        },
    );
    p.family_members.get_mut("maria").unwrap().availability = vec![FreeTime {
        weekday: chrono::Weekday::Tue,
        from: chrono::NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        until: chrono::NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        alternate_from: None,
    }];
    p
}

#[test]
fn the_slot_finder_lists_times_everyone_can_make_best_first() {
    use super::slots::find_slots;
    let mut p = finder_programme();
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let answer = find_slots(&p, &slot_query(60));
    assert_eq!(answer.nothing, None);
    let mut times: Vec<(NaiveDate, chrono::NaiveTime)> =
        answer.slots.iter().map(|s| (s.date, s.start)).collect();
    // Whole and half hours rank first.
    assert_eq!(times[0], (d(12, 8), t(17, 0)));
    // Tuesday 8 Dec only (Maria's evening), inside opening hours (closes 20:00).
    times.sort();
    let quarter_hours: Vec<_> = (0..9)
        .map(|k| (d(12, 8), t(17 + k / 4, (k % 4) * 15)))
        .collect();
    assert_eq!(times, quarter_hours);
    // Dana is booked 17:00-18:15 that Tuesday: the first free start is 18:15, not a quarter
    // hour earlier or later.
    p.family_sessions.insert("busy".into(), {
        let mut s = super::session::FamilySession {
            id: "busy".into(),
            schema: super::session::FAMILY_SESSION_SCHEMA,
            client: ClientId("teo".into()),
            family: vec!["rosa".into()],
            clinicians: vec!["s1".into()],
            place: super::session::Place::Telehealth {
                link: "https://telehealth.example.org/b".into(),
            },
            first: d(12, 8),
            start: t(17, 0),
            minutes: 75,
            repeat: super::session::Repeat::Once,
            ends: None,
            exceptions: Vec::new(),
            attendance: Default::default(),
            notes: String::new(),
        };
        s.notes.clear();
        s
    });
    let mut times: Vec<_> = find_slots(&p, &slot_query(60))
        .slots
        .iter()
        .map(|s| s.start)
        .collect();
    times.sort();
    assert_eq!(times, vec![t(18, 15), t(18, 30), t(18, 45), t(19, 0)]);
}

#[test]
fn when_nothing_fits_the_finder_says_why_and_what_nearly_fits() {
    use super::slots::find_slots;
    let mut p = finder_programme();
    // Maria can only come on Saturdays, when the programme is closed.
    p.family_members.get_mut("maria").unwrap().availability[0].weekday = chrono::Weekday::Sat;
    let answer = find_slots(&p, &slot_query(60));
    assert!(answer.slots.is_empty());
    assert_eq!(
        answer.nothing.as_deref(),
        Some(
            "No 60-minute time from 7 to 13 Dec 2026. Nearest: Mon 7 Dec 2026 08:00, if Maria Lopez could come then; or Sat 12 Dec 2026 17:00, outside opening hours."
        )
    );
    assert_eq!(
        answer.binding,
        vec![
            "the programme's opening hours",
            "Maria Lopez's availability"
        ]
    );
    // In person with no room at all: telehealth is offered as the way out.
    let mut q = slot_query(60);
    q.in_person = true;
    p.family_members.get_mut("maria").unwrap().availability[0].weekday = chrono::Weekday::Tue;
    let answer = find_slots(&p, &q);
    assert!(answer.slots.is_empty());
    assert!(
        answer.nothing.as_deref().is_some_and(|s| s
            .contains("Tue 8 Dec 2026 17:00, by telehealth, since no room large enough is free")),
        "{:?}",
        answer.nothing
    );
}

/// `with_schedule` plus a multi-family group on Wednesdays at 18:00 from 4 Nov in Room 1.
fn with_family_group(p: Programme) -> Programme {
    use crate::domain::roster::group::GroupType;
    let mut p = with_schedule(p);
    let mut g = p.groups.get("g1").unwrap().clone();
    g.id = "mf".into();
    g.name = "Family night".into();
    g.kind = GroupType::MultiFamily;
    g.start = d(11, 4);
    g.cancelled = vec![d(12, 23)];
    g.room = Some("r1".into());
    g.pattern.meetings[0].weekday = chrono::Weekday::Wed;
    g.pattern.meetings[0].start = chrono::NaiveTime::from_hms_opt(18, 0, 0).unwrap();
    g.pattern.meetings[0].minutes = 90;
    p.groups.insert("mf".into(), g);
    p
}

#[test]
fn family_members_join_and_leave_family_groups_with_checks() {
    use super::forms::{join_group, leave_group};
    let p = with_family_group(programme());
    let maria = p.family_members.get("maria").unwrap().clone();
    let problem = |r: Result<FamilyMember, crate::domain::errors::FieldErrors>| {
        r.unwrap_err()
            .0
            .into_iter()
            .map(|(f, m)| format!("{f}: {m}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        problem(join_group(&p, &maria, "g1", "2026-12-02")),
        ["group: Relapse prevention A is not a family-education or multi-family group."]
    );
    assert_eq!(
        problem(join_group(&p, &maria, "mf", "2026-11-01")),
        ["join: Family night starts on 4 Nov 2026; choose that date or later."]
    );
    assert_eq!(
        problem(join_group(&p, &maria, "mf", "")),
        ["join: Enter the date they join."]
    );
    let joined = join_group(&p, &maria, "mf", "2026-12-02").unwrap();
    assert_eq!(joined.groups.len(), 1);
    assert_eq!(
        problem(join_group(&p, &joined, "mf", "2026-12-09")),
        ["join: Maria Lopez is already in Family night (since 2 Dec 2026)."]
    );
    let left = leave_group(&joined, "mf", "2026-12-16").unwrap();
    assert_eq!(left.groups[0].leave, Some(d(12, 16)));
    assert!(left.groups[0].active_on(d(12, 9)) && !left.groups[0].active_on(d(12, 16)));
    // Back again later is a second place; leaving before joining withdraws a planned place.
    let again = join_group(&p, &left, "mf", "2027-01-06").unwrap();
    assert_eq!(again.groups.len(), 2);
    let withdrawn = leave_group(&again, "mf", "2027-01-01").unwrap();
    assert_eq!(withdrawn.groups, left.groups);
    // Archiving ends an open place on the archive date and says so.
    let mut q = p.clone();
    q.family_members.insert("maria".into(), joined);
    let archiving = crate::domain::archive::archive_family_member(&q, "maria", d(12, 10)).unwrap();
    assert!(
        archiving
            .effects
            .iter()
            .any(|e| e == "They leave Family night on 10 Dec 2026."),
        "{:?}",
        archiving.effects
    );
}

#[test]
fn the_family_view_shows_family_education_dates_under_that_scope_only() {
    use super::forms::join_group;
    use super::projection::{ItemKind, family_view};
    let mut p = with_family_group(with(
        programme(),
        vec![consent("c1", "ana", "maria", d(11, 2), until(d(12, 31)))],
    ));
    let maria = p.family_members.get("maria").unwrap().clone();
    let joined = join_group(&p, &maria, "mf", "2026-12-09").unwrap();
    p.family_members.insert("maria".into(), joined);
    let education = |p: &Programme| -> Vec<(NaiveDate, String, String)> {
        family_view(p, "maria", d(12, 1), d(12, 31))
            .unwrap()
            .items
            .into_iter()
            .filter(|i| i.kind == ItemKind::FamilyEducation)
            .map(|i| (i.date, i.title, i.place))
            .collect()
    };
    // The consent covers family-session times only: no education dates.
    p.consents.get_mut("c1").unwrap().scopes = vec![ShareScope::FamilySessions];
    assert!(education(&p).is_empty());
    // With family-education dates in scope: Wednesdays from joining, not the cancelled 23rd,
    // and no group name.
    p.consents
        .get_mut("c1")
        .unwrap()
        .scopes
        .push(ShareScope::FamilyEducation);
    let title = "Family education, Riverside IOP".to_string();
    assert_eq!(
        education(&p)
            .into_iter()
            .map(|(date, t, _)| (date, t))
            .collect::<Vec<_>>(),
        [9, 16, 30]
            .into_iter()
            .map(|day| (d(12, day), title.clone()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_family_members_own_family_group_is_busy_time_for_rules_and_the_finder() {
    use super::forms::join_group;
    use super::session::{FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat};
    use super::slots::find_slots;
    let t = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
    // Maria can come Wednesdays 17:00-21:00, and is in Family night (Wed 18:00-19:30).
    let mut p = finder_programme();
    let mf = with_family_group(programme())
        .groups
        .get("mf")
        .unwrap()
        .clone();
    p.groups.insert("mf".into(), mf);
    let maria = p.family_members.get("maria").unwrap().clone();
    let mut maria = join_group(&p, &maria, "mf", "2026-12-02").unwrap();
    maria.availability = vec![FreeTime {
        weekday: chrono::Weekday::Wed,
        from: t(17, 0),
        until: t(21, 0),
        alternate_from: None,
    }];
    p.family_members.insert("maria".into(), maria);
    let answer = find_slots(&p, &slot_query(60));
    assert!(!answer.slots.is_empty());
    assert!(
        answer
            .slots
            .iter()
            .all(|s| s.end <= t(18, 0) || s.start >= t(19, 30)),
        "{:?}",
        answer.slots
    );
    // A family session booked over it is a clash.
    p.family_sessions.insert(
        "fs".into(),
        FamilySession {
            id: "fs".into(),
            schema: FAMILY_SESSION_SCHEMA,
            client: ClientId("ana".into()),
            family: vec!["maria".into()],
            clinicians: vec!["s1".into()],
            place: Place::Telehealth {
                link: "https://telehealth.example.org/a".into(),
            },
            first: d(12, 9),
            start: t(18, 30),
            minutes: 60,
            repeat: Repeat::Once,
            ends: None,
            exceptions: Vec::new(),
            attendance: Default::default(),
            notes: String::new(),
        },
    );
    let clashes: Vec<String> = check(&p, d(12, 2))
        .into_iter()
        .filter(|v| v.kind == RuleKind::FamilyMemberClash)
        .map(|v| v.message)
        .collect();
    assert_eq!(
        clashes,
        [
            "Maria Lopez is in Ana Lopez's family session on Wednesday 9 Dec 2026, 18:30-19:30 and in Family night (18:00-19:30) at the same time."
        ]
    );
}
