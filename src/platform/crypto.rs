//! The browser's Web Crypto: encrypted backups (AES-GCM with a 256-bit key derived from a
//! passphrase by PBKDF2-SHA256, optionally bound to additional data) and share-link sealing
//! (AES-GCM under a fresh random key). Nothing here is hand-written cryptography: the browser does
//! it, natively and in constant time; this module only passes bytes and parameters.

use js_sys::{Array, JsString, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

/// Something the browser's cryptography refused.
const UNAVAILABLE: &str = "This browser cannot encrypt here (Web Crypto needs a secure page: https or 127.0.0.1). Nothing was saved.";

fn crypto() -> Result<web_sys::Crypto, String> {
    web_sys::window()
        .ok_or(UNAVAILABLE)?
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

/// AES-GCM parameters: the nonce, and the additional data the tag also covers (none when empty).
fn gcm(iv: &[u8], aad: &[u8]) -> Object {
    let mut fields = vec![
        ("name", JsValue::from("AES-GCM")),
        ("iv", Uint8Array::from(iv).into()),
    ];
    if !aad.is_empty() {
        fields.push(("additionalData", Uint8Array::from(aad).into()));
    }
    object(&fields)
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
    encrypt_bound(passphrase, plain, b"", iterations, salt_len, iv_len).await
}

/// [`encrypt`], with `aad` bound to the ciphertext: its tag covers those bytes too, so
/// decrypting with any other `aad` fails (a backup binds its clear header this way).
pub async fn encrypt_bound(
    passphrase: &str,
    plain: &[u8],
    aad: &[u8],
    iterations: u32,
    salt_len: usize,
    iv_len: usize,
) -> Result<(Vec<u8>, Vec<u8>, Vec<u8>), String> {
    let salt = random_bytes(salt_len)?;
    let iv = random_bytes(iv_len)?;
    let key = key(passphrase, &salt, iterations).await?;
    let out = settle(subtle()?.encrypt_with_object_and_u8_array(&gcm(&iv, aad), &key, plain))
        .await
        .map_err(|_| UNAVAILABLE.to_string())?;
    Ok((Uint8Array::new(&out).to_vec(), salt, iv))
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
    let out = settle(subtle()?.encrypt_with_object_and_u8_array(&gcm(iv, b""), &key, plain))
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
    decrypt_bound(passphrase, ciphertext, b"", salt, iv, iterations).await
}

/// [`decrypt`] what [`encrypt_bound`] made with the same `aad`; other `aad` fails as a wrong
/// passphrase does.
pub async fn decrypt_bound(
    passphrase: &str,
    ciphertext: &[u8],
    aad: &[u8],
    salt: &[u8],
    iv: &[u8],
    iterations: u32,
) -> Result<Vec<u8>, Option<String>> {
    let key = key(passphrase, salt, iterations).await.map_err(Some)?;
    let subtle = subtle().map_err(Some)?;
    match settle(subtle.decrypt_with_object_and_u8_array(&gcm(iv, aad), &key, ciphertext)).await {
        Ok(out) => Ok(Uint8Array::new(&out).to_vec()),
        Err(_) => Err(None),
    }
}

/// An AES-GCM key from raw bytes (a share link's random key).
async fn raw_key(key: &[u8], usage: &str) -> Result<CryptoKey, String> {
    let k = settle(subtle()?.import_key_with_str(
        "raw",
        &Uint8Array::from(key),
        "AES-GCM",
        false,
        &Array::of1(&usage.into()),
    ))
    .await
    .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(k.unchecked_into())
}

/// Encrypt `plain` under a raw 128- or 256-bit `key` with nonce `iv`.
pub async fn encrypt_raw(key: &[u8], iv: &[u8], plain: &[u8]) -> Result<Vec<u8>, String> {
    let key = raw_key(key, "encrypt").await?;
    let out = settle(subtle()?.encrypt_with_object_and_u8_array(&gcm(iv, b""), &key, plain))
        .await
        .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// Decrypt under a raw key; `None` for a wrong key or changed bytes.
pub async fn decrypt_raw(key: &[u8], iv: &[u8], ciphertext: &[u8]) -> Option<Vec<u8>> {
    let key = raw_key(key, "decrypt").await.ok()?;
    let out = settle(subtle().ok()?.decrypt_with_object_and_u8_array(
        &gcm(iv, b""),
        &key,
        ciphertext,
    ))
    .await
    .ok()?;
    Some(Uint8Array::new(&out).to_vec())
}

/// `bytes` through the browser's `CompressionStream` (`compress`) or `DecompressionStream`,
/// deflate-raw; at most `limit` bytes out.
pub async fn deflate(bytes: &[u8], compress: bool, limit: usize) -> Result<Vec<u8>, String> {
    let fail = |_| "This browser cannot compress here.".to_string();
    let global = js_sys::global();
    let name = if compress {
        "CompressionStream"
    } else {
        "DecompressionStream"
    };
    let ctor: js_sys::Function = Reflect::get(&global, &name.into())
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "This browser cannot compress here.".to_string())?;
    let transform = Reflect::construct(&ctor, &Array::of1(&"deflate-raw".into())).map_err(fail)?;
    let parts = Array::of1(&Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(fail)?;
    let call = |target: &JsValue, method: &str, args: &Array| -> Result<JsValue, JsValue> {
        let f: js_sys::Function = Reflect::get(target, &method.into())?.dyn_into()?;
        f.apply(target, args)
    };
    let stream = call(&blob, "stream", &Array::new()).map_err(fail)?;
    let piped = call(&stream, "pipeThrough", &Array::of1(&transform)).map_err(fail)?;
    let response_ctor: js_sys::Function = Reflect::get(&global, &"Response".into())
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "This browser cannot compress here.".to_string())?;
    let response = Reflect::construct(&response_ctor, &Array::of1(&piped)).map_err(fail)?;
    let promise: js_sys::Promise = call(&response, "arrayBuffer", &Array::new())
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "This browser cannot compress here.".to_string())?;
    let buffer = JsFuture::from(promise)
        .await
        .map_err(|_| "The data could not be decompressed.".to_string())?;
    let out = Uint8Array::new(&buffer);
    if out.length() as usize > limit {
        return Err("The data is larger than allowed.".into());
    }
    Ok(out.to_vec())
}

/// ECDSA over P-256 with SHA-256: the share-link signature.
fn ecdsa() -> Object {
    object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])
}

