//! Backups: every record kind in one versioned container, and reading one back.
//!
//! A backup file is one JSON object: a header, then the payload, last. A plain backup's header
//! gives the format name and version, database version, app version, when it was made, how
//! many records of each kind, the SHA-256 of the payload, and `"encryption": null`; its payload
//! is `body` (the records, as stored, by store name and sorted by id). An encrypted backup
//! (format 2) shows only what is needed to open it: format, version, checksum and encryption
//! parameters, then `ciphertext`. Everything else (database and app version, time, counts per
//! kind, and the body) is inside the encryption, and the clear header is bound to the
//! ciphertext as AES-GCM additional data ([`sealed_aad`]), so neither can be read without the
//! passphrase nor changed without detection. Format 1 (every header field in the clear, none
//! bound) stays readable. The checksum covers the payload exactly as written, so a damaged or
//! cut file is told apart from a wrong passphrase before anything is decrypted. Encryption
//! itself (AES-GCM with a PBKDF2-SHA256 key, through the browser's Web Crypto) happens outside
//! the domain; this module checks its parameters.
//!
//! Reading a backup checks everything before anything is written: size and shape limits, the
//! format, the version, the checksum, every record through the one restore path of the record
//! registry ([`crate::domain::record`]), duplicate ids and references. [`compare`] then says
//! what "Replace everything" and "Merge" would do.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use sha2::{Digest, Sha256};

use crate::domain::record::edits::EDITS_FIELD;
use crate::domain::record::{KINDS, REV_FIELD, Restored, layout_version};
use crate::domain::{Kind, Programme};

/// The format name every backup carries.
pub const FORMAT: &str = "iop-planner-backup";
/// The newest backup format this version writes and reads. Every earlier one stays readable.
pub const FORMAT_VERSION: u32 = 2;
/// PBKDF2 iterations for new backups (OWASP's figure for PBKDF2-HMAC-SHA256).
pub const ITERATIONS: u32 = 600_000;
/// Fewer iterations than this is not a file this app made.
const MIN_ITERATIONS: u32 = 600_000;
/// More than this would keep the browser busy for minutes: not a file this app made.
const MAX_ITERATIONS: u32 = 10_000_000;
/// Salt and nonce lengths in bytes.
pub const SALT_BYTES: usize = 16;
pub const IV_BYTES: usize = 12;
/// The largest file read at all.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// The deepest nesting of objects and arrays a backup may have (records are shallow).
const MAX_DEPTH: usize = 16;
/// The longest string a backup may hold, in bytes (record limits are far below it).
const MAX_STRING_BYTES: usize = 100_000;
/// Cipher and key derivation names written in the header.
pub const CIPHER: &str = "AES-GCM-256";
pub const KDF: &str = "PBKDF2-SHA256";

/// How a backup's payload is encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encryption {
    pub cipher: String,
    pub kdf: String,
    pub iterations: u32,
    /// Base64.
    pub salt: String,
    /// Base64 (the AES-GCM nonce).
    pub iv: String,
}

/// What a backup says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    /// The database version (record layout) the records were stored at.
    pub db_version: u32,
    pub app_version: String,
    /// UTC, RFC 3339 ("2026-12-02T09:30:00Z").
    pub exported_at: String,
    /// Records per store.
    pub counts: BTreeMap<String, usize>,
    /// SHA-256 of the payload as written (the body text, or the ciphertext bytes), hex.
    pub sha256: String,
    /// `None`: not encrypted.
    pub encryption: Option<Encryption>,
}

/// The file as written: the header's fields, then the payload. An encrypted backup of format
/// 2 leaves out the four optional fields (they are inside the encryption, see [`Inside`]).
#[derive(Serialize, Deserialize)]
struct Container<'a> {
    format: String,
    format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    db_version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    app_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    exported_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    counts: Option<BTreeMap<String, usize>>,
    sha256: String,
    encryption: Option<Encryption>,
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    body: Option<&'a RawValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ciphertext: Option<String>,
}

/// A backup's body ready to write: its text and what the header says of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The records as JSON, by store name, sorted by id.
    pub text: String,
    pub counts: BTreeMap<String, usize>,
}

