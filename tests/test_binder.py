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


def _pins() -> dict[str, Requirement]:
    reqs = [
        Requirement(line)
        for line in (BINDER / "requirements.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return {canonicalize_name(r.name): r for r in reqs}


def test_requirements_pin_every_runtime_dependency_within_pyproject_ranges() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {canonicalize_name(Requirement(d).name): Requirement(d) for d in project["dependencies"]}
    pins = _pins()
    assert set(pins) == set(wanted), "binder/requirements.txt and pyproject dependencies name different packages"
    for name, pin in pins.items():
        spec = list(pin.specifier)
        assert len(spec) == 1 and spec[0].operator == "==", f"{name} is not pinned with =="
        assert wanted[name].specifier.contains(spec[0].version), (
            f"{name}=={spec[0].version} is outside pyproject's range"
        )


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
