"""bench.decisions: a replay answers only from its file."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from bench import decisions


def test_replay_of_a_set_the_file_does_not_hold_is_refused_before_any_search(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recorded = tmp_path / "answers.pickle"
    recorded.write_bytes(pickle.dumps({"bench": {}}))
    out = tmp_path / "out.jsonl"

    with pytest.raises(SystemExit) as stopped:
        decisions.main([str(out), "--sets", "frozen-simple", "--replay", str(recorded)])

    assert stopped.value.code == 2
    message = capsys.readouterr().err
    assert "holds no answers for frozen-simple" in message
    assert "it holds: bench" in message
    assert not out.exists()
