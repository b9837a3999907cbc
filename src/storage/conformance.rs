//! The storage behaviour both backends must share, as one suite: native tests run it on the
//! in-memory twin, browser tests on real IndexedDB.

use std::future::Future;

use serde_json::{Value, json};

use super::{Expect, Fetched, Op, Storage, StorageError, all_stores, stores};
use crate::domain::record::KINDS;

/// Outcome of one case: its name and `Err(explanation)` when it failed.
pub type CaseResult = (&'static str, Result<(), String>);

fn client(id: &str, name: &str) -> Value {
    json!({"id": id, "schema": 2, "full_name": name, "age_band": "adult",
           "track": "mental-health", "level_of_care": "iop", "admission_date": "2026-11-02"})
}

fn insert(record: Value) -> Op {
    Op::Insert {
        store: stores::CLIENTS,
        record,
    }
}

async fn ids(storage: &Storage, store: &str) -> Result<Vec<String>, String> {
    let snapshot = storage.load_all().await.map_err(|e| e.to_string())?;
    if !snapshot.stores.contains_key(store) {
        return Err(format!("store {store} missing from the snapshot"));
    }
    Ok(snapshot
        .records(store)
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("?").to_string())
        .collect())
}

fn check(cond: bool, what: impl Into<String>) -> Result<(), String> {
    if cond { Ok(()) } else { Err(what.into()) }
}

/// Run every case, each on a fresh, empty storage from `fresh`.
pub async fn run_all<F, Fut>(fresh: F) -> Vec<CaseResult>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Storage>,
{
    vec![
        ("empty database has every store", empty(fresh().await).await),
        (
            "inserted records load back unchanged",
            round_trip(fresh().await).await,
        ),
        (
            "put replaces only its own record",
            put_is_targeted(fresh().await).await,
        ),
        (
            "a duplicate insert aborts the whole action",
            duplicate_aborts(fresh().await).await,
        ),
        (
            "a record without an id aborts the whole action",
            missing_id_aborts(fresh().await).await,
        ),
        (
            "an unknown store aborts the whole action",
            unknown_store_aborts(fresh().await).await,
        ),
        (
            "a failed action spanning stores leaves both untouched",
            cross_store_atomic(fresh().await).await,
        ),
        (
            "delete removes one record; deleting a missing one is fine",
            delete(fresh().await).await,
        ),
        (
            "every registered kind's store keeps its records",
            every_kind(fresh().await).await,
        ),
        (
            "a write expecting an older revision aborts the whole action",
            stale_revision_aborts(fresh().await).await,
        ),
        (
            "expected revisions, absences and deletes pass when they hold",
            expectations_met(fresh().await).await,
        ),
        (
            "get_many reads found and missing records",
            get_many(fresh().await).await,
        ),
    ]
}

async fn empty(s: Storage) -> Result<(), String> {
    let snapshot = s.load_all().await.map_err(|e| e.to_string())?;
    let names: Vec<&str> = snapshot.stores.keys().copied().collect();
    let mut expected = all_stores();
    expected.sort_unstable();
    check(names == expected, format!("stores {names:?}"))?;
    check(
        snapshot.unreadable.is_empty(),
        "unreadable records in an empty database",
    )?;
    check(
        snapshot
            .stores
            .keys()
            .all(|s| snapshot.records(s).is_empty()),
        "stores not empty",
    )
}

async fn round_trip(s: Storage) -> Result<(), String> {
    let odd = json!({"id": "b", "text": "Zoë \"quoted\", ✓ 🌱", "n": 3, "f": 2.5, "neg": -7,
                     "none": null, "yes": true, "list": [1, "two", {"three": 3}],
                     "nested": {"deep": {"er": []}}});
    s.apply(vec![insert(client("a", "Avery")), insert(odd.clone())])
        .await
        .map_err(|e| e.to_string())?;
    let snapshot = s.load_all().await.map_err(|e| e.to_string())?;
    let records = &snapshot.records(stores::CLIENTS);
    check(records.len() == 2, format!("{} records", records.len()))?;
    check(
        records[0] == client("a", "Avery"),
        format!("got {}", records[0]),
    )?;
    check(records[1] == odd, format!("got {}", records[1]))
}

async fn put_is_targeted(s: Storage) -> Result<(), String> {
    s.apply(vec![
        insert(client("a", "Avery")),
        insert(client("b", "Blake")),
    ])
    .await
    .map_err(|e| e.to_string())?;
    s.apply(vec![Op::put(stores::CLIENTS, client("a", "Avery Renamed"))])
        .await
        .map_err(|e| e.to_string())?;
    let snapshot = s.load_all().await.map_err(|e| e.to_string())?;
    let records = &snapshot.records(stores::CLIENTS);
    check(
        records == &vec![client("a", "Avery Renamed"), client("b", "Blake")],
        format!("got {records:?}"),
    )
}

