"""Background work: durable jobs and timers in the database (jobs.py), the event-log consumers and
their checkpoints (consumers.py), the leases of singleton loops (leases.py) and the worker loop
that runs them all (worker.py).

Why our own, about 500 lines, rather than a library (checked against their documentation, 2026):
- procrastinate keeps its jobs in PostgreSQL and only there; Casebook's default is an embedded
  SQLite database, which must run the same background work.
- arq is built on Redis (and is in maintenance-only mode); a job in Redis cannot commit or roll
  back with the change that caused it, and Redis would become required for a single-process install.
- SAQ works on Redis or, since 0.18, on PostgreSQL, but not SQLite, and over its own psycopg pool:
  a job cannot join the write's transaction on our asyncpg/Tortoise connection either.
What we need is small: a job row written in the same transaction as the change (or the consumer
step) that asks for it, claimed with FOR UPDATE SKIP LOCKED where PostgreSQL has it, and the same
tables and code on SQLite. The event log already is the queue of "something happened"; jobs are
only what must happen later or again.
"""
