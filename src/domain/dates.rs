//! Calendar dates as the product shows, types and stores them: `YYYY-MM-DD` in forms and
//! storage, "27 Nov 2026" in messages; weekday names ("Monday", "Mon") and form codes ("mon").

use chrono::{Datelike, NaiveDate, Weekday};

// Dates and times are formatted by hand throughout: chrono's `format()` brings its format-string
// interpreter and name tables into the wasm for a handful of fixed patterns.

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month's English name, e.g. "November".
pub fn month_name(d: NaiveDate) -> &'static str {
    MONTHS[d.month0() as usize]
}

/// The first three letters of the month's name, e.g. "Nov".
fn short_month(d: NaiveDate) -> &'static str {
    month_name(d).get(..3).unwrap_or_default()
}

/// Human date used in messages, e.g. "27 Nov 2026".
pub fn human_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), short_month(d), d.year())
}

/// Day and month, e.g. "5 Nov".
pub fn day_month(d: NaiveDate) -> String {
    format!("{} {}", d.day(), short_month(d))
}

/// Month and year, e.g. "November 2026".
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", month_name(d), d.year())
}

/// The month as `YYYY-MM`, e.g. "2026-11" (sorts in calendar order).
pub fn year_month(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

/// A clock time as four digits, e.g. "0930".
pub fn hhmm(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}{:02}", t.hour(), t.minute())
}

/// The Monday of the week `d` falls in (weeks run Monday to Sunday).
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d.checked_sub_days(chrono::Days::new(u64::from(
        d.weekday().num_days_from_monday(),
    )))
    .unwrap_or(d)
}

/// The clock time `minutes` after `start`, saturating at 23:59 (nothing runs past midnight).
pub fn end_time(start: chrono::NaiveTime, minutes: u16) -> chrono::NaiveTime {
    let (end, wrapped) =
        start.overflowing_add_signed(chrono::TimeDelta::minutes(i64::from(minutes)));
    if wrapped != 0 {
        chrono::NaiveTime::from_hms_opt(23, 59, 0).unwrap_or(start)
    } else {
        end
    }
}

/// Parse `YYYY-MM-DD` (what date inputs produce). Hand-written rather than chrono's format
/// parser, which costs several kilobytes of wasm for this one pattern.
pub fn parse_date(raw: &str) -> Option<NaiveDate> {
    let mut parts = raw.trim().splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// What a form keeps for a date the person typed but the browser could not read. A date input
/// holding an impossible day such as 30 February reports `validity.badInput` and gives an
/// empty value, which would otherwise look like an optional field left empty and be dropped.
/// This never parses, so validation asks for a real date instead.
pub const UNREADABLE_DATE: &str = "unreadable date";

/// Added to every "not a valid date" message: an impossible day is the usual cause.
pub const REAL_DATE_HINT: &str = "a day that exists, e.g. 28 Feb 2026";

/// A clock time as forms and messages show it, e.g. "09:00" (no chrono formatter: it costs
/// kilobytes of wasm for this one pattern).
pub fn clock(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Parse `HH:MM` (what time inputs produce; `HH:MM:SS` is accepted and the seconds dropped).
pub fn parse_clock(raw: &str) -> Option<chrono::NaiveTime> {
    let mut parts = raw.trim().split(':');
    let (h, m) = (parts.next()?, parts.next()?);
    let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(h) && digits(m)) {
        return None;
    }
    chrono::NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Read a string field through `parse` without allocating it (start-up reads some 50,000
/// dates and times).
fn read_str<'de, D, T>(
    d: D,
    expecting: &'static str,
    parse: fn(&str) -> Option<T>,
    invalid: &'static str,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Text<T> {
        expecting: &'static str,
        parse: fn(&str) -> Option<T>,
        invalid: &'static str,
    }
    impl<T> serde::de::Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            (self.parse)(v).ok_or_else(|| E::custom(format!("{} {v:?}", self.invalid)))
        }
    }
    d.deserialize_str(Text {
        expecting,
        parse,
        invalid,
    })
}

