//! Generated logs in random dialects (heading pattern, field style, severity vocabulary) read
//! back as the incidents that were written, byte for byte lossless.

use incident_md::Document;
use incident_md::dialect::{Status, When};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Written {
    title: String,
    level: usize,
    severity_text: String,
    day: (u32, u32),
    time: (u32, u32),
    resolved: bool,
}

fn title() -> impl Strategy<Value = String> {
    let words = prop::sample::select(vec![
        "disk", "cache", "queue", "resolver", "gateway", "ledger", "probe", "backup",
    ]);
    prop::collection::vec(words, 2..5).prop_map(|w| {
        let mut t = w.join(" ");
        t[..1].make_ascii_uppercase();
        t
    })
}

fn severity() -> impl Strategy<Value = (usize, String)> {
    // (level index 0 = LOW … 3 = CRITICAL, text as some team writes it)
    (0usize..4, 0usize..5, any::<bool>()).prop_map(|(level, form, upper)| {
        let word = ["low", "medium", "high", "critical"][level];
        let text = match form {
            0 => format!("P{}", 3 - level),
            1 => format!("SEV-{}", 3 - level),
            2 if upper => word.to_uppercase(),
            2 => word.to_owned(),
            3 => format!("{} {}", ["🟢", "🟡", "🟠", "🔴"][level], word),
            _ => format!("{}{} (a note)", word[..1].to_uppercase(), &word[1..]),
        };
        (level, text)
    })
}

fn entry() -> impl Strategy<Value = Written> {
    (
        title(),
        severity(),
        (1u32..=12, 1u32..=28),
        (0u32..24, 0u32..60),
        any::<bool>(),
    )
        .prop_map(
            |(title, (level, severity_text), day, time, resolved)| Written {
                title,
                level,
                severity_text,
                day,
                time,
                resolved,
            },
        )
}

fn heading(style: usize, n: usize, e: &Written) -> String {
    let date = format!("2026-{:02}-{:02}", e.day.0, e.day.1);
    match style {
        0 => format!("## Incident: {}", e.title),
        1 => format!("## {date} — {}", e.title),
        2 => format!("### [{date}] {}", e.title),
        3 => format!("### INC-{n:03}: {}", e.title),
        4 => format!("## Incident {n} – {}", e.title),
        _ => format!("#### INCIDENT-{n:03} | {}", e.title),
    }
}

fn fields(style: usize, e: &Written) -> String {
    let detected = format!(
        "2026-{:02}-{:02} {:02}:{:02} UTC",
        e.day.0, e.day.1, e.time.0, e.time.1
    );
    let status = if e.resolved {
        "Resolved"
    } else {
        "Investigating"
    };
    let rows = [
        ("Severity", e.severity_text.as_str()),
        ("Detected", detected.as_str()),
        ("Status", status),
        ("What happened", "Something broke."),
    ];
    let mut out = String::new();
    if style == 5 {
        out.push_str("| Field | Value |\n|---|---|\n");
    }
    for (label, value) in rows {
        out.push_str(&match style {
            0 => format!("**{label}:** {value}\n"),
            1 => format!("**{label}**: {value}\n"),
            2 => format!("- **{label}:** {value}\n"),
            3 => format!("- {label}: {value}\n"),
            4 => format!("{label}: {value}\n"),
            _ => format!("| {label} | {value} |\n"),
        });
    }
    out
}

fn render(heading_style: usize, field_style: usize, entries: &[Written]) -> String {
    let mut s = String::from("# Team incident log\n\nOne entry per incident.\n\n");
    if matches!(heading_style, 2 | 3 | 5) {
        s.push_str("## Incidents\n\n");
    }
    if heading_style == 5 {
        s.push_str("### 2026\n\n");
    }
    for (n, e) in entries.iter().enumerate() {
        s.push_str(&heading(heading_style, n + 1, e));
        s.push_str("\n\n");
        s.push_str(&fields(field_style, e));
        s.push_str("\n---\n\n");
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn generated_dialects_read_back(
        heading_style in 0usize..6,
        field_style in 0usize..6,
        entries in prop::collection::vec(entry(), 1..5),
    ) {
        let src = render(heading_style, field_style, &entries);
        let doc: Document = src.parse().unwrap();
        prop_assert_eq!(doc.to_string(), src.clone());
        let read = &doc.log().incidents;
        prop_assert_eq!(read.len(), entries.len(), "{}", src);
        for (got, want) in read.iter().zip(&entries) {
            prop_assert_eq!(&got.title, &want.title);
            let r = &got.reading;
            prop_assert_eq!(
                r.level().map(|l| l.as_str()),
                Some(["LOW", "MEDIUM", "HIGH", "CRITICAL"][want.level]),
                "{}", src
            );
            let detected = format!(
                "2026-{:02}-{:02}T{:02}:{:02}:00Z",
                want.day.0, want.day.1, want.time.0, want.time.1
            );
            prop_assert_eq!(r.detected.as_ref().map(When::to_string), Some(detected));
            prop_assert_eq!(
                r.status,
                Some(if want.resolved { Status::Resolved } else { Status::Open })
            );
        }
    }
}
