//! Fictional families for the sample programme and the large fixture: one to three people for
//! most current clients, with varied availability (evenings only, alternate weeks, weekends),
//! legal guardians for adolescents, and consents in every state: in force, none, one expired,
//! one revoked and one ending within two weeks (so the Dashboard has something to say).

use chrono::Weekday::{Fri, Mon, Sat, Thu, Tue, Wed};
use chrono::{NaiveDate, Weekday};

use super::{MEN, Rng, WOMEN, plus_days, time};
use crate::domain::families::consent::{
    CONSENT_SCHEMA, Consent, Expiry, Revocation, ShareScope, Signer,
};
use crate::domain::families::member::{
    ContactWay, FAMILY_MEMBER_SCHEMA, FamilyMember, FreeTime, Relationship, Support,
};
use crate::domain::people::client::{AgeBand, Client};
use crate::domain::programme::Programme;

/// Evenings only; alternate-week Saturdays (shift work); weekday late afternoons; or nothing
/// recorded.
fn availability(rng: &mut Rng, today: NaiveDate) -> Vec<FreeTime> {
    let window = |weekday: Weekday, from: (u32, u32), until: (u32, u32)| FreeTime {
        weekday,
        from: time(from.0, from.1),
        until: time(until.0, until.1),
        alternate_from: None,
    };
    match rng.below(4) {
        0 => [Mon, Tue, Wed, Thu]
            .into_iter()
            .filter(|_| rng.chance(70))
            .map(|d| window(d, (17, 30), (20, 30)))
            .collect(),
        1 => vec![
            FreeTime {
                alternate_from: Some(today),
                ..window(Sat, (9, 0), (13, 0))
            },
            window(Fri, (16, 0), (19, 0)),
        ],
        2 => [Tue, Thu]
            .into_iter()
            .map(|d| window(d, (15, 0), (19, 0)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Families for the clients active on `today`.
pub(super) fn add_families(p: &mut Programme, today: NaiveDate, seed: u64, id_prefix: &str) {
    let mut rng = Rng::new(seed, 11);
    let clients: Vec<Client> = p.clients_active_on(today).cloned().collect();
    let programme = if p.settings.programme_name.is_empty() {
        "Riverside IOP".to_string()
    } else {
        p.settings.programme_name.clone()
    };
    let (mut members, mut consents) = (0usize, 0usize);
    // The first consents (by client order) show the states a facilitator must notice.
    let mut special = [
        "expired",
        "revoked",
        "ending soon",
        "review due",
        "no consent",
    ]
    .into_iter();
    for client in clients {
        let teen = client.age_band == AgeBand::Adolescent;
        if !teen && !rng.chance(93) {
            continue;
        }
        let surname = client
            .full_name
            .rsplit(' ')
            .next()
            .unwrap_or("Example")
            .to_string();
        let count = 1 + rng.below(3).max(usize::from(rng.chance(60)));
        for n in 0..count {
            members += 1;
            let relationship = match (teen, n) {
                (true, 0) => Relationship::Parent,
                (true, _) => *[
                    Relationship::Parent,
                    Relationship::Sibling,
                    Relationship::Guardian,
                ]
                .get(rng.below(3))
                .unwrap_or(&Relationship::Other),
                (false, 0) => *[
                    Relationship::Partner,
                    Relationship::Parent,
                    Relationship::Friend,
                ]
                .get(rng.below(3))
                .unwrap_or(&Relationship::Other),
                (false, _) => *[
                    Relationship::Sibling,
                    Relationship::Child,
                    Relationship::Friend,
                    Relationship::Other,
                ]
                .get(rng.below(4))
                .unwrap_or(&Relationship::Other),
            };
            let first = if rng.chance(50) {
                rng.pick(&WOMEN)
            } else {
                rng.pick(&MEN)
            };
            let name = if matches!(relationship, Relationship::Friend | Relationship::Other) {
                format!(
                    "{first} {}",
                    rng.pick(&["Carter", "Nguyen", "Okafor", "Silva", "Moreau"])
                )
            } else {
                format!("{first} {surname}")
            };
            let contact = *[
                ContactWay::Phone,
                ContactWay::Email,
                ContactWay::Text,
                ContactWay::None,
            ]
            .get(rng.below(4))
            .unwrap_or(&ContactWay::None);
            let id = format!("{id_prefix}family-{members:04}");
            let member = FamilyMember {
                id: id.clone(),
                schema: FAMILY_MEMBER_SCHEMA,
                name: name.clone(),
                supports: vec![Support {
                    client: client.id.clone(),
                    relationship,
                    legal_guardian: teen && n == 0,
                }],
                contact,
                // 555-01xx numbers and example.org addresses are reserved for fiction.
                phone: if matches!(contact, ContactWay::Phone | ContactWay::Text) {
                    format!("(555) 010-{:04}", members % 10_000)
                } else {
                    String::new()
                },
                email: if contact == ContactWay::Email {
                    format!("family{members}@example.org")
                } else {
                    String::new()
                },
                language: if rng.chance(15) {
                    "Spanish".into()
                } else {
                    String::new()
                },
                access_needs: if rng.chance(8) {
                    "Spanish interpreter".into()
                } else {
                    String::new()
                },
                notes: String::new(),
                availability: availability(&mut rng, today),
                unavailable: if rng.chance(20) {
                    vec![plus_days(today, rng.between(3, 40))]
                } else {
                    Vec::new()
                },
                groups: Vec::new(),
                archived: false,
            };
            p.family_members.insert(id.clone(), member);
            // About three in four people have a consent on record.
            let state = if n == 0 { special.next() } else { None };
            if state == Some("no consent") || (state.is_none() && !rng.chance(75)) {
                continue;
            }
            consents += 1;
            let signed_on = plus_days(client.admission_date, rng.between(0, 3)).min(today);
            let mut consent = Consent {
                id: format!("{id_prefix}consent-{consents:04}"),
                schema: CONSENT_SCHEMA,
                client: client.id.clone(),
                recipient: id,
                discloser: programme.clone(),
                purpose: "To take part in family sessions and family education".into(),
                scopes: if rng.chance(40) {
                    vec![
                        ShareScope::FamilySessions,
                        ShareScope::FamilyEducation,
                        ShareScope::ClientGroupTimes,
                    ]
                } else {
                    vec![ShareScope::FamilySessions, ShareScope::FamilyEducation]
                },
                signed_on,
                signer: if teen {
                    Signer::MinorClient
                } else {
                    Signer::Client
                },
                signer_name: String::new(),
                expiry: Expiry::Date {
                    on: plus_days(signed_on, 365),
                },
                revoked: None,
            };
            match state {
                Some("expired") => {
                    consent.signed_on = plus_days(today, -120);
                    consent.expiry = Expiry::Date {
                        on: plus_days(today, -5),
                    };
                }
                Some("revoked") => {
                    consent.revoked = Some(Revocation {
                        on: plus_days(today, -10).max(consent.signed_on),
                        how: "In writing, handed to the front desk".into(),
                    })
                }
                Some("ending soon") => {
                    consent.expiry = Expiry::Date {
                        on: plus_days(today, 9),
                    }
                }
                Some("review due") => {
                    consent.expiry = Expiry::Event {
                        event: "discharge from the programme".into(),
                        review_on: plus_days(today, -2).max(consent.signed_on),
                    }
                }
                _ => {}
            }
            // One share link already made (the disclosure log is never empty in the demo).
            if state.is_none() && p.disclosures.is_empty() && consent.signed_on < today {
                let made_on = plus_days(today, -7).max(consent.signed_on);
                let to = plus_days(made_on, 27);
                let disclosure = crate::domain::families::Disclosure {
                    id: format!("{id_prefix}disclosure-0001"),
                    schema: crate::domain::families::disclosure::DISCLOSURE_SCHEMA,
                    client: consent.client.clone(),
                    recipient: consent.recipient.clone(),
                    consent: consent.id.clone(),
                    made_on,
                    how: "share link".into(),
                    what: "family session dates, times and places; family-education group dates"
                        .into(),
                    from: made_on,
                    to,
                    expires: to,
                    code: None,
                };
                p.disclosures.insert(disclosure.id.clone(), disclosure);
            }
            p.consents.insert(consent.id.clone(), consent);
        }
    }
    add_family_sessions(p, today, &mut rng, id_prefix);
    add_family_education(p, today, &mut rng);
}

/// Family members in the family-education and multi-family groups: one family member of most
/// clients in each (joining with the client, at most six weeks back), with attendance at the
/// group's past sessions: mostly present, some absent or excused, so catch-up has work to do.
fn add_family_education(p: &mut Programme, today: NaiveDate, rng: &mut Rng) {
    use crate::domain::families::member::GroupStint;
    use crate::domain::sessions::session::{Attendance, Mark};
    use chrono::Datelike;
    let groups: Vec<(
        String,
        NaiveDate,
        Vec<crate::domain::roster::group::Meeting>,
    )> = p
        .groups
        .values()
        .filter(|g| !g.archived && g.kind.is_family())
        .map(|g| (g.id.clone(), g.start, g.pattern.meetings.clone()))
        .collect();
    for (group, start, meetings) in groups {
        let mut places: Vec<(String, NaiveDate)> = Vec::new();
        for m in p
            .memberships
            .values()
            .filter(|m| m.group == group && m.active_on(today))
        {
            let taken = |id: &str| places.iter().any(|(f, _)| f == id);
            // Someone whose family sessions never meet at the group's times.
            let free = |f: &str| {
                p.family_sessions
                    .values()
                    .filter(|fs| fs.family.iter().any(|x| x == f))
                    .all(|fs| {
                        fs.occurrences(fs.first, plus_days(today, 120))
                            .iter()
                            .all(|o| {
                                meetings.iter().all(|mt| {
                                    mt.weekday != o.date.weekday()
                                        || o.end() <= mt.start
                                        || mt.end() <= o.start
                                })
                            })
                    })
            };
            let Some(f) = p.family_members.values().find(|f| {
                !f.archived
                    && f.groups.is_empty()
                    && f.support_of(&m.client).is_some()
                    && !taken(&f.id)
                    && free(&f.id)
            }) else {
                continue;
            };
            if !rng.chance(80) {
                continue;
            }
            places.push((f.id.clone(), m.join.max(plus_days(today, -42)).max(start)));
        }
        for (member, join) in places {
            if let Some(f) = p.family_members.get_mut(&member) {
                f.groups.push(GroupStint {
                    group: group.clone(),
                    join,
                    leave: None,
                });
            }
            for s in p
                .sessions
                .values_mut()
                .filter(|s| s.group == group && !s.cancelled && join <= s.date && s.date < today)
            {
                let mark = match rng.below(20) {
                    0 | 1 => Mark::Absent,
                    2 => Mark::Excused,
                    _ => Mark::Attended,
                };
                s.attendance.insert(
                    member.clone(),
                    Attendance {
                        mark,
                        minutes: None,
                    },
                );
            }
        }
    }
}

/// Recurring family sessions for about one in three clients with a family: weekly or every two
/// weeks at 17:30 on a day the first family member can come, by telehealth, led by the staff in
/// turn; begun three weeks ago (with attendance) and running eight times.
fn add_family_sessions(p: &mut Programme, today: NaiveDate, rng: &mut Rng, id_prefix: &str) {
    use crate::domain::families::session::{
        Ends, FAMILY_SESSION_SCHEMA, FamilySession, Place, Repeat,
    };
    use crate::domain::sessions::session::Mark;
    use chrono::Datelike;
    let staff: Vec<String> = p
        .staff
        .values()
        .filter(|s| !s.archived)
        .map(|s| s.id.clone())
        .collect();
    if staff.is_empty() {
        return;
    }
    let mut by_client: Vec<(crate::domain::people::client::ClientId, Vec<String>)> = Vec::new();
    for m in p.family_members.values() {
        let client = &m.supports[0].client;
        match by_client.iter_mut().find(|(c, _)| c == client) {
            Some((_, family)) => family.push(m.id.clone()),
            None => by_client.push((client.clone(), vec![m.id.clone()])),
        }
    }
    let mut n = 0usize;
    for (client, family) in by_client {
        if !rng.chance(35) {
            continue;
        }
        n += 1;
        // The first member's usual evening (or any weekday), at a time and with a clinician that
        // clash with nothing already booked: the sample breaks no hard rule.
        let member = p.family_members.get(&family[0]).cloned();
        let mut weekdays: Vec<Weekday> = member
            .iter()
            .flat_map(|m| m.availability.iter())
            .filter(|w| w.alternate_from.is_none())
            .map(|w| w.weekday)
            .collect();
        weekdays.extend([Tue, Wed, Thu, Mon, Fri]);
        let family: Vec<String> = family.into_iter().take(2).collect();
        let every = if rng.chance(30) { 2 } else { 1 };
        let memberships: Vec<&crate::domain::Membership> = p
            .memberships
            .values()
            .filter(|ms| ms.client == client)
            .collect();
        let mut placed = None;
        'search: for weekday in weekdays {
            for (h, m) in [(17, 30), (16, 0), (19, 0), (12, 30), (13, 30)] {
                for k in 0..staff.len() {
                    let mut first = plus_days(today, -21);
                    while first.weekday() != weekday {
                        first = plus_days(first, 1);
                    }
                    let id = format!("{id_prefix}family-session-{n:04}");
                    let candidate = FamilySession {
                        id: id.clone(),
                        schema: FAMILY_SESSION_SCHEMA,
                        client: client.clone(),
                        family: family.clone(),
                        clinicians: vec![staff[(n + k) % staff.len()].clone()],
                        place: Place::Telehealth {
                            link: format!("https://telehealth.example.org/family/{id}"),
                        },
                        first,
                        start: time(h, m),
                        minutes: 60,
                        repeat: Repeat::Weekly { every },
                        ends: Some(Ends::Count { count: 8 }),
                        exceptions: Vec::new(),
                        attendance: Default::default(),
                        notes: String::new(),
                    };
                    // Everyone taking part said they can come, and the clinician works then.
                    let occurrences = candidate.occurrences(first, plus_days(first, 120));
                    let fits_family =
                        family
                            .iter()
                            .filter_map(|f| p.family_members.get(f))
                            .all(|m| {
                                occurrences
                                    .iter()
                                    .all(|o| m.available(o.date, o.start, o.end()))
                            });
                    let fits_staff = p.staff.get(&candidate.clinicians[0]).is_none_or(|s| {
                        s.availability.is_empty()
                            || occurrences.iter().all(|o| {
                                s.availability.iter().any(|a| {
                                    a.weekday == o.date.weekday()
                                        && a.from <= o.start
                                        && o.end() <= a.until
                                })
                            })
                    });
                    let fits_family = fits_family && fits_staff;
                    if fits_family && !clashes(p, &candidate, &memberships) {
                        placed = Some(candidate);
                        break 'search;
                    }
                }
            }
        }
        let Some(mut session) = placed else {
            continue;
        };
        let id = session.id.clone();
        let first = session.first;
        for o in session.occurrences(first, plus_days(today, -1)) {
            let mut marks = std::collections::BTreeMap::new();
            marks.insert(client.0.clone(), Mark::Attended);
            for f in &session.family {
                let mark = if rng.chance(85) {
                    Mark::Attended
                } else {
                    Mark::Absent
                };
                marks.insert(f.clone(), mark);
            }
            session.attendance.insert(o.series_date.to_string(), marks);
        }
        p.family_sessions.insert(id, session);
    }
}

/// Whether `s` would clash with a group its client or clinician is in, or with a family session
/// already booked for the same clinician or family member.
fn clashes(
    p: &Programme,
    s: &crate::domain::families::FamilySession,
    memberships: &[&crate::domain::Membership],
) -> bool {
    use chrono::Datelike;
    let far = plus_days(s.first, 400);
    for o in s.occurrences(s.first, far) {
        let overlaps =
            |from: chrono::NaiveTime, to: chrono::NaiveTime| o.start < to && from < o.end();
        for g in p
            .groups
            .values()
            .filter(|g| !g.archived && g.runs_on(o.date))
        {
            let busy = g
                .pattern
                .meetings
                .iter()
                .any(|m| m.weekday == o.date.weekday() && overlaps(m.start, m.end()));
            if !busy {
                continue;
            }
            let staffed = g
                .lead
                .iter()
                .chain(g.co_facilitators.iter())
                .any(|x| s.clinicians.contains(x));
            let member = memberships
                .iter()
                .any(|ms| ms.group == g.id && ms.active_on(o.date));
            if staffed || member {
                return true;
            }
        }
        for other in p.family_sessions.values() {
            let shared = other.clinicians.iter().any(|c| s.clinicians.contains(c))
                || other.family.iter().any(|f| s.family.contains(f))
                || other.client == s.client;
            if shared
                && other
                    .occurrences(o.date, o.date)
                    .iter()
                    .any(|x| overlaps(x.start, x.end()))
            {
                return true;
            }
        }
    }
    false
}
