//! Database URLs: which backend a URL names, the small rewrites the store applies before
//! connecting, and the form that may be written to a log (without its password).

use crate::Backend;
use crate::error::{Result, StoreError};

/// A database URL the store knows how to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DatabaseUrl {
    /// The backend the URL names.
    pub backend: Backend,
    /// The URL to hand to the driver.
    pub url: String,
    /// Whether it is an in-memory SQLite database, which lives only as long as its connection.
    pub in_memory: bool,
}

impl DatabaseUrl {
    /// Reads `url`, refusing schemes other than `sqlite:` and `postgres(ql)://`.
    ///
    /// A SQLite URL without a `mode` gets `mode=rwc` so that a missing file is created, which is
    /// what someone starting the application on a fresh machine expects.
    pub fn parse(url: &str) -> Result<Self> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                url: url.to_owned(),
                in_memory: false,
            });
        }
        let Some(rest) = url.strip_prefix("sqlite:") else {
            return Err(StoreError::Invalid(format!(
                "unsupported database URL \"{}\"; expected sqlite://FILE or postgres://…",
                redact(url)
            )));
        };
        let path = rest.trim_start_matches("//");
        let path = path.split_once('?').map_or(path, |(path, _)| path);
        if path.is_empty() {
            return Err(StoreError::Invalid(format!(
                "the SQLite URL \"{url}\" names no file"
            )));
        }
        let in_memory = path == ":memory:" || url.contains("mode=memory");
        let has_mode = url
            .split_once('?')
            .is_some_and(|(_, query)| query.split('&').any(|pair| pair.starts_with("mode=")));
        let url = if has_mode || in_memory {
            url.to_owned()
        } else if url.contains('?') {
            format!("{url}&mode=rwc")
        } else {
            format!("{url}?mode=rwc")
        };
        Ok(DatabaseUrl {
            backend: Backend::Sqlite,
            url,
            in_memory,
        })
    }
}

/// `url` with any password replaced by `***`, both in the user part (`user:secret@host`) and in a
/// `password=` query parameter, so that it can be logged.
pub(crate) fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut out = match base.split_once("://") {
        Some((scheme, rest)) => {
            // The user part ends at the last '@' before the path starts.
            let authority_end = rest.find('/').unwrap_or(rest.len());
            let authority = &rest[..authority_end];
            match authority.rsplit_once('@') {
                Some((user_info, host)) if user_info.contains(':') => {
                    let user = user_info.split_once(':').map_or(user_info, |(u, _)| u);
                    format!("{scheme}://{user}:***@{host}{}", &rest[authority_end..])
                }
                _ => base.to_owned(),
            }
        }
        None => base.to_owned(),
    };
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend_and_sqlite_files_are_created_when_missing() {
        /// The URL given, and the backend, rewritten URL and in-memory flag expected.
        type Case<'a> = (&'a str, Option<(Backend, &'a str, bool)>);
        let cases: &[Case] = &[
            (
                "sqlite://data/jixiao.db",
                Some((Backend::Sqlite, "sqlite://data/jixiao.db?mode=rwc", false)),
            ),
            (
                "sqlite:jixiao.db?cache=shared",
                Some((
                    Backend::Sqlite,
                    "sqlite:jixiao.db?cache=shared&mode=rwc",
                    false,
                )),
            ),
            (
                "sqlite://ro.db?mode=ro",
                Some((Backend::Sqlite, "sqlite://ro.db?mode=ro", false)),
            ),
            (
                "sqlite::memory:",
                Some((Backend::Sqlite, "sqlite::memory:", true)),
            ),
            (
                "postgres://u:p@localhost/db",
                Some((Backend::Postgres, "postgres://u:p@localhost/db", false)),
            ),
            (
                "postgresql://localhost/db",
                Some((Backend::Postgres, "postgresql://localhost/db", false)),
            ),
            ("mysql://localhost/db", None),
            ("sqlite://", None),
            ("jixiao.db", None),
        ];
        for (url, expected) in cases {
            let got = DatabaseUrl::parse(url)
                .ok()
                .map(|parsed| (parsed.backend, parsed.url, parsed.in_memory));
            let expected = expected.map(|(backend, url, memory)| (backend, url.to_owned(), memory));
            assert_eq!(got, expected, "{url}");
        }
    }

    #[test]
    fn redacted_urls_keep_everything_but_the_password() {
        let cases = [
            (
                "postgres://jixiao:secret@db.example:5432/jixiao",
                "postgres://jixiao:***@db.example:5432/jixiao",
            ),
            (
                "postgres://jixiao@localhost/jixiao",
                "postgres://jixiao@localhost/jixiao",
            ),
            (
                "postgres://localhost/jixiao?user=a&password=secret&sslmode=disable",
                "postgres://localhost/jixiao?user=a&password=***&sslmode=disable",
            ),
            ("postgres://u:p@ss@host/db", "postgres://u:***@host/db"),
            ("sqlite://data/jixiao.db", "sqlite://data/jixiao.db"),
        ];
        for (url, redacted) in cases {
            assert_eq!(redact(url), redacted, "{url}");
        }
    }
}
