"""The site's pages are written by forked children that share no lock with the build: a SIGTERM to
the whole process group (``timeout``, a service manager) ends the build with 143 and leaves no process
behind. With a ``multiprocessing.Pool`` it did not: a worker killed while it held the task queue's
lock left the pool's clean-up waiting for that lock, and ``kg build`` hung (seen from ``timeout 600``)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.core.forks import Forked
from kg.errors import KgError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"


def _running_in_group(group: int) -> list[str]:
    """The processes of the group that still run (a dead one waiting to be reaped by init is not)."""
    time.sleep(0.5)
    listed = subprocess.run(["ps", "-o", "stat=,args=", "-g", str(group)], capture_output=True, text=True).stdout
    return [line for line in listed.splitlines() if line.strip() and not line.strip().startswith("Z")]


def _entity_pages(folder: Path) -> int:
    try:
        return sum(1 for stage in folder.glob(".out.new-*") for _ in (stage / "site").glob("*/*.html"))
    except OSError:  # the staging folder went while it was listed
        return -1


def _wait_until_the_children_are_idle(folder: Path, process: subprocess.Popen, limit: float = 300) -> None:
    """Until the entity pages are all written (their number holds for a while) and the build goes on
    with its other pages: the moment a pool's idle worker held its queue's lock."""
    deadline, count, since = time.monotonic() + limit, -1, time.monotonic()
    while process.poll() is None and time.monotonic() < deadline:
        now = _entity_pages(folder)
        if now != count:
            count, since = now, time.monotonic()
        elif count > 0 and time.monotonic() - since > 0.15:
            return
        time.sleep(0.02)


def _build_caught_after_its_entity_pages(folder: Path, attempts: int = 3) -> subprocess.Popen:
    """A build in its own process group, running, its entity pages written. On an idle machine the
    pages after them can take less than the watch needs to see the count hold, and the build ends
    first: then it is started again, a few times, before the test gives up."""
    ended = ""
    for _ in range(attempts):
        for leftover in folder.iterdir():
            shutil.rmtree(leftover)
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(CORPUS), "--out", str(folder / "out"), "--no-cache", "-q"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,  # its own process group, as under `timeout`
        )
        _wait_until_the_children_are_idle(folder, process)
        if process.poll() is None:
            return process
        ended = process.stderr.read() if process.stderr else ""
    pytest.fail(f"the build ended before it could be stopped, {attempts} times: {ended}")


def test_a_sigterm_to_the_process_group_while_the_site_is_written_ends_the_build_and_every_child(tmp_path):
    process = _build_caught_after_its_entity_pages(tmp_path)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        _, err = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the build did not end within 60 s of a SIGTERM to its process group")
    assert process.returncode == 143, err
    assert _running_in_group(process.pid) == []  # no child of the build is left running
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no staging folder, no output


def test_a_forked_childs_result_and_its_error_come_back_to_the_parent():
    assert Forked(lambda: {"pages": [1, 2, 3]}).result() == {"pages": [1, 2, 3]}
    with pytest.raises(KgError, match="no such page"):
        Forked(lambda: (_ for _ in ()).throw(KgError("no such page"))).result()


def test_a_child_that_dies_without_a_word_is_an_error_naming_its_exit_status():
    with pytest.raises(KgError, match="exit status 3"):
        Forked(lambda: os._exit(3)).result()


def test_a_stopped_child_is_killed_and_reaped():
    child = Forked(lambda: time.sleep(60))
    started = time.monotonic()
    child.stop()
    assert time.monotonic() - started < 10
    assert child._process.exitcode == -signal.SIGKILL
