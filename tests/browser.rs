//! Browser tests (wasm-bindgen-test in headless Chromium): the shared storage suite on real
//! IndexedDB, upgrades, the blocked/versionchange paths, and a few components.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use iop_planner::actions::{App, start};
use iop_planner::domain::{ClientDraft, Programme, Settings};
use iop_planner::storage::conformance::{assert_all_passed, run_all};
use iop_planner::storage::{
    ConnectionEvent, DB_VERSION, IdbStorage, MemoryStorage, OnConnectionEvent, Storage,
    StorageError, stores,
};
use iop_planner::ui::clients::{ClientForm, ClientList, FormMode};
use iop_planner::ui::kit::flash::provide_flash;
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn unique(prefix: &str) -> String {
    format!("test-{prefix}-{}", uuid::Uuid::new_v4())
}

fn ignore_events() -> OnConnectionEvent {
    Rc::new(|_| {})
}

fn recorder() -> (OnConnectionEvent, Rc<RefCell<Vec<ConnectionEvent>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (Rc::new(move |e| sink.borrow_mut().push(e)), seen)
}

/// Let timers, promises and IndexedDB callbacks run.
async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn indexed_db_passes_the_shared_storage_suite() {
    let results = run_all(|| async {
        Storage::Idb(
            IdbStorage::open(&unique("suite"), ignore_events())
                .await
                .unwrap(),
        )
    })
    .await;
    assert_eq!(results.len(), 12);
    assert_all_passed(&results);
}

