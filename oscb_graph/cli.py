"""The `oscb-graph` command: a click group whose subcommands are imported only when run.

Each command is declared once in oscb_graph.command_line (name, module, one-line help) and
lives in a module of oscb_graph.commands, a thin layer over the library; `--help` lists the
declarations without importing any command module.
"""
from __future__ import annotations

import importlib

import click

from .command_line import COMMANDS, top_level


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [c.name for c in top_level()]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.list_commands(ctx):
            return None
        module_name, attr = COMMANDS[name].target.split(":")
        command: click.Command = getattr(importlib.import_module(f"oscb_graph.commands.{module_name}"), attr)
        return command

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
        with formatter.section("Commands"):
            formatter.write_dl([(c.name, c.help) for c in top_level()])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="oscb-graph")
def main() -> None:
    """Ask the Child J knowledge graph who owns what, what was done, and where it says so.

    \b
    Example:
      oscb-graph who-owns 4
      oscb-graph agency tvp --recommendation 4
    """
