"""Amendment history: from decisions and re-published texts to dated versions.

``build_history(documents) -> History`` is pure and runs over *all* documents of the
corpus, so a decision in one gazette issue can amend a regulation published in another.

For each amended work, the newest text is the re-published regulation. Earlier texts are
derived by reverting the decision's operations, newest decision first:

* operations name provisions by the numbering *before* the amendment; inserted
  provisions are dropped, deleted ones come back as placeholders, and the survivors
  are renumbered in order (Chinese decisions say 条文顺序作相应调整), unless an explicit
  将第X条改为第Y条 says otherwise; a provision keeps its eId (its identity) throughout;
* replaced words are put back, so the old text is exact;
* a rewritten or deleted provision, whose old text the decision does not give, gets the
  status ``not_in_source`` and no text: never an invented one.

Each operation is also checked against the re-published text (the consistency check):
replaced words stand in the target, a rewritten provision equals its new text, an
inserted one stands where the decision puts it. A disagreement is a warning naming the
decision's line and the regulation's line; the operation is then marked not applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property

from .amendments import adopted_date, amended_title, amends_works, decision_in_force, parse_decision
from .dates import EFFECTIVE, find_date
from .normalize import norm_title, squeeze
from .patterns import ISSUER_TITLE
from .numerals import int_to_cn
from .records import Amendment, DocType, Document, ParseWarning, Provision, Target, TimelineEvent, Version, dated

__all__ = ["History", "build_history", "edition_date", "LEVEL_KINDS"]

#: Amendment levels and the provision kinds that stand for them.
LEVEL_KINDS = {"article": "article", "paragraph": "paragraph", "item": "item", "point": "point"}


@dataclass(frozen=True)
class History:
    amendments: tuple[Amendment, ...]
    versions: tuple[Version, ...]
    timeline: tuple[TimelineEvent, ...]
    warnings: tuple[ParseWarning, ...]

    @cached_property
    def before_newest(self) -> dict[str, OldText]:
        """Each amended work's provisions as they stood before its newest decision (period 1),
        made once: the linker looks them up for every citation of an amended text."""
        rows: dict[str, list[Version]] = {}
        for version in self.versions:
            if version.period == 1:
                rows.setdefault(version.work, []).append(version)
        return {work: OldText.of(versions) for work, versions in rows.items()}


@dataclass(frozen=True)
class OldText:
    """The provisions of one text of a work by eId and by (kind, number), in reading order."""

    by_eid: dict[str, Version]
    by_number: dict[tuple[str, int | None], list[Version]]

    @classmethod
    def of(cls, versions: list[Version]) -> OldText:
        by_number: dict[tuple[str, int | None], list[Version]] = {}
        for version in versions:
            by_number.setdefault((version.kind, version.number), []).append(version)
        return cls({v.eid: v for v in versions}, by_number)

    def within(self, version: Version, ancestor: str) -> bool:
        parent = version.parent
        while parent is not None:
            if parent == ancestor:
                return True
            parent = self.by_eid[parent].parent if parent in self.by_eid else None
        return False


# --- a working tree, local to one derivation ----------------------------------------


@dataclass
class _Node:
    eid: str
    kind: str
    number: int | None
    label: str
    heading: str
    text: str | None
    lines: tuple[int, ...]
    children: list[_Node] = field(default_factory=list)
    status: str = "same"
    inserted: bool = False  # exists only in the newer text

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def full_text(self) -> str:
        parts = [node.text for node in self.walk() if node.text]
        return "\n".join(parts)


def _tree(provisions: tuple[Provision, ...]) -> _Node:
    root = _Node("", "work", None, "", "", None, ())
    nodes = {"": root}
    for p in provisions:
        node = _Node(p.eid, p.kind, p.number, p.label, p.heading, p.text or None, p.lines)
        nodes[p.eid] = node
        nodes[p.parent or ""].children.append(node)
    return root


def _copy(node: _Node) -> _Node:
    return _Node(node.eid, node.kind, node.number, node.label, node.heading, node.text, node.lines,
                 [_copy(c) for c in node.children], node.status, False)


def _label(kind: str, number: int) -> str:
    return {"chapter": f"第{int_to_cn(number)}章", "article": f"第{int_to_cn(number)}条",
            "paragraph": f"第{int_to_cn(number)}款",
            "item": f"（{int_to_cn(number)}）", "point": f"{number}."}[kind]


def _members(parent: _Node, kind: str) -> list[tuple[_Node, _Node]]:
    """(holder, node) for every node of ``kind`` under parent, not descending into them.

    Articles sit under chapters and sections; items sit under a paragraph, or directly
    under an article when the source has no 款."""
    out = []
    for child in parent.children:
        if child.kind == kind:
            out.append((parent, child))
        elif kind != "paragraph" or child.kind not in ("item", "point"):
            if not (kind == "article" and child.kind == "article"):
                out.extend(_members(child, kind))
    return out


def _preamble(root: _Node) -> _Node | None:
    """The preamble (引言, 序言): the unlabelled paragraph before the first labelled provision."""
    first = root.children[0] if root.children else None
    return first if first is not None and first.kind == "paragraph" and not first.label else None


def _find(root: _Node, target: Target) -> _Node | None:
    """The node a target names, by the numbers the tree carries now."""
    if target.part == "preamble":
        return _preamble(root)
    if target.chapter is not None and target.article is None:
        return next((n for n in root.walk() if n.kind == "chapter" and n.number == target.chapter
                     and not n.inserted), None)
    node = root
    for level, number in (("article", target.article), ("paragraph", target.paragraph),
                          ("item", target.item), ("point", target.point)):
        if number is None:
            continue
        candidates = [n for _, n in _members(node, level) if n.number == number and not n.inserted]
        if not candidates and level == "paragraph" and number == 1:
            continue  # 第X条第一款 of an article written without 款 nodes
        if not candidates:
            return None
        node = candidates[0]
    return None if node is root else node


def _renumber(scope: _Node, kind: str, ops: list[Amendment], scope_target: Target,
              warnings: list[ParseWarning], deleted_placeholders: list[tuple[_Node, int, Amendment]]) -> None:
    """Within one scope (the work, an article, a paragraph), drop inserted nodes of
    ``kind``, give the survivors their old numbers, and note where deleted ones go."""
    members = _members(scope, kind)
    if not members:
        return
    inserted = [op for op in ops if op.op == "insert" and op.level == kind and _in_scope(op, scope_target, kind)]
    deleted = [op for op in ops if op.op == "delete" and op.target.level == kind and _in_scope(op, scope_target, kind)]
    explicit = {op.destination.__dict__[kind]: op.target.__dict__[kind] for op in ops
                if op.op == "renumber" and op.destination is not None and _in_scope(op, scope_target, kind)
                and op.target.level == kind}
    for op in inserted:
        node = _inserted_node(members, op)
        if node is None:
            continue
        node.inserted = True
    survivors = [(holder, node) for holder, node in members if not node.inserted]
    deleted_numbers = sorted({op.target.__dict__[kind] for op in deleted})
    old_number, k = {}, 0
    for _holder, node in survivors:
        k += 1
        while k in deleted_numbers:
            k += 1
        old_number[id(node)] = k
    for _holder, node in survivors:
        number = explicit.get(node.number, old_number[id(node)])
        if number != node.number:
            node.number = number
            node.label = _label(kind, number)
            node.status = "renumbered" if node.status == "same" else node.status
    for op in deleted:
        deleted_placeholders.append((scope, op.target.__dict__[kind], op))


def _in_scope(op: Amendment, scope: Target, kind: str) -> bool:
    """Does the operation work at ``kind`` level inside the scope named by ``scope``?"""
    anchor = op.destination if op.op == "insert" and op.destination is not None else op.target
    order = ["chapter", "article", "paragraph", "item", "point"]
    for level in order[: order.index(kind)]:
        if getattr(anchor, level) != getattr(scope, level) and getattr(scope, level) is not None:
            return False
    return True


def _inserted_node(members: list[tuple[_Node, _Node]], op: Amendment) -> _Node | None:
    """The node an insertion created: found by its text (robust to numbering)."""
    wanted = squeeze(op.new or "")
    for _, node in members:
        if squeeze(node.full_text()) == wanted or squeeze(node.text or "") == wanted:
            return node
    if op.destination is not None:
        number = getattr(op.destination, op.level)
        for _, node in members:
            if node.number == number:
                return node
    return None


@dataclass(frozen=True)
class _Derived:
    tree: _Node
    amendments: list[Amendment]
    warnings: list[ParseWarning]


def _where(doc: Document, node: _Node | None) -> str:
    if node is None or not node.lines:
        return f"{doc.source}, lines {doc.first_line}–{doc.last_line}"
    return f"{doc.source}, line {node.lines[0]}"


def _text_unknown(node: _Node) -> None:
    """The decision does not give this provision's old text: keep its place, not its words."""
    node.text = None
    node.children = []
    node.status = "not_in_source"


