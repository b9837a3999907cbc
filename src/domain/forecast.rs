//! (being written: types only)
use super::programme::Programme;
use chrono::NaiveDate;
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCount {
    pub week_start: NaiveDate,
    pub headcount: u32,
    pub joining: u32,
    pub leaving: u32,
}
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupForecast {
    pub group: String,
    pub name: String,
    pub capacity_min: u32,
    pub capacity_max: u32,
    pub weeks: Vec<WeekCount>,
}
pub fn forecast(_p: &Programme, _today: NaiveDate, _weeks: usize) -> Vec<GroupForecast> {
    vec![]
}
impl GroupForecast {
    pub fn over_capacity_weeks(&self) -> Vec<NaiveDate> {
        vec![]
    }
    pub fn under_minimum_weeks(&self) -> Vec<NaiveDate> {
        vec![]
    }
    pub fn peak(&self) -> u32 {
        0
    }
}
