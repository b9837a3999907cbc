//! The flash message: a short confirmation an action leaves for the page it navigates to, shown
//! once there (by the shell's live region, `shell::FlashMessage`) and dropped on leaving it.

use leptos::prelude::*;

/// A short confirmation shown once on the page the user lands on after an action.
#[derive(Clone, Debug, PartialEq)]
pub struct Flash {
    pub message: String,
    pub path: String,
}

/// Access to the flash message, from context.
#[derive(Clone, Copy)]
pub struct Flasher(RwSignal<Option<Flash>>);

impl Flasher {
    /// Show `message` on the page at `path` (the page about to be navigated to).
    pub fn show(&self, message: impl Into<String>, path: impl Into<String>) {
        self.0.set(Some(Flash {
            message: message.into(),
            path: path.into(),
        }));
    }
}

/// Create the flash message state and provide it to everything below.
pub fn provide_flash() -> RwSignal<Option<Flash>> {
    let flash = RwSignal::new(None::<Flash>);
    provide_context(Flasher(flash));
    flash
}

/// The [`Flasher`] from context.
pub fn use_flash() -> Flasher {
    expect_context::<Flasher>()
}
