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
将第X条改为第Y条 / 将第X条修改为第Y条 / 原第X条作为第Y条             renumber
将第X条修改为第Y条：“…”  (moved and rewritten in one operation)   renumber + rewrite
将第X条和第Y条合并修改为：“…”                                   rewrite (X) + delete (Y)
第X条第Y款开始部分增加规定：“…”                                   prepend_words
第X条第Y款末尾增加规定：“…”                                       append_words
第X条条首部分修改为：“…”                                          rewrite_lead
删去第X条第一款末尾的“A”和第二款末尾的“B”                         delete_words ×2
删去第X条和第Y条                                                 delete ×2
《X》第一条第一款第（一）项、第二款…规定的…不再适用                  cease (one per target)
此外，对条文顺序作相应调整 / 条文序号作相应调整                  renumber_all
条文顺序作相应调整：“第八条”调整为“第七条”，…                     renumber (one per pair)
==========================================================  ==============

A target that names no article (并增加一项作为第三项, 同时将第二款中的…) lies in the article of
the clause before it in the same item. Aliases and qualifiers are read past: 将《解释》原第七条
改为修改后《解释》第十二条 is 将第七条改为第十二条. New text may run over several lines in
quotes; by the Chinese convention each quoted paragraph opens with “ and only the last closes.

Quoted words may themselves hold quotes (“门前三包”); quotes are matched by depth, and a
clause is parsed on its *skeleton*, where each top-level quotation is replaced by a
placeholder. A rewrite may run over several lines: a numbered item goes on while its
quotes are open. A clause that matches no form is returned as a warning with its line,
never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .dates import EFFECTIVE, find_date
from .grammar import DATE_TEXT, DIVISION, NUMBER, PARTS, pinpoint
from .numerals import cn_to_int
from .records import Amendment, Document, ParseWarning, Target

__all__ = ["Operation", "parse_item", "parse_decision", "amended_title", "amends_works", "decision_in_force",
           "adopted_date", "named_work"]

_VERBS = r"(?:修改为|改为)"
T1 = pinpoint("a_", parts=True)
T2 = pinpoint("b_", parts=True)
T3 = pinpoint("c_", parts=True)
_UNIT = rf"(?P<count>{NUMBER})(?P<unit>章|条|款|项|目)"

_OF = r"(?:中|末尾|开头|规定)?的"
FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("replace_words", re.compile(rf"^将?{T1}中的?(?P<pairs>(?:Q\d+[，,]?{_VERBS}[：:]?Q\d+[，、；;和]?)+)$")),
    ("move_rewrite", re.compile(rf"^将{T1}{_VERBS}{T2}[，,]?(?:并)?(?:修改为)?[：:]Q(?P<new>\d+)$")),
    ("rewrite", re.compile(rf"^将{T1}{_VERBS}[：:]Q(?P<new>\d+)$")),
    ("merge", re.compile(rf"^将{T1}(?:和|与|、){T3}合并(?:修改)?为[：:]Q(?P<new>\d+)$")),
    ("delete", re.compile(rf"^删去{T1}规定的Q(?P<old>\d+)$")),
    ("delete_words", re.compile(rf"^删去{T1}{_OF}(?P<olds>(?:Q\d+[、，和]?)+)(?P<more>(?:和{T2}{_OF}Q\d+)?)$")),
    ("delete_words", re.compile(rf"^{T1}中?(?:的)?删去(?P<olds>(?:Q\d+[、，和]?)+)(?P<more>)$")),
    ("rewrite_part", re.compile(rf"^将?(?:本\S{{1,3}}的?)?(?P<part>{'|'.join(PARTS)})修改为[：:]?(?:Q(?P<new>\d+)|《(?P<title>.+)》)$")),
    ("rewrite_heading", re.compile(rf"^将?{T1}的?(?:名称|章名|标题)修改为[：:]?Q(?P<new>\d+)$")),
    ("rename_quoted", re.compile(r"^将Q(?P<old>\d+)修改为[：:]?Q(?P<new>\d+)$")),
    ("delete", re.compile(rf"^删去{T1}(?:(?:和|、){T2})?$")),
    ("prepend_words", re.compile(rf"^{T1}(?:开始|开头|起始)部分增加(?:规定)?[：:]Q(?P<new>\d+)$")),
    ("append_words", re.compile(rf"^{T1}(?:末尾|结尾|最后)(?:部分)?增加(?:规定)?[：:]Q(?P<new>\d+)$")),
    ("rewrite_lead", re.compile(rf"^{T1}(?:条首|款首|开头)部分修改为[：:]Q(?P<new>\d+)$")),
    ("insert", re.compile(rf"^在{T1}(?:之)?后增加{_UNIT}[，,]?(?:作为{T2})?(?:规定)?[：:](?P<news>(?:Q\d+)+)$")),
    ("insert", re.compile(rf"^增加{_UNIT}[，,]?作为{T2}(?:规定)?[：:](?P<news>(?:Q\d+)+)$")),
    ("renumber", re.compile(rf"^(?:将)?{T1}(?:改为|修改为|作为){T2}$")),
    ("renumber_pairs", re.compile(r"^(?:将)?(?:的)?(?:条文|条款)(?:顺序|序号)(?:作|做)相应(?:的)?调整[：:](?P<pairs>(?:Q\d+调整为Q\d+[，,、\s]*)+)$")),
    ("renumber_all", re.compile(r"^(?:此外[，,])?(?:对|将)?(?:的)?(?:条文|条款)?(?:顺序|序号)(?:作|做)相应(?:的)?调整$")),
)

