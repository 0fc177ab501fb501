"""The front door: ``parse_gazette(text) -> Gazette``.

Pipeline (each step pure, each inspectable on its own):

1. :func:`parser.normalize.split_lines`: line endings, BOM;
2. page headers (《…公报》2021年第4号) are set aside wherever they stand;
3. :func:`parser.segment.split_blocks` / :func:`parser.segment.parse_block`: drafts;
4. :func:`_document_parts`: metadata of each draft (type, title, number, dates, …);
5. :func:`_link`: orders to the decisions and regulations they promulgate, notices to
   what they issue, attachments and interpretations to their documents;
6. identifiers (:mod:`parser.ids`), provision trees (:mod:`parser.provisions`), and the
   layout that accounts for every non-blank source line.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from . import patterns as P
from .dates import find_date
from .errors import GazetteError, ParseError, ParserDefect
from .ids import NATIONAL, document_id, place_slug
from .lines import Line, is_number, is_title_like, parse_date
from .grammar import DATE_TEXT, SESSION
from .numerals import cn_to_int
from .normalize import BLANK, cited_titles, norm_title, split_lines, squeeze
from .provisions import build_provisions
from .records import (
    DocNumber,
    DocType,
    Document,
    Gazette,
    HistoryEvent,
    LineRole,
    ParseWarning,
    Provision,
    Relation,
    full_title,
)
from .segment import GENRE, Draft, attachment_titles as _attachment_titles, parse_block, split_blocks

__all__ = ["parse_gazette"]

_TYPE_OF_GENRE = (
    ("决定", DocType.DECISION),
    ("修正案", DocType.DECISION),  # 刑法修正案（十一）: an amending act
    ("决议", DocType.DECISION),
    ("命令", DocType.ORDER),
    ("解释", DocType.REGULATION),
    ("规范", DocType.REGULATION),
    ("守则", DocType.REGULATION),
    ("函", DocType.NOTICE),
    ("通知", DocType.NOTICE),
    ("通报", DocType.NOTICE),
    ("安排", DocType.REGULATION),  # 最高人民法院关于内地与香港特别行政区…的安排: a judicial interpretation
    ("解答", DocType.REGULATION),
    ("批复", DocType.APPROVAL),
    ("办法", DocType.REGULATION),
    ("细则", DocType.REGULATION),
    ("规定", DocType.REGULATION),
    ("条例", DocType.REGULATION),
    ("制度", DocType.REGULATION),
    ("规则", DocType.REGULATION),
    ("章程", DocType.REGULATION),
    ("方案", DocType.PLAN),
    ("预案", DocType.PLAN),
    ("规划", DocType.PLAN),
    ("计划", DocType.PLAN),
    ("要点", DocType.PLAN),
    ("意见", DocType.OPINION),
    ("措施", DocType.MEASURES),
    ("名单", DocType.LIST),
    ("清单", DocType.LIST),
    ("表", DocType.LIST),
    ("法典", DocType.LAW),  # 中华人民共和国民法典
    ("法", DocType.LAW),  # last: 办法 is a regulation
)


def _type_of(title: str) -> tuple[DocType, str]:
    match = GENRE.search(title)
    if not match:
        return DocType.OTHER, ""
    genre = match.group(1)
    if genre == "法" and title.endswith(("办法", "方法")):
        genre = title[-2:]
    for suffix, doc_type in _TYPE_OF_GENRE:
        if genre.endswith(suffix):
            return doc_type, genre
    return DocType.OTHER, genre


def _split_top_level(text: str) -> tuple[str, ...]:
    """Split addressees at ，、; outside brackets: 各县（市、区）人民政府，… stays whole."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(0, depth - 1)
        if ch in "，、,;；" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return tuple(p.strip() for p in parts if p.strip())


