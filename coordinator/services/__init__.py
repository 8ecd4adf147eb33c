"""Use cases: load, check, call the domain, change, audit. They take the actor and the date, flush, never commit."""
