//! Signing in: throttling, password check, the login audit record, and the session that a
//! successful attempt opens.
//!
//! Every attempt is recorded with the store, and the throttle counts the failures recorded in
//! the last minute, so that several server processes sharing a database throttle together.
//! A throttled attempt is refused before the password is looked at, even a right one, and is
//! recorded as a failure itself, so that a client that keeps trying stays refused until it
//! pauses for a whole window.

use chrono::{DateTime, Duration, Utc};
use jixiao_core::access::{LoginEvent, User};
use jixiao_store::Store;

use super::password::{verify_against_nothing, verify_password};
use super::secret;
use crate::error::AppError;

/// The window over which failed logins are counted.
pub const THROTTLE_WINDOW: Duration = Duration::seconds(60);

/// Failed logins for one username within the window after which further attempts are refused.
pub const FAILURES_PER_USER: u32 = 10;

/// Failed logins from one address within the window after which further attempts are refused.
pub const FAILURES_PER_ADDRESS: u32 = 30;

/// How long a session lasts from sign-in.
pub const SESSION_LIFETIME: Duration = Duration::hours(8);

/// What came of a login attempt.
pub enum LoginOutcome {
    /// The password was right: a session was opened.
    SignedIn {
        /// The account.
        user: User,
        /// The new session id, for the cookie; the store keeps only its digest.
        session_id: String,
    },
    /// Unknown user, wrong password or inactive account; which one is not told.
    Refused,
    /// Too many failures in the window; nothing was checked.
    Throttled,
}

/// One login attempt at `now` from `address`.
pub async fn attempt(
    store: &Store,
    username: &str,
    password: &str,
    address: &str,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, AppError> {
    let since = now - THROTTLE_WINDOW;
    let by_user = store.failed_logins_for_user_since(username, since).await?;
    let by_address = store
        .failed_logins_from_address_since(address, since)
        .await?;
    let record = |success: bool, reason: &str| LoginEvent {
        at: now,
        username: username.to_owned(),
        address: address.to_owned(),
        success,
        reason: reason.to_owned(),
    };
    if by_user >= FAILURES_PER_USER || by_address >= FAILURES_PER_ADDRESS {
        store.record_login(&record(false, "throttled")).await?;
        tracing::warn!(login.address = address, "login throttled");
        return Ok(LoginOutcome::Throttled);
    }
    let refused = match store.credentials(username).await? {
        None => {
            verify_against_nothing(password);
            Some("unknown_user")
        }
        Some((_, hash)) if !verify_password(password, &hash) => Some("wrong_password"),
        Some((user, _)) if !user.active => Some("inactive"),
        Some((user, _)) => {
            let session_id = open_session(store, &user, now).await?;
            store.record_login(&record(true, "password")).await?;
            tracing::info!(user.id = user.id, "signed in");
            return Ok(LoginOutcome::SignedIn { user, session_id });
        }
    };
    if let Some(reason) = refused {
        store.record_login(&record(false, reason)).await?;
    }
    Ok(LoginOutcome::Refused)
}

/// Opens a session for `user` and returns its id (the cookie value).
pub async fn open_session(
    store: &Store,
    user: &User,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let session_id = secret::random_secret();
    let csrf = secret::random_secret();
    store
        .create_session(
            &secret::digest(&session_id),
            &user.username,
            &csrf,
            now,
            now + SESSION_LIFETIME,
        )
        .await?;
    Ok(session_id)
}