/// Create a database as version 1 of the app left it: only a `clients` store, and a client
/// record in schema 1 (no `schema` field, `name` instead of `full_name`).
async fn version_1_fixture(name: &str) {
    let factory = idb::Factory::new().unwrap();
    let mut request = factory.open(name, Some(1)).unwrap();
    request.on_upgrade_needed(|event| {
        use idb::DatabaseEvent;
        let db = event.database().unwrap();
        let mut params = idb::ObjectStoreParams::new();
        params.key_path(Some(idb::KeyPath::new_single("id")));
        db.create_object_store("clients", params).unwrap();
    });
    let db = request.await.unwrap();
    let tx = db
        .transaction(&["clients"], idb::TransactionMode::ReadWrite)
        .unwrap();
    let record = serde_json::json!({
        "id": "fixture-1", "name": "Sam Fixture", "age_band": "adult", "track": "co-occurring",
        "level_of_care": "iop", "admission_date": "2025-03-04", "notes": "from v1"
    });
    use serde::Serialize;
    let value = record
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    tx.object_store("clients")
        .unwrap()
        .put(&value, None)
        .unwrap();
    tx.commit().unwrap().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn upgrading_a_version_1_database_keeps_its_data() {
    let name = unique("upgrade");
    version_1_fixture(&name).await;
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    assert_eq!(storage.version(), DB_VERSION);
    let snapshot = Storage::Idb(storage.clone()).load_all().await.unwrap();
    assert!(snapshot.stores.contains_key(stores::SETTINGS));
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    let programme: Programme = app.programme.get_untracked();
    let client = programme
        .clients
        .values()
        .next()
        .expect("fixture client kept");
    assert_eq!(client.full_name, "Sam Fixture");
    assert_eq!(client.notes, "from v1");
    assert_eq!(programme.settings, Settings::default());
    assert!(app.programme.get_untracked().quarantine.is_empty());
    // The programme had no library: the starter topics and templates were stored.
    let topics = programme.topics.len();
    assert!(topics >= 40, "{topics} starter topics");
    assert_eq!(programme.curricula.len(), 3);
    // Opening again is a no-op upgrade and still sees the data, seeded once only.
    storage.close();
    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let snapshot = Storage::Idb(again.clone()).load_all().await.unwrap();
    assert_eq!(snapshot.records(stores::CLIENTS).len(), 1);
    assert_eq!(snapshot.records("topics").len(), topics);
    let app = start(Storage::Idb(again)).await.unwrap();
    assert_eq!(app.programme.get_untracked().topics.len(), topics);
}

#[wasm_bindgen_test]
async fn sessions_agendas_and_attendance_survive_reopening_indexeddb() {
    use iop_planner::domain::sample::{SampleParams, generate};
    use iop_planner::domain::sessions::agenda;
    use iop_planner::domain::sessions::session::{self, Attendance, Mark};
    let name = unique("sessions");
    let today = iop_planner::platform::today();
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    app.load_sample(&generate(&SampleParams::demo(), today, "s-"))
        .await
        .unwrap();
    let p = app.programme.get_untracked();
    assert!(!p.plans.is_empty() && !p.sessions.is_empty());
    let past_marked = p
        .sessions
        .values()
        .filter(|s| !s.attendance.is_empty())
        .count();
    assert!(past_marked > 0, "the sample has attendance");
    // A future session with someone on the roster: change its agenda and mark attendance.
    let s = p
        .sessions
        .values()
        .find(|s| s.date >= today && !s.cancelled)
        .unwrap()
        .clone();
    let kind = p.groups[&s.group].kind;
    let mut blocks = session::agenda_of(&s, kind);
    agenda::add_block(&mut blocks, agenda::BlockKind::Break, "Stretch", 5);
    let late = Some(Attendance {
        mark: Mark::Late,
        minutes: Some(40),
    });
    let edited = session::set_attendance(&session::set_agenda(&s, blocks.clone()), "someone", late);
    app.set_agenda(&s.id, blocks.clone()).await.unwrap();
    app.mark_attendance(&s.id, vec![("someone".into(), late)])
        .await
        .unwrap();
    // Regenerating keeps the hand-edited agenda and the attendance.
    app.regenerate_sessions(&s.group, today).await.unwrap();
    storage.close();
    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let reopened = start(Storage::Idb(again)).await.unwrap();
    let p2 = reopened.programme.get_untracked();
    assert_eq!(p2.sessions[&s.id], edited);
    assert_eq!(p2.sessions.len(), p.sessions.len());
    assert_eq!(p2.plans, p.plans);
    assert!(reopened.programme.get_untracked().quarantine.is_empty());
}

/// Write raw JS values into a store, as another version of the app (or a damaged disk) could.
async fn put_js(name: &str, store: &str, values: Vec<wasm_bindgen::JsValue>) {
    let db = idb::Factory::new()
        .unwrap()
        .open(name, None)
        .unwrap()
        .await
        .unwrap();
    let tx = db
        .transaction(&[store], idb::TransactionMode::ReadWrite)
        .unwrap();
    for value in values {
        tx.object_store(store).unwrap().put(&value, None).unwrap();
    }
    tx.commit().unwrap().await.unwrap();
    db.close();
}

fn to_js(value: &serde_json::Value) -> wasm_bindgen::JsValue {
    use serde::Serialize;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

async fn raw_records(storage: &IdbStorage, store: &str) -> Vec<serde_json::Value> {
    Storage::Idb(storage.clone())
        .load_all()
        .await
        .unwrap()
        .records(store)
}

#[wasm_bindgen_test]
async fn sessions_from_a_newer_version_keep_their_attendance_through_regenerate_and_top_up() {
    use iop_planner::domain::Kind;
    use iop_planner::domain::sample::{SampleParams, generate};
    let name = unique("quarantine-a");
    let today = iop_planner::platform::today();
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    app.load_sample(&generate(&SampleParams::demo(), today, "q-"))
        .await
        .unwrap();
    // One group's months of sessions, rewritten by "a newer version" with a schema this one
    // cannot read.
    let p = app.programme.get_untracked();
    let group = p.plans.keys().next().unwrap().clone();
    let mut rewritten: Vec<serde_json::Value> = raw_records(&storage, MONTHS)
        .await
        .into_iter()
        .filter(|m| m["group"] == group.as_str())
        .collect();
    for m in &mut rewritten {
        m["schema"] = 9.into();
    }
    let marks: usize = rewritten
        .iter()
        .map(|m| m["sessions"].as_str().unwrap().matches("attended").count())
        .sum();
    assert!(marks > 0, "the group has attendance to lose");
    put_js(&name, MONTHS, rewritten.iter().map(to_js).collect()).await;
    storage.close();

    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let tab = start(Storage::Idb(again.clone())).await.unwrap();
    let quarantined = tab.programme.with_untracked(|p| {
        p.quarantine
            .keys()
            .filter(|(store, _)| *store == Kind::SessionMonth.store())
            .count()
    });
    assert_eq!(quarantined, rewritten.len());
    let refused = tab.regenerate_sessions(&group, today).await;
    assert!(
        matches!(&refused, Err(e) if e.to_string().contains("a newer version of IOP Planner saved")),
        "{refused:?}"
    );
    let _ = tab.top_up_sessions(today).await;
    let _ = tab.top_up_sessions(today + chrono::Days::new(120)).await;
    let after: Vec<serde_json::Value> = raw_records(&again, MONTHS)
        .await
        .into_iter()
        .filter(|m| m["group"] == group.as_str() && m["schema"] == 9)
        .collect();
    assert_eq!(
        after, rewritten,
        "every rewritten month is kept byte for byte"
    );
}

const MONTHS: &str = "session_months";

/// Create a database as version 4 of the app left it: every store of that layout, and the
/// sessions of a sample programme one record each, attendance in the long form
/// (`{"mark": "attended", "minutes": null}`).
async fn version_4_fixture(
    name: &str,
    stored: &std::collections::BTreeMap<&'static str, Vec<serde_json::Value>>,
) {
    let factory = idb::Factory::new().unwrap();
    let mut request = factory.open(name, Some(4)).unwrap();
    request.on_upgrade_needed(|event| {
        use idb::DatabaseEvent;
        let db = event.database().unwrap();
        for store in iop_planner::domain::record::stores_at(4) {
            let mut params = idb::ObjectStoreParams::new();
            params.key_path(Some(idb::KeyPath::new_single("id")));
            db.create_object_store(store, params).unwrap();
        }
    });
    let db = request.await.unwrap();
    let names: Vec<&str> = stored.keys().copied().collect();
    let tx = db
        .transaction(&names, idb::TransactionMode::ReadWrite)
        .unwrap();
    for (store, records) in stored {
        for record in records {
            tx.object_store(store)
                .unwrap()
                .put(&to_js(record), None)
                .unwrap();
        }
    }
    tx.commit().unwrap().await.unwrap();
    db.close();
}

#[wasm_bindgen_test]
async fn upgrading_a_version_4_database_moves_sessions_into_months_with_their_attendance() {
    use iop_planner::domain::sample::{SampleParams, generate};
    let name = unique("upgrade-4");
    let today = iop_planner::platform::today();
    let sample = generate(&SampleParams::demo(), today, "v4-");
    let mut stored = iop_planner::actions::stored_json(&sample).unwrap();
    // Only what version 4 had: no session months, no families.
    let v4 = iop_planner::domain::record::stores_at(4);
    stored.retain(|store, _| v4.contains(store));
    let mut long_marks = 0;
    let sessions: Vec<serde_json::Value> = sample
        .sessions
        .values()
        .map(|s| {
            let mut json = serde_json::to_value(s).unwrap();
            json["rev"] = 2.into();
            if let Some(marks) = json.get_mut("attendance").and_then(|a| a.as_object_mut()) {
                for mark in marks.values_mut() {
                    if mark.is_string() {
                        *mark = serde_json::json!({"mark": mark.clone(), "minutes": null});
                        long_marks += 1;
                    }
                }
            }
            json
        })
        .collect();
    assert!(long_marks > 0, "the fixture has attendance");
    stored.insert(stores::SESSIONS, sessions);
    version_4_fixture(&name, &stored).await;

    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    assert_eq!(storage.version(), DB_VERSION);
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    let p = app.programme.get_untracked();
    assert!(p.quarantine.is_empty(), "{:?}", p.quarantine.keys());
    assert_eq!(p.sessions, sample.sessions, "every session and mark kept");
    assert!(raw_records(&storage, stores::SESSIONS).await.is_empty());
    // Version 6's stores exist, empty, after the upgrade.
    assert!(raw_records(&storage, "family_members").await.is_empty());
    assert!(raw_records(&storage, "consents").await.is_empty());
    let months = raw_records(&storage, MONTHS).await;
    assert!(!months.is_empty() && months.len() < sample.sessions.len() / 4);
    // Coverage and attended hours of current clients still see every past session.
    use iop_planner::domain::coverage::{client_coverage, index, weekly_hours};
    let (now, before) = (index(&p), index(&sample));
    let mut attended = 0;
    for client in p.active_clients().map(|c| c.id.clone()) {
        let from = today - chrono::Days::new(120);
        let hours = format!("{:?}", weekly_hours(&p, &now, &client, from, today, today));
        assert_eq!(
            hours,
            format!(
                "{:?}",
                weekly_hours(&sample, &before, &client, from, today, today)
            )
        );
        let covered = client_coverage(&p, &now, &client, today);
        attended += covered.received_count();
        assert_eq!(
            format!("{covered:?}"),
            format!("{:?}", client_coverage(&sample, &before, &client, today))
        );
    }
    assert!(attended > 0, "past sessions count toward coverage");
    // Opening again moves nothing and reads the same.
    storage.close();
    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let reopened = start(Storage::Idb(again)).await.unwrap();
    assert_eq!(reopened.programme.get_untracked().sessions, sample.sessions);
}

#[wasm_bindgen_test]
async fn unreadable_settings_block_settings_edits_instead_of_becoming_defaults() {
    let name = unique("quarantine-b");
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    app.add_track("Eating disorders").await.unwrap();
    let mut damaged = raw_records(&storage, stores::SETTINGS).await.remove(0);
    damaged["care_hours"] = serde_json::json!("not a list");
    put_js(&name, stores::SETTINGS, vec![to_js(&damaged)]).await;
    storage.close();

    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let tab = start(Storage::Idb(again.clone())).await.unwrap();
    let refused = tab.add_track("Another").await;
    assert!(
        matches!(&refused, Err(e) if e.to_string().contains("settings could not be read")),
        "{refused:?}"
    );
    assert_eq!(raw_records(&again, stores::SETTINGS).await, vec![damaged]);
}

#[wasm_bindgen_test]
async fn a_stored_value_that_is_not_plain_json_does_not_stop_start_up() {
    use iop_planner::domain::Kind;
    let name = unique("quarantine-e");
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    app.add_client(
        ClientDraft {
            full_name: "Avery Example".into(),
            ..ClientDraft::blank(&Settings::default(), iop_planner::platform::today())
        },
        iop_planner::platform::today(),
    )
    .await
    .unwrap();
    storage.close();
    let odd = to_js(&serde_json::json!({"id": "binary", "schema": 3, "full_name": "Bin Ary"}));
    let bytes = js_sys::Uint8Array::from(&[1u8, 2, 3][..]);
    js_sys::Reflect::set(&odd, &"photo".into(), &bytes).unwrap();
    put_js(&name, stores::CLIENTS, vec![odd]).await;

    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let tab = start(Storage::Idb(again.clone()))
        .await
        .expect("start-up survives");
    let p = tab.programme.get_untracked();
    assert_eq!(p.clients.len(), 1);
    let q = p
        .quarantined(Kind::Client, "binary")
        .expect("listed as damaged");
    assert!(q.reason.contains("not plain JSON"), "{}", q.reason);
    assert!(q.text.contains("Bin Ary"), "{}", q.text);
    // It is still there, untouched, and an insert of its id is refused.
    let snapshot = Storage::Idb(again).load_all().await.unwrap();
    assert_eq!(snapshot.unreadable.len(), 1);
}

#[wasm_bindgen_test]
async fn damaged_records_under_number_and_list_keys_are_discarded_for_good() {
    use iop_planner::domain::Kind;
    let name = unique("quarantine-k");
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    start(Storage::Idb(storage.clone())).await.unwrap();
    storage.close();
    // Another program wrote records whose keys are a number and a list.
    put_js(
        &name,
        stores::CLIENTS,
        vec![
            to_js(&serde_json::json!({"id": 7, "full_name": "Number key"})),
            to_js(&serde_json::json!({"id": [1, "a"], "full_name": "List key"})),
        ],
    )
    .await;

    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let tab = start(Storage::Idb(again.clone())).await.unwrap();
    let keys: Vec<String> = tab
        .programme
        .get_untracked()
        .quarantine
        .values()
        .map(|q| q.key.clone())
        .collect();
    assert_eq!(keys, ["7 (a number key)", "[1,\"a\"] (a list key)"]);
    for key in &keys {
        tab.discard_damaged(Kind::Client, key).await.unwrap();
    }
    assert!(tab.programme.get_untracked().quarantine.is_empty());
    again.close();

    // Gone from the database, not only from the list.
    let reopened = IdbStorage::open(&name, ignore_events()).await.unwrap();
    assert!(raw_records(&reopened, stores::CLIENTS).await.is_empty());
    let back = start(Storage::Idb(reopened)).await.unwrap();
    assert!(back.programme.get_untracked().quarantine.is_empty());
}

#[wasm_bindgen_test]
async fn two_tabs_on_one_database_see_each_others_records_and_conflicts() {
    use iop_planner::actions::ActionError;
    use iop_planner::domain::Kind;
    // Mounting starts the executor that delivers the other tab's broadcasts.
    let _mounted = leptos::mount::mount_to(container(), || ());
    let name = unique("tabs");
    let today = iop_planner::platform::today();
    let one = start(Storage::Idb(
        IdbStorage::open(&name, ignore_events()).await.unwrap(),
    ))
    .await
    .unwrap();
    let two = start(Storage::Idb(
        IdbStorage::open(&name, ignore_events()).await.unwrap(),
    ))
    .await
    .unwrap();
    let draft = |n: &str| ClientDraft {
        full_name: n.into(),
        ..ClientDraft::blank(&Settings::default(), today)
    };
    let id = one.add_client(draft("Robin Example"), today).await.unwrap();
    sleep(200).await;
    assert!(
        two.programme
            .with_untracked(|p| p.clients.contains_key(&id)),
        "the other tab applied the new record"
    );
    let base = two.revision(Kind::Client, &id.0);
    let mut first = draft("Robin Example");
    first.preferred_name = "Rob".into();
    one.update_client(&id, first, today, one.revision(Kind::Client, &id.0))
        .await
        .unwrap();
    // The second tab saves from the revision it opened the form at, before or after the
    // broadcast arrives: either way it is told, inside the transaction or before it.
    let err = two
        .update_client(&id, draft("Robin Other"), today, base)
        .await
        .unwrap_err();
    assert!(matches!(err, ActionError::Conflict { .. }), "{err:?}");
    sleep(200).await;
    assert_eq!(
        two.programme
            .with_untracked(|p| p.clients[&id].preferred_name.clone()),
        "Rob"
    );
}

#[wasm_bindgen_test]
async fn a_newer_tab_closes_this_connection_instead_of_hanging() {
    let name = unique("versionchange");
    let (events, seen) = recorder();
    let old_tab = IdbStorage::open(&name, events).await.unwrap();
    // A "newer app" opens the same database at a higher version; it must not hang.
    let newer = IdbStorage::open_at(&name, DB_VERSION + 1, ignore_events())
        .await
        .unwrap();
    assert_eq!(newer.version(), DB_VERSION + 1);
    assert_eq!(*seen.borrow(), [ConnectionEvent::VersionChange]);
    let result = Storage::Idb(old_tab).load_all().await;
    assert_eq!(result.err(), Some(StorageError::Closed));
    // And the old app, opening the now newer database, says so plainly.
    newer.close();
    let stale = IdbStorage::open(&name, ignore_events()).await;
    assert_eq!(stale.err(), Some(StorageError::VersionTooNew));
}

#[wasm_bindgen_test]
async fn an_old_tab_that_does_not_close_reports_blocked() {
    let name = unique("blocked");
    // An old connection without a versionchange handler, like an older app that never closes.
    let factory = idb::Factory::new().unwrap();
    let old = factory.open(&name, Some(1)).unwrap().await.unwrap();
    let old = Rc::new(RefCell::new(Some(old)));
    let seen = Rc::new(RefCell::new(Vec::new()));
    let events: OnConnectionEvent = {
        let (seen, old) = (seen.clone(), old.clone());
        Rc::new(move |e| {
            seen.borrow_mut().push(e);
            // The person closes the old tab once told to.
            if let Some(db) = old.borrow_mut().take() {
                db.close();
            }
        })
    };
    let storage = IdbStorage::open(&name, events).await.unwrap();
    assert_eq!(*seen.borrow(), [ConnectionEvent::Blocked]);
    assert_eq!(storage.version(), DB_VERSION);
}

// ---- components ----------------------------------------------------------------------------

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

fn input(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlInputElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into()
}

/// Mount the "add client" form over `app`, as the shell would provide it.
fn mount_new_client_form(
    root: &web_sys::HtmlElement,
    app: App,
    initial: ClientDraft,
) -> leptos::mount::UnmountHandle<impl leptos::tachys::view::Mountable> {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(app);
        provide_flash();
        view! { <Router><ClientForm mode=FormMode::New initial=initial.clone() /></Router> }
    })
}

