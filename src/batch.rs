//! Grading many audits: in parallel on all cores, reporting every input file, graded or with
//! its errors, in path order.

use crate::diagnostic::{Diagnostic, Lines, Loc, cap};
use crate::grading::engine::{self, AuditResult, Warning, WarningKind};
use crate::input::audit;
use crate::input::source::{self, Input};
use crate::model::audit::Audit;
use crate::model::rubric::Rubric;
use crate::privacy::screen::{self, Names};
use rayon::prelude::*;

/// One graded audit and the file it came from.
#[derive(Debug, Clone)]
pub struct Graded {
    pub file: String,
    /// Its position among the batch's inputs.
    pub input: usize,
    /// What the auditor wrote, fingerprinted, to find copies of one audit.
    pub fingerprint: u64,
    pub result: AuditResult,
}

/// Everything a `grade` run produced: graded audits and errors, both in path order.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub rubric_name: String,
    pub rubric_version: String,
    /// Every input, in the order graded and reported.
    pub files: Vec<String>,
    pub audits: Vec<Graded>,
    pub errors: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub strict: bool,
    pub max_bytes: u64,
    /// The council's list of names to look for in free text (`--names FILE`).
    pub names: Option<&'static Names>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            strict: false,
            max_bytes: source::DEFAULT_MAX_BYTES,
            names: None,
        }
    }
}

/// Reads, loads and grades one audit text, handing the audit and its result to `keep`.
pub fn grade_text_with<T>(
    rubric: &Rubric,
    text: &str,
    file: &str,
    opts: Options,
    keep: impl Fn(&Audit, AuditResult) -> T,
) -> Result<T, Vec<Diagnostic>> {
    let audit = audit::load(text, file, rubric).map_err(cap)?;
    let located = |findings: Vec<engine::Finding>| -> Vec<Diagnostic> {
        let lines = Lines::new(text);
        cap(findings
            .into_iter()
            .map(|f| Diagnostic::new(file, f.at, f.message).with_line(&lines))
            .collect())
    };
    let mut result = engine::grade(rubric, &audit).map_err(located)?;
    let personal = personal_data(text, opts.names);
    if opts.strict {
        let mut strict = engine::strict_findings(&result, &audit);
        strict.extend(engine::follow_up_findings(&result));
        if !strict.is_empty() || !personal.is_empty() {
            // Never with the line: it holds the value the message masks.
            let unshown = personal.into_iter().map(|w| {
                let at = w.at.unwrap_or(Loc::UNKNOWN);
                let what = w.message.split_once(": ").map_or(&*w.message, |(_, m)| m);
                Diagnostic::new(file, at, format!("{what} (strict)"))
            });
            let mut all = located(strict);
            all.extend(unshown);
            return Err(cap(all));
        }
    }
    result.warnings.extend(personal);
    Ok(keep(&audit, result))
}

/// What looks like personal data in an audit's text (`privacy::screen`; with `names`, the
/// council's list too), each as a warning at its line and column, its value masked. The
/// whole file is screened, comments too, as they travel with it; a listed name in the
/// `auditor:` line is the auditor's own and is left.
pub fn personal_data(text: &str, names: Option<&Names>) -> Vec<Warning> {
    let mut out = Vec::new();
    let (mut line, mut line_start, mut pos) = (1u32, 0usize, 0usize);
    for f in screen::screen(text, names) {
        for (i, c) in text.as_bytes()[pos..f.start].iter().enumerate() {
            if *c == b'\n' {
                line += 1;
                line_start = pos + i + 1;
            }
        }
        pos = f.start;
        let own_line = &text[line_start..];
        if f.kind == screen::Kind::Name && own_line.trim_start().starts_with("auditor:") {
            continue;
        }
        let column = text[line_start..f.start].chars().count() as u32 + 1;
        out.push(Warning {
            kind: WarningKind::PersonalData,
            area: None,
            at: Some(Loc::new(line, column)),
            message: format!(
                "line {line}: this looks like {} ({}); audits should hold the case reference only",
                f.kind.describe(),
                f.masked
            ),
        });
    }
    out
}

/// Grades `text` as [`grade_text_with`] does, reading it first the quick way
/// (`input::quick`, which records no places): the result is the same, and a file that reading
/// does not take, or with any problem, is read again, located, for its messages (docs/PERFORMANCE.md). For callers that keep nothing located.
fn grade_text_quick<T>(
    rubric: &Rubric,
    text: &str,
    file: &str,
    opts: Options,
    keep: impl Fn(&Audit, AuditResult) -> T,
) -> Result<T, Vec<Diagnostic>> {
    match quick_only(rubric, text, opts, &keep) {
        Some(kept) => Ok(kept),
        None => grade_text_with(rubric, text, file, opts, keep),
    }
}

