//! Bad input everywhere (native only): every form's validation, and restoring a backup, driven
//! with hostile text: empty and whitespace-only values, 10,000-character values, control
//! characters, right-to-left marks and overrides, emoji with joiners, combining marks, and
//! mixtures of them. Nothing panics. A value over its field's limit is refused with a message
//! on that field saying its length and the limit, and nothing is stored. Text within the limits
//! (any script, direction marks, emoji) is kept exactly as typed, trimmed of outer spaces.
//!
//! By default 1,500 random field values, 200 whole forms and 200 backups (about 5 s in a debug
//! build); PROPTEST_CASES sets all three.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveTime};
use futures::executor::block_on;
use iop_planner::actions::{self, ActionError};
use iop_planner::domain::export::backup::{self, Payload};
use iop_planner::domain::families::consent::CONSENT_SCHEMA;
use iop_planner::domain::families::disclosure::DISCLOSURE_SCHEMA;
use iop_planner::domain::families::forms::{
    ConsentDraft, FamilyMemberDraft, FamilySessionDraft, SupportDraft, revoke,
};
use iop_planner::domain::families::{Consent, Disclosure, Expiry, FamilySession, Place, Signer};
use iop_planner::domain::library::curriculum::{
    CURRICULUM_SCHEMA, Curriculum, CurriculumKind, EntryRule, Module, Unit, validate_curriculum,
};
use iop_planner::domain::library::topic::{
    Modality, TOPIC_SCHEMA, Topic, TopicKind, validate_topic,
};
use iop_planner::domain::people::client::{ClientFields, validate_client};
use iop_planner::domain::people::forms::{RoomDraft, StaffDraft};
use iop_planner::domain::roster::forms::GroupDraft;
use iop_planner::domain::sessions::agenda;
use iop_planner::domain::sessions::session::{
    Overrides, SESSION_SCHEMA, Session, session_id, set_notes,
};
use iop_planner::domain::text::{LINK_MAX, NAME_MAX, NOTES_MAX, SHORT_MAX, is_blank, thousands};
use iop_planner::domain::{
    AgeBand, Client, ClientDraft, ClientField, ClientId, GroupType, Location, Programme, Room,
    Staff, roster,
};
use iop_planner::storage::{MemoryStorage, Storage};
use proptest::prelude::*;
use serde_json::Value;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn cid(id: &str) -> ClientId {
    ClientId(id.into())
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------------------------------------
// Hostile text

/// Pieces hostile text is made of: controls (C0, DEL, C1), layout, direction marks and
/// overrides, invisible characters, emoji with joiners and variation selectors, combining
/// marks, other scripts, and characters that mean something to spreadsheets and HTML.
const PIECES: &[&str] = &[
    "",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\u{0}",
    "\u{7}",
    "\u{b}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{9f}",
    "\u{a0}",
    "\u{3000}",
    "\u{2028}",
    "\u{200b}",
    "\u{200d}",
    "\u{200e}",
    "\u{200f}",
    "\u{202a}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
    "\u{feff}",
    "e\u{301}",
    "\u{308}",
    "👩\u{200d}👩\u{200d}👧\u{200d}👦",
    "🏳\u{fe0f}\u{200d}🌈",
    "😀",
    "Zoë",
    "مريم",
    "דנה",
    "漢字",
    "a",
    "Ana Example",
    ",",
    "=1+1",
    "<b>",
    "\"",
    "\\",
    "'",
    "%s",
    "\u{fffd}",
    "\u{10ffff}",
];

/// Exactly `n` characters, repeating `piece` (empty for an empty piece).
fn repeat_to(piece: &str, n: usize) -> String {
    piece.chars().cycle().take(n).collect()
}

/// Lengths at and around every limit.
const EDGES: &[usize] = &[
    NAME_MAX - 1,
    NAME_MAX,
    NAME_MAX + 1,
    SHORT_MAX,
    SHORT_MAX + 1,
    LINK_MAX,
    LINK_MAX + 1,
    NOTES_MAX,
    NOTES_MAX + 1,
    10_000,
];

/// Hostile text. Failure reports show its length and start, not 10,000 characters.
#[derive(Clone)]
struct Hostile(String);

impl std::fmt::Debug for Hostile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} characters: {}",
            self.0.chars().count(),
            show(&self.0)
        )
    }
}

/// The start of a value, escaped, for failure messages.
fn show(value: &str) -> String {
    let start: String = value.chars().take(40).collect();
    if start.len() < value.len() {
        format!("{start:?}…")
    } else {
        format!("{start:?}")
    }
}

fn hostile() -> impl Strategy<Value = Hostile> {
    hostile_text().prop_map(Hostile)
}

fn hostile_text() -> impl Strategy<Value = String> {
    let piece = || prop::sample::select(PIECES);
    let spaces =
        prop::sample::select(&[" ", "\t", "\n", "\r", "\u{a0}", "\u{3000}", "\u{2028}"][..]);
    prop_oneof![
        1 => Just(String::new()),
        2 => prop::collection::vec(spaces, 1..12).prop_map(|v| v.concat()),
        3 => piece().prop_map(|p| repeat_to(p, 10_000)),
        3 => (prop::collection::vec(piece(), 1..6), prop::sample::select(EDGES))
            .prop_map(|(v, n)| repeat_to(&v.concat(), n)),
        4 => prop::collection::vec(piece(), 0..16).prop_map(|v| v.concat()),
        2 => any::<String>(),
    ]
}

/// A fixed list, so every field meets every kind of hostile text whatever the random cases.
fn fixed_hostile() -> Vec<String> {
    let mut out: Vec<String> = vec![
        String::new(),
        "   ".into(),
        " \t\n\r\u{a0}\u{3000} ".into(),
        "x".repeat(10_000),
        "😀".repeat(10_000),
        repeat_to("👩\u{200d}👧", 10_000),
        "\u{0}".into(),
        "Ana\u{7}Example".into(),
        "\u{1b}[31mred".into(),
        "next\u{85}line".into(),
        "tab\tinside".into(),
        "line\nbreak".into(),
        "\u{200f}מרים כהן\u{200f}".into(),
        "abc\u{202e}fed".into(),
        "\u{200b}\u{200f}".into(),
        "Zoe\u{308} 👩\u{200d}👩\u{200d}👧\u{200d}👦".into(),
        "=HYPERLINK(\"x\")".into(),
    ];
    assert_eq!(out.len(), FIXED_KINDS);
    for n in EDGES {
        out.push(repeat_to("é", *n));
    }
    out
}