_ASCII_PUNCTUATION = str.maketrans({";": "；", ",": "，", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！",
                                    "‘": "“", "’": "”"})


def _comparable(text: str) -> str:
    """Text as the consistency check compares it: layout spaces gone, ASCII punctuation as
    full-width (a decision printing 纠纷; and the re-published text 纠纷； say the same), and
    single quotes as double (a decision quotes its new text in “”, so the quotes inside it are
    ‘’; the re-published text prints them “”)."""
    return squeeze(text).translate(_ASCII_PUNCTUATION)


def _derive(work: Document, tree: _Node, ops: list[Amendment]) -> _Derived:
    """Revert one decision: the newer tree in, the older tree out (a new tree)."""
    new_tree = tree
    old = _copy(tree)
    warnings: list[ParseWarning] = []
    checked: list[Amendment] = []

    # 1. Consistency check against the newer (re-published) text, numbering mapped.
    placeholders: list[tuple[_Node, int, Amendment]] = []
    _renumber(old, "chapter", ops, Target(), warnings, placeholders)
    for _, chapter in _members(old, "chapter"):  # the articles of a chapter the decision added
        if chapter.inserted:
            for node in chapter.walk():
                node.inserted = True
    _renumber(old, "article", ops, Target(), warnings, placeholders)
    for _, article in _members(old, "article"):
        scope = Target(article=article.number)
        _renumber(article, "paragraph", ops, scope, warnings, placeholders)
        for _, paragraph in _members(article, "paragraph"):
            _renumber(paragraph, "item", ops, Target(article.number, paragraph.number), warnings, placeholders)
    by_eid_new = {n.eid: n for n in new_tree.walk()}

    for op in ops:
        note, applied, touched = "", True, []
        if op.target.part in ("title", "heading"):
            applied, note, touched = _renamed(work, old, op)
            if not applied:
                warnings.append(ParseWarning(op.source, op.line, f"{op.id}: {note}"))
            checked.append(replace(op, applied=applied, note=note, provisions=tuple(touched)))
            continue
        target_old = _find(old, op.target) if op.op not in ("insert", "renumber_all", "cease") else None
        target_new = by_eid_new.get(target_old.eid) if target_old is not None else None
        if op.op in ("replace_words", "rewrite", "delete_words", "renumber", "prepend_words", "append_words",
                     "rewrite_lead") and target_old is None:
            applied, note = False, f"{op.target.label} does not exist in 《{work.title}》"
        elif op.op == "replace_words":
            holders = [n for n in target_old.walk() if n.text and op.new and op.new in n.text]
            if not holders:
                applied, note = False, f"the new words “{op.new}” are not in {op.target.label} of the re-published text"
            for node in holders:
                node.text = node.text.replace(op.new, op.old or "")  # type: ignore[union-attr]
                node.status = "derived"
                touched.append(node.eid)
            if applied:
                note = "new words found in the re-published text; old words restored"
        elif op.op == "rewrite":
            current = _comparable(target_new.full_text() if target_new else "")
            if current != _comparable(op.new or ""):
                applied = False
                note = f"re-published {op.target.label} differs from the decision's new text"
            else:
                note = "re-published text equals the decision's new text"
            touched.extend(n.eid for n in (target_new.walk() if target_new else [target_old]))
            _text_unknown(target_old)
        elif op.op == "delete_words":
            text = target_new.full_text() if target_new else ""
            if op.old and op.old in text:
                applied, note = False, f"deleted words “{op.old}” still stand in {op.target.label}"
            else:
                note = "deleted words absent from the re-published text"
            touched.extend(n.eid for n in (target_new.walk() if target_new else [target_old]))
            _text_unknown(target_old)
        elif op.op == "insert":
            inserted = [n for n in old.walk() if n.inserted and (
                squeeze(n.full_text()) == squeeze(op.new or "")
                or (n.kind == "chapter" == op.level and bool(n.heading) and n.heading in squeeze(op.new or "")))]
            if not inserted:
                applied, note = False, "the inserted text is not in the re-published text"
            else:
                note = f"inserted text stands as {inserted[0].label} of the re-published text"
                touched.extend(n.eid for n in inserted[0].walk())
        elif op.op == "delete":
            note = "deleted: the re-published text lacks it; its old text is not in the source"
        elif op.op == "renumber":
            note = f"now {op.destination.label if op.destination else '?'}"
            touched.append(target_old.eid)
        elif op.op == "renumber_all":
            note = "numbering adjusted in order"
        elif op.op in ("prepend_words", "append_words") and target_old is not None:
            words = op.new or ""
            holder = next((n for n in target_old.walk() if n.text), None)
            if op.op == "append_words":
                holder = next((n for n in reversed(list(target_old.walk())) if n.text), None)
            text = holder.text if holder and holder.text else ""
            stands = text.startswith(words) if op.op == "prepend_words" else text.rstrip("。；").endswith(words.rstrip("。；"))
            if not stands:
                applied, note = False, f"the added words “{words[:20]}” do not stand at the {'start' if op.op == 'prepend_words' else 'end'} of {op.target.label}"
            else:
                holder.text = text[len(words):] if op.op == "prepend_words" else text[: len(text) - len(words.rstrip("。；"))]  # type: ignore[union-attr]
                holder.status = "derived"  # type: ignore[union-attr]
                touched.append(holder.eid)  # type: ignore[union-attr]
                note = "added words found in the re-published text; removed from the old text"
        elif op.op == "rewrite_lead" and target_old is not None:
            lead = next((n for n in target_old.walk() if n.text), None)
            if lead is None or not _comparable(lead.text or "").startswith(_comparable(op.new or "").rstrip("：:")):
                applied, note = False, f"the new opening words are not the opening of {op.target.label}"
            else:
                note = "re-published opening equals the decision's new words; the old opening is not in the source"
                touched.append(lead.eid)
                _text_unknown(lead)
        elif op.op == "cease":
            note = "no longer applied from the decision's date; the words stand in the text"
        if not applied:
            warnings.append(ParseWarning(
                op.source, op.line,
                f"{op.id}: {note} (re-published text: {_where(work, target_new)})"))
        checked.append(replace(op, applied=applied, note=note, provisions=tuple(touched)))

    # 2. Drop what the decision inserted; put back what it deleted, as placeholders.
    def prune(node: _Node) -> None:
        node.children = [c for c in node.children if not c.inserted]
        for child in node.children:
            prune(child)

    prune(old)
    used = {n.eid for n in new_tree.walk()}
    deleted_eids: dict[str, str] = {}
    for scope, number, op in placeholders:
        kind = op.target.level
        siblings = [n for _, n in _members(scope, kind)]
        before = [n for n in siblings if n.number is not None and n.number < number]
        holder = scope
        if before:
            holder = next(h for h, n in _members(scope, kind) if n is before[-1])
        eid_base = (f"{holder.eid}__" if holder.eid else "") + {"chapter": "chp", "article": "art", "paragraph": "para",
                                                                 "item": "item", "point": "point"}[kind] + f"_{number}"
        eid = eid_base if eid_base not in used else f"{eid_base}-deleted"
        placeholder = _Node(eid, kind, number, _label(kind, number), "", op.old, (), [],
                            "derived" if op.old else "not_in_source")
        deleted_eids[op.id] = eid
        index = holder.children.index(before[-1]) + 1 if before and before[-1] in holder.children else len(
            holder.children)
        holder.children.insert(index, placeholder)
        used.add(eid)
    checked = [replace(op, provisions=(deleted_eids[op.id],)) if op.id in deleted_eids else op for op in checked]
    return _Derived(old, checked, warnings)