fn type_into(root: &web_sys::HtmlElement, selector: &str, value: &str) {
    let input = input(root, selector);
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    let el: web_sys::HtmlElement = root
        .query_selector(selector)
        .unwrap()
        .unwrap()
        .unchecked_into();
    el.click();
}

fn text(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

fn memory_app() -> (MemoryStorage, App) {
    let mem = MemoryStorage::new();
    let app = App::new(Storage::Memory(mem.clone()), Programme::default());
    (mem, app)
}

async fn stored_clients(mem: &MemoryStorage) -> usize {
    Storage::Memory(mem.clone())
        .load_all()
        .await
        .unwrap()
        .records(stores::CLIENTS)
        .len()
}

#[wasm_bindgen_test]
async fn client_form_shows_messages_and_saves_nothing_until_valid() {
    let (mem, app) = memory_app();
    let root = container();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let initial = ClientDraft::blank(&Settings::default(), today);
    let _handle = mount_new_client_form(&root, app, initial);

    click(&root, "button[type=submit]");
    sleep(20).await;
    let shown = text(&root);
    assert!(shown.contains("1 problem to fix before saving"), "{shown}");
    assert!(shown.contains("Enter the client's full name."), "{shown}");
    let name = input(&root, "#client-full-name");
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(stored_clients(&mem).await, 0);

    type_into(&root, "#client-full-name", "Robin Example");
    type_into(&root, "#client-admission-date", "2026-11-02");
    type_into(&root, "#client-expected-discharge", "2026-10-01");
    sleep(20).await;
    let shown = text(&root);
    assert!(!shown.contains("Enter the client's full name."), "{shown}");
    assert!(
        shown.contains("cannot be before the admission date"),
        "{shown}"
    );
    click(&root, "button[type=submit]");
    sleep(20).await;
    assert_eq!(stored_clients(&mem).await, 0);

    type_into(&root, "#client-expected-discharge", "");
    click(&root, "button[type=submit]");
    sleep(50).await;
    assert_eq!(stored_clients(&mem).await, 1);
    let saved = app.programme.get_untracked();
    assert_eq!(
        saved.clients.values().next().unwrap().full_name,
        "Robin Example"
    );
}

#[wasm_bindgen_test]
async fn a_failed_save_is_shown_and_the_form_keeps_its_input() {
    let (mem, app) = memory_app();
    mem.fail_next(StorageError::QuotaExceeded);
    let root = container();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let initial = ClientDraft {
        full_name: "Kai Sample".into(),
        ..ClientDraft::blank(&Settings::default(), today)
    };
    let _handle = mount_new_client_form(&root, app, initial);
    click(&root, "button[type=submit]");
    sleep(50).await;
    let shown = text(&root);
    assert!(shown.contains("storage for this site is full"), "{shown}");
    let name = input(&root, "#client-full-name");
    assert_eq!(name.value(), "Kai Sample");
    assert_eq!(stored_clients(&mem).await, 0);
}

#[wasm_bindgen_test]
async fn client_list_searches_and_hides_archived() {
    let (_mem, app) = memory_app();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let mut ids = Vec::new();
    for name in ["Avery Quinn", "Jordan Blake", "Alex Jordan"] {
        let draft = ClientDraft {
            full_name: name.into(),
            ..ClientDraft::blank(&Settings::default(), today)
        };
        ids.push(app.add_client(draft, today).await.unwrap());
    }
    app.set_client_archived(&ids[2], true, today).await.unwrap();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(app);
        view! { <Router><ClientList /></Router> }
    });
    sleep(20).await;
    let rows = || root.query_selector_all("tbody tr").unwrap().length();
    assert_eq!(rows(), 2);
    type_into(&root, "#client-search", "jordan");
    sleep(20).await;
    assert_eq!(rows(), 1);
    assert!(text(&root).contains("Jordan Blake"));
    type_into(&root, "#client-search", "zzz");
    sleep(20).await;
    assert!(text(&root).contains("No clients match \"zzz\"."));
}