/// How many kinds of hostile text [`fixed_hostile`] lists before its lengths at the limits.
const FIXED_KINDS: usize = 17;

// ---------------------------------------------------------------------------------------------
// A small programme, built through the forms themselves

fn client(p: &Programme, id: &str, name: &str, band: AgeBand) -> Client {
    let draft = ClientDraft {
        full_name: name.into(),
        pronouns: "they/them".into(),
        notes: "Prefers evenings.".into(),
        age_band: band.code().into(),
        ..ClientDraft::blank(&p.settings, today())
    };
    Client::new(
        cid(id),
        validate_client(&draft, &p.settings, today(), None).unwrap(),
    )
}

fn programme() -> &'static Programme {
    static P: OnceLock<Programme> = OnceLock::new();
    P.get_or_init(|| {
        let mut p = Programme::default();
        p.settings = p
            .settings
            .with_programme("Riverside IOP", true, "")
            .unwrap()
            .with_public_address("https://iop.example.org/planner/")
            .unwrap();
        for (id, name, band) in [
            ("c1", "Ana Example", AgeBand::Adult),
            ("c2", "Ben Example", AgeBand::Adolescent),
            ("c3", "Cy Example", AgeBand::Adult),
        ] {
            let c = client(&p, id, name, band);
            p.clients.insert(cid(id), c);
        }
        let staff = StaffDraft {
            name: "Dana Fictional".into(),
            credentials: "LCSW".into(),
            roles: "Group facilitator, Family therapist".into(),
            ..StaffDraft::default()
        }
        .to_staff("s1".into(), None)
        .unwrap();
        p.staff.insert("s1".into(), staff);
        let room = RoomDraft {
            name: "Online room".into(),
            telehealth: true,
            link: "https://meet.example/room".into(),
            ..RoomDraft::blank()
        }
        .to_room("r1".into(), None)
        .unwrap();
        p.rooms.insert("r1".into(), room);
        let group = GroupDraft {
            name: "Evening skills".into(),
            lead: "s1".into(),
            room: "r1".into(),
            ..GroupDraft::blank(day(11, 2))
        }
        .to_group(&p, "g1".into(), None)
        .unwrap();
        p.groups.insert("g1".into(), group);
        let joined = roster::join(&p, &cid("c1"), "g1", day(11, 2), None, "m1".into()).unwrap();
        p.apply(&joined);
        let apart =
            roster::keep_apart(&p, &cid("c1"), &cid("c2"), "Same school", "k1".into()).unwrap();
        p.apply(&apart);
        let topic = Topic {
            id: "t1".into(),
            schema: TOPIC_SCHEMA,
            title: "Grounding".into(),
            kind: TopicKind::SkillsPractice,
            modalities: vec![Modality::Mindfulness],
            summary: "Five senses.".into(),
            objectives: vec!["Name five things you can see".into()],
            minutes: 50,
            materials: vec!["Worksheet".into()],
            homework: "Practise daily.".into(),
            facilitator_notes: "Go slowly.".into(),
            core: true,
            archived: false,
        };
        validate_topic(&topic).unwrap();
        p.topics.insert("t1".into(), topic);
        let curriculum = Curriculum {
            id: "cu1".into(),
            schema: CURRICULUM_SCHEMA,
            name: "Skills".into(),
            description: "Eight weeks.\nRolling.".into(),
            kind: CurriculumKind::Closed,
            entry: EntryRule::AnySession,
            modules: vec![Module {
                id: "m1".into(),
                name: "Module 1".into(),
                units: vec![Unit {
                    id: "u1".into(),
                    topic: "t1".into(),
                    practice: None,
                }],
            }],
            archived: false,
        };
        validate_curriculum(&curriculum, &p.topics).unwrap();
        p.curricula.insert("cu1".into(), curriculum);
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let session = Session {
            id: session_id("g1", day(11, 2), nine),
            schema: SESSION_SCHEMA,
            group: "g1".into(),
            slot: day(11, 2),
            slot_start: nine,
            date: day(11, 2),
            start: nine,
            minutes: 90,
            unit: None,
            topic: Some("t1".into()),
            practice: None,
            cancelled: false,
            overrides: Overrides::default(),
            agenda: agenda::template(GroupType::Skills, 90),
            attendance: BTreeMap::new(),
            notes: "Bring handouts.".into(),
        };
        p.sessions.insert(session.id.clone(), session);
        let member = FamilyMemberDraft {
            name: "Maria Example".into(),
            supports: vec![
                SupportDraft {
                    client: "c1".into(),
                    ..SupportDraft::default()
                },
                SupportDraft {
                    client: "c2".into(),
                    guardian: true,
                    ..SupportDraft::default()
                },
            ],
            phone: "+1 555 010 2030".into(),
            email: "maria@example.org".into(),
            language: "Spanish".into(),
            access_needs: "Interpreter".into(),
            notes: "Works shifts.".into(),
            ..FamilyMemberDraft::blank(None)
        }
        .to_member(&p, "f1".into(), None)
        .unwrap();
        p.family_members.insert("f1".into(), member);
        let adult = ConsentDraft::blank(&p, &cid("c1"), "f1", today())
            .to_consent(&p, "cn1".into(), None)
            .unwrap();
        p.consents.insert("cn1".into(), adult);
        let minor = ConsentDraft {
            signer: Signer::Guardian.key().into(),
            signer_name: "Maria Example".into(),
            expiry_kind: "event".into(),
            event: "discharge from the programme".into(),
            review_on: day(12, 31).to_string(),
            ..ConsentDraft::blank(&p, &cid("c2"), "f1", today())
        }
        .to_consent(&p, "cn2".into(), None)
        .unwrap();
        let minor = revoke(&minor, &today().to_string(), "in writing", today()).unwrap();
        p.consents.insert("cn2".into(), minor);
        let family_session = FamilySessionDraft {
            clinician: "s1".into(),
            place: "telehealth".into(),
            link: "https://meet.example/family".into(),
            notes: "First meeting.".into(),
            ..FamilySessionDraft::blank(&cid("c1"), vec!["f1".into()], today())
        }
        .to_session(&p, "fs1".into(), None)
        .unwrap();
        p.family_sessions.insert("fs1".into(), family_session);
        let disclosure = Disclosure {
            id: "d1".into(),
            schema: DISCLOSURE_SCHEMA,
            client: cid("c1"),
            recipient: "f1".into(),
            consent: "cn1".into(),
            made_on: today(),
            how: "share link".into(),
            what: "family-session times and place".into(),
            from: today(),
            to: day(12, 24),
            expires: day(12, 24),
            code: None,
        };
        p.disclosures.insert("d1".into(), disclosure);
        assert_eq!(CONSENT_SCHEMA, p.consents["cn1"].schema);
        p
    })
}

