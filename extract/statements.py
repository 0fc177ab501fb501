"""Sentences of provisions -> statements: modality, actors, action, object, deadlines, amounts.

Rules, in the order they apply to a sentence (。；：):

* modality: a penalty word (罚款, 处以, 责令…改正, 给予…处分, 追究…责任) makes a penalty;
  所称 / 是指 a definition; otherwise the first modal word decides: 不得 / 禁止 / 严禁 a
  prohibition, 应当 / 必须 / 负责 / 有…义务 a duty, 可以 / 有权 / 方可 a permission;
  none: other. 要 right after a body is a duty too (海关总署要继续做好牵头工作: the duty word
  of policy texts), and so are 牵头 (市发改委牵头，…参加: the body that leads) and 将 (国务院
  办公厅将会同…统筹组织: what it will do); 负责同志 (the person in charge) is none, nor is 处以
  in 查处以….
* actors: the agents after 由 (由城镇供水行政主管部门责令限期改正) or 授权 (授权…管委会做好
  发布…公告) when there are any, with the subject of an earlier clause that has its own
  modal word (市领导小组负责督导考核，由领导小组办公室负责组织实施: both);
  otherwise the first group of AGENCY entities before the modal word (joined by 、 和 及
  或者 以及) that is not the object of a preposition (对, 向, 接受, 会同 …), with the
  subjects of the clauses coordinated with it that have their own task (市民政局牵头负责
  养老服务、市卫生健康委牵头负责托育工作: both).
* a sentence without actors inside a list (（一）…) takes the actors of its lead-in
  (二次供水设施管理单位应当履行下列职责：); an item with no modal word of its own takes
  the lead-in's duty or prohibition (物业管理区域内禁止下列行为： makes each item a
  prohibition), with or without actors.
* a sentence with no modal word is a duty when it gives a task through 由 (由市政府办公室
  会同…审核评定), or seats an office in a body (领导小组办公室设在市公安局: the body, whose
  work the office is, is the actor, whoever else 由 names in the sentence).
* a task followed by its attribution, as State Council texts print their division of work
  (…实行保税监管。（负责部门：商务部、海关总署）, （人力资源社会保障部、财政部负责）,
  （生态环境部牵头，国家发展改革委…参与）): the bodies named before the role word (all of
  them after 负责部门： or 责任单位：) act in the attribution and in the sentences before it,
  back to the previous attribution, that name no actor of their own.
* action: what follows the modal word (or the actors) to the end of the clause; object:
  the X of 对X进行/实施/开展…, or what follows the action's first word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span

from parser.grammar import DIVISION, ITEM, POINT
from parser.records import Document, Provision

from .lexicon import Lexicon
from .names import NameFinder
from .records import Entity, Modality, Statement
from .values import Duration, Fine, Money

__all__ = ["modality_of", "opens_clause", "statements_of_doc", "extract_statements"]

_PENALTY = re.compile(r"罚款|(?<!查)处以|予以处罚|没收|吊销|责令(?:限期|立即)?(?:改正|停止|整改)|追究.{0,8}责任|给予.{0,6}处分|"
                      r"行政处分|通报批评|从其规定")
_DEFINITION = re.compile(r"所称|是指|系指|指的是|(?:以下简称|以下统称)[^，。；（）]*）?[。；]?$")
_PROHIBITION = re.compile(r"不得|禁止|严禁|不准|不允许|不应当|不能")
_DUTY = re.compile(r"应当|必须|(?<![相对响适供反效呼答承])应(?![用急对届变])|须|(?<!分级)负责(?!同志|人)|有[^，。；]{0,10}义务|履行[^，。；]{0,8}(?:职责|义务)")
_PERMISSION = re.compile(r"可以|有权|方可|准予|(?<!不)允许|可(?=[\u4e00-\u9fff])(?![持行能靠控视信见及谓])")
_PREPOSITION = ("对", "向", "与", "同", "经", "会同", "接受", "报", "报告", "告知", "委托", "协助", "配合", "督促", "通知",
                "给", "为", "从", "在", "按照", "根据", "依照", "除", "将", "把", "请", "提请", "组织", "指导", "监督",
                "邀请", "移交", "抄送", "提交", "报送", "报请", "受", "商", "联合", "支持", "鼓励", "引导", "推动", "要求")
_JOIN = re.compile(r"^(?:、|和|及|与|或者|或|以及|及其|、以及)$")
_OBJECT = re.compile(r"^对(?P<object>[^，。；]+?)(?:进行|实施|开展|予以|做出|作出|组织)(?P<verb>[^，。；]*)$")


_CONDITION = re.compile(r"[^，。；：]*(?:的|时)(?=，)")


def _main_clauses(sentence: str) -> str:
    """The sentence with its conditions blanked (因…不能提前通知的，…): a modal word inside
    a condition is not the sentence's modality. Offsets are kept."""
    return _CONDITION.sub(lambda m: " " * len(m.group(0)), sentence)