#[wasm_bindgen_test]
fn the_clock_waits_until_the_next_local_midnight() {
    let now = js_sys::Date::now();
    let wait = iop_planner::platform::ms_until_midnight() as f64;
    let then = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(now + wait));
    let today = iop_planner::platform::today();
    let next = chrono::NaiveDate::from_ymd_opt(
        then.get_full_year() as i32,
        then.get_month() + 1,
        then.get_date(),
    )
    .unwrap();
    assert_eq!(
        next,
        today.succ_opt().unwrap(),
        "the wait ends on the next day"
    );
    assert_eq!(
        (then.get_hours(), then.get_minutes()),
        (0, 0),
        "at its midnight"
    );
}

#[wasm_bindgen_test]
async fn client_list_keeps_the_rows_a_search_still_shows() {
    let (_mem, app) = memory_app();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    for name in ["Avery Quinn", "Jordan Blake", "Sam Jordan"] {
        let draft = ClientDraft {
            full_name: name.into(),
            ..ClientDraft::blank(&Settings::default(), today)
        };
        app.add_client(draft, today).await.unwrap();
    }
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(app);
        view! { <Router><ClientList /></Router> }
    });
    sleep(20).await;
    let row_of = |name: &str| {
        let rows = root.query_selector_all("tbody tr").unwrap();
        (0..rows.length())
            .filter_map(|i| rows.item(i))
            .find(|row| row.text_content().unwrap_or_default().contains(name))
    };
    let jordan = row_of("Jordan Blake").expect("Jordan Blake is listed");
    type_into(&root, "#client-search", "jordan");
    sleep(20).await;
    assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 2);
    // The list is keyed: a row that still matches is the same row, not a redrawn copy (so
    // typing costs the rows that come and go, not the whole table).
    let after = row_of("Jordan Blake").expect("Jordan Blake still matches");
    assert!(after.is_same_node(Some(&jordan)));
    type_into(&root, "#client-search", "");
    sleep(20).await;
    assert_eq!(root.query_selector_all("tbody tr").unwrap().length(), 3);
    assert!(row_of("Jordan Blake").unwrap().is_same_node(Some(&jordan)));
}

