//! Family share links: what a link carries and how it is checked when opened.
//!
//! A link holds one family member's schedule for a date range, built from the family projection
//! ([`crate::domain::families::projection`]) and nothing else, with its expiry (never after the
//! consents behind it), the scope of what is shared in words and the 42 CFR 2.32 notice, in the
//! family member's language. The payload is compact JSON; the browser compresses it
//! (`CompressionStream`, deflate-raw) and encrypts it (AES-GCM, a fresh random key), and the
//! link carries ciphertext and key in its fragment (after `#`), which browsers never send to any
//! server. This module makes the payload and the fragment and reads them back; a fragment that
//! does not parse, decrypt, decompress or check here is "damaged", and shows nothing.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use chrono::{Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::domain::dates;
use crate::domain::families::consent::{ConsentState, ShareScope};
use crate::domain::families::projection::{FamilyItem, ItemKind, family_view};
use crate::domain::i18n;
use crate::domain::programme::Programme;

/// The payload format; a viewer refuses newer ones it cannot read.
pub const SHARE_VERSION: u8 = 1;
/// Longest a link may run before its expiry (a quarter of a year).
pub const MAX_DAYS: u64 = 92;
/// AES-GCM key and nonce lengths in bytes.
pub const KEY_BYTES: usize = 16;
pub const IV_BYTES: usize = 12;
/// The most items a payload may hold, and the longest text in it: more is not a link this
/// app made.
const MAX_ITEMS: usize = 500;
const MAX_TEXT: usize = 500;

/// One dated item of the shared schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedItem {
    #[serde(rename = "d", with = "dates::iso_date")]
    pub date: NaiveDate,
    #[serde(rename = "s", with = "dates::clock_time")]
    pub start: NaiveTime,
    #[serde(rename = "e", with = "dates::clock_time")]
    pub end: NaiveTime,
    /// 0 family session, 1 family education, 2 the client's group.
    #[serde(rename = "k")]
    pub kind: u8,
    #[serde(rename = "n")]
    pub title: String,
    #[serde(rename = "w")]
    pub place: String,
    #[serde(rename = "u", default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// What a share link carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharePayload {
    #[serde(rename = "v")]
    pub version: u8,
    /// Language code of every text ("es").
    #[serde(rename = "l")]
    pub lang: String,
    /// Who it is for (the family member's name as recorded).
    #[serde(rename = "m")]
    pub member: String,
    /// The programme sharing it.
    #[serde(rename = "p")]
    pub programme: String,
    #[serde(rename = "a", with = "dates::iso_date")]
    pub made: NaiveDate,
    #[serde(rename = "f", with = "dates::iso_date")]
    pub from: NaiveDate,
    #[serde(rename = "t", with = "dates::iso_date")]
    pub to: NaiveDate,
    /// Last day the link may be opened.
    #[serde(rename = "x", with = "dates::iso_date")]
    pub expires: NaiveDate,
    /// What is shared, in words ("family session dates, times and places").
    #[serde(rename = "c")]
    pub scopes: Vec<String>,
    /// The 42 CFR 2.32 notice, in the payload's language.
    #[serde(rename = "r")]
    pub notice: String,
    /// The programme's time zone (IANA name) for "Add to calendar".
    #[serde(rename = "z")]
    pub zone: String,
    #[serde(rename = "i")]
    pub items: Vec<SharedItem>,
}

/// What a link is about: the client whose consent it rests on, and the consent's scopes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub client: crate::domain::ClientId,
    pub consent: String,
    pub scopes: Vec<ShareScope>,
    /// The last day the consent allows sharing.
    pub until: NaiveDate,
}

/// The consents in force on `today` that let `member` see anything: one per client they
/// support, with the last day each allows.
pub fn bases(p: &Programme, member: &str, today: NaiveDate) -> Vec<Basis> {
    let Some(m) = p.family_members.get(member) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for support in &m.supports {
        let best = p
            .consents
            .values()
            .filter(|c| c.client == support.client && c.recipient == member)
            .filter_map(|c| match c.state_on(today) {
                ConsentState::Active(until) if until >= today => Some(Basis {
                    client: c.client.clone(),
                    consent: c.id.clone(),
                    scopes: c.scopes.clone(),
                    until,
                }),
                _ => None,
            })
            .max_by_key(|b| b.until);
        out.extend(best);
    }
    out
}

