//! Probe and lifecycle hook validation: kubernetes/kubernetes `pkg/apis/core/validation`
//! `validateLifecycle`, `validateProbe`, `validateHandler` and the actions they check.

use super::names::{is_valid_port_name, is_valid_port_num, regex_error};
use super::{invalid_each, named, validate_nonnegative_field};
use crate::field::{BadValue, ErrorList, FieldError, Path};
use crate::model::container_fields::SleepAction;
use crate::model::{
    Container, ExecAction, GrpcAction, HttpGetAction, IntOrString, LifecycleHandler, Probe, TcpSocketAction,
};

/// Upstream's `commonHandler`: the actions a probe or a lifecycle hook may name.
#[derive(Default)]
struct CommonHandler<'a> {
    exec: Option<&'a ExecAction>,
    http_get: Option<&'a HttpGetAction>,
    tcp_socket: Option<&'a TcpSocketAction>,
    grpc: Option<&'a GrpcAction>,
    sleep: Option<&'a SleepAction>,
}

fn handler_from_probe(p: &Probe) -> CommonHandler<'_> {
    CommonHandler {
        exec: p.exec.as_ref(),
        http_get: p.http_get.as_ref(),
        tcp_socket: p.tcp_socket.as_ref(),
        grpc: p.grpc.as_ref(),
        sleep: None,
    }
}

fn handler_from_lifecycle(h: &LifecycleHandler) -> CommonHandler<'_> {
    CommonHandler {
        exec: h.exec.as_ref(),
        http_get: h.http_get.as_ref(),
        tcp_socket: h.tcp_socket.as_ref(),
        grpc: None,
        sleep: h.sleep.as_ref(),
    }
}

/// Mirrors `validateLifecycle`. `stopSignal` is dropped before validation while
/// `ContainerStopSignals` is off and the stored object does not use it (`dropContainerStopSignals`).
pub fn validate_lifecycle(c: &Container, ctx: &super::containers::PodContext<'_>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let Some(lifecycle) = &c.lifecycle else { return errs };
    for (field, hook) in [("postStart", &lifecycle.post_start), ("preStop", &lifecycle.pre_stop)] {
        if let Some(h) = hook {
            errs.extend(validate_handler(handler_from_lifecycle(h), ctx.grace_period, &p.child(field)));
        }
    }
    let kept =
        ctx.opts.enabled(crate::feature_gates::Feature::ContainerStopSignals) || ctx.opts.old_stop_signals_in_use;
    if let Some(signal) = lifecycle.stop_signal.as_deref().filter(|_| kept) {
        errs.extend(validate_stop_signal(signal, ctx.os, &p.child("stopSignal")));
    }
    errs
}

/// Whether `lifecycle` survives `dropContainerStopSignals`: one holding only a dropped
/// `stopSignal` becomes nil.
pub fn lifecycle_kept(c: &Container, opts: super::ValidationOptions) -> bool {
    let kept = opts.enabled(crate::feature_gates::Feature::ContainerStopSignals) || opts.old_stop_signals_in_use;
    c.lifecycle.as_ref().is_some_and(|l| kept || l.post_start.is_some() || l.pre_stop.is_some())
}

