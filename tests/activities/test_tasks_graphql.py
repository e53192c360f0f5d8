"""Tasks over GraphQL: made and ticked off by staff, on the case for staff, [] for a customer, and
never shown to an agent of another team (neither Case.tasks nor myTasks)."""

from __future__ import annotations

from typing import Any

from casebook.auth.actor import Actor
from casebook.cases.services import create_case
from casebook.enums import Role
from casebook.teams.services import save_team
from support.config import error_codes

ROOT = Actor(user_id=None, role=Role.ADMIN, name="tests")

CREATE = """
mutation ($caseId: ID!, $input: TaskInput!) {
  createTask(caseId: $caseId, input: $input) {
    id subject dueAt done doneAt createdByName assignee { id name } case { id subject }
  }
}
"""
DONE = "mutation ($id: ID!, $done: Boolean!) { setTaskDone(id: $id, done: $done) { id done doneAt } }"
CASE = "query ($id: ID!) { case(id: $id) { id tasks { id subject done assignee { name } } } }"
MINE = "query ($all: Boolean) { myTasks(includeDone: $all) { id subject done case { id } } }"


async def _world(people: Any) -> dict[str, Any]:
    olga = await people.make(Role.AGENT, "Olga")
    otto = await people.make(Role.AGENT, "Otto")
    theo = await people.make(Role.AGENT, "Theo")
    ours = await save_team(actor=ROOT, name="Ours", member_ids=[olga.id, otto.id])
    await save_team(actor=ROOT, name="Theirs", member_ids=[theo.id])
    customer = await people.make(Role.CUSTOMER, "Kim")
    case = await create_case(actor=customer.actor, subject="Tariff change")
    from casebook.cases.services import update_case

    await update_case(actor=ROOT, case_id=case.id, changes={"teamId": ours.id})
    return {"olga": olga, "otto": otto, "theo": theo, "customer": customer, "case": str(case.id)}


async def test_create_tick_off_and_who_sees_them(db: str, api: Any, people: Any) -> None:
    w = await _world(people)
    made = await api(
        CREATE,
        {
            "caseId": w["case"],
            "input": {
                "subject": "Call back",
                "assigneeId": str(w["otto"].id),
                "dueAt": "2026-05-04T09:30:00Z",
            },
        },
        as_=w["olga"],
    )
    assert "errors" not in made, made
    task = made["data"]["createTask"]
    assert task["subject"] == "Call back" and task["dueAt"] == "2026-05-04T09:30:00Z"
    assert task["done"] is False and task["doneAt"] is None
    assert task["createdByName"] == "Olga" and task["assignee"]["name"] == "Otto"
    assert task["case"] == {"id": w["case"], "subject": "Tariff change"}

    seen = await api(CASE, {"id": w["case"]}, as_=w["olga"])
    assert seen["data"]["case"]["tasks"] == [
        {"id": task["id"], "subject": "Call back", "done": False, "assignee": {"name": "Otto"}}
    ]
    assert (await api(CASE, {"id": w["case"]}, as_=w["customer"]))["data"]["case"]["tasks"] == []
    # Another team's agent cannot open the case at all, so neither its tasks.
    assert (await api(CASE, {"id": w["case"]}, as_=w["theo"]))["data"]["case"] is None

    mine = await api(MINE, {}, as_=w["otto"])
    assert [t["subject"] for t in mine["data"]["myTasks"]] == ["Call back"]
    assert (await api(MINE, {}, as_=w["olga"]))["data"]["myTasks"] == []

    ticked = await api(DONE, {"id": task["id"], "done": True}, as_=w["otto"])
    assert ticked["data"]["setTaskDone"]["done"] is True and ticked["data"]["setTaskDone"]["doneAt"]
    assert (await api(MINE, {}, as_=w["otto"]))["data"]["myTasks"] == []
    assert [t["done"] for t in (await api(MINE, {"all": True}, as_=w["otto"]))["data"]["myTasks"]] == [True]

    assert error_codes(await api(DONE, {"id": task["id"], "done": False}, as_=w["theo"])) == ["NOT_FOUND"]
    assert error_codes(await api(DONE, {"id": task["id"], "done": False}, as_=w["customer"])) == ["FORBIDDEN"]


async def test_another_teams_agent_never_sees_a_task_even_her_own(db: str, api: Any, people: Any) -> None:
    """Theo had a task on the case while it was in his team; moved away, the case leaves his list."""
    w = await _world(people)
    from casebook.activities.services import create_task
    from casebook.cases.services import update_case

    team_of_theo = 2
    await update_case(actor=ROOT, case_id=int(w["case"]), changes={"teamId": team_of_theo})
    await create_task(
        actor=ROOT, case_id=int(w["case"]), subject="Theo's", assignee_id=w["theo"].id, due_at=None
    )
    assert len((await api(MINE, {}, as_=w["theo"]))["data"]["myTasks"]) == 1
    await update_case(actor=ROOT, case_id=int(w["case"]), changes={"teamId": 1})
    assert (await api(MINE, {}, as_=w["theo"]))["data"]["myTasks"] == []


async def test_bad_input_names_the_field(db: str, api: Any, people: Any) -> None:
    w = await _world(people)
    for given, field in (
        ({"subject": " "}, "subject"),
        ({"subject": "x" * 301}, "subject"),
        ({"subject": "Call", "assigneeId": str(w["theo"].id)}, "assigneeId"),  # cannot open the case
        ({"subject": "Call", "assigneeId": str(w["customer"].id)}, "assigneeId"),
    ):
        got = await api(CREATE, {"caseId": w["case"], "input": given}, as_=w["olga"])
        assert error_codes(got) == ["BAD_USER_INPUT"], got
        assert got["errors"][0]["extensions"]["field"] == field
    refused = await api(CREATE, {"caseId": w["case"], "input": {"subject": "Mine"}}, as_=w["customer"])
    assert error_codes(refused) == ["FORBIDDEN"]
    assert (await api(CASE, {"id": w["case"]}, as_=w["olga"]))["data"]["case"]["tasks"] == []
