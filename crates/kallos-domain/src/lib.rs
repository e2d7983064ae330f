//! The Kallos domain: the types every other crate speaks, the rules that
//! decide what is valid and who may do what, and the maths of the audit chain.
//!
//! Nothing here does I/O or reads the clock: time is passed in (see [`clock`]).

pub mod audit;
pub mod clock;
pub mod country;
pub mod directory;
pub mod ids;
pub mod member;
pub mod membership;
pub mod policy;
mod posting;
pub mod registry;
pub mod safety;
pub mod society;
pub mod spreadsheet;
pub mod statistics;
pub mod synthetic;
pub mod validation;

pub use ids::{MemberId, SocietyId, UserId};
