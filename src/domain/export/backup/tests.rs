use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::*;
use crate::domain::record::stores_at;
use crate::domain::sample::{SampleParams, generate};
use crate::domain::{Change, Record};

const NOW: &str = "2026-12-02T09:30:00Z";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

fn small() -> SampleParams {
    SampleParams {
        active_clients: 6,
        discharged_clients: 2,
        groups: 8,
        staff: 4,
        rooms: 3,
        history_weeks: 3,
        keep_apart_pairs: 1,
        planned_admissions: 1,
        unassigned_active: 1,
        seed: 7,
    }
}

fn plain(p: &Programme) -> String {
    let body = body(p).unwrap();
    write(&body.counts, NOW, &Payload::Plain(body.text)).unwrap()
}

fn restore(file: &str) -> Result<Programme, String> {
    let opened = open(file.as_bytes())?;
    match &opened.payload {
        Payload::Plain(text) => read(&opened.header, text),
        Payload::Sealed { .. } => panic!("encrypted"),
    }
}

fn same_records(a: &Programme, b: &Programme) {
    for ops in KINDS {
        assert_eq!(ops.records(a), ops.records(b), "{}", ops.store());
    }
}

/// A body whose records are edited by `edit` (store, list), rewrapped with a valid checksum.
fn edited(p: &Programme, edit: impl FnOnce(&mut BTreeMap<String, Vec<Value>>)) -> String {
    let body = body(p).unwrap();
    let mut stores: BTreeMap<String, Vec<Value>> = serde_json::from_str(&body.text).unwrap();
    edit(&mut stores);
    let counts = stores.iter().map(|(s, l)| (s.clone(), l.len())).collect();
    let text = serde_json::to_string(&stores).unwrap();
    write(&counts, NOW, &Payload::Plain(text)).unwrap()
}

#[test]
fn a_backup_restores_to_an_equal_programme_with_revisions() {
    for params in [small(), SampleParams::demo()] {
        let mut p = generate(&params, day(), "b-");
        let some = p.clients.keys().next().unwrap().0.clone();
        p.revisions.insert(("clients", some.clone()), 9);
        let file = plain(&p);
        let back = restore(&file).unwrap();
        same_records(&p, &back);
        assert_eq!(back.revision(Kind::Client, &some), 9);
        assert!(back.quarantine.is_empty());
        assert!(cmp(&p, &back).identical());
    }
}

#[test]
fn the_large_fixture_round_trips() {
    let p = generate(&SampleParams::large(), day(), "L-");
    let back = restore(&plain(&p)).unwrap();
    same_records(&p, &back);
}

#[test]
fn two_backups_of_the_same_data_at_the_same_time_are_byte_identical() {
    let p = generate(&small(), day(), "b-");
    let a = plain(&p);
    // The same records built in another order.
    let mut q = Programme::default();
    let mut records: Vec<Record> = KINDS.iter().flat_map(|k| k.records(&p)).collect();
    records.reverse();
    q.apply(&Change {
        put: records,
        ..Change::default()
    });
    q.revisions = p.revisions.clone();
    assert_eq!(a, plain(&q));
    let sealed = |c: &[u8]| Payload::Sealed {
        ciphertext: c.to_vec(),
        salt: vec![1; SALT_BYTES],
        iv: vec![2; IV_BYTES],
        iterations: ITERATIONS,
    };
    let counts = body(&p).unwrap().counts;
    assert_eq!(
        write(&counts, NOW, &sealed(b"abc")).unwrap(),
        write(&counts, NOW, &sealed(b"abc")).unwrap()
    );
    assert_ne!(a, plain(&generate(&small(), day(), "c-")));
}

