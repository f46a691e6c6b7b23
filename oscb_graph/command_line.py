"""The command line, declared once: each command's name, module, one-line help, and the choices and defaults its options offer.

The top-level `oscb-graph --help` lists COMMANDS from here without importing any command
module (nor rdflib, pyoxigraph or networkx); each click command takes its name and the
first line of its help from here (oscb_graph.commands.declare), and its options take their
choices and defaults from the constants below, as do the library modules that act on them.
Adding a command is one entry in COMMANDS and a module under oscb_graph/commands/ whose
function is decorated with `@command("its-name")`; see the README.
"""
from __future__ import annotations

from typing import NamedTuple

from .store.interface import DEFAULT_TIMEOUT


class Command(NamedTuple):
    """One command: `name` as typed ("network rank" for a subcommand), `target` its "module:attribute"
    under oscb_graph.commands, `help` the one line that --help lists and the command's help opens with."""

    name: str
    target: str
    help: str


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("build", "build:build_cmd",
            "Compile the ontology and every report into the store that queries open (automatic when data changes)."),
    Command("validate", "core:validate_cmd",
            "Check every report against the SHACL shapes and every quote against the report's text."),
    Command("stats", "core:stats_cmd", "Count the nodes of each kind in each source (report)."),
    Command("query", "query:query_cmd",
            "Run your own read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE): text, -f FILE, or - for stdin."),
    Command("queries", "people:queries_cmd", "List the canned queries, with what each answers and the parameters it takes."),
    Command("run", "people:run_cmd", "Run a canned query by name (see `oscb-graph queries`), with --param KEY=VALUE."),
    Command("who-owns", "people:who_owns_cmd", "Who owns each recommendation, whom it asks, and which agencies acted on it."),
    Command("agency", "people:agency_cmd",
            "Everything the report says one body does: its recommendations, actions, seats, units, flows."),
    Command("recommendation", "people:recommendation_cmd",
            "One recommendation in full: text, theme, points, owners, actions and outcomes."),
    Command("flows", "people:flows_cmd",
            "Who passes what information to whom, through which system or meeting, on what trigger."),
    Command("services", "people:services_cmd", "Services open to a young person of a given age (--age N), as the report gives them."),
    Command("timeline", "people:timeline_cmd", "What happened, started or is due when (--after, --before), at the report's precision."),
    Command("glossary", "people:glossary_cmd", "What an acronym stands for and means; --undefined for those the glossary lacks."),
    Command("search", "people:search_cmd", "Find nodes by words in their names, descriptions, texts and the quotes behind them."),
    Command("cite", "people:cite_cmd", "Where does it say that? The report's passages behind a node, with their offsets."),
    Command("viz", "viz:viz_cmd", "Draw ownership, flows, a pathway, an agency or everything as a page that opens offline."),
    Command("network", "network:network_group", "Hubs, routes, gaps and weak points of the network of agencies."),
    Command("network rank", "network:rank_cmd", "Hubs, best first (--by degree or betweenness)."),
    Command("network path", "network:path_cmd", "The shortest route by which information passes from FROM to TO, with quotes."),
    Command("network gaps", "network:gaps_cmd", "Bodies that act on a recommendation but pass no information."),
    Command("network articulation", "network:articulation_cmd", "Single points of failure, with what they would cut off."),
    Command("network components", "network:components_cmd", "The separate parts of the network, largest first."),
    Command("site", "site:site_cmd", "Write the graph as a static site: open its index.html by double-click, no network needed."),
    Command("export", "export:export_cmd",
            "Write the graph as ttl, nt, trig, jsonld, graphml or gexf, the ownership matrix as csv, or a tracker as xlsx."),
    Command("import", "tracker:import_cmd",
            "Import an action-plan tracker (.xlsx, .csv, a table in .docx) as the report folder DIR/NAME."),
    Command("overdue", "tracker:overdue_cmd",
            "Actions past their target date, with no completion recorded and not complete, by lead (--as-of DATE)."),
    Command("template", "tracker:template_cmd", "Write an empty tracker: the columns, drop-down lists and notes that `import` reads."),
    Command("new", "tracker:new_cmd",
            "Start a report folder DIR/NAME to write by hand: the review's text and a skeleton that validates."),
    Command("serve", "serve:serve_cmd",
            "Share the reports as a read-only SPARQL endpoint, with a query page (Ctrl-C stops it)."),
    Command("push", "push:push_cmd",
            "Load the reports into a SPARQL server, one named graph each (Graph Store Protocol)."),
)}


def top_level() -> list[Command]:
    """The commands `oscb-graph` itself lists (subcommands are listed by their group)."""
    return sorted((c for c in COMMANDS.values() if " " not in c.name), key=lambda c: c.name)


# -- Choices and defaults -----------------------------------------------------------------

TIMEOUT = DEFAULT_TIMEOUT  # --timeout, in seconds (stated once, by the store layer)
EXPORT_FORMATS = ("ttl", "nt", "trig", "jsonld", "graphml", "gexf", "csv", "xlsx")  # export --format
NETWORKS = ("flow", "collaboration", "ownership")  # network --graph, export --graph
DEFAULT_NETWORK = "flow"
MEASURES = ("degree", "betweenness")  # network rank --by
DEFAULT_MEASURE = "degree"
VIEWS = ("ownership", "flows", "pathway", "agency", "all")  # viz VIEW
NAMED_VIEWS = ("pathway", "agency")  # the views that take a NAME
PICTURE_FORMATS = ("html", "mermaid", "dot")  # viz --format
DEFAULT_PICTURE_FORMAT = "html"
HOPS = (1, 2)  # viz agency --hops: the range, and its default is the first
