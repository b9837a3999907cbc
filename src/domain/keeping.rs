//! How long this browser will keep the programme, in plain words: the browser's answer on
//! persistence, the space used, and what private windows and Safari do. Pure: the facts come
//! from the browser (`platform::pwa`), the wording is decided and tested here.

/// What the browser says, as far as it says anything.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StorageFacts {
    /// `Some(true)`: the browser will not evict the data without asking.
    pub persisted: Option<bool>,
    /// Bytes this site uses.
    pub usage: Option<f64>,
    /// Bytes this site may use.
    pub quota: Option<f64>,
    /// Safari, which deletes script-written data of sites unused for 7 days.
    pub safari: bool,
    /// Opened as an installed app (Home Screen, Dock, installed PWA).
    pub standalone: bool,
}

/// Below this quota, storage is most likely a private window's (kept in memory, deleted when
/// the window closes): normal windows get a share of the disk, gigabytes on any computer.
pub const PRIVATE_QUOTA_BYTES: f64 = 200.0 * 1024.0 * 1024.0;

/// The advice: one status line, what eviction means, and warnings when the data will not
/// outlive the session (or a week).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Keeping {
    /// "Kept until you remove it" or "Not guaranteed…".
    pub status: String,
    /// Space used, when the browser says.
    pub usage: Option<String>,
    /// Whether the app may ask the browser to keep the data (not yet persistent).
    pub can_ask: bool,
    /// Plain warnings for this browser and window, most serious first.
    pub warnings: Vec<String>,
}

/// The advice for `facts`.
pub fn advice(facts: &StorageFacts) -> Keeping {
    let status = match facts.persisted {
        Some(true) => "Kept: the browser has agreed not to delete this data on its own. Clearing this site's data in the browser still deletes it.".to_string(),
        Some(false) => "Not guaranteed: when the device runs low on space, the browser may delete this site's data without asking, and the whole programme with it.".to_string(),
        None => "Unknown: this browser does not say whether it keeps this site's data, so treat it as not guaranteed.".to_string(),
    };
    let usage = match (facts.usage, facts.quota) {
        (Some(used), Some(quota)) if quota > 0.0 => Some(format!(
            "Using {} of the {} this browser allows this site.",
            bytes_text(used),
            bytes_text(quota)
        )),
        (Some(used), _) => Some(format!("Using {}.", bytes_text(used))),
        _ => None,
    };
    let mut warnings = Vec::new();
    if facts
        .quota
        .is_some_and(|q| q > 0.0 && q < PRIVATE_QUOTA_BYTES)
    {
        warnings.push(format!(
            "This browser allows this site only {}, which usually means a private or incognito window. A private window deletes everything in it when it closes: download a backup before closing it, and use IOP Planner in a normal window.",
            bytes_text(facts.quota.unwrap_or_default())
        ));
    }
    if facts.safari && !facts.standalone {
        warnings.push("Safari deletes what websites store if a site is not opened for 7 days. Add IOP Planner to the Home Screen (iPhone, iPad) or to the Dock (Mac) and open it from there, and keep a recent backup.".to_string());
    }
    Keeping {
        status,
        usage,
        can_ask: facts.persisted != Some(true),
        warnings,
    }
}

/// A size in bytes, in words: "512 bytes", "1.2 MB", "2.3 GB" (1 KB = 1,024 bytes).
pub fn bytes_text(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if !bytes.is_finite() || bytes < 1024.0 {
        return format!("{} bytes", bytes.max(0.0).round() as u64);
    }
    let mut value = bytes / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(bytes_text(0.0), "0 bytes");
        assert_eq!(bytes_text(1023.0), "1023 bytes");
        assert_eq!(bytes_text(1536.0), "1.5 KB");
        assert_eq!(bytes_text(5.0 * 1024.0 * 1024.0), "5.0 MB");
        assert_eq!(bytes_text(300.0 * 1024.0 * 1024.0 * 1024.0), "300 GB");
        assert_eq!(bytes_text(f64::NAN), "0 bytes");
    }

    #[test]
    fn persistent_storage_needs_no_asking_and_no_warning() {
        let keeping = advice(&StorageFacts {
            persisted: Some(true),
            usage: Some(2048.0),
            quota: Some(50e9),
            ..StorageFacts::default()
        });
        assert!(keeping.status.starts_with("Kept"));
        assert!(!keeping.can_ask);
        assert!(keeping.warnings.is_empty());
        assert_eq!(
            keeping.usage.as_deref(),
            Some("Using 2.0 KB of the 46.6 GB this browser allows this site.")
        );
    }

    #[test]
    fn a_small_quota_and_safari_are_warned_about() {
        let keeping = advice(&StorageFacts {
            persisted: Some(false),
            usage: Some(10.0),
            quota: Some(100.0 * 1024.0 * 1024.0),
            safari: true,
            standalone: false,
        });
        assert!(keeping.status.starts_with("Not guaranteed"));
        assert!(keeping.can_ask);
        assert_eq!(keeping.warnings.len(), 2);
        assert!(keeping.warnings[0].contains("private or incognito window"));
        assert!(keeping.warnings[1].contains("7 days"));
        // Installed on the Home Screen, Safari keeps it.
        let installed = advice(&StorageFacts {
            safari: true,
            standalone: true,
            quota: Some(50e9),
            ..StorageFacts::default()
        });
        assert!(installed.warnings.is_empty());
        assert!(installed.status.starts_with("Unknown"));
    }
}
