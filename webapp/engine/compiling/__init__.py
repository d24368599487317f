"""The compiling layer: the rule base turned, once at load, into what scoring and analysis run
on: condition evaluators, the applicability resolver, answer domains and the scorer's arrays."""
