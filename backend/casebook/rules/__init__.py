"""Automation rules (issue 12): admin-made "when this happens and these conditions hold, do that".

A rule listens to one kind of event (a case created or changed, a post added, an SLA event) or is
SCHEDULED (due when a case has been in a state long enough). The `rules` consumer of the event log
(engine.py) runs them in the worker, never in the request: rules in (position, id) order, each
(rule, case, trigger) at most once by the unique key of `rule_runs`, chains of rules that trigger
each other halted at a loop or at depth 5. Scheduled rules keep a due time per case (timers.py).

The same code evaluates a rule live and in testRule's dry run: facts.load builds what a rule sees,
conditions.evaluate answers with the whole check tree.
"""
