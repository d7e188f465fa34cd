"""The work of the build's stages on one very large article grows in proportion to its size (issue 13,
item 11): counted in operations on inputs of size n and 2n, never timed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

from kg.site.pages import environment
from kg.site.svg import partners

T = TypeVar("T")


class Counted(Sequence[T]):
    """A sequence that counts the items read from it (by iteration or by index)."""

    def __init__(self, items: list[T]) -> None:
        self.items = items
        self.reads = 0

    def __len__(self) -> int:
        return len(self.items)

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[T]: ...
    def __getitem__(self, i: int | slice) -> T | Sequence[T]:
        self.reads += 1
        return self.items[i]

    def __iter__(self) -> Iterator[T]:
        for item in self.items:
            self.reads += 1
            yield item


def _partner_reads(n: int) -> int:
    """Items read from the partner list to draw n projects with three partners each, one of them shared."""
    projects = [f"P{i}" for i in range(n)]
    members: list[tuple[str, Sequence[int]]] = [(f"shared {i}", [i, (i + 1) % n]) for i in range(n)]
    members += [(f"alone {i} {k}", [i]) for i in range(n) for k in range(2)]
    counted = Counted(sorted(members))
    assert partners(environment(), "N", projects, counted) is not None
    return counted.reads


def test_the_partner_picture_reads_its_partners_a_number_of_times_that_grows_with_them_not_with_their_square():
    small, large = _partner_reads(200), _partner_reads(400)
    assert large <= 2.2 * small, (small, large)