// ---------------------------------------------------------------------------------------------
// Every free-text field of every form

/// What a form did with a value: the value as it would be stored, or the messages by field.
type Outcome = Result<String, Vec<(String, String)>>;

fn keyed<K: ToString>(errors: Vec<(K, String)>) -> Vec<(String, String)> {
    errors
        .into_iter()
        .map(|(k, m)| (k.to_string(), m))
        .collect()
}

/// A message about the whole form (settings, roster commands, the agenda): keyed "".
fn whole(message: String) -> Vec<(String, String)> {
    vec![(String::new(), message)]
}

/// One free-text field of one form.
struct Field {
    form: &'static str,
    /// The key its messages come under ("" for forms with one message).
    key: &'static str,
    max: usize,
    multiline: bool,
    /// Empty (nothing visible) is refused.
    required: bool,
    /// Has a shape rule too (phone, email, web address), so text within the limits may still
    /// be refused, on this field.
    shaped: bool,
    /// Comma-separated list, each item checked on its own (staff roles).
    list: bool,
    run: fn(&Programme, &str) -> Outcome,
}

const fn field(
    form: &'static str,
    key: &'static str,
    max: usize,
    run: fn(&Programme, &str) -> Outcome,
) -> Field {
    Field {
        form,
        key,
        max,
        multiline: false,
        required: false,
        shaped: false,
        list: false,
        run,
    }
}

impl Field {
    const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }
    const fn multiline(self) -> Field {
        Field {
            multiline: true,
            ..self
        }
    }
    const fn shaped(self) -> Field {
        Field {
            shaped: true,
            ..self
        }
    }
    const fn list(self) -> Field {
        Field { list: true, ..self }
    }
}

fn client_form(
    p: &Programme,
    value: &str,
    set: fn(&mut ClientDraft, &str),
    get: fn(&ClientFields) -> &str,
) -> Outcome {
    let mut d = p.clients[&cid("c1")].to_draft();
    set(&mut d, value);
    validate_client(&d, &p.settings, today(), Some("mental-health"))
        .map(|f| get(&f).to_string())
        .map_err(|e| {
            keyed(
                e.0.into_iter()
                    .map(|(f, m)| (format!("{f:?}"), m))
                    .collect(),
            )
        })
}

fn staff_form(
    p: &Programme,
    value: &str,
    set: fn(&mut StaffDraft, &str),
    get: fn(Staff) -> String,
) -> Outcome {
    let s = &p.staff["s1"];
    let mut d = StaffDraft::from_staff(s);
    set(&mut d, value);
    d.to_staff("s1".into(), Some(s))
        .map(get)
        .map_err(|e| keyed(e.0))
}

fn room_form(
    p: &Programme,
    value: &str,
    set: fn(&mut RoomDraft, &str),
    get: fn(Room) -> String,
) -> Outcome {
    let r = &p.rooms["r1"];
    let mut d = RoomDraft::from_room(r);
    set(&mut d, value);
    d.to_room("r1".into(), Some(r))
        .map(get)
        .map_err(|e| keyed(e.0))
}

fn room_link(r: Room) -> String {
    match r.location {
        Location::Telehealth { link } => link,
        Location::InPerson => String::new(),
    }
}

fn topic_form(p: &Programme, value: &str, set: fn(&mut Topic, &str)) -> Outcome {
    let mut t = p.topics["t1"].clone();
    // The editor trims each field (and each line of the lists) before checking.
    set(&mut t, value.trim());
    validate_topic(&t)
        .map(|()| value.trim().to_string())
        .map_err(|e| keyed(e.0))
}

fn curriculum_form(p: &Programme, value: &str, set: fn(&mut Curriculum, &str)) -> Outcome {
    let mut c = p.curricula["cu1"].clone();
    set(&mut c, value.trim());
    validate_curriculum(&c, &p.topics)
        .map(|()| value.trim().to_string())
        .map_err(|e| keyed(e.0))
}

fn member_form(
    p: &Programme,
    value: &str,
    set: fn(&mut FamilyMemberDraft, &str),
    get: fn(&iop_planner::domain::families::FamilyMember) -> &str,
) -> Outcome {
    let m = &p.family_members["f1"];
    let mut d = FamilyMemberDraft::from_member(m);
    set(&mut d, value);
    d.to_member(p, "f1".into(), Some(m))
        .map(|m| get(&m).to_string())
        .map_err(|e| keyed(e.0))
}

fn consent_form(
    p: &Programme,
    id: &str,
    value: &str,
    set: fn(&mut ConsentDraft, &str),
    get: fn(&Consent) -> &str,
) -> Outcome {
    let c = &p.consents[id];
    let mut d = ConsentDraft::from_consent(c);
    set(&mut d, value);
    d.to_consent(p, id.into(), Some(c))
        .map(|c| get(&c).to_string())
        .map_err(|e| keyed(e.0))
}

fn event(c: &Consent) -> &str {
    match &c.expiry {
        Expiry::Event { event, .. } => event,
        Expiry::Date { .. } => "",
    }
}

