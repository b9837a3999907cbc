//! The installed app: its service worker (updates that never switch under a person's hands),
//! the browser's storage persistence and estimate.
//!
//! The service worker itself is `public/sw.js`, generated per build by `scripts/pwa.mjs`, which
//! also writes the build's hash into `<meta name="iop-build">`. Builds without that tag (the
//! unsplit debug build, `trunk serve`) have no service worker and skip all of this.

use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
function build() {
  const meta = document.querySelector('meta[name="iop-build"]');
  return meta ? meta.content : null;
}
function supported() {
  return build() !== null && 'serviceWorker' in navigator;
}
// A service worker's version (its build hash), or null if it does not answer.
function versionOf(worker) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 3000);
    channel.port1.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
    try { worker.postMessage({ type: 'version' }, [channel.port2]); } catch (e) { resolve(null); }
  });
}
const RELOADED = 'iop-planner.update-reloaded';
// Let the waiting version take over, then reload (when it has, or after 3 s at most).
function switchTo(waiting) {
  return new Promise((resolve) => {
    navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true });
    setTimeout(resolve, 3000);
    waiting.postMessage({ type: 'skip-waiting' });
  }).then(() => location.reload());
}

export async function sw_before_start() {
  if (!supported()) return false;
  let registration;
  try { registration = await navigator.serviceWorker.getRegistration('/'); } catch (e) { return false; }
  const waiting = registration && registration.waiting;
  if (!waiting) return false;
  const version = await versionOf(waiting);
  if (version === null) return false;
  if (version === build()) {
    // This page already is that version (loaded from the network): let it take over quietly.
    waiting.postMessage({ type: 'skip-waiting' });
    return false;
  }
  // A newer version is installed and this page is an older copy: switch before the database
  // opens (an older copy could meet a database the newer one has upgraded). Once per version.
  try {
    if (sessionStorage.getItem(RELOADED) === version) return false;
    sessionStorage.setItem(RELOADED, version);
  } catch (e) { return false; }
  await switchTo(waiting);
  return true;
}

export function sw_watch(on_ready) {
  if (!supported()) return;
  let offered = false;
  const offer = async (worker) => {
    if (offered) return;
    const version = await versionOf(worker);
    if (version === null) return;
    if (version !== build()) { offered = true; on_ready(); }
    else if (worker.state === 'installed') worker.postMessage({ type: 'skip-waiting' });
  };
  const track = (worker) => {
    if (!worker) return;
    if (worker.state === 'installed') { offer(worker); return; }
    worker.addEventListener('statechange', () => { if (worker.state === 'installed') offer(worker); });
  };
  navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' }).then((registration) => {
    track(registration.installing);
    track(registration.waiting);
    registration.addEventListener('updatefound', () => track(registration.installing));
    const check = () => registration.update().catch(() => {});
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') check(); });
    setInterval(check, 60 * 60 * 1000);
  }).catch(() => {});
}

export function sw_apply() {
  if (!supported()) { location.reload(); return; }
  navigator.serviceWorker.getRegistration('/').then((registration) => {
    const waiting = registration && registration.waiting;
    if (waiting) switchTo(waiting); else location.reload();
  }).catch(() => location.reload());
}

export async function storage_status() {
  const storage = navigator.storage;
  const status = { persisted: null, usage: null, quota: null };
  if (!storage) return status;
  try { if (storage.persisted) status.persisted = await storage.persisted(); } catch (e) {}
  try {
    if (storage.estimate) {
      const estimate = await storage.estimate();
      status.usage = typeof estimate.usage === 'number' ? estimate.usage : null;
      status.quota = typeof estimate.quota === 'number' ? estimate.quota : null;
    }
  } catch (e) {}
  return status;
}

export async function storage_persist() {
  try {
    return !!(navigator.storage && navigator.storage.persist && await navigator.storage.persist());
  } catch (e) { return false; }
}

export function browser_facts() {
  const ua = navigator.userAgent || '';
  const safari = /Safari\//.test(ua) && !/(Chrome|Chromium|CriOS|FxiOS|EdgiOS|Edg|OPR|Android)\//.test(ua);
  let standalone = navigator.standalone === true;
  try { standalone = standalone || matchMedia('(display-mode: standalone)').matches; } catch (e) {}
  return { safari, standalone };
}
"#)]
extern "C" {
    fn sw_before_start() -> js_sys::Promise;
    fn sw_watch(on_ready: &js_sys::Function);
    fn sw_apply();
    fn storage_status() -> js_sys::Promise;
    fn storage_persist() -> js_sys::Promise;
    fn browser_facts() -> JsValue;
}

/// Before the database opens: if a newer version of the app is installed and waiting, switch
/// to it and reload (once per version). `true` means the page is reloading: open nothing.
pub async fn update_before_start() -> bool {
    JsFuture::from(sw_before_start())
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Register the service worker (after the first paint) and call `on_ready` once when a
/// different version has installed and is waiting; see [`apply_update`].
pub fn watch_for_updates(on_ready: impl Fn() + 'static) {
    let callback = Closure::<dyn Fn()>::new(on_ready);
    sw_watch(callback.as_ref().unchecked_ref());
    // Lives as long as the page.
    callback.forget();
}

/// Switch to the waiting version and reload (or just reload when nothing is waiting).
pub fn apply_update() {
    sw_apply();
}

/// What the browser says about this site's storage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
pub struct StorageStatus {
    /// `Some(true)`: the browser will not evict the data without asking the person.
    pub persisted: Option<bool>,
    /// Bytes used by this site (all its storage), as estimated by the browser.
    pub usage: Option<f64>,
    /// Bytes this site may use.
    pub quota: Option<f64>,
}

/// [`StorageStatus`] now (all `None` where the browser does not say).
pub async fn storage() -> StorageStatus {
    match JsFuture::from(storage_status()).await {
        Ok(value) => serde_wasm_bindgen::from_value(value).unwrap_or_default(),
        Err(_) => StorageStatus::default(),
    }
}

/// Ask the browser to keep this site's data until the person removes it. `true` if granted.
pub async fn request_persistence() -> bool {
    JsFuture::from(storage_persist())
        .await
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Facts about the browser that change what "saved" means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
pub struct BrowserFacts {
    /// Safari (macOS or iOS), which deletes script-written data of sites not used for 7 days,
    /// unless the site was added to the Home Screen / Dock.
    pub safari: bool,
    /// Opened as an installed app.
    pub standalone: bool,
}

/// [`BrowserFacts`] of this browser.
pub fn browser() -> BrowserFacts {
    serde_wasm_bindgen::from_value(browser_facts()).unwrap_or_default()
}

/// Everything the browser says about keeping this site's data, for
/// [`crate::domain::keeping::advice`].
pub async fn storage_facts() -> crate::domain::keeping::StorageFacts {
    let status = storage().await;
    let browser = browser();
    crate::domain::keeping::StorageFacts {
        persisted: status.persisted,
        usage: status.usage,
        quota: status.quota,
        safari: browser.safari,
        standalone: browser.standalone,
    }
}
