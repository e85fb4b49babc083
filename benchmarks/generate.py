"""Synthetic PoreKB knowledge bases shaped like ours, at any size, deterministic by seed.

A generated KB is a complete ontology folder (the layout of ``ontology/``): the real TBox ``porekb.ttl``,
the real shapes, rules, QC and named queries (copied), and ``facts/generated.ttl`` with N treatments,
mechanisms, causes, cautions, codes, sources and the claims that back every reasoned-with fact (as
``docs/MODELING.md`` asks). ``facts/zz-injected.ttl`` adds a known small number of violations so that
validators have findings to compare; ``clean=True`` leaves it out (the reasoner and the rules run on the
clean KB).

    .venv/bin/python -m benchmarks.generate --triples 1e4 --seed 1 --out /tmp/kb-1e4
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kb import paths

PKB = "https://w3id.org/porekb/"
OBO = "http://purl.obolibrary.org/obo/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
DEFINITION = f"<{OBO}IAO_0000115>"
NAMED_INDIVIDUAL = "<http://www.w3.org/2002/07/owl#NamedIndividual>"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ECO_AUTHOR = f"<{OBO}ECO_0000303>"
ECO_CURATOR = f"<{OBO}ECO_0000305>"

TREATMENT_KINDS = {  # asserted class -> features it always has (consistent with the TBox's disjointness)
    "TopicalTreatment": (),
    "MechanicalTreatment": ("feature-needles",),
    "LaserTreatment": ("feature-laser",),
    "InjectableTreatment": ("feature-injection", "feature-needles"),
    "SystemicDrugTreatment": ("feature-prescription", "feature-systemic"),
}
NAMED_MECHANISMS = (
    "mechanism-collagen-induction",
    "mechanism-sebum-suppression",
    "mechanism-exfoliation-deep-cleansing",
    "mechanism-oil-debris-breakdown",
)
FEATURES = (
    "feature-needles",
    "feature-injection",
    "feature-laser",
    "feature-prescription",
    "feature-systemic",
)
INVASIVENESS = ("invasiveness-non-invasive", "invasiveness-minimally-invasive", "invasiveness-invasive")
SCHEMES = {  # scheme -> (JSON field, class of its codes, codes)
    "scheme-sex": ("sex", "Sex", ("female", "male")),
    "scheme-pregnancy": ("pregnant", "PregnancyStatus", ("true", "false")),
    "scheme-skin-type": ("skin_type", "SkinType", ("oily", "dry", "combination", "normal")),
    "scheme-avoid": ("avoid", "Avoidance", ("needles", "injection", "laser", "prescription", "systemic")),
}
CODE_PREFIX = {
    "scheme-sex": "sex",
    "scheme-pregnancy": "pregnancy",
    "scheme-skin-type": "skin",
    "scheme-avoid": "avoid",
    "scheme-findings": "finding",
    "scheme-history": "history",
}
CODE_LOCAL = {"true": "pregnancy-pregnant", "false": "pregnancy-not-pregnant"}
AVOID_EXCLUDES = {
    "needles": "NeedleTreatment",
    "injection": "InjectionTreatment",
    "laser": "LaserUsingTreatment",
    "prescription": "PrescriptionOnlyTreatment",
    "systemic": "SystemicTreatment",
}

# The kinds of injected violation: each breaks one core SHACL constraint that our shapes state (MODELING.md)
# without making the ontology inconsistent for the OWL reasoner.
VIOLATION_KINDS = (
    "missing-label",  # sh:minCount 1 on rdfs:label
    "second-label",  # sh:maxCount 1 on rdfs:label
    "label-not-english",  # sh:languageIn ("en") / sh:datatype rdf:langString
    "claim-without-source",  # sh:minCount 1 on pkb:citesSource
    "claim-bad-evidence",  # sh:in (ECO_0000303 ECO_0000305) on pkb:evidence
    "acts-through-undeclared",  # sh:class pkb:Mechanism on pkb:actsThrough (OWL infers its type, SHACL not)
    "schedule-not-string",  # sh:datatype xsd:string on pkb:schedule
    "notation-bad-pattern",  # sh:pattern on skos:notation
    "claim-subject-literal",  # sh:nodeKind sh:IRI on pkb:claimSubject
    "downtime-negative",  # sh:node (sh:or of datatypes, sh:minInclusive 0) on pkb:downtimeDaysMax
    "treatment-without-kind",  # sh:or of sh:class at node level (a warning)
    "claim-object-and-value",  # sh:xone (claimObject or claimValue)
)


def iri(local: str) -> str:
    """An N-Triples IRI in the pkb namespace."""
    return f"<{PKB}{local}>"


def en(text: str) -> str:
    """An English literal."""
    return f'"{text}"@en'


def typed(value: object, datatype: str) -> str:
    """A typed literal (``datatype`` is an XSD local name)."""
    return f'"{value}"^^<{XSD}{datatype}>'


@dataclass
class GeneratedKB:
    """A generated ontology folder and what is in it."""

    directory: Path
    seed: int
    target_triples: int
    tbox_triples: int
    fact_triples: int
    injected: list[tuple[str, str]] = field(default_factory=list)  # (kind, focus IRI)
    blocks: int = 0
    finding_codes: list[str] = field(default_factory=list)
    history_codes: list[str] = field(default_factory=list)
    shapes_origin: str = ""

    @property
    def triples(self) -> int:
        """TBox plus generated facts plus injected triples (what validation and load see)."""
        return self.tbox_triples + self.fact_triples

    def facts_file(self) -> Path:
        """The generated facts (clean)."""
        return self.directory / "facts" / "generated.ttl"

    def injected_file(self) -> Path:
        """The injected violations (absent if none)."""
        return self.directory / "facts" / "zz-injected.ttl"


class _Writer:
    """Collects N-Triples lines and counts them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def t(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .\n")

    def individual(self, node: str, cls: str, label: str, definition: str | None = None) -> None:
        self.t(node, RDF_TYPE, iri(cls))
        self.t(node, RDF_TYPE, NAMED_INDIVIDUAL)
        self.t(node, LABEL, en(label))
        if definition is not None:
            self.t(node, DEFINITION, en(definition))


class _Generator:
    def __init__(self, seed: int, tbox_text: str = "") -> None:
        self.rng = random.Random(seed)
        self.tbox_text = tbox_text
        self.w = _Writer()
        self.sources: list[str] = []
        self.findings: list[str] = ["finding-enlarged-pores"]
        self.histories: list[str] = []
        self.causes: list[str] = []
        self.claims = 0

    def claim(self, subject: str, predicate: str, obj: str | None = None, value: str | None = None) -> None:
        """A claim backing one asserted fact (MODELING.md, 'Claims')."""
        self.claims += 1
        n = self.claims
        node = iri(f"claim-g{n:07d}")
        w = self.w
        w.individual(node, "Claim", f"claim g{n:07d}")
        w.t(node, iri("statement"), en(f"Generated statement number {n}."))
        w.t(node, iri("claimSubject"), iri(subject))
        w.t(node, iri("claimPredicate"), iri(predicate))
        if obj is not None:
            w.t(node, iri("claimObject"), iri(obj))
        else:
            w.t(node, iri("claimValue"), value or '""')
        w.t(node, iri("citesSource"), iri(self.rng.choice(self.sources)))
        w.t(node, iri("quote"), f'"generated quote number {n}"')
        curated = self.rng.random() < 0.1
        w.t(node, iri("evidence"), ECO_CURATOR if curated else ECO_AUTHOR)
        if curated:
            w.t(node, iri("curatorNote"), f'"joined two statements ({n})"')

    def fact(self, s: str, p: str, o: str) -> None:
        """An asserted object fact and its claim."""
        self.w.t(iri(s), iri(p), iri(o))
        self.claim(s, p, obj=o)

    def value_fact(self, s: str, p: str, literal: str) -> None:
        """An asserted literal fact and its claim."""
        self.w.t(iri(s), iri(p), literal)
        self.claim(s, p, value=literal)

    def core(self) -> None:
        """The fixed vocabulary every KB has: schemes and codes, features, invasiveness, named mechanisms."""
        w = self.w
        self.source(0)
        for scheme, (json_field, cls, codes) in SCHEMES.items():
            self.scheme(scheme, json_field)
            for code in codes:
                node = iri(CODE_LOCAL.get(code, f"{CODE_PREFIX[scheme]}-{code}"))
                w.individual(node, cls, f"{json_field} {code}", f"The {json_field} code {code}.")
                w.t(node, f"<{SKOS}notation>", f'"{code}"')
                w.t(node, f"<{SKOS}inScheme>", iri(scheme))
                if scheme == "scheme-avoid":
                    w.t(node, iri("excludesClass"), iri(AVOID_EXCLUDES[code]))
        self.scheme("scheme-findings", "findings")
        self.scheme("scheme-history", "history")
        self.code("finding-enlarged-pores", "Finding", "scheme-findings", "enlarged-pores")
        for feature in FEATURES:
            w.individual(
                iri(feature), "TreatmentFeature", feature.replace("-", " "), f"The {feature} feature."
            )
        for rank, level in enumerate(INVASIVENESS):
            w.individual(iri(level), "InvasivenessLevel", level.replace("-", " "), f"The level {level}.")
            w.t(iri(level), iri("rank"), typed(rank, "integer"))
        if "caution-downtime-not-stated" not in self.tbox_text:  # rule 52 names it; newer TBoxes define it
            w.individual(
                iri("caution-downtime-not-stated"),
                "Caution",
                "downtime not stated",
                "No source states the downtime of this treatment.",
            )
        for mechanism in NAMED_MECHANISMS:
            w.individual(iri(mechanism), "Mechanism", mechanism.replace("-", " "), f"The {mechanism}.")

    def scheme(self, scheme: str, json_field: str) -> None:
        """A code scheme: a plain named individual naming its JSON field."""
        self.w.t(iri(scheme), RDF_TYPE, NAMED_INDIVIDUAL)
        self.w.t(iri(scheme), RDF_TYPE, f"<{SKOS}ConceptScheme>")
        self.w.t(iri(scheme), LABEL, en(f"code scheme {scheme}"))
        self.w.t(iri(scheme), DEFINITION, en(f"The codes of the JSON field {json_field}."))
        self.w.t(iri(scheme), iri("jsonField"), f'"{json_field}"')

    def source(self, j: int) -> None:
        local = f"source-g{j:05d}"
        node = iri(local)
        w = self.w
        w.individual(node, "SourceDocument", f"generated source {j}", f"Generated source document {j}.")
        w.t(node, f"<{DCT}title>", f'"Generated article {j}"')
        w.t(node, f"<{DCT}publisher>", f'"Clinic {j % 17}"')
        w.t(node, f"<{DCT}subject>", f'"enlarged pores, topic {j % 5}"')
        w.t(node, iri("sourceFile"), f'"{j:03d}_{j * 7919 % 16**8:016x}.txt"')
        self.sources.append(local)

    def code(self, local: str, cls: str, scheme: str, notation: str) -> None:
        node = iri(local)
        self.w.individual(node, cls, f"{cls.lower()} {notation}", f"The {cls.lower()} code {notation}.")
        self.w.t(node, f"<{SKOS}notation>", f'"{notation}"')
        self.w.t(node, f"<{SKOS}inScheme>", iri(scheme))

    def block(self, i: int) -> None:
        """One cause, one mechanism, one treatment (sometimes a caution and codes), with their claims."""
        rng, w = self.rng, self.w
        if i % 20 == 0:
            self.source(i // 20 + 1)
        if i % 5 == 0:
            finding = f"finding-g{i // 5:05d}"
            self.code(finding, "Finding", "scheme-findings", finding.removeprefix("finding-"))
            self.findings.append(finding)
            history = f"history-g{i // 5:05d}"
            self.code(history, "HistoryItem", "scheme-history", history.removeprefix("history-"))
            self.histories.append(history)
        cause = f"cause-g{i:05d}"
        w.individual(iri(cause), "Cause", f"generated cause {i}", f"Generated cause number {i}.")
        w.t(
            iri(cause),
            iri("involvesStructure"),
            iri(rng.choice(("Sebum", "Collagen", "Elastin", "HairFollicle"))),
        )
        self.value_fact(cause, "isModifiable", typed("true" if rng.random() < 0.7 else "false", "boolean"))
        self.fact(cause, "contributesTo", rng.choice(self.findings))
        if self.causes and rng.random() < 0.3:
            self.fact(cause, "aggravates", rng.choice(self.causes))
        self.causes.append(cause)
        self.fact(self.findings[-1], "suggestsCause", cause)
        if rng.random() < 0.5:
            self.fact(self.histories[-1], "suggestsCause", rng.choice(self.causes))

        mechanism = f"mechanism-g{i:05d}"
        w.individual(
            iri(mechanism), "Mechanism", f"generated mechanism {i}", f"Generated mechanism number {i}."
        )
        self.fact(mechanism, "counteracts", cause)
        if rng.random() < 0.5:
            self.fact(mechanism, "counteracts", rng.choice(self.causes))

        treatment = f"treatment-g{i:05d}"
        kind = rng.choice(tuple(TREATMENT_KINDS))
        w.individual(iri(treatment), kind, f"generated treatment {i}", f"Generated treatment number {i}.")
        self.fact(treatment, "actsThrough", mechanism)
        if rng.random() < 0.5:
            self.fact(treatment, "actsThrough", rng.choice(NAMED_MECHANISMS))
        for feature in TREATMENT_KINDS[kind]:
            self.fact(treatment, "hasFeature", feature)
        w.t(iri(treatment), iri("hasInvasiveness"), iri(INVASIVENESS[min(len(TREATMENT_KINDS[kind]), 2)]))
        self.value_fact(treatment, "downtimeDaysMax", typed(rng.choice((0, 1, 2, 3, 5, 7, 14)), "decimal"))
        self.value_fact(treatment, "sessionMinutesMax", typed(rng.choice((10, 20, 30, 45, 60)), "decimal"))
        self.value_fact(treatment, "onsetWeeks", typed(rng.choice((2, 4, 8, 12)), "decimal"))
        self.value_fact(
            treatment, "schedule", f'"every {rng.randint(2, 6)} weeks, {rng.randint(1, 6)} times"'
        )
        if kind in ("SystemicDrugTreatment", "InjectableTreatment") or rng.random() < 0.1:
            self.fact(treatment, "contraindicatedFor", "pregnancy-pregnant")
        if rng.random() < 0.4:
            caution = f"caution-g{i:05d}"
            w.individual(iri(caution), "Caution", f"generated caution {i}", f"Generated caution number {i}.")
            if rng.random() < 0.5:
                w.t(iri(caution), iri("cautionAppliesWith"), iri(rng.choice(self.histories)))
            self.fact(treatment, "hasCaution", caution)


def _inject(count: int, rng: random.Random, blocks: int) -> tuple[list[str], list[tuple[str, str]]]:
    """``count`` violations (cycling through :data:`VIOLATION_KINDS`) on distinct generated nodes."""
    lines: list[str] = []
    injected: list[tuple[str, str]] = []
    for n in range(count):
        i = rng.randrange(blocks)
        kind = VIOLATION_KINDS[n % len(VIOLATION_KINDS)]
        if kind == "missing-label":
            node = iri(f"treatment-x{n:03d}")
            lines += [
                f"{node} {RDF_TYPE} {iri('TopicalTreatment')} .\n",
                f"{node} {RDF_TYPE} {NAMED_INDIVIDUAL} .\n",
                f"{node} {DEFINITION} {en('An unlabelled treatment.')} .\n",
                f"{node} {iri('actsThrough')} {iri(NAMED_MECHANISMS[0])} .\n",
                f"{node} {iri('hasInvasiveness')} {iri(INVASIVENESS[0])} .\n",
            ]
        elif kind == "second-label":
            node = iri(f"cause-g{i:05d}")
            lines.append(f"{node} {LABEL} {en(f'second label {n}')} .\n")
        elif kind == "label-not-english":
            node = iri(f"mechanism-x{n:03d}")
            lines += [
                f"{node} {RDF_TYPE} {iri('Mechanism')} .\n",
                f"{node} {RDF_TYPE} {NAMED_INDIVIDUAL} .\n",
                f'{node} {LABEL} "mecanismo {n}"@es .\n',
                f"{node} {DEFINITION} {en('A mechanism.')} .\n",
                f"{node} {iri('counteracts')} {iri(f'cause-g{i:05d}')} .\n",
            ]
        elif kind == "downtime-negative":
            node = iri(f"treatment-x{n:03d}")
            lines += [
                f"{node} {RDF_TYPE} {iri('MechanicalTreatment')} .\n",
                f"{node} {RDF_TYPE} {NAMED_INDIVIDUAL} .\n",
                f"{node} {LABEL} {en(f'treatment x{n}')} .\n",
                f"{node} {DEFINITION} {en('A treatment with a negative downtime.')} .\n",
                f"{node} {iri('actsThrough')} {iri(NAMED_MECHANISMS[0])} .\n",
                f"{node} {iri('hasInvasiveness')} {iri(INVASIVENESS[1])} .\n",
                f"{node} {iri('downtimeDaysMax')} {typed(-2, 'decimal')} .\n",
            ]
        elif kind == "treatment-without-kind":
            node = iri(f"treatment-x{n:03d}")
            lines += [
                f"{node} {RDF_TYPE} {iri('Treatment')} .\n",
                f"{node} {RDF_TYPE} {NAMED_INDIVIDUAL} .\n",
                f"{node} {LABEL} {en(f'treatment x{n}')} .\n",
                f"{node} {DEFINITION} {en('A treatment of no kind.')} .\n",
                f"{node} {iri('actsThrough')} {iri(NAMED_MECHANISMS[1])} .\n",
                f"{node} {iri('hasInvasiveness')} {iri(INVASIVENESS[0])} .\n",
            ]
        elif kind in (
            "claim-without-source",
            "claim-bad-evidence",
            "claim-subject-literal",
            "claim-object-and-value",
        ):
            node = iri(f"claim-x{n:03d}")
            lines += [
                f"{node} {RDF_TYPE} {iri('Claim')} .\n",
                f"{node} {RDF_TYPE} {NAMED_INDIVIDUAL} .\n",
                f"{node} {LABEL} {en(f'injected claim {n}')} .\n",
                f"{node} {iri('statement')} {en('An injected claim.')} .\n",
                f"{node} {iri('claimPredicate')} {iri('counteracts')} .\n",
                f"{node} {iri('claimObject')} {iri(f'cause-g{i:05d}')} .\n",
                f'{node} {iri("quote")} "injected quote {n}" .\n',
            ]
            subject = (
                f'"mechanism-g{i:05d}"' if kind == "claim-subject-literal" else iri(f"mechanism-g{i:05d}")
            )
            lines.append(f"{node} {iri('claimSubject')} {subject} .\n")
            if kind != "claim-without-source":
                lines.append(f"{node} {iri('citesSource')} {iri('source-g00000')} .\n")
            if kind == "claim-object-and-value":
                lines.append(f'{node} {iri("claimValue")} "also a value" .\n')
            evidence = f"<{OBO}ECO_0000000>" if kind == "claim-bad-evidence" else ECO_AUTHOR
            lines.append(f"{node} {iri('evidence')} {evidence} .\n")
        elif kind == "acts-through-undeclared":
            node = iri(f"treatment-g{i:05d}")
            lines.append(f"{node} {iri('actsThrough')} {iri(f'mechanism-undeclared-{n:03d}')} .\n")
        elif kind == "schedule-not-string":
            node = iri(f"treatment-g{i:05d}")
            lines.append(f"{node} {iri('schedule')} {typed(n + 3, 'integer')} .\n")
        elif kind == "notation-bad-pattern":
            node = iri(f"history-x{n:03d}")
            lines += [
                f"{node} {RDF_TYPE} {iri('HistoryItem')} .\n",
                f"{node} {RDF_TYPE} {NAMED_INDIVIDUAL} .\n",
                f"{node} {LABEL} {en(f'injected history {n}')} .\n",
                f"{node} {DEFINITION} {en('A history code with a bad notation.')} .\n",
                f'{node} <{SKOS}notation> "Bad Notation {n}" .\n',
                f"{node} <{SKOS}inScheme> {iri('scheme-history')} .\n",
            ]
        injected.append((kind, node.strip("<>")))
    return lines, injected


def count_triples(path: Path) -> int:
    """How many triples a Turtle file holds (parsed with pyoxigraph)."""
    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def _copy_declarative(source: Path, target: Path) -> str:
    """Copy the TBox, shapes, rules, QC and named queries; return where the shapes came from."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source / "porekb.ttl", target / "porekb.ttl")
    for folder in ("shapes", "rules", "qc", "queries"):
        if (target / folder).exists():
            shutil.rmtree(target / folder)
        if (source / folder).is_dir():
            shutil.copytree(source / folder, target / folder)
        else:
            (target / folder).mkdir()
    if not (target / "shapes" / "kb.ttl").is_file():
        raise FileNotFoundError(f"{source}/shapes/kb.ttl: the KB shapes are missing")
    return f"{source.name}/shapes/kb.ttl"


def generate(
    target_triples: int,
    out: Path | str,
    *,
    seed: int = 0,
    violations: int = 12,
    clean: bool = False,
    ontology_dir: Path | None = None,
) -> GeneratedKB:
    """Write a KB of about ``target_triples`` triples (TBox included) to ``out``; same seed: same bytes.

    ``violations`` known violations go to ``facts/zz-injected.ttl`` unless ``clean``.
    """
    source = ontology_dir or paths.ontology_dir()
    directory = Path(out)
    origin = _copy_declarative(source, directory)
    tbox = count_triples(directory / "porekb.ttl")
    gen = _Generator(seed, (directory / "porekb.ttl").read_text(encoding="utf-8"))
    gen.core()
    blocks = 0
    budget = max(target_triples - tbox, 0)
    while len(gen.w.lines) < budget or blocks < 2:
        gen.block(blocks)
        blocks += 1
    facts = directory / "facts"
    if facts.exists():
        shutil.rmtree(facts)
    facts.mkdir()
    header = (
        "# Generated by benchmarks/generate.py: synthetic PoreKB facts, N-Triples lines (valid Turtle).\n"
    )
    (facts / "generated.ttl").write_text(header + "".join(gen.w.lines), encoding="utf-8")
    kb = GeneratedKB(
        directory,
        seed,
        target_triples,
        tbox,
        len(gen.w.lines),
        blocks=blocks,
        finding_codes=[f.removeprefix("finding-") for f in gen.findings],
        history_codes=[h.removeprefix("history-") for h in gen.histories],
        shapes_origin=origin,
    )
    if not clean and violations > 0:
        lines, kb.injected = _inject(violations, random.Random(seed + 1), blocks)
        (facts / "zz-injected.ttl").write_text("# Injected violations.\n" + "".join(lines), encoding="utf-8")
        kb.fact_triples += len(lines)
    return kb


def profiles(kb: GeneratedKB, count: int, *, seed: int = 0) -> list[dict[str, object]]:
    """``count`` JSON patient profiles over the generated codes (deterministic by seed)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        findings = ["enlarged-pores", *rng.sample(kb.finding_codes[1:], min(2, len(kb.finding_codes) - 1))]
        profile: dict[str, object] = {
            "age": rng.randint(16, 70),
            "sex": rng.choice(("female", "male")),
            "skin_type": rng.choice(("oily", "dry", "combination", "normal")),
            "findings": findings,
            "history": rng.sample(kb.history_codes, min(2, len(kb.history_codes))),
            "avoid": rng.sample(
                ("needles", "injection", "laser", "prescription", "systemic"), rng.randint(0, 2)
            ),
            "max_downtime_days": rng.choice((0, 1, 3, 7, 30)),
        }
        if profile["sex"] == "female":
            profile["pregnant"] = rng.random() < 0.2
        out.append(profile)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line: write one generated KB folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--triples", default="1e4", help="target size in triples (e.g. 1e3, 25000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--violations", type=int, default=12)
    parser.add_argument("--clean", action="store_true", help="no injected violations")
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    kb = generate(
        int(float(args.triples)), args.out, seed=args.seed, violations=args.violations, clean=args.clean
    )
    print(
        f"{kb.directory}: {kb.triples} triples ({kb.tbox_triples} TBox + {kb.fact_triples} facts), "
        f"{kb.blocks} blocks, {len(kb.injected)} injected violations; shapes: {kb.shapes_origin}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
