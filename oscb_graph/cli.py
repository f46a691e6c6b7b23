"""The `oscb-graph` command: a click group whose subcommands are imported only when run.

Each command lives in a module of oscb_graph.commands and is a thin layer over the
library; COMMANDS maps its name to "module:attribute" so that `--help` and every
command import only what they need.
"""
from __future__ import annotations

import importlib

import click

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module under oscb_graph.commands, attribute, one-line help for the listing)
    "build": ("build:build_cmd", "Compile the reports into the store that queries open (automatic when data changes)."),
    "validate": ("core:validate_cmd", "Check the data against the shapes and every quote against the report."),
    "stats": ("core:stats_cmd", "Count the nodes of each kind, per source."),
    "query": ("query:query_cmd", "Run your own read-only SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE)."),
    "viz": ("viz:viz_cmd", "Draw ownership, flows, a pathway, an agency or everything as a page that opens offline."),
    "queries": ("people:queries_cmd", "List the canned queries, with their titles and parameters."),
    "run": ("people:run_cmd", "Run a canned query by name, with --param KEY=VALUE."),
    "who-owns": ("people:who_owns_cmd", "Who owns each recommendation, whom it asks, and which agencies acted on it."),
    "agency": ("people:agency_cmd", "Everything the report says one body does: recommendations, actions, seats, flows."),
    "recommendation": ("people:recommendation_cmd", "One recommendation in full: text, owners, actions and outcomes."),
    "flows": ("people:flows_cmd", "Who passes what information to whom (--from, --to, --kind)."),
    "services": ("people:services_cmd", "Services open to a young person of a given age (--age N)."),
    "timeline": ("people:timeline_cmd", "What happened or is due when (--after, --before)."),
    "glossary": ("people:glossary_cmd", "What an acronym stands for; --undefined for those the glossary lacks."),
    "search": ("people:search_cmd", "Find nodes by words in their names, texts and quotes."),
    "cite": ("people:cite_cmd", "Where does it say that? The report's passages behind a node."),
    "network": ("network:network_group", "Hubs, routes, gaps and weak points of the network of agencies."),
    "site": ("site:site_cmd", "Write the graph as a folder of web pages that opens offline, with search and CSVs."),
    "export": ("export:export_cmd", "Write the graph as ttl, nt, trig, jsonld, graphml or gexf, the ownership matrix as csv, or a tracker as xlsx."),
    "import": ("tracker:import_cmd", "Import an action-plan tracker (.xlsx, .csv, .docx) as a report folder, every fact with its cell."),
    "overdue": ("tracker:overdue_cmd", "Actions past their target date, not complete, by lead (--as-of DATE)."),
    "template": ("tracker:template_cmd", "Write an empty tracker (.xlsx) with the columns and drop-down lists import reads."),
    "new": ("tracker:new_cmd", "Start a report folder to write by hand: the review's text and a skeleton that validates."),
    "serve": ("serve:serve_cmd", "Share the reports as a read-only SPARQL endpoint, with a query page (Ctrl-C stops it)."),
    "push": ("push:push_cmd", "Load the reports into a SPARQL server, one named graph each (Graph Store Protocol)."),
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        target, _ = COMMANDS[name]
        module_name, attr = target.split(":")
        module = importlib.import_module(f"oscb_graph.commands.{module_name}")
        return getattr(module, attr)

    def invoke(self, ctx: click.Context):
        """Run the command: every failure is one line that repeats only a short piece of what the
        user typed, and Ctrl-C ends it with one line and exit 130 (click would say "Aborted!", exit 1)."""
        from .commands.errors import CommandFailure, one_line
        from .errors import briefer

        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # any command's or group's, however it was declared
            raise one_line(exc) from None
        except click.ClickException as exc:
            raise CommandFailure(briefer(exc.format_message()), exc.exit_code) from None
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            raise click.exceptions.Exit(130) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oscb-graph")
def main() -> None:
    """Ask the Child J knowledge graph who owns what, what was done, and where it says so.

    \b
    Example:
      oscb-graph who-owns 4
      oscb-graph agency tvp --recommendation 4
    """
