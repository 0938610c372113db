//! `audit serve`: the auditor's form in the browser, on the engine the command line uses
//! (README "Filling in an audit"). A local server for one person: it binds to the loopback
//! address only and checks every request (see `security.rs`).
//!
//! The async runtime (tokio, current-thread) is started here and only here: the other
//! commands never start it.
//!
//! Anything on the computer can connect to the server, token or not, so no connection may
//! hold it: a connection that sends no complete request head within [`Limits::header_timeout`]
//! (also the idle time allowed between requests) is closed, at most
//! [`Limits::connections`] are served at once and any more are closed as soon as accepted,
//! and an error accepting one (too many open files) is reported once and waited out. Pages
//! that grade the whole folder are made on the runtime's blocking threads, so the form stays
//! quick meanwhile.

pub mod assess;
pub mod draft;
mod follow_up;
mod form;
mod page;
pub mod read_back;
mod security;
pub mod store;

pub use form::{FormError, decode, encode, submission};

use crate::batch::Graded;
use crate::batch::{self, Options};
use crate::diagnostic::Diagnostic;
use crate::input::source;
use crate::model::rubric::Rubric;
use crate::privacy::screen::Names;
use crate::server::assess::{Assessment, assess};
use crate::server::draft::Draft;
use crate::summary::screening::occasion;
use axum::Router;
use axum::body::Body;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use form::{Action, Submission};
use page::view::{Notice, Page, View};
use security::{Nonce, Secrets};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::{Saved, Store};

/// Request bodies larger than this are refused (a whole audit is a few KB).
pub const MAX_BODY: usize = 1024 * 1024;

pub struct Config {
    pub folder: PathBuf,
    pub rubric: Rubric,
    pub address: IpAddr,
    /// 0 for any free port.
    pub port: u16,
    pub limits: Limits,
    /// The council's list of names to warn of in free text (`--names FILE`).
    pub names: Option<&'static Names>,
}

/// What one connection may take of the server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A connection must send a request's head within this time of connecting or of its last
    /// response, else it is closed: an idle or slow client cannot keep a connection forever.
    pub header_timeout: Duration,
    /// Connections served at once; more are closed at once, so they cannot use up the
    /// process's open files.
    pub connections: usize,
}

impl Limits {
    /// Long enough for any browser on the same computer, short enough that held connections
    /// are soon given back.
    pub const HEADER_TIMEOUT: Duration = Duration::from_secs(15);
    /// Far more than one person's browser opens, well under the usual limit of open files.
    pub const CONNECTIONS: usize = 256;
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Limits::HEADER_TIMEOUT,
            connections: Limits::CONNECTIONS,
        }
    }
}

/// How long to wait before accepting again after an error (too many open files): enough for
/// connections to close, short enough that nobody notices.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// After an error accepting a connection is reported, further ones are not for this long: a
/// burst of them is one line, not a flood.
const ACCEPT_QUIET: Duration = Duration::from_secs(10);

/// How long connections in flight may take to finish when the server stops.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// What stopped the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// Ctrl-C (SIGINT).
    Interrupted,
    /// SIGTERM, as a service manager or `kill` stops it.
    Terminated,
}

/// What every request handler shares.
pub struct App {
    rubric: Rubric,
    store: Store,
    secrets: Secrets,
    names: Option<&'static Names>,
}

