//! End-to-end tests of the `jixiao` binary: the demo province it loads, the files it imports
//! and exports, budget preparation from the command line, the ledger it verifies, signs and
//! proves, and the served pages as headless Chromium renders them.

mod accounts;
mod browser;
mod browser_preparation;
mod demo;
mod ledger;
mod preparation;
mod project_file;
mod support;
mod webdriver;