def modality_of(sentence: str) -> tuple[Modality, int]:
    """The modality of a sentence, and where its modal word ends (-1: none)."""
    m = _PENALTY.search(sentence)
    if m:
        return Modality.PENALTY, m.start()
    m = _DEFINITION.search(sentence)
    if m:
        return Modality.DEFINITION, m.end()
    sentence = _main_clauses(sentence)
    found = [(m.start(), m.end(), modality) for pattern, modality in
             ((_PROHIBITION, Modality.PROHIBITION), (_DUTY, Modality.DUTY), (_PERMISSION, Modality.PERMISSION))
             if (m := pattern.search(sentence))]
    if not found:
        return Modality.OTHER, -1
    start, end, modality = min(found, key=lambda f: (f[0], -f[1]))
    return modality, end


def _entity(span: Span, offset: int, lexicon: Lexicon, value: object) -> Entity:
    start, end = span.start_char - offset, span.end_char - offset
    text = span.text
    if span.label_ == "AGENCY":
        exact = value if isinstance(value, tuple) else (span.start_char, span.end_char)
        text = span.doc.text[exact[0]:exact[1]]
        start, end = exact[0] - offset, exact[1] - offset
        return Entity("AGENCY", start, end, text, canonical=lexicon.canonical(text))
    if span.label_ == "LAW":
        return Entity("LAW", start, end, text, canonical=text.strip("《》"))
    if span.label_ == "DATE":
        return Entity("DATE", start, end, text, canonical=str(value))
    if isinstance(value, Fine):
        return Entity("FINE", start, end, text, low=value.low, high=value.high, unit=value.unit)
    if isinstance(value, Money):
        return Entity("MONEY", start, end, text, low=value.yuan, high=value.yuan, unit="yuan")
    if isinstance(value, Duration):
        return Entity(span.label_, start, end, text, canonical=value.date, low=value.amount, high=value.amount,
                      unit=value.unit, kind=value.kind)
    return Entity(span.label_, start, end, text)


def _preceded_by_preposition(text: str, start: int) -> bool:
    before = text[max(0, start - 4):start]
    return any(before.endswith(p) for p in _PREPOSITION)


def _groups(sentence: str, agencies: list[Entity]) -> list[list[Entity]]:
    """Agencies joined by 、 和 及 或者 … into coordinated groups, in order."""
    groups: list[list[Entity]] = []
    for entity in agencies:
        if groups:
            gap = sentence[groups[-1][-1].end:entity.start]
            if _JOIN.match(gap) or gap == "":
                groups[-1].append(entity)
                continue
        groups.append([entity])
    return groups


_MUST = re.compile(r"^(?:等(?:有关)?(?:部门|单位)?)?(?:(?:都|也|还)?要(?![求素点件])|牵头|将(?![来近军]))")


def _must_of(sentence: str, agencies: list[Entity]) -> int:
    """Where 要, 牵头 or 将 ends when a body is its subject (海关总署要继续做好牵头工作: policy texts'
    word of duty; 市发改委牵头，市民政局…参加: the body that leads; 国务院办公厅将会同有关方面统筹
    组织…: what a body says it will do), or -1. 要 elsewhere (需要, 重要, 要求) is no duty."""
    for agency in agencies:
        if (m := _MUST.match(sentence[agency.end:])) and not _preceded_by_preposition(sentence, agency.start):
            return agency.end + m.end()
    return -1