/// Refused before anything is bound.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "audit serve listens only on this computer (127.0.0.1, ::1 or localhost), not {0}: it has no \
         login, so anyone who could reach it could read and change audits. To share audits, save them \
         in a shared folder and let each person run audit serve on it"
    )]
    NotLoopback(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The address to listen on, from `--bind`: loopback only.
pub fn loopback(bind: &str) -> Result<IpAddr, ServeError> {
    if bind == "localhost" {
        return Ok(IpAddr::from([127, 0, 0, 1]));
    }
    match bind.parse::<IpAddr>() {
        Ok(ip) if ip.is_loopback() => Ok(ip),
        _ => Err(ServeError::NotLoopback(bind.to_string())),
    }
}

/// Serves until Ctrl-C or SIGTERM; `ready` is told the address to open (with its token) once
/// listening, `warn` anything the person running it should know (a connection that could not
/// be accepted).
pub fn serve(
    config: Config,
    ready: impl FnOnce(&str),
    warn: impl Fn(&str),
) -> Result<Stopped, ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        // The folder's grading, off the thread that answers requests; a few at once.
        .max_blocking_threads(4)
        .build()?;
    runtime.block_on(async move {
        // Before the address is given out, so a signal sent as soon as it is never kills the
        // process unannounced.
        let stop = stop_signal()?;
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::new(config.address, config.port)).await?;
        let port = listener.local_addr()?.port();
        let secrets = Secrets {
            token: security::secret()?,
            csrf: security::secret()?,
            port,
        };
        let host = match config.address {
            IpAddr::V6(_) => format!("[{}]", config.address),
            IpAddr::V4(_) => config.address.to_string(),
        };
        let url = format!("http://{host}:{port}/?token={}", secrets.token);
        let app = Arc::new(App {
            rubric: config.rubric,
            store: Store::new(&config.folder)?,
            secrets,
            names: config.names,
        });
        ready(&url);
        Ok(accept(listener, router(app), config.limits, stop, &warn).await)
    })
}

/// Waits for Ctrl-C or SIGTERM; the handlers are installed when this is called.
fn stop_signal() -> std::io::Result<impl Future<Output = Stopped>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => Stopped::Interrupted,
                _ = terminate.recv() => Stopped::Terminated,
            }
        })
    }
    #[cfg(not(unix))]
    {
        let mut interrupt = tokio::signal::windows::ctrl_c()?;
        Ok(async move {
            interrupt.recv().await;
            Stopped::Interrupted
        })
    }
}

/// Accepts and serves connections until `stop`, within `limits`; then lets the requests in
/// flight finish (for a while) and says what stopped it.
async fn accept(
    listener: tokio::net::TcpListener,
    router: Router,
    limits: Limits,
    stop: impl Future<Output = Stopped>,
    warn: &impl Fn(&str),
) -> Stopped {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use std::io::ErrorKind;

    let slots = Arc::new(tokio::sync::Semaphore::new(limits.connections));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut quiet_until = None;
    tokio::pin!(stop);
    let stopped = loop {
        let accepted = tokio::select! {
            stopped = &mut stop => break stopped,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // The client gave up before it was accepted: nothing wrong here.
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::ConnectionAborted
                        | ErrorKind::ConnectionReset
                        | ErrorKind::ConnectionRefused
                ) =>
            {
                continue;
            }
            Err(e) => {
                let now = tokio::time::Instant::now();
                if quiet_until.is_none_or(|until| now >= until) {
                    warn(&format!(
                        "cannot accept a connection ({e}); still serving, and trying again"
                    ));
                    quiet_until = Some(now + ACCEPT_QUIET);
                }
                tokio::select! {
                    stopped = &mut stop => break stopped,
                    () = tokio::time::sleep(ACCEPT_PAUSE) => continue,
                }
            }
        };
        // Full: closed at once (dropped), never queued.
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection's end (timed out, reset, closed) is no error of the server's.
            let _ = connection.await;
            drop(slot);
        });
    };
    let _ = tokio::time::timeout(STOP_GRACE, graceful.shutdown()).await;
    stopped
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(folder))
        .route("/new", get(new_audit))
        .route("/open", get(open))
        .route("/audit", post(submit))
        .route("/live", post(live))
        .route("/report", get(report))
        .fallback(|| async { page::problem(StatusCode::NOT_FOUND, "There is no such page.") })
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            security::guard,
        ))
        .with_state(app)
}

/// The folder's audits as the folder page names them.
fn names(app: &App, found: &[source::Input]) -> Vec<String> {
    found
        .iter()
        .map(|input| match input {
            source::Input::File(p) => app.store.rel(p),
            source::Input::Stdin => input.name(),
        })
        .collect()
}