def _renamed(work: Document, old: _Node, op: Amendment) -> tuple[bool, str, list[str]]:
    """Check (and revert in ``old``) an operation on a name: the work's title (名称修改为《…》,
    将名称中的“侵犯”修改为“侵害”) or a heading (第二章名称修改为…, 将“三、技术转让合同”修改为…)."""
    if op.target.part == "title":
        title = _comparable(work.title)
        if op.op == "rename":
            if _comparable(_without_issuer(op.new or "")) in (title, _comparable(_without_issuer(work.title))):
                return True, "the re-published title is the new name; the old name is not in the source", []
            return False, f"the re-published title is not the new name 《{op.new}》", []
        if op.new and _comparable(op.new) in title:
            return True, f"new words in the title; the old title read “{work.title.replace(op.new, op.old or '')}”", []
        return False, f"the new words “{op.new}” are not in the title 《{work.title}》", []
    for node in old.walk():
        if op.target.chapter is not None and (node.kind != "chapter" or node.number != op.target.chapter):
            continue
        shown = _comparable(node.label + node.heading)
        if shown.endswith(_comparable(op.new or "")) and node.heading:
            if op.old is not None:  # the old heading quoted with its label: 三、技术转让合同
                node.heading = squeeze(op.old).removeprefix(squeeze(node.label))
                node.status = "derived"
            else:
                _text_unknown(node)
            return True, "the re-published heading is the new one", [node.eid]
    return False, f"no heading reads “{op.new}” in the re-published text", []


