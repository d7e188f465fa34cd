"""The stored-query pages link to the endpoint of the `kg serve` that serves them, on whatever port
(issue 14), while the files keep the default port's link for a site opened from the disk."""

from __future__ import annotations

import html
import json
import re
import urllib.request
from pathlib import Path

from kg.site.catalogue import ENDPOINT
from kg.store.negotiate import PAGES_ENDPOINT
from tests.serving import start, stop
from tests.stores import free_port

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_the_pages_and_kg_serve_agree_on_the_default_endpoint():
    assert PAGES_ENDPOINT == ENDPOINT


def test_a_query_pages_link_runs_the_query_at_the_port_it_is_served_on(built: Path, tmp_path: Path):
    page = built / "site" / "query" / "dataset-statistics.html"
    on_disk = page.read_text()
    assert f'href="{ENDPOINT}?query=' in on_disk
    port = free_port()
    running = start(built, port, tmp_path / "tmp")
    try:
        with _NO_PROXY.open(f"{running.url}/query/dataset-statistics.html", timeout=20) as response:
            served = response.read().decode()
        assert ":7878/" not in served
        (link,) = re.findall(r'href="(http://127\.0\.0\.1:\d+/query\?query=[^"]+)"', served)
        assert link.startswith(f"http://127.0.0.1:{port}/query?")
        request = urllib.request.Request(html.unescape(link), headers={"Accept": "application/sparql-results+json"})
        with _NO_PROXY.open(request, timeout=20) as response:
            assert json.load(response)["results"]["bindings"]
    finally:
        stop(running)
    assert page.read_text() == on_disk  # the file itself is not changed
