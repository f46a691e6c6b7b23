"""`oscb-graph site`: the graph as a folder of web pages that opens by double-click, with no network.

The pages come from one run of each canned query in site.answers (sliced per page by
site.pages) and from Jinja2 templates in the package's templates/site/. Beside every table is
its CSV, beside every page the SPARQL that made it. Search runs in the page (MiniSearch, shipped
in the folder) over an index written as a script, since a page opened from file:// cannot fetch
JSON. The folder is built beside the target and swapped in whole (no file is synced on its
own: the rename makes the whole site appear at once). A build uses two cores: the queries are
shared out between this process and a forked child, and so, once the data is read, are the pages.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shlex
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..errors import DataError

ASSETS = Path(__file__).resolve().parent / "assets"
MARKER = ".oscb-graph-site"  # in every folder this command writes: only such a folder is replaced


@dataclass
class Built:
    """What a build wrote: the folder, how many pages and files, and the largest page."""

    folder: Path
    pages: int
    files: int
    largest: tuple[str, int]


def build_site(out: str | Path, data: list[str | Path] | None = None, source: str | None = None,
               endpoint: str | None = None) -> Built:
    """Write the site for the bundled report and `data` (or only `source`) into the folder `out`.

    With `endpoint`, the graph is the reports on that SPARQL endpoint; the texts shown beside them
    are still read from the report folders (the bundled one and `data`), as an endpoint holds none.
    """
    from ..store import open_store
    from .answers import RouteProjections, run_all
    from .pages import Site

    folders: list[str | Path] = list(data or [])
    store = open_store(folders, source=source, endpoint=endpoint)
    today = dt.date.today().isoformat()
    projections = RouteProjections(store)
    answers = run_all(store, {"overdue": {"asOf": today}}, alongside=projections.read_ahead)
    texts = report_texts(folders, {r["report"]: r["text_file"] for r in answers["reports"].records})
    site = Site(answers, texts, source, projections, today)
    gc.freeze()  # millions of rows, read once: the collector need not walk them again, nor touch the forked renderer's copy
    try:
        return replace_folder(Path(out), lambda folder: write_site(folder, site, [str(f) for f in folders], source, endpoint))
    finally:
        gc.unfreeze()


def report_texts(data: list[str | Path], files: dict[str, str]) -> dict[str, str]:
    """Each report's text, by folder name, read from the file its oscb:sourceText names (skipped where missing)."""
    from ..sources import report_folders

    texts = {}
    for folder in report_folders(data):
        name = files.get(folder.name)
        if name:
            try:
                texts[folder.name] = folder.text(name)
            except OSError:
                continue
    return texts


Written = tuple[int, int, tuple[str, int]]  # pages, files, (largest page, its bytes)