def _number(line: Line | None) -> DocNumber | None:
    if line is None:
        return None
    text = line.squeezed
    order = P.ORDER_NUMBER.match(text)
    if order:
        year = order["year"] or order["year2"]
        seq = cn_to_int(order["seq"] or order["seq2"] or order["seq3"] or order["seq4"])
        if year is None:  # 第706号, 国令第706号, （主席令第五十一号）: the year is on the order's date line
            prefix = order["prefix"] or order["prefix4"] or ""
            return DocNumber(f"{prefix}第{seq}号", prefix, None, seq, True)
        return DocNumber(f"〔{year}〕第{seq}号", "", int(year), seq, True)
    match = P.DOC_NUMBER.match(text)
    if match:
        return DocNumber(f"{match['prefix']}〔{match['year']}〕{match['seq']}号", match["prefix"],
                         int(match["year"]), int(match["seq"]))
    return None


def _history(lines: tuple[Line, ...]) -> tuple[HistoryEvent, ...]:
    events = []
    for match in P.HISTORY_EVENT.finditer("".join(line.squeezed for line in lines)):
        iso = find_date(match["date"])
        if iso:
            events.append(HistoryEvent(iso, match["act"] or "", match["event"]))
    return tuple(events)


#: Who made a document, read from its history: 中华人民共和国国务院令第656号公布 -> 国务院,
#: 最高人民法院审判委员会第1833次会议通过 -> 最高人民法院, 第十二届全国人民代表大会常务委员会
#: 第十八次会议通过 -> 全国人民代表大会常务委员会, 上海市第十五届人民代表大会常务委员会… ->
#: 上海市人民代表大会常务委员会.
_MAKER = (
    re.compile(r"(?:中华人民共和国)?(?P<a>[\u4e00-\u9fff]{2,20}?)令(?:[〔\[(（]\d{4}[〕\])）])?第\d+号"),
    re.compile(rf"(?P<a>[\u4e00-\u9fff、]{{2,30}}?)(?:{SESSION})?(?:审判|检察)委员会"),
    re.compile(rf"(?P<a>[\u4e00-\u9fff]{{0,12}}?){SESSION}(?P<b>(?:全国)?人民代表大会(?:常务委员会)?)"),
    re.compile(r"(?P<a>国务院)第\d+次常务会议"),
    re.compile(r"经?(?P<a>[\u4e00-\u9fff]{2,20}?(?:部|委员会|总局|总署|局|署))第\d+次(?:部务|委务|局务|署务|主任)?会议"),
)


def issuer_of(title: str, history: tuple[Line, ...]) -> str:
    """The issuer of a document without an issuer line: from the title (国务院关于…), else
    from its history lines; '' when neither names one."""
    match = P.ISSUER_TITLE.match(title)
    if match:
        return match["issuer"]
    for line in history:
        text = re.sub(rf"^{DATE_TEXT}", "", line.squeezed.strip("（）()"))
        for pattern in _MAKER:
            found = pattern.search(text)
            if found:
                groups = found.groupdict()
                return (groups.get("a") or "") + (groups.get("b") or "")
    return ""


def _dateline(draft: Draft) -> tuple[str, str | None]:
    """The issuer and date printed under a title: （民政部　一九九七年一月二十八日）."""
    for line in draft.history:
        match = P.DATELINE.match(line.squeezed)
        if match:
            return match["issuer"] or "", find_date(match["date"])
    return "", None


def _signed(draft: Draft) -> str | None:
    """The date a document was signed: its closing date, else the date under its title."""
    return parse_date(draft.date) if draft.date else _dateline(draft)[1]


def _signing_issuer(draft: Draft) -> str:
    """The body that signs a document when its signature is a body, not a person (国土资源部
    under an attachment it wrote)."""
    if draft.signer is None or P.PERSON_SIGNATURE.match(draft.signer.squeezed):
        return ""
    signature = _signer(draft.signer_head, draft.signer)
    return signature if P.ISSUER.match(signature) else ""


def _signer(head: Line | None, line: Line | None) -> str:
    if line is None:
        return ""
    person = P.PERSON_SIGNATURE.match(line.squeezed)
    return f"{person['office']} {person['name']}" if person else (head.squeezed if head else "") + line.squeezed


