//! `incident explain`: the library's [`incident_md::dialect::explain`], as text or JSON.

use incident_md::dialect::explain as explain_doc;

use super::Outcome;
use crate::cli::TextFormat;
use crate::context::Context;
use crate::error::CliError;
use crate::output::json_object;

/// `incident explain`.
pub fn explain(ctx: &Context, format: TextFormat) -> Result<Outcome, CliError> {
    if ctx.is_dir() {
        let explained = ctx
            .log_dir()?
            .explain(ctx.now.date_naive())
            .map_err(|e| CliError::md(&ctx.path, e))?;
        return Ok(Outcome::print(match format {
            TextFormat::Json => json_object(&explained),
            TextFormat::Text => explained.to_string(),
        }));
    }
    let doc = ctx.load_for_run()?;
    let explanation = explain_doc(doc, ctx.now.date_naive());
    Ok(Outcome::print(match format {
        TextFormat::Json => json_object(&explanation),
        TextFormat::Text => explanation.to_string(),
    }))
}
