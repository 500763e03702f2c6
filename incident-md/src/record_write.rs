//! An [`IncidentRecord`] written directly as `serde_json`'s pretty printer writes it (two-space
//! indent), without building the record: serde's serialization of the records was a quarter of
//! `incident list --format json` on a large log (a key, a string and a time at a time through
//! its formatter), and building each record cloned its incident. The serde derives remain the
//! record's serde form; the tests hold these bytes to theirs.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use incident_core::{
    Disposition, Due, FollowUp, RelatedLog, Severity, Stage, Status, TimelineItem, TriggerSource,
};

use crate::json_write::{write_date, write_number, write_str, write_time};
use crate::{Document, Entry, IncidentRecord};

/// A key as a member begins: quoted, then `: ` (the keys here need no escapes).
macro_rules! key {
    ($name:literal) => {
        concat!("\"", $name, "\": ")
    };
}

/// The separator of members and elements, its line break and the indentation of the next.
const BREAK: &[u8] = b",\n                                ";

/// A record's fields, borrowed from an [`IncidentRecord`] or from an entry and its incident,
/// ready to be written as JSON ([`RecordJson::write_pretty`]).
#[derive(Debug, Clone, Copy)]
pub struct RecordJson<'a> {
    schema_version: Option<u32>,
    id: &'a str,
    anchor: &'a str,
    title: &'a str,
    severity: Severity,
    category: Option<&'a str>,
    detected: Option<&'a DateTime<Utc>>,
    acknowledged: Option<&'a DateTime<Utc>>,
    mitigated: Option<&'a DateTime<Utc>>,
    resolved: Option<&'a DateTime<Utc>>,
    status: Option<Status>,
    stage: Option<Stage>,
    disposition: Option<&'a Disposition>,
    trigger: Option<&'a TriggerSource>,
    owner: Option<&'a str>,
    description: Option<&'a str>,
    impact: Option<&'a str>,
    root_cause: Option<&'a str>,
    resolution: Option<&'a str>,
    lessons_learned: Option<&'a str>,
    follow_ups: &'a [FollowUp],
    related_logs: &'a [RelatedLog],
    timeline: &'a [TimelineItem],
    line: usize,
}

impl<'a> RecordJson<'a> {
    /// What [`IncidentRecord::new`] makes of an entry of `doc`, borrowed rather than cloned:
    /// `None` when its incident cannot be read.
    pub fn of_entry(doc: &Document, entry: &'a Entry) -> Option<RecordJson<'a>> {
        let i = entry.incident.as_ref()?;
        Some(RecordJson {
            schema_version: None,
            id: &entry.id,
            anchor: &entry.anchor,
            title: &i.title,
            severity: i.severity,
            category: i.category.as_deref(),
            detected: Some(&i.detected),
            acknowledged: i.acknowledged.as_ref(),
            mitigated: i.mitigated.as_ref(),
            resolved: i.resolved.as_ref(),
            status: Some(i.status()),
            stage: Some(i.stage()),
            disposition: i.disposition.as_ref(),
            trigger: i.trigger.as_ref(),
            owner: entry.owner(),
            description: i.description.as_deref(),
            impact: i.impact.as_deref(),
            root_cause: i.root_cause.as_deref(),
            resolution: i.resolution.as_deref(),
            lessons_learned: i.lessons_learned.as_deref(),
            follow_ups: &i.follow_ups,
            related_logs: &i.related_logs,
            timeline: &i.timeline,
            line: doc.position(entry.heading_span.start).line,
        })
    }

    /// The same record with a `"schema_version"` key before its own (as a tool's top-level
    /// object prints it).
    pub fn with_schema_version(self, version: u32) -> RecordJson<'a> {
        RecordJson {
            schema_version: Some(version),
            ..self
        }
    }