#[wasm_bindgen_test]
async fn roster_board_adds_an_unassigned_client_with_its_buttons() {
    use iop_planner::domain::sample::{SampleParams, generate};
    use iop_planner::ui::groups::RosterBoard;
    let today = iop_planner::platform::today();
    let mem = MemoryStorage::new();
    let app = App::new(Storage::Memory(mem.clone()), Programme::default());
    let sample = generate(&SampleParams::demo(), today, "b-");
    app.load_sample(&sample).await.unwrap();
    let running = sample
        .groups
        .values()
        .filter(|g| !g.archived && g.runs_on(today))
        .count();
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(app);
        view! { <Router><RosterBoard /></Router> }
    });
    sleep(50).await;
    let columns = root.query_selector_all(".board-column").unwrap().length() as usize;
    assert_eq!(
        columns,
        running + 1,
        "one column per running group + unassigned"
    );
    let unassigned = || {
        root.query_selector_all(".board-column:first-child .board-card")
            .unwrap()
            .length()
    };
    let before = unassigned();
    assert!(before > 0, "the demo has unassigned clients");
    let before_memberships = app.programme.get_untracked().memberships.len();
    click(
        &root,
        ".board-column:first-child .board-card button[aria-expanded]",
    );
    sleep(20).await;
    let select: web_sys::HtmlSelectElement = root
        .query_selector(".board-card__actions select")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_selected_index(1);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    select
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap())
        .unwrap();
    click(&root, ".board-card__actions button");
    sleep(50).await;
    assert_eq!(unassigned(), before - 1, "{}", text(&root));
    assert_eq!(
        app.programme.get_untracked().memberships.len(),
        before_memberships + 1
    );
    let stored = Storage::Memory(mem.clone()).load_all().await.unwrap();
    assert_eq!(stored.records("memberships").len(), before_memberships + 1);
}

