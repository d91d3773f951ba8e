//! End-to-end tests of the `jixiao` binary: the files it imports and exports, the ledger it
//! verifies, signs and proves, and the served pages as headless Chromium renders them.

mod accounts;
mod browser;
mod ledger;
mod project_file;
mod support;
mod webdriver;
