//! Integration tests of the web layer over real HTTP, on a fresh SQLite store
//! per test, with a fixed clock.

// Test code: a failed expectation is the assertion.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod api_document;
mod app;
mod auth_flow;
mod bad_files;
mod bad_input;
mod directory;
mod membership;
mod pages;
mod redirects;
mod registry;
mod safety;
mod statistics;
mod tenancy;
