from __future__ import annotations

import pytest

from coder.server import ServerError, load_record, save_record
from coder.server.admin import add_coder, assign
from tests.server.fixtures import ServerProject
from tests.server.sample_project import body, populate


def test_a_coder_id_with_dots_and_dashes_gets_a_working_role(
    server_project: ServerProject,
) -> None:
    populate(server_project.owner)
    role = add_coder(server_project.owner, "m.s-2")
    assert role == server_project.roles.coder("m.s-2")
    assign(server_project.owner, "m.s-2", ["SESSALICE"])
    with server_project.connect(role) as conn:
        assert save_record(conn, "m.s-2", "SESSALICE", body("m.s-2", "SESSALICE", "x"), 0) == 1
        assert load_record(conn, "alice", "SESSALICE") is None


def test_bad_coders_and_roles_are_refused(server_project: ServerProject) -> None:
    populate(server_project.owner)
    with pytest.raises(ServerError, match="already exists"):
        add_coder(server_project.owner, "alice")
    with pytest.raises(ServerError, match="not a valid coder id"):
        add_coder(server_project.owner, "Robert'); DROP TABLE coders;--")
    with pytest.raises(ServerError, match="not an assignment role"):
        assign(server_project.owner, "alice", ["SESSBOBONLY"], role="boss")
    with pytest.raises(ServerError, match="no such coder or session"):
        assign(server_project.owner, "alice", ["NOSUCHSESSION"])


def test_the_lead_login_may_add_coders_but_a_coder_may_not(
    server_project: ServerProject,
) -> None:
    populate(server_project.owner)
    with server_project.connect(server_project.lead_login()) as lead:
        role = add_coder(lead, "carol")
    with server_project.connect(role) as carol, pytest.raises(ServerError, match="only the lead"):
        add_coder(carol, "mallory")
