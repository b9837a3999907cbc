//! The browser's Web Crypto, for encrypted backups: AES-GCM with a 256-bit key derived from a
//! passphrase by PBKDF2-SHA256. Nothing here is hand-written cryptography: the browser does
//! it, natively and in constant time; this module only passes bytes and parameters.

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Something the browser's cryptography refused.
const UNAVAILABLE: &str = "This browser cannot encrypt here (Web Crypto needs a secure page: https or 127.0.0.1). Nothing was saved.";

fn crypto() -> Result<web_sys::Crypto, String> {
    leptos::prelude::window()
        .crypto()
        .map_err(|_| UNAVAILABLE.to_string())
}

fn subtle() -> Result<SubtleCrypto, String> {
    Ok(crypto()?.subtle())
}

/// `n` random bytes from the browser's cryptographic generator.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0u8; n];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(bytes)
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

async fn settle(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// The AES-GCM key for `passphrase` (Unicode NFC, so the same words typed on another system
/// give the same key), `salt` and `iterations`.
async fn key(passphrase: &str, salt: &[u8], iterations: u32) -> Result<CryptoKey, String> {
    let subtle = subtle()?;
    let normalised: String = JsString::from(passphrase).normalize("NFC").into();
    let raw = Uint8Array::from(normalised.as_bytes());
    let base = settle(subtle.import_key_with_str(
        "raw",
        &raw,
        "PBKDF2",
        false,
        &Array::of1(&"deriveKey".into()),
    ))
    .await
    .map_err(|_| UNAVAILABLE.to_string())?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    let target = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = settle(subtle.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &target,
        false,
        &Array::of2(&"encrypt".into(), &"decrypt".into()),
    ))
    .await
    .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(key.unchecked_into())
}

fn gcm(iv: &[u8]) -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(iv).into()),
    ])
}

/// Encrypt `plain` with `passphrase`, a fresh random salt and nonce: (ciphertext with its tag,
/// salt, nonce).
pub async fn encrypt(
    passphrase: &str,
    plain: &[u8],
    iterations: u32,
    salt_len: usize,
    iv_len: usize,
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), String> {
    let salt = random_bytes(salt_len)?;
    let iv = random_bytes(iv_len)?;
    let out = encrypt_with(passphrase, plain, &salt, &iv, iterations).await?;
    Ok((out, salt, iv))
}

/// Encrypt with a given salt and nonce (tests; [`encrypt`] picks fresh ones).
pub async fn encrypt_with(
    passphrase: &str,
    plain: &[u8],
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
) -> Result<Vec<u8>, String> {
    let key = key(passphrase, salt, iterations).await?;
    let out = settle(subtle()?.encrypt_with_object_and_u8_array(&gcm(iv), &key, plain))
        .await
        .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// Decrypt; `Err(None)` when the passphrase is wrong or the bytes were changed (AES-GCM tells
/// neither apart), `Err(Some(message))` when the browser cannot decrypt at all.
pub async fn decrypt(
    passphrase: &str,
    ciphertext: &[u8],
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
) -> Result<Vec<u8>, Option<String>> {
    let key = key(passphrase, salt, iterations).await.map_err(Some)?;
    let subtle = subtle().map_err(Some)?;
    match settle(subtle.decrypt_with_object_and_u8_array(&gcm(iv), &key, ciphertext)).await {
        Ok(out) => Ok(Uint8Array::new(&out).to_vec()),
        Err(_) => Err(None),
    }
}
