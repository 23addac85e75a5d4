//! A second backend: the system's OpenCC library (`libopencc`) through the
//! [`opencc-rust`](https://crates.io/crates/opencc-rust) 1.1 binding. Enabled
//! by the `opencc` cargo feature; needs `libopencc-dev` (Debian: 1.1.6) to
//! build and the system's OpenCC config files to run.
//!
//! Useful to compare against the system library. Note that the system's
//! OpenCC may be older than 1.4.2 (Debian bookworm ships 1.1.6), so its
//! dictionaries and output can differ from [`crate::Converter`]'s, and it may
//! lack configs added since (1.1.6 has no `s2hkp` / `hk2sp`: loading them
//! fails with an error).

use crate::ConfigName;
use std::fmt;

/// Error of loading a system OpenCC config.
#[derive(Debug)]
pub struct SystemError(String);

impl fmt::Display for SystemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "system OpenCC: {}", self.0)
    }
}

impl std::error::Error for SystemError {}

/// A converter backed by the system's libopencc.
///
/// ```no_run
/// use mojifix_zh::{system::SystemConverter, ConfigName};
/// let c = SystemConverter::new(ConfigName::S2t).unwrap();
/// assert_eq!(c.convert("头发"), "頭髮");
/// ```
pub struct SystemConverter {
    name: ConfigName,
    inner: opencc_rust::OpenCC,
}

impl fmt::Debug for SystemConverter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SystemConverter")
            .field("config", &self.name)
            .finish_non_exhaustive()
    }
}

impl SystemConverter {
    /// Loads the system's `<name>.json` config (searched by libopencc in its
    /// data directory, e.g. `/usr/share/opencc/`). Fails when the system
    /// library has no such config.
    pub fn new(name: ConfigName) -> Result<Self, SystemError> {
        let inner = opencc_rust::OpenCC::new(format!("{}.json", name.as_str()))
            .map_err(|e| SystemError(format!("{e:?}")))?;
        Ok(SystemConverter { name, inner })
    }

    /// The config this converter implements.
    pub fn config(&self) -> ConfigName {
        self.name
    }

    /// Converts `text` with the system library.
    pub fn convert(&self, text: &str) -> String {
        self.inner.convert(text)
    }
}
