//! The tamper-evident ledger as pages and the API show it: who may read an entry, the inclusion
//! check run for a reader, the public key to publish, and how hashes, times and kinds are
//! written.
//!
//! The ledger itself (hashing, proofs, signatures) is `jixiao_ledger`; the entries and heads are
//! kept by the store. This module only decides and presents, so that the entry page and the
//! entry API answer alike.

use chrono::{DateTime, FixedOffset};
use jixiao_core::ProjectCode;
use jixiao_core::access::{Action, Denied, DeniedReason};
use jixiao_ledger::{Entry, Hash, ProofError, VerifyingKey, leaf_hash, verify_inclusion};
use jixiao_store::{LedgerEntry, Store, StoreError, StoredHead};

use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::{Locale, t};

/// The offset of China Standard Time from UTC, in seconds. Asia/Shanghai has kept UTC+8 without
/// daylight saving since 1991, so a fixed offset names its local time exactly for every entry
/// this system can hold, without a time-zone database.
const CHINA_OFFSET_SECONDS: i32 = 8 * 3600;

/// Bytes as lowercase hexadecimal digits, the way hashes, signatures and keys are published.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A time in milliseconds since the Unix epoch as China Standard Time, `2025-03-31 14:05:09`;
/// the label saying so (`ledger.time_zone`) goes beside it on the page.
pub fn china_time(ms: i64) -> String {
    let offset = FixedOffset::east_opt(CHINA_OFFSET_SECONDS).expect("UTC+8 is a valid offset");
    DateTime::from_timestamp_millis(ms).map_or_else(
        || ms.to_string(),
        |at| {
            at.with_timezone(&offset)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    )
}

/// The key readers should check signatures with: the configured signing key's public half,
/// else the key of the latest stored head, else none (nothing was ever signed).
pub fn public_key(state: &AppState, latest: Option<&StoredHead>) -> Option<VerifyingKey> {
    state
        .signing_key
        .as_ref()
        .map(|key| key.verifying_key())
        .or_else(|| latest.map(|head| head.public_key))
}

/// The size proofs are given against when the caller names none: the latest signed head's,
/// since that is the root an outside copy holds, else the whole current log.
pub async fn default_size(store: &Store) -> Result<u64, AppError> {
    Ok(match store.latest_tree_head().await? {
        Some(head) => head.head.head.size,
        None => store.ledger_size().await?,
    })
}

/// The name of an entry kind in the reader's language, and whether the entry records a
/// removal (`expenditure_removed`). An unknown kind is shown as it is written.
pub fn kind_name(locale: Locale, kind: &str) -> (String, bool) {
    let (base, removed) = match kind.strip_suffix("_removed") {
        Some(base) => (base, true),
        None => (kind, false),
    };
    let key = match base {
        "budget_line" => "ledger.kind.budget_line",
        "adjustment" => "ledger.kind.adjustment",
        "expenditure" => "ledger.kind.expenditure",
        "reading" => "ledger.kind.reading",
        "user" => "ledger.kind.user",
        "stage_line" => "ledger.kind.stage_line",
        "budget_state" => "ledger.kind.budget_state",
        "adjustment_request" => "ledger.kind.adjustment_request",
        _ => return (kind.to_owned(), false),
    };
    (t(locale, key).to_owned(), removed)
}

/// The name of a content field in the reader's language; the key itself when it is not one the
/// store writes.
pub fn field_name(locale: Locale, key: &str) -> String {
    let catalogue_key = match key {
        "name" => "ledger.field.name",
        "category" => "ledger.field.category",
        "amount_fen" => "ledger.field.amount_fen",
        "profile" => "ledger.field.profile",
        "date" => "ledger.field.date",
        "line" => "ledger.field.line",
        "reason" => "ledger.field.reason",
        "fiscal_year" => "ledger.field.fiscal_year",
        "description" => "ledger.field.description",
        "explanation" => "ledger.field.explanation",
        "indicator" => "ledger.field.indicator",
        "value" => "ledger.field.value",
        "grade" => "ledger.field.grade",
        "score" => "ledger.field.score",
        "display_name" => "ledger.field.display_name",
        "organization" => "ledger.field.organization",
        "active" => "ledger.field.active",
        "roles" => "ledger.field.roles",
        _ => return key.to_owned(),
    };
    t(locale, catalogue_key).to_owned()
}

/// Why an inclusion check failed, in the reader's language.
pub fn failure_reason(locale: Locale, error: &ProofError) -> &'static str {
    let key = match error {
        ProofError::RootMismatch => "ledger.reason.root",
        ProofError::BadSignature => "ledger.reason.signature",
        ProofError::WrongProofLength => "ledger.reason.length",
        ProofError::SizeOutOfRange { .. } => "ledger.reason.size",
        ProofError::IndexOutOfRange { .. } | ProofError::InvalidHex => "ledger.reason.other",
    };
    t(locale, key)
}