/// The payload of a link for `member` from `from` to `to`, made on `today`, valid until
/// `wanted_expiry` or the end of the consents behind it, whichever comes first; or why no link
/// can be made.
pub fn payload(
    p: &Programme,
    member: &str,
    from: NaiveDate,
    to: NaiveDate,
    wanted_expiry: NaiveDate,
    today: NaiveDate,
    zone: &str,
) -> Result<(SharePayload, Vec<Basis>), String> {
    let m = p
        .family_members
        .get(member)
        .ok_or("This family member is no longer on record.")?;
    if to < from {
        return Err("The end of the date range must not be before its start.".into());
    }
    if (to - from).num_days() as u64 > MAX_DAYS {
        return Err("A link can cover at most three months.".into());
    }
    if wanted_expiry < today {
        return Err("The link must be valid at least until today.".into());
    }
    let bases = bases(p, member, today);
    if bases.is_empty() {
        return Err(format!(
            "No consent in force lets {} see anything, so no link can be made. Record or renew the consent first.",
            m.name
        ));
    }
    let consent_end = bases.iter().map(|b| b.until).min().unwrap_or(today);
    let longest = today + Days::new(MAX_DAYS);
    let expires = wanted_expiry.min(consent_end).min(longest);
    let view = family_view(p, member, from, to.min(consent_end))
        .ok_or("This family member is no longer on record.")?;
    if view.items.is_empty() {
        return Err(
            "Nothing their consent allows is scheduled in these dates, so there is nothing to share."
                .into(),
        );
    }
    let words = i18n::by_code(view.lang);
    let mut scopes: Vec<ShareScope> = bases.iter().flat_map(|b| b.scopes.clone()).collect();
    scopes.sort_by_key(|s| ShareScope::ALL.iter().position(|a| a == s));
    scopes.dedup();
    let scope_words = scopes
        .iter()
        .filter_map(|s| ShareScope::ALL.iter().position(|a| a == s))
        .map(|i| words.scopes[i].to_string())
        .collect();
    let items = view.items.iter().map(shared).collect();
    Ok((
        SharePayload {
            version: SHARE_VERSION,
            lang: view.lang.to_string(),
            member: view.member,
            programme: view.programme,
            made: today,
            from,
            to: to.min(consent_end),
            expires,
            scopes: scope_words,
            notice: words.part2_notice.to_string(),
            zone: zone.to_string(),
            items,
        },
        bases,
    ))
}

fn shared(item: &FamilyItem) -> SharedItem {
    SharedItem {
        date: item.date,
        start: item.start,
        end: item.end,
        kind: match item.kind {
            ItemKind::FamilySession => 0,
            ItemKind::FamilyEducation => 1,
            ItemKind::ClientGroup => 2,
        },
        title: item.title.clone(),
        place: item.place.clone(),
        link: item.link.clone(),
    }
}

/// The payload as the bytes to compress and encrypt.
pub fn to_bytes(payload: &SharePayload) -> Vec<u8> {
    serde_json::to_vec(payload).unwrap_or_default()
}

/// What opening a link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    Schedule(SharePayload),
    /// Valid, but past its last day.
    Expired(NaiveDate),
}

/// Read decrypted, decompressed payload bytes; `None` means damaged (the same message for any
/// fault: the family can do nothing but ask for a new link).
pub fn from_bytes(bytes: &[u8], today: NaiveDate) -> Option<Opened> {
    let p: SharePayload = serde_json::from_slice(bytes).ok()?;
    let texts_fit = |s: &str| s.chars().count() <= MAX_TEXT;
    let sane = p.version == SHARE_VERSION
        && p.items.len() <= MAX_ITEMS
        && p.from <= p.to
        && p.made <= p.expires
        && [&p.lang, &p.member, &p.programme, &p.notice, &p.zone]
            .iter()
            .all(|s| texts_fit(s))
        && p.scopes.iter().all(|s| texts_fit(s))
        && p.items.iter().all(|i| {
            texts_fit(&i.title)
                && texts_fit(&i.place)
                && i.link.as_deref().is_none_or(texts_fit)
                && i.kind <= 2
        });
    if !sane {
        return None;
    }
    if today > p.expires {
        return Some(Opened::Expired(p.expires));
    }
    Some(Opened::Schedule(p))
}

/// The fragment version of a signed link; version 1 ([`SHARE_VERSION`]'s fragment, made before
/// links were signed) still opens, as unsigned.
pub const SIGNED_VERSION: u8 = 2;
/// An ECDSA P-256 public key (uncompressed point) and signature (r and s) in bytes.
pub const PUBLIC_KEY_BYTES: usize = crate::domain::settings::SHARE_PUBLIC_KEY_BYTES;
pub const SIGNATURE_BYTES: usize = 64;

/// What a link's fragment holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The nonce and the ciphertext.
    pub data: Vec<u8>,
    pub key: Vec<u8>,
    /// The programme's signature, when the link is signed.
    pub signed: Option<Signature>,
}

/// A link's signature: the programme's public key and its ECDSA P-256 (SHA-256) signature of
/// [`signed_message`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub public: Vec<u8>,
    pub signature: Vec<u8>,
}

/// What a link's signature covers: a label, then the nonce and ciphertext, then the key.
pub fn signed_message(data: &[u8], key: &[u8]) -> Vec<u8> {
    let mut out = b"iop-planner share link 2\n".to_vec();
    out.extend_from_slice(data);
    out.extend_from_slice(key);
    out
}

