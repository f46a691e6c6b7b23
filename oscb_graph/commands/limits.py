"""--timeout and --limit: how long a command may run and how many rows it prints, declared once.

    @click.command("my-cmd", cls=OneLineCommand)
    @handle_errors
    @timeout_option
    @limit_option
    def my_cmd(timeout, limit): ...   # store.query(..., timeout=timeout); emit(result, fmt, limit=limit)
"""
from __future__ import annotations

import math

import click

DEFAULT_TIMEOUT = 10.0  # seconds, as oscb_graph.engine.DEFAULT_TIMEOUT; here so that --help imports no engine
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


timeout_option = click.option("--timeout", type=Seconds(), default=DEFAULT_TIMEOUT, show_default=True,
                              help="Stop the query after this many seconds.")
limit_option = click.option("--limit", type=click.IntRange(min=1), metavar="N",
                            help="Print only the first N rows (stderr says how many were left out).")