#: Aliases and qualifiers read past: 《解释》原第六条, 修改后《解释》第十二条.
_QUALIFIERS = re.compile(r"《[^《》]{1,12}》(?=原|的|第|修改后)|修改后|(?<=将)原|^原|(?<=和)原")
_CEASE = re.compile(rf"(?P<targets>(?:{pinpoint(groups=False)}[、和]?)+)规定的.*不再适用")

_DECISION_TITLE = re.compile(r"修改《(?P<title>.+?)》的决定")
_IN_FORCE = re.compile(r"本决定" + EFFECTIVE.pattern)
_ADOPTED = re.compile(rf"已经(?P<date>{DATE_TEXT})[^。，]{{0,60}}?通过")


_AMENDING = re.compile(r"(?:修改|修正).*的决定$")


def amends_works(decision_title: str) -> bool:
    """Does a decision's title say it amends works: 关于修改《X》的决定, 关于修改《A》等十八件…
    的决定, 关于修改部分行政法规的决定?"""
    return bool(_AMENDING.search(decision_title))


def amended_title(decision_title: str) -> str | None:
    match = _DECISION_TITLE.search(decision_title.replace("〈", "《").replace("〉", "》"))
    return match["title"] if match else None


def _date(text: str) -> str | None:
    return find_date(text)


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
    """Split an item's skeleton at 。；, at ，并 / ，同时 before a new operation, and at the commas
    of a run of renumberings (原第二章改为第三章，第三条改为第四条)."""
    parts = re.split(r"[。；;]|[，,](?:并|同时)(?=将|删去|在|增加)"
                     r"|[，,](?=(?:原)?第[^，,。；;]{1,12}(?:改为|作为)第)", skeleton)
    return [p.strip(" \u3000，,") for p in parts if p.strip(" \u3000，,。")]


def _target(match: re.Match[str], prefix: str) -> Target | None:
    if not _has_target(match, prefix):
        return None

    def number(name: str) -> int | None:
        value = match.groupdict().get(f"{prefix}{name}")
        return cn_to_int(value) if value else None

    part = match.groupdict().get(f"{prefix}part")
    return Target(number("art"), number("para"), number("item"), number("point"), number("chp"),
                  PARTS[part] if part else None)


def _quotes(indices: str, quotes: list[str]) -> list[str]:
    return [quotes[int(n)] for n in re.findall(r"Q(\d+)", indices)]


