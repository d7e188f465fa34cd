"""One exception family for the whole library; the CLI turns each into a message and an exit code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

#: Exit codes, following pyshacl's convention for 0-2.
EXIT_OK = 0
#: The graph violates its SHACL shapes.
EXIT_VIOLATIONS = 1
#: ``kg diff``: the two graphs differ (as diff(1) says; kg diff never validates, so 1 never means violations).
EXIT_DIFFERENT = 1
#: Bad input or usage: a malformed file, a bad option, an unreachable or refusing store.
EXIT_BAD_INPUT = 2
#: An error `kg` did not anticipate: a bug, to be reported (run with KG_DEBUG=1 for the traceback).
EXIT_INTERNAL = 3
#: Interrupted by SIGINT (Ctrl-C) or stopped by SIGTERM: 128 + the signal's number, as shells report it.
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
#: ``kg serve`` stopped by SIGHUP (its terminal closed): 128 + 1, as shells report it.
EXIT_HANGUP = 129


class KgError(Exception):
    """Base class of every error `kg` raises on purpose.

    Every one pickles, whatever its constructor takes, so that an error met in a worker process
    (the per-article stage, the writers) is raised in the parent as it was.
    """

    exit_code = EXIT_BAD_INPUT

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[KgError], args: tuple[object, ...], state: dict[str, object]) -> KgError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class SourceError(KgError):
    """A source article (or curated data file) that cannot be read as expected."""

    def __init__(self, message: str, *, path: Path | str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{self.path}:{line}" if line else str(self.path)
        super().__init__(f"{where}: {message}")


class StrictFailed(KgError):
    """``--strict``: the sources gave warnings (values read other than as written), which are errors here.

    The message lists every warning, ``file:line: message``, one per line."""

    def __init__(self, warnings: Sequence[object]) -> None:
        self.warnings = list(warnings)
        listed = "\n".join(str(w) for w in self.warnings)
        super().__init__(f"{listed}\n--strict: {len(self.warnings)} warning(s) about the sources are errors")


class ConfigError(KgError):
    """The dataset configuration is missing a value or has a wrong one."""


class ValidationFailed(KgError):
    """The built graph violates its SHACL shapes; carries the report."""

    exit_code = EXIT_VIOLATIONS

    def __init__(self, message: str, *, report: object = None, notices: Sequence[object] = ()) -> None:
        self.report = report
        #: The build's warnings, which often explain the violations (a value kept as text, say).
        self.notices = list(notices)
        super().__init__(message)


class ReleaseError(KgError):
    """A release cannot be compared with its previous one, or removes more of a class than allowed."""


class QueryError(KgError):
    """A query that cannot be read, bound or run."""


class QuerySyntaxError(QueryError):
    """The text is not a SPARQL 1.1 query."""


class QueryRefusedError(QueryError):
    """The query would change data or reach outside the local graph."""


class ParameterError(QueryError):
    """A parameter is missing, unknown, or has a value its declared type does not allow."""


class ShapesError(KgError):
    """The shapes cannot be used: none found, or pyshacl rejects them."""


class StoreError(KgError):
    """The triple store could not be reached, refused us, or answered with an error."""


class UnwritableTerm(KgError):
    """A term that has no form in Turtle or N-Triples (an IRI with a space, a bad blank-node label)."""


class QueryHeaderError(QueryError):
    """A stored query's ``#+`` header that does not follow the format."""

    def __init__(self, message: str, *, path: Path | str, line: int | None = None) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {message}")


class UnknownQueryError(QueryError):
    """No stored query has the name asked for."""


class BadValue(ValueError):
    """A value in an article that does not have the form its role expects; the message says what was
    expected. The mapping catches it and keeps the value as text, with a warning."""


class QueryParseFailure(Exception):
    """A query text that failed to parse, remembered (cached) with the kind of error to raise for it,
    so that a failed parse is not repeated; turned into ``kind`` with the query's source name."""

    def __init__(self, message: str, kind: type[QueryError] = QuerySyntaxError) -> None:
        super().__init__(message)
        self.kind = kind


class Terminated(BaseException):
    """SIGTERM arrived: raised in the main thread so that every ``finally`` (staging folders,
    servers) runs before kg exits, as for Ctrl-C."""

    exit_code = EXIT_TERMINATED
    what = "terminated"


class HungUp(Terminated):
    """SIGHUP arrived (``kg serve`` installs the handler): stopped as for SIGTERM, with its own exit code."""

    exit_code = EXIT_HANGUP
    what = "hung up"


class SiteError(KgError):
    """The linked-data site cannot be written as laid out (two pages would share one file)."""


class DatasetNotFound(KgError):
    """A store holds no dataset ``kg query --endpoint`` can address (no manifest of a ``kg load``)."""


class LoadLocked(StoreError):
    """Another ``kg load`` holds the dataset's lock in the store."""
