"""The records the parser produces: frozen dataclasses, nothing else.

A :class:`Gazette` holds :class:`Document` records; a document holds its
:class:`Provision` tree as a flat tuple in reading order, each node pointing at its
parent by eId. Every record carries the source lines it came from, so that
``Gazette.layout`` can prove that no line of the source was dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .tree import ProvisionTree

__all__ = [
    "DocType",
    "Status",
    "DocNumber",
    "HistoryEvent",
    "Relation",
    "Provision",
    "Document",
    "LineRole",
    "ParseWarning",
    "Gazette",
    "dated",
    "full_title",
    "HEADINGS",
    "ProvisionKind",
    "AmendmentOp",
]


class DocType(StrEnum):
    ORDER = "order"  # 令
    DECISION = "decision"  # 决定
    LAW = "law"  # 法 of a people's congress or its standing committee
    REGULATION = "regulation"  # 办法, 细则, 规定, 条例, 制度, 规则, 司法解释
    NOTICE = "notice"  # 通知
    APPROVAL = "approval"  # 批复
    PLAN = "plan"  # 方案, 规划, 计划
    OPINION = "opinion"  # 意见
    MEASURES = "measures"  # 措施
    LIST = "list"  # 名单, 清单, 表
    ATTACHMENT = "attachment"  # 附件 of any other kind
    INTERPRETATION = "interpretation"  # 政策解读
    OTHER = "other"


class Status(StrEnum):
    """A text's status on a day (时效性)."""

    IN_FORCE = "in_force"  # 现行有效
    NOT_YET_IN_FORCE = "not_yet_in_force"  # 尚未施行
    EXPIRED = "expired"  # 已失效: past its 有效期
    REPEALED = "repealed"  # 已废止
    AMENDED = "amended"  # an earlier text of a work, amended since (已被修改)
    UNKNOWN = "unknown"  # no lifecycle known


@dataclass(frozen=True)
class DocNumber:
    """廊政字〔2021〕12号 -> prefix 廊政字, year 2021, seq 12; orders: 〔2021〕第3号, and 第706号
    with no year (the year is then that of the order's date)."""

    text: str
    prefix: str
    year: int | None
    seq: int
    is_order: bool = False


@dataclass(frozen=True)
class HistoryEvent:
    """One step of a regulation's history line: 2019-12-31, 令〔2019〕第3号, 第一次修正."""

    date: str  # ISO 8601
    act: str  # the act as written, may be empty
    event: str  # 公布, 第一次修正, 修正, …


@dataclass(frozen=True)
class Relation:
    """A typed link between documents; ``target`` is a document id or, unresolved, a title."""

    kind: str  # promulgates, promulgated_by, republishes, republished_by, issues,
    #            issued_by, has_attachment, attachment_of, interprets, interpreted_by, amends
    target: str
    resolved: bool = True


#: The kinds of provision that head a part of a text (第一编, 第一分编, 第三章, 第二节), outermost first.
class ProvisionKind(StrEnum):
    """What a node of a document's tree is."""

    BOOK = "book"  # 编
    PART = "part"  # 分编
    CHAPTER = "chapter"  # 章
    SECTION = "section"  # 节
    ARTICLE = "article"  # 条
    PARAGRAPH = "paragraph"  # 款
    DIVISION = "division"  # 一、 of a text without articles
    ITEM = "item"  # 项: （一）
    POINT = "point"  # 目: 1.
    SUBPOINT = "subpoint"  # （1）
    INDENT = "indent"  # ①
    TABLE = "table"
    ROW = "row"  # a row of a table or a list
    LIST = "list"
    GROUP = "group"  # rows under a heading row of a table


class AmendmentOp(StrEnum):
    """What an amendment operation does (its Chinese names: queries.history.OPERATION_NAMES)."""

    REPLACE_WORDS = "replace_words"
    REWRITE = "rewrite"
    REWRITE_LEAD = "rewrite_lead"
    MOVE_REWRITE = "move_rewrite"
    DELETE = "delete"
    DELETE_WORDS = "delete_words"
    INSERT = "insert"
    PREPEND_WORDS = "prepend_words"
    APPEND_WORDS = "append_words"
    RENUMBER = "renumber"
    RENUMBER_ALL = "renumber_all"
    RENUMBER_PAIRS = "renumber_pairs"
    MERGE = "merge"
    CEASE = "cease"
    RENAME = "rename"  # a heading, or a part's name


HEADINGS = (ProvisionKind.BOOK, ProvisionKind.PART, ProvisionKind.CHAPTER, ProvisionKind.SECTION)
_KINDS = frozenset(ProvisionKind)
_OPERATIONS = frozenset(AmendmentOp)


