//! What stands between the form and anything else that can reach 127.0.0.1 (docs/SECURITY.md
//! "The browser form"): another local user, a web page open in the same browser, a DNS
//! name rebound to the loopback address.
//!
//! - Every request carries the secret token made at start: in the address printed once, then
//!   in an HttpOnly, SameSite=Strict cookie (as Jupyter does); the address is redirected to
//!   one without the token, so it stays out of the history.
//! - The `Host` header must be the loopback address or `localhost` with the server's port.
//! - A POST must come from the form's own origin (`Origin`, or `Sec-Fetch-Site:
//!   same-origin` where the browser sends `Origin: null`) and carry the form's CSRF token.
//! - Every response forbids framing, referrers, sniffing and caching, and has a strict
//!   Content-Security-Policy: nothing loads from elsewhere, and the page's one style sheet
//!   and one script run only with the nonce made for that response.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// A random secret, as 32 hex digits (128 bits).
pub fn secret() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().fold(String::new(), |mut s, b| {
        s += &format!("{b:02x}");
        s
    }))
}

/// Compares secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

pub struct Secrets {
    pub token: String,
    pub csrf: String,
    pub port: u16,
}

/// The nonce of one response, for its style sheet and script.
#[derive(Clone)]
pub struct Nonce(pub String);

impl Secrets {
    fn cookie_name(&self) -> String {
        // Cookies are not kept apart by port: two servers must not share one.
        format!("audit_serve_{}", self.port)
    }

    fn host_ok(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        let port = self.port.to_string();
        ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| host.strip_prefix(name).and_then(|r| r.strip_prefix(':')) == Some(&port))
    }

    /// The request comes from this server's own page: its `Origin`, or, where the browser
    /// sends `Origin: null` (a form sent from a page with `Referrer-Policy: no-referrer`), its
    /// `Sec-Fetch-Site: same-origin`, which no page can set.
    fn origin_ok(&self, headers: &HeaderMap) -> bool {
        let text = |name| {
            headers
                .get(name)
                .and_then(|h: &HeaderValue| h.to_str().ok())
        };
        let Some(origin) = text(header::ORIGIN) else {
            return false;
        };
        if origin == "null" {
            return text(header::HeaderName::from_static("sec-fetch-site")) == Some("same-origin");
        }
        ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| origin == format!("http://{name}:{}", self.port))
    }

    fn cookie_ok(&self, headers: &HeaderMap) -> bool {
        let name = self.cookie_name();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .any(|(n, v)| n == name && same(v, &self.token))
    }
}

/// The request's query without `token=...`, and the token if there was one.
fn split_token(query: &str) -> (String, Option<String>) {
    let mut token = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| match p.strip_prefix("token=") {
            Some(t) => {
                token = Some(t.to_string());
                false
            }
            None => !p.is_empty(),
        })
        .collect();
    (kept.join("&"), token)
}

fn refuse(status: StatusCode, why: &str) -> Response {
    super::page::problem(status, why)
}

/// Checks every request (see the module's description) and adds the headers every
/// response carries.
pub async fn guard(State(app): State<Arc<super::App>>, mut req: Request, next: Next) -> Response {
    let s = &app.secrets;
    if !s.host_ok(req.headers()) {
        return with_headers(
            refuse(
                StatusCode::MISDIRECTED_REQUEST,
                "This server answers only to 127.0.0.1 and localhost.",
            ),
            None,
        );
    }
    let (rest, token) = split_token(req.uri().query().unwrap_or(""));
    if let Some(token) = token {
        if req.method() != Method::GET || !same(&token, &s.token) {
            return with_headers(
                refuse(StatusCode::FORBIDDEN, "That token is not this server's."),
                None,
            );
        }
        // Into the cookie, out of the address.
        let to = if rest.is_empty() {
            req.uri().path().to_string()
        } else {
            format!("{}?{rest}", req.uri().path())
        };
        let cookie = format!(
            "{}={}; HttpOnly; SameSite=Strict; Path=/",
            s.cookie_name(),
            s.token
        );
        let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response();
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        return with_headers(r, None);
    }
    if !s.cookie_ok(req.headers()) {
        let why =
            "Open the address `audit serve` printed when it started (it has the token in it).";
        return with_headers(refuse(StatusCode::FORBIDDEN, why), None);
    }
    if req.method() != Method::GET && !s.origin_ok(req.headers()) {
        return with_headers(
            refuse(
                StatusCode::FORBIDDEN,
                "The form must be sent from this server's own page.",
            ),
            None,
        );
    }
    let Ok(nonce) = secret() else {
        let why = "No randomness for a nonce.";
        return with_headers(refuse(StatusCode::INTERNAL_SERVER_ERROR, why), None);
    };
    req.extensions_mut().insert(Nonce(nonce.clone()));
    with_headers(next.run(req).await, Some(&nonce))
}

