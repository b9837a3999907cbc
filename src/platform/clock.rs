//! The browser's clock: today's local date (the UI reads it through
//! [`crate::ui::derived::Derived::today`], the shared clock), the next midnight, and now in UTC.

use chrono::NaiveDate;

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Milliseconds from now until the next local midnight.
pub fn ms_until_midnight() -> u64 {
    let now = js_sys::Date::new_0();
    let next = js_sys::Date::new_with_year_month_day(
        now.get_full_year(),
        now.get_month() as i32,
        now.get_date() as i32 + 1,
    );
    (next.get_time() - now.get_time()).max(0.0) as u64
}

/// Now, in UTC, to the second.
pub fn now_utc_time() -> chrono::NaiveDateTime {
    let ms = js_sys::Date::now() as i64;
    chrono::DateTime::from_timestamp_millis(ms - ms % 1000)
        .map(|d| d.naive_utc())
        .unwrap_or_default()
}

/// Now, in UTC, as RFC 3339 to the second ("2026-12-02T09:30:00Z").
pub fn now_utc() -> String {
    let t = now_utc_time();
    format!("{}T{}Z", t.date(), t.time())
}
