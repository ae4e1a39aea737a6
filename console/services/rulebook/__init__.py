"""Editing the working-day calendar and the time-limit policy, and the calendar's published horizon."""
