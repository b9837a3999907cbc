//! Commands over the in-memory twin: what a person does, what is stored, what they see.

use chrono::NaiveDate;
use leptos::prelude::{GetUntracked, Owner, WithUntracked};

use super::*;
use crate::domain::archive::Target;
use crate::domain::export::backup::Choices;
use crate::domain::people::forms::{RoomDraft, StaffDraft};
use crate::domain::roster::assign::propose;
use crate::domain::roster::forms::GroupDraft;
use crate::domain::sample::{SampleParams, generate};
use crate::domain::sessions::session::{Attendance, Mark};
use crate::domain::{Client, ClientDraft, ClientField, ClientId, Settings};
use crate::storage::{MemoryStorage, Storage, StorageError};
use futures::executor::block_on;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn draft(name: &str) -> ClientDraft {
    ClientDraft {
        full_name: name.into(),
        ..ClientDraft::blank(&Settings::default(), today())
    }
}

fn setup() -> (Owner, MemoryStorage, App) {
    let owner = Owner::new();
    owner.set();
    let mem = MemoryStorage::new();
    let app = block_on(start(Storage::Memory(mem.clone()))).unwrap();
    (owner, mem, app)
}

/// A client stored under a chosen id (the action mints its own; a test about a particular key
/// needs this one).
fn add_client_as(app: &App, name: &str, id: &str) -> ClientId {
    let fields = crate::domain::people::client::validate_client(
        &draft(name),
        &Settings::default(),
        today(),
        None,
    )
    .unwrap();
    let client = Client::new(ClientId(id.into()), fields);
    block_on(app.commit(Change {
        insert: vec![client.into()],
        ..Change::default()
    }))
    .unwrap();
    ClientId(id.into())
}

fn reloaded(mem: &MemoryStorage) -> Programme {
    block_on(start(Storage::Memory(mem.clone())))
        .unwrap()
        .programme
        .get_untracked()
}

#[test]
fn added_and_edited_clients_survive_a_reload() {
    let (_owner, mem, app) = setup();
    let id = block_on(app.add_client(draft("Robin Example"), today())).unwrap();
    let mut edit = draft("Robin Example");
    edit.preferred_name = "Rob".into();
    block_on(app.update_client(&id, edit, today(), app.revision(Kind::Client, &id.0))).unwrap();
    block_on(app.set_client_archived(&id, true, today())).unwrap();
    let p = reloaded(&mem);
    assert_eq!(p, app.programme.get_untracked());
    let c = &p.clients[&id];
    assert_eq!((c.preferred_name.as_str(), c.archived), ("Rob", true));
}

#[test]
fn invalid_input_saves_nothing() {
    let (_owner, mem, app) = setup();
    let err = block_on(app.add_client(draft("  "), today())).unwrap_err();
    match err {
        ActionError::Invalid(e) => assert!(e.get(ClientField::FullName).is_some()),
        other => panic!("{other:?}"),
    }
    assert!(app.programme.get_untracked().clients.is_empty());
    assert!(reloaded(&mem).clients.is_empty());
}

#[test]
fn a_storage_failure_keeps_screen_and_storage_as_they_were() {
    let (_owner, mem, app) = setup();
    let id = block_on(app.add_client(draft("Avery"), today())).unwrap();
    mem.fail_next(StorageError::QuotaExceeded);
    let err = block_on(app.update_client(&id, draft("Avery Changed"), today(), 1)).unwrap_err();
    assert_eq!(err, ActionError::Storage(StorageError::QuotaExceeded));
    assert_eq!(
        app.programme.get_untracked().clients[&id].full_name,
        "Avery"
    );
    assert_eq!(reloaded(&mem).clients[&id].full_name, "Avery");
    assert!(!app.connection_lost.get_untracked());
    mem.close();
    let err = block_on(app.set_client_archived(&id, true, today())).unwrap_err();
    assert_eq!(err, ActionError::Storage(StorageError::Closed));
    assert!(app.connection_lost.get_untracked());
}

#[test]
fn tracks_are_configurable_and_persist() {
    let (_owner, mem, app) = setup();
    block_on(app.add_track("Eating disorders")).unwrap();
    block_on(app.change_track("substance-use", "Substance use disorders", false)).unwrap();
    assert!(matches!(
        block_on(app.add_track("eating disorders")),
        Err(ActionError::Refused(_))
    ));
    let p = reloaded(&mem);
    let names: Vec<_> = p.settings.tracks.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Substance use disorders",
            "Mental health",
            "Co-occurring",
            "Eating disorders"
        ]
    );
}

fn roster_setup() -> (Owner, MemoryStorage, App, ClientId, ClientId) {
    let (owner, mem, app) = setup();
    let ana = block_on(app.add_client(draft("Ana Example"), today())).unwrap();
    let ben = block_on(app.add_client(draft("Ben Example"), today())).unwrap();
    block_on(app.save_staff(
        "s1".into(),
        &StaffDraft {
            name: "Dana Fictional".into(),
            ..StaffDraft::default()
        },
        0,
    ))
    .unwrap();
    block_on(app.save_room(
        "r1".into(),
        &RoomDraft {
            name: "Room A".into(),
            ..RoomDraft::blank()
        },
        0,
    ))
    .unwrap();
    for (id, name) in [("am", "Morning"), ("pm", "Evening")] {
        let group = GroupDraft {
            name: name.into(),
            lead: "s1".into(),
            room: "r1".into(),
            start: "2026-11-02".into(),
            ..GroupDraft::blank(today())
        };
        block_on(app.save_group(id.into(), &group, 0)).unwrap();
    }
    (owner, mem, app, ana, ben)
}

#[test]
fn roster_edits_persist_as_single_transactions() {
    let (_owner, mem, app, ana, ben) = roster_setup();
    let m1 = block_on(app.join_group(&ana, "am", today(), None)).unwrap();
    let m2 = block_on(app.join_group(&ben, "am", today(), None)).unwrap();
    let next_week = today() + chrono::Days::new(7);
    let m3 = block_on(app.move_member(&m2, "pm", next_week)).unwrap();
    block_on(app.keep_apart(&ana, &ben, "private")).unwrap();
    let p = reloaded(&mem);
    assert_eq!(p, app.programme.get_untracked());
    assert_eq!(p.memberships[&m2].leave, Some(next_week));
    assert_eq!(p.memberships[&m3].group, "pm");
    assert_eq!(p.keep_apart.len(), 1);

    // A duplicate overlapping membership is refused and nothing is written.
    let before = reloaded(&mem).memberships.len();
    let err = block_on(app.join_group(&ana, "am", next_week, None)).unwrap_err();
    assert!(matches!(err, ActionError::Refused(ref m) if m.contains("already in this group")));
    assert_eq!(reloaded(&mem).memberships.len(), before);

    // A failed write changes neither screen nor storage.
    mem.fail_next(StorageError::QuotaExceeded);
    assert!(block_on(app.end_membership(&m1, next_week, "")).is_err());
    assert_eq!(app.programme.get_untracked().memberships[&m1].leave, None);
    assert_eq!(reloaded(&mem).memberships[&m1].leave, None);
}

#[test]
fn invalid_group_forms_save_nothing() {
    let (_owner, mem, app, _, _) = roster_setup();
    let bad = GroupDraft {
        name: "Too small".into(),
        capacity_min: "9".into(),
        capacity_max: "3".into(),
        ..GroupDraft::blank(today())
    };
    let errors = block_on(app.save_group("g-bad".into(), &bad, 0)).unwrap_err();
    assert!(errors.get("capacity_max").is_some());
    assert!(!reloaded(&mem).groups.contains_key("g-bad"));
}

#[test]
fn archiving_a_referenced_record_applies_the_stated_consequences() {
    let (_owner, mem, app, ana, _) = roster_setup();
    let m1 = block_on(app.join_group(&ana, "am", today(), None)).unwrap();
    let later = today() + chrono::Days::new(3);
    let staff = app.archiving(&Target::Staff("s1".into()), later).unwrap();
    assert_eq!(staff.effects.len(), 2, "{:?}", staff.effects);
    block_on(app.set_archived(&Target::Staff("s1".into()), true, later)).unwrap();
    block_on(app.set_client_archived(&ana, true, later)).unwrap();
    let p = reloaded(&mem);
    assert!(p.staff["s1"].archived);
    assert!(p.groups.values().all(|g| g.lead.is_none()));
    assert_eq!(p.memberships[&m1].leave, Some(later));
    assert!(p.clients[&ana].archived);
    block_on(app.set_archived(&Target::Staff("s1".into()), false, later)).unwrap();
    assert!(!reloaded(&mem).staff["s1"].archived);
}