    /// Writes the record as `serde_json::to_writer_pretty` writes its serde form, as a value
    /// nested `depth` levels deep (0 for a top-level value, 1 for an element of a top-level
    /// array): no indentation before its `{`, none after its `}`.
    ///
    /// # Errors
    ///
    /// What `out` returns.
    pub fn write_pretty(&self, out: &mut impl Write, depth: usize) -> io::Result<()> {
        let mut o = Object::new(depth);
        if let Some(version) = self.schema_version {
            o.key(out, key!("schema_version"))?;
            write_number(out, version.into())?;
        }
        o.key(out, key!("id"))?;
        write_str(out, self.id)?;
        o.key(out, key!("anchor"))?;
        write_str(out, self.anchor)?;
        o.key(out, key!("title"))?;
        write_str(out, self.title)?;
        o.key(out, key!("severity"))?;
        write_severity(out, self.severity)?;
        o.key(out, key!("category"))?;
        write_opt_str(out, self.category)?;
        for (key, t) in [
            (key!("detected"), self.detected),
            (key!("acknowledged"), self.acknowledged),
            (key!("mitigated"), self.mitigated),
            (key!("resolved"), self.resolved),
        ] {
            o.key(out, key)?;
            match t {
                Some(t) => write_time(out, t)?,
                None => out.write_all(b"null")?,
            }
        }
        o.key(out, key!("status"))?;
        match self.status {
            Some(Status::Open) => out.write_all(b"\"open\"")?,
            Some(Status::Resolved) => out.write_all(b"\"resolved\"")?,
            Some(Status::Cancelled) => out.write_all(b"\"cancelled\"")?,
            Some(other) => write_str(out, &other.to_string())?,
            None => out.write_all(b"null")?,
        }
        o.key(out, key!("stage"))?;
        match self.stage {
            Some(stage) => write_stage(out, stage)?,
            None => out.write_all(b"null")?,
        }
        o.key(out, key!("disposition"))?;
        match self.disposition {
            Some(d) => write_disposition(out, d, depth + 1)?,
            None => out.write_all(b"null")?,
        }
        o.key(out, key!("trigger"))?;
        match self.trigger {
            Some(t) => write_trigger(out, t, depth + 1)?,
            None => out.write_all(b"null")?,
        }
        for (key, text) in [
            (key!("owner"), self.owner),
            (key!("description"), self.description),
            (key!("impact"), self.impact),
            (key!("root_cause"), self.root_cause),
            (key!("resolution"), self.resolution),
            (key!("lessons_learned"), self.lessons_learned),
        ] {
            o.key(out, key)?;
            write_opt_str(out, text)?;
        }
        o.key(out, key!("follow_ups"))?;
        write_array(out, self.follow_ups, depth + 1, write_follow_up)?;
        o.key(out, key!("related_logs"))?;
        write_array(out, self.related_logs, depth + 1, |out, r, depth| {
            let mut o = Object::new(depth);
            o.key(out, key!("text"))?;
            write_str(out, &r.text)?;
            o.key(out, key!("target"))?;
            write_opt_str(out, r.target.as_deref())?;
            o.end(out)
        })?;
        o.key(out, key!("timeline"))?;
        write_array(out, self.timeline, depth + 1, |out, item, depth| {
            let mut o = Object::new(depth);
            o.key(out, key!("at"))?;
            write_time(out, &item.at)?;
            o.key(out, key!("text"))?;
            write_str(out, &item.text)?;
            o.end(out)
        })?;
        o.key(out, key!("line"))?;
        write_number(out, self.line as u64)?;
        o.end(out)
    }
}

impl<'a> From<&'a IncidentRecord> for RecordJson<'a> {
    /// The record's fields, as its serde form writes them (its `schema_version` is never
    /// written).
    fn from(r: &'a IncidentRecord) -> RecordJson<'a> {
        RecordJson {
            schema_version: None,
            id: &r.id,
            anchor: &r.anchor,
            title: &r.title,
            severity: r.severity,
            category: r.category.as_deref(),
            detected: r.detected.as_ref(),
            acknowledged: r.acknowledged.as_ref(),
            mitigated: r.mitigated.as_ref(),
            resolved: r.resolved.as_ref(),
            status: r.status,
            stage: r.stage,
            disposition: r.disposition.as_ref(),
            trigger: r.trigger.as_ref(),
            owner: r.owner.as_deref(),
            description: r.description.as_deref(),
            impact: r.impact.as_deref(),
            root_cause: r.root_cause.as_deref(),
            resolution: r.resolution.as_deref(),
            lessons_learned: r.lessons_learned.as_deref(),
            follow_ups: &r.follow_ups,
            related_logs: &r.related_logs,
            timeline: &r.timeline,
            line: r.line,
        }
    }
}

