//! Spreadsheet exports (RFC 4180: comma-separated, CRLF line ends, UTF-8, fields quoted when
//! they hold a comma, quote or line break), with an optional byte-order mark so spreadsheet
//! apps read the UTF-8 right.
//!
//! Every cell goes through [`cell`], which neutralises text a spreadsheet would run as a
//! formula (OWASP "CSV injection": a leading `=`, `+`, `-`, `@`, tab, carriage return or NUL
//! gets a leading apostrophe). Keep-apart reasons and free-text notes are never exported here:
//! they are clinical detail that does not belong in a spreadsheet passed around for billing.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::coverage::{SessionIndex, weekly_hours};
use crate::domain::dates::{clock, end_time, week_start};
use crate::domain::people::client::Client;
use crate::domain::programme::Programme;
use crate::domain::sorting;

/// The UTF-8 byte-order mark some spreadsheet apps need to read UTF-8.
pub const BOM: &str = "\u{feff}";

/// One cell as written: neutralised against formula injection, quoted when needed.
pub fn cell(text: &str) -> String {
    let risky = text
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r' | '\0'));
    let text = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A whole file: the header and the rows, CRLF after every line, with the byte-order mark
/// first when `bom` is set.
pub fn table(header: &[&str], rows: &[Vec<String>], bom: bool) -> String {
    let mut out = String::new();
    if bom {
        out.push_str(BOM);
    }
    let mut line = |cells: &mut dyn Iterator<Item = String>| {
        let cells: Vec<String> = cells.map(|c| cell(&c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(|h| h.to_string()));
    for row in rows {
        line(&mut row.iter().cloned());
    }
    out
}

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_string()
}

fn by_name(p: &Programme) -> Vec<&Client> {
    let mut clients: Vec<&Client> = p.clients.values().collect();
    sorting::sort_by(&mut clients, |a, b| {
        (a.full_name.to_lowercase(), &a.id).cmp(&(b.full_name.to_lowercase(), &b.id))
    });
    clients
}

/// Every client (archived ones marked): names, track, level of care and dates. No notes.
pub fn clients(p: &Programme, bom: bool) -> String {
    let rows: Vec<Vec<String>> = by_name(p)
        .into_iter()
        .map(|c| {
            vec![
                c.full_name.clone(),
                c.preferred_name.clone(),
                c.pronouns.clone(),
                c.age_band.label().to_string(),
                p.settings
                    .track(&c.track)
                    .map_or_else(|| c.track.clone(), |t| t.name.clone()),
                c.level_of_care.label().to_string(),
                c.admission_date.to_string(),
                c.expected_discharge
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                yes_no(c.archived),
            ]
        })
        .collect();
    table(
        &[
            "Full name",
            "Preferred name",
            "Pronouns",
            "Age band",
            "Track",
            "Level of care",
            "Admitted",
            "Expected discharge",
            "Archived",
        ],
        &rows,
        bom,
    )
}

/// Every group's roster on `date`: one line per member, groups by name, members by name.
pub fn rosters(p: &Programme, date: NaiveDate, bom: bool) -> String {
    let mut groups: Vec<_> = p.groups.values().filter(|g| g.runs_on(date)).collect();
    sorting::sort_by(&mut groups, |a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    let mut rows = Vec::new();
    for g in groups {
        let mut members: Vec<_> = p
            .memberships
            .values()
            .filter(|m| m.group == g.id && m.active_on(date))
            .filter_map(|m| p.clients.get(&m.client).map(|c| (c, m)))
            .collect();
        sorting::sort_by(&mut members, |(a, _), (b, _)| {
            a.full_name.to_lowercase().cmp(&b.full_name.to_lowercase())
        });
        for (c, m) in members {
            rows.push(vec![
                g.name.clone(),
                c.full_name.clone(),
                m.join.to_string(),
                m.leave.map(|d| d.to_string()).unwrap_or_default(),
            ]);
        }
    }
    table(
        &["Group", "Client", "Joined", "Leaves (first day away)"],
        &rows,
        bom,
    )
}

/// Sessions dated `from` to `to`, in date order, with what each delivered.
pub fn sessions(p: &Programme, from: NaiveDate, to: NaiveDate, bom: bool) -> String {
    let mut list: Vec<_> = p
        .sessions
        .values()
        .filter(|s| from <= s.date && s.date <= to)
        .collect();
    sorting::sort_by(&mut list, |a, b| {
        (a.date, a.start, p.group_name(&a.group)).cmp(&(b.date, b.start, p.group_name(&b.group)))
    });
    let rows: Vec<Vec<String>> = list
        .into_iter()
        .map(|s| {
            let present = s.attendance.values().filter(|a| a.mark.present()).count();
            vec![
                s.date.to_string(),
                clock(s.start),
                clock(end_time(s.start, s.minutes)),
                p.group_name(&s.group),
                s.topic
                    .as_deref()
                    .map(|t| p.topic_title(t))
                    .unwrap_or_default(),
                s.practice
                    .as_deref()
                    .map(|t| p.topic_title(t))
                    .unwrap_or_default(),
                yes_no(s.cancelled),
                s.attendance.len().to_string(),
                present.to_string(),
            ]
        })
        .collect();
    table(
        &[
            "Date",
            "Start",
            "End",
            "Group",
            "Topic",
            "Skills practice",
            "Cancelled",
            "Marked",
            "Present",
        ],
        &rows,
        bom,
    )
}

/// Attendance at the sessions dated `from` to `to`: one line per mark (clients and family
/// members in family groups), with the minutes present.
pub fn attendance(p: &Programme, from: NaiveDate, to: NaiveDate, bom: bool) -> String {
    let mut list: Vec<_> = p
        .sessions
        .values()
        .filter(|s| from <= s.date && s.date <= to && !s.cancelled)
        .collect();
    sorting::sort_by(&mut list, |a, b| {
        (a.date, a.start, p.group_name(&a.group)).cmp(&(b.date, b.start, p.group_name(&b.group)))
    });
    let mut rows = Vec::new();
    for s in list {
        let mut marks: Vec<(String, &str, String, String)> = s
            .attendance
            .iter()
            .map(|(who, a)| {
                let (name, role) = match p.family_members.get(who) {
                    Some(f) => (f.name.clone(), "family member"),
                    None => (
                        p.clients
                            .get(&crate::domain::ClientId(who.clone()))
                            .map_or_else(
                                || "(removed client)".to_string(),
                                |c| c.full_name.clone(),
                            ),
                        "client",
                    ),
                };
                (
                    name,
                    role,
                    a.mark.label().to_string(),
                    s.minutes_present(who).to_string(),
                )
            })
            .collect();
        sorting::sort(&mut marks);
        for (name, role, mark, minutes) in marks {
            rows.push(vec![
                s.date.to_string(),
                clock(s.start),
                p.group_name(&s.group),
                s.topic
                    .as_deref()
                    .map(|t| p.topic_title(t))
                    .unwrap_or_default(),
                name,
                role.to_string(),
                mark,
                minutes,
                s.minutes.to_string(),
            ]);
        }
    }
    table(
        &[
            "Date",
            "Start",
            "Group",
            "Topic",
            "Name",
            "Role",
            "Attendance",
            "Minutes present",
            "Session minutes",
        ],
        &rows,
        bom,
    )
}

/// Attended against scheduled hours per client per week, for the weeks from `from`'s to
/// `to`'s: what utilisation review and billing ask for. Clients with nothing scheduled and
/// nothing attended in a week are left out of that week.
pub fn weekly_hours_table(
    p: &Programme,
    idx: &SessionIndex,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    bom: bool,
) -> String {
    let (first, last) = (week_start(from), week_start(to) + Days::new(6));
    let hours = |m: u32| format!("{:.2}", f64::from(m) / 60.0);
    let mut rows: Vec<(NaiveDate, String, Vec<String>)> = Vec::new();
    for c in by_name(p) {
        for w in weekly_hours(p, idx, &c.id, first, last, today) {
            if w.attended_minutes == 0 && w.scheduled_minutes == 0 {
                continue;
            }
            let r = p.settings.hours_for(c.level_of_care, c.age_band);
            let range = match (r.min_minutes, r.below_minutes) {
                (Some(a), Some(b)) => format!("{} to under {}", a / 60, b / 60),
                (Some(a), None) => format!("{} or more", a / 60),
                (None, Some(b)) => format!("under {}", b / 60),
                (None, None) => String::new(),
            };
            rows.push((
                w.week,
                c.full_name.to_lowercase(),
                vec![
                    w.week.to_string(),
                    format!("{}", w.week.iso_week().week()),
                    c.full_name.clone(),
                    c.level_of_care.label().to_string(),
                    range,
                    hours(w.scheduled_minutes),
                    hours(w.attended_minutes),
                    w.warning.unwrap_or_default(),
                ],
            ));
        }
    }
    sorting::sort_by(&mut rows, |a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let rows: Vec<Vec<String>> = rows.into_iter().map(|(_, _, r)| r).collect();
    table(
        &[
            "Week of",
            "ISO week",
            "Client",
            "Level of care",
            "Hours expected per week",
            "Scheduled hours",
            "Attended hours",
            "Note",
        ],
        &rows,
        bom,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sample::{SampleParams, generate};

    #[test]
    fn cells_are_neutralised_and_quoted_as_rfc_4180_and_owasp_ask() {
        for (raw, written) in [
            ("Ana", "Ana"),
            ("", ""),
            ("=1+2", "'=1+2"),
            ("+1 555", "'+1 555"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("\0x", "'\0x"),
            ("Lopez, Ana", "\"Lopez, Ana\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (
                "=HYPERLINK(\"x\",\"y\")",
                "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"",
            ),
            ("María José", "María José"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(cell(raw), written, "{raw:?}");
        }
    }

    #[test]
    fn files_have_a_header_crlf_lines_and_an_optional_bom() {
        let rows = vec![vec!["a".to_string(), "b,c".to_string()]];
        assert_eq!(table(&["X", "Y"], &rows, false), "X,Y\r\na,\"b,c\"\r\n");
        assert_eq!(
            table(&["X", "Y"], &rows, true),
            "\u{feff}X,Y\r\na,\"b,c\"\r\n"
        );
    }

    #[test]
    fn exports_of_the_sample_hold_what_they_say_and_no_keep_apart_reason() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let p = generate(&SampleParams::demo(), today, "x-");
        let idx = crate::domain::coverage::index(&p);
        let from = today - Days::new(28);
        let files = [
            clients(&p, false),
            rosters(&p, today, false),
            sessions(&p, from, today, false),
            attendance(&p, from, today, false),
            weekly_hours_table(&p, &idx, from, today, today, false),
        ];
        for (file, lines) in files.iter().zip([
            p.clients.len() + 1,
            p.memberships
                .values()
                .filter(|m| m.active_on(today))
                .count()
                + 1,
            0,
            0,
            0,
        ]) {
            assert!(file.ends_with("\r\n"));
            assert!(!file.contains('\u{feff}'));
            if lines > 0 {
                assert_eq!(file.matches("\r\n").count(), lines, "{}", &file[..80]);
            } else {
                assert!(file.matches("\r\n").count() > 10, "{}", &file[..80]);
            }
            for k in p.keep_apart.values() {
                assert!(
                    !file.contains(&k.reason),
                    "keep-apart reason in {}",
                    &file[..40]
                );
            }
            for c in p.clients.values().filter(|c| !c.notes.is_empty()) {
                assert!(!file.contains(&c.notes));
            }
        }
        // Attendance lists family members in family groups as such.
        assert!(files[3].contains(",family member,"));
        // Hours: every line has its eight cells, read back as a spreadsheet would.
        for line in files[4].split("\r\n").skip(1).filter(|l| !l.is_empty()) {
            let cells = read_line(line);
            assert_eq!(cells.len(), 8, "{line}");
            assert!(cells[5].parse::<f64>().is_ok() && cells[6].parse::<f64>().is_ok());
        }
    }

    /// One line of RFC 4180 CSV read back (a field may be quoted, `""` inside is a quote).
    fn read_line(line: &str) -> Vec<String> {
        let mut cells = vec![String::new()];
        let (mut quoted, mut chars) = (false, line.chars().peekable());
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    cells.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => cells.push(String::new()),
                (c, _) => cells.last_mut().unwrap().push(c),
            }
        }
        cells
    }

    #[test]
    fn what_is_written_reads_back_as_the_cells_given_neutralised() {
        let row = vec![
            "Lopez, Ana".to_string(),
            "say \"hi\"".to_string(),
            "=cmd|' /C calc'!A0".to_string(),
            "plain".to_string(),
        ];
        let file = table(&["A", "B", "C", "D"], std::slice::from_ref(&row), false);
        let line = file.split("\r\n").nth(1).unwrap();
        assert_eq!(
            read_line(line),
            ["Lopez, Ana", "say \"hi\"", "'=cmd|' /C calc'!A0", "plain"]
        );
    }
}