/// Each of the first `limit` audits of `found`, graded or with its problems.
fn each_graded(
    app: &App,
    found: &[source::Input],
    limit: usize,
    mut each: impl FnMut(usize, String, Result<Graded, Vec<Diagnostic>>),
) {
    for (i, (input, file)) in found.iter().zip(names(app, found)).enumerate().take(limit) {
        let graded = source::read(input, source::DEFAULT_MAX_BYTES)
            .map_err(|d| vec![d])
            .and_then(|text| {
                let opts = Options {
                    names: app.names,
                    ..Options::default()
                };
                batch::grade_text(&app.rubric, &text, &file, opts)
            });
        each(i, file, graded);
    }
}

/// `page`, made on one of the runtime's blocking threads: it reads and grades the folder, which
/// may take a while, and requests for the form are answered meanwhile.
async fn off_thread(page: impl FnOnce() -> Html<String> + Send + 'static) -> Response {
    match tokio::task::spawn_blocking(page).await {
        Ok(page) => page.into_response(),
        Err(_) => page::problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "This page could not be made: reload it to try again.",
        ),
    }
}

async fn folder(State(app): State<Arc<App>>, Extension(nonce): Extension<Nonce>) -> Response {
    off_thread(move || folder_page(&app, &nonce)).await
}

fn folder_page(app: &App, nonce: &Nonce) -> Html<String> {
    let (found, walk_errors) = app.store.list();
    let mut rows = Vec::new();
    each_graded(app, &found, page::folder::MAX_ROWS, |_, file, graded| {
        rows.push(match graded {
            Ok(g) => page::folder::Row {
                file,
                graded: Some(g),
                problems: Vec::new(),
            },
            Err(ds) => page::folder::Row {
                file,
                graded: None,
                problems: ds
                    .iter()
                    .map(|d| format!("line {}: {}", d.line, d.message))
                    .collect(),
            },
        });
    });
    let walk: Vec<String> = walk_errors
        .iter()
        .map(|d| {
            d.headline().replace(
                crate::input::walk::NOT_FOLLOWED,
                "not opened: the form opens only files inside its folder",
            )
        })
        .collect();
    let name = app.store.folder().display().to_string();
    let today = crate::model::date::Date::parse(&crate::input::today())
        .unwrap_or_else(|| crate::model::date::Date::parse("1970-01-01").expect("a date"));
    page::folder::page(&name, &rows, found.len(), &walk, today, &nonce.0)
}

async fn new_audit(
    State(app): State<Arc<App>>,
    Extension(nonce): Extension<Nonce>,
    uri: Uri,
) -> Html<String> {
    let draft = Draft::new(&app.rubric, &crate::input::today());
    let a = assess(&app.rubric, &draft, "new audit", false, app.names);
    let mut view = View::new(&app.rubric, &draft, &a, &app.secrets.csrf);
    let query = decode(uri.query().unwrap_or("").as_bytes()).unwrap_or_default();
    if let Some((_, page)) = query.iter().find(|(k, _)| k == "page") {
        // A new audit has no task list until it is saved: it starts with "About this audit".
        view.page = match Page::named(&app.rubric, page) {
            Page::Tasks => Page::About,
            p => p,
        };
    }
    page::form::page(&view, &nonce.0)
}