fn family_session_form(
    p: &Programme,
    value: &str,
    set: fn(&mut FamilySessionDraft, &str),
    get: fn(FamilySession) -> String,
) -> Outcome {
    let s = &p.family_sessions["fs1"];
    let mut d = FamilySessionDraft::from_session(s);
    set(&mut d, value);
    d.to_session(p, "fs1".into(), Some(s))
        .map(get)
        .map_err(|e| keyed(e.0))
}

/// Every free-text field of every form, with the limit it should have.
fn fields() -> Vec<Field> {
    vec![
        // Clients.
        field("client", "FullName", NAME_MAX, |p, v| {
            client_form(p, v, |d, v| d.full_name = v.into(), |f| &f.full_name)
        })
        .required(),
        field("client", "PreferredName", NAME_MAX, |p, v| {
            client_form(
                p,
                v,
                |d, v| d.preferred_name = v.into(),
                |f| &f.preferred_name,
            )
        }),
        field("client", "Pronouns", SHORT_MAX, |p, v| {
            client_form(p, v, |d, v| d.pronouns = v.into(), |f| &f.pronouns)
        }),
        field("client", "Notes", NOTES_MAX, |p, v| {
            client_form(p, v, |d, v| d.notes = v.into(), |f| &f.notes)
        })
        .multiline(),
        // Groups, staff, rooms.
        field("group", "name", NAME_MAX, |p, v| {
            let mut d = GroupDraft::from_group(&p.groups["g1"]);
            d.name = v.into();
            d.to_group(p, "g1".into(), Some(&p.groups["g1"]))
                .map(|g| g.name)
                .map_err(|e| keyed(e.0))
        })
        .required(),
        field("staff", "name", NAME_MAX, |p, v| {
            staff_form(p, v, |d, v| d.name = v.into(), |s| s.name)
        })
        .required(),
        field("staff", "credentials", SHORT_MAX, |p, v| {
            staff_form(p, v, |d, v| d.credentials = v.into(), |s| s.credentials)
        }),
        field("staff", "roles", SHORT_MAX, |p, v| {
            staff_form(p, v, |d, v| d.roles = v.into(), |s| s.roles.join(", "))
        })
        .list(),
        field("room", "name", NAME_MAX, |p, v| {
            room_form(p, v, |d, v| d.name = v.into(), |r| r.name)
        })
        .required(),
        field("room", "link", LINK_MAX, |p, v| {
            room_form(p, v, |d, v| d.link = v.into(), room_link)
        })
        .required()
        .shaped(),
        // Roster commands with typed text.
        field(
            "keep apart",
            "",
            SHORT_MAX,
            |p, v| match roster::keep_apart(p, &cid("c1"), &cid("c3"), v, "k2".into()) {
                Ok(change) => match &change.insert[..] {
                    [iop_planner::domain::Record::KeepApart(k)] => Ok(k.reason.clone()),
                    other => panic!("unexpected change {other:?}"),
                },
                Err(e) => Err(whole(e)),
            },
        ),
        field(
            "end membership",
            "",
            SHORT_MAX,
            |p, v| match roster::end_membership(p, "m1", today(), v) {
                Ok(change) => match &change.put[..] {
                    [iop_planner::domain::Record::Membership(m)] => Ok(m.reason.clone()),
                    other => panic!("unexpected change {other:?}"),
                },
                Err(e) => Err(whole(e)),
            },
        ),
        // The library.
        field("topic", "title", NAME_MAX, |p, v| {
            topic_form(p, v, |t, v| t.title = v.into())
        })
        .required(),
        field("topic", "text", NOTES_MAX, |p, v| {
            topic_form(p, v, |t, v| t.summary = v.into())
        })
        .multiline(),
        field("topic", "text", NOTES_MAX, |p, v| {
            topic_form(p, v, |t, v| t.homework = v.into())
        })
        .multiline(),
        field("topic", "text", NOTES_MAX, |p, v| {
            topic_form(p, v, |t, v| t.facilitator_notes = v.into())
        })
        .multiline(),
        field("topic", "objectives", SHORT_MAX, |p, v| {
            topic_form(p, v, |t, v| t.objectives = vec![v.into()])
        })
        .required(),
        field("topic", "materials", SHORT_MAX, |p, v| {
            topic_form(p, v, |t, v| t.materials = vec![v.into()])
        }),
        field("curriculum", "name", NAME_MAX, |p, v| {
            curriculum_form(p, v, |c, v| c.name = v.into())
        })
        .required(),
        field("curriculum", "description", NOTES_MAX, |p, v| {
            curriculum_form(p, v, |c, v| c.description = v.into())
        })
        .multiline(),
        field("curriculum", "modules", NAME_MAX, |p, v| {
            curriculum_form(p, v, |c, v| c.modules[0].name = v.into())
        })
        .required(),
        // Families.
        field("family member", "name", NAME_MAX, |p, v| {
            member_form(p, v, |d, v| d.name = v.into(), |m| &m.name)
        })
        .required(),
        field("family member", "phone", SHORT_MAX, |p, v| {
            member_form(p, v, |d, v| d.phone = v.into(), |m| &m.phone)
        })
        .shaped(),
        field("family member", "email", SHORT_MAX, |p, v| {
            member_form(p, v, |d, v| d.email = v.into(), |m| &m.email)
        })
        .shaped(),
        field("family member", "language", SHORT_MAX, |p, v| {
            member_form(p, v, |d, v| d.language = v.into(), |m| &m.language)
        }),
        field("family member", "access_needs", SHORT_MAX, |p, v| {
            member_form(p, v, |d, v| d.access_needs = v.into(), |m| &m.access_needs)
        }),
        field("family member", "notes", NOTES_MAX, |p, v| {
            member_form(p, v, |d, v| d.notes = v.into(), |m| &m.notes)
        })
        .multiline(),
        field("consent", "discloser", SHORT_MAX, |p, v| {
            consent_form(p, "cn1", v, |d, v| d.discloser = v.into(), |c| &c.discloser)
        })
        .required(),
        field("consent", "purpose", SHORT_MAX, |p, v| {
            consent_form(p, "cn1", v, |d, v| d.purpose = v.into(), |c| &c.purpose)
        })
        .required(),
        field("consent", "signer_name", NAME_MAX, |p, v| {
            consent_form(
                p,
                "cn2",
                v,
                |d, v| d.signer_name = v.into(),
                |c| &c.signer_name,
            )
        })
        .required(),
        field("consent", "expiry", SHORT_MAX, |p, v| {
            consent_form(p, "cn2", v, |d, v| d.event = v.into(), event)
        })
        .required(),
        field("revoke consent", "revoked_how", SHORT_MAX, |p, v| {
            revoke(&p.consents["cn1"], &today().to_string(), v, today())
                .map(|c| c.revoked.map(|r| r.how).unwrap_or_default())
                .map_err(|e| keyed(e.0))
        })
        .required(),
        field("family session", "notes", NOTES_MAX, |p, v| {
            family_session_form(p, v, |d, v| d.notes = v.into(), |s| s.notes)
        })
        .multiline(),
        field("family session", "link", LINK_MAX, |p, v| {
            family_session_form(
                p,
                v,
                |d, v| d.link = v.into(),
                |s| match s.place {
                    Place::Telehealth { link } => link,
                    Place::Room { .. } => String::new(),
                },
            )
        })
        .required()
        .shaped(),
        // Settings.
        field("settings: programme", "", NAME_MAX, |p, v| {
            p.settings
                .with_programme(v, true, "")
                .map(|s| s.programme_name)
                .map_err(whole)
        }),
        field("settings: public address", "", SHORT_MAX, |p, v| {
            p.settings
                .with_public_address(v)
                .map(|s| s.public_address)
                .map_err(whole)
        })
        .shaped(),
        field("settings: new track", "", NAME_MAX, |p, v| {
            p.settings
                .with_track_added(v)
                .map(|s| s.tracks.last().map(|t| t.name.clone()).unwrap_or_default())
                .map_err(whole)
        })
        .required(),
        field("settings: rename track", "", NAME_MAX, |p, v| {
            p.settings
                .with_track_changed("mental-health", v, false)
                .map(|s| s.track_name("mental-health"))
                .map_err(whole)
        })
        .required(),
        // Sessions.
        field("agenda block", "", NAME_MAX, |p, v| {
            let mut blocks = p.sessions.values().next().unwrap().agenda.clone();
            agenda::rename_block(&mut blocks, "b1", v)
                .map(|()| blocks[0].title.clone())
                .map_err(whole)
        })
        .required(),
        field("session notes", "", NOTES_MAX, |p, v| {
            set_notes(p.sessions.values().next().unwrap(), v)
                .map(|s| s.notes)
                .map_err(whole)
        })
        .multiline(),
    ]
}