@dataclass(frozen=True)
class _Proto:
    """A draft with its metadata, before ids and links are final."""

    draft: Draft
    type: DocType
    genre: str
    title: str
    issuer: str
    number: DocNumber | None
    parent: int | None  # index into the list of protos
    relations: tuple[tuple[str, int | str], ...] = ()  # (kind, proto index or unresolved title)
    role: str = ""  # id suffix for children: decision, regulation, att2, interp

    @property
    def full_title(self) -> str:
        return full_title(self.issuer, self.title)


def _document_parts(block_drafts: list[list[Draft]]) -> list[_Proto]:
    protos: list[_Proto] = []
    for drafts in block_drafts:
        offset = len(protos)
        main_issuer = ""
        for k, draft in enumerate(drafts):
            parent = None if draft.parent is None else offset + draft.parent
            title = "".join(line.squeezed for line in draft.title)
            number = _number(draft.number)
            if draft.role == "order":
                header = P.ORDER_HEADER.match(draft.header[0].squeezed)
                printed = header["issuer"]  # type: ignore[index]
                title = f"{printed}{header['kind']}{number.text if number else ''}"  # type: ignore[index]
                issuer = printed.removeprefix(NATIONAL) or printed  # 中华人民共和国国务院令: 国务院
                doc_type, genre = DocType.ORDER, "令"
            elif draft.role == "main":
                issuer = draft.header[0].squeezed if draft.header else issuer_of(title, draft.history)
                doc_type, genre = _type_of(title)
            else:  # issued, forwarded, attached: its own maker if it names one, else the main document's
                issuer = (issuer_of(title, draft.history) or _dateline(draft)[0] or _signing_issuer(draft)
                          or (protos[parent].issuer if parent is not None else main_issuer))
                doc_type, genre = _type_of(title)
            if k == 0:
                main_issuer = issuer
            role = ""
            if draft.role == "attachment":
                doc_type = DocType.ATTACHMENT
                if not title and parent is not None:
                    listed = _attachment_titles(protos[parent].draft.attachment_list)
                    n = (draft.attachment_no or 1) - 1
                    title = listed[n] if n < len(listed) else ""
                title = title or f"附件{draft.attachment_no or ''}"
                role = f"att{draft.attachment_no or 1}"
            elif draft.role == "interpretation":
                doc_type, genre = DocType.INTERPRETATION, "政策解读"
                issuer = ""
                role = "interp"
            elif draft.role == "published":
                role = doc_type.value
            protos.append(_Proto(draft, doc_type, genre, title, issuer, number, parent, role=role))
    return protos


def _link(protos: list[_Proto]) -> list[_Proto]:
    """Connect documents across blocks: orders, decisions, regulations, interpretations."""
    protos = list(protos)
    for i, proto in enumerate(protos):
        if proto.type is DocType.ORDER:
            cited = {title for line in proto.draft.body for title in cited_titles(line.text)}
            for j in range(i + 1, min(i + 12, len(protos))):
                other = protos[j]
                if other.parent is None and other.draft.role == "main" and (
                        norm_title(other.full_title) in cited or norm_title(other.title) in cited):
                    protos[j] = replace(other, parent=i, role=other.type.value)
                    for c in range(j + 1, len(protos)):
                        child = protos[c]
                        if child.parent == j and child.draft.republished:
                            protos[c] = replace(child, parent=i, relations=(("republished_by", j),))
                            protos[j] = replace(protos[j], relations=(("republishes", c),))
    for c, child in enumerate(protos):  # 《X》根据本决定作相应修改，重新公布 in a decision of its own
        if child.draft.republished and child.parent is not None and not child.relations:
            p = child.parent
            protos[c] = replace(child, relations=(("republished_by", p),))
            protos[p] = replace(protos[p], relations=(*protos[p].relations, ("republishes", c)))
    for i, proto in enumerate(protos):
        if proto.type is DocType.DECISION:
            amended = re.search(r"修改《(.+?)》", proto.title)
            if amended:
                target: int | str = amended.group(1)
                for c, child in enumerate(protos):
                    if ("republished_by", i) in child.relations and child.title == amended.group(1):
                        target = c
                protos[i] = replace(protos[i], relations=(*protos[i].relations, ("amends", target)))
        if proto.type is DocType.INTERPRETATION:
            target_index = _interpreted(protos, i)
            if target_index is not None:
                protos[i] = replace(protos[i], parent=target_index, issuer=protos[target_index].issuer)
    return protos