fn with_headers(mut r: Response, nonce: Option<&str>) -> Response {
    let csp = match nonce {
        Some(n) => format!(
            "default-src 'none'; style-src 'nonce-{n}'; script-src 'nonce-{n}'; connect-src 'self'; \
             img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        None => {
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'".into()
        }
    };
    let h = r.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    set(header::CONTENT_SECURITY_POLICY, &csp);
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::CACHE_CONTROL, "no-store");
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets() -> Secrets {
        Secrets {
            token: "t".repeat(32),
            csrf: "c".repeat(32),
            port: 8123,
        }
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (n, v) in pairs {
            h.append(n.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn only_the_loopback_names_with_the_port_are_hosts() {
        let s = secrets();
        for ok in ["127.0.0.1:8123", "localhost:8123", "[::1]:8123"] {
            assert!(s.host_ok(&headers(&[(header::HOST, ok)])), "{ok}");
        }
        for bad in [
            "evil.example:8123",
            "127.0.0.1:80",
            "localhost",
            "127.0.0.1:81234",
            "localhost.evil:8123",
        ] {
            assert!(!s.host_ok(&headers(&[(header::HOST, bad)])), "{bad}");
        }
        assert!(!s.host_ok(&HeaderMap::new()));
    }

    #[test]
    fn the_cookie_must_carry_this_servers_token() {
        let s = secrets();
        let good = format!("other=1; audit_serve_8123={}", "t".repeat(32));
        assert!(s.cookie_ok(&headers(&[(header::COOKIE, &good)])));
        let wrong_port = format!("audit_serve_8124={}", "t".repeat(32));
        assert!(!s.cookie_ok(&headers(&[(header::COOKIE, &wrong_port)])));
        assert!(!s.cookie_ok(&headers(&[(header::COOKIE, "audit_serve_8123=x")])));
    }

    #[test]
    fn the_token_is_taken_out_of_the_address() {
        assert_eq!(
            split_token("token=abc"),
            (String::new(), Some("abc".into()))
        );
        assert_eq!(
            split_token("file=a.yaml&token=abc"),
            ("file=a.yaml".into(), Some("abc".into()))
        );
        assert_eq!(split_token("file=a.yaml"), ("file=a.yaml".into(), None));
    }

    #[test]
    fn origins_are_the_servers_own() {
        let s = secrets();
        assert!(s.origin_ok(&headers(&[(header::ORIGIN, "http://127.0.0.1:8123")])));
        assert!(!s.origin_ok(&headers(&[(header::ORIGIN, "http://evil.example")])));
        assert!(!s.origin_ok(&headers(&[(header::ORIGIN, "null")])));
        let fetch_site = header::HeaderName::from_static("sec-fetch-site");
        let same_page = [
            (header::ORIGIN, "null"),
            (fetch_site.clone(), "same-origin"),
        ];
        assert!(s.origin_ok(&headers(&same_page)));
        let other_site = [(header::ORIGIN, "null"), (fetch_site, "cross-site")];
        assert!(!s.origin_ok(&headers(&other_site)));
        assert!(!s.origin_ok(&HeaderMap::new()));
    }
}