def _snapshot(work: str, period: int, tree: _Node, valid_from: str | None, valid_to: str | None,
              made_by: str, current: bool) -> list[Version]:
    rows = []

    def visit(node: _Node, parent: str | None) -> None:
        for child in node.children:
            status = "current" if current else child.status
            rows.append(Version(work, period, child.eid, child.kind, child.label, child.number, parent,
                                len(rows), valid_from, valid_to, child.text, status, made_by, child.heading))
            visit(child, child.eid)

    visit(tree, None)
    return rows


def _original_effective(work: Document, published: str | None) -> str | None:
    """本办法自2020年6月1日起施行 in the work's own text, if not before publication."""
    for provision in work.provisions:
        match = EFFECTIVE.search(provision.text)
        date = find_date(match["when"]) if match else None
        if date and re.search(r"本(?:办法|规定|细则|条例|解释|规则)", provision.text):
            if published is None or date >= published:
                return date
    return published


def build_history(documents: tuple[Document, ...] | list[Document],
                  editions: dict[str, tuple[Document, ...]] | None = None) -> History:
    """The history of every amended work. ``editions``: earlier editions of works among
    ``documents`` (work id -> its earlier texts as published, oldest first), each read as
    the work's text from the date its history line last moved to that of the next edition
    (:func:`_edition_versions`); a work amended by decisions in the corpus is read from those."""
    by_id = {d.id: d for d in documents}
    amendments: list[Amendment] = []
    versions: list[Version] = []
    timeline: list[TimelineEvent] = []
    warnings: list[ParseWarning] = []

    decisions_by_work: dict[str, list[tuple[Document, list[Amendment]]]] = {}
    for doc in documents:
        if doc.type is not DocType.DECISION or not amends_works(doc.title):
            continue
        order = by_id.get(doc.parent) if doc.parent else None
        ops, found = parse_decision(doc, work=None, adopted=adopted_date(order),
                                    in_force=decision_in_force(doc, dated(doc, by_id)))
        warnings.extend(found)
        for title, group in _by_work(ops):
            work = _work_of(doc, title, documents)
            group = [replace(op, work=work.id if work else None) for op in group]
            if work is None:
                amendments.extend(group)
                warnings.append(ParseWarning(doc.source, group[0].line,
                                             f"《{title}》 amended by {doc.id} is not in the knowledge base"))
                continue
            decisions_by_work.setdefault(work.id, []).append((doc, group))

    for work_id, decisions in sorted(decisions_by_work.items()):
        work = by_id[work_id]
        decisions.sort(key=lambda pair: pair[1][0].in_force or "" if pair[1] else "", reverse=True)
        events = list(work.history)
        tree = _tree(work.provisions)
        newest_from = decisions[0][1][0].in_force if decisions[0][1] else None
        versions.extend(_snapshot(work.id, 0, tree, newest_from, None, decisions[0][0].id, current=True))
        valid_to = newest_from
        period = 0
        oldest_event = None
        for doc, ops in decisions:
            derived = _derive(work, tree, ops)
            amendments.extend(derived.amendments)
            warnings.extend(derived.warnings)
            period += 1
            # The period before this decision starts at the history event before it.
            earlier = [e for e in events if e.date < (ops[0].adopted or ops[0].in_force or "9999") and e.act
                       and not _same_act(e.act, by_id.get(doc.parent or ""))] if ops else []
            previous = earlier[-1] if earlier else None
            if previous is None:
                start, made_by = None, "original"
            elif previous.event in ("公布", "发布"):
                start, made_by = _original_effective(work, previous.date), previous.act
            else:
                start, made_by = previous.date, previous.act
            versions.extend(_snapshot(work.id, period, derived.tree, start, valid_to, made_by, current=False))
            tree, valid_to, oldest_event = derived.tree, start, previous
        # Periods before the oldest derived text: known from the history line only.
        older = [e for e in events if oldest_event is not None and e.date < oldest_event.date]
        for k, event in enumerate(reversed(older), start=1):
            begin = _original_effective(work, event.date) if event.event in ("公布", "发布") else event.date
            versions.append(Version(work.id, period + k, "", "work", "", None, None, 0, begin, valid_to, None,
                                    "not_in_source", event.act))
            valid_to = begin
        timeline.extend(_timeline(work, decisions, by_id))
    for work_id, older in sorted((editions or {}).items()):
        work = by_id.get(work_id)
        if work is None or not older:
            continue
        if work_id in decisions_by_work:
            warnings.append(ParseWarning(older[-1].source, older[-1].first_line,
                                         f"an earlier edition of {work_id}, left out: its history is read from the "
                                         "amending decisions in the corpus"))
            continue
        versions.extend(_edition_versions(work, older))
        timeline.extend(_timeline(work, [], by_id))
    return History(tuple(amendments), tuple(versions), tuple(timeline),
                   tuple(sorted(warnings, key=lambda w: (w.source, w.line))))