_MEMBERSHIP = re.compile(r"^[^，；：。]*(?:组成|担任|兼任|构成)")


def _given_to(sentence: str, start: int) -> bool:
    """Whether the agency at ``start`` is given a task: 由X…, or 授权X… (the body empowered does
    it); not where 由 says who a body is made of (成员由市委办…负责同志组成)."""
    given = sentence[max(0, start - 1):start] == "由" or sentence[max(0, start - 2):start] == "授权"
    return given and not _MEMBERSHIP.match(sentence[start:])


def _actors(sentence: str, agencies: list[Entity], modal_at: int, penalty: bool = False) -> list[Entity]:
    by = [g for g in _groups(sentence, agencies) if _given_to(sentence, g[0].start)]
    if penalty:
        return by[0] if by else []  # who is fined is not who acts: only 由 names the authority
    if by:  # 市领导小组负责督导考核，由领导小组办公室负责组织实施: the subject of the clause before too
        clause = _clause_start(sentence, by[0][0].start)  # the subject of another clause, with its own modal word
        before = [a for a in agencies if a.end < clause]
        subject = _actors(sentence[:clause], before, modal_at) if 0 <= modal_at < clause else []
        return subject + by[0]
    limit = modal_at if modal_at >= 0 else len(sentence)
    groups = _groups(sentence, [a for a in agencies if a.end <= limit])
    for group, after in zip(groups, groups[1:] + [None]):
        if _preceded_by_preposition(sentence, group[0].start):
            continue
        if after is not None and _modifies(sentence[group[-1].end:after[0].start]):
            continue  # 各级人民政府…指定的专门管理机构具体负责: the body the phrase ends in acts
        prefix = _LABEL.sub("", sentence[:group[0].start]).strip()
        if modal_at < 0 and prefix and not prefix.endswith("等"):
            continue  # without a modal word, only a clause-initial subject is an actor
        return group + _coordinate_subjects(sentence, agencies, group)
    return []


def _modifies(gap: str) -> bool:
    """Whether the words between two bodies make the first qualify the second (在机场…指定或
    派出的): one clause, ending in 的; not where the first is the second (市政府作为引导基金的决策
    机构，主要负责: the second is the first's role, and the first acts)."""
    return gap.endswith("的") and not gap.startswith("作为") and not re.search(r"[，；：。]", gap)


_CLAUSE_SUBJECT = re.compile(r"^(?:具体|分别|共同)?(?:牵头|负责|主管|承担|应当|要|会同)")


def opens_clause(sentence: str, start: int, end: int) -> bool:
    """Whether the agency group written from ``start`` to ``end`` opens a clause of its own, with
    its own task (、市卫生健康委牵头负责托育工作)."""
    return sentence[start - 1:start] in ("、", "，", "；") and bool(_CLAUSE_SUBJECT.match(sentence[end:]))


def _coordinate_subjects(sentence: str, agencies: list[Entity], first: list[Entity]) -> list[Entity]:
    """The subjects of the clauses coordinated with the first one, each with its own task
    (市民政局牵头负责养老服务、市卫生健康委牵头负责托育工作: 市卫生健康委 too)."""
    out: list[Entity] = []
    for group in _groups(sentence, [a for a in agencies if a.start >= first[-1].end]):
        if opens_clause(sentence, group[0].start, group[-1].end):
            out.extend(group)
    return out


_LABEL = re.compile(rf"^\s*(?:{ITEM}|{DIVISION}|{POINT})\s*")
_FRAME = re.compile(r"^(?:按照|根据|依照|依据|结合|围绕|为了|为)")


_SEAT = re.compile(r"(?:办公室|秘书处|办事机构)(?:设在|设于)$")


def _seat(sentence: str, agencies: list[Entity]) -> Entity | None:
    """The body that houses an office (领导小组办公室设在市公安局 -> 市公安局): it does the
    office's work."""
    return next((a for a in agencies if _SEAT.search(sentence[max(0, a.start - 8):a.start])), None)


def _clause_start(sentence: str, at: int) -> int:
    return max(sentence.rfind(mark, 0, at) for mark in "，：；") + 1