/// Clock times stored as `HH:MM` strings, read with [`parse_clock`] (older `HH:MM:SS` values
/// still read).
pub mod clock_time {
    use chrono::NaiveTime;
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&super::clock(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        super::read_str(d, "a time as HH:MM", super::parse_clock, "invalid time")
    }
}

/// Dates stored as `YYYY-MM-DD` strings, read with [`parse_date`] (chrono's general parser
/// would add several kilobytes of wasm for this one format).
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        super::read_str(d, "a date as YYYY-MM-DD", super::parse_date, "invalid date")
    }

    /// The same for optional dates (`null` or absent = none).
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => s.collect_str(date),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            match Option::<String>::deserialize(d)? {
                None => Ok(None),
                Some(raw) => super::super::parse_date(&raw)
                    .map(Some)
                    .ok_or_else(|| D::Error::custom(format!("invalid date {raw:?}"))),
            }
        }
    }
}

/// The same for lists of dates.
pub mod iso_date_list {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error, ser::SerializeSeq};

    pub fn serialize<S: Serializer>(dates: &[NaiveDate], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(dates.len()))?;
        for date in dates {
            seq.serialize_element(&date.to_string())?;
        }
        seq.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<NaiveDate>, D::Error> {
        Vec::<String>::deserialize(d)?
            .into_iter()
            .map(|raw| {
                super::parse_date(&raw)
                    .ok_or_else(|| D::Error::custom(format!("invalid date {raw:?}")))
            })
            .collect()
    }
}

/// Weekdays in week order, with the names forms show.
pub const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "Monday"),
    (Weekday::Tue, "Tuesday"),
    (Weekday::Wed, "Wednesday"),
    (Weekday::Thu, "Thursday"),
    (Weekday::Fri, "Friday"),
    (Weekday::Sat, "Saturday"),
    (Weekday::Sun, "Sunday"),
];

/// A weekday's full name ("Monday").
pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(d, _)| *d == day)
        .map_or("", |(_, name)| name)
}

/// A weekday from its form code ("mon".."sun").
pub fn weekday_from_code(code: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .map(|(d, _)| *d)
        .find(|d| weekday_code(*d) == code)
}

/// The form code of a weekday.
pub fn weekday_code(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// "Mon", "Tue", ... for a weekday.
pub fn short_day(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_only_in_the_date_input_format() {
        assert_eq!(
            parse_date(" 2026-02-28 "),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        for bad in [
            "2026-02-29",
            "2026-2-28",
            "26-02-28",
            "2026-02-28x",
            "2026/02/28",
            "",
            "+026-02-28",
            "2026-02-30",
            UNREADABLE_DATE,
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn clock_times_read_both_stored_forms_and_refuse_nonsense() {
        let t = chrono::NaiveTime::from_hms_opt(9, 5, 0);
        assert_eq!(parse_clock("09:05"), t);
        assert_eq!(parse_clock("9:05"), t);
        assert_eq!(parse_clock("09:05:00"), t, "chrono's own serde form");
        for bad in ["", "9", "25:00", "09:60", "ab:cd", "09:5x", "-1:00"] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        assert_eq!(clock(t.unwrap()), "09:05");
        assert_eq!(hhmm(t.unwrap()), "0905");
    }

    #[test]
    fn hand_formatted_dates_read_as_chrono_would_write_them() {
        for (y, m, d) in [(2026, 1, 5), (2026, 11, 27), (2027, 9, 30), (2030, 12, 1)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(day_month(date), date.format("%-d %b").to_string());
            assert_eq!(month_year(date), date.format("%B %Y").to_string());
            assert_eq!(year_month(date), date.format("%Y-%m").to_string());
            assert_eq!(human_date(date), date.format("%-d %b %Y").to_string());
        }
        let t = chrono::NaiveTime::from_hms_opt(14, 30, 0).unwrap();
        assert_eq!(hhmm(t), t.format("%H%M").to_string());
    }
}
