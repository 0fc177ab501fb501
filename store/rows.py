"""The records the store returns: one typed row per table or query.

Rows stay mappings (``row["title"]``) because the site's templates, the JSON exports and the
API read them as such; their keys and value types are declared here, once, and
``tests/test_store_rows.py`` checks every public method of :class:`store.Store` against its
declaration on a real build (a column added, renamed or decoded otherwise fails there).
Documents as parser records are :meth:`store.Store.load_documents`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

__all__ = ["SourceRow", "HistoryEventRow", "RelationRow", "DocumentRow", "ProvisionRow", "LayoutRow", "WarningRow",
           "TextNode", "AmendmentRow", "PeriodRow", "VersionRow", "TimelineRow", "LifecycleRow", "RepealRow", "ReferenceRow",
           "ExternalWorkRow", "QuantityRow", "StatementRow", "AgencyRow", "FineRow"]


class SourceRow(TypedDict):
    path: str
    sha256: str
    encoding: str
    lines: int
    gazette: str
    year: int | None
    issue: int | None
    serial: int | None


class HistoryEventRow(TypedDict):
    date: str | None
    act: str
    event: str


class RelationRow(TypedDict):
    kind: str
    target: str
    resolved: bool


class DocumentRow(TypedDict):
    id: str
    position: int
    type: str
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
    history: list[HistoryEventRow]
    history_text: str
    attachment_titles: list[str]
    parent: str | None
    relations: list[RelationRow]
    source: str
    first_line: int
    last_line: int
    fields: dict[str, list[int]]  # metadata field -> its source lines
    first_page: int | None
    last_page: int | None
    metadata: dict[str, str]  # what the page it was read from says of it
    level: str  # 效力级别


class ProvisionRow(TypedDict):
    id: str
    document: str
    eid: str
    position: int
    kind: str
    label: str
    number: int | None
    heading: str
    text: str
    parent: str | None
    path: list[str]
    lines: list[int]
    cells: list[str]  # a table row's cells
    page: int | None


class TextNode(TypedDict):
    """A provision as its text is read and written (its label, heading, text and cells): what
    the readable text of a subtree, the Akoma Ntoso export and the API's provisions share. A
    provision row has all of it."""

    eid: str
    kind: str
    label: str
    heading: str
    text: str
    parent: str | None
    cells: Sequence[str]


class LayoutRow(TypedDict):
    source: str
    line: int
    document: str
    role: str
    target: str


class WarningRow(TypedDict):
    source: str
    line: int
    message: str


class AmendmentRow(TypedDict):
    id: str
    decision: str
    work_title: str
    work: str | None
    op: str
    level: str
    target: list[int | None]  # the target's numbers: article, paragraph, item, sub-item
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


class PeriodRow(TypedDict):
    period: int
    valid_from: str | None
    valid_to: str | None
    made_by: str


class VersionRow(TypedDict):
    work: str
    period: int
    position: int
    eid: str
    kind: str
    label: str
    heading: str
    number: int | None
    parent: str | None
    valid_from: str | None
    valid_to: str | None
    text: str | None
    status: str
    made_by: str


class TimelineRow(TypedDict):
    work: str
    date: str
    event: str
    act: str
    act_id: str | None
    operations_in_corpus: bool


class LifecycleRow(TypedDict):
    document: str
    effective: str | None
    effective_text: str
    expires: str | None
    repealed: str | None
    repealed_by: str | None


class RepealRow(TypedDict):
    title: str
    number: str
    target: str | None
    repealed_by: str
    date: str | None
    source: str
    line: int


class ReferenceRow(TypedDict):
    id: str
    document: str
    provision: str
    start: int
    end: int
    text: str
    kind: str
    normalized: str
    target_document: str | None
    target_provision: str | None
    resolved: bool
    reason: str


class ExternalWorkRow(TypedDict):
    normalized: str
    kind: str
    citations: int
    documents: int
    first_citing: str


class QuantityRow(TypedDict, total=False):
    """A span a statement holds (:class:`extract.records.Entity`, its empty fields left out): an
    agency or law (``canonical``), a deadline or an amount (``low``, ``high``, ``unit``, ``kind``)."""

    label: str
    text: str
    start: int
    end: int
    canonical: str
    low: int | float
    high: int | float
    unit: str
    kind: str


class StatementRow(TypedDict):
    id: str
    document: str
    eid: str
    unit: str
    start: int
    end: int
    text: str
    modality: str
    actors: list[str]
    action: str
    object: str
    inherited: bool
    deadlines: list[QuantityRow]
    amounts: list[QuantityRow]
    entities: list[QuantityRow]
    index: int
    provision: str


class AgencyRow(TypedDict):
    agency: str
    kind: str
    names: list[str]
    counts: dict[str, int]  # modality -> statements
    statements: int
    slug: str
    function: str | None


class FineRow(TypedDict):
    low: int | float
    high: int | float
    unit: str
    text: str
    statement: StatementRow
