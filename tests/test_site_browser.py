"""The seed's site in a real browser (headless Chromium over the DevTools protocol), served by `kg serve`:
every page loads without console errors and without a request leaving 127.0.0.1, a crawl from the
home page reaches every page, every internal link resolves, and screenshots are written for people
to look at (``KG_SCREENSHOTS=folder`` keeps them; ``docs/screenshots/`` holds copies)."""

from __future__ import annotations

import os
import urllib.parse
from collections import deque
from pathlib import Path

import pytest

from tests.web import Browser, chromium, get, kg_serve

SCREENSHOTS = {
    "home.png": "index.html",
    "network.png": "organisation/european-network-of-science-centres-and-museums.html",
    "project.png": "project/make-it-open_2020_2023.html",
    "organisation.png": "organisation/bucharest-science-festival.html",
}


@pytest.fixture(scope="module")
def served(built: Path):
    with kg_serve(built) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def crawl(served: str, browser: Browser, built: Path) -> dict:
    """Every HTML page reachable from the home page, visited in the browser; other links fetched."""
    start = f"{served}/index.html"
    queue, seen, visits, others = deque([start]), {start}, {}, {}
    while queue:
        url = queue.popleft()
        visit = browser.visit(url)
        visits[url] = visit
        for link in visit.links:
            target = urllib.parse.urldefrag(link)[0]
            if not target.startswith(served + "/") or target in seen:
                continue
            seen.add(target)
            if target.endswith(".html") or target.endswith("/"):
                queue.append(target)
            else:
                others[target] = get(target, follow=True).status
    return {"visits": visits, "others": others}


def test_every_page_of_the_site_is_reached_from_the_home_page(crawl, served, built):
    site = built / "site"
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    reached = {url.removeprefix(served + "/") for url in crawl["visits"]}
    reached = {r + "index.html" if r.endswith("/") or r == "" else r for r in reached}
    assert pages - reached == set()
    entity_pages = {p for p in pages if p.count("/") == 1 and not p.startswith(("class/", "query/"))}
    assert len(entity_pages) > 100


def test_every_page_loads_without_console_errors(crawl):
    for url, visit in crawl["visits"].items():
        assert visit.status == 200, url
        assert visit.errors == [], url


def test_no_page_makes_a_request_that_leaves_127_0_0_1(crawl):
    for url, visit in crawl["visits"].items():
        assert visit.requests, url  # the page itself at least
        for request in visit.requests:
            host = urllib.parse.urlsplit(request).hostname
            assert host == "127.0.0.1", (url, request)


def test_every_internal_link_resolves(crawl):
    assert crawl["others"], "the pages link to data and downloads too"
    broken = {url: status for url, status in crawl["others"].items() if status != 200}
    assert broken == {}


def test_pictures_on_the_network_page_are_drawn_and_described(served, browser):
    browser.visit(f"{served}/{SCREENSHOTS['network.png']}")
    images = browser.evaluate(
        "Array.from(document.images, i => [i.getAttribute('src'), i.alt, i.complete && i.naturalWidth > 0])"
    )
    assert isinstance(images, list)
    assert len(images) == 2
    for src, alt, loaded in images:
        assert src.endswith(".svg")
        assert loaded, src
        assert len(alt) > 40, src


def test_pages_are_readable_on_a_phone(served, browser):
    browser.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
    try:
        for page in SCREENSHOTS.values():
            browser.visit(f"{served}/{page}")
            overflow = browser.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow is not None and overflow <= 1, page  # nothing wider than the screen
    finally:
        browser.call("Emulation.clearDeviceMetricsOverride")


def test_the_site_works_from_the_file_system_too(browser, built):
    home = (built / "site" / "index.html").resolve().as_uri()
    visit = browser.visit(home)
    assert visit.errors == []
    assert all(r.startswith("file://") for r in visit.requests)
    stylesheet = browser.evaluate("getComputedStyle(document.querySelector('header.site')).borderBottomStyle")
    assert stylesheet == "solid"  # the local style sheet was applied
    project = next(link for link in visit.links if "/class/" in link)
    assert browser.visit(project).errors == []


def test_screenshots_of_the_home_network_project_and_organisation_pages(served, browser, tmp_path_factory):
    folder = Path(os.environ.get("KG_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    for name, page in SCREENSHOTS.items():
        browser.visit(f"{served}/{page}")
        browser.screenshot(folder / name)
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (folder / name).stat().st_size > 20_000, name  # a page, not a blank
    browser.visit(f"{served}/{SCREENSHOTS['network.png']}")
    browser.screenshot(folder / "network-pictures.png", height=1900, at="#timeline")
    browser.visit(f"{served}/{SCREENSHOTS['project.png']}")
    browser.screenshot(folder / "project-phone.png", width=390, height=1400, mobile=True)
