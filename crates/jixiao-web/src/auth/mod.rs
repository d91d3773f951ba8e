//! Accounts in the web layer: password hashing, session cookies, API tokens, CSRF tokens,
//! login throttling and audit, and the resolution of each request's credential into the
//! [`Viewer`] that handlers ask for permissions.
//!
//! The store keeps users, sessions, tokens and login records (only digests of secrets); the
//! permission table lives in `jixiao_core::access`. This module reads the clock
//! (`chrono::Utc::now`) and the operating system's random generator, and passes both to the
//! store and the core as values.

pub mod cookie;
pub mod login;
pub mod password;
pub mod secret;
pub mod viewer;

pub use password::{generate_password, hash_password};
pub use viewer::{ClientAddress, Credential, PageUser, SignedIn, Viewer};

/// A fresh API token and the digest the store keeps for it: `(token, digest)`. The token is
/// shown once to its owner; only the digest may be stored.
pub fn new_api_token() -> (String, String) {
    let token = secret::new_api_token();
    let digest = secret::digest(&token);
    (token, digest)
}
