//! `rubric diff`'s text: the changes, then each audit the change would grade differently.

use crate::maintainers::diff::Regrade;
use crate::model::grade::label;

/// The header line, one line per change, and (with audits) the regraded ones.
pub fn render(title: &str, changes: &[String], audits: Option<&[(String, Regrade)]>) -> String {
    let mut out = format!("{title}\n");
    if changes.is_empty() {
        out.push_str("no changes to criteria, caps, wording or policy\n");
    }
    for c in changes {
        out.push_str(&format!("  {c}\n"));
    }
    let Some(audits) = audits else { return out };
    let regraded = audits.iter().filter(|(_, r)| r.differs()).count();
    out.push_str(&format!(
        "\n{regraded} of {} would be graded differently or become incomplete:\n",
        crate::model::words::count_of(audits.len(), "audit")
    ));
    for (name, r) in audits {
        match r {
            Regrade::Unchanged | Regrade::Unreadable => {}
            Regrade::Changed {
                moves,
                newly_required,
            } => {
                let mut said: Vec<String> = moves
                    .iter()
                    .map(|m| format!("{}: {} → {}", m.what, label(m.before), label(m.after)))
                    .collect();
                if !newly_required.is_empty() {
                    said.push(format!(
                        "now incomplete, newly required: {}",
                        newly_required.join(", ")
                    ));
                }
                out.push_str(&format!("  {name}: {}\n", said.join("; ")));
            }
            Regrade::NoLongerValid(why) => out.push_str(&format!(
                "  {name}: no longer valid under the new rubric: {why}\n"
            )),
            Regrade::InvalidBefore => out.push_str(&format!(
                "  {name}: not valid under the old rubric; skipped\n"
            )),
        }
    }
    out
}
