"""Assignment per team (issue 12): a team's strategy chooses the agent of its new cases.

`services.choose_assignee` decides from the team's members (active, not away, below the team's
cap), `services.assign_automatically` does it under the team row's lock and writes the case's
assignment with its reason through casebook.cases.services.assign_case, and `services.drain` works
a team's queue oldest case first. The `assignment` consumer (consumer.py) runs them off the request
path, from the event log; a drain job (queue.py) covers what the log does not carry (an agent back
from away, a team's settings).

Away is the user's toggle (`isAway`, settable by the user and by admins) or a scheduled absence
covering now (casebook.users.absences, entered in the user's time zone); `services._eligibility`
is the one place that asks. An absence's end, its early deletion, a reactivation and a new team
member queue drains; the periodic `assignment.sweep` drains whatever nothing else woke.
"""
