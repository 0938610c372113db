//! The documentation: the README for auditors and practice leads, `docs/*.md` for the other
//! readers. `cli::cli_cases` runs every `console` block of `README.md` and `docs/*.md` with
//! trycmd; these tests make sure no page with a console block is left out of those globs, and
//! that every link between the pages leads to a file and a heading that exist.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Every Markdown file of the repository, outside build output and version control.
fn markdown_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                markdown_files(&path, found);
            }
        } else if name.ends_with(".md") {
            found.push(path);
        }
    }
}

/// The pages a reader is sent between: the README, ARCHITECTURE.md and every page in docs/.
fn pages() -> Vec<PathBuf> {
    let mut pages = vec![PathBuf::from("README.md"), PathBuf::from("ARCHITECTURE.md")];
    let mut docs: Vec<PathBuf> = fs::read_dir("docs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    assert!(!docs.is_empty(), "no pages in docs/");
    pages.extend(docs);
    pages
}

#[test]
fn every_page_with_a_console_block_is_run() {
    let mut found = Vec::new();
    markdown_files(Path::new("."), &mut found);
    let run = |p: &Path| {
        p == Path::new("./README.md")
            || (p.parent() == Some(Path::new("./docs")) && p.extension().is_some_and(|e| e == "md"))
    };
    for path in found {
        let text = fs::read_to_string(&path).unwrap();
        let has_block = text
            .lines()
            .any(|l| matches!(l.trim_start(), "```console" | "```trycmd"));
        assert!(
            !has_block || run(&path),
            "{}: its console blocks are not run (cli::cli_cases runs README.md and docs/*.md)",
            path.display()
        );
    }
}

/// The anchors GitHub gives a page's headings: lower case, spaces as `-`, other punctuation
/// dropped, and `-1`, `-2`, ... after a repeated heading.
fn anchors(text: &str) -> HashSet<String> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut anchors = HashSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new(text) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take().unwrap();
                let slug: String = h
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                    .map(|c| if c == ' ' { '-' } else { c })
                    .collect();
                let mut anchor = slug.clone();
                let mut n = 0;
                while anchors.contains(&anchor) {
                    n += 1;
                    anchor = format!("{slug}-{n}");
                }
                anchors.insert(anchor);
            }
            _ => {}
        }
    }
    anchors
}

#[test]
fn every_link_between_the_pages_leads_somewhere() {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut broken = Vec::new();
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let dir = page.parent().unwrap();
        for event in Parser::new(&text) {
            let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event
            else {
                continue;
            };
            if dest_url.contains("://") || dest_url.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = dest_url.split_once('#').unwrap_or((&dest_url, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                dir.join(file)
            };
            if !target.exists() {
                broken.push(format!("{}: {dest_url}: no such file", page.display()));
            } else if !anchor.is_empty()
                && !anchors(&fs::read_to_string(&target).unwrap()).contains(anchor)
            {
                broken.push(format!("{}: {dest_url}: no such heading", page.display()));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_docs_page_says_whom_it_is_for_and_links_back() {
    for page in pages().iter().filter(|p| p.starts_with("docs")) {
        let text = fs::read_to_string(page).unwrap();
        let opening: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
        assert!(
            opening.contains("This page is for") && opening.contains("](../README.md"),
            "{}: the opening says whom the page is for and links to the README",
            page.display()
        );
    }
}
