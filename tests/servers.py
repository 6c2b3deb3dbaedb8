"""Start real servers on loopback for the tests: `kg serve` and an Oxigraph server."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# base URL -> the file that a running server's standard error goes to (its request log)
LOGS: dict[str, str] = {}


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60.0, log=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: "
                               f"{open(log).read() if log else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


@contextlib.contextmanager
def _running(command: list[str], ready_path: str, **popen):
    """Start ``command`` (given a free port as {port}), wait until ``ready_path`` answers,
    yield the base URL, and stop the process afterwards."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w", suffix=".log", delete=False)
    # stderr to a file, not a pipe: a request log in a pipe nobody reads would block the server
    process = subprocess.Popen([part.format(port=port) for part in command],
                               stdout=subprocess.DEVNULL, stderr=log, text=True, **popen)
    base = f"http://127.0.0.1:{port}"
    LOGS[base] = log.name
    try:
        wait_for(base + ready_path, process, log=log.name)
        yield base
    finally:
        log.close()
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def kg_server(*extra: str):
    """A running `kg serve` on a free loopback port; yields its base URL."""
    return _running([sys.executable, "-m", "kg", "serve", "--port", "{port}", *extra], "/",
                    cwd=ROOT)


def oxigraph_server(location):
    """A running Oxigraph server (PyPI `oxigraph`) on loopback; yields its base URL."""
    program = shutil.which("oxigraph") or os.path.join(os.path.dirname(sys.executable),
                                                       "oxigraph")
    return _running([program, "serve", "--location", str(location), "--bind",
                     "127.0.0.1:{port}"], "/query?query=ASK%7B%7D")
