"""Administration dialogs: working-day calendar, time-limit policy, the audit chain."""
