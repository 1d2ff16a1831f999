//! Integration tests: the real portal on port 0, a fresh store per test, real HTTP requests.
//!
//! Tests that take a `TestApp` run on SQLite and, when PORTAL_TEST_POSTGRES_URL is set, on
//! Postgres too (see `helpers::backend_tests!`).

// Test code: a failed expectation is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;

mod accounts;
mod admin;
mod api;
mod catalogue;
mod cli;
mod csv;
mod errors;
mod facts;
mod feeds;
mod files;
mod filters;
mod hostile;
mod open_data;
mod pages;
mod processes;
mod progress;
mod security;
mod seed;
mod showcase;
mod speed;
mod synth;
