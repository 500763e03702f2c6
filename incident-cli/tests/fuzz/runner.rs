//! A seeded mutation fuzzer that runs on the stable toolchain: inputs are corpus files changed by
//! random mutations (byte flips, markdown and TOML tokens, splices of other corpus files), run
//! for a time budget. It is *not* coverage-guided: nothing steers it towards new code paths, so
//! it finds what random mutation of good seeds finds. Keep the seeds varied.
//!
//! `INCIDENT_FUZZ_SECONDS` sets the budget per target (default: a fraction of a second, so
//! `cargo test` stays fast); `INCIDENT_FUZZ_SEED` fixes the seed (the failure message prints
//! it). A failing input is written to `target/fuzz-failures/<target>/` so it can be added to
//! `fuzz/corpus/<target>/` once fixed.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// xorshift64*: small, fast, and the same on every platform, so a seed reproduces a run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Tokens that matter to the parsers: markdown block starters, field labels, line endings, TOML
/// and JSON syntax, numbers at the edges of their types.
pub const DICTIONARY: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\t",
    "    ",
    "\0",
    "\u{feff}",
    "é",
    "—",
    "💥",
    "#",
    "## ",
    "### ",
    "## Incident: ",
    "### Severity: ",
    "### Detected: ",
    "### Description:\n",
    "**Severity:** ",
    "**Detected:** ",
    "- **Impact:** ",
    "- [ ] ",
    "- [x] ",
    " - @",
    " - 2026-03-01",
    // Out-of-range durations and dates (an overflow panic once).
    "2562047788h",
    "9999-12-31",
    "-262143-01-01",
    "> ",
    "```",
    "~~~",
    "---",
    "===",
    "***",
    "| a | b |",
    "|---|---|",
    ":-- | :--",
    "<!--",
    "-->",
    "<div>",
    "<img src=x onerror=alert(1)>",
    "[x]: /y",
    "[t](LOGS.md#x)",
    "](",
    "\\",
    "`",
    "HIGH",
    "CRITICAL",
    "LOW",
    "MEDIUM",
    "2026-03-01T08:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "< 15 minutes",
    "Immediate escalation",
    "Next business day",
    "2 business days",
    "## Last Incident: ",
    "## Template: Log New Incident",
    "\"",
    "=",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "[[",
    "]]",
    "timezone = ",
    "\"Europe/Berlin\"",
    "workdays = ",
    "work-hours = ",
    "\"09:00-17:00\"",
    "\"23:59-00:00\"",
    "holidays = ",
    "immediate-grace = ",
    "\"5m\"",
    "\"0s\"",
    "\"-1h\"",
    "order = ",
    "\"oldest-first\"",
    "null",
    "true",
    "0",
    "-1",
    "18446744073709551616",
    "1e309",
    "\"title\": ",
    "\"severity\": ",
    "\"detected\": ",
    "\"follow_ups\": [",
    "\"related_logs\": [",
    "\"action\": ",
    "\"target\": ",
];

/// One mutation of `input`, using the dictionary and the other corpus entries.
pub fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = if out.is_empty() {
            0
        } else {
            rng.below(out.len() + 1)
        };
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 | 2 => {
                let token = rng.pick(DICTIONARY).as_bytes();
                out.splice(at..at, token.iter().copied());
            }
            3 if !out.is_empty() => {
                let end = (at + rng.below(64)).min(out.len());
                out.drain(at.min(end)..end);
            }
            4 if !out.is_empty() => {
                // Duplicate a range: repeated structure (two fields, two incidents).
                let start = rng.below(out.len());
                let end = (start + rng.below(256)).min(out.len());
                let copy = out[start..end].to_vec();
                out.splice(at..at, copy);
            }
            5 if !corpus.is_empty() => {
                let other = rng.pick(corpus);
                if !other.is_empty() {
                    let start = rng.below(other.len());
                    let end = (start + rng.below(512)).min(other.len());
                    out.splice(at..at, other[start..end].iter().copied());
                }
            }
            _ => {
                let byte = rng.next() as u8;
                out.insert(at, byte);
            }
        }
    }
    out.truncate(1 << 16);
    out
}

/// The corpus of one target: every file in `fuzz/corpus/<target>/`.
pub fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = corpus_dir().join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    let inputs: Vec<Vec<u8>> = files.iter().map(|p| fs::read(p).unwrap()).collect();
    assert!(!inputs.is_empty(), "{}: empty corpus", dir.display());
    inputs
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus")
}

fn budget() -> Duration {
    std::env::var("INCIDENT_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .map_or(Duration::from_millis(300), Duration::from_secs_f64)
}

fn seed() -> u64 {
    std::env::var("INCIDENT_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
}

/// Runs `check` on every corpus entry, then on mutations of them until the budget is spent.
/// `check` returns `Err(reason)` for a broken promise; a panic counts as one too.
pub fn fuzz(target: &str, check: impl Fn(&[u8], &mut Rng) -> Result<(), String>) {
    let corpus = corpus(target);
    let seed = seed();
    let mut rng = Rng::new(seed);
    let deadline = Instant::now() + budget();
    let mut runs = 0usize;
    let mut run_one = |input: &[u8], rng: &mut Rng| {
        runs += 1;
        let mut case_rng = Rng::new(rng.next());
        let outcome = catch_unwind(AssertUnwindSafe(|| check(input, &mut case_rng)))
            .unwrap_or_else(|p| {
                let msg = p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                Err(format!("panic: {msg}"))
            });
        if let Err(reason) = outcome {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../target/fuzz-failures")
                .join(target);
            fs::create_dir_all(&dir).unwrap();
            let file = dir.join(format!("seed-{seed}-run-{runs}"));
            fs::write(&file, input).unwrap();
            panic!(
                "fuzz target {target}: {reason}\ninput ({} bytes) saved to {}\n\
                 reproduce with INCIDENT_FUZZ_SEED={seed}\ninput: {:?}",
                input.len(),
                file.display(),
                String::from_utf8_lossy(&input[..input.len().min(2000)])
            );
        }
    };
    for input in &corpus {
        run_one(input, &mut rng);
    }
    while Instant::now() < deadline {
        let base = rng.pick(&corpus).clone();
        let input = mutate(&mut rng, &base, &corpus);
        run_one(&input, &mut rng);
    }
    eprintln!("fuzz target {target}: {runs} inputs, seed {seed}");
}
