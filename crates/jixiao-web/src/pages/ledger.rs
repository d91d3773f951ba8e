//! The public ledger page (`/ledger`): the signing key, the latest signed tree head, recent
//! heads and how anyone can check them; the page of one entry (`/ledger/entries/{index}`) with
//! its content and a server-side inclusion check; and the history rows that the project page
//! and the reader's own page list.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jixiao_core::Money;
use jixiao_store::{LedgerEntry, StoredHead};

use super::projects::project_href;
use super::{PageCtx, render};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::format;
use crate::i18n::{Locale, fill};
use crate::ledger::{
    RecordOwner, authorize_entry, check_inclusion, china_time, failure_reason, field_name, hex,
    kind_name, public_key, record_owner,
};

/// How many signed heads the public page lists.
const RECENT_HEADS: u32 = 20;

/// One signed tree head, written out.
#[derive(Debug, Clone)]
pub struct HeadView {
    /// The number of entries it covers, with thousands separators.
    pub size: String,
    /// The root hash in hexadecimal.
    pub root: String,
    /// When it was signed, in China Standard Time.
    pub signed_at: String,
    /// The signature in hexadecimal.
    pub signature: String,
    /// Whether the signature verifies under the head's own key.
    pub signature_ok: bool,
}

impl HeadView {
    fn new(stored: &StoredHead) -> Self {
        let head = &stored.head.head;
        HeadView {
            size: grouped(head.size),
            root: head.root.to_string(),
            signed_at: china_time(i64::try_from(head.timestamp_ms).unwrap_or(i64::MAX)),
            signature: hex(&stored.head.signature),
            signature_ok: stored.head.verify(&stored.public_key).is_ok(),
        }
    }
}

#[derive(Template)]
#[template(path = "ledger.html")]
struct LedgerPage {
    ctx: PageCtx,
    public_key: Option<String>,
    latest: Option<HeadView>,
    heads: Vec<HeadView>,
    current: String,
}

