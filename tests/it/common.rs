//! What the integration tests share.

use assert_cmd::Command;

/// The `audit` binary under test, run from the package root, with tables at their default
/// width whatever the shell running the tests says.
pub fn audit() -> Command {
    let mut cmd = Command::cargo_bin("audit").unwrap();
    cmd.env_remove("COLUMNS");
    cmd
}