async fn duplicate_aborts(s: Storage) -> Result<(), String> {
    s.apply(vec![insert(client("a", "Avery"))])
        .await
        .map_err(|e| e.to_string())?;
    let result = s
        .apply(vec![
            insert(client("b", "Blake")),
            insert(client("a", "Again")),
        ])
        .await;
    check(
        matches!(result, Err(StorageError::Constraint(_))),
        format!("expected a constraint error, got {result:?}"),
    )?;
    let now = ids(&s, stores::CLIENTS).await?;
    check(now == ["a"], format!("after abort: {now:?}"))?;
    let snapshot = s.load_all().await.map_err(|e| e.to_string())?;
    check(
        snapshot.records(stores::CLIENTS)[0] == client("a", "Avery"),
        "original record changed",
    )
}

async fn missing_id_aborts(s: Storage) -> Result<(), String> {
    let result = s
        .apply(vec![insert(client("c", "Casey")), insert(json!({"id": 5}))])
        .await;
    check(
        matches!(result, Err(StorageError::InvalidRecord(_))),
        format!("expected invalid record, got {result:?}"),
    )?;
    let now = ids(&s, stores::CLIENTS).await?;
    check(now.is_empty(), format!("after abort: {now:?}"))
}

async fn unknown_store_aborts(s: Storage) -> Result<(), String> {
    let result = s
        .apply(vec![
            insert(client("c", "Casey")),
            Op::put("no-such-store", json!({"id": "x"})),
        ])
        .await;
    check(
        matches!(result, Err(StorageError::UnknownStore(_))),
        format!("expected unknown store, got {result:?}"),
    )?;
    let now = ids(&s, stores::CLIENTS).await?;
    check(now.is_empty(), format!("after abort: {now:?}"))
}

async fn cross_store_atomic(s: Storage) -> Result<(), String> {
    s.apply(vec![insert(client("a", "Avery"))])
        .await
        .map_err(|e| e.to_string())?;
    let result = s
        .apply(vec![
            Op::put(stores::SETTINGS, json!({"id": "settings", "tracks": []})),
            insert(client("a", "Duplicate")),
        ])
        .await;
    check(result.is_err(), "expected the action to fail")?;
    let settings = ids(&s, stores::SETTINGS).await?;
    check(
        settings.is_empty(),
        format!("settings written: {settings:?}"),
    )
}

async fn delete(s: Storage) -> Result<(), String> {
    s.apply(vec![
        insert(client("a", "Avery")),
        insert(client("b", "Blake")),
    ])
    .await
    .map_err(|e| e.to_string())?;
    s.apply(vec![
        Op::delete(stores::CLIENTS, "a"),
        Op::delete(stores::CLIENTS, "never-existed"),
    ])
    .await
    .map_err(|e| e.to_string())?;
    let now = ids(&s, stores::CLIENTS).await?;
    check(now == ["b"], format!("after delete: {now:?}"))
}

async fn every_kind(s: Storage) -> Result<(), String> {
    let ops: Vec<Op> = KINDS
        .iter()
        .map(|k| Op::Insert {
            store: k.store(),
            record: json!({"id": format!("{}-1", k.store()), "rev": 1}),
        })
        .collect();
    s.apply(ops).await.map_err(|e| e.to_string())?;
    for k in KINDS {
        let now = ids(&s, k.store()).await?;
        check(
            now == [format!("{}-1", k.store())],
            format!("{}: {now:?}", k.store()),
        )?;
    }
    Ok(())
}

fn with_rev(mut record: Value, rev: u64) -> Value {
    record["rev"] = rev.into();
    record
}