/// `supportedStopSignalsLinux`, as `sets.List` sorts it.
const STOP_SIGNALS_LINUX: [&str; 65] = [
    "SIGABRT",
    "SIGALRM",
    "SIGBUS",
    "SIGCHLD",
    "SIGCLD",
    "SIGCONT",
    "SIGFPE",
    "SIGHUP",
    "SIGILL",
    "SIGINT",
    "SIGIO",
    "SIGIOT",
    "SIGKILL",
    "SIGPIPE",
    "SIGPOLL",
    "SIGPROF",
    "SIGPWR",
    "SIGQUIT",
    "SIGRTMAX",
    "SIGRTMAX-1",
    "SIGRTMAX-10",
    "SIGRTMAX-11",
    "SIGRTMAX-12",
    "SIGRTMAX-13",
    "SIGRTMAX-14",
    "SIGRTMAX-2",
    "SIGRTMAX-3",
    "SIGRTMAX-4",
    "SIGRTMAX-5",
    "SIGRTMAX-6",
    "SIGRTMAX-7",
    "SIGRTMAX-8",
    "SIGRTMAX-9",
    "SIGRTMIN",
    "SIGRTMIN+1",
    "SIGRTMIN+10",
    "SIGRTMIN+11",
    "SIGRTMIN+12",
    "SIGRTMIN+13",
    "SIGRTMIN+14",
    "SIGRTMIN+15",
    "SIGRTMIN+2",
    "SIGRTMIN+3",
    "SIGRTMIN+4",
    "SIGRTMIN+5",
    "SIGRTMIN+6",
    "SIGRTMIN+7",
    "SIGRTMIN+8",
    "SIGRTMIN+9",
    "SIGSEGV",
    "SIGSTKFLT",
    "SIGSTOP",
    "SIGSYS",
    "SIGTERM",
    "SIGTRAP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGUSR1",
    "SIGUSR2",
    "SIGVTALRM",
    "SIGWINCH",
    "SIGXCPU",
    "SIGXFSZ",
];

/// Mirrors `validateStopSignal`: the pod must name its OS; the signal must be one it supports.
fn validate_stop_signal(signal: &str, os: Option<&str>, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    match os {
        None => errs.push(FieldError::forbidden(p, "may not be set for containers with empty `spec.os.name`")),
        Some("windows") if !matches!(signal, "SIGKILL" | "SIGTERM") => {
            errs.push(FieldError::not_supported(p, super::named(signal), &["SIGKILL", "SIGTERM"]))
        }
        Some("linux") if !STOP_SIGNALS_LINUX.contains(&signal) => {
            errs.push(FieldError::not_supported(p, super::named(signal), &STOP_SIGNALS_LINUX))
        }
        _ => {}
    }
    errs
}

/// The probes regular and sidecar containers may carry.
pub fn validate_probes(c: &Container, p: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    for (field, probe) in [
        ("livenessProbe", &c.liveness_probe),
        ("readinessProbe", &c.readiness_probe),
        ("startupProbe", &c.startup_probe),
    ] {
        let Some(probe) = probe else { continue };
        let at = p.child(field);
        errs.extend(validate_probe(probe, &at));
        if field != "readinessProbe" && probe.success_threshold.unwrap_or(0) != 1 {
            errs.push(FieldError::invalid(
                &at.child("successThreshold"),
                BadValue::Bare(probe.success_threshold.unwrap_or(0).to_string()),
                "must be 1",
            ));
        }
        if field == "readinessProbe" && probe.termination_grace_period_seconds.is_some() {
            errs.push(FieldError::invalid(
                &at.child("terminationGracePeriodSeconds"),
                BadValue::Bare(probe.termination_grace_period_seconds.unwrap_or(0).to_string()),
                "must not be set for readinessProbes",
            ));
        }
    }
    errs
}

/// Mirrors `validateProbe`.
fn validate_probe(probe: &Probe, path: &Path) -> ErrorList {
    let mut errs = validate_handler(handler_from_probe(probe), None, path);
    for (field, v) in [
        ("initialDelaySeconds", probe.initial_delay_seconds),
        ("timeoutSeconds", probe.timeout_seconds),
        ("periodSeconds", probe.period_seconds),
        ("successThreshold", probe.success_threshold),
        ("failureThreshold", probe.failure_threshold),
    ] {
        errs.extend(validate_nonnegative_field(v.unwrap_or(0).into(), &path.child(field)));
    }
    if let Some(g) = probe.termination_grace_period_seconds.filter(|g| *g <= 0) {
        errs.push(FieldError::invalid(
            &path.child("terminationGracePeriodSeconds"),
            BadValue::Bare(g.to_string()),
            "must be greater than 0",
        ));
    }
    errs
}

