"""`oscb-graph query`: run your own read-only SPARQL over the graph."""
from __future__ import annotations

import sys

import click

from ..errors import brief
from ..output import emit, output_options
from .declare import command
from .limits import timeout_option
from .reports import data_options


@command("query", epilog="""\b
Example:
  oscb-graph query 'SELECT ?rec ?n WHERE { ?rec oscb:number ?n } ORDER BY ?n' --csv""")
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", type=click.File("rb"),
              help="Read the query from this file ('-' for stdin), in UTF-8.")
@timeout_option
@data_options
@output_options
def query_cmd(sparql: str | None, query_file, timeout: float, data: tuple[str, ...], source: str | None,
              endpoint: str | None, output_format: str | None) -> None:
    """The prefixes rdf rdfs owl xsd skos org prov oa schema dcterms foaf oscb agency unit post
    forum group place thing cj are declared for you. Queries are read-only and never reach the
    network: SPARQL Update, SERVICE, FROM, FROM NAMED and LOAD are refused (with --endpoint,
    before the query is sent). Exit codes: 0 ok, 1 data problem or time limit, 2 bad query or
    usage, 3 the endpoint could not be reached or gave no usable answer.
    """
    text = read_query(sparql, query_file)
    from ..store import open_store

    emit(open_store(list(data), source=source, endpoint=endpoint).query(text, timeout=timeout), output_format)


def read_query(sparql: str | None, query_file) -> str:
    """The query text from the argument, the file, or stdin ('-'); exactly one of them, in UTF-8."""
    if sparql is not None and query_file is not None:
        raise click.UsageError("give the query either as an argument or with -f, not both")
    if query_file is not None:
        text = utf8(query_file.read(), f"the file {brief(getattr(query_file, 'name', '-'))}")
    elif sparql == "-":
        text = utf8(sys.stdin.buffer.read(), "the query on stdin")
    elif sparql is not None:
        text = utf8(sparql.encode("utf-8", "surrogateescape"), "the query")
    else:
        raise click.UsageError("no query: give it as an argument, with -f FILE, or '-' to read stdin")
    if not text.strip():
        raise click.UsageError("the query is empty")
    return text


def utf8(data: bytes, what: str) -> str:
    """`data` decoded, or a usage error saying where it is not UTF-8 (as a Latin-1 or Windows file is not)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise click.UsageError(f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
                               "save it as UTF-8 and try again") from None
