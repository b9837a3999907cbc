//! Session commands: curricula assigned to groups, generated sessions, and the edits of one
//! session (topic and time, cancellation, agenda, attendance). Each session edit starts from the
//! session as stored now (or the free session of a meeting nothing is stored for yet, which the
//! edit then stores), so quick successive edits build on each other.

use chrono::NaiveDate;

use leptos::prelude::*;

use super::{ActionError, App};
use crate::domain::sessions::agenda::Block;
use crate::domain::sessions::month;
use crate::domain::sessions::planning;
use crate::domain::sessions::session::{self, Attendance, Plan, Session};
use crate::domain::{Change, Kind};

fn gone_session() -> ActionError {
    ActionError::Refused(
        "This session no longer exists (its curriculum may have been regenerated). Reload the page.".into(),
    )
}

/// Why session `id` is not here: its month could not be read (a newer version wrote it, or it
/// is damaged), or it no longer exists.
fn missing_session(p: &crate::domain::Programme, id: &str) -> ActionError {
    month::month_of_session(id)
        .and_then(|key| p.quarantined(Kind::SessionMonth, key))
        .map_or_else(gone_session, super::damaged)
}

impl App {
    /// Mark attendance for one or more clients of a session (`None` clears a mark). Shown at
    /// once; see [`App::commit_now`].
    pub fn mark_attendance(
        &self,
        session: &str,
        marks: Vec<(String, Option<Attendance>)>,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<> {
        let clients: Vec<String> = marks.iter().map(|(c, _)| c.clone()).collect();
        self.edit_session_where(
            session,
            move |s| {
                Ok(marks.iter().fold(s.clone(), |s, (client, mark)| {
                    session::set_attendance(&s, client, *mark)
                }))
            },
            // Marks are per client: another tab's marks for other clients do not matter.
            move |before, now| {
                clients
                    .iter()
                    .all(|c| before.attendance.get(c) == now.attendance.get(c))
                    && before.cancelled == now.cancelled
            },
        )
    }

    /// Replace a session's agenda.
    pub fn set_agenda(
        &self,
        session: &str,
        blocks: Vec<Block>,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<> {
        self.edit_session(session, move |s| Ok(session::set_agenda(s, blocks.clone())))
    }

    /// Go back to the group type's agenda template.
    pub fn reset_agenda(
        &self,
        session: &str,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<> {
        self.edit_session(session, |s| Ok(session::reset_agenda(s)))
    }

    /// Cancel a session, or hold it after all.
    pub fn set_session_cancelled(
        &self,
        session: &str,
        cancelled: bool,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<> {
        self.edit_session(session, move |s| Ok(session::set_cancelled(s, cancelled)))
    }

    /// Save a session's topic, time and notes as edited in its form.
    pub fn save_session_details(
        &self,
        edited: Session,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<> {
        let id = edited.id.clone();
        self.edit_session(&id, move |_| Ok(edited.clone()))
    }

    /// Edit one session, shown at once. Sessions are stored by group and month, so another
    /// tab's edit of a different session of the same month also moves the month's revision:
    /// then the edit is made again on what is stored now, as long as this session itself is as
    /// it was. If this session changed, the conflict is reported and nothing is saved.
    fn edit_session<F: Fn(&Session) -> Result<Session, String> + 'static>(
        &self,
        id: &str,
        edit: F,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<F> {
        self.edit_session_where(id, edit, |before, now| before == now)
    }

    /// [`App::edit_session`], where `still_applies(before, now)` says whether the edit made on
    /// `before` may be made again on `now` after a refusal.
    fn edit_session_where<F, G>(
        &self,
        id: &str,
        edit: F,
        still_applies: G,
    ) -> impl std::future::Future<Output = Result<(), ActionError>> + 'static + use<F, G>
    where
        F: Fn(&Session) -> Result<Session, String> + 'static,
        G: Fn(&Session, &Session) -> bool + 'static,
    {
        let app = *self;
        let id = id.to_string();
        let before = self
            .programme
            .with_untracked(|p| p.session(&id).ok_or_else(|| missing_session(p, &id)));
        let edited = match &before {
            Ok(s) => edit(s).map_err(ActionError::Refused),
            Err(e) => Err(e.clone()),
        };
        let pending = edited.map(|s| self.commit_now(Change::put(s)));
        async move {
            let mut outcome = pending?.await;
            for _ in 0..3 {
                if !matches!(outcome, Err(ActionError::Conflict { .. })) {
                    break;
                }
                // The commit read the month again: may the edit be made on what is stored now?
                let now = app
                    .programme
                    .with_untracked(|p| p.session(&id).ok_or_else(|| missing_session(p, &id)))?;
                if !before.as_ref().is_ok_and(|b| still_applies(b, &now)) {
                    break;
                }
                let edited = edit(&now).map_err(ActionError::Refused)?;
                outcome = app.commit(Change::put(edited)).await;
            }
            outcome
        }
    }

    /// Assign a curriculum to a group and generate its sessions; returns the report.
    pub async fn assign_curriculum(
        &self,
        plan: Plan,
        today: NaiveDate,
    ) -> Result<Vec<String>, ActionError> {
        let outcome = self
            .programme
            .with_untracked(|p| planning::assign(p, plan, today))
            .map_err(ActionError::Refused)?;
        self.commit(outcome.change).await?;
        Ok(outcome.report)
    }

    /// Regenerate a group's sessions from its plan; returns the report.
    pub async fn regenerate_sessions(
        &self,
        group: &str,
        today: NaiveDate,
    ) -> Result<Vec<String>, ActionError> {
        let outcome = self
            .programme
            .with_untracked(|p| planning::regenerate(p, group, today))
            .map_err(ActionError::Refused)?;
        self.commit(outcome.change).await?;
        Ok(outcome.report)
    }

    /// Add the weeks that came into a rolling plan's horizon since it was last generated (run
    /// at start-up; silent). Returns how many sessions were added.
    pub async fn top_up_sessions(&self, today: NaiveDate) -> Result<usize, ActionError> {
        let change = self
            .programme
            .with_untracked(|p| planning::top_up(p, today));
        let n = change.put.len();
        if n > 0 {
            self.commit(change).await?;
        }
        Ok(n)
    }

    /// Remove a group's curriculum; returns how many upcoming sessions were deleted.
    pub async fn unassign_curriculum(
        &self,
        group: &str,
        today: NaiveDate,
    ) -> Result<usize, ActionError> {
        let (change, n) = self
            .programme
            .with_untracked(|p| planning::unassign(p, group, today))
            .map_err(ActionError::Refused)?;
        self.commit(change).await?;
        Ok(n)
    }
}
