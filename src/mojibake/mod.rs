//! Mojibake: text whose bytes in one encoding were decoded with another.
//!
//! * [`codepage`]: the single-byte code pages UTF-8 is commonly mis-read with;
//! * `classes` and [`badness`]: does text look like mojibake, and why;
//! * [`utf8_variants`]: UTF-8, CESU-8 and Java's `C0 80`;
//! * `byte_patterns`: byte-level repairs (lost `A0` bytes, lossy sequences);
//! * [`latin`]: the Latin-family repair that puts these together;
//! * [`cjk`]: CJK mojibake (UTF-8 and the legacy CJK encodings mixed up).

pub mod badness;
pub(crate) mod byte_patterns;
pub mod cjk;
pub(crate) mod classes;
pub mod codepage;
pub mod dropped_bytes;
pub mod latin;
mod tables;
pub mod utf8_variants;

pub use codepage::CodePage;