/// Mirrors `validateHandler`: exactly one action, each checked in upstream's order. Only the
/// sleep action reads the grace period (probes have no sleep action).
fn validate_handler(h: CommonHandler, grace_period: Option<i64>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let mut handlers = 0;
    let mut first = |name: &str, present: bool, errs: &mut ErrorList| -> bool {
        if !present {
            return false;
        }
        if handlers > 0 {
            errs.push(FieldError::forbidden(&path.child(name), "may not specify more than 1 handler type"));
            return false;
        }
        handlers += 1;
        true
    };
    if let Some(exec) = h.exec.filter(|_| first("exec", true, &mut errs)) {
        if exec.command.as_ref().is_none_or(Vec::is_empty) {
            errs.push(FieldError::required(&path.child("exec.command"), ""));
        }
    }
    if let Some(http) = h.http_get.filter(|_| first("httpGet", true, &mut errs)) {
        if http.path.as_deref().unwrap_or("").is_empty() {
            errs.push(FieldError::required(&path.child("httpGet.path"), ""));
        }
        errs.extend(validate_port_num_or_name(http.port.as_ref(), &path.child("httpGet.port")));
        let scheme = http.scheme.as_deref().unwrap_or("");
        if !matches!(scheme, "HTTP" | "HTTPS") {
            errs.push(FieldError::not_supported(&path.child("httpGet.scheme"), named(scheme), &["HTTP", "HTTPS"]));
        }
        for header in http.http_headers.iter().flatten() {
            let name = header.name.as_deref().unwrap_or("");
            errs.extend(invalid_each(&path.child("httpGet.httpHeaders"), name, is_http_header_name(name)));
        }
    }
    if let Some(tcp) = h.tcp_socket.filter(|_| first("tcpSocket", true, &mut errs)) {
        errs.extend(validate_port_num_or_name(tcp.port.as_ref(), &path.child("tcpSocket.port")));
    }
    if let Some(grpc) = h.grpc.filter(|_| first("grpc", true, &mut errs)) {
        let port = grpc.port.unwrap_or(0);
        for m in is_valid_port_num(port.into()) {
            errs.push(FieldError::invalid(&path.child("grpc.port"), BadValue::Bare(port.to_string()), m));
        }
    }
    if let Some(sleep) = h.sleep.filter(|_| first("sleep", true, &mut errs)) {
        errs.extend(validate_sleep_action(sleep, grace_period, &path.child("sleep")));
    }
    if handlers == 0 {
        errs.push(FieldError::required(path, "must specify a handler type"));
    }
    errs
}

/// Mirrors `validateSleepAction` with `AllowPodLifecycleSleepActionZeroValue` (the
/// PodLifecycleSleepActionAllowZero gate, GA since 1.34): from 0 to the grace period.
fn validate_sleep_action(sleep: &SleepAction, grace_period: Option<i64>, path: &Path) -> ErrorList {
    let mut errs = ErrorList::new();
    let seconds = sleep.seconds.unwrap_or(0);
    if let Some(grace) = grace_period.filter(|g| seconds < 0 || seconds > *g) {
        errs.push(FieldError::invalid(
            path,
            BadValue::Bare(seconds.to_string()),
            format!("must be non-negative and less than terminationGracePeriodSeconds ({grace})"),
        ));
    }
    errs
}

/// Mirrors `IsHTTPHeaderName`: `[-A-Za-z0-9]+`.
fn is_http_header_name(name: &str) -> Vec<String> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Vec::new();
    }
    vec![regex_error(
        "a valid HTTP header must consist of alphanumeric characters or '-'",
        "[-A-Za-z0-9]+",
        &["X-Header-Name"],
    )]
}

/// Mirrors `ValidatePortNumOrName`.
fn validate_port_num_or_name(port: Option<&IntOrString>, path: &Path) -> ErrorList {
    match port.unwrap_or(&IntOrString::Int(0)) {
        IntOrString::Int(i) => ErrorList(
            is_valid_port_num(*i)
                .into_iter()
                .map(|m| FieldError::invalid(path, BadValue::Bare(i.to_string()), m))
                .collect(),
        ),
        IntOrString::String(s) => invalid_each(path, s, is_valid_port_name(s)),
    }
}
