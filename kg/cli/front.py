"""The `kg` program's entry point: `kg query NAME` answered from the build's store without click.

A small query on the store is quicker than importing click and kg's command definitions: a bare
pyoxigraph process describes one entity of the 1,000-article corpus in about 30 ms, and those
imports alone take about 40 ms (issue 12 asks for every stored query within 2x of the bare
process). So the entry point reads the options of the ordinary case itself (a stored query by
name or ``-e TEXT``, with ``--graph``, ``--cache``, ``--format``, ``--engine oxigraph``,
``-p NAME=VALUE`` and ``--allow-remote``) and asks the quick path
(:func:`kg.query.local.quick_answer`), which imports neither click nor rdflib. Anything else goes
to the click group, which parses, checks and reports as always: another command, an option this
module does not know, a repeated option, ``-h``, and any answer the quick path cannot give or any
error it meets (the full path runs the query again and reports the error in the one place errors
are reported, :func:`kg.cli.support.errors`).

The defaults are those of the click command (``tests/test_query_front.py`` checks them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from kg.core.defaults import DEFAULT_CACHE, DEFAULT_OUT
from kg.errors import EXIT_INTERRUPTED, EXIT_OK

#: The options with a value the front reads, and the name of the quick path's argument each gives.
_VALUED = {
    "-e": "expression",
    "--expression": "expression",
    "--graph": "graph",
    "--cache": "cache",
    "--format": "fmt",
    "--engine": "engine",
}
_PARAM = ("-p", "--param")


def quick_options(args: Sequence[str]) -> dict[str, object] | None:
    """The quick path's arguments for ``kg query ARGS``, or None when the click command must read them."""
    found: dict[str, object] = {}
    params: dict[str, str] = {}
    name = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        option, sep, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if option in _VALUED or option in _PARAM:
            if not sep:
                if not rest:
                    return None
                value = rest.pop(0)
            if option in _PARAM:
                key, eq, text = value.partition("=")
                if not eq or not key or key in params:
                    return None
                params[key] = text
            elif _VALUED[option] in found:
                return None
            else:
                found[_VALUED[option]] = value
        elif arg == "--allow-remote" and "allow_remote" not in found:
            found["allow_remote"] = True
        elif not arg.startswith("-") and name is None:
            name = arg
        else:
            return None
    if (name is None) == ("expression" not in found) or found.pop("engine", "oxigraph") != "oxigraph":
        return None
    graph, cache = found.pop("graph", DEFAULT_OUT), found.pop("cache", DEFAULT_CACHE)
    return {"query": name, "params": params, "graph": Path(graph), "cache": Path(cache), **found}  # type: ignore[arg-type]


def quick_text(args: Sequence[str]) -> str | None:
    """The answer of ``kg query ARGS`` from the quick path, or None: the click command runs instead.

    The query only reads, so a signal needs no clean-up: SIGINT stops it with the exit code and
    message the click command gives, and SIGTERM with its default action."""
    options = quick_options(args)
    if options is None:
        return None
    from kg.query.local import quick_answer

    try:
        return quick_answer(**options, tty=sys.stdout.isatty())  # type: ignore[arg-type]
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; nothing was changed\n")
        sys.exit(EXIT_INTERRUPTED)
    except Exception:  # the click command runs it again and reports what went wrong
        return None


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``kg ARGV`` (default: the process's arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    text = quick_text(args[1:]) if args[:1] == ["query"] else None
    if text is None:
        from kg.cli import main as group

        group(args)
        return
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`kg query … | head -1`): nothing is wrong
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_OK)