def _action(sentence: str, start: int) -> tuple[str, str]:
    """The clause after the modal word (past a framing 按照…规定，), and its object."""
    clauses = [c.strip() for c in re.split(r"[，。；：]", sentence[max(0, start):]) if c.strip()]
    if not clauses:
        return "", ""
    clause = clauses[0]
    if _FRAME.match(clause) and len(clauses) > 1:
        clause = clauses[1]
    clause = re.sub(r"^(?:当|依法|及时|立即|按照规定|按规定|共同|具体)+", "", clause)[:60]
    m = _OBJECT.match(clause)
    if m:
        return clause, m.group("object")
    if clause.startswith("负责") or sentence[max(0, start) - 2:max(0, start)] == "负责":
        return clause, clause.removeprefix("负责")
    return clause, ""


def _sentences(doc: Doc) -> Iterator[Span]:
    for sent in doc.sents:
        if sent.text.strip():
            yield sent


def statements_of_doc(doc: Doc, document: str, eid: str, lexicon: Lexicon,
                      lead_in: Statement | None = None) -> list[Statement]:
    """The statements of one provision's text (already run through the pipeline)."""
    values = doc._.values or {}
    out: list[Statement] = []
    for index, sent in enumerate(_sentences(doc)):
        offset = sent.start_char
        text = sent.text
        entities = [_entity(e, offset, lexicon, values.get((e.start_char, e.end_char)))
                    for e in doc.ents if e.start_char >= sent.start_char and e.end_char <= sent.end_char]
        modality, modal_at = modality_of(text)
        agencies = [e for e in entities if e.label == "AGENCY"]
        if modality is Modality.OTHER and (must := _must_of(text, agencies)) >= 0:
            modality, modal_at = Modality.DUTY, must  # 市场监管总局要发挥牵头作用
        actors = _actors(text, agencies, modal_at, modality is Modality.PENALTY)
        seat = _seat(text, agencies) if modality is not Modality.PENALTY else None
        if seat is not None:
            modality, actors = Modality.DUTY, [seat]  # 办公室设在国家医保局，由…选派人员参加: the host
        elif modality is Modality.OTHER and any(_given_to(text, a.start) for a in actors):
            modality = Modality.DUTY  # 由市政府办公室会同…审核评定: a task given, modal word or not
        inherited = False
        lead = text.rstrip().endswith("：")
        if not actors and out and out[-1].actors and (lead or modality not in (Modality.DEFINITION, Modality.OTHER)):
            actors = list(out[-1].actor_spans)  # the subject carries over (清洗消毒三日前应当…)
            inherited = True
        elif not actors and lead_in is not None:
            if lead_in.actors:
                actors = list(lead_in.actor_spans)
                inherited = True
            # the items of 禁止下列行为： are prohibitions, those of 应当履行下列职责： duties
            if modality is Modality.OTHER and lead_in.modality in (Modality.DUTY, Modality.PROHIBITION):
                modality = lead_in.modality
        own_actors = [] if inherited else actors
        if modality is Modality.PENALTY:
            after = own_actors[-1].end if own_actors else _clause_start(text, modal_at)
        else:
            after = max(modal_at, own_actors[-1].end if own_actors else 0)
        action, obj = _action(text, after)
        if seat is not None:  # the office's work is its host's: the clause that seats it
            action = text[_clause_start(text, seat.start):seat.end]
        if not obj and action:
            words = [t.text for t in doc.char_span(offset + after, offset + after + len(action),
                                                   alignment_mode="expand") or []]
            obj = "".join(words[1:]) if len(words) > 1 else ""
        canonical = tuple(dict.fromkeys(a.canonical for a in actors))
        out.append(Statement(
            document=document, eid=eid, index=index, start=offset, end=sent.end_char, text=text,
            modality=modality, actors=canonical, actor_spans=tuple(actors), action=action, object=obj[:60],
            deadlines=tuple(e for e in entities if e.label in ("DEADLINE", "DURATION")),
            amounts=tuple(e for e in entities if e.label in ("FINE", "MONEY")), entities=tuple(entities),
            inherited=inherited))
    attributions = _attributions(doc, lexicon, values)
    return _attributed(out, attributions) if attributions else out