#[test]
fn the_sample_programme_loads_in_one_transaction_and_can_be_loaded_twice() {
    let (_owner, mem, app) = setup();
    let sample = generate(&SampleParams::demo(), today(), "a-");
    block_on(app.load_sample(&sample)).unwrap();
    let again = generate(&SampleParams::demo(), today(), "b-");
    block_on(app.load_sample(&again)).unwrap();
    let p = reloaded(&mem);
    assert_eq!(p.clients.len(), sample.clients.len() * 2);
    assert_eq!(p.memberships.len(), sample.memberships.len() * 2);
    // Loading the same ids again fails as a whole: nothing is half-written.
    assert!(block_on(app.load_sample(&sample)).is_err());
    assert_eq!(reloaded(&mem), p);
}

#[test]
fn accepted_proposals_persist_and_leave_nobody_to_place() {
    let (_owner, mem, app) = setup();
    let sample = generate(&SampleParams::demo(), today(), "s-");
    block_on(app.load_sample(&sample)).unwrap();
    let proposal = app.programme.with_untracked(|p| propose(p, today()));
    assert!(!proposal.placements.is_empty());
    let first = proposal.placements[0].client.clone();
    let one = block_on(app.accept_proposal(&proposal, Some(&first))).unwrap();
    assert_eq!(one, proposal.placements[0].joins.len());
    let rest = block_on(app.accept_proposal(&proposal, None));
    // The first client's joins already exist now, so accepting "all" again is refused
    // whole rather than duplicating them.
    assert!(matches!(rest, Err(ActionError::Refused(_))), "{rest:?}");
    let p = reloaded(&mem);
    assert!(p.memberships_of(&first).count() >= one);
    let again = propose(&p, today());
    assert!(again.placements.iter().all(|pl| pl.client != first));
}

#[test]
fn curricula_plans_and_sessions_go_through_storage() {
    use crate::domain::sessions::session::{Attendance, CancelMode, Mark, PLAN_SCHEMA, Plan};
    let (_owner, mem, app, _, _) = roster_setup();
    // An empty programme starts with the starter library, stored.
    let topics = app.programme.get_untracked().topics.len();
    assert!(topics >= 40);
    assert_eq!(reloaded(&mem).topics.len(), topics);
    // A curriculum that refers to a missing topic is refused and nothing is stored.
    let mut bad = crate::domain::library::curriculum::blank_curriculum("c-bad".into());
    bad.add_unit("m1", "u01", "no-such-topic", None);
    assert!(block_on(app.save_curriculum(bad, 0)).is_err());
    assert!(!reloaded(&mem).curricula.contains_key("c-bad"));

    let plan = Plan {
        id: "am".into(),
        schema: PLAN_SCHEMA,
        group: "am".into(),
        curriculum: crate::domain::library::starter::COPING_ID.into(),
        start: today(),
        on_cancel: CancelMode::Shift,
    };
    let report = block_on(app.assign_curriculum(plan, today())).unwrap();
    assert!(report[0].contains("added"), "{report:?}");
    let stored = reloaded(&mem);
    assert_eq!(stored.sessions, app.programme.get_untracked().sessions);
    assert!(!stored.sessions.is_empty());
    // Regenerating an unchanged plan changes nothing.
    let again = block_on(app.regenerate_sessions("am", today())).unwrap();
    assert_eq!(again[0], "Nothing changed.");

    // Attendance shows at once; a failed write puts back what is stored.
    let s = stored.sessions.values().next().unwrap().clone();
    let mark = Some(Attendance {
        mark: Mark::Attended,
        minutes: None,
    });
    let marked = crate::domain::sessions::session::set_attendance(&s, "c1", mark);
    mem.fail_next(StorageError::QuotaExceeded);
    let pending = app.mark_attendance(&s.id, vec![("c1".into(), mark)]);
    assert_eq!(app.programme.get_untracked().sessions[&s.id], marked);
    assert!(block_on(pending).is_err());
    assert_eq!(app.programme.get_untracked().sessions[&s.id], s);
    // Two quick marks in a row build on each other, each checked against the one before.
    let first = app.mark_attendance(&s.id, vec![("c1".into(), mark)]);
    let second = app.mark_attendance(&s.id, vec![("c2".into(), mark)]);
    block_on(first).unwrap();
    block_on(second).unwrap();
    let both = crate::domain::sessions::session::set_attendance(&marked, "c2", mark);
    assert_eq!(reloaded(&mem).sessions[&s.id], both);
    let stored = reloaded(&mem);

    // Removing the plan deletes its upcoming sessions without attendance only.
    let removed = block_on(app.unassign_curriculum("am", today())).unwrap();
    let left = reloaded(&mem);
    assert!(!left.plans.contains_key("am"));
    assert_eq!(left.sessions.len(), 1);
    assert_eq!(removed + 1, stored.sessions.len());
}

#[test]
fn a_group_without_a_curriculum_holds_sessions_that_a_first_edit_stores() {
    use crate::domain::sessions::calendar::sessions_between;
    use crate::domain::sessions::session::{Attendance, CancelMode, Mark, PLAN_SCHEMA, Plan};
    let (_owner, mem, app, ana, _) = roster_setup();
    block_on(app.join_group(&ana, "pm", "2026-11-02".parse().unwrap(), None)).unwrap();
    // Evening has no curriculum: its meetings are sessions all the same, nothing stored yet.
    let p = app.programme.get_untracked();
    let past = sessions_between(&p, "pm", today() - chrono::Days::new(14), today());
    assert_eq!(past.len(), 2, "two Monday meetings");
    assert!(p.sessions.is_empty());
    let monday = past[1].clone();
    assert_eq!(
        app.programme.get_untracked().session(&monday.id),
        Some(monday.clone())
    );
    // Attendance and notes on it are stored, once, and survive a reload.
    let attended = Attendance {
        mark: Mark::Attended,
        minutes: None,
    };
    let mark = Some(attended);
    block_on(app.mark_attendance(&monday.id, vec![(ana.0.clone(), mark)])).unwrap();
    let mut noted = reloaded(&mem).sessions[&monday.id].clone();
    assert_eq!(noted.attendance[&ana.0], attended);
    assert_eq!(noted.minutes_present(&ana.0), 90);
    noted.notes = "Check-in ran long.".into();
    block_on(app.save_session_details(noted.clone())).unwrap();
    assert_eq!(reloaded(&mem).sessions[&monday.id], noted);
    assert_eq!(reloaded(&mem).sessions.len(), 1);
    // An id that names no meeting of the group is refused, not invented.
    let wrong = format!("pm@{}T0317", monday.slot);
    assert!(block_on(app.mark_attendance(&wrong, vec![(ana.0.clone(), mark)])).is_err());

    // A curriculum assigned later fills in the past meetings nothing was stored for and keeps
    // the one with attendance as it was.
    let plan = Plan {
        id: "pm".into(),
        schema: PLAN_SCHEMA,
        group: "pm".into(),
        curriculum: crate::domain::library::starter::COPING_ID.into(),
        start: "2026-11-02".parse().unwrap(),
        on_cancel: CancelMode::Shift,
    };
    block_on(app.assign_curriculum(plan, today())).unwrap();
    let planned = reloaded(&mem);
    assert_eq!(planned.sessions[&monday.id], noted);
    assert!(planned.sessions[&past[0].id].topic.is_some());
    // Removing it again keeps a session changed by hand, as a free session with its change.
    let next = planned
        .sessions_of("pm")
        .into_iter()
        .find(|s| s.date > today())
        .unwrap()
        .clone();
    let mut moved = next.clone();
    moved.start = chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap();
    moved.overrides.time = true;
    block_on(app.save_session_details(moved)).unwrap();
    block_on(app.unassign_curriculum("pm", today())).unwrap();
    let freed = reloaded(&mem).sessions[&next.id].clone();
    assert_eq!((freed.unit, freed.topic), (None, None));
    assert_eq!(
        freed.start,
        chrono::NaiveTime::from_hms_opt(10, 0, 0).unwrap()
    );
}

fn second_tab(mem: &MemoryStorage) -> App {
    block_on(start(Storage::Memory(mem.clone()))).unwrap()
}

