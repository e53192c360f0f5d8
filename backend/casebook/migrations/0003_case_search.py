"""One search document per case on PostgreSQL (issue 5).

`case_search` holds, per case, the words of its subject, description and PUBLIC posts
(`public_tsv`) and of its INTERNAL posts (`internal_tsv`), as stripped tsvectors (no positions:
search needs only which words occur), each with a GIN index. Triggers keep it current: a new
case adds its row, a new post appends its words, an edited subject or description, or an
edited, moved or deleted post rebuilds that case's row. Existing data is backfilled here.

Why one row per case: the list asks for the 25 most recent cases whose text contains the
words. Per-post indexes (0002) had to collect every matching post before ordering, 0.5 s and
more for a common word; a per-case document lets PostgreSQL either walk the keyset index and
test each case with a cheap `@@` (common words) or take the GIN bitmap (rare words).

Why its own table and not columns on `cases`: every UPDATE of a case (each post bumps
`updated_at`, status, assignee...) is a non-HOT update that re-inserts all of a row's GIN
entries, and wide rows would slow every case list. Here only a new post or a text edit touches
the search row.

The 0002 expression indexes are dropped: nothing reads them any more. SQLite keeps its FTS5
tables from 0002 unchanged.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# A case's document stops growing short of tsvector's 1 MB limit (a post never fails for it).
MAX_BYTES = 1_000_000

POSTGRES = [
    "CREATE TABLE case_search ("
    " case_id integer PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,"
    " public_tsv tsvector NOT NULL DEFAULT '',"
    " internal_tsv tsvector NOT NULL DEFAULT '')",
    # The words of one text, without positions.
    """CREATE FUNCTION casebook_words(body text) RETURNS tsvector
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT strip(to_tsvector('simple', coalesce(body, ''))) $$""",
    # acc || more, unless that would pass the size cap. Both are raw (not compressed) here: the
    # trigger detoasts the stored value first.
    f"""CREATE FUNCTION casebook_words_add(acc tsvector, more tsvector) RETURNS tsvector
         LANGUAGE sql IMMUTABLE PARALLEL SAFE
         AS $$ SELECT CASE WHEN pg_column_size(acc) + pg_column_size(more) < {MAX_BYTES}
                      THEN acc || more ELSE acc END $$""",
    """CREATE AGGREGATE casebook_words_agg(tsvector)
         (SFUNC = casebook_words_add, STYPE = tsvector, INITCOND = '')""",
    # The whole row of one case, from its current text (edits, deletes, moved posts).
    """CREATE FUNCTION casebook_case_search_rebuild(cid integer) RETURNS void LANGUAGE sql AS $$
         INSERT INTO case_search (case_id, public_tsv, internal_tsv)
         SELECT c.id,
                casebook_words_add(
                  casebook_words(coalesce(c.subject, '') || ' ' || coalesce(c.description, '')),
                  (SELECT casebook_words_agg(casebook_words(p.body) ORDER BY p.id) FROM posts p
                    WHERE p.case_id = c.id AND p.visibility = 'PUBLIC')),
                (SELECT casebook_words_agg(casebook_words(p.body) ORDER BY p.id) FROM posts p
                  WHERE p.case_id = c.id AND p.visibility <> 'PUBLIC')
           FROM cases c WHERE c.id = cid
         ON CONFLICT (case_id) DO UPDATE
           SET public_tsv = excluded.public_tsv, internal_tsv = excluded.internal_tsv
       $$""",
    # Every case at once (this migration, bench/generate.py after its COPY).
    """CREATE FUNCTION casebook_case_search_fill() RETURNS void LANGUAGE sql AS $$
         INSERT INTO case_search (case_id, public_tsv, internal_tsv)
         SELECT c.id,
                casebook_words_add(
                  casebook_words(coalesce(c.subject, '') || ' ' || coalesce(c.description, '')),
                  coalesce(p.public_tsv, '')),
                coalesce(p.internal_tsv, '')
           FROM cases c
           LEFT JOIN (SELECT case_id,
                             casebook_words_agg(casebook_words(body) ORDER BY id)
                               FILTER (WHERE visibility = 'PUBLIC') AS public_tsv,
                             casebook_words_agg(casebook_words(body) ORDER BY id)
                               FILTER (WHERE visibility <> 'PUBLIC') AS internal_tsv
                        FROM posts GROUP BY case_id) p ON p.case_id = c.id
         ON CONFLICT (case_id) DO UPDATE
           SET public_tsv = excluded.public_tsv, internal_tsv = excluded.internal_tsv
       $$""",
    """CREATE FUNCTION casebook_case_search_cases() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           INSERT INTO case_search (case_id, public_tsv)
           VALUES (NEW.id, casebook_words(coalesce(NEW.subject, '') || ' ' || coalesce(NEW.description, '')))
           ON CONFLICT (case_id) DO NOTHING;
         ELSE
           PERFORM casebook_case_search_rebuild(NEW.id);
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER case_search_cases_ai AFTER INSERT ON cases
         FOR EACH ROW EXECUTE FUNCTION casebook_case_search_cases()""",
    """CREATE TRIGGER case_search_cases_au AFTER UPDATE OF subject, description ON cases
         FOR EACH ROW WHEN (old.subject IS DISTINCT FROM new.subject
                            OR old.description IS DISTINCT FROM new.description)
         EXECUTE FUNCTION casebook_case_search_cases()""",
    # A new post only appends its words: no other post is read.
    """CREATE FUNCTION casebook_case_search_post_added() RETURNS trigger LANGUAGE plpgsql AS $$
       DECLARE
         words tsvector := casebook_words(NEW.body);
       BEGIN
         IF NEW.visibility = 'PUBLIC' THEN
           UPDATE case_search SET public_tsv = casebook_words_add(public_tsv || ''::tsvector, words)
            WHERE case_id = NEW.case_id;
         ELSE
           UPDATE case_search SET internal_tsv = casebook_words_add(internal_tsv || ''::tsvector, words)
            WHERE case_id = NEW.case_id;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER case_search_posts_ai AFTER INSERT ON posts
         FOR EACH ROW EXECUTE FUNCTION casebook_case_search_post_added()""",
    """CREATE FUNCTION casebook_case_search_post_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM casebook_case_search_rebuild(OLD.case_id);
         IF TG_OP = 'UPDATE' AND NEW.case_id <> OLD.case_id THEN
           PERFORM casebook_case_search_rebuild(NEW.case_id);
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER case_search_posts_au AFTER UPDATE OF body, visibility, case_id ON posts
         FOR EACH ROW WHEN (old.body IS DISTINCT FROM new.body OR old.visibility IS DISTINCT FROM new.visibility
                            OR old.case_id IS DISTINCT FROM new.case_id)
         EXECUTE FUNCTION casebook_case_search_post_changed()""",
    """CREATE TRIGGER case_search_posts_ad AFTER DELETE ON posts
         FOR EACH ROW EXECUTE FUNCTION casebook_case_search_post_changed()""",
    # Every case with the words, from the GIN indexes only (listing.py, when the words are rare
    # among the most recent cases). PostgreSQL's cost of a GIN prefix match is far too high
    # (0.3 ms estimated as a 1 M-row scan's cost): without this setting it scans the table, 250 ms.
    """CREATE FUNCTION casebook_search_hits(terms text[], internal boolean) RETURNS SETOF integer
         LANGUAGE plpgsql STABLE SET enable_seqscan = off SET jit = off AS $$
       BEGIN
         IF NOT internal THEN
           RETURN QUERY SELECT s.case_id FROM case_search s
             WHERE s.public_tsv @@ to_tsquery('simple', array_to_string(terms, ' & '));
         ELSE
           -- Word by word: one word may be in a public post, another in an internal one.
           RETURN QUERY EXECUTE 'SELECT s.case_id FROM case_search s WHERE ' || (
             SELECT string_agg(format('(s.public_tsv @@ to_tsquery(''simple'', %L)'
                                      ' OR s.internal_tsv @@ to_tsquery(''simple'', %L))', t, t), ' AND ')
               FROM unnest(terms) t);
         END IF;
       END $$""",
    "SELECT casebook_case_search_fill()",
    "CREATE INDEX case_search_public_idx ON case_search USING GIN (public_tsv)",
    "CREATE INDEX case_search_internal_idx ON case_search USING GIN (internal_tsv)",
    "DROP INDEX IF EXISTS cases_search_idx",
    "DROP INDEX IF EXISTS posts_search_idx",
    "ANALYZE case_search",
]


async def forward(apps, schema_editor):
    client = schema_editor.client
    if client.capabilities.dialect == "sqlite":
        return  # FTS5 (0002) already indexes every text; listing.py matches word by word.
    for sql in POSTGRES:
        await client.execute_script(sql)


class Migration(migrations.Migration):
    dependencies = [("models", "0002_search_and_numbers")]
    operations = [ops.RunPython(forward)]
