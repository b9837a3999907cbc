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
}

impl Trust {
    /// Whether addresses in the schedule open from the page (only for a confirmed code).
    pub fn addresses_open(&self) -> bool {
        matches!(self, Trust::Known { .. })
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
/// the codes this phone confirmed ([`Confirmed`]).
pub fn trust(code: Option<&str>, programme: &str, confirmed: &Confirmed) -> Trust {
    let Some(code) = code else {
        return Trust::Unsigned;
    };
    match confirmed.0.get(&name_key(programme)) {
        None => Trust::New { code: code.into() },
        Some(before) if before == code => Trust::Known { code: code.into() },
        Some(before) => Trust::Changed {
            code: code.into(),
            before: before.clone(),
        },
    }
}

/// A programme name as the list of confirmed codes keys it: case, spaces and punctuation do
/// not make another programme ("Riverside  IOP." is "riverside iop").
fn name_key(programme: &str) -> String {
    programme
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
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
        assert_eq!(trust(None, "Riverside IOP", &none), Trust::Unsigned);
        let new = trust(Some("AAAA-BBBB"), "Riverside IOP", &none);
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
        let known = trust(Some("AAAA-BBBB"), "riverside  iop.", &again);
        assert!(known.addresses_open(), "{known:?}");
        // Another key under the same name: flagged, nothing opens.
        let forged = trust(Some("CCCC-DDDD"), "Riverside IOP", &again);
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
            trust(Some("CCCC-DDDD"), "Riverbend IOP", &again),
            Trust::New { .. }
        ));
        assert_eq!(Confirmed::read(Some("not json")), Confirmed::default());
    }
}
