//! Portal GCoM Perú: the public portal of the Global Covenant of Mayors' National Strategy in Peru.

/// Typed configuration from environment variables and flags.
pub mod config;
/// Record kinds and validated values (badge kinds, plan statuses, slugs).
pub mod domain;
/// The application error type and its rendering.
pub mod error;
/// Language from the path prefix; messages from the Fluent catalogs.
pub mod i18n;
/// The editable record types: fields, input kinds, validation.
pub mod records;
/// Building the application and serving it.
pub mod startup;
/// Every SQL query: connect, migrate, seed, read and write records.
pub mod store;
/// Template structs, one per page, sharing a page context.
pub mod views;
/// HTTP handlers and routers.
pub mod web;
