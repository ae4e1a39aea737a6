"""Pure domain rules: calendar, SLA clocks, escalation, materials. No Qt, no database."""
