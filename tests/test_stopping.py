"""A stop asked for by a signal is honoured at the point of no return even when its exception was
swallowed on the way (a finalizer, a library's catch-all), and deferred once past that point."""

from __future__ import annotations

import contextlib
import os
import signal

import pytest

from kg.core import stopping
from kg.errors import Terminated
from kg.publish.staging import staged


def _swallowed(sig: signal.Signals) -> None:
    """Deliver ``sig`` to this process where its exception is caught and dropped."""
    with contextlib.suppress(KeyboardInterrupt, Terminated):
        os.kill(os.getpid(), sig)


@pytest.mark.parametrize(("sig", "raised"), [(signal.SIGINT, KeyboardInterrupt), (signal.SIGTERM, Terminated)])
def test_a_swallowed_signal_still_stops_a_build_before_its_output_is_moved_into_place(tmp_path, sig, raised):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kg-build").write_text("")
    (out / "graph.ttl").write_text("old\n")
    with stopping.handling(), pytest.raises(raised), staged(out) as stage:
        (stage / "graph.ttl").write_text("new\n")
        _swallowed(sig)
    assert (out / "graph.ttl").read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_signal_after_the_point_of_no_return_is_remembered_and_not_raised(tmp_path):
    with stopping.handling():
        stopping.commit()
        os.kill(os.getpid(), signal.SIGINT)
        assert stopping.asked() == signal.SIGINT
        stopping.check()  # deferred: nothing raised


def test_the_handlers_and_the_record_are_put_back_after_a_command():
    before = {s: signal.getsignal(s) for s in stopping.SIGNALS}
    with stopping.handling():
        assert all(signal.getsignal(s) is not before[s] for s in stopping.SIGNALS)
        with contextlib.suppress(Terminated):
            os.kill(os.getpid(), signal.SIGTERM)
        assert stopping.asked() == signal.SIGTERM
    assert {s: signal.getsignal(s) for s in stopping.SIGNALS} == before
    with stopping.handling():
        assert stopping.asked() is None
