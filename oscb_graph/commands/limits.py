"""--timeout: how long a command's query may run, declared once for every command that runs one.

    @click.command("my-cmd", cls=OneLineCommand)
    @handle_errors
    @timeout_option
    def my_cmd(timeout): ...   # store.query(..., timeout=timeout)

(How many rows a command prints, --limit, comes with the output options: oscb_graph.output.)
"""
from __future__ import annotations

import math

import click

from ..command_line import TIMEOUT

LONGEST_TIMEOUT = 86400.0  # a day: beyond it a time limit means nothing, and the clock's arithmetic overflows


class Seconds(click.ParamType):
    """A time limit in seconds: a finite number above 0 and at most LONGEST_TIMEOUT (not nan, inf or 1e300)."""

    name = "seconds"

    def convert(self, value, param, ctx) -> float:
        if isinstance(value, float):
            seconds = value
        else:
            try:
                seconds = float(str(value).strip())
            except ValueError:
                self.fail(f"give a number of seconds, e.g. 30, not {str(value)[:20]!r}", param, ctx)
        if not math.isfinite(seconds) or not 0 < seconds <= LONGEST_TIMEOUT:
            self.fail(f"give a number of seconds above 0 and at most {LONGEST_TIMEOUT:g} (a day), "
                      f"not {str(value)[:20]!r}", param, ctx)
        return seconds


timeout_option = click.option("--timeout", type=Seconds(), default=TIMEOUT, show_default=True,
                              help="Stop the query after this many seconds.")