def edition_date(doc: Document) -> str:
    """The date of the newest event of a text's history line (公布, 修正 …): which edition of a
    work the text is ("" without a history line)."""
    return max((event.date for event in doc.history), default="")


def _edition_start(doc: Document) -> tuple[str | None, str]:
    """When an edition's text took effect, and the act that made it: the last event of its
    history line (an original text from its own 自…起施行 date)."""
    if not doc.history:
        return None, "original"
    last = next(event for event in doc.history if event.date == edition_date(doc))
    if last.event in ("公布", "发布", "通过") and len(doc.history) == 1:
        return _original_effective(doc, last.date), last.act or last.event
    return last.date, last.act or last.event


def _articles(tree: _Node) -> list[_Node]:
    return [node for node in tree.walk() if node.kind == "article"]


def _aligned(old: _Node, new: _Node) -> _Node:
    """``old``'s tree with the eIds of ``new`` where their articles correspond: articles are
    aligned by their texts (equal runs, and changed ones in place between them), so that an
    article keeps its identity when one inserted before it renumbers it; an article of the
    old text only keeps its own eId, marked ``_old`` where the new text uses it for another."""
    import difflib

    before, after = _articles(old), _articles(new)
    matcher = difflib.SequenceMatcher(None, [_comparable(a.full_text()) for a in before],
                                      [_comparable(a.full_text()) for a in after], autojunk=False)
    renamed: dict[str, str] = {}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "replace"):
            for a, b in zip(before[i1:i2], after[j1:j2]):
                renamed[a.eid] = b.eid
    taken = {node.eid for node in new.walk()}
    for article in before:
        if article.eid not in renamed:
            renamed[article.eid] = article.eid + "_old" if article.eid in taken else article.eid
    tree = _copy(old)

    def rename(node: _Node, article: tuple[str, str] | None) -> None:
        for child in node.children:
            inside = article
            if child.kind == "article":
                inside = (child.eid, renamed[child.eid])
                child.eid = inside[1]
            elif article is not None and child.eid.startswith(article[0] + "__"):
                child.eid = article[1] + child.eid[len(article[0]):]
            child.status = "edition"
            rename(child, inside)

    rename(tree, None)
    return tree


