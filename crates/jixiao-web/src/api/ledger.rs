//! `/api/v1/ledger…`: the latest signed tree head (public), signing a head on demand
//! (`manage_users`), one entry (`view_audit`, or `view_project` on the entry's project), and
//! inclusion and consistency proofs (`view_audit`).
//!
//! An outside copy keeps the heads it fetched; with the proofs it checks that an entry it holds
//! is in the log and that a later log only extends an earlier one, without trusting this server.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use jixiao_core::access::{Action, Denied, DeniedReason};
use serde::Deserialize;

use super::ledger_dto::{
    ConsistencyProofDto, InclusionProofDto, LedgerEntryDto, TreeHeadDto, hex_list,
};
use crate::AppState;
use crate::auth::Viewer;
use crate::error::{AppError, Problem};
use crate::ledger::{authorize_entry, default_size};
use crate::params::Params;

/// Query parameters of an inclusion proof.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionParams {
    /// The entry's position in the ledger, from 0.
    #[param(value_type = u64, required = true)]
    pub index: Option<String>,
    /// The tree size to prove against; the latest signed head's size by default, or the
    /// current size when nothing was signed yet.
    #[param(value_type = Option<u64>, minimum = 1)]
    pub size: Option<String>,
}

/// Query parameters of a consistency proof.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyParams {
    /// The older tree size, such as that of a head kept earlier.
    #[param(value_type = u64, required = true)]
    pub from: Option<String>,
    /// The newer tree size; the latest signed head's size by default, or the current size when
    /// nothing was signed yet.
    #[param(value_type = Option<u64>)]
    pub to: Option<String>,
}

