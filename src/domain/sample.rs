//! (being written: types only)
use super::programme::Programme;
use chrono::NaiveDate;
#[derive(Debug, Clone, PartialEq)]
pub struct SampleParams {
    pub active_clients: usize,
    pub discharged_clients: usize,
    pub groups: usize,
    pub staff: usize,
    pub rooms: usize,
    pub history_weeks: u32,
    pub keep_apart_pairs: usize,
    pub planned_admissions: usize,
    pub unassigned_active: usize,
    pub seed: u64,
}
impl SampleParams {
    pub fn demo() -> SampleParams {
        SampleParams {
            active_clients: 0,
            discharged_clients: 0,
            groups: 0,
            staff: 0,
            rooms: 0,
            history_weeks: 0,
            keep_apart_pairs: 0,
            planned_admissions: 0,
            unassigned_active: 0,
            seed: 0,
        }
    }
}
pub fn generate(_params: &SampleParams, _today: NaiveDate, _id_prefix: &str) -> Programme {
    Programme::default()
}
impl SampleParams {
    pub fn large() -> SampleParams {
        Self::demo()
    }
}
pub fn without_current_memberships(p: &Programme, _date: NaiveDate) -> Programme {
    p.clone()
}
