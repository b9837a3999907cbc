//! Roster benchmarks in wasm, in headless Chromium (`make bench`; not part of `make test`).
//! Prints one JSON line per figure through the console.
#![cfg(target_arch = "wasm32")]

#[path = "common/roster_bench.rs"]
mod roster_bench;
#[path = "common/session_bench.rs"]
mod session_bench;

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn roster_benchmarks() {
    let performance = web_sys::window().and_then(|w| w.performance());
    let now = move || performance.as_ref().map(|p| p.now()).unwrap_or(0.0);
    let lines = roster_bench::run("wasm", 7, &now)
        .into_iter()
        .chain(session_bench::run("wasm", 7, &now));
    for line in lines {
        web_sys::console::log_1(&line.into());
    }
}

/// One edit on the large fixture, from the action to the committed IndexedDB transaction
/// (validation, the revision check inside the transaction, the write, the in-memory update).
#[wasm_bindgen_test]
async fn commit_benchmark() {
    use iop_planner::actions::{start, stored_json};
    use iop_planner::domain::Kind;
    use iop_planner::storage::{IdbStorage, Op, Storage};
    use leptos::prelude::WithUntracked;

    let performance = web_sys::window().and_then(|w| w.performance());
    let now = move || performance.as_ref().map(|p| p.now()).unwrap_or(0.0);
    let name = format!("bench-commit-{}", uuid::Uuid::new_v4());
    let storage = IdbStorage::open(&name, std::rc::Rc::new(|_| {}))
        .await
        .expect("open");
    let programme = roster_bench::large();
    let mut ops = Vec::new();
    for (store, records) in stored_json(&programme).expect("fixture") {
        ops.extend(
            records
                .into_iter()
                .map(|record| Op::Insert { store, record }),
        );
    }
    let records = ops.len();
    Storage::Idb(storage.clone())
        .apply(ops)
        .await
        .expect("fixture written");
    let app = start(Storage::Idb(storage.clone())).await.expect("start");
    let client = app
        .programme
        .with_untracked(|p| p.active_clients().next().cloned().expect("a client"));
    let today = roster_bench::bench_today();
    let runs = 7;
    let mut times = Vec::new();
    for i in 0..=runs {
        let mut draft = client.to_draft();
        draft.preferred_name = format!("Run {i}");
        let base = app.revision(Kind::Client, &client.id.0);
        let start = now();
        app.update_client(&client.id, draft, today, base)
            .await
            .expect("saved");
        if i > 0 {
            times.push(now() - start);
        }
    }
    let median = roster_bench::median(times);
    web_sys::console::log_1(
        &format!(
            r#"{{"bench":"commit_one_record_large","target":"wasm","median_ms":{median:.2},"runs":{runs},"records":{records}}}"#
        )
        .into(),
    );
    storage.close();
    let _ = IdbStorage::delete(&name).await;
}