#[test]
fn damaged_records_are_kept_and_never_written_over() {
    let (_owner, mem, app) = am_sessions();
    // Another version of the app rewrote a month of sessions with a schema this one cannot
    // read; the settings record is damaged too.
    let (first, key) = app.programme.with_untracked(|p| {
        let s = p.sessions_of("am")[0].clone();
        let key = crate::domain::sessions::month::month_key(&s.group, s.slot);
        (s, key)
    });
    let mut future = mem.raw("session_months", &key).unwrap();
    future["schema"] = 99.into();
    mem.put_raw("session_months", vec![future.clone()]);
    let settings = serde_json::json!({"id": "settings", "schema": 2, "tracks": "not a list"});
    mem.put_raw("settings", vec![settings.clone()]);

    // Start-up does not fail; the records are listed with what is wrong.
    let tab = second_tab(&mem);
    let q = tab.programme.with_untracked(|p| p.quarantine.clone());
    assert_eq!(q.len(), 2, "{q:?}");
    assert!(
        q[&("session_months", key.clone())]
            .reason
            .contains("newer version")
    );
    assert!(q[&("settings", "settings".into())].reason.contains("shape"));
    assert!(
        tab.programme
            .with_untracked(|p| !p.sessions.contains_key(&first.id))
    );

    // Regenerating would recreate that month's sessions: refused, and said why (a newer
    // version saved it: the change belongs in that version).
    let err = block_on(tab.regenerate_sessions("am", today())).unwrap_err();
    assert!(
        matches!(&err, ActionError::Refused(m) if m.contains("a newer version of IOP Planner saved")),
        "{err:?}"
    );
    // Settings edits are refused instead of saving defaults.
    let err = block_on(tab.add_track("Eating disorders")).unwrap_err();
    assert!(
        matches!(&err, ActionError::Refused(m) if m.contains("settings could not be read")),
        "{err:?}"
    );
    let err = block_on(tab.set_care_hours(
        crate::domain::LevelOfCare::Iop,
        crate::domain::AgeBand::Adult,
        "8",
        "20",
    ))
    .unwrap_err();
    assert!(matches!(err, ActionError::Refused(_)));
    // A sample with a session in the damaged month is refused as a whole.
    let mut sample = crate::domain::sample::generate(&SampleParams::demo(), today(), "z-");
    sample.sessions.insert(first.id.clone(), first.clone());
    assert!(matches!(
        block_on(tab.load_sample(&sample)),
        Err(ActionError::Refused(_))
    ));
    // Byte for byte what was stored.
    assert_eq!(mem.raw("session_months", &key), Some(future));
    assert_eq!(mem.raw("settings", "settings"), Some(settings));

    // Discarding is deliberate; then settings can be edited again.
    block_on(tab.discard_damaged(Kind::Settings, "settings")).unwrap();
    assert!(mem.raw("settings", "settings").is_none());
    block_on(tab.add_track("Eating disorders")).unwrap();
    assert_eq!(
        second_tab(&mem)
            .programme
            .get_untracked()
            .settings
            .tracks
            .len(),
        4
    );
}

#[test]
fn values_storage_cannot_decode_are_quarantined_not_fatal() {
    let (_owner, mem, app) = setup();
    block_on(app.add_client(draft("Avery"), today())).unwrap();
    mem.put_unreadable(
        "clients",
        "c2",
        "it holds a value that is not plain JSON",
        "{\"0\": 1}",
    );
    let tab = second_tab(&mem);
    let p = tab.programme.get_untracked();
    assert_eq!(p.clients.len(), 1);
    assert_eq!(p.quarantine[&("clients", "c2".into())].text, "{\"0\": 1}");
    // An insert of that id fails as a whole instead of replacing it.
    let blake = Client::new(
        ClientId("c2".into()),
        crate::domain::people::client::validate_client(
            &draft("Blake"),
            &Settings::default(),
            today(),
            None,
        )
        .unwrap(),
    );
    let err = block_on(tab.commit(Change {
        insert: vec![blake.into()],
        ..Change::default()
    }))
    .unwrap_err();
    assert!(matches!(err, ActionError::Refused(_)), "{err:?}");
}

