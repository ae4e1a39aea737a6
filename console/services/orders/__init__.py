"""Orders: the one write path (log), creation, intake, actions, assignment, the queue, detail, caches, escalation."""
