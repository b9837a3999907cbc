//! Group-roster building: groups, the roster board, staff and rooms, with the live rule checks
//! shown where the person works.

mod assign;
mod board;
mod forecast;
mod group;
mod rooms;
mod staff;

pub use board::RosterBoard;
pub use group::{GroupDetail, GroupList, NewGroup};
pub use rooms::RoomsPage;
pub use staff::StaffPage;

use leptos::prelude::*;
use leptos_router::components::A;

/// One membership as a table row, on a group's page (the client's side) or a client's page
/// (the group's side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    /// The membership's id.
    pub id: String,
    /// The other side's id (a client on a group page, a group on a client page).
    pub other: String,
    /// The other side's name as shown.
    pub name: String,
    pub join: chrono::NaiveDate,
    pub leave: Option<chrono::NaiveDate>,
    pub reason: String,
    /// Whether it runs on the day looked at.
    pub active: bool,
    /// "Planned", "Current" or "Ended" on that day.
    pub status: &'static str,
}

/// Links between the roster pages.
#[component]
pub fn RosterNav() -> impl IntoView {
    view! {
        <nav class="sub-nav" aria-label="Groups and rosters">
            <ul>
                <li><A href="/groups" exact=true>"Groups"</A></li>
                <li><A href="/groups/board">"Roster board"</A></li>
                <li><A href="/groups/staff">"Staff"</A></li>
                <li><A href="/groups/rooms">"Rooms"</A></li>
            </ul>
        </nav>
    }
}

/// `(id, name)` options for a select, with a first "none" entry.
pub fn options_with_none(
    none: &str,
    items: impl IntoIterator<Item = (String, String)>,
) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(items)
        .collect()
}
