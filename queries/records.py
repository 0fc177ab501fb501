"""The records the search and the who-card return: typed rows, as the store's are
(:mod:`store.rows`). They stay mappings, which the CLI prints as JSON and the API checks
against its response models (:mod:`gazette.api_models`) on the way out;
``tests/test_query_records.py`` checks them against these declarations on the shipped build.
"""

# No ``from __future__ import annotations`` here: TypedDict reads NotRequired[...] only from
# annotations evaluated when the class is made.
from typing import NotRequired, TypedDict

from store.rows import AmendmentRow, DocumentRow, LifecycleRow, TextNode, TimelineRow

__all__ = ["DocumentRef", "Ranks", "Hit", "Actor", "BasisProvision", "Basis", "WhoCard", "DocumentSummary",
           "MadeBy", "Period", "ProvisionVersion", "TextAsOf", "Operation", "Change", "DiffEnd", "Diff",
           "ReferenceOut", "Citing", "ProvisionOut", "DocumentDetail", "ProvisionDocument", "SourceLines",
           "ProvisionDetail", "Shown", "TargetDocument", "TargetVersion", "Target", "CitationFound", "Resolution",
           "Span", "NodeSpan", "LinkedText"]


class DocumentRef(TypedDict):
    id: str
    title: str
    type: str
    level: str


class Ranks(TypedDict):
    """Rank (from 1) in each fused ranking; None where it did not rank."""

    keyword: int | None
    semantic: int | None
    gloss: int | None
    reading: int | None
    quantity: int | None
    learned: int | None


class Hit(TypedDict):
    id: str  # the search unit: document id / eId, @N for an earlier text
    url: str
    document: DocumentRef
    label: str
    path: list[str]
    score: float
    ranks: Ranks
    snippet: str
    highlights: list[list[int]]
    current: bool
    status: str
    citation: str
    text: str
    valid_from: str | None
    valid_until: str | None
    matched: list[list[str]]


class Actor(TypedDict):
    """One agency of the who-card, with the provision that makes it answer."""

    agency: str
    score: float
    modality: str
    provision: str
    url: str
    unit: str
    document: DocumentRef
    label: str
    path: list[str]
    sentence: str
    action: str
    matched: list[str]
    status: str
    citation: str | None
    kind: str  # government and body: a competent authority; party: a party the rule binds


class DocumentSummary(TypedDict):
    id: str
    type: str
    title: str
    number: str | None
    issuer: str
    signed: str | None
    parent: str | None
    url: str
    level: str


class BasisProvision(TypedDict):
    unit: str
    label: str
    path: list[str]
    url: str
    citation: str
    text: str
    status: str


class Basis(TypedDict):
    """A work the answering texts rest on: cited in their first article, held in the knowledge base."""

    document: DocumentSummary
    status: str
    cited_by: DocumentSummary
    provision: BasisProvision | None


class WhoCard(TypedDict):
    question: str
    terms: list[str]
    actors: list[Actor]  # the competent authorities, best first
    parties: list[Actor]  # the parties the rules bind, apart
    basis: list[Basis]


# --- history: versions, the text on a day, old and new side by side ---------------------


class MadeBy(TypedDict):
    made_by: str  # the act's title (or its words, where the act is not in the knowledge base)
    made_by_id: str | None


class Period(MadeBy):
    """A version period as the CLI and the API show it: first and last day, both included."""

    period: int
    valid_from: str | None
    valid_until: str | None


class ProvisionVersion(MadeBy):
    """One text a provision has had."""

    valid_from: str | None
    valid_until: str | None
    status: str  # current, amended, renumbered, unchanged, not_in_source …
    known_from: NotRequired[str]
    label: str | None
    text: str | None
    url: str | None


class TextAsOf(TypedDict):
    document: str
    as_of: str
    status: str
    period: Period | None
    text: str
    note: NotRequired[str]


class Operation(TypedDict):
    id: str
    op: str
    target: str
    old: str | None
    new: str | None
    note: str
    applied: bool
    in_force: str | None


class Change(TypedDict):
    eid: str
    old_label: str | None
    new_label: str | None
    path: list[str]
    status: str  # added, removed, renumbered, changed, old_not_in_source
    old: str | None
    new: str | None
    segments: list[list[str]]  # [op, old piece, new piece]
    operations: list[Operation]


