"""Activities on a case: work for a person beside the conversation. Tasks now (a to-do with an
assignee and a due time, made by an agent or a rule's CREATE_TASK); calls and meetings will join
them here. Staff only: customers never see a case's activities (casebook.visibility)."""
