use chrono::{Days, NaiveDate};

use super::*;
use crate::domain::sample::{SampleParams, generate};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 12, 2)
}

/// The demo programme and a family member with a consent in force and something to see.
fn sample() -> (Programme, String) {
    let p = generate(&SampleParams::demo(), today(), "sh-");
    let member = p
        .family_members
        .values()
        .find(|m| {
            !bases(&p, &m.id, today()).is_empty()
                && family_view(&p, &m.id, today(), today() + Days::new(90))
                    .is_some_and(|v| !v.items.is_empty())
        })
        .expect("a family member with a consent and sessions")
        .id
        .clone();
    (p, member)
}

#[test]
fn a_payload_round_trips_and_a_three_month_schedule_stays_small() {
    let (p, member) = sample();
    let (payload, bases) = payload(
        &p,
        &member,
        today(),
        today() + Days::new(90),
        today() + Days::new(90),
        today(),
        "America/New_York",
    )
    .unwrap();
    assert!(!bases.is_empty());
    assert!(payload.expires <= bases.iter().map(|b| b.until).min().unwrap());
    assert_eq!(
        payload.notice,
        crate::domain::families::projection::PART2_NOTICE
    );
    assert!(!payload.scopes.is_empty());
    let bytes = to_bytes(&payload);
    assert_eq!(
        from_bytes(&bytes, today()),
        Some(Opened::Schedule(payload.clone()))
    );
    // The JSON of three months before compression (the browser deflates it further).
    assert!(bytes.len() < 4000, "{} bytes", bytes.len());
    // Past its last day: expired, with the date.
    let late = payload.expires + Days::new(1);
    assert_eq!(
        from_bytes(&bytes, late),
        Some(Opened::Expired(payload.expires))
    );
    // Nothing about other clients or staff notes.
    let text = String::from_utf8(bytes).unwrap();
    for c in p.clients.values() {
        assert!(
            !text.contains(&c.full_name),
            "a client's full name in the payload"
        );
    }
}

#[test]
fn a_link_never_outlives_the_consent_and_needs_one_in_force() {
    let (mut p, member) = sample();
    let until = bases(&p, &member, today())
        .iter()
        .map(|b| b.until)
        .min()
        .unwrap();
    let (payload, _) = payload(
        &p,
        &member,
        today(),
        today() + Days::new(30),
        until + Days::new(400),
        today(),
        "UTC",
    )
    .unwrap();
    assert!(payload.expires <= until);
    assert!(payload.expires <= today() + Days::new(MAX_DAYS));
    // Revoked: no link, and a reason.
    for c in p.consents.values_mut().filter(|c| c.recipient == member) {
        c.revoked = Some(crate::domain::families::consent::Revocation {
            on: today() - Days::new(1),
            how: "in writing".into(),
        });
    }
    let err = super::payload(
        &p,
        &member,
        today(),
        today() + Days::new(30),
        today() + Days::new(30),
        today(),
        "UTC",
    )
    .unwrap_err();
    assert!(err.contains("No consent in force"), "{err}");
}

#[test]
fn bad_ranges_are_refused_with_a_reason() {
    let (p, member) = sample();
    let t = today();
    let cases = [
        (t, t - Days::new(1), t, "must not be before"),
        (
            t,
            t + Days::new(120),
            t + Days::new(10),
            "at most three months",
        ),
        (
            t,
            t + Days::new(10),
            t - Days::new(1),
            "valid at least until today",
        ),
    ];
    for (from, to, exp, want) in cases {
        let err = payload(&p, &member, from, to, exp, t, "UTC").unwrap_err();
        assert!(err.contains(want), "{err}");
    }
    assert!(payload(&p, "nobody", t, t, t, t, "UTC").is_err());
}

