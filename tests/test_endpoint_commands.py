"""validate, site and export over --endpoint give what they give on the local store.

The server is real: Oxigraph's server, started here read-only on the compiled store of Child J
and two generated reports (what `oscb-graph serve` runs), on a loopback port. One generated
report breaks a shape (an action's status that the ontology does not have), so that validate has
something to find on both sides. The commands run as a user runs them, in a subprocess.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import run_cli
from sparql_servers import free_port, oxigraph_server

from oscb_graph.store import open_store


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> str:
    """Two generated report folders; the second gives one action a status no shape allows."""
    from test_scale import generate

    out = tmp_path_factory.mktemp("endpoint-commands") / "reports"
    generate(out, 2)
    actions = out / "gen-0002" / "actions.ttl"
    text, changed = re.subn(r"oscb:status oscb:\w+", "oscb:status oscb:Abandoned", actions.read_text(encoding="utf-8"), count=1)
    assert changed == 1
    actions.write_text(text, encoding="utf-8")
    return str(out)


@pytest.fixture(scope="module")
def served(reports):
    """Oxigraph's server read-only on the compiled store of Child J and `reports`; yields its query URL."""
    with oxigraph_server(open_store([reports]).path, free_port()) as url:
        yield url


def listed_in_order(line: str) -> str:
    """A line of validate's with each [list] sorted: pyshacl lists an sh:in's values in the order of a Python set."""
    return re.sub(r"\[([^]]*)\]", lambda m: "[" + ", ".join(sorted(m.group(1).split(", "))) + "]", line)


def test_validate_over_the_endpoint_finds_the_same_shape_problems(reports, served):
    here = run_cli("validate", "--data", reports)
    there = run_cli("validate", "--endpoint", served)
    assert (here.returncode, there.returncode) == (1, 1), there.stderr
    *here_lines, here_summary = map(listed_in_order, here.stdout.splitlines())
    *there_lines, there_summary = map(listed_in_order, there.stdout.splitlines())
    assert there_lines == here_lines  # notes, then each report's problems, as they read here
    assert any("gen-0002: 1 problem" == line for line in there_lines)
    nodes = re.search(r"; (\d+) nodes", here_summary).group(1)
    assert here_summary.startswith("FAILED: 1 problem (1 shape) in 1 report; ") and " quotes checked." in here_summary
    assert there_summary == f"FAILED: 1 problem (1 shape) in 1 report; {nodes} nodes checked; " \
                           "quotes not checked (an endpoint holds no report texts)."


def test_validate_over_the_endpoint_narrows_to_one_report(served):
    fine = run_cli("validate", "--endpoint", served, "--source", "gen-0001")
    assert fine.returncode == 0, fine.stderr
    assert fine.stdout.splitlines()[-1].endswith("nodes conform to the shapes; quotes not checked (an endpoint holds no report texts).")
    unknown = run_cli("validate", "--endpoint", served, "--source", "nope")
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1 and "gen-0001" in unknown.stderr


def test_validate_coverage_cannot_run_over_an_endpoint_and_says_so(served):
    done = run_cli("validate", "--coverage", "--endpoint", served)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--coverage needs the text file of each report" in done.stderr
    assert "Traceback" not in done.stderr


def test_validate_gaps_over_the_endpoint_is_the_same_table(reports, served):
    here = run_cli("validate", "--gaps", "--data", reports)
    there = run_cli("validate", "--gaps", "--endpoint", served)
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout and "agent" in here.stdout


def files_of(folder: Path) -> dict[str, str]:
    """Every file of a site, the commands it shows reading `--data ...` or `--endpoint ...` alike."""
    return {str(p.relative_to(folder)): re.sub(r" --(data|endpoint) \S+", " --READS", p.read_text(encoding="utf-8", errors="replace"))
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_over_the_endpoint_is_the_local_site(reports, served, tmp_path):
    here = run_cli("site", "-o", str(tmp_path / "here"), "--data", reports)
    there = run_cli("site", "-o", str(tmp_path / "there"), "--endpoint", served, "--data", reports)  # --data: the texts
    assert here.returncode == 0 and there.returncode == 0, there.stderr
    here_files, there_files = files_of(tmp_path / "here"), files_of(tmp_path / "there")
    assert len(here_files) > 100 and there_files == here_files
    query = next(p for p in (tmp_path / "there").glob("*.rq"))
    assert f"--endpoint {served} --csv" in query.read_text(encoding="utf-8")  # its command reads the endpoint again


def test_site_over_the_endpoint_alone_has_every_report_and_the_texts_it_can_read(served, tmp_path):
    done = run_cli("site", "-o", str(tmp_path / "site"), "--endpoint", served)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert all((site / "reports" / f"{report}.html").is_file() for report in ("child-j", "gen-0001", "gen-0002"))
    # an endpoint holds no texts: the bundled report's is read from the package, the others' are not to be had
    assert sorted(p.name for p in (site / "text").glob("*.html")) == ["child-j.html"]


@pytest.mark.parametrize("suffix", ["csv", "trig", "nt"])
def test_export_over_the_endpoint_writes_what_the_store_writes(reports, served, tmp_path, suffix):
    for where, reading in (("here", ("--data", reports)), ("there", ("--endpoint", served))):
        done = run_cli("export", "-o", str(tmp_path / f"{where}.{suffix}"), *reading)
        assert done.returncode == 0, done.stderr
    here, there = (tmp_path / f"here.{suffix}").read_bytes(), (tmp_path / f"there.{suffix}").read_bytes()
    if suffix == "csv":
        assert there == here and here.count(b"\n") > 10
        return
    assert same_dataset(here, there, suffix)


def same_dataset(here: bytes, there: bytes, suffix: str) -> bool:
    """Whether two RDF files hold the same quads, blank nodes matched by structure (their labels differ)."""
    import pyoxigraph as ox

    canonical = []
    for data in (here, there):
        dataset = ox.Dataset(ox.parse(data, format={"trig": ox.RdfFormat.TRIG, "nt": ox.RdfFormat.N_TRIPLES}[suffix]))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        canonical.append({str(quad) for quad in dataset})
    assert len(canonical[0]) > 1000
    return canonical[0] == canonical[1]


# The commands that read no graph, and so take no --endpoint: they compile or write local files
# (build, import, template, new), list the canned queries' files (queries), or group others (network).
READ_NO_GRAPH = {"build", "queries", "network", "import", "template", "new"}


def test_every_command_that_reads_the_graph_takes_endpoint():
    from click.testing import CliRunner

    from oscb_graph.cli import main
    from oscb_graph.command_line import COMMANDS

    without = {name for name in COMMANDS if "--endpoint" not in CliRunner().invoke(main, [*name.split(), "--help"]).output}
    assert without == READ_NO_GRAPH
