//! Programme-wide settings: the configurable list of clinical tracks and the weekly-hour range
//! of each level of care.

use serde::{Deserialize, Serialize};

use crate::domain::people::care::{AgeBand, HoursRange, LevelOfCare};
use crate::domain::text::{self, Check, Rule};

/// Schema version of the stored settings record.
pub const SETTINGS_SCHEMA: u32 = 2;

/// The id of the single settings record in its store.
pub const SETTINGS_ID: &str = "settings";

/// A clinical track clients and (later) groups belong to, e.g. "Substance use".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Track {
    /// Stable id, derived from the first name given to the track; never changes on rename.
    pub id: String,
    /// Name shown to users.
    pub name: String,
    /// Archived tracks stay readable on existing clients but are not offered for new ones.
    #[serde(default)]
    pub archived: bool,
}

/// Programme-wide settings, stored as one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Always [`SETTINGS_ID`].
    pub id: String,
    /// Record schema version, see [`SETTINGS_SCHEMA`].
    #[serde(default = "settings_schema")]
    pub schema: u32,
    /// Tracks in display order.
    #[serde(default = "default_tracks")]
    pub tracks: Vec<Track>,
    /// Weekly-hour range per level of care and age band (schema 2; older records get the
    /// defaults).
    #[serde(default = "default_care_hours")]
    pub care_hours: Vec<CareHours>,
    /// The programme's name, e.g. "Riverside IOP": who discloses on consents, and the neutral
    /// title of what families see ("Family session, Riverside IOP").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub programme_name: String,
    /// Whether family sessions count toward a client's weekly level-of-care hours (they do
    /// unless the programme says otherwise).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub family_sessions_count: bool,
    /// Opening hours for family sessions: the days and the times the slot finder may use.
    #[serde(default = "default_open_days")]
    pub open_days: Vec<chrono::Weekday>,
    #[serde(default = "default_opens", with = "crate::domain::dates::clock_time")]
    pub opens: chrono::NaiveTime,
    #[serde(default = "default_closes", with = "crate::domain::dates::clock_time")]
    pub closes: chrono::NaiveTime,
    /// The programme's time zone (IANA name, "America/New_York") for calendar files; empty:
    /// the browser's own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub time_zone: String,
    /// Where the app is published (https), which share links point to; empty: the address it
    /// is opened at.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub public_address: String,
    /// The programme's key for signing share links, made with the first link (see
    /// [`crate::domain::export::share::trust`]). Kept with the settings so that backups (and
    /// every device of a team) sign with the same key and families see the same code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_key: Option<ShareKey>,
}

/// A share-link signing key: its public part (base64url of the 65-byte point) and its private
/// part (JWK text, as Web Crypto exports it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareKey {
    pub public: String,
    pub private: String,
}

impl ShareKey {
    /// The public part's bytes, when it is a P-256 point as this app writes it.
    pub fn public_bytes(&self) -> Option<Vec<u8>> {
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&self.public)
            .ok()?;
        (bytes.len() == SHARE_PUBLIC_KEY_BYTES && bytes[0] == 4).then_some(bytes)
    }

    /// Whether it is a key this app makes: a P-256 point and a short JWK text.
    pub fn fits(&self) -> bool {
        self.public_bytes().is_some() && !self.private.is_empty() && self.private.len() <= 1_000
    }
}

/// An ECDSA P-256 public key as its uncompressed point, in bytes (the share link's format uses
/// it: `export::share::PUBLIC_KEY_BYTES`).
pub const SHARE_PUBLIC_KEY_BYTES: usize = 65;

fn default_open_days() -> Vec<chrono::Weekday> {
    use chrono::Weekday::*;
    vec![Mon, Tue, Wed, Thu, Fri]
}

fn default_opens() -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default()
}

fn default_closes() -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(20, 0, 0).unwrap_or_default()
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// The weekly-hour range of one level of care for one age band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareHours {
    pub level: LevelOfCare,
    pub age_band: AgeBand,
    pub range: HoursRange,
}

fn default_care_hours() -> Vec<CareHours> {
    LevelOfCare::ALL
        .into_iter()
        .flat_map(|level| {
            AgeBand::ALL.into_iter().map(move |age_band| CareHours {
                level,
                age_band,
                range: HoursRange::default_for(level, age_band),
            })
        })
        .collect()
}

