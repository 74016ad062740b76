"""DNS rebinding (issue 14, item 2): a request whose Host header is not this machine is refused before it
reaches a page, an API or a kernel websocket; the machine's own names still work."""

from __future__ import annotations

import asyncio
import http.client
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from .servers import Server

pytestmark = pytest.mark.browser


def _get(server: Server, path: str, host: str) -> int:
    u = urlparse(server.url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    conn.request("GET", path, headers={"Host": host})
    status = conn.getresponse().status
    conn.close()
    return status


def _ws_status(server: Server, host: str) -> int:
    u = urlparse(server.url)
    url = f"ws://{u.hostname}:{u.port}/api/kernels/00000000-0000-0000-0000-000000000000/channels"
    req = HTTPRequest(url, headers={"Host": host, "Origin": f"http://{host}"})

    async def go() -> int:
        try:
            conn = await websocket_connect(req)
        except HTTPClientError as exc:
            return exc.code
        conn.close()
        return 101

    # In its own thread: the browser tests' playwright holds an event loop in this one.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result(timeout=60)


def test_a_rebound_host_is_refused_everywhere(voila: Server) -> None:
    port = urlparse(voila.url).port
    kernel = "/api/kernels/00000000-0000-0000-0000-000000000000"
    for path in ("/", "/voila/render/80-toolkit.ipynb", kernel):
        assert _get(voila, path, f"rebind.attacker.test:{port}") == 403, path
    assert _ws_status(voila, f"rebind.attacker.test:{port}") == 403
    assert _get(voila, "/", f"127.0.0.1:{port}") == 200
    assert _get(voila, "/", f"localhost:{port}") == 200
    assert _get(voila, kernel, f"127.0.0.1:{port}") == 404, "past the host check: no such kernel"
    assert _ws_status(voila, f"127.0.0.1:{port}") == 404, "past the host check: no such kernel"
    assert "Refused a request for Host" in voila.log()