#[wasm_bindgen_test]
async fn family_members_and_consents_survive_reopening_indexeddb() {
    use iop_planner::domain::ClientDraft;
    use iop_planner::domain::families::forms::{ConsentDraft, FamilyMemberDraft};
    let name = unique("families");
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let app = start(Storage::Idb(storage.clone())).await.unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let ana = app
        .add_client(
            ClientDraft {
                full_name: "Ana Fixture".into(),
                ..ClientDraft::blank(&Settings::default(), today)
            },
            today,
        )
        .await
        .unwrap();
    let mut member = FamilyMemberDraft::blank(Some(&ana));
    member.name = "Maria Fixture".into();
    member.unavailable = "2026-12-24".into();
    app.save_family_member("f1".into(), &member, 0)
        .await
        .unwrap();
    let consent = app.programme.with_untracked(|p| ConsentDraft {
        discloser: "Riverside IOP".into(),
        ..ConsentDraft::blank(p, &ana, "f1", today)
    });
    app.save_consent("k1".into(), &consent, 0).await.unwrap();
    // A place in a multi-family group travels inside the family member's record.
    let mut group = iop_planner::domain::sample::generate(
        &iop_planner::domain::sample::SampleParams::demo(),
        today,
        "b-",
    )
    .groups
    .values()
    .find(|g| g.kind.is_family())
    .unwrap()
    .clone();
    group.start = today;
    let group_id = group.id.clone();
    app.commit(iop_planner::domain::Change::put(group))
        .await
        .unwrap();
    let base = app.revision(iop_planner::domain::Kind::FamilyMember, "f1");
    app.join_family_group("f1", &group_id, "2026-12-02", base)
        .await
        .unwrap();
    let before = app.programme.get_untracked();
    assert_eq!(before.family_members["f1"].groups.len(), 1);
    storage.close();
    let again = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let raw = raw_records(&again, "consents").await;
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0]["recipient"], "f1");
    let p = start(Storage::Idb(again))
        .await
        .unwrap()
        .programme
        .get_untracked();
    assert_eq!(p.family_members, before.family_members);
    assert_eq!(p.consents, before.consents);
    assert!(p.quarantine.is_empty());
}

/// The body of a backup of `p`, through the whole file path (write, open, read).
fn backup_of(p: &Programme) -> Programme {
    use iop_planner::domain::export::backup::{Payload, body, open, read, write};
    let b = body(p).unwrap();
    let file = write(&b.counts, "2026-12-02T09:30:00Z", &Payload::Plain(b.text)).unwrap();
    let opened = open(file.as_bytes()).unwrap();
    let Payload::Plain(text) = &opened.payload else {
        panic!("not plain")
    };
    read(&opened.header, text).unwrap()
}