#[test]
fn fragments_round_trip_and_anything_else_is_damaged() {
    use base64::Engine as _;
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let data: Vec<u8> = (0..80).collect();
    let key = [7u8; KEY_BYTES];
    let mut public = vec![4u8; PUBLIC_KEY_BYTES];
    public[1] = 9;
    let signed = Signature {
        public,
        signature: vec![3u8; SIGNATURE_BYTES],
    };
    let url = link("https://example.org/iop/", &data, &key, &signed);
    assert!(url.starts_with("https://example.org/iop/family.html#2."));
    let fragment = url.split_once('#').unwrap().1;
    let want = Fragment {
        data: data.clone(),
        key: key.to_vec(),
        signed: Some(signed.clone()),
    };
    assert_eq!(parse_fragment(fragment), Some(want.clone()));
    assert_eq!(parse_fragment(&format!("#{fragment}")), Some(want));
    // A link made before links were signed still reads, as unsigned.
    let old = format!("1.{}.{}", b64(&data), b64(&key));
    assert_eq!(
        parse_fragment(&old),
        Some(Fragment {
            data: data.clone(),
            key: key.to_vec(),
            signed: None
        })
    );
    // The signature covers the data and the key.
    let message = signed_message(&data, &key);
    assert!(message.ends_with(&key) && message.len() > data.len() + key.len());
    let short_signature = format!(
        "2.{}.{}.{}.{}",
        b64(&data),
        b64(&key),
        b64(&signed.public),
        b64(&[3u8; 10])
    );
    let not_a_point = format!(
        "2.{}.{}.{}.{}",
        b64(&data),
        b64(&key),
        b64(&[5u8; PUBLIC_KEY_BYTES]),
        b64(&signed.signature)
    );
    let unsigned_as_2 = format!("2.{}.{}", b64(&data), b64(&key));
    for bad in [
        "",
        "1",
        "2.AAAA.AAAA",
        &fragment[..fragment.len() - 3],
        &format!("{fragment}.x"),
        &fragment.replace('.', ","),
        "1.!!!!.AAAAAAAAAAAAAAAAAAAAAA",
        &short_signature,
        &not_a_point,
        &unsigned_as_2,
        &format!("3{}", &fragment[1..]),
    ] {
        assert_eq!(parse_fragment(bad), None, "{bad}");
    }
    for junk in [&b"{}"[..], b"not json", b"{\"v\":2}", b""] {
        assert_eq!(from_bytes(junk, today()), None);
    }
}

#[test]
fn addresses_a_phone_cannot_reach_are_named() {
    for local in [
        "http://127.0.0.1:8080/",
        "http://localhost:8080",
        "file:///home/me/dist/index.html",
        "http://app.localhost/",
    ] {
        assert!(
            unreachable_address(local)
                .unwrap()
                .contains("only this computer"),
            "{local}"
        );
    }
    assert!(
        unreachable_address("http://example.org/")
            .unwrap()
            .contains("not https")
    );
    assert_eq!(
        unreachable_address("https://iop.example.org/planner/"),
        None
    );
}

#[test]
fn a_link_becomes_a_qr_code_with_its_quiet_zone() {
    let short = qr_svg("https://example.org/family.html#1.abc.def").unwrap();
    let long_link = format!(
        "https://example.org/family.html#1.{}.{}",
        "A".repeat(1300),
        "B".repeat(22)
    );
    let long = qr_svg(&long_link).unwrap();
    let width = |svg: &str| -> usize {
        svg.split("viewBox=\"0 0 ")
            .nth(1)
            .unwrap()
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    // Version 1 is 21 modules; a 1,360-character link needs a far larger symbol; both with 4
    // modules of white around.
    assert!(width(&short) >= 21 + 8);
    assert!(
        width(&long) > width(&short) + 40,
        "{} vs {}",
        width(&long),
        width(&short)
    );
    assert_eq!(
        (width(&long) - 8 - 17) % 4,
        0,
        "a QR symbol is 17 + 4 × version modules"
    );
    assert_eq!(
        qr_svg(&long_link),
        Some(long),
        "the same link, the same drawing"
    );
    assert_eq!(qr_svg(&"x".repeat(5000)), None, "too long for any QR code");
}