/// What the rules say should happen to one trimmed value of a field.
#[derive(Debug, PartialEq)]
enum Expect {
    /// Refused: nothing visible in a required field.
    Missing,
    /// Refused: longer than the limit (this many characters).
    TooLong(usize),
    /// Refused: a control character (line breaks and tabs are fine in multi-line fields).
    Control,
    /// Accepted as typed (unless a shape rule refuses it, on this field).
    Kept,
}

fn expect(f: &Field, value: &str) -> Expect {
    let length = value.chars().count();
    let control = value
        .chars()
        .any(|c| c.is_control() && !(f.multiline && matches!(c, '\n' | '\r' | '\t')));
    if f.required && is_blank(value) {
        Expect::Missing
    } else if length > f.max {
        Expect::TooLong(length)
    } else if control {
        Expect::Control
    } else {
        Expect::Kept
    }
}

/// Drive one field with one typed value and check what happened against the rules.
fn check(f: &Field, typed: &str) -> Result<(), TestCaseError> {
    let p = programme();
    let outcome = (f.run)(p, typed);
    let what = format!("{} {:?}", f.form, f.key);
    let trimmed = typed.trim();
    let (expected, kept) = if f.list {
        let items: Vec<&str> = trimmed
            .split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .collect();
        let first_problem = items
            .iter()
            .map(|item| expect(f, item))
            .find(|e| *e != Expect::Kept);
        (first_problem.unwrap_or(Expect::Kept), items.join(", "))
    } else {
        (expect(f, trimmed), trimmed.to_string())
    };
    if let Err(errors) = &outcome {
        prop_assert!(!errors.is_empty(), "{what}: refused without a message");
        for (key, message) in errors {
            prop_assert_eq!(
                key,
                f.key,
                "{}: message on another field: {}",
                &what,
                message
            );
            prop_assert!(!message.is_empty());
            prop_assert!(
                message.chars().count() < 400,
                "{what}: a message should not quote the value back: {} characters",
                message.chars().count()
            );
        }
    }
    let message = || {
        outcome
            .as_ref()
            .err()
            .and_then(|e| e.first())
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    };
    match expected {
        Expect::Missing => prop_assert!(outcome.is_err(), "{what}: blank value saved"),
        Expect::TooLong(length) => {
            prop_assert!(outcome.is_err(), "{what}: {length} characters saved");
            let said = format!(
                "too long: {} characters; at most {}.",
                thousands(length),
                thousands(f.max)
            );
            prop_assert!(
                message().contains(&said),
                "{what}: {:?} does not say {said:?}",
                message()
            );
        }
        Expect::Control => {
            prop_assert!(outcome.is_err(), "{what}: control character saved");
            prop_assert!(
                message().ends_with("; remove it."),
                "{what}: {:?}",
                message()
            );
        }
        Expect::Kept => match &outcome {
            Ok(stored) => prop_assert!(
                stored == &kept,
                "{what}: {} stored as {}",
                show(&kept),
                show(stored)
            ),
            Err(_) if f.shaped => {}
            Err(e) => prop_assert!(false, "{what}: {} refused: {e:?}", show(&kept)),
        },
    }
    Ok(())
}

#[test]
fn every_field_meets_every_kind_of_hostile_text() {
    let fields = fields();
    for typed in fixed_hostile() {
        for f in &fields {
            if let Err(e) = check(f, &typed) {
                panic!("{}: {e}", show(&typed));
            }
        }
    }
}

