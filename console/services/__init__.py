"""Use cases, by feature on a shared core (orders, sla, access, audit). Every change to an order is one
transaction through console.services.orders.log: the change, its events and its audit row."""
