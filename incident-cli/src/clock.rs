//! The system clock, as the commands read it.

use chrono::{DateTime, SubsecRound as _, Utc};

/// Now, to the whole second: what a step writes when no time is given.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(0)
}

#[cfg(test)]
mod tests {
    use chrono::Timelike as _;

    #[test]
    fn now_has_no_fraction_of_a_second() {
        assert_eq!(super::now().nanosecond(), 0);
    }
}
