//! Family commands: family members (and their places in family groups), consents and family
//! sessions. Archiving goes through
//! [`App::set_archived`] with [`Target::FamilyMember`](crate::domain::archive::Target).

use leptos::prelude::*;

use super::App;
use super::roster::form_error;
use crate::domain::errors::FieldErrors;
use crate::domain::families::forms::{
    ConsentDraft, FamilyMemberDraft, FamilySessionDraft, change_occurrence, join_group,
    leave_group, mark_attendance, revoke,
};
use crate::domain::{Change, Kind, Programme, Record};

const MISSING_SESSION: &str = "This family session is no longer on record.";
const MISSING_MEMBER: &str = "This family member is no longer on record.";

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

    /// Record the revocation of consent `id`, received on `on` (not after `today`) in the way
    /// `how`.
    pub async fn revoke_consent(
        &self,
        id: &str,
        on: &str,
        how: &str,
        today: chrono::NaiveDate,
        base: u64,
    ) -> Result<(), FieldErrors> {
        self.edit_family_record(
            Kind::Consent,
            id,
            base,
            "This consent is no longer on record.",
            |p| p.consents.get(id).map(|c| revoke(c, on, how, today)),
        )
        .await
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
        self.edit_family_record(Kind::FamilySession, id, base, MISSING_SESSION, |p| {
            p.family_sessions
                .get(id)
                .map(|s| change_occurrence(s, date, to))
        })
        .await
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
        self.edit_family_record(Kind::FamilySession, id, base, MISSING_SESSION, |p| {
            p.family_sessions
                .get(id)
                .map(|s| mark_attendance(s, date, marks, today))
        })
        .await
    }

    /// Give family member `id` a place in the family group `group` from `join` (typed).
    pub async fn join_family_group(
        &self,
        id: &str,
        group: &str,
        join: &str,
        base: u64,
    ) -> Result<(), FieldErrors> {
        self.edit_family_record(Kind::FamilyMember, id, base, MISSING_MEMBER, |p| {
            p.family_members
                .get(id)
                .map(|m| join_group(p, m, group, join))
        })
        .await
    }

    /// End family member `id`'s place in `group` on `leave` (typed).
    pub async fn leave_family_group(
        &self,
        id: &str,
        group: &str,
        leave: &str,
        base: u64,
    ) -> Result<(), FieldErrors> {
        self.edit_family_record(Kind::FamilyMember, id, base, MISSING_MEMBER, |p| {
            p.family_members
                .get(id)
                .map(|m| leave_group(m, group, leave))
        })
        .await
    }

    /// Change stored record `id` of `kind` with `edit` (`None`: it is gone, said as `missing`)
    /// and commit it at revision `base`.
    async fn edit_family_record<T: Into<Record>>(
        &self,
        kind: Kind,
        id: &str,
        base: u64,
        missing: &str,
        edit: impl FnOnce(&Programme) -> Option<Result<T, FieldErrors>>,
    ) -> Result<(), FieldErrors> {
        let changed = self
            .programme
            .with_untracked(edit)
            .ok_or_else(|| FieldErrors(vec![("form", missing.to_string())]))??;
        self.commit_based(Change::put(changed), Some((kind, id, base)))
            .await
            .map_err(form_error)
    }
}
