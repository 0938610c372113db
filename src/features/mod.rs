//! What the commands compute from graded audits and rubrics, before any rendering.

pub mod agree;
pub mod assess;
pub mod cases;
pub mod draft;
pub mod fix;
pub mod period;
pub mod rubric_diff;
pub mod schema;
pub mod screening;
pub mod summary;
pub mod synthetic;
pub mod template;