def replace_folder(out: Path, write: Callable[[Path], Written]) -> Built:
    """Build into a new folder beside `out`, then put it in place of `out` whole.

    A folder that exists, holds files and was not written by this command is refused, so that
    nothing a user had is lost; on any failure the old site stays as it was.
    """
    out = out.absolute()
    if out.exists() and not out.is_dir():
        raise DataError(f"{out} is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise DataError(f"{out} holds files that oscb-graph did not write; give an empty or new folder for the site")
    out.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".building"))
    try:
        os.chmod(fresh, 0o777 & ~_umask())
        built = write(fresh)
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
            os.replace(out, old / "site")
            os.replace(fresh, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(fresh, out)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    pages, files, largest = built
    return Built(out, pages, files, largest)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def data_arguments(data: list[str]) -> list[str]:
    """The --data folders to show in a command: their common folder when it holds exactly them (a collection)."""
    from ..sources import report_dirs

    if len(data) > 1:
        common = Path(os.path.commonpath([str(Path(d).absolute()) for d in data]))
        if sorted(str(p.absolute()) for p in report_dirs(common)) == sorted(str(Path(d).absolute()) for d in data):
            return [str(common)]
    return data


def write_site(folder: Path, site, data: list[str], source: str | None, endpoint: str | None = None) -> Written:
    """Every page, CSV, query file and asset of `site` into `folder`; (pages, files, (largest page, bytes)).

    Each query's command reads what the site was built from: the --data folders, or the --endpoint.
    The pages are shared out between this process and a forked child (a machine's second core),
    each page maker wholly to one of them, so that no file is written by both.
    """
    import jinja2

    from .. import __version__
    from ..store.endpoint_url import shown
    from ..store.timelimit import in_two_processes

    env = jinja2.Environment(loader=jinja2.PackageLoader("oscb_graph", "templates/site"), autoescape=True,
                             trim_blocks=False, lstrip_blocks=False, auto_reload=False)  # no stat per page
    for name in env.list_templates():
        env.get_template(name)  # compiled once, before the fork, for both processes
    names = sorted(site.reports)
    built = {"version": __version__, "date": dt.date.today().isoformat(), "source": source,
             "name": "oscb-graph: who owns what",
             "reports": f"{len(names)} report{'s' if len(names) != 1 else ''}" + (f" ({', '.join(names)})" if len(names) <= 3 else "")}
    options = "".join(f" --data {shlex.quote(d)}" for d in data_arguments(data)) if not endpoint else \
        f" --endpoint {shlex.quote(shown(endpoint))}"
    makers = site.page_makers()
    render = partial(render_pages, folder, env, built, options, source)
    shares = in_two_processes(lambda: render(makers[1::2]) + (write_assets(folder, site),), lambda: render(makers[0::2]))
    pages = sum(share[0] for share in shares)
    files = len(set().union(*(share[1] for share in shares))) + shares[0][3]
    largest = max((share[2] for share in shares), key=lambda big: big[1])
    (folder / MARKER).write_text(f"oscb-graph {__version__}\n", encoding="utf-8")
    return pages, files + 1, largest


def write_assets(folder: Path, site) -> int:
    """The scripts, styles and search index every page uses, into `folder`/assets; how many files."""
    from ..render import vis_assets

    assets = folder / "assets"
    assets.mkdir()
    for name in ("site.css", "text.js", "search.js", "picture.js", "minisearch-LICENSE.txt"):
        shutil.copyfile(ASSETS / name, assets / name)
    vis_js, vis_css = vis_assets()  # the copy of vis-network inside pyvis, for the routes' pictures
    minisearch = (ASSETS / "minisearch.js").read_text(encoding="utf-8")
    index = json.dumps(site.search_documents(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    written = {"vis-network.min.js": vis_js, "vis-network.css": vis_css,
               "minisearch.js": "\n".join(line for line in minisearch.splitlines() if not line.startswith("//# sourceMappingURL")),
               "search-index.js": f"window.OSCB_SEARCH = {index};\n"}
    for name, text in written.items():
        (assets / name).write_text(text, encoding="utf-8")
    return 5 + len(written)


def render_pages(folder: Path, env, built: dict, options: str, source: str | None,
                 makers: list[Callable[[], Iterable]]) -> tuple[int, set[str], tuple[str, int]]:
    """The pages `makers` make, with their CSVs and queries, into `folder`: (pages, files written, largest page)."""
    from ..output import csv_text

    written: set[str] = set()
    pages = 0
    largest = ("", 0)

    def put(path: Path, text: str) -> None:
        if str(path) not in written:
            path.write_text(text, encoding="utf-8")
            written.add(str(path))

    made = set()
    for make in makers:
        for page in make():
            target = folder / page.path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            stem = target.stem if not page.context.get("nav") else "index"
            for table in page.tables:
                if not table.rows:
                    continue  # the page says the reports say nothing here; an empty CSV would say no more
                table.csv = f"{stem}.{table.key}.csv"
                if table.answer is not None:
                    text = csv_text(table.answer.vars, [r.terms for r in table.records])
                    table.csv_rows = len(table.records)
                else:
                    text = csv_text(table.headings, [tuple(c.text for c in row) for row in table.rows])
                    table.csv_rows = len(table.rows)
                put(target.parent / table.csv, text)
            queries = []
            for q in page.queries:
                file = f"{stem}.{q.name}.rq"
                narrow = q.source or source
                command = f"oscb-graph query -f {file}{options}{f' --source {shlex.quote(narrow)}' if narrow else ''} --csv"
                header = (f"# {q.title}: the query behind {page.path} of an oscb-graph site.\n"
                          f"# Run it here with: {command}\n")
                put(target.parent / file, header + q.sparql)
                queries.append({"name": q.name, "title": q.title, "file": file, "command": command, "sparql": q.sparql})
            for name, text in page.files.items():
                put(target.parent / name, text)
            html = env.get_template(page.template).render(page=page, root=page.root, tables=page.tables, queries=queries, built=built)
            put(target, html)
            pages += 1
            size = len(html.encode("utf-8"))
            if size > largest[1]:
                largest = (page.path, size)
    return pages, written, largest
