"""Who does what: the answer card for who-questions, and agency / modality filters.

``answer(store, engine, question)`` searches (hybrid) and reads the statements of the
best hits: each actor that holds a duty, prohibition, permission or penalty there is a
candidate; it scores by the rank of the hit (1 / (1 + rank / 2)) times (1 + the question
terms its sentence contains), so that among the actors of one article the one whose
sentence says what was asked comes first (指导检查 picks 市城市管理综合行政执法部门 out of
the five bodies of 第五条); a term counts by how rare it is among the sentences read
(:func:`_term_weights`), and where a sentence gives several subjects a clause each
(市民政局牵头负责养老服务、市卫生健康委牵头负责托育工作) only the actor's own clause counts.
English questions use the Chinese terms search expanded them to and the verbs of the action
they name (queries/data/actions.tsv: approves -> 批准, 审批, 核准 …). A penalty clause counts a
quarter unless the question asks about sanctions (罚, 查处, fine); an actor that assists
another (协助…做好) half. Among equal scores the better hit leads, then the body its text
names first (由广阳区政府、安次区政府: 广阳区政府). The cells of a table row that name who
acts answer for the row's task, so the question's terms are looked for in the whole row; in a
table of tasks a cell that names bodies with no verb (the column 责任单位) answers at half
weight. Bodies named as a class (各县（市、区）政府, 地方各级人民政府) count half, as do those
referred to but not named: a question asks for the body that leads.

The card answers with the competent authorities first: government bodies and the bodies a
government sets up (kinds ``government`` and ``body`` of the agency lexicon) in ``actors``;
the parties a rule regulates (建设单位, 供水单位, 任何单位和个人) in ``parties``, never ahead of
an authority. Bodies referred to but not named (有关部门) come after those named. A sentence
that makes its actor the one in charge of a field (负责…监督管理, 主管…工作) counts as one more
matched term.

The card also names what the answering texts rest on (``basis``): the works their first
article cites as its basis (根据《城市供水条例》…) that the knowledge base holds, each with its
level and status and the provision of it that answers: the clause of its general provisions
(总则) that gives an authority charge of the field (主管…工作, 负责…监督管理), else the best hit
of a search of it for the question. The local rule and the national law above it, side by side.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date
from importlib import resources

from extract.records import Modality
from extract.statements import opens_clause
from store import Store
from store.rows import StatementRow

from .documents import document_status_today, provision_url, summary
from .records import Actor, Basis, BasisProvision, WhoCard
from .search import Filters, SearchEngine, SearchResult, short_citation, unit_status

__all__ = ["is_who_question", "answer", "search_with_card", "unit_filter", "MODALITIES", "ACTING"]

MODALITIES = tuple(m.value for m in Modality)
ACTING = (Modality.DUTY, Modality.PENALTY, Modality.PERMISSION, Modality.PROHIBITION)  # in which an actor acts
_WHO = re.compile(r"\bwho\b|\bwhom\b|\bwhere\s+(?:is|are)\s+(?:the\s+)?(?:\w+\s+)?(?:office|secretariat)s?\b|\bwhich\s+(?:department|agency|authority|body|office|bureau|unit|organi[sz]ation)s?\b|"
                  r"谁|哪个|哪些|哪一|什么部门|什么单位|什么机构|何部门|由谁|责任部门|主管部门是", re.IGNORECASE)
_HITS = 10
_CARD = 5
_AUTHORITY = ("government", "body")
#: A sentence that gives its actor charge of a field: the competent authority's clause.
_IN_CHARGE = re.compile(r"(?:负责|主管)[^。；]{0,40}(?:监督管理|管理工作|监督检查|工作)|主管部门")

#: Bodies referred to, not named (有关部门, 市政府有关部门, 各相关单位): an answer only when no
#: body is named.
_UNNAMED = re.compile(r"^(?:市|县|区|省|各级|本级)?(?:政府|人民政府)?(?:各|直)?(?:有关|相关|其他|其它)")


#: Bodies named as a class (各县（市、区）政府, 地方各级人民政府, 各省级药监部门): every one of them
#: does the task where it is, and a question asks for the body that leads it.
_COLLECTIVE = re.compile(r"^(?:地方)?各")
#: The search unit of a table's row (its cells read as one record).
_ROW = re.compile(r"(?:^|__)row_\d+(?:__|$)")
#: A row of a table of tasks (not of a list of members): a body its cells name answers for its task,
#: at this weight when no verb gives it the task (a cell of bodies under 责任单位).
_TASK_ROW = re.compile(r"(?:^|__)table_\d+__row_\d+(?:__|$)")
_NAMED_IN_ROW = 0.5


def _acts(statement: StatementRow) -> bool:
    """Whether the statement's actors act: a duty, prohibition, permission or penalty, or a cell of
    a table of tasks that names bodies with no verb (…医院运营… | 市卫生健康委 | 2025年12月)."""
    if not statement["actors"]:
        return False
    return statement["modality"] in ACTING or (statement["modality"] == Modality.OTHER
                                               and bool(_TASK_ROW.search(statement["eid"])))


#: An action that helps another body do its work (协助县物业管理行政主管部门做好…).
_ASSISTS = re.compile(r"^(?:积极|主动|共同)?(?:协助|配合)")
#: A question about sanctions: penalty clauses answer it as much as duties do.
_PUNITIVE = re.compile(r"罚|处分|查处|追究|制裁|\b(?:fine|fined|fines|penal\w*|punish\w*|sanction\w*)\b", re.IGNORECASE)


def _own_clauses(statement: StatementRow) -> dict[str, str]:
    """Where a sentence coordinates clauses with subjects of their own (市民政局牵头负责养老服务、
    市卫生健康委牵头负责托育工作), each actor's part of it: what precedes the first subject and
    its own clause; empty where the actors share one clause (A、B负责…)."""
    if statement["inherited"] or len(statement["actors"]) < 2:
        return {}
    text, starts = statement["text"], {}
    for entity in statement["entities"]:
        if entity.get("label") == "AGENCY" and entity.get("canonical") in statement["actors"]:
            starts.setdefault(entity["canonical"], (entity["start"], entity["end"]))
    spans = sorted(starts.values())
    if len(spans) < 2:
        return {}
    opens = [spans[0][0]] + [start for start, end in spans[1:] if opens_clause(text, start, end)]
    if len(opens) < 2:
        return {}
    bounds = list(zip(opens, opens[1:] + [len(text)]))
    return {actor: text[:opens[0]] + text[a:b] for actor, (start, _) in starts.items()
            for a, b in bounds if a <= start < b}


def is_who_question(question: str) -> bool:
    return bool(_WHO.search(question))


def _load_actions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    text = resources.files("queries").joinpath("data/actions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple((stem.strip().lower(), tuple(terms.split())) for stem, terms in rows)


#: English action words -> Chinese verbs (queries/data/actions.tsv): an English who-question
#: names the action it asks about (inspects -> 检查, 抽检, 监督检查).
ACTIONS = _load_actions()
_NOT_TERMS = frozenset(("负责", "部门", "单位", "机构", "哪个", "哪些", "什么"))


def _terms(engine: SearchEngine, question: str) -> list[str]:
    terms = [t for t in engine.keyword.terms(question) if re.search(r"[\u4e00-\u9fff]", t) and len(t) > 1
             and t not in _NOT_TERMS]
    for word in re.findall(r"[a-z]+", question.lower()):
        for stem, chinese in ACTIONS:
            if word.startswith(stem):
                terms.extend(chinese)
    return list(dict.fromkeys(terms))


#: The card's default: every document's current text, whatever its status (each actor says
#: it), so that a duty of an expired text is shown as such rather than hidden.
ALL_CURRENT = Filters(any_status=True)
_STATUS_ORDER = {"in_force": 0, "not_yet_in_force": 1, "amended": 2, "expired": 3, "repealed": 4}


def card_filters(filters: Filters) -> Filters:
    """The card of a search: a search without a day asked (in force today) still answers from
    every document's current text, each actor marked with its status."""
    return filters if filters.as_of or filters.any_status else replace(filters, any_status=True)


