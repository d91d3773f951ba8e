//! The behaviour suite of the store: every test runs on SQLite and, when a server is given, on
//! PostgreSQL, so that both backends are held to the same behaviour.

mod accounts;
mod dossiers;
mod expect;
mod fixtures;
mod harness;
mod ledger;
mod library;
mod listing;
mod logins;
mod migration;
mod people;
mod preparation;
mod readings;
mod reference;
mod reports;
mod responsibility;
mod targets;
mod workflow;
