//! Family share links as one command: what the link may carry (the consent decides), sealed
//! with a fresh key, recorded in the disclosure log, and only then handed back to be shown.

use chrono::NaiveDate;
use leptos::prelude::WithUntracked;

use crate::domain::Change;
use crate::domain::Record;
use crate::domain::export::share::{self, SharePayload, Signature};
use crate::domain::i18n;
use crate::domain::settings::{Settings, ShareKey};

use super::{ActionError, App};

/// A link that was made and recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareLink {
    /// The whole link, key in the fragment.
    pub url: String,
    /// The programme code the link is signed with, for the family member to check.
    pub code: String,
    /// The last day it opens (the day asked for, or earlier when the consent ends first).
    pub expires: NaiveDate,
    /// Why it ends before the day asked for, in words for the share card (`None`: it does not).
    pub shortened: Option<String>,
    /// The printed sheet, in the family member's language.
    pub sheet: LinkSheet,
}

/// What the printout of a link says, in the family member's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSheet {
    pub title: String,
    pub member: String,
    pub scan: String,
    pub valid: String,
    /// "Programme code: …" for the family member to compare with the page.
    pub code: String,
    pub notice: String,
}

impl LinkSheet {
    fn of(payload: &SharePayload, code: &str) -> LinkSheet {
        let words = i18n::by_code(&payload.lang);
        LinkSheet {
            title: i18n::fill(words.link_sheet_title, &[("programme", &payload.programme)]),
            member: payload.member.clone(),
            scan: words.link_sheet_scan.to_string(),
            valid: i18n::fill(
                words.shared_until,
                &[
                    ("date", &words.date(payload.made)),
                    ("expiry", &words.date(payload.expires)),
                ],
            ),
            code: i18n::fill(words.link_sheet_code, &[("code", code)]),
            notice: payload.notice.clone(),
        }
    }
}

/// The address links point to: the one in Settings, or where the app is open now.
pub fn public_address(configured: &str, here: impl FnOnce() -> String) -> String {
    if configured.trim().is_empty() {
        here()
    } else {
        configured.trim().to_string()
    }
}

impl App {
    /// Make a share link of `member`'s schedule from `from` to `to`, opening until `until` at
    /// the latest, on `today`. The disclosure log is written first, as one transaction; the link
    /// is returned only once it is saved. Refused in plain words when no consent in force allows
    /// anything in those dates.
    pub async fn make_share_link(
        &self,
        member: &str,
        from: NaiveDate,
        to: NaiveDate,
        until: NaiveDate,
        today: NaiveDate,
    ) -> Result<ShareLink, ActionError> {
        let services = self.services();
        let (payload, bases, base) = self
            .programme
            .with_untracked(|p| {
                let zone = if p.settings.time_zone.trim().is_empty() {
                    services.zone_name()
                } else {
                    p.settings.time_zone.clone()
                };
                share::payload(p, member, from, to, until, today, &zone).map(|(pl, b)| {
                    let base = public_address(&p.settings.public_address, || services.here());
                    (pl, b, base)
                })
            })
            .map_err(ActionError::Refused)?;
        let (data, key) = services
            .seal(&share::to_bytes(&payload))
            .await
            .map_err(ActionError::Refused)?;
        // Signed with the programme's key, made with the first link and kept in the settings
        // in the same transaction as the disclosure entries.
        let (share_key, new_settings) = self.programme_key().await?;
        let public = share_key.public_bytes().unwrap_or_default();
        let signature = services
            .sign(&share_key.private, &share::signed_message(&data, &key))
            .await
            .map_err(ActionError::Refused)?;
        let code = share::trust::key_code(&share_key).unwrap_or_default();
        let url = share::link(&base, &data, &key, &Signature { public, signature });
        let records = share::disclosures(&payload, member, &bases, &code, || services.new_id());
        let mut change = Change {
            insert: records.into_iter().map(Record::Disclosure).collect(),
            ..Change::default()
        };
        change.put.extend(new_settings.map(Record::Settings));
        self.commit(change).await?;
        let shortened = (payload.expires < until).then(|| {
            let consent_end = bases.iter().map(|b| b.until).min();
            if consent_end == Some(payload.expires) {
                format!(
                    "You asked for {}, but the consent behind this link ends on {}: the link stops opening then.",
                    crate::domain::dates::human_date(until),
                    crate::domain::dates::human_date(payload.expires)
                )
            } else {
                format!(
                    "You asked for {}, but a link opens for at most {} days: it stops opening on {}.",
                    crate::domain::dates::human_date(until),
                    share::MAX_DAYS,
                    crate::domain::dates::human_date(payload.expires)
                )
            }
        });
        Ok(ShareLink {
            url,
            code: code.clone(),
            expires: payload.expires,
            shortened,
            sheet: LinkSheet::of(&payload, &code),
        })
    }

    /// Make the programme's signing key now (before its first link), so Settings can show its
    /// code and offer the file that publishes it. Returns the code. Refused when there is a
    /// key already (it is never replaced: families confirmed its code).
    pub async fn make_programme_key(&self) -> Result<String, ActionError> {
        let (key, settings) = self.programme_key().await?;
        let Some(settings) = settings else {
            return Err(ActionError::Refused(
                "The programme has a signing key already; it is kept, as families confirmed its code.".into(),
            ));
        };
        self.commit(Change::put(settings)).await?;
        Ok(share::trust::key_code(&key).unwrap_or_default())
    }

    /// The programme's signing key, and the settings to store when it was made just now (a
    /// stored key is used as it is; a damaged one refuses, as nothing could be signed).
    async fn programme_key(&self) -> Result<(ShareKey, Option<Settings>), ActionError> {
        let settings = self.programme.with_untracked(|p| p.settings.clone());
        match &settings.share_key {
            Some(k) if k.fits() => return Ok((k.clone(), None)),
            Some(_) => {
                return Err(ActionError::Refused(
                    "The programme's share-link signing key in Settings is damaged, so no link was made.".into(),
                ));
            }
            None => {}
        }
        let (public, private) = self
            .services()
            .new_signing_key()
            .await
            .map_err(ActionError::Refused)?;
        let public =
            base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, public);
        let key = ShareKey { public, private };
        Ok((
            key.clone(),
            Some(Settings {
                share_key: Some(key),
                ..settings
            }),
        ))
    }

    /// Open a link made by [`App::make_share_link`] as the family viewer would, on `today`:
    /// for the in-app preview, which shows what the family member will see without navigating
    /// to the link (so the key never enters this browser's history). A signature that does not
    /// check is damaged, as in the viewer.
    pub async fn preview_share_link(&self, url: &str, today: NaiveDate) -> Option<share::Opened> {
        let fragment = url.split_once('#')?.1;
        let f = share::parse_fragment(fragment)?;
        let services = self.services();
        if let Some(s) = &f.signed {
            let message = share::signed_message(&f.data, &f.key);
            if !services.verify(&s.public, &message, &s.signature).await {
                return None;
            }
        }
        let bytes = services.open(&f.data, &f.key).await?;
        share::from_bytes(&bytes, today)
    }
}
