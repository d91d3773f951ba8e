//! The key file that signs the ledger's tree heads: where it lives, and how it is created and read.
//!
//! The file holds exactly the 32 secret bytes of an Ed25519 key and nothing else, so that it can
//! be backed up, moved into a secrets manager or replaced without any tool of ours. It is created
//! on first need with owner-only permissions. The secret is never logged or printed; the path and
//! the public key are, so that an operator can publish the key heads are checked against.

use std::fmt::Write as _;
use std::io::{ErrorKind, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use jixiao_ledger::{SigningKey, signing_key_from_secret};
use rand::TryRngCore;
use rand::rngs::OsRng;

/// The file name of the key when no path is given.
pub const DEFAULT_FILE_NAME: &str = "ledger-signing.key";

/// The length of the key file: one Ed25519 secret.
const SECRET_LEN: usize = 32;

/// Where the key lives when no path is given: beside the SQLite file of a `sqlite:` URL, or in
/// the current directory for any other database.
///
/// Keeping the key beside the database makes a SQLite deployment one folder to back up; a
/// PostgreSQL deployment has no such folder, so the key stays where the command runs unless
/// `--ledger-key` says otherwise.
pub fn default_path(db_url: &str) -> PathBuf {
    data_dir(db_url).join(DEFAULT_FILE_NAME)
}

/// The key at `path`, or the key at the default path for `db_url` when `path` is absent;
/// created when the file does not exist yet.
pub fn load_or_create(path: Option<&Path>, db_url: &str) -> anyhow::Result<SigningKey> {
    let path = path.map_or_else(|| default_path(db_url), Path::to_path_buf);
    match read(&path)? {
        Some(key) => {
            tracing::info!(
                key.path = %path.display(),
                key.public = %hex(key.verifying_key().as_bytes()),
                "ledger signing key loaded"
            );
            Ok(key)
        }
        None => create(&path),
    }
}

/// Lowercase hexadecimal, the form in which keys and signatures are printed.
pub fn hex(bytes: &[u8]) -> String {
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        // Writing to a String cannot fail.
        let _ = write!(text, "{byte:02x}");
    }
    text
}

/// The directory of the SQLite file a URL names, or the current directory.
fn data_dir(db_url: &str) -> PathBuf {
    let here = PathBuf::from(".");
    let Some(rest) = db_url.strip_prefix("sqlite:") else {
        return here;
    };
    let file = rest.trim_start_matches("//");
    let file = file.split_once('?').map_or(file, |(file, _)| file);
    if file.is_empty() || file == ":memory:" {
        return here;
    }
    match Path::new(file).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => here,
    }
}

/// Reads the key at `path`; `None` when there is no file.
fn read(path: &Path) -> anyhow::Result<Option<SigningKey>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
        Err(err) => {
            return Err(err)
                .with_context(|| format!("reading the ledger signing key {}", path.display()));
        }
    };
    let Ok(secret) = <[u8; SECRET_LEN]>::try_from(bytes.as_slice()) else {
        bail!(
            "the ledger signing key {} holds {} bytes, but a key file holds exactly {SECRET_LEN}; \
             restore the right file or point --ledger-key elsewhere",
            path.display(),
            bytes.len()
        );
    };
    warn_if_shared(path);
    Ok(Some(signing_key_from_secret(&secret)))
}

/// Creates a new key file at `path` with fresh random bytes, readable by its owner only.
fn create(path: &Path) -> anyhow::Result<SigningKey> {
    let shown = path.display();
    if let Some(parent) = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the folder of the ledger signing key {shown}"))?;
    }
    let mut secret = [0u8; SECRET_LEN];
    OsRng
        .try_fill_bytes(&mut secret)
        .context("drawing random bytes for a ledger signing key")?;
    let mut options = std::fs::OpenOptions::new();
    // `create_new` refuses to overwrite a file that appeared since it was looked for, such as one
    // written by a second process starting at the same moment; that file is then used instead.
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = match options.open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == ErrorKind::AlreadyExists => {
            return read(path)?.with_context(|| format!("reading the ledger signing key {shown}"));
        }
        Err(err) => {
            return Err(err).with_context(|| format!("creating the ledger signing key {shown}"));
        }
    };
    file.write_all(&secret)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing the ledger signing key {shown}"))?;
    let key = signing_key_from_secret(&secret);
    tracing::info!(
        key.path = %shown,
        key.public = %hex(key.verifying_key().as_bytes()),
        "ledger signing key created"
    );
    Ok(key)
}

/// Warns when others than the owner may read the key file: anyone who can read it can sign heads
/// that pass for ours.
fn warn_if_shared(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(metadata) = std::fs::metadata(path) {
            let mode = metadata.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                tracing::warn!(
                    key.path = %path.display(),
                    mode = format!("{mode:o}"),
                    "the ledger signing key can be read by other users; restrict it to its owner \
                     (chmod 600)"
                );
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_key_lives_beside_a_sqlite_file_and_elsewhere_in_the_current_directory() {
        let cases = [
            ("sqlite://jixiao.db", "./ledger-signing.key"),
            ("sqlite:jixiao.db", "./ledger-signing.key"),
            ("sqlite://data/jixiao.db", "data/ledger-signing.key"),
            (
                "sqlite:///var/lib/jixiao/jixiao.db?mode=rwc",
                "/var/lib/jixiao/ledger-signing.key",
            ),
            ("sqlite::memory:", "./ledger-signing.key"),
            ("postgres://u:p@host/db", "./ledger-signing.key"),
        ];
        for (url, expected) in cases {
            assert_eq!(default_path(url), PathBuf::from(expected), "{url}");
        }
    }

    #[test]
    fn hex_is_two_lowercase_digits_per_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
        assert_eq!(hex(&[]), "");
    }
}
