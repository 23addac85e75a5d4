//! Mojibake: text whose bytes in one encoding were decoded with another.
//!
//! * [`codepage`]: the single-byte code pages UTF-8 is commonly mis-read with;
//! * `classes` and [`badness`]: does text look like mojibake, and why;
//! * [`utf8_variants`]: UTF-8, CESU-8 and Java's `C0 80`;
//! * `byte_patterns`: byte-level repairs (lost `A0` bytes, lossy sequences);
//! * [`latin`]: the Latin-family repair that puts these together;
//! * [`wrong_page`]: Cyrillic and Greek single-byte text read as windows-1252;
//! * [`cjk`]: CJK mojibake (UTF-8 and the legacy CJK encodings mixed up).

pub mod badness;
pub(crate) mod byte_patterns;
pub mod cjk;
pub(crate) mod classes;
pub mod codepage;
mod cyrillic_pairs;
pub mod dropped_bytes;
pub mod latin;
mod tables;
pub mod utf8_variants;
pub mod wrong_page;

pub use codepage::CodePage;
