"""The site's worker processes end when the build ends them (SIGTERM), whatever handler the build's
process had: `kg build` turns SIGTERM into an error, and an idle worker that inherited that handler
once kept a build waiting for it forever (seen in about 1 build in 36 under load)."""

from __future__ import annotations

import multiprocessing
import signal

from kg.site import _default_signals


def test_a_site_worker_takes_sigterm_by_default_whatever_its_parent_installed():
    previous = signal.signal(signal.SIGTERM, lambda *_: None)  # as a command that catches SIGTERM
    try:
        with multiprocessing.get_context("fork").Pool(1, initializer=_default_signals) as pool:
            handler = pool.apply(signal.getsignal, (signal.SIGTERM,))
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert handler == signal.SIG_DFL