async fn stale_revision_aborts(s: Storage) -> Result<(), String> {
    s.apply(vec![
        insert(with_rev(client("a", "Avery"), 2)),
        insert(with_rev(client("b", "Blake"), 1)),
    ])
    .await
    .map_err(|e| e.to_string())?;
    let result = s
        .apply(vec![
            Op::Put {
                store: stores::CLIENTS,
                record: with_rev(client("b", "Blake Changed"), 2),
                expect: Expect::Rev(1),
            },
            Op::Put {
                store: stores::CLIENTS,
                record: with_rev(client("a", "Avery Stale"), 2),
                expect: Expect::Rev(1),
            },
        ])
        .await;
    check(
        matches!(&result, Err(StorageError::Conflict { store, id }) if store == "clients" && id == "a"),
        format!("expected a conflict on a, got {result:?}"),
    )?;
    let snapshot = s.load_all().await.map_err(|e| e.to_string())?;
    check(
        snapshot.records(stores::CLIENTS)
            == vec![
                with_rev(client("a", "Avery"), 2),
                with_rev(client("b", "Blake"), 1),
            ],
        format!("after abort: {:?}", snapshot.records(stores::CLIENTS)),
    )?;
    let absent = s
        .apply(vec![Op::Put {
            store: stores::CLIENTS,
            record: client("a", "New"),
            expect: Expect::Absent,
        }])
        .await;
    check(
        matches!(absent, Err(StorageError::Conflict { .. })),
        format!("expected a conflict for an existing id, got {absent:?}"),
    )?;
    let gone = s
        .apply(vec![Op::Delete {
            store: stores::CLIENTS,
            id: "b".into(),
            expect: Expect::Rev(5),
        }])
        .await;
    check(
        matches!(gone, Err(StorageError::Conflict { .. })),
        format!("expected a conflict for a stale delete, got {gone:?}"),
    )?;
    let now = ids(&s, stores::CLIENTS).await?;
    check(now == ["a", "b"], format!("after aborts: {now:?}"))
}

async fn expectations_met(s: Storage) -> Result<(), String> {
    s.apply(vec![
        insert(with_rev(client("a", "Avery"), 3)),
        insert(client("old", "Stored before revisions")),
    ])
    .await
    .map_err(|e| e.to_string())?;
    s.apply(vec![
        Op::Put {
            store: stores::CLIENTS,
            record: with_rev(client("a", "Avery 4"), 4),
            expect: Expect::Rev(3),
        },
        Op::Put {
            store: stores::CLIENTS,
            record: with_rev(client("new", "New"), 1),
            expect: Expect::Absent,
        },
        Op::Put {
            store: stores::CLIENTS,
            record: with_rev(client("old", "Now revised"), 1),
            expect: Expect::Rev(0),
        },
    ])
    .await
    .map_err(|e| e.to_string())?;
    s.apply(vec![Op::Delete {
        store: stores::CLIENTS,
        id: "new".into(),
        expect: Expect::Rev(1),
    }])
    .await
    .map_err(|e| e.to_string())?;
    let snapshot = s.load_all().await.map_err(|e| e.to_string())?;
    check(
        snapshot.records(stores::CLIENTS)
            == vec![
                with_rev(client("a", "Avery 4"), 4),
                with_rev(client("old", "Now revised"), 1),
            ],
        format!("got {:?}", snapshot.records(stores::CLIENTS)),
    )
}

async fn get_many(s: Storage) -> Result<(), String> {
    s.apply(vec![insert(client("a", "Avery"))])
        .await
        .map_err(|e| e.to_string())?;
    let got = s
        .get_many(&[(stores::CLIENTS, vec!["a".into(), "zz".into()])])
        .await
        .map_err(|e| e.to_string())?;
    check(
        got == vec![
            (
                stores::CLIENTS,
                "a".to_string(),
                Fetched::Found(client("a", "Avery")),
            ),
            (stores::CLIENTS, "zz".to_string(), Fetched::Missing),
        ],
        format!("got {got:?}"),
    )
}

/// Panic with every failed case listed (for use inside a test).
pub fn assert_all_passed(results: &[CaseResult]) {
    let failed: Vec<String> = results
        .iter()
        .filter_map(|(name, r)| r.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(
        failed.is_empty(),
        "storage cases failed:\n{}",
        failed.join("\n")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MemoryStorage;

    #[test]
    fn memory_twin_passes_the_shared_suite() {
        let results = futures::executor::block_on(run_all(|| async {
            Storage::Memory(MemoryStorage::new())
        }));
        assert_eq!(results.len(), 12);
        assert_all_passed(&results);
    }

    #[test]
    fn memory_twin_quota_and_closed_errors() {
        futures::executor::block_on(async {
            let mem = MemoryStorage::new();
            let s = Storage::Memory(mem.clone());
            mem.set_quota(Some(150));
            s.apply(vec![insert(client("a", "A"))]).await.unwrap();
            let r = s.apply(vec![insert(client("b", "B"))]).await;
            assert_eq!(r, Err(StorageError::QuotaExceeded));
            assert_eq!(ids(&s, stores::CLIENTS).await.unwrap(), ["a"]);
            mem.close();
            assert_eq!(s.load_all().await.err(), Some(StorageError::Closed));
        });
    }
}
