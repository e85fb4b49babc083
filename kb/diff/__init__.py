"""``porekb diff``: what a change to the KB changes, by label, for a pull-request comment.

- :mod:`kb.diff.revisions`: a git revision or a directory as an ontology folder on disk
- :mod:`kb.diff.terms`: terms added, removed and changed (asserted triples, by label)
- :mod:`kb.diff.classification`: what the OWL reasoner infers differently
- :mod:`kb.diff.conclusions`: what the recommender concludes differently on every scenario profile
- :mod:`kb.diff.report`: the whole diff, as Markdown or JSON
"""

from __future__ import annotations

from kb.diff.report import DiffReport, diff_kbs

__all__ = ["DiffReport", "diff_kbs"]
