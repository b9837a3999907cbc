//! The browser services an action uses (ids, the clock, the browser's time zone and address,
//! share-link sealing, backup encryption, downloads) behind one handle, with a native twin: actions hold a
//! [`Services`], the app gives them the browser's, and native tests give them
//! [`Services::twin`], so the share-link and backup flows are tested like the roster commands.
//!
//! The twin is deterministic and NOT cryptography: its "sealing" is a keyed XOR with a SHA-256
//! tag, enough to tell a wrong key or a changed byte apart, as AES-GCM does.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};

use crate::domain::export::share::{IV_BYTES, KEY_BYTES};

/// The browser's services, or their native twin.
#[derive(Clone)]
pub enum Services {
    Browser,
    Twin(Rc<Twin>),
}

/// What the twin answers: fixed facts and a counter for ids and keys.
pub struct Twin {
    /// The "browser's" time zone.
    pub zone: String,
    /// The address the app is "opened at".
    pub here: String,
    /// Now, in UTC.
    pub now: NaiveDateTime,
    next: Cell<u64>,
    /// Files "downloaded": (name, text), oldest first.
    pub downloads: RefCell<Vec<(String, String)>>,
    /// The day a backup was last "downloaded" (the reminder the browser keeps in localStorage).
    pub last_backup: Cell<Option<NaiveDate>>,
    /// This "browser"'s actor id in edit histories (two twins with two ids are two browsers).
    pub device: RefCell<String>,
}

impl Services {
    /// A deterministic twin: zone UTC, opened at `https://iop.example/`, now 2026-12-02 09:30 UTC.
    pub fn twin() -> Services {
        let now = NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .unwrap_or_default();
        Services::Twin(Rc::new(Twin {
            zone: "UTC".into(),
            here: "https://iop.example/".into(),
            now,
            next: Cell::new(1),
            downloads: RefCell::new(Vec::new()),
            last_backup: Cell::new(None),
            device: RefCell::new("twin".into()),
        }))
    }

    /// Hand `text` to the person as a file named `name`.
    pub fn download(&self, name: &str, text: &str, mime: &str) -> Result<(), String> {
        match self {
            Services::Browser => super::files::download_text(name, text, mime),
            Services::Twin(t) => {
                t.downloads.borrow_mut().push((name.into(), text.into()));
                Ok(())
            }
        }
    }

    /// A fresh record id.
    pub fn new_id(&self) -> String {
        match self {
            Services::Browser => super::ids::new_id(),
            Services::Twin(t) => format!("id-{}", t.count()),
        }
    }

    /// The browser's own time zone (IANA name).
    pub fn zone_name(&self) -> String {
        match self {
            Services::Browser => super::zone::browser_zone_name(),
            Services::Twin(t) => t.zone.clone(),
        }
    }

    /// The address the app is opened at, ending in `/`.
    pub fn here(&self) -> String {
        match self {
            Services::Browser => super::here(),
            Services::Twin(t) => t.here.clone(),
        }
    }

    /// Now, in UTC, to the second.
    pub fn now_utc_time(&self) -> NaiveDateTime {
        match self {
            Services::Browser => super::clock::now_utc_time(),
            Services::Twin(t) => t.now,
        }
    }

    /// Compress and encrypt a share link's payload: (nonce followed by ciphertext, key).
    pub async fn seal(&self, plain: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
        match self {
            Services::Browser => super::share::seal(plain).await,
            Services::Twin(t) => {
                let key = vec![(t.count() % 251) as u8 + 1; KEY_BYTES];
                let mut out = vec![0; IV_BYTES];
                out.extend(twin_seal(&key, plain));
                Ok((out, key))
            }
        }
    }

    /// Open what [`Services::seal`] made; `None` for a wrong key or changed bytes.
    pub async fn open(&self, data: &[u8], key: &[u8]) -> Option<Vec<u8>> {
        match self {
            Services::Browser => super::share::open(data, key).await,
            Services::Twin(_) => {
                // the nonce is part of what is authenticated
                let (iv, sealed) = data.split_at_checked(IV_BYTES)?;
                iv.iter().all(|b| *b == 0).then(|| twin_open(key, sealed))?
            }
        }
    }

    /// A new signing key for share links: (public key, private key as text to keep).
    pub async fn new_signing_key(&self) -> Result<(Vec<u8>, String), String> {
        match self {
            Services::Browser => super::crypto::new_signing_key().await,
            Services::Twin(t) => {
                let private = format!("twin-signing-key-{}", t.count());
                Ok((twin_public(&private), private))
            }
        }
    }

