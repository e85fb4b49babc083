"""The rule engine: SPARQL CONSTRUCT rules to a fixed point, justifying every derived triple."""
