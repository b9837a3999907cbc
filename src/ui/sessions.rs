//! Session-agenda planning, calendar side: a group's curriculum and dated sessions, one
//! session's agenda and attendance, printable sheets, coverage, and the week schedule.

mod agenda;
mod attendance;
mod coverage;
mod month_sheet;
mod plan;
mod print;
mod row;
mod session;
mod week;

pub use coverage::{ClientCoverage, GroupCoverage};
pub use month_sheet::GroupMonthSheet;
pub use plan::GroupSessions;
pub use print::{FacilitatorSheet, SignInSheet};
pub use row::SessionRow;
pub use session::SessionPage;
pub use week::WeekSchedule;
