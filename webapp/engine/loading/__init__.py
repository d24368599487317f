"""The loading layer: read the YAML files of a rules directory, validate every part (problems
by file, id and field) and build the plain data of a ``RuleBase``."""
