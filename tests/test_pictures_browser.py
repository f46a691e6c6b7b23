"""Open every picture in a real headless Chromium with the network cut off.

Each page must load with no failed or outside requests and no console errors, show its progress
while the layout settles, settle (physics off), draw exactly the nodes and edges the library
computed, keep its whole legend on screen, and (for the views a trainer projects) show names at
least READABLE_PX high at the zoom that fits the picture to a 1600x1000 window. A screenshot of
each view goes to test-artifacts/ for a person to look at. Chromium is Debian's (scripts/install-browser.sh),
driven by Playwright through executable_path; Playwright never downloads a browser here. A
missing Chromium fails these tests with the command that installs it: CI installs it.
"""
from __future__ import annotations

import html
import time
from collections import Counter
from pathlib import Path

import pytest

from oscb_graph import pictures, render
from oscb_graph.projections import Projections
from oscb_graph.store import open_store

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


READABLE_PX = 12  # the smallest name on screen, node or edge, in the views a trainer projects
TRAINER_VIEWS = ("ownership", "flows", "agency-1-hop", "pathway")


@pytest.fixture(scope="module")
def graph():
    return Projections(open_store())


def chromium_context(profile: Path, viewport: dict[str, int]):
    """Debian's Chromium through Playwright, offline, with a fresh profile: yields its context (a fixture's body)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser.sh as root (CI does)", pytrace=False)
    try:
        from playwright import sync_api
    except ImportError:
        pytest.fail("playwright is missing: pip install -e '.[test]'", pytrace=False)
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS, viewport=viewport, offline=True,
        )
        yield context
        context.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    yield from chromium_context(tmp_path_factory.mktemp("chromium-profile"), {"width": 1600, "height": 1000})


class PageReport:
    """What a page did while it loaded: requests refused or failed, console errors, what it drew."""

    def __init__(self, context, url: str, frame_selector: str | None = None):
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.route("**/*", self._only_files)
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        started = time.perf_counter()
        self.page.goto(url)
        frame = self.page.query_selector(frame_selector).content_frame() if frame_selector else self.page.main_frame
        frame.wait_for_function("window.picture && window.picture.ready === true", timeout=120_000)
        self.seconds = time.perf_counter() - started
        self.drawn = frame.evaluate("""() => ({
            nodes: picture.nodes.length, edges: picture.edges.length,
            bodyNodes: picture.network.body.nodeIndices.length,
            bodyEdges: picture.network.body.edgeIndices.length,
            physics: picture.network.physics.options.enabled,
            legend: document.querySelectorAll('#legend li').length,
            legendOffScreen: Array.from(document.querySelectorAll('#legend li'))
                .filter(li => li.getBoundingClientRect().bottom > window.innerHeight).length,
            progress: picture.progressShown,
            statusShown: !!document.getElementById('status'),
            smallestNodeName: Math.min(...picture.network.body.nodeIndices.map(
                id => picture.network.body.nodes[id].options.font.size)) * picture.network.getScale(),
            smallestEdgeName: Math.min(...picture.network.body.edgeIndices
                .filter(id => picture.network.body.edges[id].options.label)
                .map(id => picture.network.body.edges[id].options.font.size)) * picture.network.getScale(),
            heading: document.querySelector('h1').textContent })""")

    def _only_files(self, route):
        if route.request.url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"viz-{name}.png"
        self.page.screenshot(path=str(path))
        return path

    def check(self, net) -> None:
        assert self.outside == [], f"the page asked for outside resources: {self.outside}"
        assert self.failed == [], f"requests failed: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.drawn["nodes"] == self.drawn["bodyNodes"] == len(net.nodes) > 0
        assert self.drawn["edges"] == self.drawn["bodyEdges"] == len(net.edges)
        assert self.drawn["physics"] is False, "physics still running after the layout settled"
        assert self.drawn["legend"] > 0
        assert self.drawn["legendOffScreen"] == 0, "the legend runs off the screen"
        assert self.drawn["heading"] == net.heading
        assert self.drawn["statusShown"], "the progress sign was removed from the page"
        if net.options["physics"]["enabled"]:
            assert self.drawn["progress"] > 0, "no progress was shown while the layout settled"

    def check_readable(self) -> None:
        assert self.drawn["smallestNodeName"] >= READABLE_PX, self.drawn
        assert self.drawn["smallestEdgeName"] >= READABLE_PX or self.drawn["smallestEdgeName"] == float("inf"), self.drawn


def views(graph) -> dict[str, object]:
    """Every view of the bundled data, with each route's pathway and two agency neighbourhoods."""
    found = {"ownership": pictures.ownership(graph), "flows": pictures.flows(graph), "all": pictures.everything(graph)}
    kinds = graph.things
    ends = Counter(end for link in pictures.all_links(graph) for end in (link.source, link.target)
                   if kinds.get(end) in pictures.ORGANISATION_KINDS)
    hub = ends.most_common(1)[0][0]  # the body with the most edges
    found["agency-1-hop"] = pictures.agency(graph, hub, 1)
    found["agency-2-hops"] = pictures.agency(graph, hub, 2)
    for i, route in enumerate(graph.routes(), 1):
        found[f"pathway-{i}"] = pictures.pathway(graph, route.iri)
    return found


def test_every_view_loads_offline_and_draws_what_the_graph_holds(graph, browser, tmp_path):
    timings = {}
    all_views = views(graph)
    assert any(name.startswith("pathway") for name in all_views), "the data has no oscb:Route to draw"
    for name, net in all_views.items():
        page_file = render.write_html(net, tmp_path / f"{name}.html")
        report = PageReport(browser, page_file.as_uri())
        report.screenshot(name)
        report.check(net)
        if name.startswith(TRAINER_VIEWS):
            report.check_readable()
        timings[name] = round(report.seconds, 2)
        report.page.close()
    print("seconds to settle:", timings)


def test_notebook_display_draws_inside_its_iframe(graph, browser, tmp_path):
    net = pictures.ownership(graph)
    cell = render.display(net)._repr_html_()
    assert html.unescape(cell.split('srcdoc="', 1)[1].split('"', 1)[0]) == render.to_html(net)
    notebook = tmp_path / "notebook.html"
    notebook.write_text(f"<!DOCTYPE html><html><body><h2>Out [1]:</h2>{cell}</body></html>", encoding="utf-8")
    report = PageReport(browser, notebook.as_uri(), frame_selector="iframe")
    report.screenshot("notebook-display")
    report.check(net)
