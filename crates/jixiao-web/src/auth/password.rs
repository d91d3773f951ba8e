//! Password hashing with Argon2id, stored as PHC strings (`$argon2id$v=19$m=…`).
//!
//! The PHC string carries its own salt and cost parameters, so stored hashes stay verifiable
//! when the defaults change later. Deciding whether a new password is acceptable (its length)
//! also lives here, so that the password page and the command line apply the same rule.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// The Argon2id hasher with the library's recommended memory and time costs.
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Hashes `password` with Argon2id and a fresh random salt, as a PHC string.
///
/// Hashing only fails when the operating system cannot supply randomness or the parameters are
/// invalid; neither is something a caller could recover from, so it panics then.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2id hashing with default parameters and a fresh salt succeeds")
        .to_string()
}

/// Whether `password` matches the PHC string `stored`. A malformed stored hash matches nothing.
pub fn verify_password(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of one verification without a stored hash, so that a login for an unknown
/// user takes as long as one with a wrong password and does not reveal which usernames exist.
pub fn verify_against_nothing(password: &str) {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("no account has this password"));
    let _ = verify_password(password, &DUMMY);
}

/// A fresh random password of 20 characters (120 bits, base64url), for accounts created
/// without one; it satisfies [`check_new_password`].
pub fn generate_password() -> String {
    use base64::Engine;
    let mut bytes = [0_u8; 15];
    // Without the operating system's generator no password can be safe; refusing is right.
    getrandom::fill(&mut bytes).expect("the operating system supplies random bytes");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// The two entries differ.
    Mismatch,
}

/// Checks a new password entered twice.
pub fn check_new_password(new: &str, repeated: &str) -> Result<(), PasswordProblem> {
    if new.chars().count() < MIN_PASSWORD_CHARS {
        Err(PasswordProblem::TooShort)
    } else if new != repeated {
        Err(PasswordProblem::Mismatch)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_salted_and_verifies_only_its_password() {
        let first = hash_password("correct horse battery");
        let second = hash_password("correct horse battery");
        assert!(first.starts_with("$argon2id$v=19$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify_password("correct horse battery", &first));
        assert!(verify_password("correct horse battery", &second));
        assert!(!verify_password("correct horse batterY", &first));
        assert!(!verify_password("", &first));
        assert!(!verify_password(
            "correct horse battery",
            "not a phc string"
        ));
        assert!(!verify_password("x", ""));
    }

    #[test]
    fn generated_passwords_are_fresh_and_long_enough() {
        let first = generate_password();
        assert_eq!(first.chars().count(), 20);
        assert_ne!(first, generate_password());
        assert_eq!(check_new_password(&first, &first), Ok(()));
    }

    #[test]
    fn new_passwords_need_ten_characters_entered_twice_alike() {
        let cases = [
            ("123456789", "123456789", Err(PasswordProblem::TooShort)),
            ("一二三四五六七八九十", "一二三四五六七八九十", Ok(())),
            ("0123456789", "0123456789", Ok(())),
            ("0123456789", "0123456780", Err(PasswordProblem::Mismatch)),
            ("", "", Err(PasswordProblem::TooShort)),
        ];
        for (new, repeated, expected) in cases {
            assert_eq!(check_new_password(new, repeated), expected, "{new:?}");
        }
    }
}
