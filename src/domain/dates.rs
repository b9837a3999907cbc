//! Calendar dates as the product shows, types and stores them: `YYYY-MM-DD` in forms and
//! storage, "27 Nov 2026" in messages.

use chrono::{Datelike, NaiveDate};

/// Human date used in messages, e.g. "27 Nov 2026".
pub fn human_date(d: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
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

/// Dates stored as `YYYY-MM-DD` strings, read with [`parse_date`] (chrono's general parser
/// would add several kilobytes of wasm for this one format).
pub mod iso_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(date)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let raw = String::deserialize(d)?;
        super::parse_date(&raw).ok_or_else(|| D::Error::custom(format!("invalid date {raw:?}")))
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
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
