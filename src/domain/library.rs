//! The session library: topics (psychoeducation, skills practice, process, family education),
//! curricula built from them, and the starter library a new programme begins with.

pub mod curriculum;
pub mod starter;
pub mod topic;
