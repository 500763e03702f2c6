//! The fields of an incident entry: [`FieldName`] lives in `incident-core` (it is a domain
//! concept); it is re-exported here so `incident_md::field::FieldName` keeps working.

pub use incident_core::field::{FieldKind, FieldName, FieldSpec, UnknownField};

use std::borrow::Cow;

/// A label as written, kept without an allocation when it is written exactly as `canonical`
/// (`Severity`, `Detected`): a log repeats its few labels in every entry, and each reading of
/// an entry keeps them.
pub(crate) fn written_label(written: &str, canonical: Option<&'static str>) -> Cow<'static, str> {
    match canonical {
        Some(c) if c == written => Cow::Borrowed(c),
        _ => Cow::Owned(written.to_owned()),
    }
}
