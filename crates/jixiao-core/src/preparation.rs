//! Budget preparation (预算编制): cost stages and their comparison, zero-based justification of
//! each cost line, the approval workflow of a budget, performance targets and their validation,
//! and the target library that sets targets from history. DOMAIN.md §2 and §3 hold the rules.
//!
//! Every rule here is a pure function over plain data; the store keeps the data and the web and
//! CLI present it. Problems are values (with a stable code and their facts) rather than text, so
//! that each interface can say them in the reader's language.

pub mod adjustment;
pub mod approval;
pub mod justification;
pub mod library;
pub mod stage;
pub mod target;
