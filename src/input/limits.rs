//! The limits every input is held to, each refused with a coded error that names it. Where the
//! API server has a limit, it is the same one.

use super::tree::{codes, InputError};

/// The API server's limit on a request body (`MaxRequestBodyBytes`, 3 MiB in
/// k8s.io/apiserver/pkg/server/config.go): for `validate`, `review` and policy settings.
pub const MAX_REQUEST_BYTES: usize = 3 << 20;

/// The DaemonSet input of `plan` may be a whole manifest bundle (CRDs, RBAC, ...) around it.
pub const MAX_MANIFEST_BYTES: usize = 64 << 20;

/// A node list read at once (`plan`, `new Cluster`); larger lists go through `ClusterLoader`,
/// which holds only each node's decisive fields.
pub const MAX_NODE_LIST_BYTES: usize = 1 << 30;

/// Documents (`---`) in one text.
pub const MAX_DOCUMENTS: usize = 100_000;

/// Refuses `len` bytes of `what` over `limit`, naming the limit.
pub fn check_size(len: usize, limit: usize, what: &str) -> Result<(), InputError> {
    if len <= limit {
        return Ok(());
    }
    Err(InputError::new(
        codes::TOO_LARGE,
        format!("{what} is {} bytes, over the limit of {} ({} bytes){}", len, human(limit), limit, why(limit)),
    ))
}

fn human(bytes: usize) -> String {
    if bytes >= 1 << 30 {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

fn why(limit: usize) -> &'static str {
    match limit {
        MAX_REQUEST_BYTES => ", the API server's limit on a request body",
        MAX_NODE_LIST_BYTES => ": feed larger node lists to ClusterLoader in chunks",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_over_a_limit_are_refused_naming_it() {
        assert!(check_size(MAX_REQUEST_BYTES, MAX_REQUEST_BYTES, "the DaemonSet").is_ok());
        let e = check_size(MAX_REQUEST_BYTES + 1, MAX_REQUEST_BYTES, "the DaemonSet").unwrap_err();
        assert_eq!(e.code, codes::TOO_LARGE);
        assert!(e.message.contains("3 MiB") && e.message.contains("request body"), "{}", e.message);
    }
}