#[wasm_bindgen_test]
async fn web_crypto_encrypts_a_backup_that_only_its_passphrase_opens() {
    use iop_planner::domain::export::backup::{
        FORMAT_VERSION, ITERATIONS, IV_BYTES, Payload, SALT_BYTES, body, open, read, sealed_aad,
        sealed_plaintext, unseal, write,
    };
    use iop_planner::domain::sample::{SampleParams, generate};
    use iop_planner::platform::crypto;
    let today = iop_planner::platform::today();
    let p = generate(&SampleParams::demo(), today, "wc-");
    let b = body(&p).unwrap();
    let pw = "harbour lantern orchid";
    let (ciphertext, salt, iv) =
        crypto::encrypt(pw, b.text.as_bytes(), ITERATIONS, SALT_BYTES, IV_BYTES)
            .await
            .unwrap();
    assert_eq!((salt.len(), iv.len()), (SALT_BYTES, IV_BYTES));
    assert_eq!(
        ciphertext.len(),
        b.text.len() + 16,
        "AES-GCM adds its 16-byte tag"
    );
    // Fresh salt and nonce each time: the same data never gives the same file.
    let (again, salt2, iv2) =
        crypto::encrypt(pw, b.text.as_bytes(), ITERATIONS, SALT_BYTES, IV_BYTES)
            .await
            .unwrap();
    assert!(again != ciphertext && salt2 != salt && iv2 != iv);
    // The same salt and nonce: the same bytes (what makes a file reproducible in tests).
    let fixed = crypto::encrypt_with(pw, b"abc", &salt, &iv, ITERATIONS)
        .await
        .unwrap();
    assert_eq!(
        fixed,
        crypto::encrypt_with(pw, b"abc", &salt, &iv, ITERATIONS)
            .await
            .unwrap()
    );

    // The file as the app writes it: header fields and body inside, the clear header bound.
    let at = "2026-12-02T09:30:00Z";
    let inside = sealed_plaintext(&b.counts, at, &b.text).unwrap();
    let aad = sealed_aad(FORMAT_VERSION);
    let (ciphertext, salt, iv) = crypto::encrypt_bound(
        pw,
        inside.as_bytes(),
        &aad,
        ITERATIONS,
        SALT_BYTES,
        IV_BYTES,
    )
    .await
    .unwrap();
    let file = write(
        &b.counts,
        at,
        &Payload::Sealed {
            ciphertext: ciphertext.clone(),
            salt: salt.clone(),
            iv: iv.clone(),
            iterations: ITERATIONS,
        },
    )
    .unwrap();
    assert!(
        !file.contains("\"counts\""),
        "the counts are inside the encryption"
    );
    assert!(!file.contains(&p.clients.values().next().unwrap().full_name));
    let opened = open(file.as_bytes()).unwrap();
    let Payload::Sealed {
        ciphertext: c,
        salt: s,
        iv: i,
        iterations,
    } = opened.payload.clone()
    else {
        panic!("not sealed")
    };
    // Bound to its clear header: without the additional data (as format 1) it does not open.
    assert_eq!(crypto::decrypt(pw, &c, &s, &i, iterations).await, Err(None));
    let plain = crypto::decrypt_bound(pw, &c, &opened.aad(), &s, &i, iterations)
        .await
        .unwrap();
    let (header, text) = unseal(&opened, plain).unwrap();
    assert_eq!(header.counts, b.counts);
    let back = read(&header, &text).unwrap();
    assert_eq!(back.clients, p.clients);
    assert_eq!(back.sessions, p.sessions);
    // The passphrase is read as Unicode NFC: "é" typed as one or two code points opens it.
    let accented = crypto::encrypt_with("caf\u{e9} au lait!", b"x", &s, &i, ITERATIONS)
        .await
        .unwrap();
    assert_eq!(
        crypto::decrypt("cafe\u{301} au lait!", &accented, &s, &i, ITERATIONS)
            .await
            .unwrap(),
        b"x"
    );
    // A wrong passphrase, or one changed byte behind a recomputed checksum: refused, no text.
    assert_eq!(
        crypto::decrypt_bound("harbour lantern orchid!", &c, &aad, &s, &i, iterations).await,
        Err(None)
    );
    let mut tampered = c.clone();
    tampered[100] ^= 1;
    assert_eq!(
        crypto::decrypt_bound(pw, &tampered, &aad, &s, &i, iterations).await,
        Err(None)
    );
}

#[wasm_bindgen_test]
async fn replacing_everything_is_all_or_nothing_when_the_transaction_aborts() {
    use iop_planner::actions::backup::How;
    use iop_planner::actions::{ActionError, programme_from};
    use iop_planner::domain::sample::{SampleParams, generate};
    use iop_planner::storage::Op;
    let name = unique("restore");
    let today = iop_planner::platform::today();
    let storage = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let sample = generate(&SampleParams::demo(), today, "ra-");
    // This tab: no messages from other tabs, so it cannot learn of the other tab's edit.
    let app = App::new(Storage::Idb(storage.clone()), Programme::default());
    app.commit(sample.as_inserts()).await.unwrap();
    let mut changed = app.programme.get_untracked();
    for c in changed.clients.values_mut() {
        c.preferred_name = "Restored".into();
    }
    let backup = backup_of(&changed);

    // Another tab edits the last client (in the order the transaction writes them).
    let other = IdbStorage::open(&name, ignore_events()).await.unwrap();
    let mut last = raw_records(&other, stores::CLIENTS).await.pop().unwrap();
    last["rev"] = 999.into();
    last["preferred_name"] = "Other tab".into();
    Storage::Idb(other.clone())
        .apply(vec![Op::put(stores::CLIENTS, last)])
        .await
        .unwrap();

    let err = app.restore_backup(&backup, How::Replace).await.unwrap_err();
    assert!(matches!(err, ActionError::Conflict { .. }), "{err:?}");
    let stored = programme_from(Storage::Idb(storage.clone()).load_all().await.unwrap());
    assert!(
        stored
            .clients
            .values()
            .all(|c| c.preferred_name != "Restored"),
        "no record of the restore was written"
    );
    assert_eq!(stored.clients.len(), sample.clients.len());
    assert_eq!(stored.sessions, sample.sessions);
    assert!(
        app.programme
            .get_untracked()
            .clients
            .values()
            .all(|c| c.preferred_name != "Restored"),
        "nothing changed on screen"
    );
}