/// The quick reading alone: what `keep` makes of the audit, or `None` if that reading does
/// not take the file or anything is wrong.
fn quick_only<T>(
    rubric: &Rubric,
    text: &str,
    opts: Options,
    keep: &impl Fn(&Audit, AuditResult) -> T,
) -> Option<T> {
    let audit = audit::load_quick(text, rubric)?;
    let mut result = engine::grade(rubric, &audit).ok()?;
    let personal = personal_data(text, opts.names);
    let clean = !opts.strict
        || (personal.is_empty()
            && engine::strict_findings(&result, &audit).is_empty()
            && engine::follow_up_findings(&result).is_empty());
    result.warnings.extend(personal);
    clean.then(|| keep(&audit, result))
}

/// Reads, loads and grades one audit text.
pub fn grade_text(
    rubric: &Rubric,
    text: &str,
    file: &str,
    opts: Options,
) -> Result<Graded, Vec<Diagnostic>> {
    grade_text_quick(rubric, text, file, opts, |audit, result| Graded {
        file: file.to_string(),
        input: 0,
        fingerprint: audit.fingerprint(),
        result,
    })
}

/// What `keep` is given for each graded audit: its position among the inputs, the audit,
/// its result, and its file name.
pub type Keep<'a, T> = dyn Fn(usize, &Audit, AuditResult, &str) -> T + Sync + 'a;

/// How many audits are graded together before their results are handed on: enough to keep
/// every core busy, few enough that memory does not depend on the size of the folder.
const CHUNK: usize = 256;

/// Grades every input in parallel, handing what `keep` makes of each (or its errors, each
/// marked with its input) to `each` in input order, whatever the thread count. Inputs are
/// graded in chunks while the previous chunk's results are handed on, so memory stays flat
/// however many there are; each audit's text and parsed form are dropped as soon as it is
/// graded. `tick` is called once per input, from any thread (for a progress bar). An error
/// from `each` (a closed pipe) stops grading and is returned.
pub fn grade_in_order<T: Send, E>(
    rubric: &Rubric,
    inputs: &[Input],
    opts: Options,
    tick: &(dyn Fn() + Sync),
    keep: &Keep<T>,
    mut each: impl FnMut(usize, Result<T, Vec<Diagnostic>>) -> Result<(), E>,
) -> Result<(), E> {
    let one = |(i, input): (usize, &Input)| {
        let name = input.name();
        let r = source::read(input, opts.max_bytes)
            .map_err(|d| vec![d])
            .and_then(|text| {
                grade_text_quick(rubric, &text, &name, opts, |a, r| keep(i, a, r, &name))
            })
            .map_err(|mut errors| {
                for d in &mut errors {
                    d.input = Some(i);
                }
                errors
            });
        tick();
        r
    };
    // A pool of our own, of no more threads than cores (more would only cost memory: grading
    // is all computation); if the system refuses threads (a process limit, little address
    // space), grading goes on in this one rather than failing.
    // One audit is graded in this thread: starting threads would cost more than it saves.
    let pool = if inputs.len() > 1 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads())
            .build()
            .ok()
    } else {
        None
    };
    let chunk = |start: usize| -> Vec<Result<T, Vec<Diagnostic>>> {
        let end = (start + CHUNK).min(inputs.len());
        let items = inputs[start..end]
            .iter()
            .enumerate()
            .map(|(k, x)| (start + k, x));
        match &pool {
            Some(pool) => pool.install(|| {
                inputs[start..end]
                    .par_iter()
                    .enumerate()
                    .map(|(k, x)| one((start + k, x)))
                    .collect()
            }),
            None => items.map(one).collect(),
        }
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    let stop = &stop;
    std::thread::scope(|scope| {
        // One chunk ahead: the next is graded while this one is handed on.
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        let pipelined = inputs.len() > CHUNK;
        let grader = pipelined.then(|| {
            std::thread::Builder::new().spawn_scoped(scope, move || {
                for start in (0..inputs.len()).step_by(CHUNK) {
                    if stop.load(std::sync::atomic::Ordering::Relaxed)
                        || send.send((start, chunk(start))).is_err()
                    {
                        break;
                    }
                }
            })
        });
        let mut hand_on = |start: usize, results: Vec<Result<T, Vec<Diagnostic>>>| {
            for (k, r) in results.into_iter().enumerate() {
                each(start + k, r)?;
            }
            Ok(())
        };
        if !matches!(grader, Some(Ok(_))) {
            // No thread for the pipeline (or one chunk only): grade and hand on in turn.
            for start in (0..inputs.len()).step_by(CHUNK) {
                hand_on(start, chunk(start))?;
            }
            return Ok(());
        }
        for (start, results) in receive {
            if let Err(e) = hand_on(start, results) {
                stop.store(true, std::sync::atomic::Ordering::Relaxed);
                return Err(e);
            }
        }
        Ok(())
    })
}

