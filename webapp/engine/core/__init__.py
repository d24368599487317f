"""The bottom layer: sentinels, verdicts, problems, YAML reading and the result types.

Nothing here imports another part of the engine.
"""