@dataclass(frozen=True)
class Operation:
    op: str
    target: Target
    destination: Target | None
    old: str | None
    new: str | None
    level: str = ""  # what an insertion adds: chapter, article, paragraph, item, point
    work: str | None = None  # the work the clause names (将《X》第一条修改为…), if it names one


def _in(context: Target | None, target: Target | None) -> Target | None:
    """A target that names no article lies in the context's article (同时将第二款中的…)."""
    if (target is None or target.article is not None or target.chapter is not None or context is None
            or context.article is None):
        return target
    return Target(context.article, target.paragraph, target.item, target.point)


def _has_target(match: re.Match[str], prefix: str) -> bool:
    return any(match.groupdict().get(f"{prefix}{name}") for name in ("part", "chp", "art", "para", "item", "point"))


_TARGET_RE = re.compile(T1)


def _cease(clause: str, context: Target | None) -> list[Operation] | None:
    """《X》第一条第一款第（一）项、第二款和第二条第二款规定的…不再适用: one operation a target."""
    match = _CEASE.search(clause)
    if not match:
        return None
    ops, current = [], context
    for found in _TARGET_RE.finditer(match["targets"]):
        if not found.group(0):
            continue
        target = _target(found, "a_")
        if target is None:
            continue
        target = _in(current, target)
        if target.article is None:
            continue
        ops.append(Operation("cease", target, None, None, None))
        current = target
    return ops or None


#: A work named at the head of a clause: 将《A》第一条修改为…, 《B》第十八条中…, 对《C》作如下修改.
_NAMED_WORK = re.compile(r"^(?P<verb>将|对|在|删去|删除)?《(?P<work>(?:[^《》]|《[^《》]*》)+)》(?:中的?|的)?"
                         r"(?=第|引言|序言|前言|名称|标题|作(?:如下|以下)修改|$)")
_ONE_TARGET = rf"(?:{'|'.join(PARTS)}|(?=第){pinpoint(groups=False)})"
#: A list of targets that one operation applies to, each in turn: 删除第二条、第三条、第四条;
#: 第二条、第三条中“投资者”修改为“交易者”.
_TARGET_LIST = re.compile(rf"^(?P<verb>将|删去)?(?P<targets>{_ONE_TARGET}(?:(?:、|和|及){_ONE_TARGET})+)"
                          r"(?P<rest>(?:中|的).*)?$")


#: A quoted heading with its label: 三、技术转让合同, 第二章　总则.
_HEADING_LABEL = re.compile(rf"^(?:{DIVISION}|第{NUMBER}[编章节])")


#: A short name a decision gives the work it amends (将《解释》原第七条…): an alias, not a work.
_ALIAS = re.compile(r"^(?:本)?(?:解释|规定|办法|条例|细则|决定|意见|规则|法)$")


def named_work(clause: str) -> tuple[str | None, str]:
    """The work a clause names at its head, and the clause without it (the verb kept); an
    alias (《解释》) names no work."""
    match = _NAMED_WORK.match(clause)
    if match is None or _ALIAS.match(match["work"]):
        return None, clause
    return match["work"], (match["verb"] or "") + clause[match.end():]


def _distributed(clause: str) -> list[str]:
    """A clause over a list of targets as one clause per target."""
    match = _TARGET_LIST.match(clause)
    if match is None:
        return [clause]
    targets = re.findall(_ONE_TARGET, match["targets"])
    return [f"{match['verb'] or ''}{target}{match['rest'] or ''}" for target in targets]


def _read_clause(clause: str, quotes: list[str], context: Target | None = None) -> list[Operation] | None:
    clause = re.sub(r"^(?:并|同时|另外|此外)[，,]?", "", clause)
    work, clause = named_work(re.sub(r"^删除", "删去", clause))
    clause = _QUALIFIERS.sub("", _QUALIFIERS.sub("", clause))
    parts = _distributed(clause)
    if len(parts) > 1:
        ops: list[Operation] = []
        for part in parts:
            found = _read_clause(part, quotes, context)
            if not found:
                return None
            ops.extend(found)
        return [replace(op, work=work) for op in ops]
    found = _read_form(clause, quotes, context)
    return [replace(op, work=work) for op in found] if found else found


