//! Lifecycle steps and timeline items on an entry of the document: the core rules
//! ([`Incident::apply`]) applied to the incident as read, the fields that changed spliced back.

use chrono::{DateTime, Utc};
use incident_core::{Incident, LifecycleError, StepTime, TimelineItem, Transition};

use crate::edit::Change;
use crate::field::FieldName;
use crate::{Document, Error, Result};

impl Document {
    /// Whether a step on this entry records a timeline item: when the entry has a `Timeline`
    /// field (in the seed's style or the team's own), or the file's entry template has one.
    pub fn keeps_timeline(&self, id: &str) -> bool {
        self.get(id).is_some_and(|e| {
            e.field(FieldName::Timeline).is_some()
                || crate::dialect::field_edit::own_field(e, FieldName::Timeline).is_some()
        }) || self
            .log()
            .template
            .fields
            .iter()
            .any(|f| f.name == Some(FieldName::Timeline))
    }

    /// Whether the entry's timeline can be rewritten without losing an item: every item of its
    /// `Timeline:` field has a readable time (true when it has no such field), and one in a
    /// team's form of time can take a new item as one line (not a numbered list).
    ///
    /// A timeline in the team's own style (`- **Timeline:**` with `- 2026-11-20 10:00 UTC — …`
    /// items) is writable when every item has a certain time; it then takes one item more as
    /// one line, never a rewrite.
    pub fn timeline_writable(&self, id: &str) -> bool {
        let Some(e) = self.get(id) else {
            return true;
        };
        match e.field(FieldName::Timeline) {
            Some(f) => {
                crate::view::incident::timeline_items(
                    self.as_str(),
                    f,
                    self.timezone(),
                    e.incident.as_ref().map(|i| i.detected),
                    crate::view::clock::entry_offset(self.as_str(), e),
                )
                .iter()
                .all(Result::is_ok)
                    && !self.team_lines_without_room(id)
            }
            None => {
                crate::dialect::field_edit::own_field(e, FieldName::Timeline).is_none()
                    || crate::dialect::field_edit::team_timeline(self.as_str(), e, self.timezone())
                        .is_some()
            }
        }
    }

    /// Takes a lifecycle step on the incident with exactly this ID: acknowledge, mitigate,
    /// resolve, reopen or cancel. The step adds its timeline item when the entry keeps a
    /// timeline ([`Document::keeps_timeline`]); a reopening and a cancellation, which have no
    /// time field of their own, always do (a cancellation not where the timeline has items the
    /// tool cannot read, which a rewrite would lose). A cancellation as a
    /// duplicate names the original by its ID or a unique prefix, and is written with its
    /// full ID.
    ///
    /// ```
    /// use incident_core::{Incident, Severity, Transition};
    /// use incident_md::{AddOptions, Document};
    /// let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
    /// let t0 = "2026-03-02T10:00:00Z".parse().unwrap();
    /// let id = doc.add_incident(&Incident::new("API down", Severity::High, t0), &AddOptions::default()).unwrap().id;
    /// doc.transition(&id, &Transition::Mitigate("2026-03-02T10:20:00Z".parse().unwrap())).unwrap();
    /// assert!(doc.to_string().contains("### Mitigated: 2026-03-02T10:20:00Z"));
    /// let early = Transition::Resolve("2026-03-02T10:10:00Z".parse().unwrap());
    /// assert!(doc.transition(&id, &early).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::TimestampOrder`] for a step out of time order, [`Error::Lifecycle`] for the
    /// other lifecycle rules, [`Error::NoSuchIncident`] and [`Error::Uneditable`] as for
    /// [`Document::update`], and an invalid value for a duplicate of itself or of an
    /// incident that does not exist. On an error nothing is changed.
    pub fn transition(&mut self, id: &str, step: &Transition) -> Result<Vec<Change>> {
        let mut step = step.clone();
        if let Transition::Cancel {
            duplicate_of: Some(original),
            ..
        } = &mut step
        {
            let full = self.find(original)?.id.clone();
            if full == id {
                return Err(Error::InvalidValue {
                    field: "Duplicate of",
                    value: original.clone(),
                    reason: "an incident cannot be a duplicate of itself",
                });
            }
            *original = full;
        }
        // A timeline with items the tool cannot read is not rewritten: the step is then not
        // recorded there (a reopening, which must be, is refused below).
        let writable = self.timeline_writable(id);
        if !writable && matches!(step, Transition::Reopen(_)) {
            return Err(unreadable_timeline(id, self.heading_of(id)));
        }
        // A cancellation has no time field of its own: its item is where its time is kept.
        let record =
            writable && (self.keeps_timeline(id) || matches!(step, Transition::Cancel { .. }));
        let after = self.step(id, |i| i.apply(&step, record))?;
        // The text, not a clone of the parsed document: going back is rare.
        let before = self.save_point();
        // A reopening's word is taken in the case of the Status before it (`Resolved` →
        // `Reopened`): the update writes the disposition there first.
        let reopened = matches!(step, Transition::Reopen(_))
            .then(|| {
                let entry = self.get(id)?;
                crate::dialect::field_edit::team_status(
                    self.as_str(),
                    &self.log().dialect,
                    entry,
                    &step,
                )
            })
            .flatten();
        let result = self
            .update_unsaved(id, |i| *i = after)
            .and_then(|mut changes| {
                // A team's `Status: Open` follows a resolve or mitigate step, in its own words.
                match &reopened {
                    Some(word) => changes.extend(self.write_field(id, FieldName::Status, word)?),
                    None => changes.extend(self.follow_team_status(id, &step)?),
                }
                Ok(changes)
            });
        if result.is_err() {
            self.restore(before);
        }
        result
    }