fn ecdsa_sha256() -> Object {
    object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())])
}

/// A new ECDSA P-256 signing key: (public key as its 65-byte uncompressed point, private key as
/// JWK text, to keep in the programme's settings).
pub async fn new_signing_key() -> Result<(Vec<u8>, String), String> {
    let subtle = subtle()?;
    let fail = |_| UNAVAILABLE.to_string();
    let pair = settle(subtle.generate_key_with_object(
        &ecdsa(),
        true,
        &Array::of2(&"sign".into(), &"verify".into()),
    ))
    .await
    .map_err(fail)?;
    let public: CryptoKey = Reflect::get(&pair, &"publicKey".into())
        .map_err(fail)?
        .unchecked_into();
    let private: CryptoKey = Reflect::get(&pair, &"privateKey".into())
        .map_err(fail)?
        .unchecked_into();
    let raw = settle(subtle.export_key("raw", &public))
        .await
        .map_err(fail)?;
    let jwk = settle(subtle.export_key("jwk", &private))
        .await
        .map_err(fail)?;
    let text: String = js_sys::JSON::stringify(&jwk).map_err(fail)?.into();
    Ok((Uint8Array::new(&raw).to_vec(), text))
}

/// Sign `message` with the private key of [`new_signing_key`] (JWK text): r and s, 64 bytes.
pub async fn sign(private_jwk: &str, message: &[u8]) -> Result<Vec<u8>, String> {
    let subtle = subtle()?;
    let broken = |_| {
        "The programme's signing key in Settings cannot be read, so no link was made.".to_string()
    };
    let jwk: Object = js_sys::JSON::parse(private_jwk)
        .map_err(broken)?
        .dyn_into()
        .map_err(broken)?;
    let key = settle(subtle.import_key_with_object(
        "jwk",
        &jwk,
        &ecdsa(),
        false,
        &Array::of1(&"sign".into()),
    ))
    .await
    .map_err(broken)?;
    let out =
        settle(subtle.sign_with_object_and_u8_array(&ecdsa_sha256(), key.unchecked_ref(), message))
            .await
            .map_err(|_| UNAVAILABLE.to_string())?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// Whether `signature` is the signature of `message` by the key whose public point is `public`.
pub async fn verify(public: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(subtle) = subtle() else {
        return false;
    };
    let Ok(key) = settle(subtle.import_key_with_object(
        "raw",
        &Uint8Array::from(public),
        &ecdsa(),
        false,
        &Array::of1(&"verify".into()),
    ))
    .await
    else {
        return false;
    };
    settle(subtle.verify_with_object_and_u8_array_and_u8_array(
        &ecdsa_sha256(),
        key.unchecked_ref(),
        signature,
        message,
    ))
    .await
    .is_ok_and(|v| v.as_bool() == Some(true))
}