#[test]
fn the_header_describes_the_backup() {
    let p = generate(&small(), day(), "b-");
    let file = plain(&p);
    let opened = open(file.as_bytes()).unwrap();
    let h = &opened.header;
    assert_eq!(h.format, FORMAT);
    assert_eq!(h.format_version, FORMAT_VERSION);
    assert_eq!(h.db_version, layout_version());
    assert_eq!(h.exported_at, NOW);
    assert_eq!(h.counts["clients"], p.clients.len());
    assert_eq!(
        h.counts.len(),
        KINDS.len(),
        "every kind is listed, empty ones too"
    );
    assert_eq!(h.encryption, None);
    let Payload::Plain(text) = &opened.payload else {
        panic!()
    };
    assert_eq!(h.sha256, sha256_hex(text.as_bytes()));
    assert_eq!(
        file_name(day(), true),
        "iop-planner-backup-2026-12-02.iopbackup"
    );
    assert_eq!(
        file_name(day(), false),
        "iop-planner-backup-2026-12-02.json"
    );
}

#[test]
fn a_sealed_payload_is_checked_before_any_passphrase_is_asked() {
    let counts = BTreeMap::from([("clients".to_string(), 1)]);
    let payload = Payload::Sealed {
        ciphertext: vec![7; 40],
        salt: vec![1; SALT_BYTES],
        iv: vec![2; IV_BYTES],
        iterations: ITERATIONS,
    };
    let file = write(&counts, NOW, &payload).unwrap();
    assert!(!file.contains("\"body\""));
    let opened = open(file.as_bytes()).unwrap();
    assert_eq!(opened.payload, payload);
    assert_eq!(
        opened.header.encryption.as_ref().unwrap().iterations,
        600_000
    );
    // One byte of the ciphertext changed: damaged, not "wrong passphrase".
    let mut v: Value = serde_json::from_str(&file).unwrap();
    v["ciphertext"] = B64
        .encode([7u8; 39].iter().chain(&[8u8]).copied().collect::<Vec<_>>())
        .into();
    let err = open(v.to_string().as_bytes()).unwrap_err();
    assert!(err.contains("damaged"), "{err}");
    // Too few or far too many rounds, a short salt: not a file this app wrote.
    for (field, value) in [
        ("iterations", json!(1000)),
        ("iterations", json!(4_000_000_000u64)),
        ("salt", json!(B64.encode([1u8; 4]))),
        ("cipher", json!("AES-CBC")),
    ] {
        let mut v: Value = serde_json::from_str(&file).unwrap();
        v["encryption"][field] = value;
        let err = open(v.to_string().as_bytes()).unwrap_err();
        assert!(err.contains("encryption settings"), "{field}: {err}");
    }
}

