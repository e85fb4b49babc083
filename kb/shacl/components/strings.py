"""String-based components (SHACL 4.4): sh:minLength, sh:maxLength, sh:pattern (with sh:flags), sh:languageIn
and sh:uniqueLang."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.components.base import Compiling, Translator, Unsupported, members, sparql_string


class PatternT(Translator):
    """sh:pattern with sh:flags, https://www.w3.org/TR/shacl/#PatternConstraintComponent."""

    component, parameter = SH.PatternConstraintComponent, SH.pattern

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        flags = c.shapes.value(shape, SH.flags)
        extra = f", {sparql_string(str(flags))}" if flags is not None else ""
        return f"(!isBlank({x}) && REGEX(STR({x}), {sparql_string(str(arg))}{extra}))"


class MinLengthT(Translator):
    """sh:minLength, https://www.w3.org/TR/shacl/#MinLengthConstraintComponent."""

    component, parameter = SH.MinLengthConstraintComponent, SH.minLength
    operator = ">="

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"(!isBlank({x}) && STRLEN(STR({x})) {self.operator} {int(arg)})"


class MaxLengthT(MinLengthT):
    """sh:maxLength, https://www.w3.org/TR/shacl/#MaxLengthConstraintComponent."""

    component, parameter = SH.MaxLengthConstraintComponent, SH.maxLength
    operator = "<="


class LanguageInT(Translator):
    """sh:languageIn, https://www.w3.org/TR/shacl/#LanguageInConstraintComponent."""

    component, parameter = SH.LanguageInConstraintComponent, SH.languageIn

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        tags = [f"langMatches(LANG({x}), {sparql_string(str(t))})" for t in members(c.shapes, arg)]
        return f"(isLiteral({x}) && ({' || '.join(tags) or 'false'}))"


class UniqueLangT(Translator):
    """sh:uniqueLang, https://www.w3.org/TR/shacl/#UniqueLangConstraintComponent (property shapes only; only the
    literal ``true`` turns it on): one result per language tag used by two or more values."""

    component, parameter = SH.UniqueLangConstraintComponent, SH.uniqueLang

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        raise Unsupported("sh:uniqueLang on a node shape")

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        if arg != _TRUE:
            return "true"
        a, b = c.fresh(), c.fresh()
        return f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} . FILTER({_same_lang(a, b)}) }}"

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool] | None:
        if arg != _TRUE:
            return None
        return (
            f"SELECT DISTINCT ?this (LCASE(LANG(?a)) AS ?lang) WHERE {{ {targets} ?this {path} ?a . "
            f"?this {path} ?b . FILTER({_same_lang('?a', '?b')}) }}"
        ), False


_TRUE = Literal(True)


def _same_lang(a: str, b: str) -> str:
    return f'!sameTerm({a}, {b}) && LANG({a}) != "" && LCASE(LANG({a})) = LCASE(LANG({b}))'
