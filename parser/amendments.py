"""Amendment decisions (关于修改《…》的决定) as data: one :class:`Amendment` per operation.

Forms read (targets are 第X条, 第X条第Y款, 第X条第（Z）项 or 第X条第Z项, …第W目):

==========================================================  ==============
clause                                                      op
==========================================================  ==============
将第X条（款、项）中的“A”修改为“B”  (also 改为; several pairs)   replace_words
将第X条（款、项）修改为：“…”                                  rewrite
删去第X条（款、项）                                           delete
删去第X条中的“A”                                             delete_words
在第X条后增加一条（一款、一项），作为第Y条：“…”                 insert
增加一条（一款、一项），作为第Y条：“…”                          insert (no anchor)
将第X条改为第Y条                                              renumber
此外，对条文顺序作相应调整 / 条文序号作相应调整                  renumber_all
==========================================================  ==============

Quoted words may themselves hold quotes (“门前三包”); quotes are matched by depth, and a
clause is parsed on its *skeleton*, where each top-level quotation is replaced by a
placeholder. A rewrite may run over several lines: a numbered item goes on while its
quotes are open. A clause that matches no form is returned as a warning with its line,
never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lines import iso_date
from .numerals import CN_NUMBER, NUMBER, cn_to_int
from .records import Amendment, Document, ParseWarning, Target

__all__ = ["Operation", "parse_item", "parse_decision", "amended_title", "decision_in_force", "adopted_date"]

_VERBS = r"(?:修改为|改为)"
_TARGET = (
    rf"第(?P<{{p}}art>{NUMBER})条"
    rf"(?:第(?P<{{p}}para>{NUMBER})款)?"
    rf"(?:第[（(]?(?P<{{p}}item>{CN_NUMBER}|\d+)[）)]?项)?"
    rf"(?:第(?P<{{p}}point>{NUMBER})目)?"
)
T1 = _TARGET.format(p="a_")
T2 = _TARGET.format(p="b_")
_UNIT = r"(?P<count>[一二两三四五六七八九十\d]+)(?P<unit>条|款|项|目)"

FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("replace_words", re.compile(rf"^将{T1}中的(?P<pairs>(?:Q\d+{_VERBS}[：:]?Q\d+[，、；;和]?)+)$")),
    ("rewrite", re.compile(rf"^将{T1}{_VERBS}[：:]Q(?P<new>\d+)$")),
    ("delete_words", re.compile(rf"^删去{T1}中的(?P<olds>(?:Q\d+[、，和]?)+)$")),
    ("delete", re.compile(rf"^删去{T1}$")),
    ("insert", re.compile(rf"^在{T1}(?:之)?后增加{_UNIT}[，,]?(?:作为{T2})?[：:](?P<news>(?:Q\d+)+)$")),
    ("insert", re.compile(rf"^增加{_UNIT}[，,]?作为{T2}[：:](?P<news>(?:Q\d+)+)$")),
    ("renumber", re.compile(rf"^将{T1}改为{T2}$")),
    ("renumber_all", re.compile(r"^(?:此外[，,])?(?:对)?(?:条文|条款)?(?:顺序|序号)(?:作|做)相应(?:的)?调整$")),
)

_DECISION_TITLE = re.compile(r"修改《(?P<title>.+?)》的决定")
_IN_FORCE = re.compile(r"本决定自(?P<when>\d{4}年\d{1,2}月\d{1,2}日|公布之日|发布之日|印发之日)起(?:施行|实施|生效)")
_ADOPTED = re.compile(r"已经(?P<date>\d{4}年\d{1,2}月\d{1,2}日)[^。，]*?通过")
_DATE = re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")


def amended_title(decision_title: str) -> str | None:
    match = _DECISION_TITLE.search(decision_title.replace("〈", "《").replace("〉", "》"))
    return match["title"] if match else None


def _date(text: str) -> str | None:
    match = _DATE.search(text)
    return iso_date(match["y"], match["m"], match["d"]) if match else None


def decision_in_force(decision: Document, published: str | None) -> str | None:
    """本决定自2021年12月1日起施行 -> 2021-12-01; 自公布之日起施行 -> the publication date."""
    for provision in decision.provisions:
        match = _IN_FORCE.search(provision.text)
        if match:
            return _date(match["when"]) or published
    return published


def adopted_date(order: Document | None) -> str | None:
    """已经2021年10月9日市政府第2次常务会议通过 -> 2021-10-09."""
    if order is None:
        return None
    for provision in order.provisions:
        match = _ADOPTED.search(provision.text)
        if match:
            return _date(match["date"])
    return None


def _skeleton(text: str) -> tuple[str, list[str]]:
    """Replace each top-level “…” by Q0, Q1, …; return the skeleton and the quotations."""
    out, quotes, depth, current = [], [], 0, []
    for ch in text:
        if ch == "“":
            depth += 1
            if depth == 1:
                current = []
                continue
        elif ch == "”" and depth:
            depth -= 1
            if depth == 0:
                out.append(f"Q{len(quotes)}")
                quotes.append("".join(current))
                continue
        if depth:
            current.append(ch)
        else:
            out.append(ch)
    if depth:  # an unclosed quote: keep the text as it is
        out.append("“" + "".join(current))
    return "".join(out), quotes


def _clauses(skeleton: str) -> list[str]:
    """Split an item's skeleton at 。；and at ，并 / ，同时 before a new operation."""
    parts = re.split(r"[。；;]|[，,](?:并|同时)(?=将|删去|在|增加)", skeleton)
    return [p.strip(" \u3000，,") for p in parts if p.strip(" \u3000，,。")]


