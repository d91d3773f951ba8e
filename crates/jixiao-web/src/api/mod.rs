//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document built from the same
//! route definitions that serve it, so the two cannot drift apart.
//!
//! Responses are shaped by the API's own structs (DTOs) rather than the core types: the API is
//! a contract with outside programs and changes more slowly than the domain. Money crosses as
//! decimal strings in 元 (`"432000.00"`), never as floating-point numbers. Errors are RFC 9457
//! problem documents, written by [`crate::error`].
//!
//! Every route but the OpenAPI document and the latest signed tree head needs a credential: a
//! personal API token sent as `Authorization: Bearer jx_…`, or for reading, the session cookie
//! of a signed-in browser. The same permission table as the pages decides what the caller may
//! see and do.

pub mod account_dto;
pub mod admin;
pub mod import;
pub mod ledger;
pub mod ledger_dto;
pub mod library;
pub mod owners;
pub mod portfolio;
pub mod preparation;
pub mod project_dto;
pub mod projects;
pub mod readings;
pub mod stages;
pub mod targets;

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use jixiao_core::{Execution, Money};
use rust_decimal::RoundingStrategy;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

/// The document's fixed parts; paths and schemas are added by the router.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Jixiao API",
        description = "Budget execution of public engineering projects. Money is a decimal \
                       string in yuan (元); rates are decimal fractions (0.9243 = 92.43%).",
        license(name = "Apache-2.0", identifier = "Apache-2.0")
    ),
    tags(
        (name = "projects", description = "Projects, their budgets, payments and indicators"),
        (name = "portfolio", description = "Totals over the projects the caller may see"),
        (name = "accounts", description = "User accounts and the login audit record"),
        (name = "ledger", description = "The tamper-evident ledger (RFC 9162): signed tree heads, entries and proofs"),
        (name = "library", description = "The target library: indicator templates per project type, with the actual values of completed projects"),
        (name = "meta", description = "This description")
    ),
    components(schemas(crate::error::Problem)),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

/// Adds the `bearer` security scheme: personal API tokens (`jx_…`) created on the
/// `/account/tokens` page.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A personal API token (jx_ followed by 43 characters), created on the \
                         /account/tokens page and shown once.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The API routes with their OpenAPI description; every route is added through `routes!` so
/// that it appears in the document.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(projects::list, import::create))
        .routes(routes!(projects::show))
        .routes(routes!(projects::budgets))
        .routes(routes!(projects::expenditures))
        .routes(routes!(projects::indicators))
        .routes(routes!(readings::record))
        .routes(routes!(stages::list))
        .routes(routes!(stages::put))
        .routes(routes!(targets::show, targets::put))
        .routes(routes!(targets::library))
        .routes(routes!(library::list))
        .routes(routes!(library::put, library::delete))
        .routes(routes!(preparation::workflow))
        .routes(routes!(preparation::transitions))
        .routes(routes!(preparation::put_line))
        .routes(routes!(preparation::put_justification))
        .routes(routes!(preparation::post_review))
        .routes(routes!(preparation::propose))
        .routes(routes!(preparation::decision))
        .routes(routes!(projects::responsibilities, owners::assign))
        .routes(routes!(admin::users))
        .routes(routes!(admin::logins))
        .routes(routes!(portfolio::summary))
        .routes(routes!(portfolio::monthly))
        .routes(routes!(ledger::head))
        .routes(routes!(ledger::sign))
        .routes(routes!(ledger::entry))
        .routes(routes!(ledger::inclusion))
        .routes(routes!(ledger::consistency))
        .routes(routes!(openapi_json))
}

/// The OpenAPI document as JSON, built once.
pub fn openapi_json_text() -> &'static str {
    static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
        router()
            .into_openapi()
            .to_pretty_json()
            .expect("the OpenAPI document serializes")
    });
    DOCUMENT.as_str()
}

/// The OpenAPI document of this API.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json"))
)]
pub async fn openapi_json() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        openapi_json_text(),
    )
}

/// A budget and its spending.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExecutionDto {
    /// The adjusted budget (调整后预算) in 元.
    #[schema(value_type = String, example = "1250000.00")]
    pub budget: Money,
    /// The amount spent in 元.
    #[schema(value_type = String, example = "1093750.00")]
    pub executed: Money,
    /// executed / budget as a decimal fraction with four places; null without a budget.
    #[schema(example = "0.8750")]
    pub execution_rate: Option<String>,
}

impl From<&Execution> for ExecutionDto {
    fn from(execution: &Execution) -> Self {
        ExecutionDto {
            budget: execution.budget,
            executed: execution.executed,
            execution_rate: rate_text(execution),
        }
    }
}

/// The execution rate as a decimal fraction with four places, rounded half away from zero.
pub fn rate_text(execution: &Execution) -> Option<String> {
    execution.rate().map(|rate| {
        let rounded = rate.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
        format!("{rounded:.4}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_four_place_fractions_or_null() {
        let execution = |budget, executed| Execution {
            budget: Money::from_fen(budget),
            executed: Money::from_fen(executed),
        };
        let cases = [
            ((300, 100), Some("0.3333")),
            ((200, 200), Some("1.0000")),
            ((3, 2), Some("0.6667")),
            ((0, 5), None),
        ];
        for ((budget, executed), expected) in cases {
            assert_eq!(rate_text(&execution(budget, executed)).as_deref(), expected);
        }
    }
}
