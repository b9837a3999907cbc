//! What a family member can trust about a share link, and what the viewer says about it.
//!
//! The link format is public: anyone can make a link to the programme's viewer page with any
//! title and any address in it. So every link is signed (ECDSA P-256) with the programme's key,
//! and the viewer shows the key as a short *programme code* ([`programme_code`]) that the
//! programme gives the family member in person, on the printed sheet or by phone. The viewer
//! remembers, on the phone, the code the family member confirmed for each programme name, so a
//! later link claiming that name but signed with another key is flagged ([`Trust::Changed`]).
//! Addresses (telehealth links) open from the page only for a confirmed code; otherwise they
//! are shown as text with a warning. The signature proves the link was not changed since the
//! key holder made it; only the code check says who the key holder is.
//!
//! A programme that hosts its own copy of the app can also *publish* its key beside the viewer
//! page, as `family-keys.json` ([`keys_file`], downloaded from Settings). The viewer reads that
//! file from its own address ([`published_codes`]): a link signed with a published key is that
//! site's without any code to compare ([`Trust::Published`]; the page names the site), and a
//! link signed with any other key is flagged ([`Trust::Unpublished`]) even on a phone that
//! never saw the programme. A published key never overrides a code confirmed on the phone.

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

/// Crockford's base32 alphabet (no I, L, O or U: nothing to misread aloud).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The programme code of a signing key: 40 bits of the SHA-256 of its public key as eight
/// characters in two groups, "K7QF-2M9D".
pub fn programme_code(public: &[u8]) -> String {
    let digest = Sha256::digest(public);
    let bits = digest[..5]
        .iter()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    let chars: String = (0..8)
        .map(|i| ALPHABET[((bits >> (35 - 5 * i)) & 31) as usize] as char)
        .collect();
    format!("{}-{}", &chars[..4], &chars[4..])
}

/// The programme code of the programme's stored signing key (`None`: not a key this app makes).
pub fn key_code(key: &crate::domain::settings::ShareKey) -> Option<String> {
    key.public_bytes().map(|b| programme_code(&b))
}

/// Where the programme's signing key stands, for Settings and the share card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyState {
    /// No key yet and no link made: the first link (or Settings) makes one.
    None,
    /// No key, but signed links were made before (the log names their code): the key was lost
    /// (a backup from before the first signed link was restored). The next key has a new code.
    Lost { code: String },
    /// A key is stored but is not one this app makes: no link can be signed.
    Damaged,
    /// The key links are signed with, and its code.
    Ready { code: String },
}

/// Where `programme`'s signing key stands.
pub fn key_state(programme: &crate::domain::programme::Programme) -> KeyState {
    match &programme.settings.share_key {
        Some(key) if key.fits() => match key_code(key) {
            Some(code) => KeyState::Ready { code },
            None => KeyState::Damaged,
        },
        Some(_) => KeyState::Damaged,
        None => match programme
            .disclosures
            .values()
            .filter(|d| d.code.is_some())
            .max_by_key(|d| d.made_on)
            .and_then(|d| d.code.clone())
        {
            Some(code) => KeyState::Lost { code },
            None => KeyState::None,
        },
    }
}

/// What the viewer can say about who made a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trust {
    /// Made before links were signed: nothing says who made it.
    Unsigned,
    /// Signed with a key whose code this phone has not confirmed for this programme name.
    New { code: String },
    /// Signed with the key whose code was confirmed here before for this programme name.
    Known { code: String },
    /// Signed with another key than the one confirmed here before for this programme name.
    Changed { code: String, before: String },
    /// Signed with a key the site serving this viewer publishes (`family-keys.json`), and not
    /// against a code confirmed here.
    Published { code: String },
    /// This copy of the viewer publishes its programme's keys, and this link is signed with none
    /// of them.
    Unpublished { code: String },
}

impl Trust {
    /// Whether addresses in the schedule open from the page (only for a confirmed code).
    pub fn addresses_open(&self) -> bool {
        matches!(self, Trust::Known { .. } | Trust::Published { .. })
    }

