"""The fixture that makes an exception raised inside a widget callback fail the test (tests/conftest.py)."""

from __future__ import annotations

import ipywidgets as ipw
import pytest


def test_an_exception_in_a_click_handler_reaches_the_test() -> None:
    b = ipw.Button(description="Boom")

    def handler(_b: ipw.Button) -> None:
        raise ZeroDivisionError("inside the handler")

    b.on_click(handler)
    with pytest.raises(ZeroDivisionError, match="inside the handler"):
        b.click()


def test_an_exception_in_a_message_from_the_page_reaches_the_test() -> None:
    """A front-end message (as a click in the browser sends) goes through ``Widget._handle_msg``."""
    b = ipw.Button(description="Boom")
    b.on_click(lambda _b: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        b._handle_msg({"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []})


def test_handlers_that_do_not_raise_still_run_in_order() -> None:
    seen: list[int] = []
    b = ipw.Button()
    b.on_click(lambda _b: seen.append(1))
    b.on_click(lambda _b: seen.append(2))
    b.click()
    assert seen == [1, 2]