def _target(match: re.Match[str], prefix: str) -> Target | None:
    if not match.groupdict().get(f"{prefix}art"):
        return None

    def number(name: str) -> int | None:
        value = match[f"{prefix}{name}"]
        return cn_to_int(value) if value else None

    return Target(number("art"), number("para"), number("item"), number("point"))


def _quotes(indices: str, quotes: list[str]) -> list[str]:
    return [quotes[int(n)] for n in re.findall(r"Q(\d+)", indices)]


@dataclass(frozen=True)
class Operation:
    op: str
    target: Target
    destination: Target | None
    old: str | None
    new: str | None
    level: str = ""  # what an insertion adds: article, paragraph, item, point


def _read_clause(clause: str, quotes: list[str]) -> list[Operation] | None:
    for op, pattern in FORMS:
        match = pattern.match(clause)
        if not match:
            continue
        target = _target(match, "a_") or Target()
        destination = _target(match, "b_")
        if op == "replace_words":
            pairs = re.findall(rf"Q(\d+){_VERBS}[：:]?Q(\d+)", match["pairs"])
            return [Operation(op, target, None, quotes[int(a)], quotes[int(b)]) for a, b in pairs]
        if op == "rewrite":
            return [Operation(op, target, None, None, quotes[int(match["new"])])]
        if op == "delete_words":
            return [Operation(op, target, None, old, None) for old in _quotes(match["olds"], quotes)]
        if op == "insert":
            unit = {"条": "article", "款": "paragraph", "项": "item", "目": "point"}[match["unit"]]
            news = _quotes(match["news"], quotes)
            return [Operation(op, target, _step(destination, unit, k), None, new, unit) for k, new in enumerate(news)]
        return [Operation(op, target, destination, None, None)]
    return None


def _step(destination: Target | None, unit: str, k: int) -> Target | None:
    """The k-th of several provisions inserted together stands k places after the first."""
    if destination is None or k == 0:
        return destination
    field = {"article": "article", "paragraph": "paragraph", "item": "item", "point": "point"}[unit]
    value = getattr(destination, field)
    return Target(**{**destination.__dict__, field: (value or 0) + k})


def parse_item(text: str) -> tuple[list[Operation], list[str]]:
    """The operations of one numbered item of a decision, and the clauses not understood."""
    skeleton, quotes = _skeleton(text.replace("\n", "\uE000"))
    quotes = [q.replace("\uE000", "\n") for q in quotes]
    operations, unknown = [], []
    for clause in _clauses(skeleton.replace("\uE000", "")):
        if _IN_FORCE.search(clause) or "重新公布" in clause or "作如下修改" in clause or "相应修改" in clause:
            continue
        ops = _read_clause(clause, quotes)
        if ops is None:
            if re.search(r"修改|删去|增加|改为|调整", clause):
                unknown.append(clause)
            continue
        operations.extend(ops)
    return operations, unknown


def parse_decision(decision: Document, *, work: str | None, adopted: str | None, in_force: str | None
                   ) -> tuple[list[Amendment], list[ParseWarning]]:
    """The operations of one amendment decision, in the order the decision gives them."""
    title = amended_title(decision.title) or ""
    items: list[tuple[str, int]] = []  # (text, first line)
    open_item = False
    for provision in decision.provisions:
        text = provision.text or provision.heading
        line = provision.lines[0] if provision.lines else decision.first_line
        if provision.kind == "division":
            items.append((text, line))
        elif open_item and items:
            items[-1] = (items[-1][0] + "\n" + text, items[-1][1])
        else:
            items.append((text, line))
        open_item = items[-1][0].count("“") > items[-1][0].count("”")
    operations: list[Amendment] = []
    warnings: list[ParseWarning] = []
    for text, line in items:
        ops, unknown = parse_item(text)
        for clause in unknown:
            warnings.append(ParseWarning(decision.source, line, f"amendment clause not understood: {clause[:60]}"))
        for op in ops:
            operations.append(Amendment(
                id=f"{decision.id}/op_{len(operations) + 1}", decision=decision.id, work_title=title,
                work=work, op=op.op, target=op.target, destination=op.destination, old=op.old, new=op.new,
                level=op.level or op.target.level, adopted=adopted, in_force=in_force, applied=False, note="",
                source=decision.source, line=line,
            ))
    return operations, warnings
