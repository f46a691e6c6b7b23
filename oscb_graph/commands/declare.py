"""Click commands made from their declaration (oscb_graph.command_line.COMMANDS).

    @command("who-owns")
    @click.argument("target", required=False)
    @people_options
    def who_owns_cmd(target, ...):
        \"\"\"The rest of the help, after the declared one-line summary; end with an example.\"\"\"

The command's name and the first line of its help come from the declaration, so that the
listing of `oscb-graph --help` and the command's own help cannot drift apart; every command
reports failures as one line (commands.errors).
"""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import click

from ..command_line import COMMANDS
from .errors import OneLineCommand, handle_errors


def declared_help(name: str, function: Callable[..., Any]) -> str:
    """The declared one-line summary, then the function's docstring."""
    summary = COMMANDS[name].help
    body = inspect.getdoc(function) or ""
    return f"{summary}\n\n{body}" if body else summary


def command(name: str, group: click.Group | None = None, **settings: Any) -> Callable[[Callable[..., Any]], click.Command]:
    """A click command for the declared `name` ("network rank" within the `group` network)."""

    def decorate(function: Callable[..., Any]) -> click.Command:
        make = group.command if group is not None else click.command
        return make(name.split()[-1], cls=OneLineCommand, help=declared_help(name, function), short_help=COMMANDS[name].help,
                    **settings)(handle_errors(function))

    return decorate


def group(name: str) -> Callable[[Callable[..., Any]], click.Group]:
    """A click group for the declared `name`, whose subcommands are declared as "name sub"."""

    def decorate(function: Callable[..., Any]) -> click.Group:
        return click.group(name, cls=click.Group, help=declared_help(name, function), short_help=COMMANDS[name].help)(function)

    return decorate