#[test]
fn damaged_truncated_and_foreign_files_are_refused_with_a_reason() {
    let p = generate(&small(), day(), "b-");
    let file = plain(&p);
    // One character of a name changed.
    let i = file.find("\"full_name\":\"").unwrap() + 13;
    let mut bytes = file.clone().into_bytes();
    bytes[i] = if bytes[i] == b'X' { b'Y' } else { b'X' };
    let err = open(&bytes).unwrap_err();
    assert!(err.contains("checksum"), "{err}");
    // Cut short.
    let err = open(&file.as_bytes()[..file.len() / 2]).unwrap_err();
    assert!(err.contains("incomplete"), "{err}");
    for foreign in [
        &b"\x89PNG\r\n\x1a\n"[..],
        b"{}",
        b"[1,2,3]",
        br#"{"format":"something-else","format_version":1}"#,
        b"",
    ] {
        assert!(open(foreign).is_err());
    }
    let err = open(br#"{"format":"something-else"}"#).unwrap_err();
    assert!(err.contains("not an IOP Planner backup"), "{err}");
    // Newer format or database.
    let mut v: Value = serde_json::from_str(&file).unwrap();
    v["format_version"] = json!(FORMAT_VERSION + 1);
    assert!(
        open(v.to_string().as_bytes())
            .unwrap_err()
            .contains("newer version")
    );
    let mut v: Value = serde_json::from_str(&file).unwrap();
    v["db_version"] = json!(layout_version() + 1);
    assert!(
        open(v.to_string().as_bytes())
            .unwrap_err()
            .contains("newer version")
    );
    // Too big.
    let big = vec![b' '; MAX_FILE_BYTES + 1];
    assert!(open(&big).unwrap_err().contains("at most 64 MB"));
    // A byte-order mark from an editor is fine.
    let with_bom = format!("\u{feff}{file}");
    assert!(open(with_bom.as_bytes()).is_ok());
}

#[test]
fn a_bad_record_is_named_by_store_position_and_id() {
    let p = generate(&small(), day(), "b-");
    let file = edited(&p, |stores| {
        let clients = stores.get_mut("clients").unwrap();
        clients[1]["admission_date"] = json!("2026-13-01");
    });
    let err = restore(&file).unwrap_err();
    assert!(err.starts_with("clients, record 2 ('"), "{err}");
    assert!(err.contains("2026-13-01"), "{err}");
    assert!(err.contains("Nothing was changed"), "{err}");

    let file = edited(&p, |stores| {
        let clients = stores.get_mut("clients").unwrap();
        let copy = clients[0].clone();
        clients.push(copy);
    });
    let err = restore(&file).unwrap_err();
    assert!(err.contains("used twice"), "{err}");

    let file = edited(&p, |stores| {
        stores.get_mut("clients").unwrap().clear();
    });
    let err = restore(&file).unwrap_err();
    assert!(err.contains("refers to a client"), "{err}");

    let file = edited(&p, |stores| {
        stores.remove("settings");
    });
    assert!(restore(&file).unwrap_err().contains("no settings record"));

    let file = edited(&p, |stores| {
        stores.insert("spaceships".into(), vec![json!({"id": "x"})]);
    });
    assert!(restore(&file).unwrap_err().contains("spaceships"));

    // The header's counts disagree with the records.
    let body = body(&p).unwrap();
    let mut counts = body.counts.clone();
    *counts.get_mut("clients").unwrap() += 1;
    let file = write(&counts, NOW, &Payload::Plain(body.text)).unwrap();
    assert!(restore(&file).unwrap_err().contains("number of records"));
}

#[test]
fn deep_nesting_and_huge_strings_are_refused_quickly() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(open(deep.as_bytes()).is_err());
    let h = Header {
        format: FORMAT.into(),
        format_version: 1,
        db_version: 6,
        app_version: "x".into(),
        exported_at: NOW.into(),
        counts: BTreeMap::new(),
        sha256: String::new(),
        encryption: None,
    };
    let deep_body = format!(
        r#"{{"clients":[{{"id":"a","x":{}1{}}}]}}"#,
        "[".repeat(40),
        "]".repeat(40)
    );
    assert!(read(&h, &deep_body).unwrap_err().contains("nested"));
    let long = format!(
        r#"{{"clients":[{{"id":"a","x":"{}"}}]}}"#,
        "a".repeat(200_000)
    );
    assert!(read(&h, &long).unwrap_err().contains("longer"));
}

/// Compare with no choices made, as browser "b".
fn cmp(here: &Programme, backup: &Programme) -> Comparison {
    compare(here, backup, &Choices::new(), "b")
}

/// Change record `id` of `kind` in `p` by `change`, as an edit by `actor` (its history as the
/// actions would give it).
fn edit(p: &mut Programme, kind: Kind, id: &str, actor: &str, change: impl FnOnce(&mut Programme)) {
    let json = |p: &Programme| kind.ops().current(p, id).unwrap().to_json().unwrap();
    let before = json(p);
    let history = p.edits(kind, id).cloned().unwrap_or_default();
    change(p);
    let after = history.edited(&before, &json(p), actor);
    p.set_edits(&vec![(kind, id.to_string(), after)]);
}

