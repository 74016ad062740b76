"""Binder: the pinned environment agrees with pyproject, resolves, and repo2docker accepts the repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"


LOCK = ROOT / "requirements" / "dev.lock"


def _entries(path: Path) -> list[tuple[Requirement, list[str]]]:
    """The requirements of a pip requirements file written by `make lock`: each with its hashes
    (continuation lines joined, comments dropped)."""
    logical: list[str] = []
    for raw in path.read_text("utf-8").splitlines():
        line = raw.split(" #", 1)[0].rstrip() if not raw.lstrip().startswith("#") else ""
        if not line.strip():
            continue
        if logical and logical[-1].endswith("\\"):
            logical[-1] = logical[-1][:-1] + " " + line.strip()
        else:
            logical.append(line.strip())
    out = []
    for entry in logical:
        parts = entry.split(" --hash=")
        out.append((Requirement(parts[0].strip()), [h.strip() for h in parts[1:]]))
    return out


def _pins(path: Path = BINDER / "requirements.txt") -> dict[str, str]:
    pins = {}
    for req, hashes in _entries(path):
        spec = list(req.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"{path.name}: {req.name} is not pinned with =="
        assert hashes and all(h.startswith("sha256:") for h in hashes), f"{path.name}: {req.name} has no sha256 hash"
        pins[canonicalize_name(req.name)] = spec[0].version
    return pins


def _declared(extras: tuple[str, ...] = ()) -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(d).name): Requirement(d) for d in reqs}


def test_binder_pins_every_runtime_dependency_within_pyproject_ranges() -> None:
    pins = _pins()
    for name, req in _declared().items():
        assert name in pins, f"binder/requirements.txt does not pin {name} (run `make lock`)"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside pyproject's range {req.specifier}"


def test_the_lock_pins_every_declared_dependency_within_its_range() -> None:
    pins = _pins(LOCK)
    for name, req in _declared(("test", "bench")).items():
        assert name in pins, f"requirements/dev.lock does not pin {name} (run `make lock`)"
        assert req.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside pyproject's range {req.specifier}"
    for name in ("hatchling", "editables", "pip"):  # what `make install` builds and installs with
        assert name in pins, f"requirements/dev.lock does not pin the build tool {name}"


def test_binder_and_the_lock_agree() -> None:
    """Binder runs what `make test` tested: every package Binder installs has the lock's version."""
    binder, lock = _pins(), _pins(LOCK)
    differ = {n: (v, lock.get(n)) for n, v in binder.items() if lock.get(n) != v}
    assert not differ, f"binder/requirements.txt and requirements/dev.lock differ (run `make lock`): {differ}"


def test_make_install_uses_the_lock() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    recipe = makefile.split("$(STAMP): pyproject.toml $(LOCK)", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes --no-deps -r $(LOCK)" in recipe
    assert "--no-deps --no-build-isolation -e ." in recipe
    assert "LOCK := requirements/dev.lock" in makefile


def test_runtime_and_post_build() -> None:
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    post = (BINDER / "postBuild").read_text()
    assert post.startswith("#!/usr/bin/env bash") and "pip install" in post and "jupyter trust" in post
    assert (BINDER / "postBuild").stat().st_mode & 0o111


def test_pinned_requirements_resolve() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--quiet",
            "--ignore-installed",
            "-r",
            str(BINDER / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]


def test_repo2docker_reads_the_repository() -> None:
    exe = shutil.which("repo2docker") or str(Path(sys.executable).parent / "repo2docker")
    run = subprocess.run([exe, "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout + run.stderr
    assert "python=3.11" in out or "python3.11" in out or "PYTHON_VERSION=3.11" in out
    assert "binder/requirements.txt" in out
    assert "postBuild" in out