#[test]
fn names_in_any_script_with_direction_marks_and_emoji_are_kept_exactly() {
    let p = programme();
    for name in [
        "\u{200f}מרים כהן\u{200f}",
        "مريم\u{200f} Example",
        "abc\u{202e}fed",
        "Zoe\u{308} 👩\u{200d}👩\u{200d}👧\u{200d}👦",
        "🏳\u{fe0f}\u{200d}🌈 Ash",
        "漢字 かな",
    ] {
        for f in fields().iter().filter(|f| f.max == NAME_MAX && !f.shaped) {
            assert_eq!((f.run)(p, &format!("  {name} ")), Ok(name.to_string()));
        }
        let exact = repeat_to(name, NAME_MAX);
        if !exact.ends_with(char::is_whitespace) {
            let f = &fields()[0];
            assert_eq!((f.run)(p, &exact), Ok(exact.clone()), "{}", f.form);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(1500),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Any field of any form, any hostile text: no panic, over-long refused with its limit on
    /// that field, control characters refused, blank required fields refused, the rest kept.
    #[test]
    fn every_form_field_refuses_what_it_should_and_keeps_the_rest(
        which in 0..fields().len(),
        typed in hostile(),
    ) {
        check(&fields()[which], &typed.0)?;
    }

}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(200),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Hostile text in every field of one form at once never panics, and a form with an
    /// over-long value is never saved.
    #[test]
    fn whole_forms_of_hostile_text_never_panic(values in prop::collection::vec(hostile(), 11)) {
        let values: Vec<String> = values.into_iter().map(|h| h.0).collect();
        let p = programme();
        let d = ClientDraft {
            full_name: values[0].clone(),
            preferred_name: values[1].clone(),
            pronouns: values[2].clone(),
            notes: values[3].clone(),
            age_band: values[4].clone(),
            gender: values[5].clone(),
            track: values[6].clone(),
            level_of_care: values[7].clone(),
            schedule: values[8].clone(),
            admission_date: values[9].clone(),
            expected_discharge: values[10].clone(),
        };
        let too_long = d.full_name.trim().chars().count() > NAME_MAX
            || d.notes.trim().chars().count() > NOTES_MAX;
        let saved = validate_client(&d, &p.settings, today(), None);
        prop_assert!(!(too_long && saved.is_ok()));
        let group = GroupDraft {
            name: values[0].clone(),
            kind: values[1].clone(),
            track: values[2].clone(),
            age_band: values[3].clone(),
            gender: values[4].clone(),
            admission: values[5].clone(),
            module_weeks: values[6].clone(),
            capacity_min: values[7].clone(),
            capacity_max: values[8].clone(),
            start: values[9].clone(),
            end: values[10].clone(),
            lead: values[1].clone(),
            room: values[2].clone(),
            cancelled: values.clone(),
            meetings: vec![iop_planner::domain::roster::forms::MeetingDraft {
                weekday: values[3].clone(),
                start: values[4].clone(),
                minutes: values[5].clone(),
            }],
            co_facilitators: values.clone(),
        };
        let _ = group.to_group(p, "g9".into(), None);
        let member = FamilyMemberDraft {
            name: values[0].clone(),
            supports: vec![SupportDraft { client: values[1].clone(), relationship: values[2].clone(), guardian: true }],
            contact: values[3].clone(),
            phone: values[4].clone(),
            email: values[5].clone(),
            language: values[6].clone(),
            access_needs: values[7].clone(),
            notes: values[8].clone(),
            availability: vec![iop_planner::domain::families::forms::FreeTimeDraft {
                weekday: values[9].clone(),
                from: values[10].clone(),
                until: values[0].clone(),
                alternate_from: values[1].clone(),
            }],
            unavailable: values[2].clone(),
        };
        if let Err(e) = member.to_member(p, "f9".into(), None) {
            for (_, m) in e.0 {
                prop_assert!(m.chars().count() < 400, "{} characters", m.chars().count());
            }
        }
        let consent = ConsentDraft {
            client: values[0].clone(),
            recipient: values[1].clone(),
            discloser: values[2].clone(),
            purpose: values[3].clone(),
            scopes: Vec::new(),
            signed_on: values[4].clone(),
            signer: values[5].clone(),
            signer_name: values[6].clone(),
            expiry_kind: values[7].clone(),
            expires_on: values[8].clone(),
            event: values[9].clone(),
            review_on: values[10].clone(),
        };
        let _ = consent.to_consent(p, "cn9".into(), None);
        let _ = revoke(&p.consents["cn1"], &values[0], &values[1], today());
        let session = FamilySessionDraft {
            client: values[0].clone(),
            family: values.clone(),
            clinician: values[1].clone(),
            co_clinician: values[2].clone(),
            place: values[3].clone(),
            room: values[4].clone(),
            link: values[5].clone(),
            first: values[6].clone(),
            start: values[7].clone(),
            minutes: values[8].clone(),
            repeat: values[9].clone(),
            ends: values[10].clone(),
            count: values[0].clone(),
            until: values[1].clone(),
            notes: values[2].clone(),
        };
        let _ = session.to_session(p, "fs9".into(), None);
        let staff = StaffDraft {
            name: values[0].clone(),
            credentials: values[1].clone(),
            roles: values[2].clone(),
            availability: vec![iop_planner::domain::people::forms::AvailabilityDraft {
                weekday: values[3].clone(),
                from: values[4].clone(),
                until: values[5].clone(),
            }],
        };
        let _ = staff.to_staff("s9".into(), None);
        let room = RoomDraft { name: values[6].clone(), capacity: values[7].clone(), telehealth: true, link: values[8].clone() };
        let _ = room.to_room("r9".into(), None);
        let _ = p.settings.with_programme(&values[0], false, &values[1]);
        let _ = p.settings.with_opening_hours(&[], &values[2], &values[3]);
        let _ = p.settings.with_care_hours(
            iop_planner::domain::LevelOfCare::Iop, AgeBand::Adult, &values[4], &values[5]);
        let _ = p.settings.with_track_changed(&values[6], &values[7], true);
        let _ = roster::keep_apart(p, &cid(&values[8]), &cid(&values[9]), &values[10], values[0].clone());
    }
}

// ---------------------------------------------------------------------------------------------
// Restoring a backup

/// A record field a backup can hold hostile text in: its store, a JSON pointer into the store's
/// list of records (for a month of sessions, `#` and a pointer into its packed sessions), the
/// limit, and whether the limit applies to the trimmed value (names).
struct Target {
    store: &'static str,
    pointer: &'static str,
    max: usize,
}

const TARGETS: &[Target] = &[
    target("clients", "/0/full_name", NAME_MAX),
    target("clients", "/0/preferred_name", NAME_MAX),
    target("clients", "/0/pronouns", SHORT_MAX),
    target("clients", "/0/notes", NOTES_MAX),
    target("groups", "/0/name", NAME_MAX),
    target("staff", "/0/name", NAME_MAX),
    target("staff", "/0/credentials", SHORT_MAX),
    target("staff", "/0/roles/0", SHORT_MAX),
    target("rooms", "/0/name", NAME_MAX),
    target("rooms", "/0/location/link", LINK_MAX),
    target("keep_apart", "/0/reason", SHORT_MAX),
    target("memberships", "/0/reason", SHORT_MAX),
    target("topics", "/0/title", NAME_MAX),
    target("topics", "/0/summary", NOTES_MAX),
    target("topics", "/0/homework", NOTES_MAX),
    target("topics", "/0/facilitator_notes", NOTES_MAX),
    target("topics", "/0/objectives/0", SHORT_MAX),
    target("topics", "/0/materials/0", SHORT_MAX),
    target("curricula", "/0/name", NAME_MAX),
    target("curricula", "/0/description", NOTES_MAX),
    target("curricula", "/0/modules/0/name", NAME_MAX),
    target("settings", "/0/programme_name", NAME_MAX),
    target("settings", "/0/public_address", SHORT_MAX),
    target("settings", "/0/tracks/0/name", NAME_MAX),
    target("family_members", "/0/name", NAME_MAX),
    target("family_members", "/0/phone", SHORT_MAX),
    target("family_members", "/0/email", SHORT_MAX),
    target("family_members", "/0/language", SHORT_MAX),
    target("family_members", "/0/access_needs", SHORT_MAX),
    target("family_members", "/0/notes", NOTES_MAX),
    target("consents", "/0/purpose", SHORT_MAX),
    target("consents", "/0/discloser", SHORT_MAX),
    target("consents", "/1/signer_name", NAME_MAX),
    target("consents", "/1/expiry/event/event", SHORT_MAX),
    target("consents", "/1/revoked/how", SHORT_MAX),
    target("family_sessions", "/0/notes", NOTES_MAX),
    target("family_sessions", "/0/place/telehealth/link", LINK_MAX),
    target("session_months", "/0/sessions#/0/notes", NOTES_MAX),
    target("session_months", "/0/sessions#/0/agenda/0/title", NAME_MAX),
    target("disclosures", "/0/what", NOTES_MAX),
    target("disclosures", "/0/how", SHORT_MAX),
];

/// Stored kinds whose records hold no text a person types (only ids, dates and choices), so
/// they have no row in [`TARGETS`]; every other kind must have one.
const NO_TYPED_TEXT: &[(&str, &str)] = &[
    ("plans", "a curriculum assigned to a group: ids and dates"),
    (
        "sessions",
        "the old session layout, only read to be migrated into session months",
    ),
];

#[test]
fn every_stored_kind_has_its_typed_text_checked_or_says_it_has_none() {
    for ops in iop_planner::domain::record::KINDS {
        let store = ops.store();
        let rows = TARGETS.iter().filter(|t| t.store == store).count();
        let none = NO_TYPED_TEXT.iter().any(|(s, _)| *s == store);
        assert!(
            rows > 0 || none,
            "{store} has no hostile-text row in TARGETS: add its text fields, or list it in NO_TYPED_TEXT with why"
        );
        assert!(
            !(rows > 0 && none),
            "{store} is in both TARGETS and NO_TYPED_TEXT"
        );
    }
}

const fn target(store: &'static str, pointer: &'static str, max: usize) -> Target {
    Target {
        store,
        pointer,
        max,
    }
}

/// The fixture programme's backup body, by store.
fn stores() -> &'static BTreeMap<String, Value> {
    static STORES: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    STORES.get_or_init(|| {
        let body = backup::body(programme()).unwrap();
        serde_json::from_str(&body.text).unwrap()
    })
}