/// The body of a backup of `p`: every record of every kind as stored (with its revision), by
/// store and sorted by id, so the same data always gives the same bytes.
pub fn body(p: &Programme) -> Result<Body, String> {
    let mut stores: BTreeMap<&'static str, Vec<(String, serde_json::Value)>> = BTreeMap::new();
    for ops in KINDS {
        let mut list = Vec::new();
        for record in ops.records(p) {
            let mut json = record.to_json()?;
            json[REV_FIELD] = p.revision(record.kind(), record.id()).max(1).into();
            if let Some(edits) = p.edits_json(&record, &Vec::new()) {
                json[EDITS_FIELD] = edits;
            }
            list.push((record.id().to_string(), json));
        }
        list.sort_by(|a, b| a.0.cmp(&b.0));
        stores.insert(ops.store(), list);
    }
    let counts = stores
        .iter()
        .map(|(store, list)| (store.to_string(), list.len()))
        .collect();
    let plain: BTreeMap<&str, Vec<serde_json::Value>> = stores
        .into_iter()
        .map(|(store, list)| (store, list.into_iter().map(|(_, v)| v).collect()))
        .collect();
    let text = serde_json::to_string(&plain).map_err(|e| e.to_string())?;
    Ok(Body { text, counts })
}

/// The payload of a backup file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// The body text, readable by anyone with the file.
    Plain(String),
    /// The body encrypted: AES-GCM ciphertext (with its tag) and how the key was made.
    Sealed {
        ciphertext: Vec<u8>,
        salt: Vec<u8>,
        iv: Vec<u8>,
        iterations: u32,
    },
}

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What an encrypted backup (format 2) holds inside its encryption: the header fields a plain
/// backup shows, then the body.
#[derive(Serialize, Deserialize)]
struct Inside<'a> {
    db_version: u32,
    app_version: String,
    exported_at: String,
    counts: BTreeMap<String, usize>,
    #[serde(borrow)]
    body: &'a RawValue,
}

/// The additional data an encrypted backup of `format_version` binds to its ciphertext: the
/// format and its version (format 1 bound nothing). Any change to them, or to the encryption
/// parameters (which make the key and nonce), makes decryption fail.
pub fn sealed_aad(format_version: u32) -> Vec<u8> {
    if format_version >= 2 {
        format!("{FORMAT} {format_version}").into_bytes()
    } else {
        Vec::new()
    }
}

