"""The search triggers of posts lock the case row before its search row (issue 10).

Every writer of a case locks the `cases` row first: an UPDATE of the case does, and its trigger
then rewrites `case_search`. A new post did the opposite: its trigger updated `case_search`, and
then the service updated the case (last_post_id, updated_at). A post and an edit of the same case
at once each held the row the other wanted: PostgreSQL aborted one (deadlock_detected). Here the
posts' triggers take the case row first, so both orders become the same one, without a statement
more per post. A moved post locks both cases in id order.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

POSTGRES = [
    """CREATE OR REPLACE FUNCTION casebook_case_search_post_added() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         words tsvector := casebook_words(NEW.body);
       BEGIN
         PERFORM 1 FROM cases WHERE id = NEW.case_id FOR NO KEY UPDATE;
         IF NEW.visibility = 'PUBLIC' THEN
           UPDATE case_search SET public_tsv = casebook_words_add(public_tsv || ''::tsvector, words)
            WHERE case_id = NEW.case_id;
         ELSE
           UPDATE case_search SET internal_tsv = casebook_words_add(internal_tsv || ''::tsvector, words)
            WHERE case_id = NEW.case_id;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION casebook_case_search_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'UPDATE' AND NEW.case_id <> OLD.case_id THEN
           PERFORM 1 FROM cases WHERE id IN (OLD.case_id, NEW.case_id) ORDER BY id FOR NO KEY UPDATE;
         ELSE
           PERFORM 1 FROM cases WHERE id = OLD.case_id FOR NO KEY UPDATE;
         END IF;
         PERFORM casebook_case_search_rebuild(OLD.case_id);
         IF TG_OP = 'UPDATE' AND NEW.case_id <> OLD.case_id THEN
           PERFORM casebook_case_search_rebuild(NEW.case_id);
         END IF;
         RETURN NULL;
       END $$""",
]


async def forward(apps, schema_editor):
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        return  # one writer at a time: nothing to order
    for sql in POSTGRES:
        await client.execute_script(sql)


class Migration(migrations.Migration):
    dependencies = [("models", "0005_customer_cases")]
    operations = [ops.RunPython(forward)]
