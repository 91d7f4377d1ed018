//! Writes examples/kubewarden/session.yml: the exchanges of the policy with a host serving
//! `session_cluster()`, for examples/kubewarden/request.json and settings.json, in kwctl's
//! session format (`kwctl run --replay-host-capabilities-interactions` reads it).

use kubewarden_host::cluster::session_cluster;
use kubewarden_host::{read_yaml, root, session, Capability, Host};

fn main() {
    let review = read_yaml("examples/kubewarden/request.json");
    let settings = read_yaml("examples/kubewarden/settings.json");
    let host = Host::new(Capability::Served(session_cluster()));
    let answer = host.validate(&review["request"], &settings);
    let served = session_cluster();
    let exchanges: Vec<session::Exchange> =
        host.calls().iter().map(|c| session::record(&c.payload, &served.list(&c.payload))).collect();
    let path = root().join("examples/kubewarden/session.yml");
    std::fs::write(&path, serde_yaml::to_string(&exchanges).unwrap()).unwrap();
    println!("{}: {} exchanges; the policy answered {answer}", path.display(), exchanges.len());
}
