//! Typed edits: change the [`Incident`] of an entry, and the document splices only the fields
//! that changed, each in the entry's own style (in the spirit of `toml_edit`).

use incident_core::{Disposition, FieldKind, Incident, format_timestamp};

use crate::edit::Change;
use crate::escape::escape_heading;
use crate::field::FieldName;
use crate::render::{render_follow_up, render_related_log, single_line};
use crate::{Document, Error, Result};

impl Document {
    /// Changes the incident with exactly this ID through its typed [`Incident`]: `edit` gets a
    /// copy of the incident as read, and every field it changes is written back where the entry
    /// has it, in the entry's style (`### Name: value`, `**Name:** value` or `- **Name:** value`);
    /// fields it leaves alone keep their bytes. A follow-up or related log appended at the end
    /// is added as one more item, and a follow-up whose only change is `done` has its checkbox
    /// ticked; other list changes rewrite the list. A value set to `None` (or empty text) writes
    /// the template's placeholder back, except a time the template has no field for
    /// (`### Resolved: …` as a step added it), which goes with its heading. `## Last Incident:` is kept true.
    ///
    /// The ID names the same incident afterwards: an entry whose ID was only derived has it
    /// written before its title or detection time changes. Returns the splices in the order
    /// they were applied (empty when nothing changed). On an error nothing is changed.
    ///
    /// ```
    /// use incident_md::{AddOptions, Document};
    /// use incident_core::{Incident, Severity};
    ///
    /// let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
    /// let detected = "2026-03-02T10:00:00Z".parse().unwrap();
    /// let incident = Incident::new("API outage", Severity::High, detected);
    /// let id = doc.add_incident(&incident, &AddOptions::default()).unwrap().id;
    /// let changes = doc
    ///     .update(&id, |i| {
    ///         i.acknowledged = Some("2026-03-02T10:04:00Z".parse().unwrap());
    ///         i.impact = Some("Checkout failed for 4 minutes.".into());
    ///     })
    ///     .unwrap();
    /// assert_eq!(changes.len(), 2);
    /// let read = doc.get(&id).unwrap().incident.as_ref().unwrap();
    /// assert_eq!(read.impact.as_deref(), Some("Checkout failed for 4 minutes."));
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchIncident`] when no entry has this exact ID, [`Error::Uneditable`] when its
    /// incident cannot be read (a required field is missing), and the errors of the setters for
    /// a value that cannot be written (a line break in the title, an empty title, …).
    pub fn update(&mut self, id: &str, edit: impl FnOnce(&mut Incident)) -> Result<Vec<Change>> {
        let original = self.save_point();
        let result = self.update_unsaved(id, edit);
        if result.is_err() {
            self.restore(original);
        }
        result
    }

    /// [`update`](Self::update) without going back on an error: for a caller that keeps its own
    /// save point (one copy of the text, not one per level).
    pub(crate) fn update_unsaved(
        &mut self,
        id: &str,
        edit: impl FnOnce(&mut Incident),
    ) -> Result<Vec<Change>> {
        let entry = self.get(id).ok_or_else(|| Error::NoSuchIncident {
            id: id.to_owned(),
            closest: self.closest_ids(id),
        })?;
        let before = entry.incident.clone().ok_or_else(|| Error::Uneditable {
            id: id.to_owned(),
            reason: "its Severity or Detected field cannot be read".to_owned(),
            span: entry.heading_span.clone(),
        })?;
        let mut after = before.clone();
        edit(&mut after);
        self.apply(id, &before, &after)
    }

    /// Writes the fields that differ between `before` and `after`.
    fn apply(&mut self, id: &str, before: &Incident, after: &Incident) -> Result<Vec<Change>> {
        let mut changes = Vec::new();
        if after.title != before.title {
            changes.extend(self.set_title(id, &after.title)?);
        }
        if after.severity != before.severity {
            changes.extend(self.set_field(id, FieldName::Severity, after.severity.as_str())?);
        }
        if after.detected != before.detected {
            let t = format_timestamp(after.detected);
            changes.extend(self.set_field(id, FieldName::Detected, &t)?);
        }
        for name in FieldName::CANONICAL_ORDER {
            let value = match name.kind() {
                // Detected is required and was compared above.
                FieldKind::Timestamp if name != FieldName::Detected => {
                    let (old, new) = (before.time_field(name), after.time_field(name));
                    (old != new).then(|| new.flatten().map(format_timestamp).unwrap_or_default())
                }
                FieldKind::Category | FieldKind::Text => {
                    let old = before.text_field(name).and_then(|t| t.as_deref());
                    let new = after.text_field(name).and_then(|t| t.as_deref());
                    (old.map(str::trim) != new.map(str::trim)).then(|| new.unwrap_or("").to_owned())
                }
                _ => None,
            };
            if let Some(value) = value {
                changes.extend(self.set_field(id, name, &value)?);
            }
        }
        if after.disposition != before.disposition {
            changes.extend(match &after.disposition {
                Some(d) => self.write_status(id, &crate::render::render_disposition(d)?, d)?,
                None => self.set_field(id, FieldName::Status, "")?,
            });
        }
        if after.trigger != before.trigger {
            let value = match &after.trigger {
                Some(t) => crate::render::render_trigger_source(t)?,
                None => String::new(),
            };
            changes.extend(if value.is_empty() {
                self.set_field(id, FieldName::Trigger, "")?
            } else {
                self.write_field(id, FieldName::Trigger, &value)?
            });
        }
        if after.timeline != before.timeline {
            if !self.timeline_writable(id) {
                return Err(Error::Uneditable {
                    id: id.to_owned(),
                    reason: "its Timeline has items without an ISO 8601 time, which rewriting it would lose".to_owned(),
                    span: self.heading_of(id),
                });
            }
            // One item added is one line inserted, at its time, in the items' own style.
            let inserted = match crate::timeline_edit::one_added(&before.timeline, &after.timeline)
            {
                Some((k, item)) => self.insert_timeline_line(id, &before.timeline, &item, k)?,
                None => None,
            };
            if let Some(inserted) = inserted {
                changes.extend(inserted);
            } else if self.has_team_timeline(id) {
                // A team's timeline takes one line more; rewriting it would change its lines.
                return Err(Error::Uneditable {
                    id: id.to_owned(),
                    reason: "its Timeline is in the team's own style, which takes one new item at a time, not a rewrite".to_owned(),
                    span: self.heading_of(id),
                });
            } else if self.timeline_is_table(id) {
                return Err(Error::Uneditable {
                    id: id.to_owned(),
                    reason:
                        "its Timeline is a table, which takes one new row at a time, not a rewrite"
                            .to_owned(),
                    span: self.heading_of(id),
                });
            } else if !self.timeline_reads_as(id, &before.timeline) {
                return Err(Error::Uneditable {
                    id: id.to_owned(),
                    reason: "its Timeline field holds items other than the incident's timeline, which rewriting it would lose".to_owned(),
                    span: self.heading_of(id),
                });
            } else {
                let mut timeline = after.timeline.clone();
                // Kept in time order whatever order the edit left it in.
                timeline.sort_by_key(|i| i.at);
                let zone = self.timezone();
                // A new timeline in a log written in its own dialect takes the file's form of
                // time, as a new entry's does.
                let own = before.timeline.is_empty() && self.writes_in_dialect();
                let items = timeline
                    .iter()
                    .map(|i| {
                        if own {
                            crate::dialect::timeline_item_text(
                                self.as_str(),
                                &self.log().dialect,
                                i,
                            )
                        } else {
                            crate::render::render_timeline_item_in(i, zone)
                        }
                    })
                    .collect::<Result<Vec<_>>>()?;
                changes.extend(self.write_items(id, FieldName::Timeline, &items)?);
            }
        }
        changes.extend(self.update_follow_ups(id, before, after)?);
        if after.related_logs != before.related_logs {
            let old = &before.related_logs;
            if after.related_logs.starts_with(old) {
                for r in &after.related_logs[old.len()..] {
                    changes.extend(self.add_related_log(id, r)?);
                }
            } else {
                let items = after
                    .related_logs
                    .iter()
                    .map(render_related_log)
                    .collect::<Result<Vec<_>>>()?;
                changes.extend(self.write_items(id, FieldName::RelatedLogs, &items)?);
            }
        }
        Ok(changes)
    }

    fn update_follow_ups(
        &mut self,
        id: &str,
        before: &Incident,
        after: &Incident,
    ) -> Result<Vec<Change>> {
        let (old, new) = (&before.follow_ups, &after.follow_ups);
        if old == new {
            return Ok(Vec::new());
        }
        let mut changes = Vec::new();
        let same_but_done = |a: &incident_core::FollowUp, b: &incident_core::FollowUp| {
            let mut b = b.clone();
            b.done = a.done;
            *a == b
        };
        if new.len() >= old.len() && old.iter().zip(new).all(|(a, b)| same_but_done(a, b)) {
            for (k, (a, b)) in old.iter().zip(new).enumerate() {
                if a.done != b.done {
                    changes.extend(self.set_follow_up_done(id, k + 1, b.done)?);
                }
            }
            for f in &new[old.len()..] {
                changes.extend(self.add_follow_up(id, f)?);
            }
            return Ok(changes);
        }
        // One item changed or removed: only its bytes, so the list's other items stay as they
        // are written (rewritten from the model, an item it reads differently would change).
        if let Some(changes) = self.splice_follow_up_items(id, old, new)? {
            return Ok(changes);
        }
        let items = new
            .iter()
            .map(render_follow_up)
            .collect::<Result<Vec<_>>>()?;
        changes.extend(self.write_items(id, FieldName::FollowUpActions, &items)?);
        Ok(changes)
    }

    /// Follow-ups `old` made `new` by changing items in place or removing one, written as
    /// splices of those items alone: an item keeps its marker, indentation and box, its text is
    /// written in the form of the list (see [`crate::dialect::follow_up_form`]). `None`, with
    /// nothing changed, when the change is another one, the items are not all task items, or
    /// the result would not read back as `new`.
    fn splice_follow_up_items(
        &mut self,
        id: &str,
        old: &[incident_core::FollowUp],
        new: &[incident_core::FollowUp],
    ) -> Result<Option<Vec<Change>>> {
        let entry = self.find(id)?;
        let full = entry.id.clone();
        let items = entry.follow_up_items.clone();
        if items.len() != old.len() || items.iter().any(|i| i.task.is_none()) {
            return Ok(None);
        }
        let src = self.as_str();
        // Splices in document order: (range, text).
        let mut splices: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        if new.len() == old.len() {
            for (k, (a, b)) in old.iter().zip(new).enumerate() {
                if a == b {
                    continue;
                }
                let item = &items[k];
                let Some(task) = item.task else {
                    return Ok(None);
                };
                let rendered = render_follow_up(b)?;
                let sample = &src[item.span.clone()];
                let written = crate::dialect::follow_up_form::in_form_of(sample, &rendered, b)
                    .unwrap_or(rendered);
                let Some((_, text)) = written.split_once("] ") else {
                    return Ok(None);
                };
                // The box keeps its character (`X` stays `X`) unless the item's state changed.
                let mark = match (a.done == b.done, b.done) {
                    (true, _) => src[task.offset..task.offset + 1].to_owned(),
                    (false, true) => "x".to_owned(),
                    (false, false) => " ".to_owned(),
                };
                let head = &src[item.span.start..task.offset];
                splices.push((item.span.clone(), format!("{head}{mark}] {text}")));
            }
        } else if new.len() + 1 == old.len() && old.len() > 1 {
            let Some(k) =
                (0..old.len()).find(|&k| old[..k] == new[..k] && old[k + 1..] == new[k..])
            else {
                return Ok(None);
            };
            // The item's lines and the line ending after them; the last item takes the one
            // before it instead.
            let range = match items.get(k + 1) {
                Some(next) => items[k].span.start..next.span.start,
                None => items[k - 1].span.end..items[k].span.end,
            };
            splices.push((range, String::new()));
        } else {
            return Ok(None);
        }
        if splices.is_empty() {
            return Ok(None);
        }
        let before = self.save_point();
        let mut changes = Vec::new();
        // Last first: the ranges before stay where they are.
        for (range, text) in splices.into_iter().rev() {
            changes.push(self.splice(range, &text));
        }
        let reads = self
            .get(&full)
            .and_then(|e| e.incident.as_ref())
            .is_some_and(|i| i.follow_ups == new);
        if !reads {
            self.restore(before);
            return Ok(None);
        }
        changes.extend(self.update_last_incident());
        Ok(Some(changes))
    }

    /// Writes a rendered `Status:` value: in place of the value's words when the entry has one
    /// (only those bytes change), else as the field.
    fn write_status(&mut self, id: &str, value: &str, d: &Disposition) -> Result<Vec<Change>> {
        if let Some(changes) = self.replace_status_words(id, value, d) {
            return Ok(changes);
        }
        // A team's Status written with a capital (`Resolved`) gets `Cancelled — …` so too.
        let own = self
            .get(id)
            .and_then(|e| crate::dialect::field_edit::own_field(e, FieldName::Status))
            .map(|f| f.value.clone());
        let value = match own {
            Some(own) => crate::text::with_leading_capital_of(value, &own),
            None => value.to_owned(),
        };
        self.write_field(id, FieldName::Status, &value)
    }

    /// Replaces a list field with these rendered items (the placeholder when there are none).
    fn write_items(&mut self, id: &str, name: FieldName, items: &[String]) -> Result<Vec<Change>> {
        if items.is_empty() {
            return self.set_field(id, name, "");
        }
        let eol = crate::render::line_ending(self.as_str());
        self.write_field(id, name, &items.join(eol))
    }

    /// Changes follow-up action `number` (counted from 1) of the incident: its text, owner, due
    /// date or box, through `edit`; the list is written back in the entry's style.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchFollowUp`] for a number outside the list; as [`Document::update`].
    pub fn edit_follow_up(
        &mut self,
        id: &str,
        number: usize,
        edit: impl FnOnce(&mut incident_core::FollowUp),
    ) -> Result<Vec<Change>> {
        self.check_follow_up_number(id, number)?;
        let entry = self.find(id)?;
        if let Some(tables) = self.action_tables(entry) {
            // A row of an action table: only the cells that change are written.
            let was = entry
                .incident
                .as_ref()
                .expect("a table is read with an incident");
            let was = was.follow_ups[number - 1].clone();
            let mut f = was.clone();
            edit(&mut f);
            let splices = match tables.edit(self.as_str(), number - 1, &was, &f) {
                Some(Ok(s)) => s,
                Some(Err(reason)) => {
                    return Err(Error::Uneditable {
                        id: entry.id.clone(),
                        reason,
                        span: entry.heading_span.clone(),
                    });
                }
                None => Vec::new(),
            };
            // Last cell first: the spans of the cells before it stay true.
            let mut changes: Vec<Change> = splices
                .into_iter()
                .map(|s| self.splice(s.range, &s.text))
                .collect();
            if !changes.is_empty() {
                changes.extend(self.update_last_incident());
            }
            return Ok(changes);
        }
        tasks_only(entry)?;
        self.update(id, |i| edit(&mut i.follow_ups[number - 1]))
    }

    /// Removes follow-up action `number` (counted from 1); the template's placeholder item is
    /// written back when it was the last.
    ///
    /// # Errors
    ///
    /// [`Error::NoSuchFollowUp`] for a number outside the list; as [`Document::update`].
    pub fn remove_follow_up(&mut self, id: &str, number: usize) -> Result<Vec<Change>> {
        self.check_follow_up_number(id, number)?;
        let entry = self.find(id)?;
        if let Some(tables) = self.action_tables(entry)
            && let Some(s) = tables.remove(self.as_str(), number - 1)
        {
            let mut changes = vec![self.splice(s.range, &s.text)];
            changes.extend(self.update_last_incident());
            return Ok(changes);
        }
        tasks_only(entry)?;
        self.update(id, |i| {
            i.follow_ups.remove(number - 1);
        })
    }

    fn check_follow_up_number(&self, id: &str, number: usize) -> Result<()> {
        let count = self
            .get(id)
            .and_then(|e| e.incident.as_ref())
            .map_or(0, |i| i.follow_ups.len());
        if number == 0 || number > count {
            return Err(Error::NoSuchFollowUp {
                id: id.to_owned(),
                number,
                count,
            });
        }
        Ok(())
    }

    /// Replaces the title after `Incident:` in the entry's heading; the ID is written first when
    /// it was derived (it is made of the title).
    ///
    /// # Errors
    ///
    /// Unknown ID, an empty title or one with a line break.
    pub fn set_title(&mut self, id: &str, title: &str) -> Result<Vec<Change>> {
        let t = single_line("Title", title)?;
        if t.is_empty() {
            return Err(Error::EmptyValue { field: "Title" });
        }
        let text = escape_heading(t);
        let mut changes = self.pin_id(id)?;
        let entry = self.find(id)?;
        let span = entry.title_span.clone();
        if self.as_str()[span.clone()] != text {
            // The heading and `## Last Incident:` as it will name the entry, in one splice.
            let heading = entry.incident.clone().and_then(|mut i| {
                i.title = t.to_owned();
                self.last_incident_with(None, Some((entry.span.start, &i)))
            });
            changes.extend(self.splice_with_heading(span, &text, heading));
            changes.extend(self.update_last_incident());
        }
        Ok(changes)
    }
}

/// Refuses to write an entry's follow-ups back as a task list when they are not one (a
/// numbered list, `1. Fix it — Marta — due …`): every item would be rewritten in the seed's
/// form. A follow-up there is edited by hand (`action done` writes its ` (done)` in place).
fn tasks_only(entry: &crate::Entry) -> Result<()> {
    let count = entry.incident.as_ref().map_or(0, |i| i.follow_ups.len());
    let tasks = entry
        .follow_up_items
        .iter()
        .filter(|i| i.task.is_some())
        .count();
    if tasks == count {
        return Ok(());
    }
    Err(Error::Uneditable {
        id: entry.id.clone(),
        reason: "its follow-ups are not a task list (`- [ ] …`); rewriting them would change every item's form, so edit the item by hand".to_owned(),
        span: entry.heading_span.clone(),
    })
}
