"""Run the sandbox: uvicorn on a background thread, bound to loopback, started and stopped cleanly.

The socket is bound before uvicorn starts, so `port=0` (ephemeral) is known at once and
`start()` returns the real URL as soon as the server accepts connections.
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from kcp_pos.sandbox.app import create_app
from kcp_pos.sandbox.config import DEFAULT_IMP_KEY, DEFAULT_IMP_SECRET, SandboxConfig
from kcp_pos.sandbox.context import Sandbox
from kcp_pos.sandbox.faults import FaultBook
from kcp_pos.sandbox.storage import Storage

__all__ = ["DEFAULT_IMP_KEY", "DEFAULT_IMP_SECRET", "SandboxConfig", "SandboxServer"]

STARTUP_TIMEOUT_SECONDS = 15.0


class SandboxServer:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._storage: Storage | None = None
        self._url: str | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """`http://<host>:<bound port>`; only valid after `start()`."""
        if self._url is None:
            raise RuntimeError("the sandbox is not running")
        return self._url

    def start(self) -> str:
        with self._lock:
            if self._url is not None:
                return self._url
            storage = Storage(self.config.data_dir)
            sock = _bind(self.config.host, self.config.port)
            app = create_app(Sandbox(self.config, storage), FaultBook())
            server = uvicorn.Server(
                uvicorn.Config(
                    app,
                    http="httptools",  # uvicorn's C parser (pyproject.toml says why)
                    lifespan="off",
                    log_level="warning",
                    # uvicorn's own logging set-up writes to the console, which a windowed app
                    # on Windows does not have; its warnings go to the app's log instead.
                    log_config=None,
                    access_log=False,
                    timeout_graceful_shutdown=2,
                )
            )
            thread = threading.Thread(
                target=server.run, kwargs={"sockets": [sock]}, name="kcp-pos-sandbox", daemon=True
            )
            thread.start()
            deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
            while not server.started:
                if not thread.is_alive() or time.monotonic() > deadline:
                    sock.close()
                    storage.close()
                    raise RuntimeError("the sandbox server did not start")
                time.sleep(0.01)
            host, port = sock.getsockname()[:2]
            shown_host = f"[{host}]" if ":" in host else host
            self._server, self._thread, self._storage = server, thread, storage
            self._url = f"http://{shown_host}:{port}"
            return self._url

    def stop(self) -> None:
        with self._lock:
            server, thread, storage = self._server, self._thread, self._storage
            self._server = self._thread = self._storage = None
            self._url = None
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(timeout=10)
        if storage is not None:
            storage.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says
    # TCP, and without it small responses wait ~40 ms on delayed ACKs.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock
