"""Real web servers and a real browser for the site's tests: Debian's Apache httpd with the site's
generated .htaccess, `kg serve`, and headless Chromium driven over the DevTools protocol.

Each runs on 127.0.0.1 and a free port, in a temporary folder, and is stopped by its pid.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import websocket

from tests.stores import _stop, free_port

ROOT = Path(__file__).resolve().parent.parent
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
MODULES = Path("/usr/lib/apache2/modules")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: The modules the site's .htaccess needs, and what a minimal server needs to run at all.
APACHE_MODULES = (
    ("mpm_event_module", "mod_mpm_event.so"),
    ("authz_core_module", "mod_authz_core.so"),
    ("mime_module", "mod_mime.so"),
    ("dir_module", "mod_dir.so"),
    ("rewrite_module", "mod_rewrite.so"),
    ("headers_module", "mod_headers.so"),
    ("alias_module", "mod_alias.so"),
)

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_NO_FOLLOW = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def get(url: str, accept: str | None = None, *, follow: bool = False) -> Answer:
    """One GET, redirects not followed unless asked; the status, headers (lower-case names) and body."""
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = _NO_PROXY if follow else _NO_FOLLOW
    try:
        with opener.open(request, timeout=20) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read())


def _wait(url: str, proc: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with _NO_PROXY.open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {seconds} s:\n{log.read_text(errors='replace')[-3000:]}")


def readable_copy(dist: Path) -> Path:
    """A copy of a build in a folder any user may read (Apache's workers run as www-data)."""
    folder = Path(tempfile.mkdtemp(prefix="kg-site-"))
    folder.chmod(0o755)
    shutil.copytree(dist, folder / "dist")
    for path in [folder / "dist", *(folder / "dist").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


@contextmanager
def apache(docroot: Path) -> Iterator[str]:
    """Apache httpd serving ``docroot`` (``AllowOverride All``, so the site's .htaccess applies); yields its URL."""
    assert Path(APACHE).is_file(), "apache2 is not installed (.ci/debian-packages installs Debian's apache2)"
    run = Path(tempfile.mkdtemp(prefix="kg-apache-"))
    port = free_port()
    loads = "\n".join(f"LoadModule {name} {MODULES / so}" for name, so in APACHE_MODULES)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    conf = run / "httpd.conf"
    conf.write_text(
        f"""{loads}
ServerRoot "{run}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{run}/httpd.pid"
DefaultRuntimeDir "{run}"
Mutex file:{run} default
ErrorLog "{run}/error.log"
LogLevel warn
{user}TypesConfig /etc/mime.types
StartServers 1
ServerLimit 1
ThreadsPerChild 25
MaxRequestWorkers 25
MinSpareThreads 1
MaxSpareThreads 25
DocumentRoot "{docroot}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{docroot}">
    AllowOverride All
    Options FollowSymLinks
    Require all granted
</Directory>
"""
    )
    log = run / "error.log"
    log.touch()
    proc = subprocess.Popen([APACHE, "-f", str(conf), "-DFOREGROUND"], stdout=log.open("ab"), stderr=subprocess.STDOUT)
    try:
        _wait(f"http://127.0.0.1:{port}/", proc, 30, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)
        shutil.rmtree(run, ignore_errors=True)


@contextmanager
def kg_serve(dist: Path) -> Iterator[str]:
    """`kg serve` on a free port, as a user runs it; yields its URL."""
    port = free_port()
    run = Path(tempfile.mkdtemp(prefix="kg-serve-test-"))
    log = run / "serve.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--dist", str(dist), "--port", str(port)],
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/index.html", proc, 60, log)
        _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc, 60, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)
        shutil.rmtree(run, ignore_errors=True)


# -- the browser ------------------------------------------------------------------------------------
@dataclass
class Visit:
    """What happened while one page loaded."""

    url: str
    status: int | None = None
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class Browser:
    """One headless Chromium page, driven over the DevTools protocol with a websocket."""

    def __init__(self, ws_url: str) -> None:
        self.ws = websocket.create_connection(ws_url, timeout=60, suppress_origin=True)
        self._ids = itertools.count(1)
        self.events: list[dict] = []
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params: object) -> dict:
        ident = next(self._ids)
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def _until(self, method: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not any(e.get("method") == method for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no {method} within {seconds} s")
            self.events.append(json.loads(self.ws.recv()))

    def visit(self, url: str) -> Visit:
        """Load ``url`` and report its status, console errors, every request it made and its links."""
        self.events = []
        self.call("Page.navigate", url=url)
        self._until("Page.loadEventFired")
        self.call("Runtime.evaluate", expression="1", returnByValue=True)  # let pending events arrive
        visit = Visit(url)
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
            elif method == "Network.responseReceived" and params.get("type") == "Document":
                visit.status = params["response"]["status"]
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.errors.append(json.dumps(params.get("args", []))[:300])
            elif method == "Runtime.exceptionThrown":
                visit.errors.append(json.dumps(params.get("exceptionDetails", {}))[:300])
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                visit.errors.append(params["entry"].get("text", "") + " " + params["entry"].get("url", ""))
        found = self.call(
            "Runtime.evaluate",
            expression="JSON.stringify(Array.from(document.querySelectorAll('a[href]'), a => a.href))",
            returnByValue=True,
        )
        visit.links = json.loads(found["result"]["value"])
        return visit

    def evaluate(self, expression: str) -> object:
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def screenshot(
        self, path: Path, *, width: int = 1280, height: int = 2200, mobile: bool = False, at: str = ""
    ) -> None:
        """A PNG of the page, ``height`` pixels from its top (or from the element ``at`` selects)."""
        self.call("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=mobile)
        top = self.evaluate(f"document.querySelector({json.dumps(at)}).getBoundingClientRect().top") if at else 0
        end = "Math.ceil(document.body.lastElementChild.getBoundingClientRect().bottom + window.scrollY)"
        total = int(self.evaluate(end) or height) + 8  # type: ignore[arg-type]
        y = max(0, min(float(top or 0) - 16, total - height))  # type: ignore[arg-type]
        clip = {"x": 0, "y": y, "width": width, "height": min(height, total), "scale": 1}
        shot = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        self.call("Emulation.clearDeviceMetricsOverride")

    def close(self) -> None:
        self.ws.close()


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium with a fresh profile, nothing of its own fetched from the network."""
    assert Path(CHROMIUM).is_file(), "chromium is not installed (.ci/debian-packages installs Debian's chromium)"
    profile = Path(tempfile.mkdtemp(prefix="kg-chromium-"))
    log = profile / "chromium.log"
    proc = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )
    try:
        active = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not (active.is_file() and len(active.read_text().splitlines()) >= 2):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"chromium did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.1)
        port = int(active.read_text().splitlines()[0])
        with _NO_PROXY.open(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
            pages = [t for t in json.load(response) if t.get("type") == "page"]
        browser = Browser(pages[0]["webSocketDebuggerUrl"])
        try:
            yield browser
        finally:
            browser.close()
    finally:
        _stop(proc)
        shutil.rmtree(profile, ignore_errors=True)