#[wasm_bindgen_test]
fn the_browsers_time_zones_give_real_offsets_and_clock_changes() {
    use iop_planner::domain::export::ics::{Zone, vtimezone};
    use iop_planner::platform::zone::BrowserZone;
    let at = |y, m, d, h| {
        chrono::NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    };
    let ny = BrowserZone::new("America/New_York").unwrap();
    assert_eq!(ny.tzid(), "America/New_York");
    assert_eq!(ny.offset_minutes(at(2026, 7, 1, 12)), -240);
    assert_eq!(ny.offset_minutes(at(2026, 12, 1, 12)), -300);
    let text = vtimezone(&ny, 2026, 2026).join("\n");
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
    let kolkata = BrowserZone::new("Asia/Kolkata").unwrap();
    assert_eq!(kolkata.offset_minutes(at(2026, 7, 1, 12)), 330);
    assert!(
        vtimezone(&kolkata, 2026, 2027)
            .join("\n")
            .contains("TZOFFSETTO:+0530")
    );
    let err = BrowserZone::new("Mars/Olympus_Mons").err().unwrap();
    assert!(err.contains("does not know the time zone"), "{err}");
    // Empty: the browser's own zone.
    assert!(!BrowserZone::new("").unwrap().tzid().is_empty());
}

#[wasm_bindgen_test]
async fn a_share_payload_survives_compression_and_encryption_and_any_change_is_caught() {
    use iop_planner::domain::export::share::{
        Opened, PUBLIC_KEY_BYTES, Signature, from_bytes, link, parse_fragment, payload,
        signed_message, to_bytes,
    };
    use iop_planner::domain::sample::{SampleParams, generate};
    use iop_planner::platform::crypto;
    use iop_planner::platform::share::{open, seal};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    let p = generate(&SampleParams::demo(), today, "sl-");
    let to = today + chrono::Days::new(90);
    let (made, _) = p
        .family_members
        .keys()
        .find_map(|m| payload(&p, m, today, to, to, today, "America/New_York").ok())
        .expect("someone to share with");
    let bytes = to_bytes(&made);
    let (data, key) = seal(&bytes).await.unwrap();
    assert!(
        data.len() < bytes.len(),
        "compressed: {} of {} bytes",
        data.len(),
        bytes.len()
    );
    // Signed by a programme key made and used through Web Crypto.
    let (public, private) = crypto::new_signing_key().await.unwrap();
    assert_eq!(public.len(), PUBLIC_KEY_BYTES);
    let signature = crypto::sign(&private, &signed_message(&data, &key))
        .await
        .unwrap();
    let url = link(
        "https://iop.example.org/",
        &data,
        &key,
        &Signature {
            public: public.clone(),
            signature,
        },
    );
    assert!(
        url.len() < 2000,
        "a three-month link is {} characters",
        url.len()
    );
    let f = parse_fragment(url.split_once('#').unwrap().1).unwrap();
    let s = f.signed.clone().unwrap();
    assert!(crypto::verify(&s.public, &signed_message(&f.data, &f.key), &s.signature).await);
    // Another programme's key, a changed byte of the link or of the signature: no.
    let (other, _) = crypto::new_signing_key().await.unwrap();
    assert!(!crypto::verify(&other, &signed_message(&f.data, &f.key), &s.signature).await);
    let mut bad_data = f.data.clone();
    bad_data[20] ^= 1;
    assert!(!crypto::verify(&s.public, &signed_message(&bad_data, &f.key), &s.signature).await);
    let mut bad_signature = s.signature.clone();
    bad_signature[5] ^= 1;
    assert!(!crypto::verify(&s.public, &signed_message(&f.data, &f.key), &bad_signature).await);
    assert!(crypto::sign("{not a key}", b"x").await.is_err());
    let (d, k) = (f.data, f.key);
    let back = open(&d, &k).await.unwrap();
    assert_eq!(from_bytes(&back, today), Some(Opened::Schedule(made)));
    // Any changed byte, the wrong key, or a cut: nothing.
    for i in [0, 5, 12, d.len() / 2, d.len() - 1] {
        let mut bad = d.clone();
        bad[i] ^= 0x20;
        assert_eq!(open(&bad, &k).await, None, "byte {i}");
    }
    let mut wrong = k.clone();
    wrong[0] ^= 1;
    assert_eq!(open(&d, &wrong).await, None);
    assert_eq!(open(&d[..d.len() - 1], &k).await, None);
}