/// Backup of the large fixture, as the Export page makes and reads one: export = body, Web
/// Crypto encryption (PBKDF2 600,000 rounds, AES-GCM) and the file text; restore = open and
/// checksum, decryption, every record through the restore path with references, and the
/// comparison with what is here (the preview, and the change to write).
#[wasm_bindgen_test]
async fn backup_benchmarks() {
    use iop_planner::domain::export::backup::{
        FORMAT_VERSION, ITERATIONS, IV_BYTES, Payload, SALT_BYTES, body, compare, open, read,
        sealed_aad, sealed_plaintext, unseal, write,
    };
    use iop_planner::platform::crypto;
    let performance = web_sys::window().and_then(|w| w.performance());
    let now = move || performance.as_ref().map(|p| p.now()).unwrap_or(0.0);
    let programme = roster_bench::large();
    let pw = "bench passphrase words";
    let runs = 7;
    let (mut export, mut restore) = (Vec::new(), Vec::new());
    let mut bytes = 0;
    for i in 0..=runs {
        let start = now();
        let b = body(&programme).expect("body");
        let inside = sealed_plaintext(&b.counts, "2026-12-02T09:30:00Z", &b.text).expect("inside");
        let (ciphertext, salt, iv) = crypto::encrypt_bound(
            pw,
            inside.as_bytes(),
            &sealed_aad(FORMAT_VERSION),
            ITERATIONS,
            SALT_BYTES,
            IV_BYTES,
        )
        .await
        .expect("encrypted");
        let payload = Payload::Sealed {
            ciphertext,
            salt,
            iv,
            iterations: ITERATIONS,
        };
        let file = write(&b.counts, "2026-12-02T09:30:00Z", &payload).expect("file");
        let exported = now() - start;
        bytes = file.len();
        let start = now();
        let opened = open(file.as_bytes()).expect("opened");
        let Payload::Sealed {
            ciphertext,
            salt,
            iv,
            iterations,
        } = &opened.payload
        else {
            panic!("not sealed")
        };
        let plain = crypto::decrypt_bound(pw, ciphertext, &opened.aad(), salt, iv, *iterations)
            .await
            .expect("decrypted");
        let (header, text) = unseal(&opened, plain).expect("unsealed");
        let back = read(&header, &text).expect("read");
        let comparison = compare(&programme, &back, &Default::default(), "bench");
        assert!(comparison.identical());
        let restored = now() - start;
        if i > 0 {
            export.push(exported);
            restore.push(restored);
        }
    }
    // The whole restore into an empty browser: the above, then "Replace everything" as one
    // IndexedDB transaction.
    let mut into_empty = Vec::new();
    let write_runs = 3;
    let b = body(&programme).expect("body");
    for _ in 0..write_runs {
        use iop_planner::actions::App;
        use iop_planner::actions::backup::How;
        use iop_planner::storage::{IdbStorage, Storage};
        let name = format!("bench-restore-{}", uuid::Uuid::new_v4());
        let storage = IdbStorage::open(&name, std::rc::Rc::new(|_| {}))
            .await
            .expect("open");
        let app = App::new(Storage::Idb(storage.clone()), Default::default());
        let start = now();
        let opened = open(
            write(
                &b.counts,
                "2026-12-02T09:30:00Z",
                &Payload::Plain(b.text.clone()),
            )
            .expect("file")
            .as_bytes(),
        )
        .expect("opened");
        let Payload::Plain(text) = &opened.payload else {
            panic!("not plain")
        };
        let back = read(&opened.header, text).expect("read");
        app.restore_backup(&back, How::Replace)
            .await
            .expect("restored");
        into_empty.push(now() - start);
        storage.close();
        let _ = IdbStorage::delete(&name).await;
    }
    let median = roster_bench::median(into_empty);
    web_sys::console::log_1(
        &format!(
            r#"{{"bench":"backup_restore_write_large","target":"wasm","median_ms":{median:.1},"runs":{write_runs},"note":"unencrypted file into an empty database, one transaction"}}"#
        )
        .into(),
    );
    for (name, times) in [
        ("backup_export_large", export),
        ("backup_restore_large", restore),
    ] {
        let median = roster_bench::median(times);
        web_sys::console::log_1(
            &format!(
                r#"{{"bench":"{name}","target":"wasm","median_ms":{median:.1},"runs":{runs},"file_bytes":{bytes}}}"#
            )
            .into(),
        );
    }
}

/// Share-link length for three months (`family_link_chars_3_months`, goal < 2,000): every
/// family member of the large fixture with something to share, compressed and encrypted as the
/// app does, behind a 40-character https address; the median and the longest.
#[wasm_bindgen_test]
async fn share_link_benchmark() {
    use iop_planner::domain::export::share::{Signature, link, payload, signed_message, to_bytes};
    use iop_planner::platform::{crypto, share::seal};
    let (public, private) = crypto::new_signing_key().await.expect("a key");
    let programme = roster_bench::large();
    let today = roster_bench::bench_today();
    let to = today + chrono::Days::new(90);
    let mut lengths = Vec::new();
    for member in programme.family_members.keys().take(200) {
        if let Ok((p, _)) = payload(&programme, member, today, to, to, today, "America/New_York") {
            let (data, key) = seal(&to_bytes(&p)).await.expect("sealed");
            let signature = crypto::sign(&private, &signed_message(&data, &key))
                .await
                .expect("signed");
            let signed = Signature {
                public: public.clone(),
                signature,
            };
            let url = link(
                "https://iop-planner.example-programme.org/",
                &data,
                &key,
                &signed,
            );
            lengths.push(url.len() as f64);
        }
    }
    let longest = lengths.iter().copied().fold(0.0, f64::max);
    let links = lengths.len();
    let median = roster_bench::median(lengths);
    web_sys::console::log_1(
        &format!(
            r#"{{"bench":"family_link_chars_3_months","target":"wasm","median_chars":{median:.0},"max_chars":{longest:.0},"links":{links},"budget":2000}}"#
        )
        .into(),
    );
}
