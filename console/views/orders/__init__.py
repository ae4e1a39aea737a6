"""The dispatch queue, the order pane and its dialogs, intake, escalation alerts."""
