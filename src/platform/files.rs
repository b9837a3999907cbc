//! Files in and out of the browser: a download the person saves, a file the person chose.
//! Nothing leaves the browser.

/// Offer `text` as a file download named `file` (nothing leaves the browser).
pub fn download_text(file: &str, text: &str, mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |_| "The browser did not allow the download.".to_string();
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("The browser did not allow the download.")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "The browser did not allow the download.".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The bytes of a file the person chose.
pub async fn read_file(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "The browser could not read that file. Choose it again.".to_string())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text of `url` on this page's own site, or `None` when it is missing (not 200), cannot
/// be fetched (offline, refused) or takes longer than `timeout_ms` to arrive: what it is for
/// must work without it.
pub async fn fetch_text(url: &str, timeout_ms: i32) -> Option<String> {
    use js_sys::{Array, Promise};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window()?;
    // `promise`, or `undefined` once `timeout_ms` has passed since the start.
    let late = Promise::new(&mut |resolve, _| {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms.max(0));
    });
    let in_time = |promise: &Promise| Promise::race(&Array::of2(promise, &late));
    let response: web_sys::Response = JsFuture::from(in_time(&window.fetch_with_str(url)))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(in_time(&response.text().ok()?))
        .await
        .ok()?
        .as_string()
}
