//! The stylesheet and the icon, compiled into the binary so that a deployment is one file and
//! works on a closed network.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;

/// The one stylesheet of the interface.
const CSS: &str = include_str!("../static/app.css");
/// The site icon: rising bars under a dashed target line, on the header's navy.
const FAVICON: &str = include_str!("../static/favicon.svg");
/// Assets change only with a new build, whose stylesheet address changes with its content, so
/// browsers may keep them for a year.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// A short hash of the stylesheet, added to its address as `?v=` by the page layout.
pub static CSS_VERSION: LazyLock<String> =
    LazyLock::new(|| format!("{:016x}", fnv1a(CSS.as_bytes())));

/// `GET /static/app.css`.
pub async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE_FOREVER),
        ],
        CSS,
    )
}

/// `GET /favicon.svg`.
pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
}

/// The 64-bit FNV-1a hash: tiny, stable across builds and platforms, and enough to tell two
/// stylesheets apart (it is not used for anything an attacker could exploit).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_its_published_test_vectors() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn favicon_is_well_formed_svg() {
        let doc = roxmltree::Document::parse(FAVICON).unwrap();
        assert_eq!(doc.root_element().tag_name().name(), "svg");
    }
}
