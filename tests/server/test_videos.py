from __future__ import annotations

import hashlib
from pathlib import Path

from coder.server.videos import locate_videos, my_videos
from tests.server.fixtures import ServerProject
from tests.server.sample_project import populate


def test_videos_are_found_by_hash_not_by_name(tmp_path: Path) -> None:
    site = tmp_path / "site" / "nested"
    site.mkdir(parents=True)
    wanted_bytes = b"a" * 100
    (site / "decoy.mp4").write_bytes(b"b" * 100)  # same size, other content
    (site / "renamed.mov").write_bytes(wanted_bytes)
    digest = hashlib.sha256(wanted_bytes).hexdigest()
    missing = hashlib.sha256(b"elsewhere").hexdigest()
    found = locate_videos([tmp_path / "site", tmp_path / "absent"], {digest: 100, missing: 9})
    assert found == {digest: site / "renamed.mov"}


def test_a_coder_sees_hashes_of_its_sessions_videos_only(
    server_project: ServerProject,
) -> None:
    populate(server_project.owner)
    with server_project.connect(server_project.roles.coder("alice")) as alice:
        videos = my_videos(alice)
    assert [v.session for v in videos] == ["SESSALICE", "SESSSHARED"]
    assert videos[0].sha256 == hashlib.sha256(b"SESSALICE").hexdigest()