/// The link: `base` (the app's public address, ending in `/`), the viewer page, and the
/// fragment `2.<nonce and ciphertext>.<key>.<public key>.<signature>` in base64url.
pub fn link(base: &str, iv_and_ciphertext: &[u8], key: &[u8], signed: &Signature) -> String {
    let base = base.trim_end_matches('/');
    format!(
        "{base}/family.html#{SIGNED_VERSION}.{}.{}.{}.{}",
        B64URL.encode(iv_and_ciphertext),
        B64URL.encode(key),
        B64URL.encode(&signed.public),
        B64URL.encode(&signed.signature)
    )
}

/// A link's fragment (with or without its `#`) read: version 2 (signed) or 1 (unsigned);
/// `None` when it cannot be one this app made. The signature is not checked here.
pub fn parse_fragment(fragment: &str) -> Option<Fragment> {
    let parts: Vec<&str> = fragment.trim_start_matches('#').split('.').collect();
    let bytes = |s: &str| B64URL.decode(s).ok();
    let (data, key, signed) = match parts.as_slice() {
        [v, data, key] if *v == SHARE_VERSION.to_string() => (bytes(data)?, bytes(key)?, None),
        [v, data, key, public, signature] if *v == SIGNED_VERSION.to_string() => {
            let signed = Signature {
                public: bytes(public)?,
                signature: bytes(signature)?,
            };
            let fits = signed.public.len() == PUBLIC_KEY_BYTES
                && signed.public[0] == 4
                && signed.signature.len() == SIGNATURE_BYTES;
            (bytes(data)?, bytes(key)?, fits.then_some(signed)?.into())
        }
        _ => return None,
    };
    // Nonce, at least one byte, and the 16-byte tag.
    (key.len() == KEY_BYTES && data.len() > IV_BYTES + 16).then_some(Fragment { data, key, signed })
}

/// Whether `address` is one a family member's phone cannot reach (this computer only, or a
/// file), with the warning to show.
pub fn unreachable_address(address: &str) -> Option<String> {
    let a = address.trim().to_lowercase();
    let host = a
        .split_once("://")
        .map_or("", |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let local = a.starts_with("file:")
        || host == "localhost"
        || host.ends_with(".localhost")
        || host.starts_with("127.")
        || host == "[::1]"
        || host == "0.0.0.0";
    if local {
        return Some(format!(
            "The app's public address is {address}, which only this computer can open: a family member will not be able to open the link. Publish the app on an https address (see the README) and enter it in Settings."
        ));
    }
    if !a.starts_with("https://") {
        return Some(format!(
            "The app's public address {address} is not https: phones may refuse to open it, and the schedule cannot be decrypted there. Use an https address."
        ));
    }
    None
}

/// How the disclosure log names a share link.
pub const HOW: &str = "share link";

/// The disclosure-log records of a link made from `payload` on the consents `bases`: one per
/// client whose information it carries, signed with the key of `code`. `new_id` gives fresh
/// record ids.
pub fn disclosures(
    payload: &SharePayload,
    member: &str,
    bases: &[Basis],
    code: &str,
    mut new_id: impl FnMut() -> String,
) -> Vec<crate::domain::families::Disclosure> {
    let english = i18n::by_code("en");
    bases
        .iter()
        .map(|b| crate::domain::families::Disclosure {
            id: new_id(),
            schema: crate::domain::families::disclosure::DISCLOSURE_SCHEMA,
            client: b.client.clone(),
            recipient: member.to_string(),
            consent: b.consent.clone(),
            made_on: payload.made,
            how: HOW.into(),
            what: b
                .scopes
                .iter()
                .filter_map(|s| ShareScope::ALL.iter().position(|a| a == s))
                .map(|i| english.scopes[i])
                .collect::<Vec<_>>()
                .join("; "),
            from: payload.from,
            to: payload.to,
            expires: payload.expires,
            code: (!code.is_empty()).then(|| code.to_string()),
        })
        .collect()
}

/// The link as a QR code: an SVG drawing, dark modules on white with the standard quiet zone of
/// four modules, for the screen and the printout. `None` when the text is too long for a QR
/// code (about 2,900 characters; links stay under 2,000).
pub fn qr_svg(text: &str) -> Option<String> {
    use std::fmt::Write as _;
    let qr = qrcodegen::QrCode::encode_text(text, qrcodegen::QrCodeEcc::Low).ok()?;
    let size = qr.size();
    let border = 4;
    let dim = size + 2 * border;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + border, y + border);
            }
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {dim} {dim}" shape-rendering="crispEdges"><rect width="{dim}" height="{dim}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

/// The shared items as calendar events (single, neutral, as the payload has them).
pub fn events(p: &SharePayload) -> Vec<crate::domain::export::ics::Event> {
    p.items
        .iter()
        .map(|i| {
            crate::domain::export::ics::single(
                format!(
                    "shared-{}-{}-{:02}{:02}@iop-planner",
                    i.kind,
                    crate::domain::export::ics::compact_date(i.date),
                    chrono::Timelike::hour(&i.start),
                    chrono::Timelike::minute(&i.start)
                ),
                i.title.clone(),
                i.place.clone(),
                i.link.clone().unwrap_or_default(),
                i.date,
                i.start,
                i.end,
            )
        })
        .collect()
}

pub mod trust;

#[cfg(test)]
mod tests;