def _read_form(clause: str, quotes: list[str], context: Target | None) -> list[Operation] | None:
    for op, pattern in FORMS:
        match = pattern.match(clause)
        if not match:
            continue
        if op == "rewrite_part":
            part = PARTS[match["part"]]
            new = match["title"] if match["title"] is not None else quotes[int(match["new"])]
            return [Operation("rewrite" if part == "preamble" else "rename", Target(part=part), None, None,
                              new.strip("《》") if part == "title" else new)]
        if op == "rename_quoted":  # 将“三、技术转让合同”修改为：“三、技术转让合同和技术许可合同”
            old, new = quotes[int(match["old"])], quotes[int(match["new"])]
            if not _HEADING_LABEL.match(old) or len(old) > 40:
                return None
            return [Operation("rename", Target(part="heading"), None, old, new)]
        if op == "rewrite_heading":
            found = _target(match, "a_")
            if found is None or found.chapter is None:
                continue
            return [Operation("rename", replace(found, part="heading"), None, None, quotes[int(match["new"])])]
        if op not in ("renumber_all", "renumber_pairs") and not _has_target(match, "a_") and op != "insert":
            continue
        if op in ("move_rewrite", "renumber") and not _has_target(match, "b_"):
            continue
        target = _in(context, _target(match, "a_")) or Target()
        destination = _in(target if target.article else context, _target(match, "b_"))
        if op == "renumber_pairs":
            ops = []
            for a, b in re.findall(r"Q(\d+)调整为Q(\d+)", match["pairs"]):
                old, new = _TARGET_RE.fullmatch(quotes[int(a)]), _TARGET_RE.fullmatch(quotes[int(b)])
                if old is None or new is None or _target(old, "a_") is None or _target(new, "a_") is None:
                    return None
                ops.append(Operation("renumber", _target(old, "a_"), _target(new, "a_"), None, None))  # type: ignore[arg-type]
            return ops
        if op == "move_rewrite":
            return [Operation("renumber", target, destination, None, None),
                    Operation("rewrite", target, None, None, quotes[int(match["new"])])]
        if op == "merge":
            other = _in(target, _target(match, "c_")) or Target()
            return [Operation("rewrite", target, None, None, quotes[int(match["new"])]),
                    Operation("delete", other, None, None, None)]
        if op in ("prepend_words", "append_words", "rewrite_lead"):
            return [Operation(op, target, None, None, quotes[int(match["new"])])]
        if op == "delete" and match.groupdict().get("old"):  # 删去第X条第Y款规定的“…”: old text given
            return [Operation(op, target, None, quotes[int(match["old"])], None)]
        if op == "delete":
            ops = [Operation(op, target, None, None, None)]
            if destination is not None:
                ops.append(Operation(op, destination, None, None, None))
            return ops
        if op == "delete_words":
            ops = [Operation(op, target, None, old, None) for old in _quotes(match["olds"], quotes)]
            if match["more"]:
                more_target = _in(target, _target(match, "b_")) or target
                ops += [Operation(op, more_target, None, old, None) for old in _quotes(match["more"], quotes)]
            return ops
        if op == "replace_words":
            pairs = re.findall(rf"Q(\d+)[，,]?{_VERBS}[：:]?Q(\d+)", match["pairs"])
            return [Operation(op, target, None, quotes[int(a)], quotes[int(b)]) for a, b in pairs]
        if op == "rewrite":
            return [Operation(op, target, None, None, quotes[int(match["new"])])]
        if op == "delete_words":
            return [Operation(op, target, None, old, None) for old in _quotes(match["olds"], quotes)]
        if op == "insert":
            unit = {"章": "chapter", "条": "article", "款": "paragraph", "项": "item", "目": "point"}[match["unit"]]
            news = _quotes(match["news"], quotes)
            return [Operation(op, target, _step(destination, unit, k), None, new, unit) for k, new in enumerate(news)]
        return [Operation(op, target, destination, None, None)]
    return None


