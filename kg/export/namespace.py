"""The policykg vocabulary, as an rdflib ``DefinedNamespace``, and its controlled values.

Only the terms no W3C vocabulary already covers live here; labels, titles, authors, source
links, part-of links and provenance reuse ``rdfs``, ``dcterms``, ``skos`` and ``prov`` (see
:mod:`kg.export.rdf`), so that generic RDF tools understand most of the graph without knowing
this project.  Every term is defined, with ``rdfs:label`` in Chinese and English and an
``rdfs:comment``, in the shipped ontology ``kg/export/ontology.ttl`` (:data:`ONTOLOGY_FILE`);
``tests/test_rdf_export.py`` checks the two agree term for term.

Controlled values (stance, policy-instrument type, actor type) are SKOS concepts in this same
namespace (document kinds, a list that grows with ``kg/rules/document_kinds.tsv``, in their own,
:data:`KINDS_IRI`), named like schema.org enumeration members (``pkg:Supply``, ``pkg:Require``,
``pkg:Government``).  Each carries ``skos:notation`` = the code used in ``measures.jsonl`` and
the rule files (``"supply"``), ``skos:inScheme`` its concept scheme (``pkg:InstrumentTypes``,
``pkg:Stances``, ``pkg:ActorTypes``) and ``skos:prefLabel`` in Chinese and English.

``_fail = True`` makes a misspelt term (``PKG.hasActr``) raise ``AttributeError`` at export
time instead of silently minting a new, undocumented IRI.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.ingest.header import DOCUMENT_KINDS
from kg.vocab import ActorType, Instrument, Stance

#: Namespace of the vocabulary (classes, properties and concepts).
ONTOLOGY_IRI = "https://w3id.org/policykg/ontology#"

#: Namespace of the SHACL shapes (``kg/export/shapes.ttl``).
SHAPES_IRI = "https://w3id.org/policykg/shapes#"

#: Namespace of the document-kind concepts (``kinds#Notice``), one per kg/rules/document_kinds.tsv
#: line: a list that grows with the rules, kept out of the closed vocabulary above.
KINDS_IRI = "https://w3id.org/policykg/kinds#"

#: Default namespace under which data resources (articles, measures, actors...) are minted.
#: Kept apart from the vocabulary so that data and schema can be versioned and served apart.
DEFAULT_BASE_IRI = "https://w3id.org/policykg/data/"

#: The ontology and the shapes, shipped in the package (``kg/export/*.ttl``).
ONTOLOGY_FILE = Path(__file__).with_name("ontology.ttl")
SHAPES_FILE = Path(__file__).with_name("shapes.ttl")


class PKG(DefinedNamespace):
    """policykg ontology terms.

    Every property points *from* the measure (or the part) *to* what it relates to, so no
    inverse properties are needed and a query always starts at the measure.
    """

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # --- classes ---
    SourceFile: URIRef  # an input file; names the file's TriG graph
    Article: URIRef  # one article of a source file (a newspaper page may hold several)
    Section: URIRef  # a headed part of an article
    Sentence: URIRef  # the sentence a measure was extracted from: its evidence
    Measure: URIRef  # a policy measure: verb phrase with its object
    Actor: URIRef  # who carries a measure out, or whom it targets (normalised name)
    Goal: URIRef  # what a measure is for
    Quantity: URIRef  # a number with unit and comparator (超过70% -> > 70 %)
    Echo: URIRef  # two measures of different files that say nearly the same, and how alike

    # --- object properties (measure/part -> thing) ---
    hasActor: URIRef  # Measure -> Actor that is to carry it out
    hasGoal: URIRef  # Measure -> Goal it serves
    hasTarget: URIRef  # Measure -> Actor it is aimed at (为X)
    inSection: URIRef  # Measure -> Section it falls under
    inArticle: URIRef  # Measure -> Article it belongs to
    stance: URIRef  # Measure -> concept in pkg:Stances
    instrument: URIRef  # Measure -> concept in pkg:InstrumentTypes
    actorType: URIRef  # Actor -> concept in pkg:ActorTypes
    quantity: URIRef  # Measure/Goal -> Quantity it names
    issuedBy: URIRef  # Article -> Actor that issued its document (发文机关)
    echoes: URIRef  # Measure -> Measure of another file that says nearly the same (symmetric)
    echo: URIRef  # Echo -> each of its two measures
    documentKind: URIRef  # Article -> concept in pkg:DocumentKinds (通知, 意见, 条例 …)

    # --- datatype properties ---
    stanceCue: URIRef  # Measure: the word that decided the stance (要, 鼓励)
    instrumentCue: URIRef  # Measure: the word that decided the instrument type (人才, 机制)
    rule: URIRef  # Measure: id of the extraction rule that found it (for auditing rules)
    startOffset: URIRef  # character offset (inclusive) in the decoded source file
    endOffset: URIRef  # character offset (exclusive) in the decoded source file
    sentenceText: URIRef  # Sentence: its text
    isHeading: URIRef  # Sentence: true if the sentence is itself a heading
    heading: URIRef  # Section: the heading text
    affiliation: URIRef  # Article: the authors' affiliation as printed
    addressee: URIRef  # Article: a body its document is addressed to (主送机关)
    fileName: URIRef  # SourceFile: the input file's name
    time: URIRef  # Measure/Goal: the time phrase of its sentence (到2027年)
    year: URIRef  # Measure/Goal: the year that time phrase names
    comparator: URIRef  # Quantity: = > >= < <= ~
    unit: URIRef  # Quantity: the unit as printed (%, 亿元, 家)
    score: URIRef  # Echo: how alike its measures' texts are, 0 to 1 (Jaccard of character bigrams)

    # --- concept schemes and their concepts ---
    Stances: URIRef
    Require: URIRef
    Encourage: URIRef
    Prohibit: URIRef
    Report: URIRef
    Propose: URIRef

    InstrumentTypes: URIRef
    Supply: URIRef
    Demand: URIRef
    Environment: URIRef

    ActorTypes: URIRef
    Government: URIRef
    Party: URIRef
    Enterprise: URIRef
    Financial: URIRef
    Research: URIRef
    Social: URIRef
    Public: URIRef
    Place: URIRef
    Other: URIRef

    DocumentKinds: URIRef  # its concepts are in KINDS_IRI, named in kg/rules/document_kinds.tsv


#: Graph attribute code -> SKOS concept (see kg/rulebook.py's closed sets; "other" is the
#: actor type kg.normalise gives a name no suffix matches).
STANCES: Mapping[str, URIRef] = {
    Stance.REQUIRE.value: PKG.Require,
    Stance.ENCOURAGE.value: PKG.Encourage,
    Stance.PROHIBIT.value: PKG.Prohibit,
    Stance.REPORT.value: PKG.Report,
    Stance.PROPOSE.value: PKG.Propose,
}
INSTRUMENTS: Mapping[str, URIRef] = {
    Instrument.SUPPLY.value: PKG.Supply,
    Instrument.DEMAND.value: PKG.Demand,
    Instrument.ENVIRONMENT.value: PKG.Environment,
}
#: Each actor type's concept is named as the type, capitalised (ActorType.GOVERNMENT -> pkg:Government).
ACTOR_TYPES: Mapping[str, URIRef] = {kind.value: getattr(PKG, kind.value.capitalize()) for kind in ActorType}
#: Document kind (通知) -> its concept in pkg:DocumentKinds (kinds#Notice).
KIND_CONCEPTS: Mapping[str, URIRef] = {k.kind: URIRef(KINDS_IRI + k.concept) for k in DOCUMENT_KINDS}
#: Concept scheme of each table above.
SCHEMES: Mapping[URIRef, Mapping[str, URIRef]] = {
    PKG.Stances: STANCES,
    PKG.InstrumentTypes: INSTRUMENTS,
    PKG.ActorTypes: ACTOR_TYPES,
    PKG.DocumentKinds: KIND_CONCEPTS,
}
