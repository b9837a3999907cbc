//! The family viewer (`family.html`): opens a share link on a family member's phone.
//!
//! A page of its own with its own small wasm: no Leptos, no router, and it never opens the
//! programme's database. It reads the key and the encrypted schedule from the address's
//! fragment, removes them from the address bar at once, decrypts and decompresses the schedule
//! in the browser, checks it, and shows it: the next session first, then each month. "Add to
//! calendar" makes an iCalendar file here; "Print" prints the page. A damaged, cut or changed
//! link (or one whose signature does not check) shows one message and nothing else; an
//! expired one says when it expired. Above the schedule it says what the family member can
//! trust (see `domain::export::share::trust`): the programme code to check, once; then that the
//! link carries the code confirmed before, or a warning when it carries another. Where the
//! programme publishes its keys beside this page (`family-keys.json`, read from this page's own
//! site), a published key needs nothing confirmed and any other key is flagged; a published key
//! never overrides a code confirmed on this phone. Addresses open from the page only for a
//! confirmed or published code.

#[cfg(target_arch = "wasm32")]
fn main() {
    iop_planner::platform::panic::install_viewer_hook();
    wasm_bindgen_futures::spawn_local(viewer::run());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod viewer {
    use chrono::Datelike;
    use iop_planner::domain::dates::clock;
    use iop_planner::domain::export::ics;
    use iop_planner::domain::export::share::trust::{self, Confirmed, Trust};
    use iop_planner::domain::export::share::{self, Opened, SharePayload, SharedItem};
    use iop_planner::domain::i18n::{self, Strings, fill};
    use iop_planner::platform::share as sealing;
    use iop_planner::platform::today;
    use iop_planner::platform::zone::BrowserZone;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;
    use web_sys::{Document, Element};

    /// A child element of `parent` with `class` and `text`.
    fn add(doc: &Document, parent: &Element, tag: &str, class: &str, text: &str) -> Element {
        let el = doc.create_element(tag).expect("element");
        if !class.is_empty() {
            el.set_class_name(class);
        }
        if !text.is_empty() {
            el.set_text_content(Some(text));
        }
        let _ = parent.append_child(&el);
        el
    }

    fn on_click(el: &Element, f: impl FnMut() + 'static) {
        let closure = Closure::<dyn FnMut()>::new(f);
        let _ = el.add_event_listener_with_callback("click", closure.as_ref().unchecked_ref());
        closure.forget();
    }

    /// The phone's language, for the messages shown before (or instead of) a schedule.
    fn device_words() -> &'static Strings {
        let lang = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        i18n::by_code(lang.get(..2).unwrap_or(""))
    }

    pub async fn run() {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Some(doc) = window.document() else {
            return;
        };
        let fragment = window.location().hash().unwrap_or_default();
        // The key leaves the address bar (and so the history) at once.
        if let (Ok(history), Ok(path)) = (window.history(), window.location().pathname()) {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        let opened = match share::parse_fragment(&fragment) {
            Some(f) => {
                let checks = match &f.signed {
                    None => true,
                    Some(s) => {
                        let message = share::signed_message(&f.data, &f.key);
                        iop_planner::platform::crypto::verify(&s.public, &message, &s.signature)
                            .await
                    }
                };
                let code = f.signed.as_ref().map(|s| trust::programme_code(&s.public));
                match checks {
                    true => sealing::open(&f.data, &f.key)
                        .await
                        .and_then(|bytes| share::from_bytes(&bytes, today()))
                        .map(|o| (o, code)),
                    false => None,
                }
            }
            None => None,
        };
        let Some(main) = doc.get_element_by_id("viewer") else {
            return;
        };
        main.set_text_content(None);
        match opened {
            None => {
                let words = device_words();
                let _ = doc
                    .document_element()
                    .map(|e| e.set_attribute("lang", words.code));
                let p = add(&doc, &main, "p", "message", words.damaged);
                let _ = p.set_attribute("role", "alert");
            }
            Some((Opened::Expired(on), _)) => {
                let words = device_words();
                let _ = doc
                    .document_element()
                    .map(|e| e.set_attribute("lang", words.code));
                let text = fill(words.expired, &[("date", &words.date(on))]);
                let p = add(&doc, &main, "p", "message", &text);
                let _ = p.set_attribute("role", "alert");
            }
            Some((Opened::Schedule(payload), code)) => {
                let published = match code {
                    Some(_) => published().await,
                    None => Vec::new(),
                };
                let trust = trust::trust(
                    code.as_deref(),
                    &payload.programme,
                    &confirmed(),
                    &published,
                );
                show(&doc, &main, payload, trust)
            }
        }
        let _ = doc
            .document_element()
            .map(|e| e.set_attribute("data-viewer-ready", "true"));
    }

    /// Where the codes confirmed on this phone are kept.
    const CONFIRMED_KEY: &str = "iop-planner.family.confirmed";

    fn local_storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    /// The codes confirmed on this phone (none when storage is refused).
    fn confirmed() -> Confirmed {
        let text = local_storage().and_then(|s| s.get_item(CONFIRMED_KEY).ok().flatten());
        Confirmed::read(text.as_deref())
    }

    /// The programme codes published beside this page (`family-keys.json`), if the programme
    /// placed that file where it hosts its copy of the app; none when it is missing, damaged, or
    /// not here within two seconds (the code check then stands alone).
    async fn published() -> Vec<String> {
        iop_planner::platform::files::fetch_text(trust::KEYS_FILE, 2_000)
            .await
            .map(|text| trust::published_codes(&text))
            .unwrap_or_default()
    }

    /// What the family member can trust about this link, and the button that confirms a code.
    fn trust_note(
        doc: &Document,
        main: &Element,
        words: &Strings,
        p: &SharePayload,
        trust: &Trust,
    ) {
        let (template, code, before) = match trust {
            Trust::Unsigned => (words.unsigned, "", ""),
            Trust::New { code } => (words.code_check, code.as_str(), ""),
            Trust::Known { code } => (words.code_known, code.as_str(), ""),
            Trust::Changed { code, before } => (words.code_changed, code.as_str(), before.as_str()),
            Trust::Published { code } => (words.code_published, code.as_str(), ""),
            Trust::Unpublished { code } => (words.code_unpublished, code.as_str(), ""),
        };
        // The site this page was opened from, which a published key speaks for.
        let site = web_sys::window()
            .and_then(|w| w.location().host().ok())
            .unwrap_or_default();
        let text = fill(
            template,
            &[
                ("code", code),
                ("before", before),
                ("programme", &p.programme),
                ("site", &site),
            ],
        );
        // A changed or unpublished code is an alert, an unsigned link a warning note, the rest
        // notes.
        let (class, role) = match trust {
            Trust::Changed { .. } | Trust::Unpublished { .. } => ("trust trust--warning", "alert"),
            Trust::Unsigned => ("trust trust--warning", "note"),
            _ => ("trust", "note"),
        };
        let section = add(doc, main, "section", class, "");
        section.set_id("trust");
        let _ = section.set_attribute("role", role);
        let _ = section.set_attribute("tabindex", "-1");
        let para = add(doc, &section, "p", "", "");
        // The codes in the text, unbroken and set apart, so they read and compare easily.
        let codes: Vec<&str> = [code, before]
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect();
        let mut rest = text.as_str();
        while let Some((at, code)) = codes
            .iter()
            .filter_map(|c| rest.find(c).map(|at| (at, *c)))
            .min_by_key(|(at, _)| *at)
        {
            let _ = para.append_child(&doc.create_text_node(&rest[..at]));
            add(doc, &para, "span", "code", code);
            rest = &rest[at + code.len()..];
        }
        let _ = para.append_child(&doc.create_text_node(rest));
        let Some(code) = trust.to_confirm().map(str::to_string) else {
            return;
        };
        let label = match trust {
            Trust::Changed { .. } => words.code_new_confirmed,
            _ => words.code_matches,
        };
        // Under a warning, confirming the new code is the quieter choice.
        let class = match trust {
            Trust::Changed { .. } => "button button--secondary",
            _ => "button",
        };
        let button = add(doc, &section, "button", class, label);
        let _ = button.set_attribute("type", "button");
        let (doc, main, payload) = (doc.clone(), main.clone(), p.clone());
        on_click(&button, move || {
            let next = confirmed().with(&payload.programme, &code);
            if let Some(s) = local_storage() {
                let _ = s.set_item(CONFIRMED_KEY, &next.write());
            }
            main.set_text_content(None);
            let known = Trust::Known { code: code.clone() };
            show(&doc, &main, payload.clone(), known);
            if let Some(el) = doc
                .get_element_by_id("trust")
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        });
    }

    fn item(doc: &Document, parent: &Element, words: &Strings, i: &SharedItem, open: bool) {
        let li = add(doc, parent, "li", "item", "");
        let when = format!(
            "{}, {}–{}",
            words.date(i.date),
            clock(i.start),
            clock(i.end)
        );
        add(doc, &li, "p", "when", &when);
        add(doc, &li, "p", "title", &i.title);
        let place = add(doc, &li, "p", "place", &i.place);
        if let Some(link) = &i.link {
            let _ = place.append_child(&doc.create_text_node(" · "));
            // Only web links become links, and only under a confirmed programme code;
            // anything else stays text.
            let web = link.starts_with("https://") || link.starts_with("http://");
            if web && !open {
                add(doc, &place, "span", "unopened", link);
                let _ = place.append_child(&doc.create_text_node(" "));
                add(doc, &place, "span", "", words.check_address);
            } else if web {
                let a = add(doc, &place, "a", "", link);
                let _ = a.set_attribute("href", link);
                let _ = a.set_attribute("rel", "noopener noreferrer");
            } else {
                let _ = place.append_child(&doc.create_text_node(link));
            }
        }
    }

    fn show(doc: &Document, main: &Element, p: SharePayload, trust: Trust) {
        let words = i18n::by_code(&p.lang);
        let _ = doc
            .document_element()
            .map(|e| e.set_attribute("lang", words.code));
        doc.set_title(&p.programme);
        let title = fill(words.schedule_for, &[("name", &p.member)]);
        add(doc, main, "h1", "", &title);
        add(doc, main, "p", "lead", &p.programme);
        trust_note(doc, main, words, &p, &trust);
        let open = trust.addresses_open();
        let today = today();
        let upcoming: Vec<&SharedItem> = p.items.iter().filter(|i| i.date >= today).collect();
        if upcoming.is_empty() {
            add(doc, main, "p", "message", words.nothing);
        } else {
            let next = add(doc, main, "section", "next", "");
            let _ = next.set_attribute("aria-labelledby", "next-heading");
            let h = add(doc, &next, "h2", "", words.next_session);
            h.set_id("next-heading");
            let ul = add(doc, &next, "ul", "items", "");
            item(doc, &ul, words, upcoming[0], open);
            let mut month = None;
            let mut list = None;
            for i in &upcoming[1..] {
                let key = (i.date.year(), i.date.month0());
                if month != Some(key) {
                    month = Some(key);
                    let heading = format!("{} {}", words.months[key.1 as usize], key.0);
                    let section = add(doc, main, "section", "month", "");
                    add(doc, &section, "h2", "", &heading);
                    list = Some(add(doc, &section, "ul", "items", ""));
                }
                if let Some(ul) = &list {
                    item(doc, ul, words, i, open);
                }
            }
        }
        let actions = add(doc, main, "div", "actions", "");
        let calendar = add(doc, &actions, "button", "button", words.add_to_calendar);
        let _ = calendar.set_attribute("type", "button");
        let mut payload = p.clone();
        if !open {
            // An address not confirmed does not become a link in the calendar either.
            for i in &mut payload.items {
                i.link = None;
            }
        }
        on_click(&calendar, move || add_to_calendar(&payload));
        let print = add(doc, &actions, "button", "button", words.print);
        let _ = print.set_attribute("type", "button");
        on_click(&print, || {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        });
        let shared = fill(
            words.shared_until,
            &[
                ("date", &words.date(p.made)),
                ("expiry", &words.date(p.expires)),
            ],
        );
        add(doc, main, "p", "small", &shared);
        let scopes = fill(words.what_is_shared, &[("scopes", &p.scopes.join("; "))]);
        add(doc, main, "p", "small", &scopes);
        add(doc, main, "p", "small notice", &p.notice);
    }

    fn add_to_calendar(p: &SharePayload) {
        let words = i18n::by_code(&p.lang);
        let zone = match BrowserZone::new(&p.zone) {
            Ok(z) => z,
            Err(_) => match BrowserZone::new("") {
                Ok(z) => z,
                Err(_) => return,
            },
        };
        let now = iop_planner::platform::now_utc_time();
        let options = ics::Options {
            name: p.programme.clone(),
            alarm_minutes: Some(60),
            reminder: words.reminder.to_string(),
        };
        let text = ics::write(&share::events(p), &zone, now, &options);
        let _ = iop_planner::platform::download_text(
            "schedule.ics",
            &text,
            "text/calendar;charset=utf-8",
        );
    }
}
