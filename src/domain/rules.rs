//! (being written: types only, so the UI compiles while the checks are written)
use super::client::{Client, ClientId};
use super::group::Group;
use super::programme::Programme;
use chrono::NaiveDate;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleKind {
    OverCapacity,
    UnderMinimum,
    KeepApart,
    TrackMismatch,
    AgeBandMismatch,
    GenderMismatch,
    ClientTimeClash,
    StaffDoubleBooked,
    RoomDoubleBooked,
    HoursOutOfRange,
    OutsideAdmission,
    OutsideGroupDates,
    AdmissionRule,
    UnknownReference,
}
impl RuleKind {
    pub fn is_hard(self) -> bool {
        !matches!(self, RuleKind::UnderMinimum | RuleKind::HoursOutOfRange)
    }
    pub fn title(self) -> &'static str {
        "Rule"
    }
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: RuleKind,
    pub clients: Vec<ClientId>,
    pub groups: Vec<String>,
    pub staff: Vec<String>,
    pub rooms: Vec<String>,
    pub message: String,
    pub fix: String,
}
impl Violation {
    pub fn concerns_client(&self, id: &ClientId) -> bool {
        self.clients.contains(id)
    }
    pub fn concerns_group(&self, id: &str) -> bool {
        self.groups.iter().any(|g| g == id)
    }
}
pub fn check(_p: &Programme, _date: NaiveDate) -> Vec<Violation> {
    vec![]
}
pub fn check_client(p: &Programme, date: NaiveDate, client: &ClientId) -> Vec<Violation> {
    check(p, date)
        .into_iter()
        .filter(|v| v.concerns_client(client))
        .collect()
}
pub fn check_group(p: &Programme, date: NaiveDate, group: &str) -> Vec<Violation> {
    check(p, date)
        .into_iter()
        .filter(|v| v.concerns_group(group))
        .collect()
}
pub fn misfits(
    _p: &Programme,
    _c: &Client,
    _g: &Group,
    _j: NaiveDate,
    _l: Option<NaiveDate>,
) -> Vec<(RuleKind, String)> {
    vec![]
}
