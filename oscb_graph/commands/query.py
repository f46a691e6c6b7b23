"""`oscb-graph query`: run your own read-only SPARQL over the graph."""
from __future__ import annotations

import sys

import click

from ..output import emit, output_options
from .errors import OneLineCommand, handle_errors
from .reports import data_options

DEFAULT_TIMEOUT = 10.0  # seconds; the same as oscb_graph.engine.DEFAULT_TIMEOUT, kept here so --help imports no engine


@click.command("query", cls=OneLineCommand, epilog="""\b
Example:
  oscb-graph query 'SELECT ?rec ?n WHERE { ?rec oscb:number ?n } ORDER BY ?n' --csv""")
@handle_errors
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"),
              help="Read the query from this file ('-' for stdin).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT, show_default=True,
              help="Stop the query after this many seconds.")
@data_options
@output_options
def query_cmd(sparql: str | None, query_file, timeout: float, data: tuple[str, ...], source: str | None,
              output_format: str | None) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE) given as SPARQL, -f FILE, or - for stdin.

    The prefixes rdf rdfs owl xsd skos org prov oa schema dcterms foaf oscb agency unit post
    forum group place thing cj are declared for you. Queries are read-only and never reach the
    network: SPARQL Update, SERVICE, FROM, FROM NAMED and LOAD are refused. Exit codes: 0 ok,
    1 data problem or time limit, 2 bad query or usage.
    """
    text = read_query(sparql, query_file)
    from ..engine import open_store

    emit(open_store(list(data), source=source).query(text, timeout=timeout), output_format)


def read_query(sparql: str | None, query_file) -> str:
    """The query text from the argument, the file, or stdin ('-'); exactly one of them."""
    if sparql is not None and query_file is not None:
        raise click.UsageError("give the query either as an argument or with -f, not both")
    if query_file is not None:
        text = query_file.read()
    elif sparql == "-":
        text = sys.stdin.read()
    elif sparql is not None:
        text = sparql
    else:
        raise click.UsageError("no query: give it as an argument, with -f FILE, or '-' to read stdin")
    if not text.strip():
        raise click.UsageError("the query is empty")
    return text
