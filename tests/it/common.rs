//! What the integration tests share.

use assert_cmd::Command;

/// The `audit` binary under test, run from the package root.
pub fn audit() -> Command {
    Command::cargo_bin("audit").unwrap()
}