class DiffEnd(TypedDict):
    date: str
    period: Period | None


Diff = TypedDict("Diff", {
    "work": str, "title": str, "amended": bool, "changes": list[Change],
    "message": NotRequired[str],  # a work never amended
    "from": NotRequired[DiffEnd], "to": NotRequired[DiffEnd], "unchanged": NotRequired[int],
    "timeline": NotRequired[list[TimelineRow]],
})


# --- documents and provisions as `show` gives them ----------------------------------------


class ReferenceOut(TypedDict):
    """A citation made in the text: where, what, and its target (or why none)."""

    provision: str
    start: int
    end: int
    text: str
    kind: str
    normalized: str
    target: str | None
    url: str | None
    resolved: bool
    reason: str


Citing = TypedDict("Citing", {"from": str, "url": str, "text": str, "kind": str})


class ProvisionOut(TextNode):
    id: str
    path: list[str]
    page: int | None
    url: str


class DocumentDetail(DocumentRow):
    url: str
    provisions: list[ProvisionOut]
    gazette_citation: str | None
    text: str
    references: list[ReferenceOut]
    cited_by: list[Citing]
    lifecycle: LifecycleRow | None
    status: str
    timeline: list[TimelineRow]
    amendments: list[AmendmentRow]


class ProvisionDocument(TypedDict):
    id: str
    title: str
    number: str | None
    type: str
    level: str


class SourceLines(TypedDict):
    file: str
    lines: list[int]


class ProvisionDetail(TypedDict):
    id: str
    eid: str
    url: str
    document: ProvisionDocument
    status: str
    lifecycle: LifecycleRow | None
    kind: str
    label: str
    heading: str
    path: list[str]
    text: str
    own_text: str
    cells: list[str]
    children: list[str]
    references: list[ReferenceOut]
    cited_by: list[Citing]
    source: SourceLines
    page: int | None
    gazette_citation: str | None
    versions: list[ProvisionVersion]


class Shown(TypedDict):
    """What `show` gives: a document or a provision, and with a day, its text then."""

    kind: str  # document or provision
    document: NotRequired[DocumentDetail]
    provision: NotRequired[ProvisionDetail]
    as_of: NotRequired[TextAsOf]


# --- citations: what a citation string resolves to, the citations of a text ----------------


class TargetDocument(TypedDict):
    id: str | None  # None: a national work outside the knowledge base
    title: str
    number: str | None
    type: str


class TargetVersion(MadeBy):
    valid_from: str | None
    valid_until: str | None


class Target(TypedDict):
    """What a citation names: a provision or document of the knowledge base, or a national work
    outside it (``external``, with its catalogue entry ``national``); on a day (``as_of``), the
    text of that day (``version``). A candidate of an ambiguous citation has its ``score``."""

    id: str
    url: str | None  # None: a national work, where no URL template is configured
    document: TargetDocument
    eid: str | None
    citation: str
    label: NotRequired[str]
    text: NotRequired[str]
    external: NotRequired[bool]
    national: NotRequired[dict[str, object]]  # the catalogue's entry, open by design
    as_of: NotRequired[str]
    version: NotRequired[TargetVersion]
    score: NotRequired[float]


class CitationFound(TypedDict):
    kind: str
    text: str


class Resolution(TypedDict):
    """``status`` match (``target``), ambiguous (``candidates``) or none (``reason``)."""

    status: str
    query: NotRequired[str]
    citation: NotRequired[CitationFound]
    target: NotRequired[Target]
    candidates: NotRequired[list[Target]]
    reason: NotRequired[str]
    note: NotRequired[str]
    national: NotRequired[dict[str, object]]


class Span(TypedDict):
    """A citation found in a text: its offsets (code points, and UTF-16 units as a browser
    counts them) and its target (without the target's text)."""

    start: int
    end: int
    start_utf16: int
    end_utf16: int
    text: str
    kind: str
    resolved: bool
    reason: str
    target: Target | None
    inferred: NotRequired[str]
    edition: NotRequired[str]


class NodeSpan(Span):
    node: int  # the index of the HTML text node it is in


class LinkedText(TypedDict):
    id: str | int
    citations: list[Span]
    resolved: int
    total: int