/// An object being written by the pretty printer's rules: `{`, then each key on its own line
/// one level deeper than the object, then `}` on the object's level (`{}` when empty).
struct Object {
    depth: usize,
    empty: bool,
}

impl Object {
    fn new(depth: usize) -> Object {
        Object { depth, empty: true }
    }

    /// Starts the next member: its separator, line break and indentation in one write, then
    /// `key` as [`key!`] spells it (two writes a key rather than five: the writes were most of
    /// the cost of a key).
    #[inline(always)]
    fn key(&mut self, out: &mut impl Write, key: &str) -> io::Result<()> {
        next_line(out, self.empty.then_some(b"{"), self.depth + 1)?;
        self.empty = false;
        out.write_all(key.as_bytes())
    }

    fn end(self, out: &mut impl Write) -> io::Result<()> {
        if self.empty {
            return out.write_all(b"{}");
        }
        out.write_all(b"\n")?;
        indent(out, self.depth)?;
        out.write_all(b"}")
    }
}

/// An array at `depth` of items each written by `item` at one level deeper.
fn write_array<W: Write, T>(
    out: &mut W,
    items: &[T],
    depth: usize,
    item: impl Fn(&mut W, &T, usize) -> io::Result<()>,
) -> io::Result<()> {
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    for (k, x) in items.iter().enumerate() {
        next_line(out, (k == 0).then_some(b"["), depth + 1)?;
        item(out, x, depth + 1)?;
    }
    out.write_all(b"\n")?;
    indent(out, depth)?;
    out.write_all(b"]")
}

fn write_follow_up(out: &mut impl Write, f: &FollowUp, depth: usize) -> io::Result<()> {
    let mut o = Object::new(depth);
    o.key(out, key!("done"))?;
    out.write_all(if f.done { b"true" } else { b"false" })?;
    o.key(out, key!("action"))?;
    write_str(out, &f.action)?;
    o.key(out, key!("assignee"))?;
    write_opt_str(out, f.assignee.as_deref())?;
    o.key(out, key!("due"))?;
    match &f.due {
        Some(Due::Date(d)) => write_date(out, d)?,
        Some(Due::Text(t)) => write_str(out, t)?,
        None => out.write_all(b"null")?,
    }
    o.end(out)
}

fn write_trigger(out: &mut impl Write, t: &TriggerSource, depth: usize) -> io::Result<()> {
    let mut o = Object::new(depth);
    o.key(out, key!("kind"))?;
    // strum's kebab-case names are serde's (the tests compare every kind).
    write_str(out, t.kind.into())?;
    o.key(out, key!("key"))?;
    write_opt_str(out, t.key.as_deref())?;
    o.end(out)
}

fn write_disposition(out: &mut impl Write, d: &Disposition, depth: usize) -> io::Result<()> {
    match d {
        Disposition::Reopened => out.write_all(b"\"reopened\""),
        Disposition::Cancelled {
            reason,
            duplicate_of,
        } => {
            let mut outer = Object::new(depth);
            outer.key(out, key!("cancelled"))?;
            let mut o = Object::new(depth + 1);
            o.key(out, key!("reason"))?;
            write_str(out, reason)?;
            o.key(out, key!("duplicate_of"))?;
            write_opt_str(out, duplicate_of.as_deref())?;
            o.end(out)?;
            outer.end(out)
        }
        other => write_by_serde(out, other, depth),
    }
}

fn write_severity(out: &mut impl Write, s: Severity) -> io::Result<()> {
    // strum's upper-case names are serde's (the tests compare every level).
    write_str(out, s.as_str())
}

fn write_stage(out: &mut impl Write, s: Stage) -> io::Result<()> {
    let name = match s {
        Stage::Detected => "detected",
        Stage::Acknowledged => "acknowledged",
        Stage::Mitigated => "mitigated",
        Stage::Resolved => "resolved",
        Stage::Reopened => "reopened",
        Stage::Cancelled => "cancelled",
        other => return write_by_serde(out, &other, 0),
    };
    write_str(out, name)
}