/// The text to encrypt for a backup of `body_text` (see [`body`]) with `counts`, made at
/// `exported_at`: the header fields a plain backup would show, and the body.
pub fn sealed_plaintext(
    counts: &BTreeMap<String, usize>,
    exported_at: &str,
    body_text: &str,
) -> Result<String, String> {
    let body: &RawValue = serde_json::from_str(body_text).map_err(|e| e.to_string())?;
    serde_json::to_string(&Inside {
        db_version: layout_version(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        exported_at: exported_at.into(),
        counts: counts.clone(),
        body,
    })
    .map_err(|e| e.to_string())
}

/// The full header and the body text of an encrypted backup, from what its ciphertext
/// decrypted to (`plain`). Format 1 kept its header in the clear; format 2 keeps it inside.
pub fn unseal(opened: &Opened, plain: Vec<u8>) -> Result<(Header, String), String> {
    let text = String::from_utf8(plain).map_err(|_| {
        "This backup's records are not text, so it was not read. Nothing was changed.".to_string()
    })?;
    if opened.header.format_version < 2 {
        return Ok((opened.header.clone(), text));
    }
    let inside: Inside = serde_json::from_str(&text).map_err(|_| {
        "This backup's records could not be read (what its encryption holds is not a backup's header and records). Nothing was changed.".to_string()
    })?;
    newer_records(inside.db_version)?;
    let header = Header {
        db_version: inside.db_version,
        app_version: inside.app_version,
        exported_at: inside.exported_at,
        counts: inside.counts,
        ..opened.header.clone()
    };
    Ok((header, inside.body.get().to_string()))
}

/// Refuse records stored at a database version newer than this one knows.
fn newer_records(db_version: u32) -> Result<(), String> {
    if db_version == 0 || db_version > layout_version() {
        return Err(format!(
            "This backup holds records from a newer version of IOP Planner (database version {}; this version reads up to {}). Open it with the newer version.",
            db_version,
            layout_version()
        ));
    }
    Ok(())
}

/// The backup file: the header for `counts` at `exported_at` (UTC, RFC 3339), then the payload.
/// An encrypted payload must hold [`sealed_plaintext`], encrypted with [`sealed_aad`] of
/// [`FORMAT_VERSION`]; its header then shows only what opening it needs. The same inputs
/// always give the same bytes.
pub fn write(
    counts: &BTreeMap<String, usize>,
    exported_at: &str,
    payload: &Payload,
) -> Result<String, String> {
    let (sha256, encryption, body, ciphertext) = match payload {
        Payload::Plain(text) => {
            let raw: &RawValue = serde_json::from_str(text).map_err(|e| e.to_string())?;
            (sha256_hex(text.as_bytes()), None, Some(raw), None)
        }
        Payload::Sealed {
            ciphertext,
            salt,
            iv,
            iterations,
        } => (
            sha256_hex(ciphertext),
            Some(Encryption {
                cipher: CIPHER.into(),
                kdf: KDF.into(),
                iterations: *iterations,
                salt: B64.encode(salt),
                iv: B64.encode(iv),
            }),
            None,
            Some(B64.encode(ciphertext)),
        ),
    };
    let clear = encryption.is_none();
    let container = Container {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        db_version: clear.then(layout_version),
        app_version: clear.then(|| env!("CARGO_PKG_VERSION").into()),
        exported_at: clear.then(|| exported_at.into()),
        counts: clear.then(|| counts.clone()),
        sha256,
        encryption,
        body,
        ciphertext,
    };
    serde_json::to_string(&container).map_err(|e| e.to_string())
}

/// The file name of a backup made on `date`.
pub fn file_name(date: chrono::NaiveDate, encrypted: bool) -> String {
    let ext = if encrypted { "iopbackup" } else { "json" };
    format!("iop-planner-backup-{date}.{ext}")
}

/// A backup file that passed every check that needs no passphrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub header: Header,
    pub payload: Payload,
}

impl Opened {
    /// The additional data its ciphertext is bound to (see [`sealed_aad`]).
    pub fn aad(&self) -> Vec<u8> {
        sealed_aad(self.header.format_version)
    }
}

