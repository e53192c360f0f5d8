"""schema.graphql is the exported schema: it must equal what the server serves."""

from __future__ import annotations

import re
from pathlib import Path

from casebook.graphql.schema import schema

ROOT = Path(__file__).resolve().parents[1]


def test_committed_schema_is_the_served_schema() -> None:
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == schema.as_str() + "\n", "schema.graphql is stale: run `make schema`"


def _signatures(sdl: str) -> str:
    """The SDL without descriptions, one space between tokens: an argument's description puts the
    arguments on lines of their own, which changes nothing of the contract."""
    bare = re.sub(r'"""(.*?)"""', " ", sdl, flags=re.DOTALL)
    bare = re.sub(r"\s+", " ", bare.replace(",", " "))
    return bare.replace("( ", "(").replace(" )", ")")


def test_contract_names_exist() -> None:
    sdl = _signatures(schema.as_str())
    for name in (
        "login(email: String!, password: String!): AuthPayload!",
        "createCase(input: CreateCaseInput!): Case!",
        "updateCase(id: ID!, input: UpdateCaseInput!, ifUnchangedSince: DateTime = null): Case!",
        "assignCase(id: ID!, assigneeId: ID = null, ifUnchangedSince: DateTime = null): Case!",
        "setCaseStatus(id: ID!, status: CaseStatus!, ifUnchangedSince: DateTime = null): Case!",
        "addPost(caseId: ID!, body: String!, visibility: Visibility = PUBLIC, expectedLastPostId: ID = null): Post!",
        "case(id: ID = null, number: Int = null): Case",
        "caseEvents(caseId: ID!): CaseEvent!",
        "caseFeed: CaseEvent!",
        "interface CaseEvent",
        "type PostAdded implements CaseEvent",
        "type CaseChanged implements CaseEvent",
    ):
        assert _signatures(name) in sdl, name
