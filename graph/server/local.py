"""Install, configure, start and stop Neo4j Community from Maven Central jars, without Docker.

The jars are resolved once with ``mvn dependency:copy-dependencies`` on the small pom that ships
with this package and cached under ``Settings.home``; the server runs
``org.neo4j.server.CommunityEntryPoint`` with a generated ``neo4j.conf`` bound to 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph.errors import LocalServerError, ToolMissingError
from graph.settings import NEO4J_VERSION, Settings

POM = Path(__file__).with_name("pom.xml")
PROC = Path("/proc")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    http_url: str
    home: Path
    installed: bool
    stale_pid: int | None = None
    """A pid the pid file named that is not this server (the file was removed)."""

    def describe(self) -> str:
        if self.running:
            text = f"running (pid {self.pid}) at {self.bolt_uri}, browser {self.http_url}/browser/"
        else:
            text = "not running" + ("" if self.installed else " (not installed)")
        if self.stale_pid is not None:
            text += f"; {stale_pid_note(self.stale_pid)}"
        return text


def stale_pid_note(pid: int) -> str:
    return (f"removed a stale pid file: process {pid} is not this Neo4j server "
            "(left over from a crash or a restart)")


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited child not yet reaped) is not alive.
    stat = Path(f"/proc/{pid}/stat")
    if stat.exists():
        try:
            return stat.read_text().split(") ", 1)[1][0] != "Z"
        except (OSError, IndexError):
            return True
    return True


def _proc_cmdline(pid: int) -> list[str] | None:
    """The arguments of process ``pid`` as /proc shows them; [] when there is no such process
    (or it is a zombie), None when this system has no /proc to ask."""
    if not (PROC / "self").exists():
        return None
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:  # gone, or not ours to read: in both cases not a server we started
        return []
    return [a for a in raw.decode(errors="replace").split("\0") if a]


def java_major_version(java: str) -> int:
    out = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    m = re.search(r'version "(\d+)', out.stderr + out.stdout)
    if not m:
        raise ToolMissingError(f"could not read the Java version from `{java} -version`")
    return int(m.group(1))


class LocalNeo4j:
    """The managed local Neo4j: one per ``Settings.server_home``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.server_home
        self.conf_dir = self.home / "conf"
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.console_log = self.home / "logs" / "console.log"
        self.stale_pid: int | None = None
        """Set when the pid file named a process that is not this server (see _read_pid)."""

    # -- installation -------------------------------------------------------------------------
    @property
    def jars_dir(self) -> Path:
        return self.settings.jars_dir

    @property
    def installed(self) -> bool:
        return (self.jars_dir / f"neo4j-{NEO4J_VERSION}.jar").exists()

    def _java(self) -> str:
        java = shutil.which("java")
        if java is None:
            raise ToolMissingError(
                "Java 17 or 21 is required to run Neo4j 5.26 but `java` is not on PATH; "
                "install it, e.g. `apt-get install openjdk-17-jre-headless`"
            )
        major = java_major_version(java)
        if major < 17:
            raise ToolMissingError(f"Neo4j 5.26 needs Java 17 or newer; found Java {major}")
        return java

    def install(self) -> bool:
        """Fetch the jars from Maven Central once. Returns True when it downloaded."""
        if self.installed:
            return False
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ToolMissingError(
                "Maven is required once to fetch the Neo4j jars but `mvn` is not on PATH; "
                "install it, e.g. `apt-get install maven`"
            )
        self._java()
        staging = self.jars_dir.with_name(self.jars_dir.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
            "-DincludeScope=runtime", f"-DoutputDirectory={staging}",
            f"-Dneo4j.version={NEO4J_VERSION}",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0 or not (staging / f"neo4j-{NEO4J_VERSION}.jar").exists():
            tail = (proc.stdout + proc.stderr)[-2000:]
            raise LocalServerError(f"fetching Neo4j {NEO4J_VERSION} with Maven failed:\n{tail}")
        shutil.rmtree(self.jars_dir, ignore_errors=True)
        staging.rename(self.jars_dir)
        return True

    # -- configuration ------------------------------------------------------------------------
    def config_text(self) -> str:
        s = self.settings
        lines = {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{s.local_bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{s.local_bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{s.local_http_port}",
            "server.http.advertised_address": f"127.0.0.1:{s.local_http_port}",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "false",
            "server.memory.pagecache.size": s.local_pagecache,
            "server.memory.heap.initial_size": s.local_heap,
            "server.memory.heap.max_size": s.local_heap,
            "db.transaction.timeout": f"{int(s.transaction_timeout_s)}s",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(self.home / "data"),
            "server.directories.logs": str(self.home / "logs"),
            "server.directories.import": str(self.home / "import"),
            "server.directories.plugins": str(self.home / "plugins"),
            "server.directories.run": str(self.home / "run"),
            "server.directories.transaction.logs.root": str(self.home / "data" / "transactions"),
            "db.tx_log.rotation.retention_policy": "2 files",
            "dbms.security.procedures.unrestricted": "",
        }
        body = "\n".join(f"{k}={v}" for k, v in lines.items())
        return "# Generated by `skillgraph neo4j start`; edits are overwritten.\n" + body + "\n"

    def write_config(self) -> Path:
        for sub in ("conf", "data", "logs", "import", "plugins", "run"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        conf = self.conf_dir / "neo4j.conf"
        conf.write_text(self.config_text())
        return conf

    # -- lifecycle ----------------------------------------------------------------------------
    def _read_pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        if not _pid_alive(pid):
            return None
        args = _proc_cmdline(pid)
        if args is None or self._is_this_server(args):
            return pid  # without /proc, a live pid is all there is to go on
        # The pid file outlived its server (a crash, a container restart) and the pid now
        # belongs to another process: never signal that one.
        self.pid_file.unlink(missing_ok=True)
        self.stale_pid = pid
        return None

    def _is_this_server(self, args: list[str]) -> bool:
        homes = {f"--home-dir={self.home}", f"--home-dir={self.home.resolve()}"}
        return ENTRY_POINT in args and any(a in homes for a in args)

    def status(self) -> ServerStatus:
        pid = self._read_pid()
        return ServerStatus(
            running=pid is not None and _port_open(self.settings.local_bolt_port),
            pid=pid,
            bolt_uri=f"bolt://127.0.0.1:{self.settings.local_bolt_port}",
            http_url=f"http://127.0.0.1:{self.settings.local_http_port}",
            home=self.home,
            installed=self.installed,
            stale_pid=self.stale_pid,
        )

    def java_command(self, main_class: str, *args: str, heap: bool = True) -> list[str]:
        cmd = [self._java()]
        if heap:
            cmd += [f"-Xms{self.settings.local_heap}", f"-Xmx{self.settings.local_heap}"]
        cmd += [*JVM_FLAGS, "-cp", f"{self.jars_dir}/*", main_class, *args]
        return cmd

    def start(self) -> ServerStatus:
        """Start the server in the background and wait until Bolt answers."""
        current = self.status()
        if current.running:
            return current
        if current.pid is not None:
            raise LocalServerError(
                f"a Neo4j process (pid {current.pid}) from {self.home} is alive but Bolt does not "
                f"answer on port {self.settings.local_bolt_port}; run `skillgraph neo4j stop`"
            )
        for port in (self.settings.local_bolt_port, self.settings.local_http_port):
            if _port_open(port):
                raise LocalServerError(
                    f"port {port} on 127.0.0.1 is taken by another program; choose other ports "
                    "with SKILLGRAPH_LOCAL_BOLT_PORT / SKILLGRAPH_LOCAL_HTTP_PORT"
                )
        self.install()
        self.write_config()
        cmd = self.java_command(
            ENTRY_POINT, f"--home-dir={self.home}", f"--config-dir={self.conf_dir}",
            "--console-mode",
        )
        self.console_log.parent.mkdir(parents=True, exist_ok=True)
        with self.console_log.open("ab") as log:
            proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=self.home, start_new_session=True,
            )
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + self.settings.local_start_timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LocalServerError(
                    f"Neo4j exited with code {proc.returncode} while starting; "
                    f"last lines of {self.console_log}:\n{self._log_tail()}"
                )
            if _port_open(self.settings.local_bolt_port) and self._log_says_started():
                return self.status()
            time.sleep(0.5)
        self.stop()
        raise LocalServerError(
            f"Neo4j did not answer on Bolt within {self.settings.local_start_timeout_s:.0f} s; "
            f"see {self.console_log}:\n{self._log_tail()}"
        )

    def _log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.console_log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "(no log)"

    def _log_says_started(self) -> bool:
        try:
            with self.console_log.open("rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - 4096))
                tail = f.read().decode(errors="replace")
        except OSError:
            return False
        last_start = tail.rfind("Starting...")
        return tail.rfind("Started.") > last_start

    def stop(self, timeout_s: float = 60.0) -> bool:
        """Stop the server cleanly (SIGTERM, then SIGKILL after ``timeout_s``); False when it
        was not running (a pid file naming another process is removed, not acted on)."""
        pid = self._read_pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:  # exited since it was checked
            self.pid_file.unlink(missing_ok=True)
            return False
        except PermissionError as e:
            raise LocalServerError(
                f"not allowed to stop process {pid} named by {self.pid_file}: {e}"
            ) from e
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _pid_alive(pid):
                break
            time.sleep(0.3)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        self.pid_file.unlink(missing_ok=True)
        return True