def _term_weights(terms: list[str], sentences: list[str]) -> dict[str, float]:
    """Each question term's weight among the sentences the card reads: 1 + log((N + 1) / (df + 1)),
    so that the words every candidate shares (排污权, 管理: the topic) count less than those that
    tell them apart (组织实施: the action asked about)."""
    return {t: 1.0 + math.log((len(sentences) + 1) / (sum(t in x for x in sentences) + 1)) for t in terms}


def answer(store: Store, engine: SearchEngine, question: str, filters: Filters = ALL_CURRENT,
           limit: int = _CARD, result: SearchResult | None = None) -> WhoCard:
    """The answer card: actors with the provision that makes them answer, best first, each
    with the status of its text (in force first among equals).

    ``result``: a hybrid search already run for this question with these filters; its hits
    are used when there are enough of them, so that a search does not run twice."""
    if result is None or result.mode != "hybrid" or len(result.hits) < min(_HITS, result.total):
        result = engine.search(question, k=_HITS, mode="hybrid", filters=filters)
    terms = list(dict.fromkeys(_terms(engine, question) + [t for t in result.expansion if t not in _NOT_TERMS]))
    statements = store.statements_of_units([h["id"] for h in result.hits[:_HITS]])
    kinds = store.agency_kinds()
    weight = _term_weights(terms, [s["text"] for hit in result.hits[:_HITS] for s in statements.get(hit["id"], [])
                                   if _acts(s)])
    best: dict[str, Actor] = {}
    order: dict[str, tuple[int, int, int]] = {}  # where each best answer is written (hit, sentence, place)
    punitive = bool(_PUNITIVE.search(question))
    for rank, hit in enumerate(result.hits[:_HITS]):
        for s in statements.get(hit["id"], []):
            if not _acts(s):
                continue
            own = _own_clauses(s)
            # a table row is one record: its cells of who acts answer for the task of the row
            context = hit["text"] if _ROW.search(s["eid"]) else s["text"]
            for position, actor in enumerate(s["actors"]):
                kind = kinds.get(actor, "party")
                if kind == "noise":
                    continue
                matched = [t for t in terms if t in own.get(actor, context)]
                in_charge = kind in _AUTHORITY and bool(_IN_CHARGE.search(s["text"]))
                score = (1.0 + sum(weight[t] for t in matched) + in_charge) / (1 + rank / 2)
                if _UNNAMED.match(actor) or _COLLECTIVE.match(actor):
                    score /= 2  # 市有关部门, 各县（市、区）政府 answer no one in particular: after the bodies named
                if s["modality"] == Modality.PENALTY and not punitive:
                    score /= 4  # who punishes a breach is not who is asked about, unless punishment is
                if s["modality"] == Modality.OTHER:
                    score *= _NAMED_IN_ROW  # a body a row names without a verb: weaker than one given the task
                if _ASSISTS.match(s["action"]):
                    score /= 2  # 协助…做好: the body assisted answers, not the one assisting
                if actor in question:
                    score /= 4  # the body a question is about (…领导小组办公室设在哪个部门) does not answer it
                if actor in best and best[actor]["score"] >= score:
                    continue
                order[actor] = (rank, s["index"], position)
                best[actor] = Actor(**{
                    "agency": actor, "score": round(score, 4), "modality": s["modality"],
                    "provision": s["provision"], "url": provision_url(s["document"], s["eid"]),
                    "unit": hit["id"], "document": hit["document"], "label": hit["label"],
                    "path": hit["path"], "sentence": s["text"], "action": s["action"], "matched": matched,
                    "status": hit.get("status", "in_force"), "citation": hit.get("citation"),
                    "kind": kind,
                })
    ranked = sorted(best.values(),
                    key=lambda a: (-a["score"], _STATUS_ORDER.get(a["status"], 9), order[a["agency"]]))
    actors = [a for a in ranked if a["kind"] in _AUTHORITY][:limit]
    parties = [a for a in ranked if a["kind"] not in _AUTHORITY][:limit]
    return WhoCard(question=result.query, terms=terms, actors=actors, parties=parties,
                   basis=basis(store, engine, question, [a["document"]["id"] for a in actors + parties], filters,
                               kinds))


