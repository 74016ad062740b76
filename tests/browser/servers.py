"""Start and stop the servers the browser tests drive: Voilà as `make workshop` runs it, and JupyterLab."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    """A port nobody listens on right now (bind to port 0 and let the kernel choose)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    url: str  # base URL, ending in /
    proc: subprocess.Popen[bytes]
    log_path: Path
    token: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def log(self, tail: int = 200) -> str:
        try:
            lines = self.log_path.read_text("utf-8", errors="replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-tail:])

    def stop(self) -> None:
        """Terminate the whole process group (the server and its kernels), then kill what is left."""
        if self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)


def _wait_until_up(server: Server, probe: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited with code {server.proc.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError) as e:
            last = str(e)
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer {probe} within {timeout:.0f}s ({last}):\n{server.log()}")


def _spawn(name: str, cmd: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    log = log_path.open("wb")
    try:
        return subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    finally:
        log.close()  # the child holds its own copy


def start_voila(
    workdir: Path, timeout: float = 90, *, root: Path | None = None, extra_args: Sequence[str] = ()
) -> Server:
    """Voilà exactly as `make workshop` starts it, on a free loopback port, with a throwaway store
    (benchmarks may serve another ``root`` folder or add options)."""
    port = free_port()
    env = dict(os.environ)
    env["JUPYTER_PATH"] = str(ROOT / "voila" / "share")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CASEBOOK_STORE"] = str(workdir / "voila-attempts.sqlite3")
    env.pop("CASEBOOK_LEARNER", None)
    env["JUPYTER_RUNTIME_DIR"] = str(workdir / "runtime")
    cmd = [
        str(BIN / "voila"),
        "--Voila.config_file_paths=voila",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        *extra_args,
        str(root) if root is not None else "notebooks/",
    ]
    log_path = workdir / "voila.log"
    server = Server("Voilà", f"http://127.0.0.1:{port}/", _spawn("voila", cmd, env, log_path), log_path)
    _wait_until_up(server, server.url, timeout)
    return server


def start_lab(workdir: Path, timeout: float = 120) -> Server:
    """JupyterLab on the notebooks folder, loopback only, a random token, no network look-ups."""
    port = free_port()
    token = secrets.token_hex(16)
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["CASEBOOK_STORE"] = str(workdir / "lab-attempts.sqlite3")
    env.pop("CASEBOOK_LEARNER", None)
    # A private config, data-runtime and workspace folder: no saved layout, nothing written to $HOME.
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        (workdir / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(workdir / sub)
    # A copy of the notebooks: JupyterLab saves what it runs (autosave, checkpoints), never into the checkout.
    notebooks = workdir / "notebooks"
    shutil.copytree(ROOT / "notebooks", notebooks, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (workdir / "workspaces").mkdir(exist_ok=True)
    (workdir / "settings").mkdir(exist_ok=True)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(workdir / "settings")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(workdir / "workspaces")
    cmd = [
        str(BIN / "jupyter"),
        "lab",
        "--no-browser",
        "--ServerApp.open_browser=False",
        f"--ServerApp.token={token}",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={notebooks}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
    ]
    if os.geteuid() == 0:  # containers and CI often run as root; Jupyter refuses that unless told
        cmd.append("--allow-root")
    log_path = workdir / "lab.log"
    server = Server("JupyterLab", f"http://127.0.0.1:{port}/", _spawn("lab", cmd, env, log_path), log_path, token)
    _wait_until_up(server, f"{server.url}api/status?token={token}", timeout)
    return server
