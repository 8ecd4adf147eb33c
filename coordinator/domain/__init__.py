"""Pure domain logic: no Flask, no SQLAlchemy (a test enforces it). The clock and the actor are passed in."""
