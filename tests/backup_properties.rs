//! Restoring a backup never panics, whatever the file holds (native only). `make test` runs a
//! few hundred cases; `make fuzz` runs 100,000 (PROPTEST_CASES).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use iop_planner::domain::export::backup::{self, Payload};
use iop_planner::domain::sample::{SampleParams, generate};
use proptest::prelude::*;

/// A small valid backup body and its counts (made once).
fn valid() -> &'static (String, BTreeMap<String, usize>) {
    static BODY: OnceLock<(String, BTreeMap<String, usize>)> = OnceLock::new();
    BODY.get_or_init(|| {
        let params = SampleParams {
            active_clients: 4,
            discharged_clients: 1,
            groups: 3,
            staff: 2,
            rooms: 2,
            history_weeks: 2,
            keep_apart_pairs: 1,
            planned_admissions: 1,
            unassigned_active: 1,
            seed: 3,
        };
        let p = generate(&params, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(), "p-");
        let body = backup::body(&p).unwrap();
        (body.text, body.counts)
    })
}

/// Open a file and read its body the way the Export page does, minus decryption.
fn restore(bytes: &[u8]) {
    if let Ok(opened) = backup::open(bytes)
        && let Payload::Plain(text) = &opened.payload
        && let Ok(p) = backup::read(&opened.header, text)
    {
        let c = backup::compare(&p, &p, &backup::Choices::new(), "fuzz");
        assert!(c.identical() && c.merge.is_empty() && c.differences.is_empty());
    }
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
    Remove(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (
            any::<usize>(),
            prop_oneof![
                proptest::collection::vec(any::<u8>(), 1..8),
                Just(b"\"".to_vec()),
                Just(b"{".to_vec()),
                Just(b"[[[[".to_vec()),
                Just(b"null".to_vec()),
                Just(b"-1e999".to_vec()),
                Just(b"\\u0000".to_vec()),
            ]
        )
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Remove(i, n)),
    ]
}

fn mutate(mut bytes: Vec<u8>, m: &[Mutation]) -> Vec<u8> {
    for m in m {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if !bytes.is_empty() {
                    let i = i % len;
                    bytes[i] = *b;
                }
            }
            Mutation::Cut(i) => bytes.truncate(i % len),
            Mutation::Insert(i, b) => {
                let i = i % (bytes.len() + 1);
                bytes.splice(i..i, b.iter().copied());
            }
            Mutation::Remove(i, n) => {
                if !bytes.is_empty() {
                    let i = i % len;
                    let end = (i + n).min(bytes.len());
                    bytes.drain(i..end);
                }
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        restore(&bytes);
    }

    #[test]
    fn mutated_files_never_panic(m in proptest::collection::vec(mutation(), 1..4)) {
        let (text, counts) = valid();
        let file = backup::write(counts, "2026-12-02T09:30:00Z", &Payload::Plain(text.clone())).unwrap();
        restore(&mutate(file.into_bytes(), &m));
    }

    /// The body mutated, then given a correct checksum and counts: this reaches every record
    /// check behind the checksum.
    #[test]
    fn mutated_bodies_behind_a_valid_checksum_never_panic(m in proptest::collection::vec(mutation(), 1..4)) {
        let (text, counts) = valid();
        let body = mutate(text.clone().into_bytes(), &m);
        let Ok(body) = String::from_utf8(body) else { return Ok(()); };
        let counts = serde_json::from_str::<BTreeMap<String, Vec<serde_json::Value>>>(&body)
            .map(|s| s.iter().map(|(k, v)| (k.clone(), v.len())).collect())
            .unwrap_or_else(|_| counts.clone());
        if let Ok(file) = backup::write(&counts, "2026-12-02T09:30:00Z", &Payload::Plain(body)) {
            restore(file.as_bytes());
        }
    }
}
