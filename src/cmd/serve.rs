//! `congkhai serve`: `watch` plus a preview server with live reload. The preview is
//! built into a temporary folder (removed on every exit; one left by a killed server is
//! removed by the next), never into output/, so that a preview never replaces what is
//! published.

use super::watch::{print_notice, stop_channel};
use crate::cmd::RootArg;
use crate::console::{error, error_with_help, info, warning};
use crate::diagnostic::{os_reason, tr};
use crate::lock::WaitArg;
use crate::pipeline::Options;
use crate::serve::temp::PreviewFolder;
use crate::serve::Server;
use crate::watch::{self, Notice, Session};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};

#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    #[command(flatten)]
    pub root: RootArg,
    /// Address to listen on. Anything but loopback shows the preview to the network
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Look for changes by polling instead of file-system events
    #[arg(long)]
    pub poll: bool,
    /// Also show pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    #[command(flatten)]
    pub wait: WaitArg,
}

/// The preview's public address, for the few absolute URLs (the 404 page, feeds).
fn base_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://localhost:{}/", addr.port())
    } else {
        format!("http://{addr}/")
    }
}

pub fn run(args: &Args) -> i32 {
    let listener = match TcpListener::bind((args.bind, args.port)) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            error_with_help(
                &tr(
                    "status.port-in-use",
                    &[("port", &args.port), ("bind", &args.bind)],
                ),
                Some(&tr(
                    "status.port-in-use-help",
                    &[("next", &args.port.wrapping_add(1).max(1024))],
                )),
            );
            return 1;
        }
        Err(e) => {
            error(&tr(
                "status.cannot-listen",
                &[
                    ("bind", &args.bind),
                    ("port", &args.port),
                    ("reason", &os_reason(&e)),
                ],
            ));
            return 1;
        }
    };
    if !args.bind.is_loopback() {
        warning(&tr("status.public-bind", &[("bind", &args.bind)]));
    }
    let temp = match PreviewFolder::create(None) {
        Ok(t) => t,
        Err(e) => {
            error(&tr("status.no-temp", &[("reason", &os_reason(&e))]));
            return 1;
        }
    };
    let dir = temp.path().join("site");
    let server = match Server::start(listener, &dir) {
        Ok(s) => s,
        Err(e) => {
            error(&tr("status.no-server", &[("reason", &os_reason(&e))]));
            return 1;
        }
    };
    let url = base_url(server.addr);
    info(&tr("status.serving", &[("url", &url)]));
    let mut session = Session::new(
        &args.root.root,
        &dir,
        Options {
            base_url: Some(url),
            include_drafts: args.drafts,
            render_once: false,
        },
    );
    if args.wait.no_wait {
        session = session.no_wait();
    }
    let hub = std::sync::Arc::clone(&server.hub);
    let kept = tr("status.kept-preview", &[]);
    let (tx, rx) = stop_channel();
    let result = watch::run(&mut session, args.poll, tx, &rx, |n| {
        print_notice(&n, &kept);
        if let Notice::Built(outcome) = n {
            match outcome {
                Ok(rebuilt) => hub.rebuilt(crate::serve::overlay::warned(&rebuilt.warnings)),
                Err(errors) => hub.broken(crate::serve::overlay::broken(errors)),
            }
        }
    });
    server.stop();
    let removed = temp.close();
    match (result, removed) {
        (Ok(()), Ok(())) => {
            info(&tr("status.serve-stopped", &[]));
            0
        }
        (Err(e), _) => {
            error(&e);
            1
        }
        (Ok(()), Err(e)) => {
            warning(&tr("status.temp-left", &[("reason", &os_reason(&e))]));
            0
        }
    }
}
