"""The rulebook a stored order is judged by (calendar, policy) and its cached SLA columns."""