def _edition_versions(work: Document, older: tuple[Document, ...]) -> list[Version]:
    """The work's texts as its editions print them: the newest (the work's document) from
    the last date of its history line, each earlier one until the next began."""
    start, made_by = _edition_start(work)
    newest = _tree(work.provisions)
    rows = _snapshot(work.id, 0, newest, start, None, made_by, current=True)
    valid_to, period = start, 0
    for edition in reversed(older):
        begin, act = _edition_start(edition)
        if begin is not None and valid_to is not None and begin >= valid_to:
            continue  # not an earlier text after all
        period += 1
        rows.extend(_snapshot(work.id, period, _aligned(_tree(edition.provisions), newest), begin, valid_to, act,
                              current=False))
        valid_to = begin
    return rows


def _same_act(act: str, order: Document | None) -> bool:
    return order is not None and order.number is not None and order.number.text in squeeze(act)


def _by_work(ops: list[Amendment]) -> list[tuple[str, list[Amendment]]]:
    """A decision's operations by the work each amends, in the order the works first appear."""
    groups: dict[str, list[Amendment]] = {}
    for op in ops:
        groups.setdefault(op.work_title, []).append(op)
    return list(groups.items())


def _work_of(decision: Document, title: str, documents: tuple[Document, ...] | list[Document]) -> Document | None:
    """The work titled ``title`` that a decision amends: the one it re-publishes, else the
    newest document with that title. A decision of one work (关于修改《X》的决定) amends the
    text it re-publishes whatever its printed title."""
    wanted = norm_title(title)
    if not wanted:
        return None
    named = [d for d in documents if d.type in (DocType.REGULATION, DocType.LAW)
             and wanted in (norm_title(d.title), norm_title(_without_issuer(d.title)))]
    republished = [d for relation in decision.relations if relation.kind == "republishes"
                   for d in documents if d.id == relation.target]
    if named:
        return next((d for d in republished if d in named), named[-1])
    return republished[0] if republished and title == amended_title(decision.title) else None


def _without_issuer(title: str) -> str:
    """最高人民法院关于审理…的解释 -> 关于审理…的解释 (how decisions often name a work)."""
    match = ISSUER_TITLE.match(title)
    return match["rest"] if match else title


def _timeline(work: Document, decisions: list[tuple[Document, list[Amendment]]],
              by_id: dict[str, Document]) -> list[TimelineEvent]:
    events = []
    for event in work.history:
        act_id, in_corpus = None, False
        for doc, ops in decisions:
            if _same_act(event.act, by_id.get(doc.parent or "")):
                act_id, in_corpus = doc.id, bool(ops)
        events.append(TimelineEvent(work.id, event.date, event.event, event.act, act_id, in_corpus))
    known = {e.act_id for e in events}
    for doc, ops in decisions:
        if doc.id not in known:
            events.append(TimelineEvent(work.id, dated(doc, by_id) or "", "修正", doc.full_title, doc.id,
                                        bool(ops)))
    return sorted(events, key=lambda e: e.date)
