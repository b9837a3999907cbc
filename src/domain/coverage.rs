//! Coverage of core topics per client under rolling admission (received, planned, missed and
//! where to catch up), attended hours per week, and warnings when a client joins a group
//! part-way through its curriculum.
//!
//! Everything reads a [`SessionIndex`] built once per programme state, so a whole caseload can
//! be checked without scanning every session for every client and topic. The index owns its
//! data (ids, dates, interned topics) and reads sessions and memberships from the programme it
//! was built from, so the app can build it once per change and share it between screens.
//!
//! The parts, in `coverage/`: `index.rs` (the [`SessionIndex`]), `states.rs` (topic states per
//! client, family member and group), `entry.rs` (entry-rule warnings) and `hours.rs` (attended
//! hours per week); `tests.rs` checks them on one small programme.

mod entry;
mod hours;
mod index;
mod states;
#[cfg(test)]
mod tests;

pub use entry::{entry_warning, entry_warnings};
pub use hours::{WeekHours, weekly_hours};
pub use index::{SessionIndex, index};
pub use states::{
    ClientCoverage, CoverageGrid, FamilyCoverage, MissReason, TopicCoverage, TopicState,
    client_coverage, family_coverage, group_core_topics, group_grid,
};