async fn open(
    State(app): State<Arc<App>>,
    Extension(nonce): Extension<Nonce>,
    uri: Uri,
) -> Response {
    let query = uri.query().unwrap_or("").as_bytes();
    let query = decode(query).unwrap_or_default();
    let find = |key: &str| query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let Some(file) = find("file") else {
        return page::problem(
            StatusCode::BAD_REQUEST,
            "Which file? Open one from the list of audits.",
        );
    };
    let opened = match app.store.open(&file) {
        Ok(o) => o,
        Err(e) => return page::problem(StatusCode::NOT_FOUND, &e.to_string()),
    };
    match crate::server::read_back::read(&opened.text, &opened.rel, &app.rubric) {
        Ok(draft) => {
            let a = assess(&app.rubric, &draft, &opened.rel, true, app.names);
            let mut view = View::new(&app.rubric, &draft, &a, &app.secrets.csrf);
            (view.file, view.version) = (&opened.rel, &opened.version);
            view.page = Page::named(&app.rubric, &find("page").unwrap_or_default());
            // A page's problems are shown once it has been begun (come back to, or linked from
            // the error summary); all of them on "Check your answers".
            view.show_problems = page::tasks::begun(&view, view.page);
            page::form::page(&view, &nonce.0).into_response()
        }
        Err(problems) => page::form::cannot_open(&opened.rel, &problems, &nonce.0).into_response(),
    }
}

/// The submitted form, or the page saying why it was refused.
async fn read_form(app: &App, headers: &HeaderMap, body: Body) -> Result<Submission, Response> {
    let form_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.split(';').next() == Some("application/x-www-form-urlencoded"));
    if !form_type {
        return Err(page::problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the form as a browser does.",
        ));
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return Err(page::problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            "The form is larger than 1 MiB: no audit is that long.",
        ));
    };
    let sub = decode(&bytes)
        .and_then(|pairs| submission(&app.rubric, pairs))
        .map_err(|e| page::problem(StatusCode::BAD_REQUEST, &e.to_string()))?;
    if !security::same(&sub.csrf, &app.secrets.csrf) {
        return Err(page::problem(
            StatusCode::FORBIDDEN,
            "The form is out of date (the server restarted?): open it again from the list of audits.",
        ));
    }
    let mut sub = sub;
    read_back::carry_over(&app.store, &app.rubric, &mut sub);
    Ok(sub)
}

async fn submit(
    State(app): State<Arc<App>>,
    Extension(nonce): Extension<Nonce>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let sub = match read_form(&app, &headers, body).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let name = if sub.file.is_empty() {
        "new audit"
    } else {
        sub.file.as_str()
    };
    let save = sub.action.saves();
    let a = assess(&app.rubric, &sub.draft, name, true, app.names);
    let (file, version, notice) = if save {
        match save_form(&app, &sub, &a) {
            Ok(saved) => saved,
            Err(e) => {
                let why =
                    format!("Not saved: {e}. Go back: the form still has everything you typed.");
                return page::problem(StatusCode::INTERNAL_SERVER_ERROR, &why);
            }
        }
    } else {
        (sub.file.clone(), sub.version.clone(), None)
    };
    let saved = matches!(notice, Some(Notice::Saved { .. } | Notice::Conflict { .. }));
    let copies = match a.graded.as_ref().and_then(occasion) {
        Some(key) if saved => likely_copies(&app, &file, key).await,
        _ => Vec::new(),
    };
    let mut view = View::new(&app.rubric, &sub.draft, &a, &app.secrets.csrf);
    (view.file, view.version, view.notice) = (&file, &version, notice);
    view.copies = copies;
    (view.page, view.show_problems) = next_page(&app.rubric, &sub, saved, &view);
    page::form::page(&view, &nonce.0).into_response()
}

