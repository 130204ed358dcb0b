//! Starts what the end-to-end tests need and stops exactly what it started.
//!
//! Xvfb on a free display, a private D-Bus session, an unlocked gnome-keyring (Secret Service) with its own
//! HOME, a `dbus-monitor` that records every desktop notification the app sends, and tauri-driver (which
//! runs WebKitWebDriver) on free ports. Every process is a child of this test
//! and is killed when the [`Harness`] is dropped; nothing on the machine is reused or left behind.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The running helper processes and the environment they share.
pub struct Harness {
    children: Vec<(&'static str, Child)>,
    pub driver_url: String,
    pub display: String,
    pub home: PathBuf,
    /// The app's whole environment, for starting it directly (a second instance).
    pub app_env: Vec<(String, String)>,
    /// What `dbus-monitor` saw of `org.freedesktop.Notifications.Notify` calls.
    pub notifications: PathBuf,
    /// The app's config folder (window state lives there).
    pub config_dir: PathBuf,
}

fn which(tool: &str) -> Option<PathBuf> {
    let cargo_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(cargo_bin)
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn wait_for(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    while !ready() {
        if Instant::now() > deadline {
            return Err(format!("{what} did not come up within {timeout:?}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// Whether the native WebDriver at `port` answers `GET /status` with `"ready": true`.
fn native_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut reply = String::new();
    let _ = std::io::Read::read_to_string(&mut stream, &mut reply);
    reply.starts_with("HTTP/1.1 200") && reply.contains("\"ready\":true")
}

impl Harness {
    /// Starts everything. `extra_env` is passed to the app (through tauri-driver).
    pub fn start(extra_env: &[(&str, String)]) -> Result<Self, String> {
        let missing: Vec<_> = [
            "Xvfb",
            "dbus-daemon",
            "dbus-send",
            "gnome-keyring-daemon",
            "dbus-monitor",
            "tauri-driver",
            "WebKitWebDriver",
        ]
        .into_iter()
        .filter(|t| which(t).is_none())
        .collect();
        if !missing.is_empty() {
            return Err(format!("missing tools {missing:?}: run ./dev test (it installs them)"));
        }
        let mut h = Harness {
            children: Vec::new(),
            driver_url: String::new(),
            display: String::new(),
            home: PathBuf::new(),
            app_env: Vec::new(),
            notifications: PathBuf::new(),
            config_dir: PathBuf::new(),
        };

        // A private HOME and XDG dirs: the keyring, the app's data and WebKit's caches stay in target/.
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../target/e2e/run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for d in ["home", "data", "config", "cache", "runtime"] {
            std::fs::create_dir_all(root.join(d)).map_err(|e| e.to_string())?;
        }
        set_private(&root.join("runtime"));
        h.home = root.join("home");
        h.config_dir = root.join("config").join("se.skolhub.client");
        let mut env: Vec<(String, String)> = vec![
            ("HOME".into(), path_str(&root.join("home"))),
            ("XDG_DATA_HOME".into(), path_str(&root.join("data"))),
            ("XDG_CONFIG_HOME".into(), path_str(&root.join("config"))),
            ("XDG_CACHE_HOME".into(), path_str(&root.join("cache"))),
            ("XDG_RUNTIME_DIR".into(), path_str(&root.join("runtime"))),
            ("NO_AT_BRIDGE".into(), "1".into()),
        ];

        // Xvfb on the first display without a live lock (a lock whose server is gone is removed).
        let n = (90..200).find(|&n| display_free(n)).ok_or("no free X display")?;
        h.display = format!(":{n}");
        let xvfb = Command::new("Xvfb")
            .args([h.display.as_str(), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("Xvfb: {e}"))?;
        h.children.push(("Xvfb", xvfb));
        wait_for("Xvfb", Duration::from_secs(10), || {
            Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
        })?;
        env.push(("DISPLAY".into(), h.display.clone()));

        // A private session bus; its address is the first line it prints.
        let mut dbus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .envs(env.iter().cloned())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("dbus-daemon: {e}"))?;
        let mut address = String::new();
        BufReader::new(dbus.stdout.take().expect("piped"))
            .read_line(&mut address)
            .map_err(|e| e.to_string())?;
        h.children.push(("dbus-daemon", dbus));
        env.push(("DBUS_SESSION_BUS_ADDRESS".into(), address.trim().to_owned()));

        // gnome-keyring with a fresh login keyring, unlocked with a throwaway password from stdin.
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .envs(env.iter().cloned())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("gnome-keyring-daemon: {e}"))?;
        keyring
            .stdin
            .take()
            .expect("piped")
            .write_all(b"skolhub-e2e")
            .map_err(|e| e.to_string())?;
        h.children.push(("gnome-keyring-daemon", keyring));
        let bus_env = env.clone();
        wait_for("the Secret Service", Duration::from_secs(10), || {
            Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .envs(bus_env.iter().cloned())
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
        })?;

        // Notifications are D-Bus method calls; a monitor records them without any notification daemon.
        h.notifications = root.join("notifications.log");
        let monitor_log = std::fs::File::create(&h.notifications).map_err(|e| e.to_string())?;
        let monitor = Command::new("dbus-monitor")
            .args(["--session", "interface='org.freedesktop.Notifications',member='Notify'"])
            .envs(env.iter().cloned())
            .stdout(monitor_log)
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("dbus-monitor: {e}"))?;
        h.children.push(("dbus-monitor", monitor));
        h.app_env = env
            .iter()
            .cloned()
            .chain(extra_env.iter().map(|(k, v)| (k.to_string(), v.clone())))
            .collect();

        // tauri-driver and its WebKitWebDriver on free ports, with the app's environment.
        let port = free_port();
        let native = free_port();
        // Its output (and that of WebKitWebDriver and the app, which inherit it) goes to a log for post-mortems.
        let log_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e/driver.log");
        std::fs::create_dir_all(log_path.parent().expect("has a parent")).map_err(|e| e.to_string())?;
        let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
        let log2 = log.try_clone().map_err(|e| e.to_string())?;
        let driver = Command::new(which("tauri-driver").expect("checked"))
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .envs(env.iter().cloned())
            .envs(extra_env.iter().map(|(k, v)| (k.to_string(), v.clone())))
            .stdout(log)
            .stderr(log2)
            .spawn()
            .map_err(|e| format!("tauri-driver: {e}"))?;
        h.children.push(("tauri-driver", driver));
        // tauri-driver starts WebKitWebDriver first and forwards every request to it; a request that arrives
        // before the native driver listens is dropped without a reply (seen on a cold first start in CI), so
        // both ports must accept connections and the native driver must answer /status before we go on.
        wait_for("tauri-driver", Duration::from_secs(30), || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        })?;
        wait_for("WebKitWebDriver", Duration::from_secs(60), || native_ready(native))?;
        h.driver_url = format!("http://127.0.0.1:{port}");
        Ok(h)
    }

    /// A screenshot of the whole X screen (the real window, as a user sees it), when ImageMagick is there.
    pub fn screenshot_root(&self, path: &Path) -> Result<(), String> {
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root", &path_str(path)])
            .status()
            .map_err(|e| format!("import: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("import failed: {status}"))
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // Reverse start order: the driver (and the app it runs) first, the display last. Xvfb gets SIGTERM
        // so it removes its lock file and socket; the rest are killed.
        while let Some((name, mut child)) = self.children.pop() {
            if name == "Xvfb" {
                let _ = Command::new("kill").arg(child.id().to_string()).status();
                let deadline = std::time::Instant::now() + Duration::from_secs(5);
                while std::time::Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Whether X display `n` can be used: no lock file, or one left by a server that no longer runs (then the
/// stale lock and socket are removed).
fn display_free(n: u32) -> bool {
    let lock = format!("/tmp/.X{n}-lock");
    let socket = format!("/tmp/.X11-unix/X{n}");
    let Ok(text) = std::fs::read_to_string(&lock) else {
        return !Path::new(&lock).exists() && !Path::new(&socket).exists();
    };
    let alive = text
        .trim()
        .parse::<u32>()
        .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
    if alive {
        return false;
    }
    std::fs::remove_file(&lock).is_ok() && (std::fs::remove_file(&socket).is_ok() || !Path::new(&socket).exists())
}

/// Waits until no process of this harness runs `app` (one whose environment has our private
/// `XDG_RUNTIME_DIR`): the app is single-instance, so a new start while the last one is still exiting would
/// hand over to it and quit.
pub fn wait_app_exit(app: &str, env: &[(String, String)], timeout: Duration) -> Result<(), String> {
    let Some(runtime) = env.iter().find(|(k, _)| k == "XDG_RUNTIME_DIR").map(|(_, v)| v.clone()) else {
        return Ok(());
    };
    let marker = format!("XDG_RUNTIME_DIR={runtime}\0");
    let app = path_str(&std::fs::canonicalize(app).unwrap_or_else(|_| PathBuf::from(app)));
    // A binary rebuilt while it runs shows as "<path> (deleted)".
    let ours = |pid: &Path| {
        std::fs::read_link(pid.join("exe")).is_ok_and(|exe| path_str(&exe).starts_with(&app))
            && std::fs::read(pid.join("environ")).is_ok_and(|e| String::from_utf8_lossy(&e).contains(&marker))
    };
    wait_for("the previous app instance to exit", timeout, || {
        std::fs::read_dir("/proc")
            .map(|dir| !dir.flatten().any(|p| ours(&p.path())))
            .unwrap_or(true)
    })?;
    // The bus drops a dead process's name a moment after it exits.
    std::thread::sleep(Duration::from_millis(1500));
    Ok(())
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn set_private(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}
