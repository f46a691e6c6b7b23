"""The site in a real headless Chromium with the network cut: links, requests, errors, search, axe-core, quotes.

The site is built from the bundled report with the real command. Every page is opened from
file://: no request may leave the folder, none may fail, and no console error may appear.
Every link and anchor must resolve. axe-core (tests/browser, installed by npm from its lock
file) checks one page of each kind against WCAG 2.2 A and AA. Screenshots of the home, a
recommendation, a body, a route and the report's text go to test-artifacts/ for a person to
look at.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from test_pictures_browser import ARTIFACTS, chromium_context

from oscb_graph.cli import main

AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# One page of each kind, and the pages the issue names.
KINDS = ["index.html", "search.html?q=MASH", "reports/index.html", "reports/child-j.html", "recommendations/child-j--rec-4.html",
         "bodies/index.html", "bodies/agency--thames-valley-police.html", "routes/index.html",
         "routes/child-j--route-marac-referral-from-another-agency.html", "glossary/child-j.html",
         "text/child-j.html", "about/ontology.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(main, ["site", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci --prefix tests/browser (scripts/test.sh does)", pytrace=False)
    yield from chromium_context(tmp_path_factory.mktemp("chromium-site-profile"), {"width": 1280, "height": 900})


class Visit:
    """A page opened from the site's folder, with what it asked for and what went wrong."""

    def __init__(self, context, site: Path, path: str, width: int = 1280):
        self.outside: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.set_viewport_size({"width": width, "height": 900})
        self.page.route("**/*", lambda route: self._only_the_folder(route, site))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto((site / path.split("?")[0]).as_uri() + ("?" + path.split("?", 1)[1] if "?" in path else ""))
        self.page.wait_for_load_state("load")

    def _only_the_folder(self, route, site: Path) -> None:
        url = route.request.url
        if url.startswith("file:") and Path(unquote(urlsplit(url).path)).resolve().is_relative_to(site.resolve()):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def check(self) -> None:
        assert self.outside == [], f"the page asked for something outside its folder: {self.outside}"
        assert self.failed == [], f"requests failed: {self.failed}"
        assert self.errors == [], f"console errors: {self.errors}"

    def axe(self) -> list[str]:
        self.page.add_script_tag(path=str(AXE))
        found = self.page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, preload: false})", WCAG)
        return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})" for v in found["violations"]]

    def screenshot(self, name: str, full: bool = False) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"site-{name}.png"
        self.page.screenshot(path=str(path), full_page=full)
        return path


class Links(HTMLParser):
    """Every href and src of a page, and every id it defines."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)
            if name == "id" and value:
                self.ids.add(value)


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_and_anchor_resolves(site):
    pages = sorted(site.rglob("*.html"))
    ids = {p: parsed(p).ids for p in pages}
    broken = []
    for page in pages:
        for target in parsed(page).targets:
            parts = urlsplit(target)
            if parts.scheme or target.startswith("//"):
                broken.append(f"{page.relative_to(site)}: leaves the folder: {target}")
                continue
            file = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not file.is_file() or not file.is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: no file {target}")
            elif parts.fragment and file.suffix == ".html" and parts.fragment not in ids[file]:
                broken.append(f"{page.relative_to(site)}: no #{parts.fragment} in {target}")
    assert len(pages) > 100
    assert broken == [], broken[:10]


def test_pages_load_with_nothing_from_outside_no_failed_request_and_no_console_error(site, browser):
    for page in sorted(site.rglob("*.html")):
        visit = Visit(browser, site, str(page.relative_to(site)))
        visit.check()
        visit.page.close()


@pytest.mark.parametrize("path", KINDS)
def test_axe_core_finds_no_wcag_violation(site, browser, path):
    visit = Visit(browser, site, path)
    if path.startswith("search"):
        visit.page.wait_for_selector("#search-results li")
    if path.startswith("routes/child-j"):
        visit.page.wait_for_selector("body[data-picture-ready='true']")
    assert visit.axe() == []
    visit.check()


def test_search_finds_mash_and_the_recommendation_that_mentions_the_ipcc(site, browser):
    visit = Visit(browser, site, "index.html")
    visit.page.fill("#site-search", "MASH")
    visit.page.click("header form button")
    visit.page.wait_for_selector("#search-results li")
    results = visit.page.locator("#search-results li").all_inner_texts()
    assert any(r.startswith("Body: Multi-Agency Safeguarding Hub") for r in results), results[:5]
    visit.page.fill("#q", "IPCC")
    visit.page.wait_for_function("document.getElementById('search-status').textContent.includes('IPCC')")
    links = visit.page.eval_on_selector_all("#search-results li", "items => items.map(li => [li.innerText, li.querySelector('a').href])")
    recs = [href for text, href in links if text.startswith("Recommendation:")]
    assert recs and recs[0].endswith("recommendations/child-j--rec-7.html"), links
    visit.screenshot("search")
    visit.check()


def test_a_quote_link_lands_on_its_highlighted_passage(site, browser):
    visit = Visit(browser, site, "recommendations/child-j--rec-7.html")
    quote = visit.page.locator("td blockquote.quote a").first
    words = quote.inner_text()
    quote.click()
    visit.page.wait_for_selector("body[data-highlighted='true']")
    assert re.search(r"/text/child-j\.html#q-\d+-\d+$", visit.page.url)
    marked = "".join(visit.page.locator("mark.here").all_inner_texts())
    assert " ".join(marked.split()) == " ".join(words.split())
    assert visit.page.locator("mark.here").first.is_visible()
    box = visit.page.locator("mark.here").first.bounding_box()
    assert box and 0 <= box["y"] < 900, "the passage is not in view"
    visit.screenshot("text")
    visit.check()


def test_a_route_page_draws_its_picture(site, browser):
    visit = Visit(browser, site, "routes/child-j--route-marac-referral-from-another-agency.html")
    visit.page.wait_for_selector("body[data-picture-ready='true']")
    drawn = visit.page.evaluate("window.OSCB_PICTURE.nodes.length")
    steps = visit.page.locator("#steps tbody tr").count()
    assert drawn >= steps + 2, "the picture should draw each step and the bodies on both sides"
    visit.screenshot("route")
    visit.check()


def test_screenshots_of_home_recommendation_body_and_phone(site, browser):
    for path, name in [("index.html", "home"), ("recommendations/child-j--rec-4.html", "recommendation"),
                       ("bodies/agency--thames-valley-police.html", "body")]:
        visit = Visit(browser, site, path)
        visit.screenshot(name, full=True)
        visit.check()
        visit.page.close()
    phone = Visit(browser, site, "recommendations/child-j--rec-4.html", width=390)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390, "the page is wider than a phone"
    phone.screenshot("recommendation-phone")
    phone.check()


def test_a_recommendation_prints_as_a_board_paper(site, browser):
    visit = Visit(browser, site, "recommendations/child-j--rec-4.html")
    visit.page.emulate_media(media="print")
    hidden = visit.page.evaluate("""() => ['header.site', 'section.made', 'p.source']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none"]
    assert visit.page.locator("h1").inner_text() == "Recommendation 4"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = visit.page.pdf(path=str(ARTIFACTS / "site-recommendation-print.pdf"), format="A4")
    assert pdf[:4] == b"%PDF"
    visit.check()
