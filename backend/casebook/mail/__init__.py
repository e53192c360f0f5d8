"""E-mail: cases from group mailboxes over IMAP, replies and notifications over SMTP.

Outgoing mail is queued by the `notifications` consumer of the event log (casebook.mail.notifications,
run by casebook.background.worker), not by a listener in the process that made the change.
"""
