"""Use cases. Each write is one transaction: the change, its OrderEvent and its audit row."""