_ISSUED = re.compile(r"^(?:关于)?(?:印发|转发)(?P<what>.+?)的?通知$")


def _interpreted(protos: list[_Proto], i: int) -> int | None:
    """The document a 政策解读 explains: the best title match among those before it."""
    match = P.INTERPRETATION_TITLE.match(protos[i].title)
    subject = norm_title(match["subject"]) if match else protos[i].title
    best, best_score = None, 0.0
    for j in range(i - 1, -1, -1):
        if protos[j].type in (DocType.INTERPRETATION, DocType.ATTACHMENT):
            continue
        names = {norm_title(protos[j].title), norm_title(protos[j].full_title)}
        issued = _ISSUED.match(norm_title(protos[j].title))
        if issued:  # 关于印发《X》的通知 is also known as X
            names.add(norm_title(issued["what"]))
        for candidate in names:
            score = difflib.SequenceMatcher(None, subject, candidate, autojunk=False).ratio()
            if score > best_score + 1e-9:
                best, best_score = j, score
    return best if best_score >= 0.6 else None


def _assign_ids(protos: list[_Proto], default_place: str) -> list[str]:
    """Each document's id; a second document with the same id gets ``-2``, ``-3`` … (the next
    free suffix is kept per id, so that 40,000 repeated headers take linear time)."""
    ids: list[str] = []
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    for proto in protos:
        if proto.parent is None:
            signed = _signed(proto.draft)
            history = _history(proto.draft.history)
            signed = signed or (history[0].date if history else None) or next(
                (d for d in (find_date(line.squeezed) for line in proto.draft.history) if d), None)
            named = proto.title
            if proto.draft.role == "order" and proto.number is None and proto.draft.body:
                named += proto.draft.body[0].squeezed  # an announcement: told apart by what it promulgates
            base = document_id(proto.issuer, proto.number, signed, named, default_place)
        else:
            base = f"{ids[proto.parent]}.{proto.role or proto.type.value}"
        doc_id, k = base, next_suffix.get(base, 1)
        while doc_id in used:
            k += 1
            doc_id = f"{base}-{k}"
        next_suffix[base] = k
        used.add(doc_id)
        ids.append(doc_id)
    return ids


_INVERSE = {
    "republishes": "republished_by",
    "republished_by": "republishes",
}


def _relations(protos: list[_Proto], ids: list[str]) -> list[tuple[Relation, ...]]:
    out: list[list[Relation]] = [[] for _ in protos]
    for i, proto in enumerate(protos):
        for kind, target in proto.relations:
            if isinstance(target, int):
                out[i].append(Relation(kind, ids[target]))
            else:
                out[i].append(Relation(kind, target, resolved=False))
        if proto.parent is None:
            continue
        parent_kind = {
            DocType.ATTACHMENT: ("attachment_of", "has_attachment"),
            DocType.INTERPRETATION: ("interprets", "interpreted_by"),
        }.get(proto.type)
        if parent_kind is None:
            if protos[proto.parent].type is DocType.ORDER:
                parent_kind = ("promulgated_by", "promulgates")
            else:
                parent_kind = ("issued_by", "issues")
        out[i].append(Relation(parent_kind[0], ids[proto.parent]))
        out[proto.parent].append(Relation(parent_kind[1], ids[i]))
    for i, proto in enumerate(protos):
        for kind, target in proto.relations:
            if isinstance(target, int) and kind in _INVERSE:
                inverse = Relation(_INVERSE[kind], ids[i])
                if inverse not in out[target]:
                    out[target].append(inverse)
    return [tuple(sorted(set(rels), key=lambda r: (r.kind, r.target))) for rels in out]