#[test]
fn merge_keeps_each_sides_changes_field_by_field_and_asks_only_about_real_conflicts() {
    use crate::domain::ClientId;
    use crate::domain::record::edits::Edits;
    let mut base = generate(&small(), day(), "b-");
    let ids: Vec<String> = base.clients.keys().take(4).map(|c| c.0.clone()).collect();
    // Two sessions of one month, of one group.
    let month = base.sessions.values().next().unwrap().clone();
    let pair: Vec<String> = base
        .sessions
        .values()
        .filter(|s| {
            s.group == month.group
                && s.slot.format("%Y-%m").to_string() == month.slot.format("%Y-%m").to_string()
        })
        .take(2)
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(pair.len(), 2);
    // Browser A made everything; B restored A's backup.
    let made: Vec<(Kind, String, Edits)> = ids
        .iter()
        .map(|id| (Kind::Client, id.clone()))
        .chain(pair.iter().map(|id| (Kind::Session, id.clone())))
        .map(|(k, id)| (k, id, Edits::created("a")))
        .collect();
    base.set_edits(&made);
    let (mut here, mut theirs) = (base.clone(), base);
    let cid = |i: usize| ClientId(ids[i].clone());
    // A raises its revisions a lot; B once: revisions play no part.
    for id in &ids {
        theirs.revisions.insert(("clients", id.clone()), 9);
        here.revisions.insert(("clients", id.clone()), 2);
    }
    // 0: the same field changed on both sides: a conflict.
    edit(&mut here, Kind::Client, &ids[0], "b", |p| {
        p.clients.get_mut(&cid(0)).unwrap().preferred_name = "Here".into()
    });
    edit(&mut theirs, Kind::Client, &ids[0], "a", |p| {
        p.clients.get_mut(&cid(0)).unwrap().preferred_name = "Backup".into()
    });
    // 1: B changed the pronouns after restoring; A (before the backup) the preferred name.
    edit(&mut here, Kind::Client, &ids[1], "b", |p| {
        p.clients.get_mut(&cid(1)).unwrap().pronouns = "they/them".into()
    });
    edit(&mut theirs, Kind::Client, &ids[1], "a", |p| {
        p.clients.get_mut(&cid(1)).unwrap().preferred_name = "Sam".into()
    });
    // 3: changed only here, by B: the backup is older, nothing of it is taken.
    edit(&mut here, Kind::Client, &ids[3], "b", |p| {
        p.clients.get_mut(&cid(3)).unwrap().pronouns = "xe/xem".into()
    });
    // Two sessions of one month: one changed on each side.
    edit(&mut here, Kind::Session, &pair[0], "b", |p| {
        p.sessions.get_mut(&pair[0]).unwrap().notes = "Room 2 today.".into()
    });
    edit(&mut theirs, Kind::Session, &pair[1], "a", |p| {
        p.sessions.get_mut(&pair[1]).unwrap().notes = "Bring worksheets.".into()
    });
    // 2: only in the backup (removed here, with its memberships).
    let gone: Vec<String> = here
        .memberships
        .values()
        .filter(|m| m.client.0 == ids[2])
        .map(|m| m.id.clone())
        .collect();
    for m in &gone {
        here.memberships.remove(m);
    }
    here.clients.remove(&cid(2));
    // A room only here.
    let mut room = here.rooms.values().next().unwrap().clone();
    room.id = "room-only-here".into();
    here.rooms.insert(room.id.clone(), room);

    let backup = restore(&plain(&theirs)).unwrap();
    assert_eq!(
        backup.edits(Kind::Session, &pair[1]),
        theirs.edits(Kind::Session, &pair[1]),
        "a backup carries the histories"
    );
    let c = cmp(&here, &backup);
    let clients = &c.counts[&Kind::Client];
    assert_eq!((clients.add, clients.change, clients.remove), (1, 3, 0));
    assert_eq!(c.counts[&Kind::Session].change, 2);
    assert_eq!(c.counts[&Kind::Membership].add, gone.len());
    assert_eq!(c.counts[&Kind::Room].remove, 1);
    assert_eq!(c.conflict_count(), 1, "{:#?}", c.differences);
    let by_id: BTreeMap<&str, &Difference> = c
        .differences
        .iter()
        .map(|d| (d.record.id.as_str(), d))
        .collect();
    let conflict = &by_id[ids[0].as_str()].conflicts[0];
    assert_eq!(
        (conflict.field.as_str(), &conflict.here, &conflict.there),
        ("preferred_name", &json!("Here"), &json!("Backup"))
    );
    assert_eq!(
        by_id[ids[1].as_str()].from_backup,
        vec!["preferred_name".to_string()]
    );
    assert!(
        by_id[ids[3].as_str()].from_backup.is_empty()
            && by_id[ids[3].as_str()].conflicts.is_empty()
    );
    assert_eq!(
        by_id[pair[1].as_str()].from_backup,
        vec!["notes".to_string()]
    );
    assert!(
        c.differences
            .iter()
            .all(|x| !x.name.is_empty() && x.name != x.record.id)
    );

    let merged_with = |choices: &Choices| {
        let c = compare(&here, &backup, choices, "b");
        let mut merged = here.clone();
        merged.apply(&c.merge);
        merged.set_edits(&c.merge.edits);
        merged
    };
    let merged = merged_with(&Choices::new());
    assert_eq!(
        merged.clients[&cid(0)].preferred_name,
        "Here",
        "a conflict keeps this browser's unless chosen"
    );
    assert_eq!(
        (
            merged.clients[&cid(1)].pronouns.as_str(),
            merged.clients[&cid(1)].preferred_name.as_str()
        ),
        ("they/them", "Sam"),
        "both sides' changes are kept"
    );
    assert_eq!(
        merged.clients[&cid(3)].pronouns,
        "xe/xem",
        "the newer change is kept whatever the revisions say"
    );
    assert_eq!(merged.sessions[&pair[0]].notes, "Room 2 today.");
    assert_eq!(merged.sessions[&pair[1]].notes, "Bring worksheets.");
    assert!(merged.clients.contains_key(&cid(2)));
    assert!(
        merged.rooms.contains_key("room-only-here"),
        "merge removes nothing"
    );
    // Merging the same backup again asks nothing and changes nothing.
    let again = cmp(&merged, &backup);
    assert_eq!(again.conflict_count(), 0, "{:#?}", again.differences);
    assert!(again.merge.put.is_empty(), "{:?}", again.merge.put);
    // The backup's value, when chosen.
    let choice = Choices::from([(
        crate::domain::RecordRef::new(Kind::Client, ids[0].clone()),
        "preferred_name".to_string(),
    )]);
    assert_eq!(
        merged_with(&choice).clients[&cid(0)].preferred_name,
        "Backup"
    );
    assert!(
        c.merge_text(&choice).contains("1 take the backup's value"),
        "{}",
        c.merge_text(&choice)
    );

    let mut replaced = here.clone();
    replaced.apply(&c.replace);
    same_records(&replaced, &backup);
    assert_eq!(replaced.sessions, backup.sessions);
}

