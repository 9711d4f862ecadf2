"""The policykg vocabulary, as an rdflib ``DefinedNamespace``.

Only the terms no W3C vocabulary already covers live here; labels, titles, authors, source
files, part-of links and provenance reuse ``rdfs``, ``dcterms``, ``skos`` and ``prov`` (see
:mod:`kg.export.rdf`), so that generic RDF tools understand most of the graph without knowing
this project.

``_fail = True`` makes a misspelt term (``PKG.hasActr``) raise ``AttributeError`` at export
time instead of silently minting a new, undocumented IRI.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

#: Namespace of the vocabulary (classes and properties).
ONTOLOGY_IRI = "https://w3id.org/policykg/ontology#"

#: Default namespace under which data resources (articles, measures, actors...) are minted.
#: Kept apart from the vocabulary so that data and schema can be versioned and served apart.
DEFAULT_BASE_IRI = "https://w3id.org/policykg/data/"


class PKG(DefinedNamespace):
    """policykg ontology terms.

    Every property points *from* the measure (or the part) *to* what it relates to, so no
    inverse properties are needed and a query always starts at the measure.
    """

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # --- classes ---
    Article: URIRef  # one article of a source file (a newspaper page may hold several)
    Section: URIRef  # a headed part of an article
    Sentence: URIRef  # the sentence a measure was extracted from: its evidence
    Measure: URIRef  # a policy measure: verb phrase with its object
    Actor: URIRef  # who carries a measure out, or whom it targets (normalised name)
    Goal: URIRef  # what a measure is for

    # --- object properties (measure/part -> thing) ---
    hasActor: URIRef  # Measure -> Actor that is to carry it out
    hasGoal: URIRef  # Measure -> Goal it serves
    hasTarget: URIRef  # Measure -> Actor it is aimed at
    inSection: URIRef  # Measure -> Section it falls under
    inArticle: URIRef  # Measure -> Article it belongs to

    # --- datatype properties ---
    stance: URIRef  # Measure: how the text puts it (e.g. "propose"); a plain string code
    rule: URIRef  # Measure: id of the extraction rule that found it (for auditing rules)
    actorType: URIRef  # Actor: type code from the rulebook's type table (e.g. "gov")
    startOffset: URIRef  # character offset (inclusive) in the decoded source file
    endOffset: URIRef  # character offset (exclusive) in the decoded source file
    sentenceText: URIRef  # Sentence: its normalised text
    heading: URIRef  # Section: the heading text
    isHeading: URIRef  # Sentence: true if the sentence is itself a heading
    affiliation: URIRef  # Article: the authors' affiliation as printed