/// Read a backup file's container: limits, format, version and checksum. Nothing about the
/// records yet (an encrypted body needs its passphrase first; see [`read`]).
pub fn open(bytes: &[u8]) -> Result<Opened, String> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "This file is {:.1} MB; a backup can be at most {} MB. Choose the backup file IOP Planner saved.",
            bytes.len() as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ));
    }
    let not_backup = "This is not an IOP Planner backup file. Choose a file named like iop-planner-backup-2026-12-01.iopbackup (or .json).";
    let text = std::str::from_utf8(bytes).map_err(|_| not_backup.to_string())?;
    // The container holds one long string when encrypted (the ciphertext), so the limits are
    // checked on the body (see [`read`]); here the file size bounds the work and serde_json's
    // own nesting limit refuses anything deep.
    let c: Container = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        if e.is_data() {
            not_backup.to_string()
        } else if e.is_eof() {
            "This backup file is incomplete: it ends too early (it may have been cut off while saving or copying). Nothing was changed.".to_string()
        } else {
            not_backup.to_string()
        }
    })?;
    if c.format != FORMAT {
        return Err(not_backup.into());
    }
    if c.format_version == 0 || c.format_version > FORMAT_VERSION {
        return Err(format!(
            "This backup was made by a newer version of IOP Planner (backup format {}; this version reads up to {}). Open it with the newer version.",
            c.format_version, FORMAT_VERSION
        ));
    }
    // Format 2 keeps an encrypted backup's header inside the encryption (see [`unseal`]);
    // everything else shows it in the clear.
    let inside = c.format_version >= 2 && c.encryption.is_some();
    let header = match (c.db_version, c.app_version, c.exported_at, c.counts) {
        _ if inside => Header {
            format: c.format,
            format_version: c.format_version,
            db_version: 0,
            app_version: String::new(),
            exported_at: String::new(),
            counts: BTreeMap::new(),
            sha256: c.sha256,
            encryption: c.encryption,
        },
        (Some(db_version), Some(app_version), Some(exported_at), Some(counts)) => {
            newer_records(db_version)?;
            Header {
                format: c.format,
                format_version: c.format_version,
                db_version,
                app_version,
                exported_at,
                counts,
                sha256: c.sha256,
                encryption: c.encryption,
            }
        }
        _ => return Err(not_backup.into()),
    };
    let damaged = "This backup file is damaged: its contents do not match the checksum saved with it (it was changed or cut short after it was saved). Nothing was changed.";
    let payload = match (&header.encryption, c.body, c.ciphertext) {
        (None, Some(body), None) => {
            if sha256_hex(body.get().as_bytes()) != header.sha256 {
                return Err(damaged.into());
            }
            Payload::Plain(body.get().to_string())
        }
        (Some(enc), None, Some(ciphertext)) => {
            let ciphertext = B64.decode(ciphertext).map_err(|_| damaged.to_string())?;
            if sha256_hex(&ciphertext) != header.sha256 {
                return Err(damaged.into());
            }
            let bad = |what: &str| {
                format!(
                    "This backup's encryption settings are not ones IOP Planner writes ({what}), so it cannot be opened."
                )
            };
            if enc.cipher != CIPHER || enc.kdf != KDF {
                return Err(bad("cipher or key derivation"));
            }
            if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&enc.iterations) {
                return Err(bad("key derivation rounds"));
            }
            let salt = B64.decode(&enc.salt).map_err(|_| bad("salt"))?;
            let iv = B64.decode(&enc.iv).map_err(|_| bad("nonce"))?;
            if salt.len() != SALT_BYTES || iv.len() != IV_BYTES {
                return Err(bad("salt or nonce length"));
            }
            Payload::Sealed {
                ciphertext,
                salt,
                iv,
                iterations: enc.iterations,
            }
        }
        _ => return Err(damaged.into()),
    };
    Ok(Opened { header, payload })
}

/// Refuse text nested deeper than [`MAX_DEPTH`] or with a string longer than
/// [`MAX_STRING_BYTES`], in one pass and before any parsing (so nothing deep or huge is built).
fn limits(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut string_start = 0usize;
    for (i, b) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
                if i - string_start > MAX_STRING_BYTES {
                    return Err(too_long());
                }
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                string_start = i;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(
                        "This file is nested far deeper than any backup IOP Planner writes, so it was not read. Nothing was changed.".into(),
                    );
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if in_string && text.len() - string_start > MAX_STRING_BYTES {
        return Err(too_long());
    }
    Ok(())
}

fn too_long() -> String {
    format!(
        "This file holds a text longer than any backup IOP Planner writes ({} KB at most), so it was not read. Nothing was changed.",
        MAX_STRING_BYTES / 1000
    )
}

