"""The scoring layer: one assessment's context, rows of firings scored, relaxation, and the
report's numbers for the row a result is traced to."""
