from __future__ import annotations

import pytest

from coder.server import ServerError, save_record
from coder.server.progress import listen, read_progress, wait_for_change
from tests.server.fixtures import ServerProject
from tests.server.sample_project import body, populate


def test_the_lead_is_woken_by_a_coders_save_and_reads_progress(
    server_project: ServerProject,
) -> None:
    populate(server_project.owner)
    with server_project.connect(server_project.lead_login()) as lead, \
            server_project.connect(server_project.roles.coder("alice")) as alice:
        listen(lead, server_project.roles)
        assert not wait_for_change(lead, 0.05)
        save_record(alice, "alice", "SESSSHARED", {**body("alice", "SESSSHARED", ""),
                                                   "status": "in_progress"}, 0)
        assert wait_for_change(lead, 10)
        states = {(p.coder, p.session): p for p in read_progress(lead)}
        assert states[("alice", "SESSSHARED")].status == "in_progress"
        assert states[("alice", "SESSSHARED")].version == 1
        assert states[("alice", "SESSSHARED")].role == "reliability"
        assert states[("bob", "SESSBOBONLY")].version == 1


def test_a_coder_hears_only_empty_notifications_and_cannot_read_progress(
    server_project: ServerProject,
) -> None:
    populate(server_project.owner)
    with server_project.connect(server_project.roles.coder("alice")) as alice:
        listen(alice, server_project.roles)
        with server_project.connect(server_project.roles.coder("bob")) as bob:
            save_record(bob, "bob", "SESSBOBONLY", body("bob", "SESSBOBONLY", "v2"), 1)
        notes = list(alice.notifies(timeout=10, stop_after=1))
        assert [n.payload for n in notes] == [""]
        with pytest.raises(ServerError, match="only the lead"):
            read_progress(alice)