@dataclass(frozen=True)
class Provision:
    """One node of a document's tree.

    ``eid`` is the Akoma Ntoso-style id within the document (``chp_2__art_14__para_1``);
    ``kind`` a :class:`ProvisionKind` (a kind outside it is refused when the record is made).
    """

    eid: str
    kind: ProvisionKind
    label: str  # as written: 第十四条, （二）, 一、; derived 第一款 for paragraphs of articles
    number: int | None
    heading: str  # 总则 for 第一章　总　　则; a heading-only 一、总体要求 gives 总体要求
    text: str  # own text, without label and without children
    parent: str | None  # eid of the parent, None at the top
    path: tuple[str, ...]  # labels and headings of the ancestors, outermost first
    position: int  # reading order within the document, from 0
    lines: tuple[int, ...]  # source line numbers
    cells: tuple[str, ...] = ()  # rows of tables and lists
    page: int | None = None  # the printed page it starts on (a PDF issue)

    def __post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"{self.eid}: {self.kind!r} is not a kind of provision")
        object.__setattr__(self, "kind", ProvisionKind(self.kind))


@dataclass(frozen=True)
class Document:
    id: str
    type: DocType
    title: str
    issuer: str
    number: DocNumber | None
    addressees: tuple[str, ...]
    signer: str
    signed: str | None  # ISO date of signature
    publication: str  # 此件公开发布, or empty
    history: tuple[HistoryEvent, ...]
    history_text: str
    attachment_titles: tuple[str, ...]
    parent: str | None
    relations: tuple[Relation, ...]
    source: str
    first_line: int
    last_line: int
    provisions: tuple[Provision, ...]
    #: field name -> source lines, for every line owned by a metadata field.
    fields: tuple[tuple[str, tuple[int, ...]], ...] = ()
    genre: str = ""  # last word of the title: 办法, 通知, 实施方案, …
    pages: tuple[int, int] | None = None  # the printed pages it runs over, first and last (a PDF issue)
    #: what the page it was read from says of it (a saved web page's 索引号, 发文机关, 发布日期 …)
    metadata: tuple[tuple[str, str], ...] = ()

    @property
    def full_title(self) -> str:
        """The title with its issuer, as it is cited: 廊坊市人民政府关于…的通知."""
        return full_title(self.issuer, self.title)

    @cached_property
    def tree(self) -> ProvisionTree:
        """The provisions by eId, by parent and articles by number, made once (:mod:`parser.tree`)."""
        from .tree import ProvisionTree

        return ProvisionTree.of(self.provisions)

    def __getstate__(self) -> dict[str, object]:
        """Pickled (the stage cache) without the tree, which is remade when asked for."""
        return {name: value for name, value in self.__dict__.items() if name != "tree"}


#: The words a title opens with when its issuer stands before it (关于…的通知, 转发…的通知,
#: 对…提案的答复): such a title is cited with its issuer.
_ISSUER_OPENED = ("关于", "印发", "转发", "批转", "对")


def full_title(issuer: str, title: str) -> str:
    """A title as it is cited: with its issuer when the title opens with 关于 and the like
    (廊坊市人民政府关于…的通知), else as it is (《廊坊市物业管理办法》)."""
    if issuer and title.startswith(_ISSUER_OPENED):
        return issuer + title
    return title


@dataclass(frozen=True)
class LineRole:
    """Where one non-blank source line went: a document field or provision, or a page header."""

    line: int
    document: str  # document id, or "" for page headers and gazette front matter
    role: str  # "page-header", "front-matter", a field name, or "provision"
    target: str = ""  # the provision eid for role "provision"


@dataclass(frozen=True)
class ParseWarning:
    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class Gazette:
    source: str
    title: str  # 廊坊市人民政府公报
    year: int | None
    issue: int | None
    documents: tuple[Document, ...]
    layout: tuple[LineRole, ...]
    warnings: tuple[ParseWarning, ...] = field(default=())
    serial: int | None = None  # 总第N期, where the cover prints it


@dataclass(frozen=True)
class Target:
    """A place in a work by its numbers at one time: 第十四条第一款第（三）项第2目; a chapter
    (第五章), or a named part of the work: its ``title`` (名称), its ``preamble`` (引言, 序言)
    or a chapter's ``heading`` (第二章名称)."""

    article: int | None = None
    paragraph: int | None = None
    item: int | None = None
    point: int | None = None
    chapter: int | None = None
    part: str | None = None  # title, preamble, heading

    @property
    def label(self) -> str:
        from .numerals import int_to_cn

        parts = []
        if self.chapter is not None:
            parts.append(f"第{int_to_cn(self.chapter)}章")
        if self.part is not None:
            parts.append(_PART_LABELS[self.part])
        if self.article is not None:
            parts.append(f"第{int_to_cn(self.article)}条")
        if self.paragraph is not None:
            parts.append(f"第{int_to_cn(self.paragraph)}款")
        if self.item is not None:
            parts.append(f"第（{int_to_cn(self.item)}）项")
        if self.point is not None:
            parts.append(f"第{self.point}目")
        return "".join(parts)

    @property
    def level(self) -> str:
        if self.part is not None:
            return self.part
        for name in ("point", "item", "paragraph", "article", "chapter"):
            if getattr(self, name) is not None:
                return name
        return "work"