/// `GET /ledger`: public, no sign-in needed.
pub async fn page(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, AppError> {
    let stored = state.store.tree_heads(RECENT_HEADS).await?;
    let size = state.store.ledger_size().await?;
    let signed = stored.first().map_or(0, |head| head.head.head.size);
    let current = fill(
        ctx.locale,
        "ledger.current_size",
        &[
            ("size", &grouped(size)),
            ("unsigned", &grouped(size.saturating_sub(signed))),
        ],
    );
    render(&LedgerPage {
        public_key: public_key(&state, stored.first()).map(|key| hex(key.as_bytes())),
        latest: stored.first().map(HeadView::new),
        heads: stored.iter().map(HeadView::new).collect(),
        current,
        ctx,
    })
}

/// One content field, written out.
#[derive(Debug, Clone)]
pub struct FieldRow {
    /// The field's name in the reader's language.
    pub label: String,
    /// The key as encoded.
    pub key: String,
    /// The value as encoded.
    pub value: String,
    /// The value read for people, such as an amount in fen written in 万元.
    pub note: Option<String>,
}

/// The outcome of the inclusion check, written out.
#[derive(Debug, Clone)]
pub struct CheckView {
    /// Whether the entry verified.
    pub verified: bool,
    /// The sentence that says what was checked, or why it failed.
    pub statement: String,
    /// What the entry was checked against: a signed head or the current log.
    pub against: String,
    /// The root the proof leads to.
    pub root: String,
    /// When the head was signed; `None` against the current log.
    pub signed_at: Option<String>,
    /// The proof hashes in hexadecimal, leaf to root.
    pub proof: Vec<String>,
}

#[derive(Template)]
#[template(path = "ledger_entry.html")]
struct EntryPage {
    ctx: PageCtx,
    title: String,
    index: u64,
    time: String,
    actor: String,
    kind: String,
    removed: bool,
    record: String,
    project_href: Option<String>,
    leaf: String,
    fields: Vec<FieldRow>,
    bytes_label: String,
    bytes: String,
    check: CheckView,
}

/// `GET /ledger/entries/{index}`: one entry and its inclusion check, for readers who may audit
/// it or view its project.
pub async fn entry(
    State(state): State<AppState>,
    ctx: PageCtx,
    viewer: Viewer,
    Path(index): Path<String>,
) -> Result<Response, AppError> {
    viewer.require()?;
    let index = index.parse::<u64>().map_err(|_| AppError::NotFound {
        entity: "ledger entry",
        key: index.clone(),
    })?;
    let stored = state.store.ledger_entry(index).await?;
    authorize_entry(&state, &viewer, &stored.entry).await?;
    let check = check_inclusion(&state.store, &stored).await?;
    let locale = ctx.locale;
    let entry = &stored.entry;
    let (kind, removed) = kind_name(locale, &entry.kind);
    let project_href = match record_owner(entry) {
        RecordOwner::Project(code) => Some(format!("{}#history", project_href(code.as_str()))),
        _ => None,
    };
    let count = check.proof.len().to_string();
    let size = grouped(check.size);
    let (statement, against) = match (&check.outcome, &check.head) {
        (Ok(()), Some(_)) => (
            fill(
                locale,
                "ledger.verified_head",
                &[("size", &size), ("count", &count)],
            ),
            fill(locale, "ledger.against_head", &[("size", &size)]),
        ),
        (Ok(()), None) => (
            fill(
                locale,
                "ledger.verified_current",
                &[("size", &size), ("count", &count)],
            ),
            fill(locale, "ledger.against_current", &[("size", &size)]),
        ),
        (Err(error), head) => (
            fill(
                locale,
                "ledger.failed_text",
                &[("reason", failure_reason(locale, error))],
            ),
            match head {
                Some(_) => fill(locale, "ledger.against_head", &[("size", &size)]),
                None => fill(locale, "ledger.against_current", &[("size", &size)]),
            },
        ),
    };
    let check_view = CheckView {
        verified: check.outcome.is_ok(),
        statement,
        against,
        root: check.root.to_string(),
        signed_at: check
            .head
            .as_ref()
            .map(|head| china_time(i64::try_from(head.head.head.timestamp_ms).unwrap_or(i64::MAX))),
        proof: check.proof.iter().map(ToString::to_string).collect(),
    };
    render(&EntryPage {
        title: fill(
            locale,
            "ledger.entry_title",
            &[("index", &index.to_string())],
        ),
        index,
        time: china_time(entry.time_ms),
        actor: entry.actor.clone(),
        kind,
        removed,
        record: entry.record.clone(),
        project_href,
        leaf: check.leaf.to_string(),
        fields: field_rows(locale, &entry.content),
        bytes_label: fill(
            locale,
            "ledger.bytes",
            &[("count", &stored.bytes.len().to_string())],
        ),
        bytes: STANDARD.encode(&stored.bytes),
        check: check_view,
        ctx,
    })
}

/// The content fields with their names, and amounts in fen also written in 万元.
fn field_rows(locale: Locale, content: &[(String, String)]) -> Vec<FieldRow> {
    content
        .iter()
        .map(|(key, value)| FieldRow {
            label: field_name(locale, key),
            key: key.clone(),
            value: value.clone(),
            note: (key == "amount_fen")
                .then(|| value.parse::<i64>().ok())
                .flatten()
                .map(|fen| {
                    fill(
                        locale,
                        "ledger.amount_wan",
                        &[("amount", &format::wan(Money::from_fen(fen)))],
                    )
                }),
        })
        .collect()
}

/// One line of a history list, written out.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// When, in China Standard Time, to the minute.
    pub time: String,
    /// Who recorded it.
    pub actor: String,
    /// The kind in the reader's language.
    pub kind: String,
    /// Whether the entry records a removal.
    pub removed: bool,
    /// The record's name.
    pub record: String,
    /// The ledger index.
    pub index: u64,
    /// The entry's verification page.
    pub href: String,
}

/// The rows of a history list, in the order given (newest first from the store).
pub fn history_rows(locale: Locale, entries: &[LedgerEntry]) -> Vec<HistoryRow> {
    entries
        .iter()
        .map(|stored| {
            let (kind, removed) = kind_name(locale, &stored.entry.kind);
            let mut time = china_time(stored.entry.time_ms);
            // Seconds add noise to a list; the entry page shows them.
            time.truncate(16);
            HistoryRow {
                time,
                actor: stored.entry.actor.clone(),
                kind,
                removed,
                record: stored.entry.record.clone(),
                index: stored.index,
                href: format!("/ledger/entries/{}", stored.index),
            }
        })
        .collect()
}

/// The sentence above a project's history list.
pub fn history_lead(locale: Locale, count: usize) -> String {
    fill(locale, "history.lead", &[("count", &count.to_string())])
}

/// A count with thousands separators, as figures are written on pages.
fn grouped(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        let cases = [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (123_456, "123,456"),
            (1_234_567, "1,234,567"),
        ];
        for (count, text) in cases {
            assert_eq!(grouped(count), text);
        }
    }

    #[test]
    fn amounts_in_fen_get_a_note_in_wan_and_other_fields_none() {
        let rows = field_rows(
            Locale::Zh,
            &[
                ("amount_fen".into(), "123456789".into()),
                ("date".into(), "2025-03-31".into()),
                ("amount_fen".into(), "not a number".into()),
            ],
        );
        assert_eq!(rows[0].note.as_deref(), Some("合 123.46 万元"));
        assert_eq!(rows[0].label, "金额（分）");
        assert_eq!(rows[1].note, None);
        assert_eq!(rows[2].note, None);
    }
}