#: The general provisions of a work, where its competent authority is named: the articles of
#: its first chapter (总则), or its first ten articles where it has no chapters.
_GENERAL = re.compile(r"^(?:chp_1__art_\d+|art_(?:[1-9]|10))(?:__|$)")
_GENERAL_ROOTS = ("chp_1", *(f"art_{n}" for n in range(1, 11)))
#: The first article of a text, where its basis is cited (第一条 … 根据《…》, 依据《…》).
_FIRST_ARTICLE = re.compile(r"(?:^|__)art_1(?:__|$)")
_BASIS_WORKS = 3


def basis(store: Store, engine: SearchEngine, question: str, documents: list[str],
          filters: Filters = ALL_CURRENT, kinds: dict[str, str] | None = None) -> list[Basis]:
    """The works that the first article of ``documents`` (in order) cites and the knowledge base
    holds, at most three: each with its level, status today, the text that cites it and the
    provision of it that answers: the first clause of its general provisions giving an authority
    charge of the field, else the best hit of ``question`` in it (None where search finds none)."""
    works: dict[str, str] = {}  # target document -> the citing document
    for document in dict.fromkeys(documents):
        for ref in store.references_from(document):
            target = ref["target_document"]
            if (ref["resolved"] and target and target != document and target not in works
                    and _FIRST_ARTICLE.search(ref["provision"] or "")):
                works[target] = document
    out: list[Basis] = []
    kinds = store.agency_kinds() if kinds is None else kinds
    for target, citing in list(works.items())[:_BASIS_WORKS]:
        general = (s for root in _GENERAL_ROOTS for s in store.statements(target, root))  # not a whole code's
        clause = next((s["unit"] for s in general if _GENERAL.match(s["eid"]) and _IN_CHARGE.search(s["text"])
                       and any(kinds.get(a) in _AUTHORITY for a in s["actors"])), None)
        provision = _provision(engine, clause, filters) if clause is not None else None
        if provision is None:
            hits = engine.search(question, k=1, mode="hybrid",
                                 filters=replace(filters, documents=frozenset({target}))).hits
            provision = None if not hits else BasisProvision(
                unit=hits[0]["id"], label=hits[0]["label"], path=hits[0]["path"], url=hits[0]["url"],
                citation=hits[0]["citation"], text=hits[0]["text"], status=hits[0]["status"])
        out.append(Basis(document=summary(store.document(target)), status=document_status_today(store, target),
                         cited_by=summary(store.document(citing)), provision=provision))
    return out