/// What an entry's record belongs to, read from its kind and record name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordOwner {
    /// A record of a project: a cost line, adjustment, payment or reading.
    Project(ProjectCode),
    /// A user account, by username.
    User(String),
    /// A kind or record name this version does not know.
    Unknown,
}

/// What `entry`'s record belongs to: project records are named `<project>/…`, users by their
/// username.
pub fn record_owner(entry: &Entry) -> RecordOwner {
    let base = entry.kind.strip_suffix("_removed").unwrap_or(&entry.kind);
    match base {
        "budget_line" | "adjustment" | "expenditure" | "reading" => entry
            .record
            .split_once('/')
            .and_then(|(code, _)| ProjectCode::new(code.to_owned()).ok())
            .map_or(RecordOwner::Unknown, RecordOwner::Project),
        "user" => RecordOwner::User(entry.record.clone()),
        _ => RecordOwner::Unknown,
    }
}

/// Decides whether the viewer may read `entry`: with `view_audit` over the organization its
/// record belongs to, with `view_project` on the project for a project's records, and always for
/// the entries about the viewer's own account.
///
/// A record whose project or user no longer exists belongs to no organization; only a
/// `view_audit` that reaches everywhere covers it. 401 without a signed-in viewer, 403 naming
/// the permission otherwise.
pub async fn authorize_entry(
    state: &AppState,
    viewer: &Viewer,
    entry: &Entry,
) -> Result<(), AppError> {
    let signed_in = viewer.require()?;
    match record_owner(entry) {
        RecordOwner::Project(code) => match state.store.project(&code).await {
            Ok(summary) => {
                let organization = &summary.project.organization;
                match viewer.authorize(Action::ViewAudit, organization) {
                    Ok(_) => Ok(()),
                    // The project permission is the one most readers of a project entry hold,
                    // so its refusal is the one worth naming.
                    Err(_) => viewer
                        .authorize(Action::ViewProject, organization)
                        .map(|_| ()),
                }
            }
            Err(StoreError::NotFound { .. }) => audit_everywhere(viewer),
            Err(error) => Err(error.into()),
        },
        RecordOwner::User(username) if username == signed_in.user.username => Ok(()),
        RecordOwner::User(username) => match state.store.user(&username).await {
            Ok(user) => viewer
                .authorize(Action::ViewAudit, &user.organization)
                .map(|_| ()),
            Err(StoreError::NotFound { .. }) => audit_everywhere(viewer),
            Err(error) => Err(error.into()),
        },
        RecordOwner::Unknown => audit_everywhere(viewer),
    }
}

/// Allows only a viewer whose `view_audit` reaches every organization.
fn audit_everywhere(viewer: &Viewer) -> Result<(), AppError> {
    match viewer.visible(Action::ViewAudit)? {
        None => Ok(()),
        Some(_) => Err(AppError::Forbidden(Denied {
            action: Action::ViewAudit,
            reason: DeniedReason::OutOfScope,
        })),
    }
}

/// The inclusion check of one entry, as the entry page shows it.
#[derive(Debug, Clone)]
pub struct InclusionCheck {
    /// The leaf hash recomputed from the entry's stored bytes.
    pub leaf: Hash,
    /// The tree size the proof is for.
    pub size: u64,
    /// The root the proof must lead to.
    pub root: Hash,
    /// The signed head whose root that is, or `None` when no signed head covers the entry yet
    /// and the check ran against the current log.
    pub head: Option<StoredHead>,
    /// The sibling hashes from the leaf upwards.
    pub proof: Vec<Hash>,
    /// `Ok` when the proof leads from the leaf to the root and the head's signature verifies.
    pub outcome: Result<(), ProofError>,
}

