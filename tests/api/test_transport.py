"""A request the server cannot read still gets a GraphQL error body (GraphQL over HTTP), not plain text."""

from __future__ import annotations

from typing import Any

import pytest

JSON = {"content-type": "application/json"}
UNREADABLE: list[tuple[str, bytes, dict[str, str]]] = [
    ("invalid UTF-8", b'{"query": "{ __typename }\xff\xfe"}', JSON),
    ("a lone surrogate", b'{"query": "{ __typename }", "variables": {"a": "\\ud800"}}', JSON),
    ("broken JSON", b'{"query": ', JSON),
    ("a batch", b'[{"query": "{ __typename }"}, {"query": "{ __typename }"}]', JSON),
    ("a string", b'"{ __typename }"', JSON),
    ("a number", b"42", JSON),
    ("null", b"null", JSON),
    ("no query", b"{}", JSON),
    ("a null query", b'{"query": null}', JSON),
    ("a query that is not a string", b'{"query": 5}', JSON),
    ("variables that are not an object", b'{"query": "{ __typename }", "variables": [1]}', JSON),
    ("text/plain", b'{"query": "{ __typename }"}', {"content-type": "text/plain"}),
    ("a form", b"query=%7B__typename%7D", {"content-type": "application/x-www-form-urlencoded"}),
    ("no content type", b'{"query": "{ __typename }"}', {}),
]


def assert_graphql_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert set(body) == {"errors"}, body
    (error,) = body["errors"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}, body
    return error  # type: ignore[no-any-return]


@pytest.mark.parametrize(("what", "body", "headers"), UNREADABLE, ids=[u[0] for u in UNREADABLE])
async def test_an_unreadable_post_is_a_graphql_error(
    api: Any, what: str, body: bytes, headers: dict[str, str]
) -> None:
    response = await api.client.post("/graphql", content=body, headers=headers)
    assert_graphql_error(response, 400)


@pytest.mark.parametrize(
    "query",
    ["mutation { logout }", "{ __typename }", "query Q { viewer { id } }"],
    ids=["mutation", "query", "named"],
)
async def test_operations_over_get_are_405(api: Any, query: str) -> None:
    # GraphQL over HTTP: a mutation over GET is 405. Queries over GET are off too (a GET may be
    # sent cross-site by any page), so they get the same answer.
    response = await api.client.get(
        "/graphql", params={"query": query}, headers={"accept": "application/json"}
    )
    assert_graphql_error(response, 405)
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_other_methods_are_405(api: Any, method: str) -> None:
    response = await api.client.request(method, "/graphql", json={"query": "{ __typename }"})
    assert_graphql_error(response, 405)


async def test_a_readable_request_still_works(api: Any) -> None:
    response = await api.client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200 and response.json() == {"data": {"__typename": "Query"}}
    graphql_json = await api.client.post(
        "/graphql",
        content=b'{"query": "{ __typename }"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert graphql_json.json() == {"data": {"__typename": "Query"}}
