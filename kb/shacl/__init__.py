"""SHACL validation engines: shapes compiled to SPARQL on pyoxigraph, and pySHACL as the reference.

- :mod:`kb.shacl.paths`: SHACL paths, read once, written as SPARQL or in words;
- :mod:`kb.shacl.components`: one translator per constraint component (the registry);
- :mod:`kb.shacl.compiler`: targets and shapes to SPARQL jobs (a :class:`Plan`), and what goes to pySHACL;
- :mod:`kb.shacl.executor`: runs a plan on a store, and the pySHACL fallback;
- :mod:`kb.shacl.reference`: pySHACL, its report read into findings;
- :mod:`kb.shacl.findings`: the :class:`Finding` both engines produce.

``kb.validation.shacl`` turns findings into validation results; the W3C SHACL Core test suite
(``tests/validation/w3c``) checks the compiler.
"""

from kb.shacl.compiler import Plan, compile_shapes
from kb.shacl.components import TRANSLATORS, Unsupported
from kb.shacl.executor import FastReport, cached_plan, validate_store, validate_triples
from kb.shacl.findings import Finding
from kb.shacl.paths import ShaclPath, read_path
from kb.shacl.reference import pyshacl_findings, report_findings, run_pyshacl

__all__ = [
    "TRANSLATORS",
    "FastReport",
    "Finding",
    "Plan",
    "ShaclPath",
    "Unsupported",
    "cached_plan",
    "compile_shapes",
    "pyshacl_findings",
    "read_path",
    "report_findings",
    "run_pyshacl",
    "validate_store",
    "validate_triples",
]
