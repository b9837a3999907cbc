"""The independent iCalendar check (run by `make test`).

Reads the calendars the app wrote (`target/ics-check/manifest.json`, from the native test
`write_calendars_for_the_independent_check`) with Python's `icalendar` and expands every series
with `recurring-ical-events`, code that shares nothing with the app. For each file it checks:

* the structure RFC 5545 asks for: CRLF lines of at most 75 octets, every VEVENT with UID,
  DTSTAMP and DTSTART, a VTIMEZONE for every TZID used, UNTIL in UTC, no RRULE with both COUNT
  and UNTIL;
* the occurrences: expanded over the file's range, exactly the meetings the app shows (local
  start and end), across the clock changes in the range;
* the time zone: the file's own VTIMEZONE gives every occurrence the same UTC instant as the
  IANA database (so a calendar that trusts the VTIMEZONE, like Outlook, shows the same times).
"""

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events


def fail(file, message):
    print(f"ics check: {file}: {message}", file=sys.stderr)
    sys.exit(1)


def check_lines(file, raw):
    if b"\n" in raw.replace(b"\r\n", b""):
        fail(file, "a line ends without CR LF")
    for n, line in enumerate(raw.split(b"\r\n"), 1):
        if len(line) > 75:
            fail(file, f"line {n} has {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            fail(file, f"line {n} splits a UTF-8 character")


def check_file(directory, entry):
    file = entry["file"]
    raw = (directory / file).read_bytes()
    check_lines(file, raw)
    cal = icalendar.Calendar.from_ical(raw)
    zone = ZoneInfo(entry["zone"])
    tzids = {tz["TZID"] for tz in cal.walk("VTIMEZONE")}
    own_zone = None
    for tz in cal.walk("VTIMEZONE"):
        own_zone = tz.to_tz(lookup_tzid=False)
    events = cal.walk("VEVENT")
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART"):
            if prop not in event:
                fail(file, f"a VEVENT has no {prop}")
        start = event["DTSTART"]
        tzid = start.params.get("TZID")
        if tzid not in tzids:
            fail(file, f"TZID {tzid} has no VTIMEZONE")
        if "RRULE" in event:
            rule = event["RRULE"]
            if "COUNT" in rule and "UNTIL" in rule:
                fail(file, "an RRULE has both COUNT and UNTIL")
            for until in rule.get("UNTIL", []):
                if until.tzinfo is None or until.utcoffset() != timedelta(0):
                    fail(file, f"UNTIL {until} is not in UTC")
    first = datetime.fromisoformat(entry["from"]).replace(tzinfo=zone)
    last = datetime.fromisoformat(entry["to"]).replace(tzinfo=zone) + timedelta(days=1)
    found = []
    for occurrence in recurring_ical_events.of(cal).between(first, last):
        start = occurrence["DTSTART"].dt
        end = occurrence["DTEND"].dt
        local_start = start.astimezone(zone)
        local_end = end.astimezone(zone)
        found.append([local_start.strftime("%Y-%m-%dT%H:%M"), local_end.strftime("%Y-%m-%dT%H:%M")])
        if own_zone is not None:
            wall = local_start.replace(tzinfo=None)
            by_file = wall.replace(tzinfo=own_zone).astimezone(ZoneInfo("UTC"))
            by_iana = wall.replace(tzinfo=zone).astimezone(ZoneInfo("UTC"))
            if by_file != by_iana:
                fail(file, f"{wall}: the file's VTIMEZONE gives {by_file}, the IANA database {by_iana}")
    found.sort()
    expected = sorted(entry["expected"])
    if found != expected:
        missing = [e for e in expected if e not in found][:5]
        extra = [f for f in found if f not in expected][:5]
        fail(file, f"occurrences differ: {len(found)} found, {len(expected)} expected; missing {missing}, extra {extra}")
    return len(found)


def main():
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "target/ics-check")
    manifest = json.loads((directory / "manifest.json").read_text())
    total = 0
    for entry in manifest:
        total += check_file(directory, entry)
    dst_weeks = 0
    for entry in manifest:
        for start, _ in entry["expected"]:
            day = datetime.fromisoformat(start).date()
            zone = ZoneInfo(entry["zone"])
            before = datetime.combine(day - timedelta(days=7), datetime.min.time(), zone).utcoffset()
            after = datetime.combine(day, datetime.min.time(), zone).utcoffset()
            if before != after:
                dst_weeks += 1
    if dst_weeks == 0:
        fail("manifest", "no occurrence falls in the week after a clock change")
    print(f"ics check: {len(manifest)} calendars, {total} occurrences ({dst_weeks} in the week after a clock change) match the app")


if __name__ == "__main__":
    main()