def _fields(draft: Draft) -> tuple[tuple[str, tuple[int, ...]], ...]:
    singles = (("number", draft.number), ("addressees", draft.addressees),
               ("date", draft.date))
    fields = [("header", tuple(line.no for line in draft.header)),
              ("history", tuple(line.no for line in draft.history)),
              ("repeated_title", tuple(line.no for line in draft.repeated_title)),
              ("title", tuple(line.no for line in draft.title)),
              ("attachment_titles", tuple(line.no for line in draft.attachment_list)),
              ("publication", tuple(line.no for line in draft.notes)),
              ("signer", tuple(line.no for line in (draft.signer_head, draft.signer) if line is not None))]
    fields += [(name, (line.no,)) for name, line in singles if line is not None]
    return tuple((name, lines) for name, lines in fields if lines)


def _unseparated(source: str, title: str, body: tuple[Line, ...]) -> list[ParseWarning]:
    """A document number or a publication note alone on a line never stands in a text: there,
    it is the header or the end of a document that was not recognized and so ran into this one."""
    warnings = []
    for line in body:
        text = line.squeezed
        if line.is_tab:
            continue
        if is_number(line) or P.PUBLICATION_NOTE.match(text):
            warnings.append(ParseWarning(source, line.no, f"“{text}” stands inside 《{title}》: the header or end "
                                         "of another document, not recognized (an unusual title?); its lines are "
                                         "read as part of this document"))
    return warnings


#: Longer than any real provision (the longest of the real corpus has about 1,000 characters).
LONG_TEXT = 20_000


def _article_warnings(source: str, provisions: tuple[Provision, ...]) -> list[ParseWarning]:
    warnings = []
    previous = 0
    for k, provision in enumerate(provisions):
        if provision.kind == "article" and provision.number is not None:
            # 第三条　… lends its line to its first paragraph, the next record
            lines = provision.lines or next((provisions[j].lines for j in range(k + 1, len(provisions))
                                             if provisions[j].lines), (0,))
            if provision.number != previous + 1:
                warnings.append(ParseWarning(source, lines[0],
                                             f"第{provision.number}条 follows article {previous}: numbering gap"))
            previous = provision.number
        if len(provision.text) > LONG_TEXT and provision.lines:
            warnings.append(ParseWarning(source, provision.lines[0], f"{provision.eid} is {len(provision.text):,} "
                                         f"characters long (real provisions stay under {LONG_TEXT:,}): a run of "
                                         "text with no line breaks? Only its first citations are linked"))
    return warnings


#: Front matter longer than this many lines is more than a 目录 or a masthead.
FRONT_MATTER_LIMIT = 60
_CONTENTS_LINE = re.compile(r"(?:…|\.{3,}|·{3,}|\s)\(?\d{1,3}\)?$|^目\s*录$")


def looks_like_heading(line: Line) -> str | None:
    """What a line outside every document looks like, if it looks like a document's start."""
    text = line.squeezed
    if P.ORDER_HEADER.match(text):
        return "an order heading"
    if is_number(line):
        return "a document number"
    if is_title_like(line) and GENRE.search(text) and (P.ISSUER_TITLE.match(text) or text.startswith("关于")):
        return "a document title"
    return None


def _front_warnings(source: str, block: list[Line]) -> list[ParseWarning]:
    """Front matter is a masthead or a 目录: a heading there, or a long front, is a warning."""
    warnings = []
    for line in block:
        looks = looks_like_heading(line)
        if looks and not _CONTENTS_LINE.search(line.squeezed):
            warnings.append(ParseWarning(source, line.no, f"{looks} before the first document is in no document: "
                                                          f"{line.squeezed[:40]}"))
    contents = sum(1 for line in block if _CONTENTS_LINE.search(line.text))
    if len(block) > FRONT_MATTER_LIMIT and contents < len(block) // 2:
        warnings.append(ParseWarning(source, block[0].no, f"{len(block)} lines before the first document are "
                                                          "not a table of contents: is a document header unread?"))
    return warnings