/// The page to show after a form is sent, and whether it shows its problems: "Save and
/// continue" goes on to the next page and "Save and come back later" to the task list,
/// unless this page has something to put right (a date that is not a date; a question not
/// answered yet may wait), which is shown where it is; the last save (or a form sent without
/// a page) goes to "Check your answers"; "Update grades" stays.
fn next_page<'r>(
    rubric: &'r Rubric,
    sub: &Submission,
    saved: bool,
    view: &View<'r>,
) -> (Page<'r>, bool) {
    let here = match Page::named(rubric, &sub.page) {
        Page::Tasks if sub.page.is_empty() => Page::Check,
        p => p,
    };
    let to_put_right = || view.assessment.problems.iter().filter(|p| !p.unfinished);
    let stuck = to_put_right().any(|p| Page::of_field(rubric, &p.field) == here);
    // An action added on an area's page is saved among the actions: its problem is beside its
    // box on "After the audit", which opens instead of the next page.
    let action_here = |p: &&crate::server::assess::Problem| {
        let n = p
            .field
            .strip_prefix("actions.")
            .and_then(|r| r.split('.').next());
        let action = n
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| sub.draft.follow_up.actions.get(n));
        matches!(here, Page::Area(area) if action.is_some_and(|a| a.iter().any(|(k, v)| *k == crate::input::raw::key::AREA && v == &*area.id)))
    };
    let action_stuck = to_put_right().any(|p| action_here(&p));
    match sub.action {
        _ if !saved && sub.action.saves() => (here, true),
        Action::Continue | Action::Later if stuck => (here, true),
        Action::Continue | Action::Later if action_stuck => (Page::After, true),
        Action::Continue => (here.next(rubric), false),
        Action::Later => (Page::Tasks, false),
        Action::Save => (Page::Check, true),
        Action::Update => (here, true),
    }
}

/// The other audits in the folder with the case, auditor and date `key` of the one just saved
/// as `saved` (folded as the board report's screening folds them: it counts only one of them),
/// in path order; the folder is read and graded on a blocking thread, as for its pages.
async fn likely_copies(app: &Arc<App>, saved: &str, key: u64) -> Vec<String> {
    let (app, saved) = (Arc::clone(app), saved.to_string());
    tokio::task::spawn_blocking(move || same_occasion(&app, &saved, key))
        .await
        .unwrap_or_default()
}

/// [`likely_copies`], on this thread. Files that cannot be graded are in no figure, so none of
/// them is a copy.
fn same_occasion(app: &App, saved: &str, key: u64) -> Vec<String> {
    let (found, _) = app.store.list();
    let mut same = Vec::new();
    each_graded(app, &found, usize::MAX, |_, file, graded| {
        let dated = graded.ok().and_then(|g| occasion(&g));
        if dated == Some(key) && file != saved {
            same.push(file);
        }
    });
    same
}

/// Saves the form's audit: where it went (file and version) and what to tell the auditor.
fn save_form(
    app: &App,
    sub: &Submission,
    a: &Assessment,
) -> Result<(String, String, Option<Notice>), store::StoreError> {
    if sub.draft.case.trim().is_empty() {
        return Ok((
            sub.file.clone(),
            sub.version.clone(),
            Some(Notice::NotSaved),
        ));
    }
    // Marked a draft while anything is left to finish, so that `grade` counts it as in
    // progress; the mark goes once it is complete.
    let to_finish = a.problems.len();
    let mut marked = sub.draft.clone();
    marked.draft = if to_finish > 0 { "yes" } else { "" }.to_string();
    let yaml = crate::server::draft::write(&app.rubric, &marked).yaml;
    let base = (!sub.file.is_empty()).then_some((sub.file.as_str(), sub.version.as_str()));
    let faithful = |text: &str| writes_as_it_is(&app.rubric, text, &sub.file);
    Ok(
        match app.store.save(&yaml, &sub.draft.case, base, faithful)? {
            Saved::Written { rel, version, kept } => (
                rel.clone(),
                version,
                Some(Notice::Saved {
                    file: rel,
                    kept,
                    to_finish,
                }),
            ),
            Saved::Conflict {
                rel,
                version,
                theirs,
            } => (
                rel.clone(),
                version,
                Some(Notice::Conflict { ours: rel, theirs }),
            ),
        },
    )
}

/// Whether the form, given `text` (a file's contents), would write exactly `text`: the
/// values it reads from it, written again. Anything else in the file (comments, text after
/// ` #`, other formatting) would be lost by saving over it.
fn writes_as_it_is(rubric: &Rubric, text: &str, file: &str) -> bool {
    crate::server::read_back::read(text, file, rubric)
        .is_ok_and(|d| crate::server::draft::write(rubric, &d).yaml == text)
}