/// Set (or add) the value at `pointer` in `root`.
fn set(root: &mut Value, pointer: &str, value: Value) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match root.pointer_mut(parent).unwrap() {
        Value::Object(o) => {
            o.insert(last.to_string(), value);
        }
        Value::Array(a) => a[last.parse::<usize>().unwrap()] = value,
        other => panic!("{pointer}: {other}"),
    }
}

/// The text at `pointer` ("" when absent: empty texts are not written).
fn get(root: &Value, pointer: &str) -> String {
    root.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The stores with `value` written at `target`.
fn with_value(target: &Target, value: &str) -> BTreeMap<String, Value> {
    let mut stores = stores().clone();
    let list = stores.get_mut(target.store).unwrap();
    match target.pointer.split_once('#') {
        None => set(list, target.pointer, value.into()),
        Some((packed, inner)) => {
            let mut sessions: Value = serde_json::from_str(&get(list, packed)).unwrap();
            set(&mut sessions, inner, value.into());
            set(list, packed, sessions.to_string().into());
        }
    }
    stores
}

/// The value at `target` in a restored programme.
fn restored_value(p: &Programme, target: &Target) -> String {
    let body = backup::body(p).unwrap();
    let stores: BTreeMap<String, Value> = serde_json::from_str(&body.text).unwrap();
    let list = &stores[target.store];
    match target.pointer.split_once('#') {
        None => get(list, target.pointer),
        Some((packed, inner)) => {
            let sessions: Value = serde_json::from_str(&get(list, packed)).unwrap();
            get(&sessions, inner)
        }
    }
}

/// Write the stores as a backup file, open it and read it, as the Export page does.
fn restore(stores: &BTreeMap<String, Value>) -> Result<Programme, String> {
    let text = serde_json::to_string(stores).unwrap();
    let counts = stores
        .iter()
        .map(|(s, list)| (s.clone(), list.as_array().map_or(0, Vec::len)))
        .collect();
    let file = backup::write(&counts, "2026-11-27T09:30:00Z", &Payload::Plain(text)).unwrap();
    let opened = backup::open(file.as_bytes())?;
    let Payload::Plain(body) = &opened.payload else {
        panic!("not encrypted")
    };
    backup::read(&opened.header, body)
}

fn check_restore(target: &Target, value: &str) -> Result<(), TestCaseError> {
    let what = format!("{} {}", target.store, target.pointer);
    let result = restore(&with_value(target, value));
    let raw = value.chars().count();
    let trimmed = value.trim().chars().count();
    match &result {
        Err(e) => {
            prop_assert!(
                e.starts_with(&format!("{}, record ", target.store)),
                "{what}: {e}"
            );
            prop_assert!(e.ends_with(" Nothing was changed."), "{what}: {e}");
            prop_assert!(!e.contains(".."), "{what}: {e}");
            prop_assert!(
                e.chars().count() < 600,
                "{what}: the message quotes the value"
            );
            if raw <= target.max {
                prop_assert!(!e.contains("too long"), "{what}: {e}");
            }
        }
        Ok(p) => {
            prop_assert!(
                raw <= target.max || trimmed <= target.max,
                "{what}: {raw} characters restored"
            );
            // Kept exactly, control characters and all (forms ask for those to go).
            prop_assert!(
                restored_value(p, target) == value,
                "{what}: not restored as written"
            );
        }
    }
    if trimmed > target.max {
        let e = result.as_ref().err().cloned().unwrap_or_default();
        let said = format!("at most {}.", thousands(target.max));
        prop_assert!(e.contains("too long") && e.contains(&said), "{what}: {e:?}");
    }
    Ok(())
}

#[test]
fn the_fixture_backup_restores_as_it_is() {
    let p = restore(stores()).unwrap();
    for target in TARGETS {
        assert_eq!(
            restored_value(&p, target),
            restored_value(programme(), target)
        );
    }
}

#[test]
fn a_backup_with_an_over_long_value_anywhere_is_refused_naming_the_record() {
    for target in TARGETS {
        let err = restore(&with_value(target, &"x".repeat(10_000))).unwrap_err();
        assert!(
            err.contains(&format!(
                "too long: 10,000 characters; at most {}. Nothing was changed.",
                thousands(target.max)
            )),
            "{} {}: {err}",
            target.store,
            target.pointer
        );
        assert!(
            err.starts_with(&format!("{}, record ", target.store)),
            "{err}"
        );
        let edges = [target.max - 1, target.max, target.max + 1];
        let mut values: Vec<String> = edges.iter().map(|n| repeat_to("é", *n)).collect();
        values.extend(fixed_hostile().into_iter().take(FIXED_KINDS));
        for typed in values {
            if let Err(e) = check_restore(target, &typed) {
                panic!("{}: {e}", show(&typed));
            }
        }
    }
    let err = restore(&with_value(&TARGETS[0], &"x".repeat(10_000))).unwrap_err();
    assert_eq!(
        err,
        "clients, record 1 ('c1'): Full name is too long: 10,000 characters; at most 200. Nothing was changed."
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(200),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Hostile text in any record field of a backup: no panic; over the limit, refused naming
    /// the record, and nothing comes back to store; otherwise restored exactly as written.
    #[test]
    fn restoring_hostile_text_never_panics_and_refuses_over_long_values(
        which in 0..TARGETS.len(),
        value in hostile(),
    ) {
        check_restore(&TARGETS[which], &value.0)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Through the app's commands and storage: nothing over-long is stored

#[test]
fn over_long_values_typed_into_forms_are_never_stored() {
    use leptos::prelude::{GetUntracked, Owner};
    let owner = Owner::new();
    owner.set();
    let mem = MemoryStorage::new();
    let app = block_on(actions::open(Storage::Memory(mem.clone()))).unwrap();
    let reloaded = || {
        block_on(actions::open(Storage::Memory(mem.clone())))
            .unwrap()
            .programme
            .get_untracked()
    };
    let draft = |name: &str| ClientDraft {
        full_name: name.into(),
        ..ClientDraft::blank(&iop_planner::domain::Settings::default(), today())
    };
    for name in [
        "x".repeat(10_000),
        "😀".repeat(NAME_MAX + 1),
        "Ana\u{0}".into(),
    ] {
        let err = block_on(app.add_client(draft(&name), today())).unwrap_err();
        let ActionError::Invalid(e) = err else {
            panic!("{err:?}")
        };
        assert!(e.get(ClientField::FullName).is_some(), "{e:?}");
        assert!(app.programme.get_untracked().clients.is_empty());
        assert!(reloaded().clients.is_empty());
    }
    // Within the limit, in any script: stored and read back exactly.
    let name = "\u{200f}מרים כהן\u{200f} 👩\u{200d}👧";
    let id = block_on(app.add_client(draft(name), today())).unwrap();
    assert_eq!(reloaded().clients[&id].full_name, name);

    // A family member with over-long notes is not stored either.
    let member = FamilyMemberDraft {
        name: "Maria Example".into(),
        notes: "n".repeat(NOTES_MAX + 1),
        ..FamilyMemberDraft::blank(Some(&id))
    };
    let e = block_on(app.save_family_member("f1".into(), &member, 0)).unwrap_err();
    assert_eq!(
        e.get("notes"),
        Some("Notes are too long: 5,001 characters; at most 5,000.")
    );
    assert!(reloaded().family_members.is_empty());

    // Settings: the programme's name.
    let err = block_on(app.set_programme(&"P".repeat(10_000), true, "")).unwrap_err();
    assert_eq!(
        err,
        ActionError::Refused(
            "The programme's name is too long: 10,000 characters; at most 200.".into()
        )
    );
    assert_eq!(reloaded().settings.programme_name, "");
}