_PART_LABELS = {"title": "名称", "preamble": "引言", "heading": "名称"}


@dataclass(frozen=True)
class Amendment:
    """One operation of an amendment decision, as data.

    ``op`` is an :class:`AmendmentOp` (another is refused when the record is made). ``target``
    uses the numbering *before* the amendment; ``destination`` is where an inserted or
    renumbered provision stands *after* it.
    """

    id: str  # <decision id>/op_<n>
    decision: str
    work_title: str
    work: str | None  # id of the amended work's document in the knowledge base, if there
    op: AmendmentOp
    target: Target
    destination: Target | None
    old: str | None
    new: str | None
    adopted: str | None
    in_force: str | None
    applied: bool
    note: str  # result of the consistency check, or why the operation could not be applied
    source: str
    line: int
    level: str = ""  # the level operated on; for an insertion, the level added
    provisions: tuple[str, ...] = ()  # eIds of the provisions it changed (identities)

    def __post_init__(self) -> None:
        if self.op not in _OPERATIONS:
            raise ValueError(f"{self.id}: {self.op!r} is not an amendment operation")
        object.__setattr__(self, "op", AmendmentOp(self.op))


@dataclass(frozen=True)
class Version:
    """One provision of a work as it stood over a date range, with the act that made it.

    The versions of one period form a snapshot of the whole work, in reading order
    (``position``), with the labels of that time: 第六条 before a renumbering made it
    第七条. ``text`` is None when the source does not give the text of that time (a
    rewritten or deleted provision before its amendment): ``status`` then says
    ``not_in_source``. A period whose text is wholly unknown (amended by an act whose
    operations are not in the corpus) is one row with ``kind`` "work". A period read from
    an earlier edition of the work in the corpus has the status ``edition``: its text as
    that edition prints it. ``valid_to`` is exclusive; None means open-ended.
    """

    work: str
    period: int  # 0 for the newest text, 1 for the one before, …
    eid: str  # identity: the eId in the newest text (deleted provisions keep their old one)
    kind: str
    label: str
    number: int | None
    parent: str | None
    position: int
    valid_from: str | None
    valid_to: str | None
    text: str | None
    status: str  # current, same, derived, renumbered, not_in_source, edition
    made_by: str  # decision id, or the act of the history line as written
    heading: str = ""


@dataclass(frozen=True)
class TimelineEvent:
    """An event in a work's life: published, amended (修正), repealed."""

    work: str
    date: str
    event: str  # 公布, 第一次修正, 修正, 废止, …
    act: str  # the act as written
    act_id: str | None  # the act's document id when it is in the knowledge base
    operations_in_corpus: bool


@dataclass(frozen=True)
class Lifecycle:
    """When a document is in force: effective date, end of validity, repeal."""

    document: str
    effective: str | None
    effective_text: str  # the clause it was read from, e.g. 自2021年12月1日起施行
    expires: str | None  # last day in force (有效期5年 -> effective + 5 years - 1 day)
    repealed: str | None
    repealed_by: str | None


@dataclass(frozen=True)
class Repeal:
    """A document repealed by another (《…》（廊政〔2016〕90号）同时废止), even when its text
    is not in the knowledge base."""

    title: str
    number: str
    target: str | None  # document id if it is in the knowledge base
    repealed_by: str
    date: str | None
    source: str
    line: int


@dataclass(frozen=True)
class Reference:
    """A citation found in a provision, with its target or the reason it has none."""

    id: str  # <document>/<eid>#<start>
    document: str
    provision: str  # eId of the citing provision
    start: int  # span in the provision's own text
    end: int
    text: str  # as written
    kind: str  # internal, relative, work, docno, order, alias
    normalized: str  # canonical form: 《廊坊市物业管理办法》第三十一条, 廊政字〔2021〕8号
    target_document: str | None
    target_provision: str | None  # eId
    resolved: bool
    reason: str  # why unresolved (external work, no such article, …), or ""


def dated(doc: Document, by_id: dict[str, Document]) -> str | None:
    """The date of a document, or of its nearest dated ancestor (a regulation issued by a
    notice, or re-published by a decision, carries the date of that act)."""
    while doc.signed is None and doc.parent is not None:
        doc = by_id[doc.parent]
    return doc.signed
