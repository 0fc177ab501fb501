"""The JSON API's responses as pydantic models: the OpenAPI document built from them is the
contract other systems code against.

Records the queries return are checked against these models on the way out (FastAPI's
``response_model``): a field the model does not declare fails the response rather than
reaching a client undocumented, so the tests that call every endpoint keep code and
contract together. Two shapes stay open (``extra="allow"``): a citation's target, whose
facts depend on what it names (a provision of the knowledge base, a national work, a
version on a day), and a national work's catalogue entry.

Dates are ISO 8601 days. A period in force is its first and last day, both included
(``valid_from``, ``valid_until``; ``valid_until`` null: in force still).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "Health", "SearchResponse", "WhoCard", "Agency", "AgencyStatements", "Fine", "Resolution", "Candidates",
    "Unresolved", "LinkResult", "LinkBatch", "DocumentSummary", "DocumentView", "ProvisionView", "Diff",
]

Status = Literal["in_force", "not_yet_in_force", "expired", "repealed", "amended", "unknown"]
Modality = Literal["duty", "prohibition", "permission", "penalty", "definition", "other"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Health(Record):
    status: Literal["ok"]
    corpus_hash: str
    encoder: str
    documents: int
    sources: list[str]


class DocumentRef(Record):
    """The document a hit, answer or target belongs to."""

    id: str | None
    title: str
    type: str
    number: str | None = None
    level: str | None = Field(None, description="效力级别: 宪法, 法律, 行政法规, 司法解释, 部门规章, 地方性法规, "
                                                "地方政府规章, 规范性文件 or 其他")


class Ranks(Record):
    keyword: int | None
    semantic: int | None
    gloss: int | None
    reading: int | None
    quantity: int | None
    learned: int | None = Field(description="Rank in the ranking learned from question–article pairs (builds "
                                            "that hold national articles such questions name)")


class Hit(Record):
    id: str = Field(description="Search unit: document id / eId")
    url: str
    document: DocumentRef
    label: str
    path: list[str] = Field(description="Labels and headings of the ancestors, outermost first")
    score: float
    ranks: Ranks = Field(description="Rank (from 1) in each fused ranking; null where it did not rank")
    snippet: str
    highlights: list[list[int]] = Field(description="[start, end) character spans of the snippet to mark")
    current: bool = Field(description="False for an earlier text of an amended work")
    status: Status
    citation: str
    text: str
    valid_from: str | None
    valid_until: str | None
    matched: list[list[str]] = Field(description="An English question: [Chinese word, its English] for each word "
                                                 "of the snippet its words meet (the first 20 hits, with explain=true)")


class Actor(Record):
    """One agency of the who-card, with the provision that makes it answer."""

    agency: str
    kind: Literal["government", "body", "party"] = Field(
        description="government and body: a competent authority; party: a party the rule binds")
    score: float
    modality: Modality
    provision: str
    url: str
    unit: str
    document: DocumentRef
    label: str
    path: list[str]
    sentence: str
    action: str
    matched: list[str]
    status: Status
    citation: str | None


class WhoCard(Record):
    question: str
    terms: list[str]
    actors: list[Actor] = Field(description="The competent authorities, best first")
    parties: list[Actor] = Field(description="The parties the rules bind (单位和个人, 建设单位 …), apart")
    basis: list[Basis] = Field([], description="What the answering texts rest on: the works their first article "
                                               "cites (根据《城市供水条例》), each with its level and status")
    warnings: list[str] = []


class SearchResponse(Record):
    query: str
    mode: Literal["keyword", "semantic", "hybrid"]
    hits: list[Hit]
    warnings: list[str]
    total: int
    expansion: list[str] = Field(description="The Chinese terms an English query was searched by")
    glosses: dict[str, list[str]] = Field(description="The English of each term of expansion")
    substituted: str | None
    hidden: int = Field(description="Matches the filters hid (another status, type, issuer or date)")
    answer: WhoCard | None


class Agency(Record):
    agency: str
    kind: str
    names: list[str]
    counts: dict[str, int]
    statements: int
    slug: str
    function: str | None


class Entity(Record):
    text: str
    label: str
    start: int
    end: int
    canonical: str | None = None
    low: int | float | None = None
    high: int | float | None = None
    unit: str | None = None
    kind: str | None = Field(None, description="A time's kind: within, before, advance, every, term, annual …")


class Statement(Record):
    id: str
    document: str
    eid: str
    unit: str
    start: int
    end: int
    text: str
    modality: Modality
    actors: list[str]
    action: str
    object: str
    inherited: bool
    deadlines: list[Entity]
    amounts: list[Entity]
    entities: list[Entity]
    index: int
    provision: str


class AgencyStatements(Record):
    agency: str
    slug: str
    statements: list[Statement]


class Fine(Record):
    low: int | float
    high: int | float
    unit: str
    text: str
    statement: Statement


class Target(Open):
    """What a citation names: a provision or document of the knowledge base (id, url, text), or
    a national work outside it (``external``, ``national``); on a day asked, its ``version``."""

    id: str | None
    url: str | None
    document: DocumentRef
    eid: str | None
    citation: str
    label: str | None = None
    text: str | None = None


class CitationText(Record):
    kind: str
    text: str


class Resolution(Record):
    status: Literal["match"]
    query: str
    citation: CitationText
    target: Target
    note: str | None = None


class Candidates(Record):
    status: Literal["ambiguous"]
    candidates: list[Target]
    reason: str | None = None
    query: str | None = None
    citation: CitationText | None = None
    note: str | None = None


class Unresolved(Open):
    status: str
    reason: str | None = None


class Span(Record):
    start: int
    end: int
    start_utf16: int
    end_utf16: int
    text: str
    kind: str
    resolved: bool
    reason: str
    target: Target | None
    inferred: str | None = Field(None, description="A title written without 《》, and what gave it away")
    edition: str | None = Field(None, description="The edition a citation names (2019年修正)")


class LinkResult(Record):
    citations: list[Span]
    resolved: int
    total: int


class LinkItem(Record):
    id: str | int
    citations: list[Span]
    resolved: int
    total: int


class LinkBatch(Record):
    results: list[LinkItem]


class DocumentSummary(Record):
    id: str
    type: str
    title: str
    number: str | None
    issuer: str
    signed: str | None
    parent: str | None
    url: str
    status: Status | None = None
    level: str | None = None


class BasisProvision(Record):
    """The provision of a basis work that answers: its competent-authority clause, or its best hit."""

    unit: str
    label: str
    path: list[str]
    url: str
    citation: str
    text: str
    status: Status


class Basis(Record):
    """A work the answering texts rest on (cited in their first article), held in the knowledge base."""

    document: DocumentSummary
    status: Status
    cited_by: DocumentSummary
    provision: BasisProvision | None = Field(
        description="Its clause giving an authority charge of the field (总则), else its best hit for the question")


class HistoryEvent(Record):
    date: str
    act: str
    event: str


class Relation(Record):
    kind: str
    target: str
    resolved: bool


class ProvisionRow(Record):
    id: str
    eid: str
    kind: str
    label: str
    heading: str
    text: str
    parent: str | None
    path: list[str]
    cells: list[str]
    page: int | None
    url: str


class Reference(Record):
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


class CitedBy(Record):
    from_: str = Field(alias="from")
    url: str
    text: str
    kind: str

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Lifecycle(Record):
    document: str
    effective: str | None
    effective_text: str
    expires: str | None = Field(description="The last day in force, included")
    repealed: str | None = Field(description="The first day no longer in force")
    repealed_by: str | None


class TimelineEvent(Record):
    work: str
    date: str
    event: str
    act: str
    act_id: str | None
    operations_in_corpus: bool


class Amendment(Record):
    id: str
    decision: str
    work_title: str
    work: str | None
    op: str
    level: str
    target: list[int | None]
    target_label: str
    destination: list[int | None] | None
    old: str | None
    new: str | None
    adopted: str | None
    in_force: str | None
    applied: bool
    note: str
    source: str
    line: int
    provisions: list[str]


class DocumentDetail(Record):
    id: str
    position: int
    type: str
    level: str
    genre: str
    title: str
    full_title: str
    issuer: str
    number: str | None
    number_prefix: str | None
    number_year: int | None
    number_seq: int | None
    is_order: bool | None
    signed: str | None
    signer: str
    publication: str
    addressees: list[str]
    history: list[HistoryEvent]
    history_text: str
    attachment_titles: list[str]
    parent: str | None
    relations: list[Relation]
    source: str
    first_line: int
    last_line: int
    fields: dict[str, list[int]]
    first_page: int | None
    last_page: int | None
    metadata: dict[str, str]
    url: str
    provisions: list[ProvisionRow]
    gazette_citation: str | None
    text: str
    references: list[Reference]
    cited_by: list[CitedBy]
    lifecycle: Lifecycle | None
    status: Status = Field(description="Its status today (the lifecycle gives it on any day)")
    timeline: list[TimelineEvent]
    amendments: list[Amendment]


class Period(Record):
    period: int
    valid_from: str | None
    valid_until: str | None
    made_by: str
    made_by_id: str | None


class AsOf(Record):
    document: str
    as_of: str
    status: str
    period: Period | None
    text: str
    note: str | None = None


class Version(Record):
    valid_from: str | None
    valid_until: str | None
    made_by: str
    made_by_id: str | None
    status: Literal["current", "amended", "renumbered", "unchanged", "not_in_source", "same", "derived",
                    "edition"] = Field(description="What became of this text: current, amended (changed by a "
                                                   "later text), renumbered, unchanged; not_in_source")
    known_from: str | None = Field(None, description="How its words are known: current, later_text, "
                                                     "amendments_reversed, earlier_edition, not_in_source")
    label: str | None
    text: str | None
    url: str | None


class SourceLines(Record):
    file: str
    lines: list[int]


class ProvisionDetail(Record):
    id: str
    eid: str
    url: str
    document: DocumentRef
    status: Status = Field(description="Its document's status today")
    lifecycle: Lifecycle | None = Field(description="Its document's dates in force")
    kind: str
    label: str
    heading: str
    path: list[str]
    text: str
    own_text: str
    cells: list[str]
    children: list[str]
    references: list[Reference]
    cited_by: list[CitedBy]
    source: SourceLines
    page: int | None
    gazette_citation: str | None
    versions: list[Version]


class DocumentView(Record):
    kind: Literal["document"]
    document: DocumentDetail
    as_of: AsOf | None = None


class ProvisionView(Record):
    kind: Literal["provision"]
    provision: ProvisionDetail
    as_of: AsOf | None = None


class Operation(Record):
    id: str
    op: str
    target: str
    old: str | None
    new: str | None
    note: str
    applied: bool
    in_force: str | None


class Change(Record):
    eid: str
    old_label: str | None
    new_label: str | None
    path: list[str]
    status: Literal["added", "removed", "renumbered", "changed", "old_not_in_source"]
    old: str | None
    new: str | None
    segments: list[list[str]] = Field(description="[op, old words, new words]; op equal, delete, insert, replace")
    operations: list[Operation]


class DiffSide(Record):
    date: str
    period: Period | None


class Diff(Record):
    work: str
    title: str
    amended: bool
    changes: list[Change]
    message: str | None = None
    from_: DiffSide | None = Field(None, alias="from")
    to: DiffSide | None = None
    unchanged: int | None = None
    timeline: list[TimelineEvent] | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


WhoCard.model_rebuild()  # its basis is declared after it, beside the document summary