def _step(destination: Target | None, unit: str, k: int) -> Target | None:
    """The k-th of several provisions inserted together stands k places after the first."""
    if destination is None or k == 0:
        return destination
    field = {"chapter": "chapter", "article": "article", "paragraph": "paragraph", "item": "item", "point": "point"}[unit]
    value = getattr(destination, field)
    return Target(**{**destination.__dict__, field: (value or 0) + k})


#: A heading that names the work the next operations amend: 修改《X》, 对《X》作如下修改.
_WORK_HEADING = re.compile(r"^(?:修改|对)《(?P<work>(?:[^《》]|《[^《》]*》)+)》(?:作(?:如下|以下)修改)?$")


def parse_item(text: str, work: str | None = None) -> tuple[list[Operation], list[str]]:
    """The operations of one numbered item of a decision, and the clauses not understood.

    Each operation carries the work it amends when the item names one (修改《X》, 对《X》作如下
    修改, 将《X》第一条修改为…), else ``work``: the one named before it in the decision."""
    # A quoted text of several paragraphs opens each paragraph with “ and closes only the
    # last: a line that opens with “ while a quotation is still open continues it.
    joined: list[str] = []
    for line in text.split("\n"):
        so_far = "\n".join(joined)
        if joined and line.startswith("“") and so_far.count("“") > so_far.count("”"):
            line = line[1:]
        joined.append(line)
    skeleton, quotes = _skeleton("\n".join(joined).replace("\n", "\uE000"))
    quotes = [q.replace("\uE000", "\n") for q in quotes]
    operations, unknown = [], []
    context: Target | None = None
    skeleton = re.sub(r"(作如下修改|修改如下)[：:]", r"\1。", skeleton)  # the preamble ends there
    # a line that opens a new instruction after a finished one is a new clause
    skeleton = re.sub(r"(?<=[^：:\uE000])\uE000(?=第|将|删去|删除|增加|在|对《|原第|此外|同时)", "。", skeleton)
    for clause in _clauses(skeleton.replace("\uE000", "")):
        heading = _WORK_HEADING.match(clause)
        if heading:
            work, context = heading["work"], None
            continue
        if _IN_FORCE.search(clause) or "重新公布" in clause or "作如下修改" in clause or "相应修改" in clause:
            continue
        ops = _cease(clause, context) if "不再适用" in clause else _read_clause(clause, quotes, context)
        if not ops:
            if re.search(r"修改|删去|增加|改为|调整|作为|合并|不再适用", clause):
                unknown.append(clause)
            continue
        if ops[0].work and ops[0].work != work:
            work = ops[0].work  # 将《A》第一条修改为…: A until another work is named
        operations.extend(replace(op, work=op.work or work) for op in ops)
        context = next((op.target for op in ops if op.target.article is not None), context)
    return operations, unknown


def parse_decision(decision: Document, *, work: str | None, adopted: str | None, in_force: str | None
                   ) -> tuple[list[Amendment], list[ParseWarning]]:
    """The operations of one amendment decision, in the order the decision gives them."""
    current = amended_title(decision.title)
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
        last = items[-1][0]
        # open while a quotation is open, or after a clause that announces its text (修改为：)
        open_item = last.count("“") > last.count("”") or last.rstrip().endswith(("：", ":"))
    operations: list[Amendment] = []
    warnings: list[ParseWarning] = []
    for text, line in items:
        ops, unknown = parse_item(text, current)
        heading = _WORK_HEADING.match(text.split("\n", 1)[0].rstrip("：:。"))
        current = ops[-1].work if ops else (heading["work"] if heading else current)
        for clause in unknown:
            warnings.append(ParseWarning(decision.source, line, f"amendment clause not understood: {clause[:60]}"))
        for op in ops:
            operations.append(Amendment(
                id=f"{decision.id}/op_{len(operations) + 1}", decision=decision.id, work_title=op.work or "",
                work=work if op.work == amended_title(decision.title) else None, op=op.op, target=op.target, destination=op.destination, old=op.old, new=op.new,
                level=op.level or op.target.level, adopted=adopted, in_force=in_force, applied=False, note="",
                source=decision.source, line=line,
            ))
    return operations, warnings
