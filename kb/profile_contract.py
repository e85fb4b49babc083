"""The patient profile contract, read from the KB: the JSON fields, what each takes, and its title.

- The fields are the profile properties with ``pkb:jsonField`` (``ontology/porekb.ttl``).
- A field whose code scheme (a ``skos:ConceptScheme`` with the same ``pkb:jsonField``) holds exactly the codes
  ``"true"`` and ``"false"`` takes JSON ``true``/``false``; a field with any other scheme takes codes; a field
  without a scheme takes a number (checked by the shapes).
- The profile shapes (``ontology/shapes/profile.ttl``) say the rest: ``sh:maxCount 1`` on one of a field's
  shapes means a single value (otherwise a list), ``sh:minCount`` 1 or more means required, ``sh:name`` is the
  field's title and ``sh:order`` its place (in the form, and in the order fields and their errors are listed).
  ``sh:name`` on the node shape titles what is said about the profile as a whole.

No field is named in this module: a new field is a property, a shape and (for codes) a scheme in the KB.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from rdflib import RDF, SH, Graph, Literal, URIRef

from kb.namespaces import PKB

PROFILE = "profile"  # the pseudo-field of issues about the profile as a whole
YES_NO = frozenset({"true", "false"})  # the notations of a yes/no field


class ValueKind(Enum):
    """What a field's JSON value is."""

    NUMBER = "number"
    CODE = "code"
    YES_NO = "yes/no"


@dataclass(frozen=True)
class ProfileField:
    """One JSON field of a profile: its property, kind of value, cardinality, and title."""

    name: str
    property: URIRef
    kind: ValueKind
    many: bool  # a JSON list of values (no sh:maxCount 1 in its shapes)
    required: bool  # sh:minCount 1 or more
    title: str

    @property
    def coded(self) -> bool:
        """True when the field's values are KB codes (codes or yes/no)."""
        return self.kind is not ValueKind.NUMBER


@dataclass(frozen=True)
class ProfileContract:
    """The fields of a profile in their order, and the title of the profile as a whole."""

    fields: tuple[ProfileField, ...]
    title: str

    @property
    def names(self) -> tuple[str, ...]:
        """The JSON field names, in order."""
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> ProfileField | None:
        """The field called ``name``, or None."""
        return next((f for f in self.fields if f.name == name), None)

    def select(self, kind: ValueKind, *, many: bool | None = None) -> tuple[ProfileField, ...]:
        """The fields of one kind (and, if given, one cardinality), in order."""
        return tuple(f for f in self.fields if f.kind is kind and (many is None or f.many is many))

    def titles(self) -> dict[str, str]:
        """Each field's title, and the profile's under ``"profile"``."""
        return {**{f.name: f.title for f in self.fields}, PROFILE: self.title}


def _int(value: object) -> int | None:
    return int(value.toPython()) if isinstance(value, Literal) and str(value).lstrip("-").isdigit() else None


@dataclass
class _Shapes:
    """What a field's property shapes say, gathered over all of them."""

    single: bool = False
    required: bool = False
    title: str | None = None
    order: int | None = None


def _read_shapes(shapes: Graph) -> dict[str, _Shapes]:
    found: dict[str, _Shapes] = {}
    for shape in shapes.subjects(PKB.jsonField, None):
        if (shape, RDF.type, SH.PropertyShape) not in shapes:
            continue  # node shapes with a field (e.g. pregnancy only for females) say nothing of cardinality
        seen = found.setdefault(str(shapes.value(shape, PKB.jsonField)), _Shapes())
        seen.single |= _int(shapes.value(shape, SH.maxCount)) == 1
        seen.required |= (_int(shapes.value(shape, SH.minCount)) or 0) >= 1
        if (title := shapes.value(shape, SH.name)) is not None:
            seen.title = str(title)
        if (order := _int(shapes.value(shape, SH.order))) is not None:
            seen.order = order
    return found


def read_contract(
    shapes: Graph, properties: Mapping[str, URIRef], codes: Mapping[str, Mapping[str, URIRef]]
) -> ProfileContract:
    """Build the contract from the profile shapes, the fields' properties and the code tables of the KB."""
    found = _read_shapes(shapes)
    fields = []
    for name, prop in properties.items():
        seen = found.get(name, _Shapes())
        notations = set(codes.get(name, {}))
        kind = (
            ValueKind.NUMBER if not notations else ValueKind.YES_NO if notations == YES_NO else ValueKind.CODE
        )
        title = seen.title or name.replace("_", " ").capitalize()
        fields.append((seen.order, ProfileField(name, prop, kind, not seen.single, seen.required, title)))
    # ordered fields first, by sh:order; then any without one (an older KB revision), by name
    fields.sort(key=lambda t: (t[0] is None, t[0] or 0, t[1].name))
    node_title = next(
        (
            str(t)
            for s in shapes.subjects(SH.targetClass, PKB.PatientProfile)
            if (t := shapes.value(s, SH.name))
        ),
        PROFILE.capitalize(),
    )
    return ProfileContract(tuple(f for _, f in fields), node_title)
