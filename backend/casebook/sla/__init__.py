"""The SLA clock (issue 13, being built): business calendars first, in pure logic; policies,
the per-case timeline of segments and the timers come on top of them."""
