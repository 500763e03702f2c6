//! The order of entries in a log, a team setting (`order` in `.incident.toml`).

/// Where new incidents go relative to existing ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, strum::Display, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Order {
    /// Newest first: a new entry goes directly above the newest existing one.
    #[default]
    NewestFirst,
    /// Oldest first: a new entry goes after the last one.
    OldestFirst,
}
