//! Field paths and field errors, after apimachinery's `pkg/util/validation/field`.

mod errors;
mod path;
mod status;

pub use errors::{go_quote, BadValue, ErrorList, ErrorType, FieldError};
pub use path::Path;
pub use status::{Status, StatusCause, StatusDetails};
