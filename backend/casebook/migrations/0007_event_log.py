"""The event log (issue 11): one table of every committed change, read by history and by consumers.

PostgreSQL also records each row's transaction (`tx`, xid8): ids are taken before commit, so a
reader that went by id alone could pass an id whose transaction commits after it read.

The case history moves into the log (one source for history, not two tables kept in step): each
case_history row becomes an event (CASE_CREATED for "created", CASE_CHANGED with its one change
otherwise), in the old order, with the case's current visibility snapshot; then case_history goes.
Consumers that must not act on the past start at the log's end (casebook.events.log.end).
"""

from orjson import dumps, loads
from tortoise import fields, migrations
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

BACKFILL_PAGE = 1000


async def forward(apps, schema_editor):
    client = schema_editor.client
    sqlite = client.capabilities.dialect == "sqlite"
    if sqlite:
        # One writer at a time: ids are in commit order, tx stays 0.
        await client.execute_script("ALTER TABLE events ADD COLUMN tx INTEGER NOT NULL DEFAULT 0")
    else:
        await client.execute_script(
            "ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();"
            "CREATE INDEX events_tx_id_idx ON events (tx, id);"
        )
    await _backfill(client, sqlite)


def _placeholders(sqlite, start, count):
    return ", ".join("?" if sqlite else f"${start + i}" for i in range(count))


async def _backfill(client, sqlite):
    last = 0
    while True:
        p = "?" if sqlite else "$1"
        rows = await client.execute_query_dict(
            "SELECT h.id, h.case_id, h.actor_id, h.actor_name, h.at, h.field, h.old_value, h.new_value, "
            "c.team_id, c.assignee_id, c.account_id, c.reported_by_id "
            f"FROM case_history h JOIN cases c ON c.id = h.case_id WHERE h.id > {p} "
            f"ORDER BY h.id LIMIT {BACKFILL_PAGE}",
            [last],
        )
        if not rows:
            return
        last = rows[-1]["id"]
        case_ids = sorted({r["case_id"] for r in rows})
        links = await client.execute_query_dict(
            "SELECT case_id, contact_id FROM case_contacts "
            f"WHERE case_id IN ({_placeholders(sqlite, 1, len(case_ids))})",
            case_ids,
        )
        contacts: dict[int, list[int]] = {}
        for link in links:
            contacts.setdefault(link["case_id"], []).append(link["contact_id"])
        values: list[str] = []
        params: list[object] = []
        for r in rows:
            created = r["field"] == "created"
            data = {
                "team_id": r["team_id"],
                "assignee_id": r["assignee_id"],
                "account_id": r["account_id"],
                "reported_by_id": r["reported_by_id"],
                "contact_ids": sorted(contacts.get(r["case_id"], [])),
                "post_id": None,
                "post_visibility": None,
                "changes": [] if created else [[r["field"], r["old_value"], r["new_value"]]],
            }
            cast = "" if sqlite else "::jsonb"
            values.append(f"({_placeholders(sqlite, len(params) + 1, 6)}{cast})")
            params += [
                "CASE_CREATED" if created else "CASE_CHANGED",
                r["case_id"],
                r["actor_id"],
                r["actor_name"],
                r["at"],
                dumps(data).decode(),
            ]
        await client.execute_query(
            "INSERT INTO events (kind, case_id, actor_id, actor_name, at, data) VALUES " + ", ".join(values),
            params,
        )


class Migration(migrations.Migration):
    dependencies = [("models", "0006_case_search_lock_order")]
    operations = [
        ops.CreateModel(
            name="EventRecord",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("kind", fields.CharField(max_length=40)),
                ("case_id", fields.IntField(null=True)),
                ("actor_id", fields.IntField(null=True)),
                ("actor_name", fields.CharField(max_length=200)),
                ("caused_by_id", fields.BigIntField(null=True)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("data", fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
            ],
            options={
                "table": "events",
                "app": "models",
                "indexes": [Index(fields=["case_id", "id"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.RunPython(forward),
        ops.DeleteModel(name="CaseHistory"),
    ]
