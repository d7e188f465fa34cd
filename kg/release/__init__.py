"""Releases: what changed between two builds (``kg diff``), the change log a build publishes
(``changes.ttl``), its place in ``void.ttl``, and the alarm for a release that loses too much.

Modules: :mod:`~kg.release.read` (the two sides), :mod:`~kg.release.diff` (the comparison),
:mod:`~kg.release.summary` (text, JSON, release notes), :mod:`~kg.release.changeset` (RDF),
:mod:`~kg.release.release` (``kg diff`` and the build's release).
"""

from kg.release.release import CHANGES_FILE, DIFF_FORMATS, Compared, Release, compare_release, diff_releases
from kg.release.summary import ReleaseSummary

__all__ = [
    "CHANGES_FILE",
    "DIFF_FORMATS",
    "Compared",
    "Release",
    "ReleaseSummary",
    "compare_release",
    "diff_releases",
]