def search_with_card(store: Store, engine: SearchEngine, query: str, k: int = 10, mode: str = "hybrid",
                     filters: Filters = Filters(), explain: bool = False) -> tuple[SearchResult, WhoCard | None]:
    """A search and, for a who-question, its answer card (over every current text, each
    answer with its status, unless a day was asked): what the CLI and the API both answer."""
    result = engine.search(query, k, mode, filters, None, explain)
    if not is_who_question(query):
        return result, None
    wide = card_filters(filters)
    return result, answer(store, engine, query, wide, result=result if wide == filters else None)


def unit_filter(store: Store, filters: Filters, agency: str | None = None,
                modality: str | None = None) -> Filters:
    """``filters`` narrowed to the search units with a statement of this agency / modality."""
    if agency is None and modality is None:
        return filters
    if agency is not None:
        rows = store.statements_by_agency(store.canonical_agency(agency), modality)
    else:
        rows = store.statements_by_modality(modality or "")
    return replace(filters, units=frozenset(r["unit"] for r in rows))


def _provision(engine: SearchEngine, unit_id: str, filters: Filters) -> BasisProvision | None:
    """A unit as the basis shows it, if the filters admit it."""
    unit = engine.units.get(unit_id)
    today = date.today().isoformat()
    if unit is None or not filters.admits(unit, today):
        return None
    return BasisProvision(unit=unit.id, label=unit.label, path=list(unit.path),
                          url=provision_url(unit.document, unit.eid), citation=short_citation(unit), text=unit.text,
                          status=unit_status(unit, filters.as_of or today))
