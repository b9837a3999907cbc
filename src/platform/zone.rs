//! Time-zone offsets from the browser's `Intl` (its IANA database), for calendar files: the
//! domain's [`Zone`] without shipping a time-zone database in the wasm.

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::domain::export::ics::Zone;

/// A time zone the browser knows.
pub struct BrowserZone {
    name: String,
    parts: Function,
    format: JsValue,
}

fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(target, &JsValue::from_str(key))
}

/// The browser's own time zone ("America/New_York"), or "UTC" when it does not say.
pub fn browser_zone_name() -> String {
    (|| -> Result<String, JsValue> {
        let intl = get(&js_sys::global(), "Intl")?;
        let ctor: Function = get(&intl, "DateTimeFormat")?.dyn_into()?;
        let format = Reflect::construct(&ctor, &Array::new())?;
        let resolved: Function = get(&format, "resolvedOptions")?.dyn_into()?;
        let options = resolved.call0(&format)?;
        get(&options, "timeZone")?
            .as_string()
            .ok_or_else(|| JsValue::from_str("no zone"))
    })()
    .unwrap_or_else(|_| "UTC".into())
}

impl BrowserZone {
    /// The zone named `name` (empty: the browser's own), or a message when the browser does
    /// not know it.
    pub fn new(name: &str) -> Result<BrowserZone, String> {
        let name = if name.trim().is_empty() {
            browser_zone_name()
        } else {
            name.trim().to_string()
        };
        let unknown = || {
            format!(
                "This browser does not know the time zone \"{name}\". Correct it in Settings, Programme."
            )
        };
        let intl = get(&js_sys::global(), "Intl").map_err(|_| unknown())?;
        let ctor: Function = get(&intl, "DateTimeFormat")
            .ok()
            .and_then(|c| c.dyn_into().ok())
            .ok_or_else(unknown)?;
        let options = Object::new();
        for (k, v) in [
            ("timeZone", name.as_str()),
            ("hourCycle", "h23"),
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
            ("hour", "numeric"),
            ("minute", "numeric"),
            ("second", "numeric"),
        ] {
            let _ = Reflect::set(&options, &k.into(), &v.into());
        }
        // A name the browser does not know throws a RangeError, caught here.
        let format = Reflect::construct(&ctor, &Array::of2(&"en-US".into(), &options))
            .map_err(|_| unknown())?;
        let parts: Function = get(&format, "formatToParts")
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(unknown)?;
        Ok(BrowserZone {
            name,
            parts,
            format,
        })
    }

    fn local(&self, utc: NaiveDateTime) -> Option<NaiveDateTime> {
        let ms = utc.and_utc().timestamp_millis() as f64;
        let date = js_sys::Date::new(&JsValue::from_f64(ms));
        let parts: Array = self
            .parts
            .call1(&self.format, &date)
            .ok()?
            .dyn_into()
            .ok()?;
        let mut field = [0i64; 6];
        for part in parts.iter() {
            let kind = get(&part, "type").ok()?.as_string()?;
            let slot = match kind.as_str() {
                "year" => 0,
                "month" => 1,
                "day" => 2,
                "hour" => 3,
                "minute" => 4,
                "second" => 5,
                _ => continue,
            };
            field[slot] = get(&part, "value").ok()?.as_string()?.parse().ok()?;
        }
        NaiveDate::from_ymd_opt(field[0] as i32, field[1] as u32, field[2] as u32)?.and_hms_opt(
            field[3] as u32 % 24,
            field[4] as u32,
            field[5] as u32,
        )
    }
}

impl Zone for BrowserZone {
    fn tzid(&self) -> &str {
        &self.name
    }

    fn offset_minutes(&self, utc: NaiveDateTime) -> i32 {
        // Whole seconds: the browser formats to the second.
        let utc = utc.with_nanosecond(0).unwrap_or(utc);
        self.local(utc)
            .map(|l| (l - utc).num_minutes() as i32)
            .unwrap_or(0)
    }
}