_PARENTHESIS = re.compile(r"（[^（）]{2,200}(?:）|$)")
_ATTRIBUTION_LIST = re.compile(r"^（(?:负责|牵头|责任)(?:部门|单位)[：:]")
_ATTRIBUTION_ROLE = re.compile(r"^[^，；：）]{0,60}?(?:负责(?!同志|人)|牵头|指导)")


def _attributions(doc: Doc, lexicon: Lexicon,
                  values: dict[tuple[int, int], object]) -> list[tuple[int, int, list[Entity]]]:
    """Where each attribution of a provision starts and ends, and the bodies it names: all those
    after 负责部门： (责任单位：…), else the group that opens it when a role word follows
    (（A、B负责）, （A牵头，…）)."""
    out = []
    for m in _PARENTHESIS.finditer(doc.text):
        text = m.group(0)
        agencies = [_entity(e, m.start(), lexicon, values.get((e.start_char, e.end_char))) for e in doc.ents
                    if e.label_ == "AGENCY" and m.start() < e.start_char and e.end_char <= m.end()]
        if label := _ATTRIBUTION_LIST.match(text):
            stop = min((i for i in (text.find("适用范围"), text.find("；")) if i >= 0), default=len(text))
            bodies = [a for a in agencies if label.end() <= a.start and a.end <= stop]
        else:
            groups = _groups(text, agencies)
            opens = groups and groups[0][0].start == 1 and _ATTRIBUTION_ROLE.match(text[groups[0][-1].end:])
            bodies = groups[0] if opens else []
        if bodies:
            out.append((m.start(), m.end(), bodies))
    return out


def _attributed(statements: list[Statement], attributions: list[tuple[int, int, list[Entity]]]) -> list[Statement]:
    """The statements with the bodies of each attribution given to those it is written in, and to
    those before it, back to the previous attribution, that name no actor of their own."""
    out = list(statements)
    previous = 0
    for start, end, bodies in attributions:
        names = tuple(dict.fromkeys(b.canonical for b in bodies))
        for j, s in enumerate(out):
            if s.start < previous or s.start >= end:
                continue
            own = s.end > start  # a sentence the attribution is written in
            if own or not s.actors or s.inherited:
                modality = Modality.DUTY if s.modality is Modality.OTHER else s.modality
                out[j] = replace(s, actors=names, actor_spans=tuple(bodies), modality=modality, inherited=True)
        previous = end
    return out


def _lead_in(statements: list[Statement]) -> Statement | None:
    """The statement that introduces a list: the last one, when it ends in ：."""
    if statements and statements[-1].text.rstrip().endswith("："):
        return statements[-1]
    return None


def extract_statements(documents: Iterable[Document], nlp: Language, lexicon: Lexicon,
                       batch_size: int = 64) -> list[Statement]:
    """Statements of every provision with text, in document and reading order."""
    jobs: list[tuple[Document, Provision]] = [(doc, p) for doc in documents for p in doc.provisions if p.text.strip()]
    out: list[Statement] = []
    lead_ins: dict[tuple[str, str], Statement | None] = {}
    for (document, provision), spacy_doc in zip(jobs, nlp.pipe((p.text for _, p in jobs), batch_size=batch_size)):
        lead_in = None
        if provision.parent is not None:
            lead_in = lead_ins.get((document.id, provision.parent))
        statements = statements_of_doc(spacy_doc, document.id, provision.eid, lexicon, lead_in)
        lead_ins[(document.id, provision.eid)] = _lead_in(statements) or lead_in
        out.extend(statements)
    return out


def lexicon_fingerprint(document: Document, lexicon: Lexicon, finder: NameFinder) -> str:
    """The lexicon as ``document``'s statements see it: each name of the lexicon that occurs
    in one of its provisions, with its canonical name and kind (one line each, sorted). The
    statements of a document depend on no other entry (:func:`build_pipeline` pins the
    segmenter's total), so this, the document and the code key a cache of them."""
    names: set[str] = set()
    for provision in document.provisions:
        text = provision.text
        names.update(text[start:start + length] for start, length in finder.occurrences(text))
    lines = []
    for name in sorted(names):
        entry = lexicon.get(name)
        lines.append(f"{name}\t{lexicon.canonical(name)}\t{entry.kind if entry else ''}")
    return "\n".join(lines)
