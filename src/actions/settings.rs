//! Settings commands: tracks and the weekly-hour range of each level of care.

use leptos::prelude::*;

use super::{ActionError, App};
use crate::domain::{AgeBand, Change, LevelOfCare, Settings};

impl App {
    /// Append a track to the configurable list.
    pub async fn add_track(&self, name: &str) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| p.settings.with_track_added(name))
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Rename and/or (un)archive a track.
    pub async fn change_track(
        &self,
        id: &str,
        name: &str,
        archived: bool,
    ) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| p.settings.with_track_changed(id, name, archived))
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Replace one level of care's weekly-hour range.
    pub async fn set_care_hours(
        &self,
        level: LevelOfCare,
        age_band: AgeBand,
        min_hours: &str,
        below_hours: &str,
    ) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| {
                p.settings
                    .with_care_hours(level, age_band, min_hours, below_hours)
            })
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Set the programme's name (used on consents and in what families see) and whether family
    /// sessions count toward weekly hours.
    pub async fn set_programme(
        &self,
        name: &str,
        family_sessions_count: bool,
        time_zone: &str,
    ) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| {
                p.settings
                    .with_programme(name, family_sessions_count, time_zone)
            })
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Set the programme's opening hours (the days, and typed HH:MM times): the slot finder
    /// proposes family sessions only inside them.
    pub async fn set_opening_hours(
        &self,
        days: &[chrono::Weekday],
        opens: &str,
        closes: &str,
    ) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| p.settings.with_opening_hours(days, opens, closes))
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Set the address share links point to (empty: where the app is opened).
    pub async fn set_public_address(&self, address: &str) -> Result<(), ActionError> {
        let next = self
            .programme
            .with_untracked(|p| p.settings.with_public_address(address))
            .map_err(ActionError::Refused)?;
        self.save_settings(next).await
    }

    /// Settings that could not be read are never replaced: `commit` refuses to write over a
    /// quarantined record, so this fails with a message instead of saving defaults.
    async fn save_settings(&self, settings: Settings) -> Result<(), ActionError> {
        self.commit(Change::put(settings)).await
    }
}