    /// Sign `message` with a private key of [`Services::new_signing_key`].
    pub async fn sign(&self, private: &str, message: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            Services::Browser => super::crypto::sign(private, message).await,
            Services::Twin(_) => Ok(twin_signature(&twin_public(private), message)),
        }
    }

    /// Whether `signature` of `message` was made with the key whose public part is `public`.
    pub async fn verify(&self, public: &[u8], message: &[u8], signature: &[u8]) -> bool {
        match self {
            Services::Browser => super::crypto::verify(public, message, signature).await,
            Services::Twin(_) => twin_signature(public, message) == signature,
        }
    }

    /// Encrypt a backup under `passphrase`, bound to `aad` (the clear header it must travel
    /// with): (ciphertext, salt, nonce).
    pub async fn encrypt(
        &self,
        passphrase: &str,
        plain: &[u8],
        aad: &[u8],
        iterations: u32,
        salt_len: usize,
        iv_len: usize,
    ) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), String> {
        match self {
            Services::Browser => {
                super::crypto::encrypt_bound(passphrase, plain, aad, iterations, salt_len, iv_len)
                    .await
            }
            Services::Twin(_) => Ok((
                twin_seal(&[passphrase.as_bytes(), aad].concat(), plain),
                vec![0; salt_len],
                vec![0; iv_len],
            )),
        }
    }

    /// Decrypt a backup made with the same `aad`; `Err(None)` for a wrong passphrase, other
    /// `aad` or changed bytes, `Err(Some(..))` when this browser cannot decrypt at all.
    pub async fn decrypt(
        &self,
        passphrase: &str,
        ciphertext: &[u8],
        aad: &[u8],
        salt: &[u8],
        iv: &[u8],
        iterations: u32,
    ) -> Result<Vec<u8>, Option<String>> {
        match self {
            Services::Browser => {
                super::crypto::decrypt_bound(passphrase, ciphertext, aad, salt, iv, iterations)
                    .await
            }
            Services::Twin(_) => {
                twin_open(&[passphrase.as_bytes(), aad].concat(), ciphertext).ok_or(None)
            }
        }
    }
}

impl Twin {
    fn count(&self) -> u64 {
        let n = self.next.get();
        self.next.set(n + 1);
        n
    }
}

const TAG: usize = 16;

/// The twin's stand-in for a signing key's public part: 65 bytes derived from the private text.
/// (Anyone can compute the twin's "signatures" from the public part: it checks the flows, not
/// the cryptography, which the browser tests check against Web Crypto.)
fn twin_public(private: &str) -> Vec<u8> {
    let mut out = vec![4];
    for half in [b"pub1", b"pub2"] {
        let mut h = Sha256::new();
        h.update(half);
        h.update(private.as_bytes());
        out.extend_from_slice(&h.finalize());
    }
    out
}

fn twin_signature(public: &[u8], message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    for half in [b"sig1", b"sig2"] {
        let mut h = Sha256::new();
        h.update(half);
        h.update(public);
        h.update(message);
        out.extend_from_slice(&h.finalize());
    }
    out
}

/// The twin's stand-in for authenticated encryption: `plain` XOR a stream from `key`, then a
/// 16-byte tag of key and plain text.
fn twin_seal(key: &[u8], plain: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = plain.iter().zip(stream(key)).map(|(p, k)| p ^ k).collect();
    out.extend_from_slice(&tag(key, plain));
    out
}

fn twin_open(key: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    let body = sealed.len().checked_sub(TAG)?;
    let plain: Vec<u8> = sealed[..body]
        .iter()
        .zip(stream(key))
        .map(|(c, k)| c ^ k)
        .collect();
    (tag(key, &plain)[..] == sealed[body..]).then_some(plain)
}

fn stream(key: &[u8]) -> impl Iterator<Item = u8> + '_ {
    (0u64..).flat_map(move |block| {
        let mut h = Sha256::new();
        h.update(key);
        h.update(block.to_le_bytes());
        h.finalize().to_vec()
    })
}

fn tag(key: &[u8], plain: &[u8]) -> [u8; TAG] {
    let mut h = Sha256::new();
    h.update(b"tag");
    h.update(key);
    h.update(plain);
    let mut out = [0; TAG];
    out.copy_from_slice(&h.finalize()[..TAG]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;

    #[test]
    fn the_twin_opens_what_it_sealed_and_nothing_changed() {
        let s = Services::twin();
        let (data, key) = block_on(s.seal(b"a schedule")).unwrap();
        assert_eq!(
            block_on(s.open(&data, &key)).as_deref(),
            Some(&b"a schedule"[..])
        );
        let mut changed = data.clone();
        let last = changed.len() - 1;
        changed[last] ^= 1;
        assert_eq!(block_on(s.open(&changed, &key)), None);
        let mut other = key.clone();
        other[0] ^= 1;
        assert_eq!(block_on(s.open(&data, &other)), None);
        assert_ne!(s.new_id(), s.new_id());
    }

    #[test]
    fn the_twin_refuses_a_wrong_passphrase_or_header() {
        let s = Services::twin();
        let (ct, salt, iv) =
            block_on(s.encrypt("correct horse", b"records", b"v2", 1, 16, 12)).unwrap();
        assert_eq!(
            block_on(s.decrypt("correct horse", &ct, b"v2", &salt, &iv, 1)).unwrap(),
            b"records"
        );
        assert_eq!(
            block_on(s.decrypt("wrong horse!", &ct, b"v2", &salt, &iv, 1)),
            Err(None)
        );
        assert_eq!(
            block_on(s.decrypt("correct horse", &ct, b"v1", &salt, &iv, 1)),
            Err(None)
        );
    }
}