    /// The code the person may confirm, when there is one to confirm.
    pub fn to_confirm(&self) -> Option<&str> {
        match self {
            Trust::New { code } | Trust::Changed { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// The trust of a link signed with the key of `code` (`None`: unsigned) for `programme`, given
/// the codes this phone confirmed ([`Confirmed`]) and those published with this copy of the
/// viewer ([`published_codes`]; empty: it publishes none, or the file could not be read).
///
/// A published list speaks for the site that serves it, not for the programme name in the
/// link: a key it publishes needs no confirming, and a key it does not publish is not that
/// site's. But it never overrides a code this phone confirmed for the programme name: someone
/// who hosts a copy of the app on a site of their own can publish their own key there, so a
/// link whose code differs from the confirmed one is flagged as changed, unless the site also
/// publishes the confirmed code (a programme that moved to a new key and lists both).
pub fn trust(
    code: Option<&str>,
    programme: &str,
    confirmed: &Confirmed,
    published: &[String],
) -> Trust {
    let Some(code) = code else {
        return Trust::Unsigned;
    };
    let before = confirmed.0.get(&name_key(programme));
    if !published.is_empty() {
        let listed = |c: &str| published.iter().any(|p| p == c);
        return match before {
            _ if !listed(code) => Trust::Unpublished { code: code.into() },
            Some(before) if before != code && !listed(before) => Trust::Changed {
                code: code.into(),
                before: before.clone(),
            },
            _ => Trust::Published { code: code.into() },
        };
    }
    match before {
        None => Trust::New { code: code.into() },
        Some(before) if before == code => Trust::Known { code: code.into() },
        Some(before) => Trust::Changed {
            code: code.into(),
            before: before.clone(),
        },
    }
}

/// A programme name as the list of confirmed codes keys it: case, spaces and punctuation do
/// not make another programme ("Riverside  IOP." is "riverside iop"), and a programme with no
/// name, which links call "your programme" in their own language, is one key whatever the
/// link's language.
fn name_key(programme: &str) -> String {
    if crate::domain::i18n::LANGUAGES
        .iter()
        .any(|(words, _)| words.your_programme == programme)
    {
        return UNNAMED.to_string();
    }
    programme
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key of a programme with no name in the list of confirmed codes (no typed name gives it:
/// names are keyed as lower-case words).
const UNNAMED: &str = "(unnamed)";

/// The file format that publishes a programme's keys beside the viewer page.
const KEYS_FORMAT: &str = "iop-planner-family-keys";

/// The name of that file, beside `family.html`.
pub const KEYS_FILE: &str = "family-keys.json";

#[derive(serde::Serialize, serde::Deserialize)]
struct KeysFile {
    format: String,
    version: u32,
    keys: Vec<PublishedKey>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct PublishedKey {
    /// For the person who places the file; the viewer does not read it.
    #[serde(default)]
    programme: String,
    /// For the person who places the file; the viewer computes the code from `public`.
    #[serde(default)]
    code: String,
    /// The public key, base64url of the uncompressed point.
    public: String,
}

/// `family-keys.json` publishing the programme's signing key (`None`: no key, or not one this
/// app makes).
pub fn keys_file(programme: &str, key: &crate::domain::settings::ShareKey) -> Option<String> {
    let code = key_code(key)?;
    let file = KeysFile {
        format: KEYS_FORMAT.into(),
        version: 1,
        keys: vec![PublishedKey {
            programme: programme.into(),
            code,
            public: key.public.clone(),
        }],
    };
    serde_json::to_string_pretty(&file).ok()
}

/// The programme codes a `family-keys.json` publishes, computed from its keys (a code written
/// in the file is not believed). Anything that is not such a file publishes nothing, so a
/// missing or damaged file leaves the viewer to the code check.
pub fn published_codes(text: &str) -> Vec<String> {
    let Ok(file) = serde_json::from_str::<KeysFile>(text) else {
        return Vec::new();
    };
    if file.format != KEYS_FORMAT || file.version != 1 {
        return Vec::new();
    }
    file.keys
        .iter()
        .filter_map(|k| {
            let key = crate::domain::settings::ShareKey {
                public: k.public.clone(),
                private: String::new(),
            };
            key_code(&key)
        })
        .collect()
}

/// The codes confirmed on this phone, by programme name (stored as JSON in the viewer's
/// localStorage).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Confirmed(BTreeMap<String, String>);

impl Confirmed {
    /// Read the stored form; anything else (nothing stored, damaged) is an empty list, which
    /// only makes the viewer ask again.
    pub fn read(text: Option<&str>) -> Confirmed {
        Confirmed(
            text.and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default(),
        )
    }

    /// The list with `code` confirmed for `programme` (replacing an earlier code).
    pub fn with(&self, programme: &str, code: &str) -> Confirmed {
        let mut next = self.0.clone();
        next.insert(name_key(programme), code.to_string());
        Confirmed(next)
    }

    /// The stored form.
    pub fn write(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_unambiguous_characters_and_differs_between_keys() {
        let a = programme_code(&[4; 65]);
        let b = programme_code(&[5; 65]);
        assert_eq!(a.len(), 9);
        assert_eq!(&a[4..5], "-");
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_ne!(a, b);
        assert_eq!(a, programme_code(&[4; 65]), "the same key, the same code");
    }

    #[test]
    fn a_code_is_trusted_only_once_confirmed_for_that_programme_name() {
        let none = Confirmed::default();
        assert_eq!(trust(None, "Riverside IOP", &none, &[]), Trust::Unsigned);
        let new = trust(Some("AAAA-BBBB"), "Riverside IOP", &none, &[]);
        assert_eq!(
            new,
            Trust::New {
                code: "AAAA-BBBB".into()
            }
        );
        assert!(!new.addresses_open());
        assert_eq!(new.to_confirm(), Some("AAAA-BBBB"));
        let confirmed = none.with("Riverside IOP", "AAAA-BBBB");
        let again = Confirmed::read(Some(&confirmed.write()));
        assert_eq!(again, confirmed, "the stored form reads back");
        let known = trust(Some("AAAA-BBBB"), "riverside  iop.", &again, &[]);
        assert!(known.addresses_open(), "{known:?}");
        // Another key under the same name: flagged, nothing opens.
        let forged = trust(Some("CCCC-DDDD"), "Riverside IOP", &again, &[]);
        assert_eq!(
            forged,
            Trust::Changed {
                code: "CCCC-DDDD".into(),
                before: "AAAA-BBBB".into()
            }
        );
        assert!(!forged.addresses_open());
        // Another name is another programme: its own code to check.
        assert!(matches!(
            trust(Some("CCCC-DDDD"), "Riverbend IOP", &again, &[]),
            Trust::New { .. }
        ));
        assert_eq!(Confirmed::read(Some("not json")), Confirmed::default());
    }

    #[test]
    fn a_published_key_decides_alone_and_a_damaged_file_publishes_nothing() {
        use crate::domain::settings::ShareKey;
        let mut point = vec![4u8; 65];
        point[1] = 9;
        let public =
            base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &point);
        let key = ShareKey {
            public,
            private: "{}".into(),
        };
        let file = keys_file("Riverside IOP", &key).expect("a file");
        let code = key_code(&key).unwrap();
        assert!(
            file.contains(&code),
            "the file names the code for whoever places it"
        );
        assert_eq!(published_codes(&file), vec![code.clone()]);
        // A code written in the file is not believed: it is computed from the key.
        let lying = file.replace(&code, "AAAA-BBBB");
        assert_eq!(published_codes(&lying), vec![code.clone()]);
        for bad in [
            "",
            "not json",
            "{}",
            "[]",
            &file.replace("\"version\": 1", "\"version\": 2"),
        ] {
            assert!(published_codes(bad).is_empty(), "{bad}");
        }
        let published = published_codes(&file);
        // Published: trusted with nothing confirmed, addresses open.
        let none = Confirmed::default();
        let ok = trust(Some(&code), "Riverside IOP", &none, &published);
        assert_eq!(ok, Trust::Published { code: code.clone() });
        assert!(ok.addresses_open() && ok.to_confirm().is_none());
        // Another key: not the programme's, even where this phone confirmed it.
        let confirmed = none.with("Riverside IOP", "CCCC-DDDD");
        let forged = trust(Some("CCCC-DDDD"), "Riverside IOP", &confirmed, &published);
        assert_eq!(
            forged,
            Trust::Unpublished {
                code: "CCCC-DDDD".into()
            }
        );
        assert!(!forged.addresses_open() && forged.to_confirm().is_none());
        assert_eq!(
            trust(None, "Riverside IOP", &none, &published),
            Trust::Unsigned
        );
        // A site of someone else's, publishing their own key, against the code this phone
        // confirmed for the programme: flagged as changed, addresses closed.
        let real = none.with("Riverside IOP", "AAAA-BBBB");
        let theirs = trust(Some(&code), "Riverside IOP", &real, &published);
        assert_eq!(
            theirs,
            Trust::Changed {
                code: code.clone(),
                before: "AAAA-BBBB".into()
            }
        );
        assert!(!theirs.addresses_open());
        // The programme moved to a new key and publishes both: the new one is its own.
        let both = vec![code.clone(), "AAAA-BBBB".to_string()];
        assert_eq!(
            trust(Some(&code), "Riverside IOP", &real, &both),
            Trust::Published { code: code.clone() }
        );
    }

    #[test]
    fn a_programme_without_a_name_is_one_programme_in_every_language() {
        let en = crate::domain::i18n::by_code("en").your_programme;
        let es = crate::domain::i18n::by_code("es").your_programme;
        let confirmed = Confirmed::default().with(en, "AAAA-BBBB");
        assert!(matches!(
            trust(Some("AAAA-BBBB"), es, &confirmed, &[]),
            Trust::Known { .. }
        ));
        assert!(matches!(
            trust(Some("AAAA-BBBB"), "Unnamed", &confirmed, &[]),
            Trust::New { .. }
        ));
    }
}
