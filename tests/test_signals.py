"""Signals and closed pipes end kg cleanly: 130 for SIGINT and 143 for SIGTERM, with the output
folder left as it was and no staging folder behind; a closed pipe after a build is a quiet success."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "data" / "wikipedia"
KG = [sys.executable, "-m", "kg"]


def _start_build(out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [*KG, "build", str(ARTICLES), "--out", str(out), "--source-dir", str(ROOT / "sources"), "--no-cache"],
        cwd=out.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_staging(folder: Path, process: subprocess.Popen, limit: float = 60.0) -> None:
    """Wait until the build is writing its staging folder (or at least reading), then return."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name.startswith(".out.new-") for p in folder.iterdir()):
            return
        time.sleep(0.02)


@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_a_signal_during_a_build_exits_with_its_code_and_leaves_the_output_as_it_was(tmp_path, sig, code, word):
    out = tmp_path / "out"
    first = subprocess.run([*KG, "build", "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    process = _start_build(out)
    _wait_until_staging(tmp_path, process)
    if process.poll() is not None:
        pytest.fail("the build ended before it could be interrupted; give it more to do")
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    assert process.returncode == code, err
    assert word in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no .out.new-* left


def test_a_closed_pipe_after_a_build_is_a_quiet_success(tmp_path):
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*KG, "build", "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    process.stdout.readline()  # `kg build | head -1`
    process.stdout.close()
    err = process.stderr.read() if process.stderr else ""
    assert process.wait(timeout=120) == 0, err
    assert "Broken pipe" not in err and "error" not in err
    assert (out / "graph.ttl").is_file()
    os.sync()
