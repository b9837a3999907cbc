//! State derived from the programme once per change and shared by every screen: today's date
//! (one clock for the whole app, moving at midnight), the roster rule results for today and
//! the session index that coverage, attendance hours and entry warnings read. The computations
//! themselves are the domain's (`rules::check`, `coverage::index`); this module only decides
//! when they run, so two screens never compute the same thing for the same change. Memos are
//! lazy: nothing is computed until a screen reads it.

use std::time::Duration;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::actions::{App, use_app};
use crate::domain::coverage::{self, SessionIndex};
use crate::domain::{ClientId, Programme, rules, rules::Violation};
use crate::platform;

/// Shared derived state, from context ([`use_derived`]). Cheap to copy.
#[derive(Clone, Copy)]
pub struct Derived {
    /// Today's local date. One timer moves it at midnight; every use of "today" in the UI
    /// reads it, so a tab left open overnight shows the new day everywhere at once.
    pub today: ReadSignal<NaiveDate>,
    /// Every roster rule broken today (`rules::check`), computed once per programme change
    /// (or new day). Screens filter it (by group, by client) instead of checking again; an
    /// unchanged result does not wake them.
    pub violations: Memo<Vec<Violation>>,
    /// Sessions and memberships indexed for coverage questions (`coverage::index`), rebuilt
    /// once per programme change, the first time a screen asks after it.
    pub sessions: Memo<SessionIndex>,
    app: App,
}

impl Derived {
    /// Run `f` over the programme and its session index (both tracked).
    pub fn with_index<R>(&self, f: impl FnOnce(&Programme, &SessionIndex) -> R) -> R {
        self.sessions
            .with(|idx| self.app.programme.with(|p| f(p, idx)))
    }

    /// The violations on `day`: the shared result for today, a fresh check for other dates
    /// (the board and the Dashboard can look at any date).
    pub fn violations_on(&self, p: &Programme, day: NaiveDate) -> Vec<Violation> {
        if day == self.today.get() {
            self.violations.get()
        } else {
            rules::check(p, day)
        }
    }

    /// Today's violations concerning one group (the same as `rules::check_group` for today).
    pub fn group_violations(&self, group: &str) -> Vec<Violation> {
        self.violations.with(|all| {
            all.iter()
                .filter(|v| v.concerns_group(group))
                .cloned()
                .collect()
        })
    }

    /// Today's violations concerning one client (the same as `rules::check_client` for today).
    pub fn client_violations(&self, client: &ClientId) -> Vec<Violation> {
        self.violations.with(|all| {
            all.iter()
                .filter(|v| v.concerns_client(client))
                .cloned()
                .collect()
        })
    }
}

/// Create the shared derived state over `app` and provide it to everything below. Call once,
/// in the shell.
pub fn provide_derived(app: App) -> Derived {
    let (today, set_today) = signal(platform::today());
    tick_at_midnight(set_today);
    let violations = Memo::new(move |_| {
        let day = today.get();
        app.programme.with(|p| rules::check(p, day))
    });
    // An index is never compared with the last one (that would cost as much as building it):
    // every rebuild counts as a change.
    let sessions =
        Memo::new_with_compare(move |_| app.programme.with(coverage::index), |_, _| true);
    let derived = Derived {
        today,
        violations,
        sessions,
        app,
    };
    provide_context(derived);
    derived
}

/// The shared [`Derived`] state. Components mounted on their own (browser tests) get a fresh
/// one for their subtree.
pub fn use_derived() -> Derived {
    use_context::<Derived>().unwrap_or_else(|| provide_derived(use_app()))
}

/// Set `today` just after the next local midnight, then again the night after, and so on. The
/// date is read again when the timer fires, so a late timer (a sleeping laptop) still lands on
/// the right day; the chain stops once the signal is gone.
fn tick_at_midnight(today: WriteSignal<NaiveDate>) {
    let wait = platform::ms_until_midnight() + 1_000;
    set_timeout(
        move || {
            let now = platform::today();
            if today.try_update(|d| *d = now).is_some() {
                tick_at_midnight(today);
            }
        },
        Duration::from_millis(wait),
    );
}