    /// Takes a lifecycle step that has happened by `now`: the entry point for a caller with a
    /// clock (a CLI, a server, an agent). It keeps the rules [`Document::transition`] leaves to
    /// its caller: the step's time is not after `now` ([`Transition::check_not_future`]), and a
    /// step at the clock's time ([`StepTime::Clock`]) that the incident already records changes
    /// nothing, so that a retried `resolve` does not move the resolution time; it returns no
    /// changes then.
    ///
    /// ```
    /// use chrono::TimeDelta;
    /// use incident_core::{Incident, Severity, StepTime, Transition};
    /// use incident_md::{AddOptions, Document};
    /// let mut doc: Document = incident_md::render::canonical_template().parse().unwrap();
    /// let t0: chrono::DateTime<chrono::Utc> = "2026-03-02T10:00:00Z".parse().unwrap();
    /// let id = doc.add_incident(&Incident::new("API down", Severity::High, t0), &AddOptions::default()).unwrap().id;
    /// let now = t0 + TimeDelta::minutes(20);
    /// doc.take_step(&id, &Transition::Resolve(now), now, StepTime::Clock).unwrap();
    /// // The same command a minute later: the resolution stays at 10:20.
    /// let later = now + TimeDelta::minutes(1);
    /// assert!(doc.take_step(&id, &Transition::Resolve(later), later, StepTime::Clock).unwrap().is_empty());
    /// assert!(doc.to_string().contains("### Resolved: 2026-03-02T10:20:00Z"));
    /// // A step after now has not happened.
    /// let ahead = Transition::Acknowledge(now + TimeDelta::days(1));
    /// assert!(doc.take_step(&id, &ahead, now, StepTime::Given).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Lifecycle`] for a step after `now`; otherwise as [`Document::transition`].
    pub fn take_step(
        &mut self,
        id: &str,
        step: &Transition,
        now: DateTime<Utc>,
        time: StepTime,
    ) -> Result<Vec<Change>> {
        step.check_not_future(now)
            .map_err(|source| Error::Lifecycle {
                id: id.to_owned(),
                source,
            })?;
        let recorded = self
            .get(id)
            .and_then(|e| e.incident.as_ref())
            .is_some_and(|i| step.recorded_in(i));
        if time == StepTime::Clock && recorded {
            return Ok(Vec::new());
        }
        self.transition(id, step)
    }

    /// Writes the word a team's `Status` field says after `step`, if it has one to change.
    fn follow_team_status(&mut self, id: &str, step: &Transition) -> Result<Vec<Change>> {
        let Some(entry) = self.get(id) else {
            return Ok(Vec::new());
        };
        match crate::dialect::field_edit::team_status(
            self.as_str(),
            &self.log().dialect,
            entry,
            step,
        ) {
            Some(word) => self.write_field(id, FieldName::Status, &word),
            None => Ok(Vec::new()),
        }
    }

    /// Adds an item to the incident's timeline, in time order (a backdated item goes where it
    /// belongs); the field is added when the entry has none.
    ///
    /// # Errors
    ///
    /// As [`Document::update`]; an empty text or one with a line break; [`Error::Uneditable`]
    /// when the timeline has an item without a readable time, which a rewrite would lose.
    pub fn add_timeline_item(&mut self, id: &str, item: &TimelineItem) -> Result<Vec<Change>> {
        if !self.timeline_writable(id) {
            return Err(unreadable_timeline(id, self.heading_of(id)));
        }
        let item = item.clone();
        self.update(id, |i| i.add_timeline_item(item))
    }

    /// The incident as a fallible core edit leaves it.
    fn step(
        &self,
        id: &str,
        edit: impl FnOnce(&mut Incident) -> Result<(), LifecycleError>,
    ) -> Result<Incident> {
        let entry = self.get(id).ok_or_else(|| Error::NoSuchIncident {
            id: id.to_owned(),
            closest: self.closest_ids(id),
        })?;
        let mut incident = entry.incident.clone().ok_or_else(|| Error::Uneditable {
            id: id.to_owned(),
            reason: "its Severity or Detected field cannot be read".to_owned(),
            span: entry.heading_span.clone(),
        })?;
        edit(&mut incident).map_err(|e| match e {
            LifecycleError::TimestampOrder(source) => Error::TimestampOrder {
                incident: id.to_owned(),
                source,
            },
            source => Error::Lifecycle {
                id: id.to_owned(),
                source,
            },
        })?;
        Ok(incident)
    }
}

/// The error for a timeline that cannot be rewritten without losing items.
fn unreadable_timeline(id: &str, span: std::ops::Range<usize>) -> Error {
    Error::Uneditable {
        id: id.to_owned(),
        reason: "its Timeline has items without an ISO 8601 time, which rewriting it would lose"
            .to_owned(),
        span,
    }
}
