//! The pages `audit serve` shows, rendered with the HTML report's templates (`maud`, which
//! escapes every value: case references, narratives and file names can never become markup)
//! and its style sheet and palette, with the form's patterns (error summary, inline errors)
//! after the GOV.UK Design System's.

pub mod after;
pub mod field;
pub mod folder;
pub mod form;
pub mod tasks;
pub mod view;

use crate::report::html::{Extra, document};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use maud::{Markup, html};

/// The form's additions to the report's style sheet.
const STYLE: &str = r"
a { color: #1d70b8; } a:focus, input:focus, textarea:focus, select:focus, button:focus { outline: 3px solid #ffdd00; outline-offset: 0; }
nav.top { border-bottom: 10px solid #1d70b8; padding: .5rem 0; margin-bottom: 1rem; } nav.top a { margin-right: 1rem; font-weight: 700; }
fieldset { border: 0; padding: 0; margin: 0 0 1.25rem; min-width: 0; }
legend { font-weight: 700; padding: 0; margin-bottom: .25rem; }
.form-group { margin: 0 0 1.25rem; }
.form-group--error { border-left: 5px solid #d4351c; padding-left: .75rem; }
.error-message { color: #d4351c; font-weight: 700; display: block; margin: .25rem 0; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin: 1rem 0 2rem; }
.error-summary h2 { border: 0; margin: 0 0 .5rem; } .error-summary a { color: #d4351c; font-weight: 700; }
.notice { border: 5px solid #00703c; padding: .75rem 1rem; margin: 1rem 0; } .notice.warn { border-color: #f47738; }
.warning-text { position: relative; padding: .5rem 0 .5rem 3.25rem; margin: 1rem 0 1.5rem; max-width: 40rem; }
.warning-text-icon { position: absolute; left: 0; top: .35rem; box-sizing: border-box; width: 2.2rem; height: 2.2rem;
  border: 3px solid #0b0c0c; border-radius: 50%; background: #0b0c0c; color: #fff; font: 700 1.5rem/1.9rem sans-serif; text-align: center; }
.warning-text-text { display: block; font-weight: 700; }
.hint { color: #505a5f; display: block; font-size: .9rem; margin-bottom: .25rem; }
.radios label { display: block; position: relative; min-height: 40px; padding: .5rem 0 .5rem 3.25rem; margin-bottom: .6rem; }
.radios .hint { margin: .25rem 0 0; }
.nowrap { white-space: nowrap; }
.radios input { position: absolute; left: 0; top: 0; width: 40px; height: 40px; margin: 0; accent-color: #0b0c0c; cursor: pointer; }
.caption { display: block; color: #505a5f; font-size: 1.2rem; margin-top: 1rem; }
.inset-text { display: block; border-left: 10px solid #b1b4b6; padding: .75rem 1rem; margin: 1rem 0; max-width: 40rem; }
.date-input { display: flex; gap: 1.25rem; } .date-item label.block { font-weight: 400; }
.date-input input.date-part { width: 3.5rem; } .date-input input.date-part.year { width: 5.5rem; }
.task-list { list-style: none; padding: 0; margin: 1.5rem 0; max-width: 50rem; border-top: 1px solid #b1b4b6; }
.task-list-item { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .75rem 0; border-bottom: 1px solid #b1b4b6; }
.task-name { flex: 1 1 16rem; } .task-name a { font-weight: 700; } .task-grade { flex: 0 0 11rem; } .task-status { flex: 0 0 14rem; text-align: right; }
.tag { display: inline-block; padding: .2rem .5rem; font-weight: 700; }
.tag--blue { background: #1d70b8; color: #fff; } .tag--light-blue { background: #bbd4ea; color: #0c2d4a; }
.tag--done { background: #fff; color: #0b0c0c; font-weight: 400; } .tag--grey { background: #ebecec; color: #282d30; }
.summary-list { margin: 0 0 2rem; max-width: 50rem; }
.summary-row { display: flex; flex-wrap: wrap; gap: 0 1rem; border-bottom: 1px solid #b1b4b6; padding: .6rem 0; }
.summary-row dt { flex: 1 1 18rem; font-weight: 700; } .summary-row dd { flex: 1 1 14rem; margin: 0; white-space: pre-wrap; }
.summary-row dd.summary-action { flex: 0 0 auto; text-align: right; }
label.block { display: block; font-weight: 700; margin-bottom: .25rem; }
input[type=text], textarea, select { font: inherit; border: 2px solid #0b0c0c; padding: .3rem; box-sizing: border-box; }
input[type=text], textarea { width: 100%; max-width: 40rem; } textarea { min-height: 4.5rem; }
.form-group--error input[type=text], .form-group--error textarea { border-color: #d4351c; }
.area { border-top: 4px solid #1b1b1b; margin-top: 2.5rem; padding-top: .25rem; }
.live { border-left: 6px solid #1d70b8; background: #f3f8fc; padding: .5rem 1rem; margin: .5rem 0 1.25rem; }
.live h3 { font-size: 1rem; margin: .5rem 0 .25rem; } .live ul { margin: .25rem 0; }
.button { font: inherit; font-size: 1.1875rem; line-height: 1.1875; font-weight: 400; border: 2px solid transparent; padding: 8px 10px 7px; min-height: 40px; box-sizing: border-box; margin: 0 .9rem 1.5rem 0; cursor: pointer;
  background: #00703c; color: #fff; box-shadow: 0 2px 0 #002d18; text-decoration: none; display: inline-block; }
.button.secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
.actions { border-top: 1px solid #b1b4b6; padding-top: .75rem; margin-top: 2rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
details summary { cursor: pointer; color: #1d70b8; }
";

/// Grades as answers change: the form is sent to `/live` and the grade panels swapped for
/// the ones the server renders (the same engine as `audit grade`). Without it, "Update
/// grades" does the same with a whole page.
const SCRIPT: &str = r"
(function () {
  var form = document.getElementById('audit-form');
  var summary = document.getElementById('error-summary');
  if (summary) { summary.focus(); }
  if (!form || !window.fetch || !window.DOMParser) { return; }
  var timer = null, sent = 0;
  function refresh() {
    var mine = ++sent;
    var body = new URLSearchParams(new FormData(form));
    fetch('/live', { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (text === null || mine !== sent) { return; }
        var doc = new DOMParser().parseFromString(text, 'text/html');
        doc.querySelectorAll('[data-live]').forEach(function (fresh) {
          var old = document.getElementById(fresh.id);
          if (old) { old.replaceWith(fresh); }
        });
        form.setAttribute('data-graded', String(mine));
      });
  }
  function later(ms) { clearTimeout(timer); timer = setTimeout(refresh, ms); }
  form.addEventListener('change', function () { later(30); });
  form.addEventListener('input', function (e) {
    if (e.target.tagName === 'TEXTAREA' || e.target.type === 'text') { later(400); }
  });
})();
";

/// A page of the server: the report's page with the form's style and script, under `nonce`.
pub fn shell(title: &str, nonce: &str, body: &Markup) -> Html<String> {
    let nav = html! {
        nav.top { a href="/" { "All audits" } a href="/new" { "New audit" } a href="/report" { "Team report" } }
        main { (body) }
    };
    Html(document(
        title,
        &nav,
        &Extra {
            nonce: Some(nonce),
            style: STYLE,
            script: Some(SCRIPT),
        },
    ))
}

/// A refused or failed request: its status and why, as a page (no style, no script).
pub fn problem(status: StatusCode, why: &str) -> Response {
    let body = html! {
        h1 { (status.canonical_reason().unwrap_or("Error")) }
        p { (why) }
        p { a href="/" { "Back to the audits" } }
    };
    (
        status,
        Html(document("audit serve", &body, &Extra::default())),
    )
        .into_response()
}