#[test]
fn replace_keeps_every_disclosure_and_consent_the_backup_lacks_and_what_they_name() {
    use crate::domain::ClientId;
    let base = generate(&SampleParams::demo(), day(), "b-");
    assert_eq!(base.disclosures.len(), 1, "the demo has one share link");
    let backup = restore(&plain(&base)).unwrap();
    let mut here = base.clone();
    // A second share link made after the backup, under the same consent.
    let first = here.disclosures.values().next().unwrap().clone();
    let mut later = first.clone();
    later.id = "b-disclosure-later".into();
    here.disclosures.insert(later.id.clone(), later.clone());
    // A client and family member added after the backup, a consent they signed (revoked
    // since) and a share link made under it.
    let mut client = here.clients.values().next().unwrap().clone();
    client.id = ClientId("b-client-later".into());
    client.archived = false;
    here.clients.insert(client.id.clone(), client.clone());
    let mut member = here.family_members.values().next().unwrap().clone();
    member.id = "b-member-later".into();
    member.archived = false;
    member.supports.truncate(1);
    member.supports[0].client = client.id.clone();
    here.family_members
        .insert(member.id.clone(), member.clone());
    let mut consent = here.consents[&first.consent].clone();
    consent.id = "b-consent-later".into();
    consent.client = client.id.clone();
    consent.recipient = member.id.clone();
    consent.revoked = Some(crate::domain::families::consent::Revocation {
        on: day(),
        how: "in writing".into(),
    });
    here.consents.insert(consent.id.clone(), consent.clone());
    let mut under_it = first.clone();
    under_it.id = "b-disclosure-other".into();
    under_it.client = client.id.clone();
    under_it.recipient = member.id.clone();
    under_it.consent = consent.id.clone();
    here.disclosures
        .insert(under_it.id.clone(), under_it.clone());
    // The backup's own consent revoked here since: the revocation stays.
    let revoked = crate::domain::families::consent::Revocation {
        on: day(),
        how: "by phone, confirmed in writing".into(),
    };
    here.consents.get_mut(&first.consent).unwrap().revoked = Some(revoked.clone());
    // A room added since is removed as before.
    let mut room = here.rooms.values().next().unwrap().clone();
    room.id = "room-only-here".into();
    here.rooms.insert(room.id.clone(), room);

    let c = cmp(&here, &backup);
    let mut replaced = here.clone();
    replaced.apply(&c.replace);
    assert_eq!(
        replaced.disclosures.len(),
        3,
        "no restore removes a disclosure entry"
    );
    assert_eq!(replaced.disclosures[&later.id], later);
    assert_eq!(replaced.disclosures[&under_it.id], under_it);
    assert_eq!(replaced.consents[&consent.id], consent);
    assert_eq!(replaced.consents[&first.consent].revoked, Some(revoked));
    // What they name is kept, archived; everything else is the backup's.
    assert!(replaced.clients[&client.id].archived);
    assert!(replaced.family_members[&member.id].archived);
    assert!(!replaced.rooms.contains_key("room-only-here"));
    for ops in KINDS {
        for record in ops.records(&replaced) {
            for (kind, id) in record.refs() {
                assert!(resolves(&replaced, kind, id), "{} -> {id}", record.id());
            }
        }
    }
    assert_eq!(c.kept[&Kind::Disclosure], 2);
    assert_eq!(c.kept[&Kind::Consent], 2);
    assert_eq!(c.kept[&Kind::Client], 1);
    assert_eq!(c.kept[&Kind::FamilyMember], 1);
    assert_eq!(c.replace_removes(), 1);
    let text = c.kept_text().unwrap();
    assert!(text.contains("keeps 2 disclosure entries and 2 consents that the backup lacks, because the law requires"), "{text}");
    assert!(text.contains("1 client and 1 family member"), "{text}");
    // Merge keeps the revocation too.
    let mut merged = here.clone();
    merged.apply(&c.merge);
    assert!(merged.consents[&first.consent].revoked.is_some());
    // Nothing to keep: no sentence.
    assert!(cmp(&base, &backup).kept_text().is_none());
}

