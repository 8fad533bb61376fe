"""Driving the sandbox's payment window over HTTP the way the SDK's frame does: open it with the
`request_pay` parameters, read what it offers, pay or cancel, and read the `rsp` it posts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import httpx

IMP_CODE = "imp12345678"
_POSTED = re.compile(r"window\.parent\.postMessage\((\{.*?\}), '\*'\);</script>", re.S)


def open_window(client: httpx.Client, params: dict[str, Any], imp: str = IMP_CODE) -> str:
    """The page the window shows (or the page that answers at once)."""
    answer = client.post(
        "/__sandbox__/window", data={"request": json.dumps({"imp": imp, "params": params})}
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    return answer.text


def posted(page: str) -> list[dict[str, Any]]:
    """The messages the page posts to the SDK's page."""
    return [json.loads(found.replace("<\\/", "</")) for found in _POSTED.findall(page)]


def rsp_of(page: str) -> dict[str, Any]:
    """The `rsp` the page hands the callback (it must hand exactly one)."""
    answers = [message["rsp"] for message in posted(page) if "rsp" in message]
    assert len(answers) == 1, page
    rsp: dict[str, Any] = answers[0]
    return rsp


def token_of(page: str) -> str:
    found = re.search(r"action='/__sandbox__/window/([^/']+)/pay'", page)
    assert found is not None, page
    return found.group(1)


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.labels: dict[str, str] = {}
        self.options: dict[str, list[str]] = {}
        self.inputs: list[str] = []
        self._label_for: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "label":
            self._label_for = values.get("for")
        elif tag == "select":
            self._select = values.get("id")
            self.options[self._select or ""] = []
        elif tag == "option" and self._select is not None:
            self.options[self._select].append(values.get("value") or "")
        elif tag == "input":
            self.inputs.append(values.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self.labels[self._label_for] = self.labels.get(self._label_for, "") + data


def form_of(page: str) -> _Form:
    """The window's labels (by the field they name), its choices and its inputs."""
    form = _Form()
    form.feed(page)
    return form


def act(client: httpx.Client, token: str, action: str, **fields: Any) -> str:
    answer = client.post(f"/__sandbox__/window/{token}/{action}", data=fields)
    assert answer.status_code == 200, answer.text
    return answer.text
