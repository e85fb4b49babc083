"""What the OWL reasoner concludes differently: inferred types and subclasses, unsatisfiable classes."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef

from kb.labels import GraphLabels
from kb.namespaces import curie
from kb.reasoning import Classification
from kb.store import Triple


@dataclass
class Inference:
    """One inferred statement: ``subject`` is a ``object`` (type) or a subclass of ``object``."""

    relation: str  # "type" or "subclass"
    subject: str
    subject_label: str
    object: str
    object_label: str

    def sentence(self) -> str:
        """The inference in English, by label."""
        verb = "is inferred to be a" if self.relation == "type" else "is inferred to be a subclass of"
        return f"{self.subject_label} {verb} {self.object_label}"

    def to_dict(self) -> dict[str, str]:
        """JSON-ready."""
        return {
            "relation": self.relation,
            "subject": self.subject,
            "subject_label": self.subject_label,
            "object": self.object,
            "object_label": self.object_label,
            "text": self.sentence(),
        }


@dataclass
class ClassificationDiff:
    """Inferences gained and lost, classes that became (un)satisfiable, and the consistency of each side."""

    reasoner: tuple[str, str]
    consistent: tuple[bool, bool]
    gained: list[Inference] = field(default_factory=list)
    lost: list[Inference] = field(default_factory=list)
    newly_unsatisfiable: list[str] = field(default_factory=list)
    no_longer_unsatisfiable: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the reasoner concludes the same on both sides."""
        return (
            self.consistent[0] == self.consistent[1]
            and not self.gained
            and not self.lost
            and not self.newly_unsatisfiable
            and not self.no_longer_unsatisfiable
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "reasoner": {"base": self.reasoner[0], "head": self.reasoner[1]},
            "consistent": {"base": self.consistent[0], "head": self.consistent[1]},
            "gained": [i.to_dict() for i in self.gained],
            "lost": [i.to_dict() for i in self.lost],
            "newly_unsatisfiable": self.newly_unsatisfiable,
            "no_longer_unsatisfiable": self.no_longer_unsatisfiable,
        }


def _named_entailments(asserted: Graph, inferred: list[Triple]) -> set[Triple]:
    """Named type and subclass statements, asserted or inferred."""
    out = {t for t in inferred if t[1] in (RDF.type, RDFS.subClassOf)}
    for p in (RDF.type, RDFS.subClassOf):
        out |= {
            (s, p, o)
            for s, o in asserted.subject_objects(p)
            if isinstance(s, URIRef) and isinstance(o, URIRef)
        }
    return out


def _inference(t: Triple, labels: GraphLabels) -> Inference:
    s, p, o = t
    return Inference(
        "type" if p == RDF.type else "subclass",
        curie(str(s)),
        labels.label(s),
        curie(str(o)),
        labels.label(o),
    )


def diff_classification(
    base: Classification, head: Classification, base_graph: Graph, head_graph: Graph
) -> ClassificationDiff:
    """Compare two classifications. An inference counts as gained only if the base did not entail it at all
    (asserted or inferred), and lost only if the head does not entail it, so moving a fact from inferred to
    asserted is not reported."""
    labels = GraphLabels([head_graph, base_graph])
    base_all = _named_entailments(base_graph, base.inferred)
    head_all = _named_entailments(head_graph, head.inferred)
    key = lambda i: (i.relation, i.subject_label.lower(), i.object_label.lower())  # noqa: E731
    gained = sorted((_inference(t, labels) for t in set(head.inferred) - base_all), key=key)
    lost = sorted((_inference(t, labels) for t in set(base.inferred) - head_all), key=key)
    old_unsat, new_unsat = set(base.unsatisfiable), set(head.unsatisfiable)
    return ClassificationDiff(
        reasoner=(base.reasoner, head.reasoner),
        consistent=(base.consistent, head.consistent),
        gained=gained,
        lost=lost,
        newly_unsatisfiable=sorted(labels.label(c) for c in new_unsat - old_unsat),
        no_longer_unsatisfiable=sorted(labels.label(c) for c in old_unsat - new_unsat),
    )
