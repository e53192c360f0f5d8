"""Background work: durable jobs and timers in the database, and the event-log consumers."""
