"""SPARQL for researchers and for remote stores.

- :mod:`kb.sparql.named`: the named competency questions in ``ontology/queries/*.rq`` and their parameters
- :mod:`kb.sparql.safety`: refusing updates, ``SERVICE`` and ``FROM`` in user-written queries before they run
- :mod:`kb.sparql.sandbox`: running a user query in a child process with a hard time limit and a row cap
- :mod:`kb.sparql.remote`: a :class:`~kb.store.Store` on any SPARQL 1.1 endpoint (a KB on top of it:
  :func:`kb.knowledge_base.connect_kb`)
- :mod:`kb.sparql.server`: building an Oxigraph database from the KB and running ``oxigraph serve``
- :mod:`kb.sparql.formats`: SPARQL 1.1 JSON results and the table/csv/tsv/json/ttl output formats
"""
