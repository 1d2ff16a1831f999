//! Portal GCoM Perú: the public portal of the Global Covenant of Mayors' National Strategy in Peru.

/// The open-data JSON API and its OpenAPI document.
pub mod api;
/// Static files compiled into the binary, served under content-hashed names.
pub mod assets;
/// The catalogue of editable record types (Django-style declarations) and typed values.
pub mod catalogue;
/// Accessible bar charts drawn on the server as SVG (no JavaScript), for the public pages.
pub mod charts;
/// The commands besides `serve`: store maintenance and accounts.
pub mod cli;
/// Typed configuration from environment variables and flags.
pub mod config;
/// Record kinds and validated values (badge kinds, plan statuses, slugs).
pub mod domain;
/// The application error type and its rendering.
pub mod error;
/// One way every form reports its problems: input name → message key.
pub mod forms;
/// Language from the path prefix; messages from the Fluent catalogs.
pub mod i18n;
/// Peru's outline and departments (Natural Earth), projection to SVG and marker placement.
pub mod map;
/// The public dump of everything published (`portal export --public`, `/data/…zip`).
pub mod open_data;
/// Password checks and hashing on a few dedicated threads with a bounded queue.
pub mod password_workers;
/// Every path of the portal, built in one place for routers, handlers and templates.
pub mod paths;
/// GCoM progress read for the pages (phases, deadlines, badges, terms) and its spreadsheet
/// import.
pub mod progress;
/// SVG to PNG for link previews, with the fonts compiled in, and a cache of the results.
pub mod raster;
/// The HTTP server loop: header-read timeout, connection bound, shutdown deadline.
pub mod server;
/// What every page's footer says about the portal (source, coordinators, contact, latest change).
pub mod site;
/// Building the application and serving it.
pub mod startup;
/// What every handler can reach (`AppState`).
pub mod state;
/// Every SQL query: connect, migrate, seed, read and write records.
pub mod store;
/// Synthetic records for benchmarks (`portal synth`), generated from a seed number.
pub mod synth;
/// Template structs, one per page, sharing a page context.
pub mod views;
/// HTTP handlers and routers.
pub mod web;
/// Escaping of text put into XML and SVG.
pub mod xml;
