"""The notebooks run clean top to bottom, are committed without outputs, and draw their pictures inline.

Each notebook runs in a real Jupyter kernel of this interpreter (nbclient, kernel "python3": the
ipykernel of the venv the tests run in), in a temporary folder so that the files it exports
land there. A cell that raises fails the test with the cell and its traceback.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbclient  # the notebooks extra, which the test extra includes
import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01-who-owns-what.ipynb", "02-referral-pathways.ipynb", "03-sparql-and-networks.ipynb"]
CELL_TIMEOUT = 180  # seconds; validation in notebook 3 is the slowest cell
# What each notebook writes into its exports/ folder, as its Markdown promises the reader.
EXPORTS = {
    "01-who-owns-what.ipynb": {"ownership-matrix.csv"},
    "02-referral-pathways.ipynb": {"marac-and-idva.html", "marac-and-idva.mmd", "marac-and-idva.dot"},
    "03-sparql-and-networks.ipynb": {"child-j.trig", "flows.graphml", "collaboration.gexf", "ownership-matrix.csv"},
}
# Pictures each notebook draws inline: 02 draws one per route and the flows picture.
MIN_PICTURES = {"01-who-owns-what.ipynb": 1, "02-referral-pathways.ipynb": 6, "03-sparql-and-networks.ipynb": 1}


def read(name: str):
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def test_the_folder_holds_exactly_the_three_notebooks():
    assert sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs_or_execution_counts(name):
    nb = read(name)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{name} has no code cells"
    for cell in code:
        assert cell.outputs == [], f"{name}: a cell is committed with outputs: {cell.source[:60]!r}"
        assert cell.execution_count is None, f"{name}: a cell is committed with an execution count: {cell.source[:60]!r}"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_alternates_narrative_and_code(name):
    """It opens with a Markdown introduction, and no two code cells follow each other without words between them
    more than twice: the narrative is between the code, not only around it."""
    cells = read(name).cells
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    runs = sum(1 for a, b in zip(cells, cells[1:]) if a.cell_type == b.cell_type == "code")
    assert runs <= 2, f"{name}: {runs} places where code follows code without narrative"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each notebook run once, in a folder of its own; the run notebook and its folder."""
    done = {}

    def run(name: str):
        if name not in done:
            folder = tmp_path_factory.mktemp(name.removesuffix(".ipynb"))
            nb = read(name)
            client = nbclient.NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                                             resources={"metadata": {"path": str(folder)}})
            client.execute()
            done[name] = (nb, folder)
        return done[name]

    return run


def html_outputs(nb) -> list[str]:
    return [out["data"]["text/html"] for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
            if "data" in out and "text/html" in out["data"]]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_top_to_bottom_without_an_error(executed, name):
    nb, _ = executed(name)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None
            assert not [o for o in cell.outputs if o.output_type == "error"]
            assert not [o for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"], \
                f"{name}: a cell wrote to stderr: {cell.source[:60]!r}"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_writes_its_exports(executed, name):
    _, folder = executed(name)
    written = {p.name for p in (folder / "exports").iterdir()}
    assert written == EXPORTS[name]
    assert all((folder / "exports" / f).stat().st_size > 0 for f in written)


@pytest.mark.parametrize("name", NAMES)
def test_pictures_render_inline_as_self_contained_pages(executed, name):
    """Each picture is an iframe whose srcdoc is the whole page: vis-network inlined, nothing fetched."""
    nb, _ = executed(name)
    frames = [out for out in html_outputs(nb) if out.startswith("<iframe srcdoc=")]
    assert len(frames) >= MIN_PICTURES[name]
    for frame in frames:
        page = html.unescape(re.search(r'srcdoc="([^"]*)"', frame).group(1))
        assert "new vis.Network(" in page or "vis.Network" in page
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page fetches from the network"


@pytest.mark.parametrize("name", NAMES)
def test_answer_tables_show_their_quotes(executed, name):
    """Every HTML table with a quote column shows quotes, set off as quotations."""
    nb, _ = executed(name)
    tables = [out for out in html_outputs(nb) if out.startswith('<table class="oscb-table">')]
    assert tables, f"{name} shows no tables"
    quoted = [t for t in tables if "<th " in t and ">quote</th>" in t]
    assert quoted, f"{name} shows no table with its quotes"
    for table in quoted:
        assert "font-style:italic" in table and "“" in table
