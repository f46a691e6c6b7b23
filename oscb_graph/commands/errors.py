"""One line on stderr and the documented exit code for every failure of every command.

Give every command `cls=OneLineCommand` and put `@handle_errors` right under it (above the
options):

    @click.command("who-owns", cls=OneLineCommand)
    @handle_errors
    @output_options
    def who_owns_cmd(output_format): ...

Inside, raise (or let the library raise) the types of oscb_graph.errors: DataError exits 1,
QuerySyntaxError / QueryRefused / QueryError exit 2, QueryTimeout exits 1, each printed as
"Error: <message>". click's own UsageError (exit 2: unknown option, missing file, ...) is
kept to one line by OneLineCommand, and ClickException (exit 1) passes through.
Any other exception also becomes one line (exit 1) instead of a traceback, unless the
environment sets OSCB_GRAPH_DEBUG=1; a closed pipe (`| head`) ends the command quietly.
"""
from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable

import click

from ..errors import OscbError, briefer

DEBUG_ENV = "OSCB_GRAPH_DEBUG"


class CommandFailure(click.ClickException):
    """A ClickException with the exit code of the failure it reports."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it per class; here it is per failure


def handle_errors(command: Callable) -> Callable:
    """Turn oscb-graph's errors, and any unexpected one, into one line on stderr and an exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OscbError as exc:
            raise CommandFailure(str(exc), exc.exit_code) from None
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get(DEBUG_ENV):
                raise
            raise CommandFailure(
                f"unexpected {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 to see where)", 1
            ) from None

    return wrapper


class OneLineCommand(click.Command):
    """A command whose usage errors are one line, naming --help, instead of click's usage block."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise one_line(exc) from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise one_line(exc) from None


def one_line(exc: click.UsageError) -> click.UsageError:
    """The error without click's usage block, naming --help instead, quoting the user only briefly.

    A new UsageError without a context: click prints the usage block only when the error has one.
    """
    message = briefer(exc.format_message())
    if exc.ctx is not None:
        message = f"{message.rstrip('.')} (see '{exc.ctx.command_path} --help')"
    return click.UsageError(message)
