//! Secrets handed to clients: session ids, API tokens and CSRF tokens, and the digests under
//! which the database keeps them.
//!
//! Every secret is 32 bytes from the operating system's generator, written in unpadded
//! base64url. The database stores only the SHA-256 digest (lower-case hex) of session ids and
//! API tokens, so that a copy of the database cannot be replayed against the server; CSRF
//! tokens are not bearer credentials on their own and are stored as they are.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The prefix of every API token, so that a leaked token is easy to recognise in a scan.
pub const TOKEN_PREFIX: &str = "jx_";

/// Random bytes in each secret.
const SECRET_BYTES: usize = 32;

/// Characters of 32 bytes in unpadded base64url.
pub const SECRET_CHARS: usize = 43;

/// A fresh random secret: 32 bytes as 43 base64url characters.
pub fn random_secret() -> String {
    let mut bytes = [0_u8; SECRET_BYTES];
    // Without the operating system's generator no secret can be safe; refusing to run is right.
    getrandom::fill(&mut bytes).expect("the operating system supplies random bytes");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh API token: `jx_` and a random secret.
pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_secret())
}

/// Whether `text` has the shape of an API token; anything else is refused before a lookup.
pub fn looks_like_api_token(text: &str) -> bool {
    text.strip_prefix(TOKEN_PREFIX)
        .is_some_and(|rest| rest.len() == SECRET_CHARS && is_base64url(rest))
}

/// Whether `text` has the shape of a session id.
pub fn looks_like_session_id(text: &str) -> bool {
    text.len() == SECRET_CHARS && is_base64url(text)
}

/// The SHA-256 digest of a secret in lower-case hex: what the database stores.
pub fn digest(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    hash.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Compares two secrets in time independent of where they differ.
pub fn same_secret(left: &str, right: &str) -> bool {
    !left.is_empty() && bool::from(left.as_bytes().ct_eq(right.as_bytes()))
}

fn is_base64url(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_fresh_43_character_base64url_strings() {
        let a = random_secret();
        let b = random_secret();
        assert_ne!(a, b);
        assert!(looks_like_session_id(&a), "{a}");
        let token = new_api_token();
        assert!(token.starts_with("jx_") && token.len() == 46, "{token}");
        assert!(looks_like_api_token(&token));
    }

    #[test]
    fn only_well_formed_tokens_and_session_ids_are_looked_up() {
        let body = "A".repeat(43);
        let cases = [
            (format!("jx_{body}"), true),
            (format!("jx_{}", "A".repeat(42)), false),
            (format!("xx_{body}"), false),
            (format!("jx_{}+", "A".repeat(42)), false),
            (String::new(), false),
        ];
        for (text, expected) in cases {
            assert_eq!(looks_like_api_token(&text), expected, "{text}");
        }
        assert!(looks_like_session_id(&body));
        assert!(!looks_like_session_id(&format!("{body}=")));
    }

    #[test]
    fn digests_are_sha256_hex_and_comparison_needs_equal_nonempty_secrets() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", ""));
    }
}