fn settings_schema() -> u32 {
    SETTINGS_SCHEMA
}

fn default_tracks() -> Vec<Track> {
    [
        ("substance-use", "Substance use"),
        ("mental-health", "Mental health"),
        ("co-occurring", "Co-occurring"),
    ]
    .into_iter()
    .map(|(id, name)| Track {
        id: id.into(),
        name: name.into(),
        archived: false,
    })
    .collect()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            id: SETTINGS_ID.into(),
            schema: SETTINGS_SCHEMA,
            tracks: default_tracks(),
            care_hours: default_care_hours(),
            programme_name: String::new(),
            family_sessions_count: true,
            open_days: default_open_days(),
            opens: default_opens(),
            closes: default_closes(),
            time_zone: String::new(),
            public_address: String::new(),
            share_key: None,
        }
    }
}

/// The rules of the settings' free text.
const PROGRAMME_NAME: Rule = Rule::name("The programme's name");
const PUBLIC_ADDRESS: Rule = Rule::short("The public address");
const TRACK_NAME: Rule = Rule::name("The track name");

impl Settings {
    /// The track with this id, archived or not.
    pub fn track(&self, id: &str) -> Option<&Track> {
        self.tracks.iter().find(|t| t.id == id)
    }

    /// Name to show for a track id; unknown ids are shown as they are so nothing is hidden.
    pub fn track_name(&self, id: &str) -> String {
        self.track(id)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| format!("{id} (unknown track)"))
    }

    /// Tracks that can be chosen for a new or edited client.
    pub fn active_tracks(&self) -> impl Iterator<Item = &Track> {
        self.tracks.iter().filter(|t| !t.archived)
    }

    /// The weekly-hour range for a level of care and age band (the default if not set).
    pub fn hours_for(&self, level: LevelOfCare, age_band: AgeBand) -> HoursRange {
        self.care_hours
            .iter()
            .find(|c| c.level == level && c.age_band == age_band)
            .map(|c| c.range)
            .unwrap_or_else(|| HoursRange::default_for(level, age_band))
    }

    /// Settings with one weekly-hour range replaced (hours as typed; empty = open end).
    pub fn with_care_hours(
        &self,
        level: LevelOfCare,
        age_band: AgeBand,
        min_hours: &str,
        below_hours: &str,
    ) -> Result<Settings, String> {
        let parse = |raw: &str, what: &str| -> Result<Option<u32>, String> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            match raw.replace(',', ".").parse::<f64>() {
                Ok(h) if (0.0..=80.0).contains(&h) => Ok(Some((h * 60.0).round() as u32)),
                _ => Err(format!(
                    "Enter the {what} as a number of hours between 0 and 80, or leave it empty."
                )),
            }
        };
        let min_minutes = parse(min_hours, "minimum")?;
        let below_minutes = parse(below_hours, "upper limit")?;
        if let (Some(min), Some(below)) = (min_minutes, below_minutes)
            && below <= min
        {
            return Err("The upper limit must be more than the minimum.".into());
        }
        let mut next = self.clone();
        let range = HoursRange {
            min_minutes,
            below_minutes,
        };
        match next
            .care_hours
            .iter_mut()
            .find(|c| c.level == level && c.age_band == age_band)
        {
            Some(c) => c.range = range,
            None => next.care_hours.push(CareHours {
                level,
                age_band,
                range,
            }),
        }
        Ok(next)
    }

    /// Settings with the programme's name and whether family sessions count toward weekly
    /// hours, or why the name is refused.
    pub fn with_programme(
        &self,
        name: &str,
        family_sessions_count: bool,
        time_zone: &str,
    ) -> Result<Settings, String> {
        let name = name.trim();
        if let Some(problem) = PROGRAMME_NAME.problem(name, Check::Typed) {
            return Err(problem);
        }
        let time_zone = time_zone.trim();
        if !time_zone.is_empty() && !looks_like_time_zone(time_zone) {
            return Err(
                "Enter the time zone as its IANA name, such as America/New_York or Europe/Madrid, or leave it empty to use this browser's."
                    .into(),
            );
        }
        Ok(Settings {
            programme_name: name.to_string(),
            family_sessions_count,
            time_zone: time_zone.to_string(),
            ..self.clone()
        })
    }

    /// Settings with a new public address (empty: the address the app is opened at), or why
    /// it is refused.
    pub fn with_public_address(&self, address: &str) -> Result<Settings, String> {
        let a = address.trim();
        if let Some(problem) = PUBLIC_ADDRESS.problem(a, Check::Typed) {
            return Err(problem);
        }
        if !a.is_empty()
            && (!(a.starts_with("https://") || a.starts_with("http://"))
                || a.contains(['#', '?', ' ', '"', '<', '>']))
        {
            return Err("Enter the address as a web address starting with https://, such as https://iop.example.org/planner/.".into());
        }
        Ok(Settings {
            public_address: a.to_string(),
            ..self.clone()
        })
    }

    /// Settings with new opening hours (the days open, and typed HH:MM times), or a message
    /// saying what is wrong.
    pub fn with_opening_hours(
        &self,
        days: &[chrono::Weekday],
        opens: &str,
        closes: &str,
    ) -> Result<Settings, String> {
        let parse = crate::domain::dates::parse_clock;
        let (Some(opens), Some(closes)) = (parse(opens.trim()), parse(closes.trim())) else {
            return Err("Enter the opening and closing times as HH:MM.".into());
        };
        if closes <= opens {
            return Err("The programme must close after it opens.".into());
        }
        if days.is_empty() {
            return Err("Choose at least one day the programme is open.".into());
        }
        let mut open_days: Vec<chrono::Weekday> = days.to_vec();
        open_days.sort_by_key(|d| d.num_days_from_monday());
        open_days.dedup();
        Ok(Settings {
            open_days,
            opens,
            closes,
            ..self.clone()
        })
    }

    /// Settings with a new track appended, or a message saying why the name is refused.
    pub fn with_track_added(&self, name: &str) -> Result<Settings, String> {
        let name = name.trim();
        check_track_name(self, name, None)?;
        let base = slug(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.track(&id).is_some() {
            id = format!("{base}-{n}");
            n += 1;
        }
        let mut next = self.clone();
        next.tracks.push(Track {
            id,
            name: name.into(),
            archived: false,
        });
        Ok(next)
    }

    /// Settings with one track renamed and/or (un)archived.
    pub fn with_track_changed(
        &self,
        id: &str,
        name: &str,
        archived: bool,
    ) -> Result<Settings, String> {
        let name = name.trim();
        check_track_name(self, name, Some(id))?;
        let mut next = self.clone();
        let track = next
            .tracks
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| "That track no longer exists.".to_string())?;
        track.name = name.into();
        track.archived = archived;
        if next.active_tracks().next().is_none() {
            return Err("At least one track must stay active.".into());
        }
        Ok(next)
    }
}

