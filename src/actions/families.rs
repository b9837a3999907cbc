//! Family commands: family members and consents. Archiving goes through
//! [`App::set_archived`] with [`Target::FamilyMember`](crate::domain::roster::Target).

use leptos::prelude::*;

use super::App;
use super::roster::form_error;
use crate::domain::errors::FieldErrors;
use crate::domain::families::forms::{
    ConsentDraft, FamilyMemberDraft, FamilySessionDraft, change_occurrence, mark_attendance, revoke,
};
use crate::domain::{Change, Kind};

impl App {
    /// Save a family member from the form (`id` new or existing, opened at revision `base`).
    pub async fn save_family_member(
        &self,
        id: String,
        draft: &FamilyMemberDraft,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let member = self
            .programme
            .with_untracked(|p| draft.to_member(p, id.clone(), p.family_members.get(&id)))?;
        self.commit_based(Change::put(member), Some((Kind::FamilyMember, &id, base)))
            .await
            .map_err(form_error)
    }

    /// Save a consent from the form (opened at revision `base`).
    pub async fn save_consent(
        &self,
        id: String,
        draft: &ConsentDraft,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let consent = self
            .programme
            .with_untracked(|p| draft.to_consent(p, id.clone(), p.consents.get(&id)))?;
        self.commit_based(Change::put(consent), Some((Kind::Consent, &id, base)))
            .await
            .map_err(form_error)
    }

    /// Record the revocation of consent `id`, received on `on` in the way `how`.
    pub async fn revoke_consent(
        &self,
        id: &str,
        on: &str,
        how: &str,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let Some(consent) = self
            .programme
            .with_untracked(|p| p.consents.get(id).cloned())
        else {
            return Err(FieldErrors(vec![(
                "form",
                "This consent is no longer on record.".into(),
            )]));
        };
        let revoked = revoke(&consent, on, how)?;
        self.commit_based(Change::put(revoked), Some((Kind::Consent, id, base)))
            .await
            .map_err(form_error)
    }

    /// Book (or edit) a family session from the form (opened at revision `base`).
    pub async fn save_family_session(
        &self,
        id: String,
        draft: &FamilySessionDraft,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let session = self
            .programme
            .with_untracked(|p| draft.to_session(p, id.clone(), p.family_sessions.get(&id)))?;
        self.commit_based(Change::put(session), Some((Kind::FamilySession, &id, base)))
            .await
            .map_err(form_error)
    }

    /// Cancel (`to` is `None`) or move one occurrence of family session `id`, leaving the
    /// rest of the series as it is.
    pub async fn change_family_occurrence(
        &self,
        id: &str,
        date: chrono::NaiveDate,
        to: Option<(&str, &str)>,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let Some(session) = self
            .programme
            .with_untracked(|p| p.family_sessions.get(id).cloned())
        else {
            return Err(FieldErrors(vec![(
                "form",
                "This family session is no longer on record.".into(),
            )]));
        };
        let changed = change_occurrence(&session, date, to)?;
        self.commit_based(Change::put(changed), Some((Kind::FamilySession, id, base)))
            .await
            .map_err(form_error)
    }

    /// Record attendance per participant at one occurrence (series date `date`) of family
    /// session `id`, on or after the day it took place.
    pub async fn mark_family_attendance(
        &self,
        id: &str,
        date: chrono::NaiveDate,
        marks: &[(String, Option<crate::domain::sessions::session::Mark>)],
        today: chrono::NaiveDate,
        base: u64,
    ) -> Result<(), FieldErrors> {
        let Some(session) = self
            .programme
            .with_untracked(|p| p.family_sessions.get(id).cloned())
        else {
            return Err(FieldErrors(vec![(
                "form",
                "This family session is no longer on record.".into(),
            )]));
        };
        let changed = mark_attendance(&session, date, marks, today)?;
        self.commit_based(Change::put(changed), Some((Kind::FamilySession, id, base)))
            .await
            .map_err(form_error)
    }
}
