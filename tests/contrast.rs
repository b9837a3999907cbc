//! WCAG AA contrast of the theme's colour pairs, read from `style/main.css` for both the light
//! and the dark scheme, so a palette edit that breaks readability fails the tests.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

/// Text/background custom-property pairs the stylesheet actually combines.
const PAIRS: &[(&str, &str)] = &[
    ("--text", "--bg"),
    ("--text", "--surface"),
    ("--text", "--surface-2"),
    ("--muted", "--bg"),
    ("--muted", "--surface"),
    ("--muted", "--surface-2"),
    ("--link", "--bg"),
    ("--link", "--surface"),
    // Links on the Schedule's group and family-session chips.
    ("--link", "--surface-2"),
    ("--link", "--info-bg"),
    ("--on-primary", "--primary"),
    ("--on-primary", "--primary-hover"),
    ("--error", "--error-bg"),
    ("--error", "--surface"),
    ("--surface", "--error"),
    ("--warning-text", "--warning-bg"),
    ("--success-text", "--success-bg"),
    ("--info-text", "--info-bg"),
];

fn variables(block: &str) -> HashMap<String, String> {
    block
        .lines()
        .filter_map(|line| {
            let line = line.trim().trim_end_matches(';');
            let (name, value) = line.split_once(':')?;
            let value = value.trim();
            (name.starts_with("--") && value.starts_with('#') && value.len() == 7)
                .then(|| (name.to_string(), value.to_string()))
        })
        .collect()
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn theme_text_meets_wcag_aa_in_light_and_dark() {
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/main.css")).unwrap();
    let light_start = css.find(":root {").expect("light theme block");
    let dark_start = css
        .find("@media (prefers-color-scheme: dark)")
        .expect("dark theme block");
    let light = variables(&css[light_start..dark_start]);
    let dark_block = &css[dark_start..];
    let dark_end = dark_block.find("\n}\n").expect("end of dark block");
    let dark = variables(&dark_block[..dark_end]);
    let mut failures = Vec::new();
    for (scheme, vars) in [("light", &light), ("dark", &dark)] {
        for (fg, bg) in PAIRS {
            let (Some(f), Some(b)) = (vars.get(*fg), vars.get(*bg)) else {
                failures.push(format!("{scheme}: {fg} or {bg} is not a #rrggbb colour"));
                continue;
            };
            let ratio = contrast(f, b);
            if ratio < 4.5 {
                failures.push(format!("{scheme}: {fg} on {bg} is {ratio:.2}:1"));
            }
        }
    }
    assert!(failures.is_empty(), "below 4.5:1: {failures:#?}");
}