/// Read a backup's body (decrypted if it was encrypted) into a programme: every record through
/// the record registry's one restore path (migrating older schemas), no duplicate ids, every
/// reference resolving, counts as the header says. The first problem names its place.
pub fn read(header: &Header, body: &str) -> Result<Programme, String> {
    limits(body)?;
    let stores: BTreeMap<String, Vec<&RawValue>> = serde_json::from_str(body).map_err(|_| {
        "This backup's records could not be read (they are not a list per kind of record). Nothing was changed.".to_string()
    })?;
    for store in stores.keys() {
        if Kind::of_store(store).is_none() {
            return Err(format!(
                "This backup holds records of a kind this version does not know ('{store}'). Nothing was changed."
            ));
        }
    }
    let counted: BTreeMap<String, usize> = stores
        .iter()
        .map(|(s, list)| (s.clone(), list.len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let said: BTreeMap<String, usize> = header
        .counts
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| (s.clone(), *n))
        .collect();
    if counted != said {
        return Err("This backup file is damaged: the number of records in it is not the number its header gives. Nothing was changed.".into());
    }
    if stores.get(Kind::Settings.store()).map_or(0, Vec::len) != 1 {
        // Restoring would otherwise put default settings in place of the real ones.
        return Err(
            "This backup is incomplete: it has no settings record. Nothing was changed.".into(),
        );
    }
    let mut p = Programme::default();
    for ops in KINDS {
        let Some(list) = stores.get(ops.store()) else {
            continue;
        };
        let mut seen = BTreeSet::new();
        for (i, raw) in list.iter().enumerate() {
            let place = |id: &str| {
                if id.is_empty() {
                    format!("{}, record {}", ops.store(), i + 1)
                } else {
                    format!("{}, record {} ('{}')", ops.store(), i + 1, id)
                }
            };
            let restored: Restored = ops.read(raw.get()).map_err(|reason| {
                let id = serde_json::from_str::<serde_json::Value>(raw.get())
                    .ok()
                    .and_then(|v| v.get("id").and_then(|id| id.as_str().map(str::to_string)))
                    .unwrap_or_default();
                // Reasons from the forms' checks are sentences with their own full stop.
                let reason = reason.trim_end_matches('.');
                format!("{}: {reason}. Nothing was changed.", place(&id))
            })?;
            let id = restored.record.id().to_string();
            if !seen.insert(id.clone()) {
                return Err(format!(
                    "{}: the id is used twice in this backup. Nothing was changed.",
                    place(&id)
                ));
            }
            p.put_restored(ops.kind(), restored);
        }
    }
    // Sessions from the old one-per-record store (database version 4) are simply sessions
    // here: they are stored by month when restored.
    p.legacy_sessions.clear();
    for ops in KINDS {
        for (i, record) in ops.records(&p).iter().enumerate() {
            for (kind, id) in record.refs() {
                if !resolves(&p, kind, id) {
                    return Err(format!(
                        "{}, record {} ('{}'): it refers to a {} ('{id}') that is not in the backup. Nothing was changed.",
                        ops.store(),
                        i + 1,
                        record.id(),
                        kind.label()
                    ));
                }
            }
        }
    }
    Ok(p)
}

/// Whether a reference names a record in `p`. Attendance keys name a client or, in family
/// groups, a family member.
fn resolves(p: &Programme, kind: Kind, id: &str) -> bool {
    kind.ops().exists(p, id) || (kind == Kind::Client && p.family_members.contains_key(id))
}

pub use compare::{Choices, Comparison, Difference, KindCounts, compare, field_label, value_text};

/// The field a passphrase problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseField {
    Passphrase,
    Repeat,
}

/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

/// What is wrong with a new backup's passphrase and its repetition, if anything.
pub fn passphrase_problem(passphrase: &str, repeat: &str) -> Option<(PassphraseField, String)> {
    if passphrase.trim().is_empty() {
        return Some((
            PassphraseField::Passphrase,
            "Enter a passphrase, or choose to save without encryption.".into(),
        ));
    }
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Some((
            PassphraseField::Passphrase,
            format!(
                "Use at least {MIN_PASSPHRASE_CHARS} characters: a few unrelated words are easy to remember and hard to guess."
            ),
        ));
    }
    if passphrase != repeat {
        return Some((
            PassphraseField::Repeat,
            "The two passphrases are not the same.".into(),
        ));
    }
    None
}

/// "Last backup: …" for Settings and the Dashboard.
pub fn last_backup_text(last: Option<chrono::NaiveDate>, today: chrono::NaiveDate) -> String {
    match last.map(|d| (today - d).num_days()) {
        None => "No backup has been downloaded in this browser yet.".into(),
        Some(..=0) => "Last backup: today.".into(),
        Some(1) => "Last backup: yesterday.".into(),
        Some(n) => format!("Last backup: {n} days ago."),
    }
}

/// Whether to remind people to back up: there is something to lose and the last backup from
/// this browser is more than 7 days old (or there is none).
pub fn backup_due(last: Option<chrono::NaiveDate>, today: chrono::NaiveDate, empty: bool) -> bool {
    !empty && last.is_none_or(|d| (today - d).num_days() > 7)
}

mod compare;

#[cfg(test)]
mod tests;