fn write_opt_str(out: &mut impl Write, s: Option<&str>) -> io::Result<()> {
    match s {
        Some(s) => write_str(out, s),
        None => out.write_all(b"null"),
    }
}

/// A value this module does not know the shape of, by `serde_json`'s pretty printer, its lines
/// after the first indented to `depth` (its strings hold no raw line breaks, so this is exact).
fn write_by_serde<T: serde::Serialize + ?Sized>(
    out: &mut impl Write,
    value: &T,
    depth: usize,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.write_all(b"\n")?;
            indent(out, depth)?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Before the first member or element, `open` (`{` or `[`), else a comma; then a line break
/// and the indentation of `depth`, in one write while the depth is small.
#[inline(always)]
fn next_line(out: &mut impl Write, open: Option<&[u8; 1]>, depth: usize) -> io::Result<()> {
    let skip = match open {
        Some(open) => {
            out.write_all(open)?;
            1
        }
        None => 0,
    };
    match BREAK.get(skip..2 + depth * 2) {
        Some(run) => out.write_all(run),
        None => {
            out.write_all(&BREAK[skip..2])?;
            indent(out, depth)
        }
    }
}

/// Two spaces a level.
fn indent(out: &mut impl Write, depth: usize) -> io::Result<()> {
    const SPACES: &[u8; 32] = b"                                ";
    let mut left = depth * 2;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.write_all(&SPACES[..k])?;
        left -= k;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use incident_core::{Incident, TriggerKind};
    use proptest::prelude::*;
    use strum::IntoEnumIterator as _;

    /// The record at `depth` as [`RecordJson::write_pretty`] writes it.
    fn direct(r: RecordJson, depth: usize) -> String {
        let mut out = Vec::new();
        r.write_pretty(&mut out, depth).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// `{"schema_version": 1, ...the record}` as the CLI's serde output had it.
    #[derive(serde::Serialize)]
    struct Versioned<'a> {
        schema_version: u32,
        #[serde(flatten)]
        value: &'a IncidentRecord,
    }

    /// Every way a record reaches JSON gives serde's bytes: alone, versioned, and as elements
    /// of an array (where each is nested one level).
    fn assert_same(records: &[(RecordJson, IncidentRecord)]) {
        for (direct_form, record) in records {
            assert_eq!(
                direct(*direct_form, 0),
                serde_json::to_string_pretty(record).unwrap()
            );
            assert_eq!(
                direct(RecordJson::from(record), 0),
                serde_json::to_string_pretty(record).unwrap()
            );
            assert_eq!(
                direct(direct_form.with_schema_version(1), 0),
                serde_json::to_string_pretty(&Versioned {
                    schema_version: 1,
                    value: record
                })
                .unwrap()
            );
        }
        let mut array = String::from("[");
        for (k, (r, _)) in records.iter().enumerate() {
            array.push_str(if k == 0 { "\n  " } else { ",\n  " });
            array.push_str(&direct(*r, 1));
        }
        array.push_str(if records.is_empty() { "]" } else { "\n]" });
        let serde: Vec<&IncidentRecord> = records.iter().map(|(_, r)| r).collect();
        assert_eq!(array, serde_json::to_string_pretty(&serde).unwrap());
    }

    fn check_document_text(text: &str) -> usize {
        let doc: Document = text.parse().unwrap();
        let records: Vec<(RecordJson, IncidentRecord)> = doc
            .incidents()
            .iter()
            .filter_map(|e| {
                Some((
                    RecordJson::of_entry(&doc, e)?,
                    IncidentRecord::new(&doc, e)?,
                ))
            })
            .collect();
        assert_same(&records);
        records.len()
    }

    /// Every fixture log of the project, the real-world logs with every field kind included.
    #[test]
    fn fixture_logs_are_serde_json() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let mut files = vec![data.join("seed.md")];
        for dir in [
            "fixtures",
            "edit",
            "real-logs/logs",
            "real-logs/postmortems",
        ] {
            let mut in_dir: Vec<_> = std::fs::read_dir(data.join(dir))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            in_dir.sort();
            files.extend(in_dir);
        }
        let mut incidents = 0;
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            let Ok(text) = String::from_utf8(bytes) else {
                continue;
            };
            incidents += check_document_text(&text);
        }
        assert!(files.len() > 50, "{}", files.len());
        assert!(incidents > 100, "{incidents}");
    }

    fn with_due(mut f: FollowUp, due: Option<Due>) -> FollowUp {
        f.due = due;
        f
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// An incident with every field set, its texts holding `text`.
    fn full(text: &str) -> Incident {
        let mut i = Incident::new(
            format!("t {text}"),
            Severity::Critical,
            at("2026-03-02T10:00:00Z"),
        );
        i.category = Some(format!("`C` {text}"));
        i.acknowledged = Some(at("2026-03-02T10:05:00.5Z"));
        i.mitigated = Some(at("2026-03-02T10:06:00.000001Z"));
        i.resolved = Some(at("+10000-01-01T00:00:00Z"));
        i.disposition = Some(Disposition::cancelled(text, Some(format!("id {text}"))));
        i.trigger = Some(TriggerSource::new(
            TriggerKind::SecurityPolicyViolation,
            Some(text.into()),
        ));
        i.description = Some(format!("d {text}"));
        i.impact = Some(text.into());
        i.root_cause = Some(text.into());
        i.resolution = Some(text.into());
        i.lessons_learned = Some(text.into());
        let mut f = FollowUp::new(text).assignee(text);
        f.done = true;
        i.follow_ups = vec![
            f,
            FollowUp::new("a").due(chrono::NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()),
            with_due(FollowUp::new("b"), Some(Due::Text(format!("soon {text}")))),
            FollowUp::new("c").due(chrono::NaiveDate::from_ymd_opt(-5, 1, 2).unwrap()),
        ];
        i.related_logs = vec![
            RelatedLog::new(text, Some(format!("../x.md#{text}"))),
            RelatedLog::new("plain", None),
        ];
        i.timeline = vec![
            TimelineItem::new(at("2026-03-02T10:01:00Z"), text),
            TimelineItem::new(at("2026-03-02T10:02:00.123456789Z"), ""),
        ];
        i
    }

    /// Records with every optional field set and unset, every disposition and severity, texts
    /// with escapes, control characters and non-ASCII text, empty and non-empty lists.
    #[test]
    fn every_field_set_and_unset_is_serde_json() {
        let texts = [
            "plain",
            "",
            "a \"quote\", a back\\slash, a tab\t, a line\nbreak, \u{1} and \u{7f}",
            "é — 日本 \u{2028} 🚨",
        ];
        let mut records = Vec::new();
        for text in texts {
            let full = full(text);
            let bare = Incident::new(text, Severity::Low, at("2026-03-02T10:00:00Z"));
            let mut reopened = full.clone();
            reopened.disposition = Some(Disposition::Reopened);
            reopened.resolved = None;
            reopened.trigger = Some(TriggerSource::new(TriggerKind::Availability, None));
            let mut duplicate = bare.clone();
            duplicate.disposition = Some(Disposition::cancelled(text, None));
            for i in [full, bare, reopened, duplicate] {
                let mut r = IncidentRecord::from(i);
                r.id = format!("2026-03-02-{text}");
                r.anchor = text.to_owned();
                r.line = text.len() * 1_000;
                records.push(r.clone());
                // The keys a record read from JSON may lack.
                r.detected = None;
                r.status = None;
                r.stage = None;
                r.schema_version = Some(1);
                records.push(r);
            }
        }
        let pairs: Vec<_> = records
            .iter()
            .map(|r| (RecordJson::from(r), r.clone()))
            .collect();
        assert_same(&pairs);
        assert_same(&[]);
    }

    /// Each enum name written here is serde's.
    #[test]
    fn enum_names_are_serde_names() {
        let name = |f: &dyn Fn(&mut Vec<u8>) -> io::Result<()>| {
            let mut out = Vec::new();
            f(&mut out).unwrap();
            String::from_utf8(out).unwrap()
        };
        for s in Severity::iter() {
            assert_eq!(
                name(&|o| write_severity(o, s)),
                serde_json::to_string(&s).unwrap()
            );
        }
        for kind in TriggerKind::iter() {
            let t = TriggerSource::new(kind, None);
            assert_eq!(
                name(&|o| write_trigger(o, &t, 0)),
                serde_json::to_string_pretty(&t).unwrap()
            );
        }
        for s in [
            Stage::Detected,
            Stage::Acknowledged,
            Stage::Mitigated,
            Stage::Resolved,
            Stage::Reopened,
            Stage::Cancelled,
        ] {
            assert_eq!(
                name(&|o| write_stage(o, s)),
                serde_json::to_string(&s).unwrap()
            );
        }
        // The fallback for shapes this module does not know keeps serde's nesting.
        let d = Disposition::cancelled("r", None);
        assert_eq!(
            name(&|o| write_by_serde(o, &d, 2)),
            serde_json::to_string_pretty(&d)
                .unwrap()
                .replace('\n', "\n    ")
        );
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z ]{0,12}",
            "\\PC{0,12}",
            "[\"\\\\\\x00-\\x1f\\x7f é—]{0,12}"
        ]
    }

    fn time() -> impl Strategy<Value = DateTime<Utc>> {
        (
            -400_000_000_000i64..400_000_000_000,
            prop_oneof![Just(0u32), Just(500_000_000), 0u32..1_000_000_000],
        )
            .prop_map(|(secs, nanos)| DateTime::from_timestamp(secs, nanos).unwrap())
    }

    prop_compose! {
        fn incident()(
            title in text(),
            severity in 0..4usize,
            times in (time(), proptest::option::of(time()), proptest::option::of(time()), proptest::option::of(time())),
            texts in proptest::collection::vec(proptest::option::of(text()), 6),
            disposition in 0..4usize,
            trigger in proptest::option::of((0..7usize, proptest::option::of(text()))),
            follow_ups in proptest::collection::vec((any::<bool>(), text(), proptest::option::of(text()), 0..3usize, -20_000i32..20_000), 0..3),
            related in proptest::collection::vec((text(), proptest::option::of(text())), 0..3),
            timeline in proptest::collection::vec((time(), text()), 0..3),
        ) -> Incident {
            let mut i = Incident::new(title, Severity::ALL[severity], times.0);
            (i.acknowledged, i.mitigated, i.resolved) = (times.1, times.2, times.3);
            i.category = texts[0].clone();
            i.description = texts[1].clone();
            i.impact = texts[2].clone();
            i.root_cause = texts[3].clone();
            i.resolution = texts[4].clone();
            i.lessons_learned = texts[5].clone();
            i.disposition = match disposition {
                0 => None,
                1 => Some(Disposition::Reopened),
                2 => Some(Disposition::cancelled(texts[1].clone().unwrap_or_default(), None)),
                _ => Some(Disposition::cancelled("r", texts[2].clone())),
            };
            i.trigger = trigger.map(|(k, key)| TriggerSource::new(TriggerKind::iter().nth(k).unwrap(), key));
            i.follow_ups = follow_ups.into_iter().map(|(done, action, assignee, due, day)| {
                let due = match due {
                    0 => None,
                    1 => Some(Due::Text(action.clone())),
                    _ => Some(Due::Date(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::TimeDelta::days(i64::from(day) * 200))),
                };
                let mut f = with_due(FollowUp::new(action), due);
                f.done = done;
                f.assignee = assignee;
                f
            }).collect();
            i.related_logs = related.into_iter().map(|(t, target)| RelatedLog::new(t, target)).collect();
            i.timeline = timeline.into_iter().map(|(at, t)| TimelineItem::new(at, t)).collect();
            i
        }
    }

    proptest! {
        #[test]
        fn any_record_is_serde_json(i in incident(), id in text(), line in 0..1_000_000usize) {
            let mut r = IncidentRecord::from(i);
            r.id = id.clone();
            r.anchor = id;
            r.line = line;
            prop_assert_eq!(direct(RecordJson::from(&r), 0), serde_json::to_string_pretty(&r).unwrap());
            prop_assert_eq!(direct(RecordJson::from(&r), 3).replace("\n      ", "\n"), serde_json::to_string_pretty(&r).unwrap());
        }
    }
}