/// Grades every input (see [`grade_in_order`]), keeping every result: for the commands that
/// need them all at once.
pub fn grade_each<T: Send>(
    rubric: &Rubric,
    inputs: &[Input],
    opts: Options,
    tick: &(dyn Fn() + Sync),
    keep: &Keep<T>,
) -> (Vec<T>, Vec<Diagnostic>) {
    // Room for every input at once: growing by doubling would, at its last step, hold the
    // old and the new list together (half as much again as needed at the peak).
    let mut kept = Vec::with_capacity(inputs.len());
    let mut errors = Vec::new();
    let done: Result<(), std::convert::Infallible> =
        grade_in_order(rubric, inputs, opts, tick, keep, |_, r| {
            match r {
                Ok(t) => kept.push(t),
                Err(mut e) => errors.append(&mut e),
            }
            Ok(())
        });
    let Ok(()) = done;
    (kept, errors)
}

/// `RAYON_NUM_THREADS` if set (to compare runs), but never more than the cores.
fn threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .map_or(cores, |n| n.min(cores))
}

/// Grades every input (see [`grade_each`]) into a report.
pub fn grade_all(
    rubric: &Rubric,
    inputs: &[Input],
    opts: Options,
    tick: &(dyn Fn() + Sync),
) -> Report {
    let keep = |input: usize, audit: &Audit, result: AuditResult, file: &str| Graded {
        file: file.to_string(),
        input,
        fingerprint: audit.fingerprint(),
        result,
    };
    let (audits, errors) = grade_each(rubric, inputs, opts, tick, &keep);
    Report {
        rubric_name: rubric.name.to_string(),
        rubric_version: rubric.version.to_string(),
        files: inputs.iter().map(Input::name).collect(),
        audits,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const EXAMPLE: &str = include_str!("../examples/good-child-in-need.yaml");

    /// Grading with the quick reading first must give exactly what the located reading
    /// alone gives: the same grades, or the same located problems. Where the quick reading
    /// alone accepts a file, it must give the located reading's grades.
    fn same_either_way(text: &str, strict: bool) -> Result<(), TestCaseError> {
        let opts = Options {
            strict,
            ..Options::default()
        };
        let keep = |a: &Audit, r: AuditResult| format!("{}{r:?}", a.fingerprint());
        let rubric = Rubric::builtin();
        let quick = grade_text_quick(&rubric, text, "a.yaml", opts, keep);
        let alone = quick_only(&rubric, text, opts, &keep);
        let located = grade_text_with(&rubric, text, "a.yaml", opts, keep);
        if let Some(alone) = alone {
            prop_assert_eq!(located.as_ref().ok(), Some(&alone));
        }
        prop_assert_eq!(located, quick);
        Ok(())
    }

    /// The quick reading is taken for an ordinary audit: were it to give up on every file,
    /// comparing it with the located reading would prove nothing.
    #[test]
    fn the_quick_reading_alone_reads_the_examples() {
        let rubric = Rubric::builtin();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let read = quick_only(&rubric, &text, Options::default(), &|_, _| ());
            assert!(read.is_some(), "{}", path.display());
        }
    }

    /// The quick reading leaves repeated keys and merge keys to the located reading: each
    /// still ends in the parser's own message or the merged answers.
    #[test]
    fn keys_written_twice_and_merge_keys_read_the_same_either_way() {
        let twice = |from: &str, to: &str| EXAMPLE.replacen(from, to, 1);
        let cases = [
            // An answer twice, an area twice, a top-level key twice.
            twice(
                "      agreed_format: yes\n",
                "      agreed_format: yes\n      agreed_format: no\n",
            ),
            twice("sections:\n", "sections:\n  reviews:\n    narrative: x\n"),
            twice(
                "auditor: J. Smith\n",
                "auditor: J. Smith\nauditor: A. N. Other\n",
            ),
            // Answers shared through an anchor and a merge key, and a merge key over a repeat.
            twice(
                "    answers:\n      agreed_format",
                "    answers: &shared\n      agreed_format",
            )
            .replacen(
                "    answers:\n      concise",
                "    answers:\n      <<: *shared\n      concise",
                1,
            ),
            twice(
                "views_sought: { child: yes, family: partly }",
                "views_sought: { <<: {child: no}, family: partly }",
            ),
        ];
        for text in &cases {
            assert_ne!(text, EXAMPLE);
            for strict in [false, true] {
                same_either_way(text, strict).unwrap();
            }
        }
        let located = grade_text_with(
            &Rubric::builtin(),
            &cases[0],
            "a.yaml",
            Options::default(),
            |_, _| (),
        );
        assert!(
            located.unwrap_err()[0]
                .message
                .contains("'agreed_format' is written twice")
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// An example with one line dropped, doubled or changed.
        #[test]
        fn reading_quickly_first_changes_nothing(line in 0usize..120, how in 0u8..4, strict: bool) {
            let mut lines: Vec<String> = EXAMPLE.lines().map(str::to_string).collect();
            let n = line % lines.len();
            match how {
                0 => { lines.remove(n); }
                1 => { let l = lines[n].clone(); lines.insert(n, l); }
                2 => lines[n] = lines[n].replace(": ", ":"),
                _ => lines[n] = lines[n].replace("yes", "# yes"),
            }
            same_either_way(&(lines.join("\n") + "\n"), strict)?;
        }
    }
}
