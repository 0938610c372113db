//! What the integration tests share.

use assert_cmd::Command;
use std::path::Path;

/// The `audit` binary under test, run from the package root, with tables at their default
/// width whatever the shell running the tests says.
pub fn audit() -> Command {
    let mut cmd = Command::cargo_bin("audit").unwrap();
    cmd.env_remove("COLUMNS");
    // A board report's pseudonym key, made on first use: the tests' own, not the user's.
    cmd.env(
        "AUDIT_PSEUDONYM_KEY",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("pseudonym-key"),
    );
    cmd
}

/// The built-in rubric, read once for every test that needs it.
pub fn rubric() -> &'static audit::model::rubric::Rubric {
    static R: std::sync::OnceLock<audit::model::rubric::Rubric> = std::sync::OnceLock::new();
    R.get_or_init(audit::model::rubric::Rubric::builtin)
}

/// A command's standard output as JSON, after checking that it succeeded.
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
