//! How a log on disk is read: the zone of times without an offset and the dialect overrides,
//! each either chosen by the caller or taken from `.incident.toml` — which is read once, and
//! only when the caller left something to it. Shared by [`LogFile`](super::LogFile) and
//! [`LogDir`](super::LogDir).

use incident_core::Config;

use crate::Error;
use crate::dialect::Overrides;

/// What the caller chose; the rest comes from the configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct ReadWith {
    pub(super) timezone: Option<chrono_tz::Tz>,
    pub(super) overrides: Option<Overrides>,
}

impl ReadWith {
    /// The zone and overrides to read with; `config` reads `.incident.toml` (called at most
    /// once, and not at all when the caller chose both).
    pub(super) fn resolve(
        &self,
        config: impl FnOnce() -> Result<Option<Config>, Error>,
    ) -> Result<(chrono_tz::Tz, Overrides), Error> {
        let config = match (&self.timezone, &self.overrides) {
            (Some(_), Some(_)) => None,
            _ => config()?,
        };
        let zone = self
            .timezone
            .or_else(|| config.as_ref().and_then(|c| c.timezone))
            .unwrap_or(chrono_tz::UTC);
        let overrides = match &self.overrides {
            Some(o) => o.clone(),
            None => config
                .as_ref()
                .map(Overrides::from_config)
                .unwrap_or_default(),
        };
        Ok((zone, overrides))
    }
}