impl Settings {
    /// The programme's name, public address and track names against their rules, as strictly
    /// as `check` says (stored settings: lengths only).
    pub(crate) fn check_texts(&self, check: Check) -> Result<(), String> {
        let texts = [
            (PROGRAMME_NAME, self.programme_name.as_str()),
            (PUBLIC_ADDRESS, &self.public_address),
        ];
        let tracks = self.tracks.iter().map(|t| (TRACK_NAME, t.name.as_str()));
        match texts
            .into_iter()
            .chain(tracks)
            .find_map(|(rule, value)| rule.problem(value, check))
        {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }
}

fn check_track_name(settings: &Settings, name: &str, except: Option<&str>) -> Result<(), String> {
    if text::is_blank(name) {
        return Err("Enter a track name.".into());
    }
    if let Some(problem) = TRACK_NAME.problem(name, Check::Typed) {
        return Err(problem);
    }
    let clash = settings
        .tracks
        .iter()
        .any(|t| Some(t.id.as_str()) != except && t.name.eq_ignore_ascii_case(name));
    if clash {
        return Err(format!("A track called \"{name}\" already exists."));
    }
    Ok(())
}

fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "track".into() } else { out }
}

/// Whether `name` has the shape of an IANA time-zone name ("America/New_York", "UTC",
/// "Etc/GMT+5"). Whether the browser knows it is checked where the zone is used.
pub fn looks_like_time_zone(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
        && !name.starts_with('/')
        && !name.ends_with('/')
}

#[cfg(test)]
mod tests {

