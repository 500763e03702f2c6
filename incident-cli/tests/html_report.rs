//! The HTML report in a real browser: headless Chromium opens the page written by
//! `incident report --format html --output FILE`, takes a screenshot, and a probe script records
//! console errors, resource requests and what the charts drew.
//!
//! Skipped (with a message) only when Chromium is not installed and `CI` is not set; in CI a
//! missing Chromium is a failure (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const NOW: &str = "2026-03-10T12:00:00Z";
const LOG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/cmd/read.in/INCIDENTS.md"
);
/// The report's period: enough weeks and severities to draw every chart.
const PERIOD: [&str; 4] = ["--since", "2026-01", "--until", "2026-03"];

/// Records errors from the first moment, then, once the page is laid out, what it found, in a
/// `data-probe` attribute that `--dump-dom` shows.
const PROBE_HEAD: &str = r#"<script>
window.__errors = [];
const original = console.error.bind(console);
console.error = (...a) => { window.__errors.push('console.error: ' + a.join(' ')); original(...a); };
window.addEventListener('error', e => window.__errors.push('error: ' + (e.message || e.type)), true);
document.addEventListener('securitypolicyviolation', e => window.__errors.push('csp: ' + e.blockedURI + ' ' + e.violatedDirective));
</script>"#;

const PROBE_BODY: &str = r#"<script>
(function () {
  const colours = ['#b91c1c', '#ea580c', '#ca8a04', '#2563eb'];
  const figures = {};
  for (const f of document.querySelectorAll('figure')) {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
    const bars = svg ? [...svg.querySelectorAll('rect')].filter(r => {
      const b = r.getBBox();
      return colours.includes((r.getAttribute('fill') || '').toLowerCase()) && b.width > 0 && b.height > 0;
    }).length : 0;
    const paths = svg ? svg.querySelectorAll('path, polyline, polygon, circle').length : 0;
    figures[f.id] = { width: box.width, height: box.height, bars: bars, shapes: paths };
  }
  const report = () => document.documentElement.setAttribute('data-probe', JSON.stringify({
    errors: window.__errors,
    resources: performance.getEntriesByType('resource').map(e => e.name),
    figures: figures,
    scripts_in_titles: document.querySelectorAll('main script').length,
  }));
  report();
  window.addEventListener('load', report);
})();
</script>"#;

/// Chromium, when installed.
fn chromium() -> Option<PathBuf> {
    let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(candidates.iter().map(PathBuf::from))
        .find(|p| p.is_file())
}

fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn incident(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_incident"))
        .env("INCIDENT_NOW", NOW)
        .args(["--color", "never", "-f", LOG, "report"])
        .args(PERIOD)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Runs Chromium headless on `page` with `args`, killed after a minute.
fn run_chromium(chromium: &Path, profile: &Path, args: &[String], page: &Path) -> Output {
    let mut child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    while child
        .try_wait()
        .expect("chromium can be waited for")
        .is_none()
    {
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.wait_with_output().expect("chromium output")
}

/// The `data-probe` attribute of the dumped DOM, decoded.
fn probe(dom: &str) -> Value {
    let start = dom
        .find("data-probe=\"")
        .unwrap_or_else(|| panic!("no probe result in the DOM:\n{dom}"))
        + "data-probe=\"".len();
    let end = start + dom[start..].find('"').expect("attribute ends");
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn the_html_report_draws_in_chromium_without_errors_or_requests() {
    let Some(chromium) = chromium() else {
        assert!(
            !in_ci(),
            "CI is set but Chromium is not installed: .ci/run installs Debian's `chromium`"
        );
        eprintln!(
            "skipped: Chromium is not installed (apt-get install chromium); CI runs this test"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let page_arg = page.to_str().unwrap();
    let written = incident(&["--format", "html", "--output", page_arg]);
    assert!(written.stdout.is_empty(), "the page goes to the file only");
    let html = std::fs::read_to_string(&page).unwrap();

    // The expected bars: one per week and severity with incidents, from the JSON report.
    let report: Value = serde_json::from_slice(&incident(&["--format", "json"]).stdout).unwrap();
    let buckets = report["series"]["buckets"].as_array().unwrap();
    let expected_bars: usize = buckets
        .iter()
        .map(|b| {
            b["counts"]
                .as_object()
                .unwrap()
                .values()
                .filter(|n| n.as_u64() > Some(0))
                .count()
        })
        .sum();
    assert!(expected_bars >= 3, "the period has incidents to draw");

    // The screenshot is of the page as written.
    let shot = dir.path().join("report.png");
    let out = run_chromium(
        &chromium,
        &dir.path().join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1000,2600".into(),
        ],
        &page,
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| {
        panic!(
            "no screenshot ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    assert!(png.len() > 20_000, "the screenshot shows content");
    if let Some(keep) = std::env::var_os("INCIDENT_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }

    // The probed copy: the page's policy still forbids every fetch, it only lets the inline
    // probe run.
    let csp = "default-src 'none';";
    assert!(html.contains(csp), "the page forbids fetches");
    let probed = html
        .replacen(csp, "default-src 'none'; script-src 'unsafe-inline';", 1)
        .replacen("<head>", &format!("<head>\n{PROBE_HEAD}"), 1)
        .replacen("</body>", &format!("{PROBE_BODY}\n</body>"), 1);
    let probed_page = dir.path().join("probed.html");
    std::fs::write(&probed_page, probed).unwrap();
    let out = run_chromium(
        &chromium,
        &dir.path().join("profile-dom"),
        &["--dump-dom".into(), "--window-size=1000,2600".into()],
        &probed_page,
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let result = probe(&dom);

    assert_eq!(result["errors"], Value::Array(vec![]), "console errors");
    assert_eq!(
        result["resources"],
        Value::Array(vec![]),
        "requests left the page"
    );
    let figures = result["figures"].as_object().unwrap();
    for id in ["incidents-chart", "severity-chart", "resolve-chart"] {
        let f = &figures[id];
        assert!(
            f["width"].as_f64() > Some(100.0) && f["height"].as_f64() > Some(50.0),
            "{id} has a size: {f}"
        );
        assert!(f["shapes"].as_u64() > Some(0), "{id} drew shapes: {f}");
    }
    assert_eq!(
        figures["incidents-chart"]["bars"].as_u64(),
        Some(expected_bars as u64),
        "one bar per week and severity with incidents"
    );
}
