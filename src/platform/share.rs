//! Sealing a share link's payload in the browser and opening it again: deflate-raw through
//! `CompressionStream`, then AES-GCM under a fresh random key (see
//! [`crate::domain::export::share`] for what the link carries).

use super::crypto;
use crate::domain::export::share::{IV_BYTES, KEY_BYTES};

/// The most bytes a payload may decompress to (a quarter of a year is a few kilobytes).
pub const MAX_PLAIN: usize = 256 * 1024;

/// Compress and encrypt `plain`: (nonce followed by ciphertext, key).
pub async fn seal(plain: &[u8]) -> Result<(Vec<u8>, Vec<u8>), String> {
    let compressed = crypto::deflate(plain, true, MAX_PLAIN).await?;
    let key = crypto::random_bytes(KEY_BYTES)?;
    let iv = crypto::random_bytes(IV_BYTES)?;
    let mut out = iv.clone();
    out.extend(crypto::encrypt_raw(&key, &iv, &compressed).await?);
    Ok((out, key))
}

/// Decrypt and decompress; `None` when anything is wrong (a changed character, a cut link).
pub async fn open(data: &[u8], key: &[u8]) -> Option<Vec<u8>> {
    if data.len() <= IV_BYTES {
        return None;
    }
    let (iv, ciphertext) = data.split_at(IV_BYTES);
    let compressed = crypto::decrypt_raw(key, iv, ciphertext).await?;
    crypto::deflate(&compressed, false, MAX_PLAIN).await.ok()
}
