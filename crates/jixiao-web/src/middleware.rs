//! The layers around every route: request ids, one tracing span per request, and the security
//! headers.
//!
//! The span carries the method, the route template (`/projects/{code}`, never the raw path, so
//! that logs group by route and codes do not fill the log index), the request id, the id of the
//! signed-in user (recorded by the authentication layer), and once the response is ready the
//! status and the duration in milliseconds.

use std::time::Duration;

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue, Response, header};
use tower::ServiceBuilder;
use tower_http::request_id::{
    MakeRequestUuid, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnRequest, TraceLayer};
use tracing::Span;

/// The content security policy: everything from our own origin, images also as `data:` URLs,
/// no inline scripts or styles, and no framing by other sites.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";

/// The name of the request id header.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Adds the layers to a router: the request id is set first so the span can carry it, and is
/// copied onto the response for the client to quote when reporting a problem.
pub fn apply(router: axum::Router) -> axum::Router {
    let header =
        |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    router
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(make_span)
                        .on_request(DefaultOnRequest::new())
                        .on_response(on_response),
                )
                .layer(PropagateRequestIdLayer::new(REQUEST_ID)),
        )
        .layer(header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
}

fn make_span(request: &Request) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    let request_id = request
        .extensions()
        .get::<RequestId>()
        .and_then(|id| id.header_value().to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        request_id,
        user_id = tracing::field::Empty,
        status = tracing::field::Empty,
        duration_ms = tracing::field::Empty,
    )
}

fn on_response<B>(response: &Response<B>, latency: Duration, span: &Span) {
    span.record("status", response.status().as_u16());
    span.record("duration_ms", latency.as_millis() as u64);
    tracing::info!("request finished");
}