/// Checks that `entry` is in the log: against the latest signed head when it covers the entry,
/// otherwise against the current log.
///
/// The leaf hash is recomputed from the stored bytes rather than read, so that altered bytes
/// fail the check. A signed head larger than the log (entries cut off) fails it too.
pub async fn check_inclusion(
    store: &Store,
    entry: &LedgerEntry,
) -> Result<InclusionCheck, AppError> {
    let leaf = leaf_hash(&entry.bytes);
    let head = store
        .latest_tree_head()
        .await?
        .filter(|head| head.head.head.size > entry.index);
    let (size, root) = match &head {
        Some(head) => (head.head.head.size, head.head.head.root),
        None => {
            let size = store.ledger_size().await?;
            (size, store.ledger_root_at(size).await?)
        }
    };
    let (proof, mut outcome) = match store.inclusion_proof(entry.index, size).await {
        Ok(proof) => {
            let outcome = verify_inclusion(&leaf, entry.index, size, &proof, &root);
            (proof, outcome)
        }
        Err(StoreError::Invalid(_)) => {
            let held = store.ledger_size().await?;
            let short = ProofError::SizeOutOfRange {
                asked: size,
                limit: held,
            };
            (Vec::new(), Err(short))
        }
        Err(error) => return Err(error.into()),
    };
    if let Some(head) = &head {
        outcome = outcome.and_then(|()| head.head.verify(&head.public_key));
    }
    Ok(InclusionCheck {
        leaf,
        size,
        root,
        head,
        proof,
        outcome,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: &str, record: &str) -> Entry {
        Entry {
            sequence: 0,
            time_ms: 0,
            actor: "admin".into(),
            kind: kind.into(),
            record: record.into(),
            content: Vec::new(),
        }
    }

    #[test]
    fn records_belong_to_their_project_or_user() {
        let project = |code: &str| RecordOwner::Project(ProjectCode::new(code.to_owned()).unwrap());
        let cases = [
            ("budget_line", "P-01/2024/101", project("P-01")),
            ("adjustment_removed", "P-01/2024/0", project("P-01")),
            ("expenditure", "G15-QL/3", project("G15-QL")),
            ("reading", "P-01/12", project("P-01")),
            ("user", "engineer", RecordOwner::User("engineer".into())),
            ("user_removed", "x", RecordOwner::User("x".into())),
            ("expenditure", "no-slash", RecordOwner::Unknown),
            ("budget", "P-01/2024", RecordOwner::Unknown),
        ];
        for (kind, record, expected) in cases {
            assert_eq!(
                record_owner(&entry(kind, record)),
                expected,
                "{kind} {record}"
            );
        }
    }

    #[test]
    fn kinds_are_named_in_the_readers_language_with_removals_marked() {
        let cases = [
            (Locale::Zh, "budget_line", ("预算明细", false)),
            (Locale::Zh, "adjustment", ("预算调整", false)),
            (Locale::Zh, "expenditure_removed", ("支出", true)),
            (Locale::Zh, "reading", ("指标读数", false)),
            (Locale::En, "user", ("User", false)),
            (Locale::En, "mystery_removed", ("mystery_removed", false)),
        ];
        for (locale, kind, (name, removed)) in cases {
            assert_eq!(
                kind_name(locale, kind),
                (name.to_owned(), removed),
                "{kind}"
            );
        }
    }

    #[test]
    fn times_are_written_in_china_standard_time_and_bytes_in_hex() {
        // 2024-12-31 16:30:00 UTC is already the new year in Beijing.
        assert_eq!(china_time(1_735_662_600_000), "2025-01-01 00:30:00");
        assert_eq!(china_time(0), "1970-01-01 08:00:00");
        assert_eq!(hex(&[0x00, 0x0f, 0xab]), "000fab");
        assert_eq!(field_name(Locale::En, "amount_fen"), "Amount (fen)");
        assert_eq!(field_name(Locale::Zh, "unheard_of"), "unheard_of");
    }
}