#[test]
fn damaged_records_here_are_left_alone_either_way() {
    let base = generate(&small(), day(), "b-");
    let mut here = base.clone();
    let id = here.clients.keys().next().unwrap().0.clone();
    here.set_quarantined(crate::domain::testkit::quarantined("clients", &id, "test"));
    let c = cmp(&here, &base);
    assert_eq!(c.damaged, vec![(Kind::Client, id.clone())]);
    assert!(
        c.replace
            .touched()
            .all(|(k, i)| !(k == Kind::Client && i == id))
    );
    assert!(
        c.merge
            .touched()
            .all(|(k, i)| !(k == Kind::Client && i == id))
    );
    // A month of sessions that cannot be read here (a newer version's): none of the backup's
    // sessions of that month is written into it, either way.
    let mut here = base.clone();
    let session = here.sessions.keys().next().unwrap().clone();
    let month = crate::domain::sessions::month::month_of_session(&session)
        .unwrap()
        .to_string();
    let held: Vec<String> = here
        .sessions
        .keys()
        .filter(|s| s.starts_with(&format!("{month}-")))
        .cloned()
        .collect();
    for s in &held {
        here.sessions.remove(s);
    }
    here.set_quarantined(crate::domain::testkit::quarantined(
        "session_months",
        &month,
        "a newer schema",
    ));
    let c = cmp(&here, &base);
    for change in [&c.replace, &c.merge] {
        assert!(
            change
                .touched()
                .all(|(k, i)| !(k == Kind::Session && held.contains(&i.to_string()))),
            "a session of the unreadable month {month} is written"
        );
    }
    // Readable, the same month's sessions would be restored.
    here.quarantine.clear();
    let c = cmp(&here, &base);
    assert!(
        c.replace
            .touched()
            .any(|(k, i)| k == Kind::Session && held.contains(&i.to_string()))
    );
}

// Backups written by earlier versions stay readable. These files are never regenerated: a new
// format version adds a fixture next to them.

