"""The server's host check (issue 14, item 2), without a server: which Host headers pass."""

from __future__ import annotations

import pytest

from casebook import server


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8866", "localhost:8866", "[::1]:8866", "127.3.4.5", "localhost.", "LOCALHOST:1"]
)
def test_loopback_hosts_pass(host: str) -> None:
    assert server.host_allowed(host)


@pytest.mark.parametrize(
    "host",
    ["rebind.attacker.test", "rebind.attacker.test:8866", "", "127.0.0.1.attacker.test", "localhost.attacker.test",
     "[::1].evil", "0x7f000001.evil", " :8866"],
)  # fmt: skip
def test_rebinding_hosts_are_refused(host: str) -> None:
    assert not server.host_allowed(host)


def test_the_machines_own_name_and_listed_names_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    assert server.host_allowed(f"{socket.gethostname()}:8866")
    assert not server.host_allowed("workshop.example.org")
    monkeypatch.setenv("CASEBOOK_HOSTS", " workshop.example.org , other.example ")
    assert server.host_allowed("Workshop.Example.org:8866") and server.host_allowed("other.example")
