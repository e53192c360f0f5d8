"""In-app notifications (the bell): a row per recipient, written by `services.notify` inside the
caller's unit of work (a rule's NOTIFY action, a new task), optionally mirrored by e-mail through
the outbox. Only the recipient reads her rows, and the case a row names is shown only while she
may still see it (casebook.visibility)."""