def parse_gazette(text: str, source: str = "<text>", *, pages: Sequence[int] | None = None,
                  metadata: tuple[tuple[str, str], ...] = ()) -> Gazette:
    """Parse one gazette issue (already decoded text) into records.

    ``pages``: the printed page of each line of ``text`` (an issue read from PDF): each
    document and provision then knows the pages it was printed on. ``metadata``: what the
    page the text was read from says of its document (:mod:`parser.html`): given to the
    first document, with a warning wherever it disagrees with the text.

    Raises :class:`~parser.errors.ParseError` for empty input and for text in which no
    document header can be found; everything else parses, with warnings for what
    looks damaged (a cut-off document, an article numbering gap). An exception the parser
    did not mean (a defect) is raised as :class:`~parser.errors.ParserDefect`, a
    ``ParseError`` naming the file, the line being read and what failed: never a traceback.
    """
    try:
        gazette = _parse(text, source)
        if pages is not None:
            gazette = _paged(gazette, pages)
        if metadata:
            gazette = _with_metadata(gazette, metadata)
        return gazette
    except GazetteError:
        raise
    except Exception as error:  # noqa: BLE001 - the one guard around a file's parse
        raise ParserDefect.from_exception(error, source) from error


def _paged(gazette: Gazette, pages: Sequence[int]) -> Gazette:
    """Each document and provision with the printed pages of its lines."""
    def page(line: int) -> int | None:
        return pages[line - 1] if 0 < line <= len(pages) else None

    documents = []
    for doc in gazette.documents:
        starts: dict[str, int | None] = {}
        for provision in reversed(doc.provisions):  # a table or an article starts where its first line stands
            own = page(provision.lines[0]) if provision.lines else None
            below = [starts[c.eid] for c in doc.tree.children_of(provision.eid) if starts.get(c.eid) is not None]
            starts[provision.eid] = own if own is not None else (min(below) if below else None)
        first, last = page(doc.first_line), page(doc.last_line)
        documents.append(replace(doc, provisions=tuple(replace(p, page=starts[p.eid]) for p in doc.provisions),
                                 pages=(first, last) if first is not None and last is not None else None))
    return replace(gazette, documents=tuple(documents))


#: The page's fields that say what the text says too, and how to read each from a document.
_CHECKED_FIELDS: tuple[tuple[str, Callable[[Document], str]], ...] = (
    ("标题", lambda d: d.full_title),
    ("发文字号", lambda d: d.number.text if d.number else ""),
    ("文号", lambda d: d.number.text if d.number else ""),
    ("发文机关", lambda d: d.issuer),
    ("成文日期", lambda d: d.signed or ""),
)


def _same(page_says: str, text_says: str) -> bool:
    """Do the page and the text say the same (国令第706号 and 第706号 do)?"""
    a, b = norm_title(page_says), norm_title(text_says)
    return a == b or a.endswith(b) or b.endswith(a)


def _with_metadata(gazette: Gazette, metadata: tuple[tuple[str, str], ...]) -> Gazette:
    """The page's facts given to the document its title names (else its first), each checked
    against what the text says of that document."""
    found = dict(metadata)
    top = [d for d in gazette.documents if d.parent is None]
    named = [d for d in gazette.documents if found.get("标题") and (
        _same(found["标题"], d.full_title) or _same(found["标题"], d.title))]
    first = named[0] if named else (top[0] if top else None)
    if first is None:
        return gazette
    by_id = {d.id: d for d in gazette.documents}
    holder = by_id.get(first.parent or "", first)  # the order or notice that carries it: its number and date
    warnings = list(gazette.warnings)
    for name, read in _CHECKED_FIELDS:
        page_says = found.get(name, "")
        text_says = read(first) or read(holder)
        if name == "成文日期":
            page_says = find_date(page_says) or page_says
        if page_says and text_says and not _same(page_says, text_says):
            warnings.append(ParseWarning(gazette.source, first.first_line, f"the page's {name} “{page_says}” "
                                                                          f"is not the text's “{text_says}”"))
    documents = tuple(replace(d, metadata=metadata) if d is first else d for d in gazette.documents)
    return replace(gazette, documents=documents, warnings=tuple(sorted(warnings, key=lambda w: w.line)))