#[test]
fn every_earlier_format_fixture_restores() {
    for (name, text) in [
        (
            "format-1-db-4",
            include_str!("../../../../tests/fixtures/backups/format-1-db-4.json"),
        ),
        (
            "format-1-db-6",
            include_str!("../../../../tests/fixtures/backups/format-1-db-6.json"),
        ),
    ] {
        let back = restore(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(back.clients.len() >= 8, "{name}");
        assert!(!back.sessions.is_empty(), "{name}: sessions kept");
        assert!(back.legacy_sessions.is_empty(), "{name}: stored by month");
        assert!(
            back.sessions.values().any(|s| !s.attendance.is_empty()),
            "{name}"
        );
        let c = cmp(&Programme::default(), &back);
        let stored =
            crate::domain::record::layout::as_stored(&Programme::default(), &c.replace).unwrap();
        assert!(stored.touched().all(|(k, _)| k != Kind::Session), "{name}");
        assert!(stored.put.iter().any(|r| r.kind() == Kind::SessionMonth));
        assert!(c.counts[&Kind::Session].add > 0, "{name}");
    }
    let old = include_str!("../../../../tests/fixtures/backups/format-1-db-4.json");
    let back = restore(old).unwrap();
    assert!(
        back.clients.values().any(|c| c.full_name == "Sam Fixture"),
        "the schema-1 client is migrated"
    );
}

/// How the fixtures were made (once; run with `cargo test -- --ignored write_fixtures`).
#[test]
#[ignore]
fn write_fixtures() {
    let p = generate(&small(), day(), "fx-");
    std::fs::write("tests/fixtures/backups/format-1-db-6.json", plain(&p)).unwrap();
    // Version 4: no session months or families; sessions one per record; a schema-1 client.
    let body = body(&p).unwrap();
    let mut stores: BTreeMap<String, Vec<Value>> = serde_json::from_str(&body.text).unwrap();
    let v4 = stores_at(4);
    stores.retain(|s, _| v4.contains(&s.as_str()));
    let sessions: Vec<Value> = p
        .sessions
        .values()
        .map(|s| {
            let mut v = serde_json::to_value(s).unwrap();
            v["rev"] = json!(1);
            v
        })
        .collect();
    stores.insert("sessions".into(), sessions);
    stores.get_mut("clients").unwrap().push(json!({
        "id": "fixture-1", "name": "Sam Fixture", "age_band": "adult", "track": "co-occurring",
        "level_of_care": "iop", "admission_date": "2025-03-04", "rev": 1
    }));
    let counts = stores.iter().map(|(s, l)| (s.clone(), l.len())).collect();
    let text = serde_json::to_string(&stores).unwrap();
    let file = write(&counts, "2026-06-01T12:00:00Z", &Payload::Plain(text)).unwrap();
    let mut v: Value = serde_json::from_str(&file).unwrap();
    v["db_version"] = json!(4);
    v["app_version"] = json!("0.1.0");
    // Re-serialising reorders nothing that the checksum covers: the body is compared as text.
    let file = file.replacen("\"db_version\":6", "\"db_version\":4", 1);
    assert!(file.contains("\"db_version\":4"));
    let _ = v;
    std::fs::write("tests/fixtures/backups/format-1-db-4.json", file).unwrap();
}

#[test]
fn the_backup_reminder_counts_days() {
    let d = |n: u64| day() - chrono::Days::new(n);
    assert_eq!(
        last_backup_text(None, day()),
        "No backup has been downloaded in this browser yet."
    );
    assert_eq!(last_backup_text(Some(day()), day()), "Last backup: today.");
    assert_eq!(
        last_backup_text(Some(d(1)), day()),
        "Last backup: yesterday."
    );
    assert_eq!(
        last_backup_text(Some(d(9)), day()),
        "Last backup: 9 days ago."
    );
    assert!(!backup_due(Some(d(7)), day(), false));
    assert!(backup_due(Some(d(8)), day(), false));
    assert!(backup_due(None, day(), false));
    assert!(!backup_due(None, day(), true), "nothing to lose yet");
}

#[test]
fn a_passphrase_is_long_enough_and_typed_twice_the_same() {
    use PassphraseField::*;
    assert_eq!(passphrase_problem("", "").unwrap().0, Passphrase);
    assert_eq!(passphrase_problem("short", "short").unwrap().0, Passphrase);
    assert_eq!(
        passphrase_problem("ñandú ñandú", "ñandú ñandu").unwrap().0,
        Repeat
    );
    assert_eq!(passphrase_problem("ñandú ñandú", "ñandú ñandú"), None);
    assert_eq!(
        passphrase_problem("ñandúñandú", "ñandúñandú"),
        None,
        "characters, not bytes"
    );
}

#[test]
fn an_encrypted_backup_shows_only_what_opening_it_needs_and_keeps_the_rest_inside() {
    let p = generate(&small(), day(), "e-");
    let b = body(&p).unwrap();
    let inside = sealed_plaintext(&b.counts, NOW, &b.text).unwrap();
    // The "ciphertext" stands for the encryption of `inside` (the cipher is outside the domain).
    let payload = Payload::Sealed {
        ciphertext: inside.as_bytes().to_vec(),
        salt: vec![1; SALT_BYTES],
        iv: vec![2; IV_BYTES],
        iterations: ITERATIONS,
    };
    let file = write(&b.counts, NOW, &payload).unwrap();
    let clear: Value = serde_json::from_str(&file).unwrap();
    for hidden in ["counts", "exported_at", "app_version", "db_version", "body"] {
        assert!(
            clear.get(hidden).is_none(),
            "{hidden} is readable: {file:.300}"
        );
    }
    assert_eq!(clear["format_version"], 2);
    let opened = open(file.as_bytes()).unwrap();
    assert!(opened.header.counts.is_empty());
    assert_eq!(opened.aad(), b"iop-planner-backup 2".to_vec());
    let (header, text) = unseal(&opened, inside.clone().into_bytes()).unwrap();
    assert_eq!(header.counts, b.counts);
    assert_eq!(header.exported_at, NOW);
    assert_eq!(header.db_version, layout_version());
    assert_eq!(read(&header, &text).unwrap().clients, p.clients);
    // What decrypts to something else is refused in words.
    assert!(
        unseal(&opened, b"{}".to_vec())
            .unwrap_err()
            .contains("could not be read")
    );
    assert!(
        unseal(&opened, vec![0xff, 0xfe])
            .unwrap_err()
            .contains("not text")
    );
    // Records of a newer database version inside: refused before anything is read.
    let mut newer: Value = serde_json::from_str(&inside).unwrap();
    newer["db_version"] = (layout_version() + 1).into();
    let err = unseal(&opened, newer.to_string().into_bytes()).unwrap_err();
    assert!(err.contains("newer version"), "{err}");
}

#[test]
fn an_encrypted_backup_of_format_1_still_opens_with_its_clear_header() {
    let counts = BTreeMap::from([("clients".to_string(), 1)]);
    let ciphertext = b"the body, encrypted".to_vec();
    let v1 = json!({
        "format": FORMAT,
        "format_version": 1,
        "db_version": layout_version(),
        "app_version": "0.1.0",
        "exported_at": NOW,
        "counts": counts,
        "sha256": sha256_hex(&ciphertext),
        "encryption": {
            "cipher": CIPHER, "kdf": KDF, "iterations": ITERATIONS,
            "salt": B64.encode([1u8; SALT_BYTES]), "iv": B64.encode([2u8; IV_BYTES]),
        },
        "ciphertext": B64.encode(&ciphertext),
    });
    let opened = open(v1.to_string().as_bytes()).unwrap();
    assert_eq!(opened.header.counts, counts);
    assert!(opened.aad().is_empty(), "format 1 bound nothing");
    let (header, text) = unseal(&opened, b"{\"clients\":[]}".to_vec()).unwrap();
    assert_eq!(
        (header.exported_at.as_str(), text.as_str()),
        (NOW, "{\"clients\":[]}")
    );
    // A plain backup without its header fields is not one this app wrote.
    let mut bare: Value = serde_json::from_str(&plain(&generate(&small(), day(), "f-"))).unwrap();
    bare.as_object_mut().unwrap().remove("counts");
    assert!(
        open(bare.to_string().as_bytes())
            .unwrap_err()
            .contains("not an IOP Planner backup")
    );
}
