"""Explanations of a recommendation: summaries, WHY trees, WHY NOT entries and the HOW trace, in five formats.

- :mod:`kb.explain.tree`: explanation trees from rule justifications; :mod:`kb.explain.summary`: one-line
  summaries and the disagreements a recommendation rests on
- :mod:`kb.explain.render`: :func:`~kb.explain.render.render` in ``text``, ``markdown``, ``json``, ``dot``,
  ``html`` (one module per format)
"""