    #[test]
    fn opening_hours_are_checked_and_kept_in_weekday_order() {
        use chrono::Weekday::{Mon, Sat, Wed};
        let s = Settings::default();
        let open = s
            .with_opening_hours(&[Sat, Mon, Wed, Mon], "07:30", "19:00")
            .unwrap();
        assert_eq!(open.open_days, vec![Mon, Wed, Sat]);
        assert_eq!(crate::domain::dates::clock(open.opens), "07:30");
        assert_eq!(
            s.with_opening_hours(&[Mon], "18:00", "09:00").unwrap_err(),
            "The programme must close after it opens."
        );
        assert_eq!(
            s.with_opening_hours(&[Mon], "9", "").unwrap_err(),
            "Enter the opening and closing times as HH:MM."
        );
        assert_eq!(
            s.with_opening_hours(&[], "09:00", "17:00").unwrap_err(),
            "Choose at least one day the programme is open."
        );
    }

    use super::*;

    #[test]
    fn defaults_are_the_three_usual_tracks() {
        let s = Settings::default();
        let names: Vec<_> = s.tracks.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Substance use", "Mental health", "Co-occurring"]);
    }

    #[test]
    fn adding_a_track_makes_a_unique_slug_and_refuses_duplicates() {
        let s = Settings::default()
            .with_track_added("  Eating disorders ")
            .unwrap();
        assert_eq!(s.tracks[3].id, "eating-disorders");
        assert_eq!(s.tracks[3].name, "Eating disorders");
        assert!(s.with_track_added("eating DISORDERS").is_err());
        assert!(s.with_track_added("   ").is_err());
        let renamed = s
            .with_track_changed("eating-disorders", "ED", false)
            .unwrap();
        let again = renamed.with_track_added("Eating disorders!").unwrap();
        assert_eq!(again.tracks[4].id, "eating-disorders-2");
    }

    #[test]
    fn the_last_active_track_cannot_be_archived() {
        let mut s = Settings::default();
        s = s
            .with_track_changed("substance-use", "Substance use", true)
            .unwrap();
        s = s
            .with_track_changed("mental-health", "Mental health", true)
            .unwrap();
        let err = s
            .with_track_changed("co-occurring", "Co-occurring", true)
            .unwrap_err();
        assert!(err.contains("At least one"));
    }

    #[test]
    fn care_hours_default_to_asam_and_can_be_edited() {
        let s = Settings::default();
        let iop = s.hours_for(LevelOfCare::Iop, AgeBand::Adult);
        assert_eq!(
            (iop.min_minutes, iop.below_minutes),
            (Some(540), Some(1200))
        );
        let edited = s
            .with_care_hours(LevelOfCare::Iop, AgeBand::Adult, "10,5", "")
            .unwrap();
        let iop = edited.hours_for(LevelOfCare::Iop, AgeBand::Adult);
        assert_eq!((iop.min_minutes, iop.below_minutes), (Some(630), None));
        assert!(
            s.with_care_hours(LevelOfCare::Op, AgeBand::Adult, "9", "9")
                .unwrap_err()
                .contains("more than the minimum")
        );
        assert!(
            s.with_care_hours(LevelOfCare::Op, AgeBand::Adult, "lots", "")
                .is_err()
        );
        // A schema-1 record (tracks only) gets the default ranges.
        let old: Settings =
            serde_json::from_str(r#"{"id":"settings","schema":1,"tracks":[]}"#).unwrap();
        assert_eq!(old.care_hours, s.care_hours);
    }

    #[test]
    fn unknown_track_names_are_shown_not_hidden() {
        assert_eq!(
            Settings::default().track_name("gone"),
            "gone (unknown track)"
        );
    }

    #[test]
    fn time_zone_names_are_checked_for_shape() {
        let s = Settings::default();
        assert!(s.with_programme("X", true, "America/New_York").is_ok());
        assert!(
            s.with_programme("X", true, "  ")
                .unwrap()
                .time_zone
                .is_empty()
        );
        assert!(s.with_programme("X", true, "Etc/GMT+5").is_ok());
        for bad in ["New York", "/UTC", "America/", "Zone;DROP", &"A".repeat(65)] {
            assert!(s.with_programme("X", true, bad).is_err(), "{bad}");
        }
    }
}