def _parse(text: str, source: str) -> Gazette:
    raw_lines = split_lines(text)
    lines: list[Line] = []
    roles: list[LineRole] = []
    gazette_title, year, issue = "", None, None
    blank = True
    for no, raw in enumerate(raw_lines, start=1):
        if BLANK.match(raw) and not raw.startswith("\t"):  # a lone tab is an empty table cell
            blank = True
            continue
        line = Line(no, raw, blank)
        blank = False
        header = P.PAGE_HEADER.match(line.squeezed)
        if header:
            roles.append(LineRole(no, "", "page-header"))
            if not gazette_title:
                gazette_title, year, issue = header["gazette"], int(header["year"]), int(header["issue"])
            continue
        lines.append(line)
    if not lines and not roles:
        raise ParseError("the file is empty", source=source, line=1)
    blocks = split_blocks(lines)
    documents_blocks = [(kind, block) for kind, block in blocks if kind != "front"]
    if not documents_blocks:
        first = lines[0].no if lines else 1
        raise ParseError(
            "no recognizable document: expected an issuer line (…人民政府) followed by a title, "
            "an order (…令 and 〔2021〕第1号), or a 《…》政策解读 title",
            source=source, line=first)
    warnings: list[ParseWarning] = []
    for kind, block in blocks:
        if kind == "front":
            roles.extend(LineRole(line.no, "", "front-matter") for line in block)
            warnings.extend(_front_warnings(source, block))
    protos = _link(_document_parts([parse_block(kind, block) for kind, block in documents_blocks]))
    default_place = place_slug(gazette_title)
    ids = _assign_ids(protos, default_place)
    relations = _relations(protos, ids)
    documents = []
    for proto, doc_id, rels in zip(protos, ids, relations):
        draft = proto.draft
        provisions = build_provisions(draft.body)
        warnings.extend(_article_warnings(source, provisions))
        warnings.extend(_unseparated(source, proto.title, draft.body))
        if (draft.role == "main" and draft.header and proto.type is not DocType.DECISION
                and draft.date is None and draft.signer is None):
            warnings.append(ParseWarning(source, draft.lines[-1].no,
                                         f"《{proto.title}》 ends without signature or date: is it cut off?"))
        fields = _fields(draft)
        documents.append(Document(
            id=doc_id, type=proto.type, title=proto.title, issuer=proto.issuer, number=proto.number,
            addressees=_split_top_level(P.ADDRESSEES.match(draft.addressees.text)["body"]) if draft.addressees else (),  # type: ignore[index]
            signer=_signer(draft.signer_head, draft.signer), signed=_signed(draft),
            publication="；".join(P.PUBLICATION_NOTE.match(line.squeezed)["note"] for line in draft.notes),  # type: ignore[index]
            history=_history(draft.history), history_text="\n".join(line.squeezed for line in draft.history),
            attachment_titles=_attachment_titles(draft.attachment_list),
            parent=ids[proto.parent] if proto.parent is not None else None,
            relations=rels, source=source,
            first_line=draft.lines[0].no if draft.lines else 0,
            last_line=draft.lines[-1].no if draft.lines else 0,
            provisions=provisions, fields=fields, genre=proto.genre,
        ))
        for name, numbers in fields:
            roles.extend(LineRole(no, doc_id, name) for no in numbers)
        for provision in provisions:
            roles.extend(LineRole(no, doc_id, "provision", provision.eid) for no in provision.lines)
    roles.sort(key=lambda role: role.line)
    placed = Counter(role.line for role in roles)
    for line in lines:  # either would be a parser bug: never silent
        if placed[line.no] == 0:
            warnings.append(ParseWarning(source, line.no, "line was not placed in any record"))
        elif placed[line.no] > 1:
            warnings.append(ParseWarning(source, line.no, "line was placed in more than one record"))
    return Gazette(source=source, title=gazette_title, year=year, issue=issue, documents=tuple(documents),
                   layout=tuple(roles), warnings=tuple(sorted(warnings, key=lambda w: w.line)))
