"""`import_list` (`syncer.application.importing`), the use case behind `syncer import`: typed
results, refusals before anything is written, and one rule on whose playlist may be taken."""

from __future__ import annotations

from pathlib import Path

import pytest

from syncer.application import Where
from syncer.application.importing import ImportRequest, import_list
from syncer.cli.messages import describe, sync_problem_message
from syncer.config import Settings
from syncer.errors import Refusal, Refused
from syncer.lists import load_list
from syncer.model import PlaylistInfo
from syncer.sync import choose_playlist, not_yours

SONGS = "Track Name,Artist Name(s)\nAitai,Miliyah Kato\nWHY,Miliyah Kato\nAitai,Miliyah Kato\n"


def test_a_text_list_is_written_unsearched_and_the_result_says_what_was_written(
    tmp_path: Path,
) -> None:
    source = tmp_path / "my_songs.csv"
    source.write_text(SONGS, encoding="utf-8")
    output = tmp_path / "songs.toml"

    imported = import_list(
        ImportRequest(str(source), output, search=False), where=Where(), settings=Settings()
    )

    assert (imported.output, imported.file_format) == (output, "csv")
    assert [d.entry.title for d in imported.entries] == ["Aitai", "WHY"]
    assert [r.line for r in imported.repeats] == [4]
    assert (imported.playlist, imported.named_after_file) == ("my songs", True)
    assert [e.title for e in load_list(output).entries] == ["Aitai", "WHY"]
    assert not (tmp_path / ".syncer").exists()  # no search: no session, no state


@pytest.mark.parametrize(
    ("request_", "refusal"),
    [
        pytest.param(ImportRequest("s.txt", Path("o.toml"), file_format="xml"),
                     Refusal.UNKNOWN_FORMAT, id="unknown-format"),
        pytest.param(ImportRequest("s.txt", Path("o.toml"), adopt=True),
                     Refusal.ADOPT_NEEDS_PLAYLIST, id="adopt-a-file"),
        pytest.param(ImportRequest("s.txt", Path("o.toml"), name=" \n "),
                     Refusal.NAME_EMPTY, id="empty-name"),
        pytest.param(ImportRequest("s.txt", Path("missing/o.toml")),
                     Refusal.OUTPUT_DIRECTORY_MISSING, id="no-output-directory"),
    ],
)  # fmt: skip
def test_an_import_that_cannot_be_done_is_refused_before_anything_is_written(
    tmp_path: Path, request_: ImportRequest, refusal: Refusal
) -> None:
    (tmp_path / "s.txt").write_text(SONGS, encoding="utf-8")

    with pytest.raises(Refused) as refused:
        import_list(request_, where=Where(), settings=Settings())

    assert refused.value.refusal is refusal
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.txt"]


def playlist(owner: str, *, collaborative: bool = False) -> PlaylistInfo:
    return PlaylistInfo(id="p1", name="Mix", owner_id=owner, collaborative=collaborative)


def test_whose_playlist_may_be_taken_is_one_rule_for_sync_and_import() -> None:
    assert not_yours(playlist("me"), "me") is None
    assert not_yours(playlist("you", collaborative=True), "me") is None
    problem = not_yours(playlist("you"), "me")
    assert problem is not None

    synced = choose_playlist("p1", playlist("you"), (), "me", recreate=False)
    adopted = Refused(Refusal.NOT_YOUR_PLAYLIST, **problem.details)

    assert synced == problem
    assert sync_problem_message(problem) == (
        "playlist 'Mix' (p1) belongs to you, not to you (me); syncer only edits your own playlists."
    )
    assert describe(adopted) == (
        "cannot adopt 'Mix': it belongs to you, not to you (me); "
        "syncer only edits your own playlists"
    )