async fn live(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let sub = match read_form(&app, &headers, body).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let a = assess(&app.rubric, &sub.draft, "live", false, app.names);
    let view = View::new(&app.rubric, &sub.draft, &a, "");
    Html(page::form::live(&view)).into_response()
}

async fn report(State(app): State<Arc<App>>, Extension(nonce): Extension<Nonce>) -> Response {
    off_thread(move || report_page(&app, &nonce)).await
}

fn report_page(app: &App, nonce: &Nonce) -> Html<String> {
    use crate::summary::Tally;
    let (found, walk_errors) = app.store.list();
    let names = names(app, &found);
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    let mut tally = Tally::new(&app.rubric, &name);
    let mut errors = walk_errors;
    each_graded(app, &found, usize::MAX, |i, _, result| match result {
        Ok(mut g) => {
            g.input = i;
            tally.add(&g);
        }
        Err(ds) => errors.extend(ds.into_iter().map(|mut d| {
            d.input = Some(i);
            d
        })),
    });
    let summary = tally.finish(&errors);
    let made = jiff::ZonedDateTime::now()
        .strftime("%Y-%m-%d %H:%M")
        .to_string();
    let marking = crate::report::Marking::parse(crate::report::DEFAULT_MARKING)
        .ok()
        .flatten();
    let meta = crate::report::Meta {
        // The practice lead's own view, with names and files to act on; a board paper is
        // `audit grade FOLDER --format html` (README "Personal data").
        title: "Case file audits: the team's report",
        rubric_name: &app.rubric.name,
        rubric_version: &app.rubric.version,
        made: &made,
        marking: marking.as_ref(),
    };
    Html(crate::report::html::batch_with(
        &summary,
        &errors,
        &meta,
        Some(&nonce.0),
    ))
}

/// For the benchmark: one live round trip's work (decode, grade, render) on a form body.
pub fn live_round_trip(rubric: &Rubric, body: &[u8]) -> Result<String, FormError> {
    let sub = submission(rubric, decode(body)?)?;
    let a = assess(rubric, &sub.draft, "live", false, None);
    let view = View::new(rubric, &sub.draft, &a, "");
    Ok(page::form::live(&view))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(folder: &std::path::Path) -> App {
        App {
            rubric: Rubric::builtin(),
            store: Store::new(folder).unwrap(),
            names: None,
            secrets: Secrets {
                token: String::new(),
                csrf: String::new(),
                port: 0,
            },
        }
    }

    /// The case, auditor and date folded as the board report's screening folds them: another
    /// spelling of the case is a likely copy, another date is not, and neither the file saved
    /// nor a file that cannot be graded is one.
    #[test]
    fn the_likely_copies_of_an_audit_are_the_others_with_its_case_auditor_and_date() {
        let dir = tempfile::tempdir().unwrap();
        let text = std::fs::read_to_string("examples/good-child-in-need.yaml").unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("a.yaml", &text);
        let respelt = text.replace("case: CIN-2041", "case: \" cin 2041 \"");
        write(
            "b.yaml",
            &respelt.replace("agreed_format: yes", "agreed_format: no"),
        );
        write(
            "c.yaml",
            &text.replace("date: 2026-10-14", "date: 2026-10-15"),
        );
        // The same header, but an unknown field: it cannot be graded.
        write(
            "d.yaml",
            "case: CIN-2041\nauditor: J. Smith\ndate: 2026-10-14\ncolour: blue\n",
        );
        let app = app(dir.path());
        let graded = |name: &str| {
            let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
            let g = batch::grade_text(&app.rubric, &text, name, Options::default()).unwrap();
            occasion(&g).unwrap()
        };
        assert_eq!(same_occasion(&app, "b.yaml", graded("b.yaml")), ["a.yaml"]);
        assert_eq!(same_occasion(&app, "a.yaml", graded("a.yaml")), ["b.yaml"]);
        assert!(same_occasion(&app, "c.yaml", graded("c.yaml")).is_empty());
    }
}