/// The latest signed tree head, for anyone to keep.
#[utoipa::path(
    get,
    path = "/api/v1/ledger/head",
    tag = "ledger",
    responses(
        (status = 200, description = "The latest signed tree head", body = TreeHeadDto),
        (status = 404, description = "No tree head was signed yet", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn head(State(state): State<AppState>) -> Result<Json<TreeHeadDto>, AppError> {
    let head = state
        .store
        .latest_tree_head()
        .await?
        .ok_or_else(|| AppError::NotFound {
            entity: "signed tree head",
            key: "latest".to_owned(),
        })?;
    Ok(Json(TreeHeadDto::from(&head)))
}

/// Signs the ledger as it is now with the server's key, stores the head and returns it.
#[utoipa::path(
    post,
    path = "/api/v1/ledger/heads",
    tag = "ledger",
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The head was signed and stored", body = TreeHeadDto),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks manage_users over every organization", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The server has no signing key configured", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn sign(State(state): State<AppState>, viewer: Viewer) -> Result<Response, AppError> {
    // A head speaks for the whole log, so only a permission over every organization may sign.
    if viewer.visible(Action::ManageUsers)?.is_some() {
        return Err(AppError::Forbidden(Denied {
            action: Action::ManageUsers,
            reason: DeniedReason::OutOfScope,
        }));
    }
    let key = state.signing_key.as_ref().ok_or_else(|| {
        AppError::Unavailable(
            "no signing key is configured on this server; tree heads are signed from the \
             command line"
                .to_owned(),
        )
    })?;
    let stored = state.store.sign_tree_head(key, Utc::now()).await?;
    Ok((StatusCode::CREATED, Json(TreeHeadDto::from(&stored))).into_response())
}

/// One ledger entry with its bytes and leaf hash.
#[utoipa::path(
    get,
    path = "/api/v1/ledger/entries/{index}",
    tag = "ledger",
    params(("index" = u64, Path, description = "The entry's position in the ledger, from 0")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The entry", body = LedgerEntryDto),
        (status = 400, description = "The index is not a whole number", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may neither audit nor view the entry's project", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The ledger has no entry at this index", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn entry(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(index): Path<String>,
) -> Result<Json<LedgerEntryDto>, AppError> {
    viewer.require()?;
    let index = number("index", Some(&index))?
        .ok_or_else(|| AppError::Invalid("index is required".to_owned()))?;
    let stored = state.store.ledger_entry(index).await?;
    authorize_entry(&state, &viewer, &stored.entry).await?;
    Ok(Json(LedgerEntryDto::from(&stored)))
}

/// The proof that one entry is in the tree of the first `size` entries.
#[utoipa::path(
    get,
    path = "/api/v1/ledger/proofs/inclusion",
    tag = "ledger",
    params(InclusionParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The proof and the root it leads to", body = InclusionProofDto),
        (status = 400, description = "index or size is missing, unreadable or out of range", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_audit", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn inclusion(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<InclusionParams>,
) -> Result<Json<InclusionProofDto>, AppError> {
    viewer.visible(Action::ViewAudit)?;
    let index = number("index", params.index.as_deref())?
        .ok_or_else(|| AppError::Invalid("index is required".to_owned()))?;
    let store = &state.store;
    let held = store.ledger_size().await?;
    let size = match number("size", params.size.as_deref())? {
        Some(size) => within("size", size, held)?,
        None => default_size(store).await?,
    };
    if index >= size {
        return Err(AppError::Invalid(format!(
            "index {index} is not below the tree size {size}; pass a larger size, up to {held}"
        )));
    }
    let entry = store.ledger_entry(index).await?;
    let proof = store.inclusion_proof(index, size).await?;
    Ok(Json(InclusionProofDto {
        index,
        size,
        leaf_hash: entry.leaf.to_string(),
        root_hash: store.ledger_root_at(size).await?.to_string(),
        proof: hex_list(&proof),
    }))
}

/// The proof that the tree of the first `to` entries extends that of the first `from`.
#[utoipa::path(
    get,
    path = "/api/v1/ledger/proofs/consistency",
    tag = "ledger",
    params(ConsistencyParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The proof and both roots", body = ConsistencyProofDto),
        (status = 400, description = "from or to is missing, unreadable or out of range", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid credential", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller lacks view_audit", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn consistency(
    State(state): State<AppState>,
    viewer: Viewer,
    Params(params): Params<ConsistencyParams>,
) -> Result<Json<ConsistencyProofDto>, AppError> {
    viewer.visible(Action::ViewAudit)?;
    let from = number("from", params.from.as_deref())?
        .ok_or_else(|| AppError::Invalid("from is required".to_owned()))?;
    let store = &state.store;
    let held = store.ledger_size().await?;
    let to = match number("to", params.to.as_deref())? {
        Some(to) => within("to", to, held)?,
        None => default_size(store).await?,
    };
    if from > to {
        return Err(AppError::Invalid(format!(
            "from {from} is larger than to {to}; a log only grows"
        )));
    }
    let proof = store.consistency_proof(from, to).await?;
    Ok(Json(ConsistencyProofDto {
        from,
        to,
        from_root: store.ledger_root_at(from).await?.to_string(),
        to_root: store.ledger_root_at(to).await?.to_string(),
        proof: hex_list(&proof),
    }))
}

/// A whole number from the parameter `name`; `None` when it is absent or blank.
fn number(name: &str, text: Option<&str>) -> Result<Option<u64>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => text.parse::<u64>().map(Some).map_err(|_| {
            AppError::Invalid(format!(
                "{name} must be a whole number from 0, not \"{text}\""
            ))
        }),
    }
}

/// `value` when the ledger, holding `held` entries, has a tree that large.
fn within(name: &str, value: u64, held: u64) -> Result<u64, AppError> {
    if value > held {
        return Err(AppError::Invalid(format!(
            "{name} {value} is larger than the ledger, which holds {held} entries"
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_with_the_parameter_named_in_every_refusal() {
        /// A parameter's text and the number read from it, or a refusal.
        type Case = (Option<&'static str>, Result<Option<u64>, ()>);
        let cases: &[Case] = &[
            (None, Ok(None)),
            (Some(""), Ok(None)),
            (Some(" 7 "), Ok(Some(7))),
            (Some("0"), Ok(Some(0))),
            (Some("-1"), Err(())),
            (Some("1.5"), Err(())),
            (Some("many"), Err(())),
        ];
        for (text, expected) in cases {
            let got = number("size", *text);
            match (&got, expected) {
                (Ok(value), Ok(wanted)) => assert_eq!(value, wanted, "{text:?}"),
                (Err(AppError::Invalid(message)), Err(())) => {
                    assert!(message.starts_with("size "), "{message}");
                }
                _ => panic!("{text:?}: {got:?}"),
            }
        }
        assert_eq!(within("to", 5, 5).unwrap(), 5);
        let refused = within("to", 6, 5).unwrap_err();
        assert!(matches!(refused, AppError::Invalid(m) if m.starts_with("to 6")));
    }
}
