//! A panic is never silent: the release build aborts on panic (`panic = "abort"`), which
//! freezes the page. The hook installed by [`install_hook`] first puts a full-page message on
//! screen: "Something went wrong", a reload button and the panic text to copy.
//!
//! The page is built by plain JavaScript with its own event handlers, so it works after the
//! wasm has stopped. It writes nothing: every change already saved stays as it was, and a
//! change that was being saved either finished or did not happen (one transaction).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function show_failure(detail, what, reload_label) {
  if (document.getElementById('failure')) return;
  for (const child of Array.from(document.body.children)) child.setAttribute('inert', '');
  const page = document.createElement('div');
  page.id = 'failure';
  page.className = 'failure';
  page.setAttribute('role', 'alertdialog');
  page.setAttribute('aria-modal', 'true');
  page.setAttribute('aria-labelledby', 'failure-title');
  page.setAttribute('aria-describedby', 'failure-what');
  const card = document.createElement('div');
  card.className = 'failure__card';
  const add = (tag, text, attrs) => {
    const el = document.createElement(tag);
    if (text) el.textContent = text;
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
    card.appendChild(el);
    return el;
  };
  add('p', 'IOP Planner', { class: 'brand' });
  const title = add('h1', 'Something went wrong', { id: 'failure-title', tabindex: '-1' });
  add('p', what, { id: 'failure-what' });
  const actions = add('div', '', { class: 'form-actions' });
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'button button--primary';
  reload.textContent = reload_label;
  reload.addEventListener('click', () => location.reload());
  actions.appendChild(reload);
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'button';
  copy.textContent = 'Copy the error text';
  actions.appendChild(copy);
  add('p', 'If it happens again, the error text below helps whoever looks after IOP Planner for your programme. It says where the program failed; it holds no client information unless a name was part of the error.', { class: 'muted' });
  const label = add('label', 'Error text', { for: 'failure-text' });
  label.className = 'field__label';
  const text = add('textarea', '', { id: 'failure-text', readonly: '', rows: '6', class: 'failure__text' });
  text.value = detail;
  const copied = add('p', '', { role: 'status', class: 'muted' });
  copy.addEventListener('click', () => {
    const done = () => { copied.textContent = 'Copied.'; };
    const select = () => { text.focus(); text.select(); copied.textContent = 'Selected: press Ctrl+C (or ⌘C) to copy.'; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(detail).then(done, select);
    else select();
  });
  page.appendChild(card);
  document.body.appendChild(page);
  title.focus();
}
"#)]
extern "C" {
    fn show_failure(detail: &str, what: &str, reload_label: &str);
}

/// Install a panic hook: the browser console gets the panic as before
/// (`console_error_panic_hook`), and the page shows the failure message with `what` to say and
/// `reload_label` on its button.
fn install(what: &'static str, reload_label: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
        console_error_panic_hook::hook(info);
        show_failure(&info.to_string(), what, reload_label);
    }));
}

/// The app's panic hook.
pub fn install_hook() {
    install(
        "IOP Planner hit an error it could not recover from and has stopped. Everything that was saved before this message is still saved in this browser. Reload the page to carry on.",
        "Reload IOP Planner",
    );
}

/// The family viewer's panic hook: the same message, worded for a family member (nothing is
/// saved by the viewer; the schedule is in the link).
pub fn install_viewer_hook() {
    install(
        "This schedule could not be shown because of an error. Open the link again; if it keeps happening, ask the programme for a new link.",
        "Reload",
    );
}

/// Cause a panic on purpose: the test route `/diagnostics/failure` uses it to show that a
/// failure is never silent and loses nothing.
pub fn fail_on_purpose() -> ! {
    panic!("a test failure, caused on purpose from the diagnostics page")
}