#[test]
fn two_tabs_editing_one_client_never_lose_an_update() {
    let (_owner, mem, one) = setup();
    let id = block_on(one.add_client(draft("Robin Example"), today())).unwrap();
    let two = second_tab(&mem);
    // Both open the edit form at the same revision.
    let base_one = one.revision(Kind::Client, &id.0);
    let base_two = two.revision(Kind::Client, &id.0);
    assert_eq!(base_one, base_two);

    let mut first = draft("Robin Example");
    first.preferred_name = "Rob".into();
    block_on(one.update_client(&id, first, today(), base_one)).unwrap();

    let mut second = draft("Robin Example");
    second.notes = "Works evenings".into();
    let err = block_on(two.update_client(&id, second.clone(), today(), base_two)).unwrap_err();
    assert!(
        matches!(
            err,
            ActionError::Conflict {
                kind: Kind::Client,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("changed in another tab"));
    // The second tab now shows the first tab's version; storage kept it.
    let shown = two.programme.with_untracked(|p| p.clients[&id].clone());
    assert_eq!(shown.preferred_name, "Rob");
    assert_eq!(reloaded(&mem).clients[&id].preferred_name, "Rob");
    // Editing from the current version keeps both changes.
    let mut merged = shown.to_draft();
    merged.notes = "Works evenings".into();
    block_on(two.update_client(&id, merged, today(), two.revision(Kind::Client, &id.0))).unwrap();
    let stored = &reloaded(&mem).clients[&id];
    assert_eq!(
        (stored.preferred_name.as_str(), stored.notes.as_str()),
        ("Rob", "Works evenings")
    );
    // The first tab, still at its old revision, is now the one told.
    let err = block_on(one.update_client(
        &id,
        draft("Robin Example"),
        today(),
        one.revision(Kind::Client, &id.0),
    ))
    .unwrap_err();
    assert!(matches!(err, ActionError::Conflict { .. }));
    assert_eq!(
        one.programme
            .with_untracked(|p| p.clients[&id].notes.clone()),
        "Works evenings"
    );
}

#[test]
fn roster_edits_from_a_stale_tab_are_refused_not_merged_blindly() {
    let (_owner, mem, one, ana, _) = roster_setup();
    let m1 = block_on(one.join_group(&ana, "am", today(), None)).unwrap();
    let two = second_tab(&mem);
    let later = today() + chrono::Days::new(7);
    block_on(one.end_membership(&m1, later, "moved")).unwrap();
    let err = block_on(two.end_membership(&m1, today() + chrono::Days::new(3), "")).unwrap_err();
    assert!(
        matches!(
            err,
            ActionError::Conflict {
                kind: Kind::Membership,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(reloaded(&mem).memberships[&m1].leave, Some(later));
    assert_eq!(
        two.programme.with_untracked(|p| p.memberships[&m1].leave),
        Some(later)
    );
}

#[test]
fn another_tabs_change_is_applied_record_by_record() {
    let (_owner, mem, one, ana, ben) = roster_setup();
    let two = second_tab(&mem);
    let m1 = block_on(one.join_group(&ana, "am", today(), None)).unwrap();
    let k1 = block_on(one.keep_apart(&ana, &ben, "private")).unwrap();
    mem.put_unreadable("clients", "ghost", "not plain JSON", "{}");
    block_on(two.refresh(Some(vec![
        ("memberships".into(), vec![m1.clone()]),
        ("keep_apart".into(), vec![k1.clone()]),
        ("clients".into(), vec!["ghost".into()]),
    ])))
    .unwrap();
    let p = two.programme.get_untracked();
    assert!(p.memberships.contains_key(&m1));
    assert!(p.keep_apart.contains_key(&k1));
    assert!(p.quarantined(Kind::Client, "ghost").is_some());
    assert_eq!(p.revision(Kind::Membership, &m1), 1);
    block_on(one.remove_keep_apart(&k1)).unwrap();
    block_on(two.refresh(Some(vec![("keep_apart".into(), vec![k1.clone()])]))).unwrap();
    assert!(two.programme.with_untracked(|p| p.keep_apart.is_empty()));
    // Both tabs agree with storage about everything else too.
    let mut expected = reloaded(&mem);
    expected.quarantine.clear();
    let mut shown = two.programme.get_untracked();
    shown.quarantine.clear();
    assert_eq!(shown, expected);
}

/// The roster setup with the coping curriculum assigned to group "am" (its sessions generated).
fn am_sessions() -> (Owner, MemoryStorage, App) {
    use crate::domain::sessions::session::{CancelMode, PLAN_SCHEMA, Plan};
    let (owner, mem, app, _, _) = roster_setup();
    let plan = Plan {
        id: "am".into(),
        schema: PLAN_SCHEMA,
        group: "am".into(),
        curriculum: crate::domain::library::starter::COPING_ID.into(),
        start: today(),
        on_cancel: CancelMode::Shift,
    };
    block_on(app.assign_curriculum(plan, today())).unwrap();
    (owner, mem, app)
}

#[test]
fn sessions_are_stored_by_group_and_month_in_compact_form() {
    use crate::domain::sessions::month::month_key;
    let (_owner, mem, app) = am_sessions();
    let p = app.programme.get_untracked();
    let months: std::collections::BTreeSet<String> = p
        .sessions
        .values()
        .map(|s| month_key(&s.group, s.slot))
        .collect();
    assert!(months.len() > 1);
    let stored = block_on(Storage::Memory(mem.clone()).load_all()).unwrap();
    assert!(stored.records("sessions").is_empty());
    let records = stored.records("session_months");
    assert_eq!(records.len(), months.len());
    // Default and empty fields are left out; attendance without minutes is just its mark.
    let s = p.sessions.values().next().unwrap().clone();
    let mark = Some(Attendance {
        mark: Mark::Attended,
        minutes: None,
    });
    let late = Some(Attendance {
        mark: Mark::Late,
        minutes: Some(20),
    });
    block_on(app.mark_attendance(&s.id, vec![("c1".into(), mark), ("c2".into(), late)])).unwrap();
    let key = month_key(&s.group, s.slot);
    let raw = mem.raw("session_months", &key).unwrap();
    let text = raw["sessions"].as_str().unwrap();
    assert!(text.contains(r#""c1":"attended""#), "{text}");
    assert!(
        text.contains(r#""c2":{"mark":"late","minutes":20}"#),
        "{text}"
    );
    assert!(
        !text.contains("\"notes\"") && !text.contains("null"),
        "{text}"
    );
    assert_eq!(reloaded(&mem), app.programme.get_untracked());
}

#[test]
fn sessions_stored_one_per_record_move_into_months_once_keeping_attendance() {
    use crate::domain::sessions::month::month_key;
    let (_owner, mem, app) = am_sessions();
    let p = app.programme.get_untracked();
    // A version-4 database: every session its own record, attendance in the long form, and
    // one record this version cannot read.
    for month in block_on(Storage::Memory(mem.clone()).load_all())
        .unwrap()
        .records("session_months")
    {
        mem.remove_raw("session_months", month["id"].as_str().unwrap());
    }
    let mut legacy = Vec::new();
    for (i, s) in p.sessions.values().enumerate() {
        let mut json = serde_json::to_value(s).unwrap();
        json["rev"] = 3.into();
        if i == 0 {
            json["attendance"] = serde_json::json!({"c1": {"mark": "attended", "minutes": null}});
        }
        legacy.push(json);
    }
    legacy[1]["schema"] = 42.into();
    let damaged_id = legacy[1]["id"].as_str().unwrap().to_string();
    mem.put_raw("sessions", legacy.clone());

    let tab = second_tab(&mem);
    let moved = tab.programme.get_untracked();
    assert!(moved.legacy_sessions.is_empty());
    assert_eq!(moved.sessions.len(), p.sessions.len() - 1);
    let first = p.sessions.values().next().unwrap();
    assert_eq!(
        moved.sessions[&first.id].attendance["c1"],
        Attendance {
            mark: Mark::Attended,
            minutes: None
        }
    );
    // The readable ones left the old store; the damaged one stays there, quarantined, as it was.
    let stored = block_on(Storage::Memory(mem.clone()).load_all()).unwrap();
    assert_eq!(stored.records("sessions"), vec![legacy[1].clone()]);
    assert!(moved.quarantined(Kind::Session, &damaged_id).is_some());
    let months: std::collections::BTreeSet<String> = moved
        .sessions
        .values()
        .map(|s| month_key(&s.group, s.slot))
        .collect();
    assert_eq!(stored.records("session_months").len(), months.len());
    // A second start finds nothing left to move and reads the same programme.
    assert_eq!(reloaded(&mem), moved);
}

#[test]
fn two_tabs_marking_attendance_in_one_group_month_lose_nothing() {
    use crate::domain::sessions::month::month_key;
    let (_owner, mem, one) = am_sessions();
    let two = second_tab(&mem);
    let p = one.programme.get_untracked();
    let (first, other) = p
        .sessions
        .values()
        .zip(p.sessions.values().skip(1))
        .find(|(a, b)| month_key(&a.group, a.slot) == month_key(&b.group, b.slot))
        .map(|(a, b)| (a.clone(), b.clone()))
        .unwrap();
    let mark = Some(Attendance {
        mark: Mark::Attended,
        minutes: None,
    });
    let absent = Some(Attendance {
        mark: Mark::Absent,
        minutes: None,
    });
    block_on(one.mark_attendance(&first.id, vec![("c1".into(), mark)])).unwrap();
    // The second tab has not seen that write; its mark in another session of the month is
    // made again on the stored month instead of writing over it.
    block_on(two.mark_attendance(&other.id, vec![("c2".into(), absent)])).unwrap();
    let stored = reloaded(&mem);
    assert_eq!(
        stored.sessions[&first.id].attendance["c1"].mark,
        Mark::Attended
    );
    assert_eq!(
        stored.sessions[&other.id].attendance["c2"].mark,
        Mark::Absent
    );
    // Both tabs marking different clients of the same session: both marks are kept.
    block_on(one.reload()).unwrap();
    block_on(two.reload()).unwrap();
    block_on(one.mark_attendance(&other.id, vec![("c3".into(), mark)])).unwrap();
    block_on(two.mark_attendance(&other.id, vec![("c4".into(), mark)])).unwrap();
    let stored = reloaded(&mem);
    assert!(stored.sessions[&other.id].attendance.contains_key("c3"));
    assert!(stored.sessions[&other.id].attendance.contains_key("c4"));
    // Both marking the same client: the later one is refused, nothing lost.
    block_on(one.reload()).unwrap();
    block_on(two.reload()).unwrap();
    block_on(one.mark_attendance(&other.id, vec![("c3".into(), absent)])).unwrap();
    let err = block_on(two.mark_attendance(&other.id, vec![("c3".into(), mark)]));
    assert!(matches!(err, Err(ActionError::Conflict { .. })), "{err:?}");
    let stored = reloaded(&mem);
    assert_eq!(
        stored.sessions[&other.id].attendance["c3"].mark,
        Mark::Absent
    );
    assert_eq!(
        two.programme.get_untracked().sessions[&other.id],
        stored.sessions[&other.id]
    );
    // Another tab's notes on the same session neither block a mark nor get lost.
    block_on(one.reload()).unwrap();
    block_on(two.reload()).unwrap();
    let mut noted = one.programme.get_untracked().sessions[&other.id].clone();
    noted.notes = "Bring handouts".into();
    block_on(one.save_session_details(noted)).unwrap();
    block_on(two.mark_attendance(&other.id, vec![("c5".into(), mark)])).unwrap();
    let stored = reloaded(&mem);
    assert_eq!(stored.sessions[&other.id].notes, "Bring handouts");
    assert!(stored.sessions[&other.id].attendance.contains_key("c5"));
    // A details save over another tab's change to the same session is refused.
    block_on(one.reload()).unwrap();
    block_on(two.reload()).unwrap();
    block_on(one.mark_attendance(&other.id, vec![("c6".into(), mark)])).unwrap();
    let mut retimed = two.programme.get_untracked().sessions[&other.id].clone();
    retimed.notes = "Moved".into();
    let err = block_on(two.save_session_details(retimed));
    assert!(matches!(err, Err(ActionError::Conflict { .. })), "{err:?}");
    let stored = reloaded(&mem);
    assert!(stored.sessions[&other.id].attendance.contains_key("c6"));
    assert_eq!(stored.sessions[&other.id].notes, "Bring handouts");
}

#[test]
fn family_members_and_consents_are_saved_revoked_and_archived_as_stated() {
    use crate::domain::families::forms::{ConsentDraft, FamilyMemberDraft};
    use crate::domain::families::{ShareScope, may_see};
    let (_owner, mem, app) = setup();
    let ana = block_on(app.add_client(draft("Ana Lopez"), today())).unwrap();
    // Bad input: field messages, nothing saved.
    let mut member = FamilyMemberDraft::blank(Some(&ana));
    member.email = "not an address".into();
    let e = block_on(app.save_family_member("f1".into(), &member, 0)).unwrap_err();
    assert!(e.get("name").is_some() && e.get("email").is_some(), "{e:?}");
    assert!(reloaded(&mem).family_members.is_empty());
    member.name = "Maria Lopez".into();
    member.email = "maria@example.org".into();
    block_on(app.save_family_member("f1".into(), &member, 0)).unwrap();
    let consent = app.programme.with_untracked(|p| ConsentDraft {
        discloser: "Riverside IOP".into(),
        ..ConsentDraft::blank(p, &ana, "f1", today())
    });
    block_on(app.save_consent("k1".into(), &consent, 0)).unwrap();
    let p = reloaded(&mem);
    assert_eq!(p.family_members["f1"].name, "Maria Lopez");
    assert!(may_see(&p, "f1", &ana, ShareScope::FamilySessions, today()).is_ok());
    // A second tab's stale form is refused, not written over.
    let stale = block_on(app.save_consent("k1".into(), &consent, 0)).unwrap_err();
    assert!(
        stale.get(crate::domain::errors::CONFLICT).is_some(),
        "{stale:?}"
    );
    // Revocation: checked, then stored; sharing stops from that day.
    let base = app.revision(Kind::Consent, "k1");
    let e = block_on(app.revoke_consent("k1", "2026-11-27", "", today(), base)).unwrap_err();
    assert!(e.get("revoked_how").is_some());
    // Dated after today: refused on the date field, nothing stored, still in force.
    let e =
        block_on(app.revoke_consent("k1", "2026-11-28", "In writing", today(), base)).unwrap_err();
    assert_eq!(
        e.get("revoked_on"),
        Some(
            "The revocation cannot be dated after today (27 Nov 2026): enter the day it was received."
        )
    );
    assert!(reloaded(&mem).consents["k1"].revoked.is_none());
    assert_eq!(app.revision(Kind::Consent, "k1"), base);
    block_on(app.revoke_consent("k1", "2026-11-27", "In writing", today(), base)).unwrap();
    let p = reloaded(&mem);
    assert_eq!(
        may_see(&p, "f1", &ana, ShareScope::FamilySessions, today()).unwrap_err(),
        "The consent naming Maria Lopez was revoked on 27 Nov 2026."
    );
    // Archiving says what it will do and keeps the consent.
    let target = Target::FamilyMember("f1".into());
    let plan = app.archiving(&target, today()).unwrap();
    assert_eq!(
        plan.effects,
        vec!["Nothing more will be shared with Maria Lopez, whatever their consents say."]
    );
    block_on(app.set_archived(&target, true, today())).unwrap();
    let p = reloaded(&mem);
    assert!(p.family_members["f1"].archived);
    assert!(p.consents.contains_key("k1"));
}

#[test]
fn family_session_attendance_is_kept_per_participant_once_the_session_has_happened() {
    use crate::domain::families::forms::{FamilyMemberDraft, FamilySessionDraft};
    use crate::domain::sessions::session::Mark;
    let (_owner, mem, app) = setup();
    let ana = add_client_as(&app, "Ana Lopez", "ana");
    let mut member = FamilyMemberDraft::blank(Some(&ana));
    member.name = "Maria Lopez".into();
    block_on(app.save_family_member("f1".into(), &member, 0)).unwrap();
    let staff = StaffDraft {
        name: "Dana Lead".into(),
        availability: Vec::new(),
        ..StaffDraft::default()
    };
    block_on(app.save_staff("s1".into(), &staff, 0)).unwrap();
    // Weekly from a week ago, by telehealth.
    let first = today() - chrono::Days::new(7);
    let series = FamilySessionDraft {
        clinician: "s1".into(),
        place: "telehealth".into(),
        link: "https://telehealth.example.org/a".into(),
        first: first.to_string(),
        ..FamilySessionDraft::blank(&ana, vec!["f1".into()], today())
    };
    block_on(app.save_family_session("fs".into(), &series, 0)).unwrap();
    let base = app.revision(Kind::FamilySession, "fs");
    let marks = vec![
        ("ana".to_string(), Some(Mark::Attended)),
        ("f1".to_string(), Some(Mark::Late)),
    ];
    block_on(app.mark_family_attendance("fs", first, &marks, today(), base)).unwrap();
    let p = reloaded(&mem);
    let kept = &p.family_sessions["fs"].attendance[&first.to_string()];
    assert_eq!(kept.get("f1"), Some(&Mark::Late));
    assert_eq!(kept.get("ana"), Some(&Mark::Attended));
    // Next week's session has not happened; strangers cannot be marked; nothing is saved.
    let base = app.revision(Kind::FamilySession, "fs");
    let next = first + chrono::Days::new(14);
    let e = block_on(app.mark_family_attendance("fs", next, &marks, today(), base)).unwrap_err();
    assert_eq!(
        e.get("form"),
        Some("Attendance can be recorded once the session has taken place.")
    );
    let stranger = vec![("ben".to_string(), Some(Mark::Absent))];
    assert!(block_on(app.mark_family_attendance("fs", first, &stranger, today(), base)).is_err());
    assert_eq!(
        reloaded(&mem).family_sessions["fs"],
        p.family_sessions["fs"]
    );
}

#[test]
fn family_group_places_are_joined_and_left_in_one_saved_step_each() {
    let (_owner, mem, app) = setup();
    let sample = generate(&SampleParams::demo(), today(), "a-");
    block_on(app.load_sample(&sample)).unwrap();
    let group = sample
        .groups
        .values()
        .find(|g| g.kind.is_family() && !g.archived)
        .unwrap()
        .id
        .clone();
    let member = sample
        .family_members
        .values()
        .find(|f| f.groups.is_empty() && !f.archived)
        .unwrap()
        .id
        .clone();
    let base = app.revision(Kind::FamilyMember, &member);
    // Bad input saves nothing.
    let e = block_on(app.join_family_group(&member, &group, "soon", base)).unwrap_err();
    assert_eq!(e.get("join"), Some("Enter the date they join."));
    assert_eq!(reloaded(&mem).family_members[&member].groups, Vec::new());
    let join = today().to_string();
    block_on(app.join_family_group(&member, &group, &join, base)).unwrap();
    let p = reloaded(&mem);
    assert!(
        p.family_members[&member]
            .groups_on(today())
            .any(|g| g.group == group)
    );
    // A stale revision is refused.
    assert!(block_on(app.leave_family_group(&member, &group, "2027-01-01", base)).is_err());
    let base = app.revision(Kind::FamilyMember, &member);
    block_on(app.leave_family_group(&member, &group, "2027-01-01", base)).unwrap();
    let p = reloaded(&mem);
    assert_eq!(
        p.family_members[&member].groups[0].leave,
        chrono::NaiveDate::from_ymd_opt(2027, 1, 1)
    );
}

/// The demo sample stored through `app`, and a plain backup of it read back: (what is stored,
/// the backup).
fn sample_and_its_backup(app: &App) -> (Programme, Programme) {
    use crate::domain::export::backup as file;
    let sample = generate(&SampleParams::demo(), today(), "bk-");
    // Put, not insert: the starter library is already here.
    block_on(app.commit(Change {
        put: sample.as_inserts().insert,
        ..Change::default()
    }))
    .unwrap();
    let before = app.programme.get_untracked();
    let body = file::body(&before).unwrap();
    let text = file::write(
        &body.counts,
        "2026-11-27T10:00:00Z",
        &file::Payload::Plain(body.text),
    )
    .unwrap();
    let opened = file::open(text.as_bytes()).unwrap();
    let file::Payload::Plain(body) = &opened.payload else {
        panic!()
    };
    (before, file::read(&opened.header, body).unwrap())
}

#[test]
fn restoring_a_backup_replaces_or_merges_in_one_transaction_and_a_failure_changes_nothing() {
    use crate::actions::backup::How;
    let (_owner, mem, app) = setup();
    let (before, backup) = sample_and_its_backup(&app);

    // Everything wiped (the library aside, which start-up would seed again), then replaced
    // from the backup.
    let wipe = Change {
        delete: crate::domain::record::KINDS
            .iter()
            .filter(|k| ![Kind::Settings, Kind::Topic, Kind::Curriculum].contains(&k.kind()))
            .flat_map(|k| k.records(&before))
            .map(|r| crate::domain::RecordRef::new(r.kind(), r.id()))
            .collect(),
        ..Change::default()
    };
    block_on(app.commit(wipe)).unwrap();
    assert!(app.programme.get_untracked().clients.is_empty());

    // A storage failure: nothing on screen or in storage changes.
    mem.fail_next(StorageError::QuotaExceeded);
    let err = block_on(app.restore_backup(&backup, How::Replace)).unwrap_err();
    assert_eq!(err, ActionError::Storage(StorageError::QuotaExceeded));
    assert!(app.programme.get_untracked().clients.is_empty());
    assert!(reloaded(&mem).clients.is_empty());

    let done = block_on(app.restore_backup(&backup, How::Replace)).unwrap();
    assert_eq!(done.counts[&Kind::Client].add, before.clients.len());
    let after = reloaded(&mem);
    for ops in crate::domain::record::KINDS {
        assert_eq!(ops.records(&after), ops.records(&before), "{}", ops.store());
    }
    assert_eq!(after, app.programme.get_untracked());

    // Merge: a client added here since the backup stays; nothing else changes.
    let id = block_on(app.add_client(draft("Morgan Newer"), today())).unwrap();
    let done = block_on(app.restore_backup(&backup, How::Merge(Choices::new()))).unwrap();
    assert_eq!(done.counts[&Kind::Client].remove, 1);
    assert!(done.merge.is_empty());
    assert!(reloaded(&mem).clients.contains_key(&id));
    // Replace removes it.
    block_on(app.restore_backup(&backup, How::Replace)).unwrap();
    assert!(!reloaded(&mem).clients.contains_key(&id));
}

#[test]
fn a_share_link_is_recorded_before_it_is_shown_and_opens_as_the_family_will_see_it() {
    use crate::domain::export::share::Opened;
    use crate::platform::Services;
    let (_owner, mem, app) = setup();
    app.use_services(Services::twin());
    block_on(app.load_sample(&generate(&SampleParams::demo(), today(), "s-"))).unwrap();
    let to = today() + chrono::Days::new(30);
    let until = today() + chrono::Days::new(14);
    let members: Vec<String> = app
        .programme
        .with_untracked(|p| p.family_members.keys().cloned().collect());
    // The first family member whose consent allows something in the next month.
    let (member, link) = members
        .iter()
        .find_map(|m| {
            block_on(app.make_share_link(m, today(), to, until, today()))
                .ok()
                .map(|l| (m.clone(), l))
        })
        .expect("the sample has a family member with something to share");
    assert!(
        link.url.starts_with("https://iop.example/family.html#2."),
        "{}",
        link.url
    );
    assert!(link.expires <= until);
    let stored = reloaded(&mem);
    // Signed with the programme's key, made with this first link and stored in the settings
    // in the same transaction; the card shows its code.
    let key = stored
        .settings
        .share_key
        .clone()
        .expect("the signing key is stored");
    assert_eq!(
        crate::domain::export::share::trust::key_code(&key).as_deref(),
        Some(link.code.as_str())
    );
    assert_eq!(link.code.len(), 9);
    assert!(link.sheet.code.contains(&link.code));
    // The new entries carry the ids the action minted (the twin's).
    let logged: Vec<_> = stored
        .disclosures
        .values()
        .filter(|d| d.id.starts_with("id-"))
        .collect();
    assert!(!logged.is_empty());
    assert!(logged.iter().all(|d| d.recipient == member
        && d.expires == link.expires
        && d.code.as_deref() == Some(link.code.as_str())));
    // The preview opens the link itself, as the viewer does.
    match block_on(app.preview_share_link(&link.url, today())) {
        Some(Opened::Schedule(p)) => {
            assert_eq!(p.expires, link.expires);
            assert!(!p.items.is_empty());
        }
        _ => panic!("the preview did not open the link"),
    }
    // A signature that does not check opens nothing (one character of it changed).
    let mut forged = link.url.clone();
    let at = forged.len() - 10;
    let c = if &forged[at..=at] == "A" { "B" } else { "A" };
    forged.replace_range(at..=at, c);
    let f = crate::domain::export::share::parse_fragment(forged.split_once('#').unwrap().1);
    assert!(
        f.is_some_and(|f| f.signed.is_some()),
        "it still reads as a signed link"
    );
    assert!(block_on(app.preview_share_link(&forged, today())).is_none());
    // A changed character opens nothing.
    let mut changed = link.url.clone();
    let at = changed.find("#2.").unwrap() + 8;
    let c = if &changed[at..=at] == "A" { "B" } else { "A" };
    changed.replace_range(at..=at, c);
    assert!(block_on(app.preview_share_link(&changed, today())).is_none());
    // Asked for longer than the consent allows: the card is told why it ends sooner.
    let consent_end = app
        .programme
        .with_untracked(|p| crate::domain::export::share::bases(p, &member, today()))
        .iter()
        .map(|b| b.until)
        .min()
        .unwrap();
    if consent_end < today() + chrono::Days::new(80) {
        let long = block_on(app.make_share_link(
            &member,
            today(),
            to,
            today() + chrono::Days::new(90),
            today(),
        ))
        .unwrap();
        assert_eq!(long.expires, consent_end);
        assert!(long.shortened.unwrap().contains("consent"));
    }
    // Every later link is signed with the same key: the family sees the same code.
    let again = block_on(app.make_share_link(&member, today(), to, until, today())).unwrap();
    assert_eq!(again.code, link.code);
    assert_eq!(reloaded(&mem).settings.share_key, Some(key));
    // A failed save shows no link and logs nothing.
    let before = reloaded(&mem).disclosures.len();
    mem.fail_next(StorageError::QuotaExceeded);
    let err = block_on(app.make_share_link(&member, today(), to, until, today())).unwrap_err();
    assert_eq!(err, ActionError::Storage(StorageError::QuotaExceeded));
    assert_eq!(reloaded(&mem).disclosures.len(), before);
    // Nobody with a consent in force: refused in words.
    let err = block_on(app.make_share_link("nobody", today(), to, until, today())).unwrap_err();
    assert!(matches!(err, ActionError::Refused(_)), "{err:?}");
}

#[test]
fn the_programme_code_is_made_once_published_as_a_file_and_a_lost_key_is_named() {
    use crate::domain::export::share::trust::{self, KeyState};
    use crate::platform::Services;
    let (_owner, mem, app) = setup();
    app.use_services(Services::twin());
    assert_eq!(
        app.programme.with_untracked(trust::key_state),
        KeyState::None
    );
    // Made before any link: stored, and never replaced afterwards.
    let code = block_on(app.make_programme_key()).unwrap();
    let stored = reloaded(&mem);
    assert_eq!(
        trust::key_state(&stored),
        KeyState::Ready { code: code.clone() }
    );
    let err = block_on(app.make_programme_key()).unwrap_err();
    assert!(matches!(err, ActionError::Refused(_)), "{err:?}");
    assert_eq!(reloaded(&mem).settings.share_key, stored.settings.share_key);
    // The file Settings offers publishes exactly that code.
    let file =
        trust::keys_file("Riverside IOP", stored.settings.share_key.as_ref().unwrap()).unwrap();
    assert_eq!(trust::published_codes(&file), vec![code]);

    // The sample's links were never signed (no code in its log): no key is missing.
    let (_owner, mem, app) = setup();
    app.use_services(Services::twin());
    block_on(app.load_sample(&generate(&SampleParams::demo(), today(), "s-"))).unwrap();
    assert_eq!(
        app.programme.with_untracked(trust::key_state),
        KeyState::None
    );
    // A signed link logged but no key stored (a backup from before the first signed link was
    // restored): the key is named as lost, with the code families know, and the next key
    // has a new code.
    let mut signed = app
        .programme
        .with_untracked(|p| p.disclosures.values().next().unwrap().clone());
    signed.id = "d-signed".into();
    signed.code = Some("AAAA-BBBB".into());
    block_on(app.commit(Change {
        insert: vec![crate::domain::Record::Disclosure(signed)],
        ..Change::default()
    }))
    .unwrap();
    assert_eq!(
        trust::key_state(&reloaded(&mem)),
        KeyState::Lost {
            code: "AAAA-BBBB".into()
        }
    );
    let code = block_on(app.make_programme_key()).unwrap();
    assert_ne!(code, "AAAA-BBBB");
    assert_eq!(trust::key_state(&reloaded(&mem)), KeyState::Ready { code });
}

#[test]
fn replacing_from_a_backup_keeps_a_share_link_made_after_it_in_the_disclosure_log() {
    use crate::actions::backup::How;
    let (_owner, mem, app) = setup();
    let (before, backup) = sample_and_its_backup(&app);
    // A share link made after the backup.
    let mut later = before.disclosures.values().next().unwrap().clone();
    later.id = "bk-disclosure-later".into();
    block_on(app.commit(Change {
        insert: vec![crate::domain::Record::Disclosure(later.clone())],
        ..Change::default()
    }))
    .unwrap();
    assert_eq!(reloaded(&mem).disclosures.len(), 2);

    let done = block_on(app.restore_backup(&backup, How::Replace)).unwrap();
    let after = reloaded(&mem);
    assert_eq!(
        after.disclosures.len(),
        2,
        "the disclosure log lost an entry"
    );
    assert_eq!(after.disclosures[&later.id], later);
    assert!(
        done.kept_text()
            .unwrap()
            .contains("1 disclosure entry and 0 consents")
    );
    assert_eq!(after, app.programme.get_untracked());
}

#[test]
fn a_month_holding_a_newer_versions_session_is_never_rewritten() {
    let (_owner, mem, app) = am_sessions();
    // A month with two sessions or more.
    let (first, key) = app.programme.with_untracked(|p| {
        let key = |s: &crate::domain::sessions::session::Session| {
            crate::domain::sessions::month::month_key(&s.group, s.slot)
        };
        let all = p.sessions_of("am");
        let s = all
            .windows(2)
            .find(|w| key(w[0]) == key(w[1]))
            .map(|w| w[0].clone())
            .unwrap();
        let k = key(&s);
        (s, k)
    });
    // A newer version (another tab, later team sync) saved that month with one session of a
    // schema this version does not know, holding a field it would drop.
    let mut newer = mem.raw("session_months", &key).unwrap();
    let mut sessions: Vec<serde_json::Value> =
        serde_json::from_str(newer["sessions"].as_str().unwrap()).unwrap();
    sessions[0]["schema"] = 2.into();
    sessions[0]["seating"] = serde_json::json!({"plan": "circle"});
    newer["sessions"] = serde_json::to_string(&sessions).unwrap().into();
    newer["rev"] = (newer["rev"].as_u64().unwrap() + 1).into();
    mem.put_raw("session_months", vec![newer.clone()]);
    let mark = Attendance {
        mark: Mark::Attended,
        minutes: None,
    };
    let client = app
        .programme
        .with_untracked(|p| p.clients.keys().next().unwrap().0.clone());

    // This tab still holds the month as it read it before: its mark is refused and said why.
    let err =
        block_on(app.mark_attendance(&first.id, vec![(client.clone(), Some(mark))])).unwrap_err();
    assert!(
        matches!(&err, ActionError::Refused(m) if m.contains("newer version of IOP Planner")),
        "{err:?}"
    );
    assert_eq!(mem.raw("session_months", &key), Some(newer.clone()));

    // A tab started now lists the month as damaged (written by a newer version) and refuses
    // marks in it, for that session and for the others of the month.
    let tab = second_tab(&mem);
    let q = tab
        .programme
        .with_untracked(|p| p.quarantined(Kind::SessionMonth, &key).cloned())
        .unwrap();
    assert!(q.by_newer_version(), "{}", q.reason);
    let other = sessions[1]["id"].as_str().unwrap().to_string();
    for id in [first.id.clone(), other] {
        let err =
            block_on(tab.mark_attendance(&id, vec![(client.clone(), Some(mark))])).unwrap_err();
        assert!(
            matches!(&err, ActionError::Refused(m) if m.contains("newer version of IOP Planner") && m.contains(&key)),
            "{err:?}"
        );
    }
    assert_eq!(mem.raw("session_months", &key), Some(newer));
}

#[test]
fn damaged_records_under_number_and_list_keys_are_discarded_by_their_real_keys() {
    let (_owner, mem, app) = setup();
    add_client_as(&app, "Avery", "7");
    let seven = serde_json::json!(7);
    let list = serde_json::json!([1, "a"]);
    mem.put_raw(
        "clients",
        vec![
            serde_json::json!({"id": 7, "full_name": "Number key"}),
            serde_json::json!({"id": [1, "a"], "full_name": "List key"}),
        ],
    );
    let tab = second_tab(&mem);
    let p = tab.programme.get_untracked();
    // Listed apart from the readable client "7", which stays readable.
    assert_eq!(p.clients[&ClientId("7".into())].full_name, "Avery");
    let keys: Vec<(String, serde_json::Value)> = p
        .quarantine
        .values()
        .map(|q| (q.key.clone(), q.stored_key.clone()))
        .collect();
    assert_eq!(
        keys,
        vec![
            ("7 (a number key)".to_string(), seven.clone()),
            ("[1,\"a\"] (a list key)".to_string(), list.clone()),
        ]
    );
    for (key, _) in &keys {
        block_on(tab.discard_damaged(Kind::Client, key)).unwrap();
    }
    assert!(!mem.holds_key("clients", &seven));
    assert!(!mem.holds_key("clients", &list));
    let p = reloaded(&mem);
    assert!(p.quarantine.is_empty(), "{:?}", p.quarantine);
    assert_eq!(p.clients[&ClientId("7".into())].full_name, "Avery");
}

#[test]
fn a_backup_downloaded_opens_only_with_its_passphrase_and_restores_what_was_here() {
    use crate::actions::backup::{How, OpenedBackup};
    use crate::platform::Services;
    let (_owner, mem, app) = setup();
    let services = Services::twin();
    app.use_services(services.clone());
    block_on(app.load_sample(&generate(&SampleParams::demo(), today(), "b-"))).unwrap();
    let before = app.programme.get_untracked();
    let Services::Twin(twin) = &services else {
        panic!()
    };

    let done =
        block_on(app.download_backup(Some("correct horse battery".into()), today())).unwrap();
    assert!(done.encrypted);
    assert_eq!(
        done.name,
        crate::domain::export::backup::file_name(today(), true)
    );
    assert_eq!(twin.last_backup.get(), Some(today()));
    assert!(done.message().contains("Keep the passphrase apart"));
    let (name, text) = twin.downloads.borrow().last().cloned().unwrap();
    assert_eq!(name, done.name);
    // No client's name is in the file's text.
    let first = before.clients.values().next().unwrap();
    assert!(
        !text.contains(&first.full_name),
        "a name is readable in an encrypted backup"
    );

    let OpenedBackup::Locked(locked) = app.open_backup(text.as_bytes()).unwrap() else {
        panic!("an encrypted backup opened without its passphrase")
    };
    let wrong = block_on(app.unlock_backup(&locked, "correct horse battery!")).unwrap_err();
    assert!(wrong.contains("does not open this backup"), "{wrong}");
    let empty = block_on(app.unlock_backup(&locked, "")).unwrap_err();
    assert!(empty.contains("Enter the passphrase"), "{empty}");
    let (_, backup) = block_on(app.unlock_backup(&locked, "correct horse battery")).unwrap();
    assert_eq!(backup.clients.len(), before.clients.len());
    // The header says nothing without the passphrase, and a header changed (here, claiming
    // format 1, which bound nothing) does not open.
    let clear: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(clear.get("counts").is_none() && clear.get("exported_at").is_none());
    let mut downgraded = clear.clone();
    downgraded["format_version"] = 1.into();
    for (k, v) in [
        ("db_version", serde_json::json!(1)),
        ("app_version", serde_json::json!("0.1.0")),
        ("exported_at", serde_json::json!("2020-01-01T00:00:00Z")),
        ("counts", serde_json::json!({})),
    ] {
        downgraded[k] = v;
    }
    let OpenedBackup::Locked(downgraded) =
        app.open_backup(downgraded.to_string().as_bytes()).unwrap()
    else {
        panic!()
    };
    assert!(
        block_on(app.unlock_backup(&downgraded, "correct horse battery"))
            .unwrap_err()
            .contains("does not open this backup")
    );

    // A client added after the backup goes when the backup replaces everything.
    let mut extra = before.clients.values().next().unwrap().clone();
    extra.id = crate::domain::people::client::ClientId(app.new_id());
    extra.full_name = "Added After Backup".into();
    block_on(app.commit(Change {
        insert: vec![crate::domain::Record::Client(extra.clone())],
        ..Change::default()
    }))
    .unwrap();
    block_on(app.restore_backup(&backup, How::Replace)).unwrap();
    let stored = reloaded(&mem);
    assert!(!stored.clients.contains_key(&extra.id));
    assert_eq!(stored.clients.len(), before.clients.len());

    // A plain backup opens at once.
    block_on(app.download_backup(None, today())).unwrap();
    let (_, plain) = twin.downloads.borrow().last().cloned().unwrap();
    assert!(matches!(
        app.open_backup(plain.as_bytes()).unwrap(),
        OpenedBackup::Ready(_, p) if p.clients.len() == before.clients.len()
    ));
    // Something else is refused in words, and nothing changes.
    let err = app.open_backup(b"not a backup").unwrap_err();
    assert!(err.contains("not an IOP Planner backup"), "{err}");
}

#[test]
fn every_write_keeps_who_changed_which_field_through_a_reload_and_a_backup() {
    use crate::domain::record::edits::Edits;
    use crate::domain::sessions::calendar::sessions_between;
    use crate::domain::sessions::session::{Attendance, Mark};
    use crate::platform::Services;
    let (_owner, mem, app, ana, _) = roster_setup();
    let twin = Services::twin();
    let Services::Twin(t) = &twin else {
        unreachable!()
    };
    *t.device.borrow_mut() = "laptop".into();
    app.use_services(twin.clone());
    let id = block_on(app.add_client(draft("Robin Example"), today())).unwrap();
    let p = app.programme.get_untracked();
    assert_eq!(
        p.edits(Kind::Client, &id.0),
        Some(&Edits::created("laptop"))
    );
    // An edit stamps the fields it changed, and only those.
    let mut edit = draft("Robin Example");
    edit.preferred_name = "Rob".into();
    block_on(app.update_client(&id, edit, today(), app.revision(Kind::Client, &id.0))).unwrap();
    let p = app.programme.get_untracked();
    let e = p.edits(Kind::Client, &id.0).unwrap();
    assert_eq!(e.seen[&"laptop".to_string()], 2);
    assert_eq!(e.stamp("preferred_name"), Some(&("laptop".to_string(), 2)));
    assert_eq!(e.stamp("full_name"), Some(&("laptop".to_string(), 1)));
    // A session's history is kept inside its month, and its own.
    block_on(app.join_group(&ana, "pm", "2026-11-02".parse().unwrap(), None)).unwrap();
    let monday = sessions_between(&p, "pm", today() - chrono::Days::new(7), today())[0].clone();
    let mark = Some(Attendance {
        mark: Mark::Attended,
        minutes: None,
    });
    block_on(app.mark_attendance(&monday.id, vec![(ana.0.clone(), mark)])).unwrap();
    assert!(
        app.programme
            .get_untracked()
            .edits(Kind::Session, &monday.id)
            .is_some()
    );
    // All of it is what storage holds, and a backup carries it.
    assert_eq!(reloaded(&mem), app.programme.get_untracked());
    block_on(app.download_backup(None, today())).unwrap();
    let file = t.downloads.borrow().last().unwrap().1.clone();
    assert!(file.contains(r#""preferred_name":["laptop",2]"#));
    let Ok(super::backup::OpenedBackup::Ready(_, backup)) = app.open_backup(file.as_bytes()) else {
        panic!("the plain backup did not open");
    };
    assert_eq!(backup.edits, app.programme.get_untracked().edits);
}

/// A browser with its own storage and device id, as the twin services give it.
fn browser(
    device: &str,
) -> (
    MemoryStorage,
    App,
    std::rc::Rc<crate::platform::services::Twin>,
) {
    use crate::platform::Services;
    let mem = MemoryStorage::new();
    let app = block_on(start(Storage::Memory(mem.clone()))).unwrap();
    let twin = Services::twin();
    let Services::Twin(t) = &twin else {
        unreachable!()
    };
    *t.device.borrow_mut() = device.into();
    app.use_services(twin.clone());
    let t = t.clone();
    (mem, app, t)
}

/// The last backup `from` downloaded, opened by `into`.
fn last_backup(twin: &crate::platform::services::Twin, into: &App) -> Programme {
    let file = twin.downloads.borrow().last().unwrap().1.clone();
    match into.open_backup(file.as_bytes()) {
        Ok(super::backup::OpenedBackup::Ready(_, backup)) => *backup,
        _ => panic!("the plain backup did not open"),
    }
}

#[test]
fn a_merge_keeps_the_newer_edit_of_each_field_and_asks_about_the_same_field_changed_twice() {
    use super::backup::How;
    let _owner = Owner::new();
    _owner.set();
    let (_, a, a_twin) = browser("a");
    let (b_mem, b, _) = browser("b");
    // Browser A adds a client and edits it often (its revisions climb), then backs up.
    let id = block_on(a.add_client(draft("Jordan Example"), today())).unwrap();
    let mut edit = draft("Jordan Example");
    for name in ["J", "Jo", "Jordy", "Jordan"] {
        edit.preferred_name = name.into();
        block_on(a.update_client(&id, edit.clone(), today(), a.revision(Kind::Client, &id.0)))
            .unwrap();
    }
    block_on(a.download_backup(None, today())).unwrap();
    // Browser B restores it: the client keeps A's history, not a new one of B's.
    let backup = last_backup(&a_twin, &b);
    block_on(b.restore_backup(&backup, How::Replace)).unwrap();
    let here = b.programme.get_untracked();
    assert_eq!(
        here.edits(Kind::Client, &id.0),
        a.programme.get_untracked().edits(Kind::Client, &id.0)
    );
    // B changes the pronouns once.
    let mut on_b = edit.clone();
    on_b.pronouns = "they/them".into();
    block_on(b.update_client(&id, on_b.clone(), today(), b.revision(Kind::Client, &id.0))).unwrap();
    // Merging A's backup again keeps B's newer pronouns, asks nothing and writes nothing.
    let done = block_on(b.restore_backup(&backup, How::Merge(Choices::new()))).unwrap();
    assert_eq!(done.conflict_count(), 0, "{:#?}", done.differences);
    assert!(done.merge.is_empty(), "{:?}", done.merge);
    assert_eq!(reloaded(&b_mem).clients[&id].pronouns, "they/them");

    // A changes the notes and, later, the pronouns too; its next backup merges into B: A's
    // notes are taken, and the pronouns changed on both sides are a conflict with both values.
    let mut on_a = edit.clone();
    on_a.notes = "Prefers morning groups.".into();
    block_on(a.update_client(&id, on_a.clone(), today(), a.revision(Kind::Client, &id.0))).unwrap();
    on_a.pronouns = "he/him".into();
    block_on(a.update_client(&id, on_a, today(), a.revision(Kind::Client, &id.0))).unwrap();
    block_on(a.download_backup(None, today())).unwrap();
    let newer = last_backup(&a_twin, &b);
    let preview = b.programme.with_untracked(|p| {
        crate::domain::export::backup::compare(p, &newer, &Choices::new(), "b")
    });
    let diff = &preview.differences[0];
    assert_eq!(diff.from_backup, vec!["notes".to_string()]);
    assert_eq!(diff.conflicts.len(), 1);
    assert_eq!(diff.conflicts[0].field, "pronouns");
    assert_eq!(
        (
            diff.conflicts[0].here.as_str(),
            diff.conflicts[0].there.as_str()
        ),
        (Some("they/them"), Some("he/him"))
    );
    // Keeping this browser's value: B's pronouns and A's notes.
    block_on(b.restore_backup(&newer, How::Merge(Choices::new()))).unwrap();
    let stored = reloaded(&b_mem);
    assert_eq!(stored.clients[&id].pronouns, "they/them");
    assert_eq!(stored.clients[&id].notes, "Prefers morning groups.");
    // The choice is remembered: the same backup merged again asks nothing.
    let again = b.programme.with_untracked(|p| {
        crate::domain::export::backup::compare(p, &newer, &Choices::new(), "b")
    });
    assert_eq!(again.conflict_count(), 0, "{:#?}", again.differences);
    assert_eq!(stored, b.programme.get_untracked());
}
