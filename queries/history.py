"""Point-in-time texts and old/new comparisons of amended works, read from a store."""

from __future__ import annotations

import difflib
import re
from datetime import date, timedelta
from parser.lifecycle import status_on
from parser.records import Lifecycle
from store import Store
from store.rows import PeriodRow, TextNode, VersionRow

from .documents import provision_text
from .records import Diff, MadeBy, Operation, Period, ProvisionVersion, TextAsOf

__all__ = ["NOT_IN_SOURCE", "period_on", "text_as_of", "diff", "document_status", "InvalidDate"]

#: Shown where the source does not give the text of that time. Never an invented text.
NOT_IN_SOURCE = "〔此时的条文未见于来源 / old text not in the source〕"


class InvalidDate(ValueError):
    pass


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(value: str) -> str:
    """``value`` when it is a real calendar date written YYYY-MM-DD (nothing else)."""
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidDate(f"invalid date {value!r}: use YYYY-MM-DD, e.g. 2021-11-30") from None


def valid_until(valid_to: str | None) -> str | None:
    """The last day a period is in force (inclusive), from the store's exclusive end: the
    one date convention of every surface (site, CLI, API): ``valid_from`` and ``valid_until``
    are the first and the last day, both included; None: in force still."""
    return day_before(valid_to) if valid_to else None


def made_by(store: Store, act: str) -> MadeBy:
    """The act a text stems from, always in words (``made_by``: its title, or the act as the
    history line writes it), with its id where it is in the knowledge base (``made_by_id``)."""
    try:
        return {"made_by": store.document(act)["title"], "made_by_id": act}
    except LookupError:
        return {"made_by": act, "made_by_id": None}


def public_period(store: Store, period: PeriodRow | None) -> Period | None:
    """A version period as the API and CLI show it: its first and last day and its act."""
    if period is None:
        return None
    return {"period": period["period"], "valid_from": period["valid_from"],
            "valid_until": valid_until(period["valid_to"]), **made_by(store, period["made_by"])}


def _covers(period: PeriodRow, day: str) -> bool:
    return (period["valid_from"] is None or period["valid_from"] <= day) and (
        period["valid_to"] is None or day < period["valid_to"])


#: What each amendment operation does, in the words of Chinese amendment decisions.
OPERATION_NAMES = {
    "replace_words": "修改文字", "rewrite": "修改", "rewrite_lead": "修改", "move_rewrite": "修改并移动",
    "delete": "删去", "delete_words": "删去文字", "insert": "新增", "prepend_words": "增加文字",
    "append_words": "增加文字", "renumber": "条文移动", "renumber_all": "条文顺序调整", "renumber_pairs": "条文顺序调整",
    "merge": "合并", "cease": "不再适用", "rename": "修改名称",
}


#: What happened to a provision between two texts (diff's ``status``), in Chinese.
CHANGE_NAMES = {"added": "新增", "removed": "删去", "renumbered": "条文移动", "changed": "修改",
                "old_not_in_source": "修改（修改前文本未收录）"}


def version_url(work: str, valid_from: str, eid: str | None = None) -> str:
    """Site URL of a work's text as it stood from ``valid_from`` (the same eIds as the current page)."""
    return f"/documents/{work}/versions/{valid_from}/" + (f"#{eid}" if eid else "")


#: How an earlier text of a provision is known (a version's ``known_from``).
_KNOWN_FROM = {"same": "later_text", "renumbered": "later_text", "derived": "amendments_reversed",
               "edition": "earlier_edition", "not_in_source": "not_in_source"}


def provision_versions(store: Store, document_id: str, eid: str) -> list[ProvisionVersion]:
    """Every text a provision (with its subtree) has had, oldest first: the period's dates,
    the act it stems from, its label then, its text then (None where the source does not
    give it) and the URL of that version. A document never amended has one version, from
    the day it took effect."""
    periods = store.periods(document_id)
    if not periods:
        life = store.lifecycle(document_id) or {}
        text = provision_text(store.provisions(document_id), eid)
        last = life.get("expires") or valid_until(life.get("repealed"))
        return [{"valid_from": life.get("effective"), "valid_until": last, **made_by(store, document_id),
                 "status": "current", "label": store.provision(f"{document_id}/{eid}")["label"], "text": text,
                 "url": f"/documents/{document_id}/#{eid}"}]
    out: list[ProvisionVersion] = []
    for period in sorted(periods, key=lambda p: p["valid_from"] or ""):
        rows = store.snapshot(document_id, period["period"])
        own = next((r for r in rows if r["eid"] == eid), None)
        dates = {"valid_from": period["valid_from"], "valid_until": valid_until(period["valid_to"]),
                 **made_by(store, period["made_by"])}
        if own is None:
            if len(rows) == 1 and rows[0]["kind"] == "work":  # the whole text is unknown for this period
                out.append({**dates, "status": "not_in_source", "label": None, "text": None, "url": None})
            continue  # the provision did not exist then
        known = own["status"] != "not_in_source"
        current = period["valid_to"] is None
        out.append({**dates, "status": "current" if current else own["status"],
                    "known_from": "current" if current else _KNOWN_FROM.get(own["status"], own["status"]),
                    "label": own["label"],
                    "text": provision_text(_as_provisions(rows), eid) if known else None,
                    "url": (f"/documents/{document_id}/#{eid}" if current or not period["valid_from"]
                            else version_url(document_id, period["valid_from"], eid))})
    for older, newer in zip(out, out[1:]):  # what changed after each earlier text, in truth
        if older["status"] != "current" and older["text"] is not None and newer["text"] is not None:
            older["status"] = ("amended" if older["text"] != newer["text"] else
                               "renumbered" if older["label"] != newer["label"] else "unchanged")
    return out


def period_on(store: Store, work: str, day: str) -> PeriodRow | None:
    """The version period of a work in force on ``day``, or None (not amended, or before all)."""
    return next((p for p in store.periods(work) if _covers(p, day)), None)


def document_status(store: Store, document_id: str, day: str) -> str:
    life = store.lifecycle(document_id)
    if life is None:
        return "unknown"
    return status_on(Lifecycle(**life), day)


def _as_provisions(rows: list[VersionRow]) -> list[TextNode]:
    """Snapshot rows in the shape :func:`provision_text` reads; unknown text is marked."""
    out: list[TextNode] = []
    for row in rows:
        text = row["text"] or ""
        if row["status"] == "not_in_source":  # 第二款〔…〕: a paragraph has no label of its own in the text
            text = (row["label"] if row["kind"] == "paragraph" else "") + NOT_IN_SOURCE
        out.append(TextNode(eid=row["eid"], kind=row["kind"], label=row["label"], heading=row["heading"], text=text,
                            cells=[], parent=row["parent"]))
    return out


def text_as_of(store: Store, document_id: str, day: str, eid: str | None = None) -> TextAsOf:
    """The text of a document (or of one provision's subtree) in force on ``day``."""
    day = check_date(day)
    status = document_status(store, document_id, day)
    periods = store.periods(document_id)
    period = next((p for p in periods if _covers(p, day)), None)
    if not periods:  # never amended: the published text, with its status on that day
        provisions = store.provisions(document_id)
        if eid is not None:
            store.provision(f"{document_id}/{eid}")  # raises ProvisionNotFound
        return {"document": document_id, "as_of": day, "status": status, "period": None,
                "text": provision_text(provisions, eid)}
    if period is None:
        return {"document": document_id, "as_of": day, "status": "not_yet_in_force", "period": None,
                "text": ""}
    rows = store.snapshot(document_id, period["period"])
    if len(rows) == 1 and rows[0]["kind"] == "work":
        return {"document": document_id, "as_of": day, "status": status, "period": public_period(store, period),
                "text": NOT_IN_SOURCE,
                "note": f"the text in force then was replaced on {period['valid_to']}; the amendments of "
                        f"{rows[0]['made_by']} and after are not all in the corpus"}
    else:
        chosen = _as_provisions(rows)
        if eid is not None and not any(r["eid"] == eid or r["eid"].startswith(eid + "__") for r in chosen):
            return {"document": document_id, "as_of": day, "status": "absent", "period": public_period(store, period),
                    "text": "", "note": f"{eid} did not exist on {day}"}
        text = provision_text(chosen, eid)
    return {"document": document_id, "as_of": day, "status": status, "period": public_period(store, period),
            "text": text}


def _words(text: str) -> list[str]:
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.lcut(text)


def _segments(old: str, new: str) -> list[list[str]]:
    """Word diff (jieba words, so 物权法 → 民法典 is one change, not 物权 → 民 … +典):
    [op, old piece, new piece] with op equal, delete, insert or replace."""
    a, b = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [[op, "".join(a[i1:i2]), "".join(b[j1:j2])] for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()


def diff(store: Store, work: str, date_from: str | None = None, date_to: str | None = None) -> Diff:
    """Old and new text of every provision that differs between two dates.

    Defaults compare the newest text with the text the day before it took effect.
    """
    document = store.document(work)
    periods = store.periods(work)
    if not periods:
        return {"work": work, "title": document["title"], "amended": False, "changes": [],
                "message": f"《{document['title']}》 has no amendment in the knowledge base"}
    date_to = check_date(date_to) if date_to else periods[0]["valid_from"]
    date_from = check_date(date_from) if date_from else day_before(date_to)
    old_period, new_period = period_on(store, work, date_from), period_on(store, work, date_to)
    old_rows = store.snapshot(work, old_period["period"]) if old_period else []
    new_rows = store.snapshot(work, new_period["period"]) if new_period else []
    amendments = store.amendments(work)
    operations: dict[str, list[Operation]] = {}
    for amendment in amendments:
        for eid in amendment["provisions"]:
            operations.setdefault(eid, []).append(
                {"id": amendment["id"], "op": amendment["op"], "target": amendment["target_label"],
                 "old": amendment["old"], "new": amendment["new"], "note": amendment["note"],
                 "applied": amendment["applied"], "in_force": amendment["in_force"]})
    old_by = {r["eid"]: r for r in old_rows if r["kind"] != "work"}
    new_by = {r["eid"]: r for r in new_rows if r["kind"] != "work"}
    order = [r["eid"] for r in new_rows if r["kind"] != "work"]
    for r in old_rows:  # provisions only in the older text go after their predecessor
        if r["eid"] not in new_by and r["kind"] != "work":
            previous = next((o["eid"] for o in reversed(old_rows[: r["position"]]) if o["eid"] in order), None)
            order.insert(order.index(previous) + 1 if previous else 0, r["eid"])
    changes, unchanged = [], 0
    whole_old_unknown = len(old_rows) == 1 and old_rows[0]["kind"] == "work"
    consumed: set[str] = set()
    for eid in order:
        if eid in consumed:
            continue
        old, new = old_by.get(eid), new_by.get(eid)
        old_text = None if old is None or old["status"] == "not_in_source" else (old["text"] or "")
        new_text = None if new is None or new["status"] == "not_in_source" else (new["text"] or "")
        if old is not None and old["status"] == "not_in_source" and new is not None and not new["text"]:
            # a rewritten article: its new paragraphs are the new side of one change
            below = [r for r in new_rows if r["eid"].startswith(eid + "__") and r["eid"] not in old_by]
            consumed.update(r["eid"] for r in below)
            new_text = "\n".join(r["text"] for r in below if r["text"])
        if old_text == new_text and (old or {}).get("label") == (new or {}).get("label"):
            unchanged += 1
            continue
        if old is not None and new is not None and not old["text"] and not new["text"] and \
                old["status"] != "not_in_source" and old["label"] == new["label"]:
            unchanged += 1
            continue
        if old is None and new is not None and not new["text"] and eid not in operations:
            continue  # a container (article, chapter) whose children carry the change
        status = ("added" if old is None and not whole_old_unknown else "removed" if new is None
                  else "old_not_in_source" if old_text is None and old is not None else
                  "renumbered" if old_text == new_text else "changed")
        if whole_old_unknown:
            status = "old_not_in_source"
        changes.append({
            "eid": eid,
            "old_label": old["label"] if old else None,
            "new_label": new["label"] if new else None,
            "path": _path(new_rows if new else old_rows, eid),
            "status": status,
            "old": old_text,
            "new": new_text,
            "segments": _segments(old_text, new_text) if old_text is not None and new_text is not None else [],
            "operations": operations.get(eid, []),
        })
    return {
        "work": work, "title": document["title"], "amended": True,
        "from": {"date": date_from, "period": public_period(store, old_period)},
        "to": {"date": date_to, "period": public_period(store, new_period)},
        "changes": changes, "unchanged": unchanged,
        "timeline": store.timeline(work),
    }


def _path(rows: list[VersionRow], eid: str) -> list[str]:
    by = {r["eid"]: r for r in rows}
    path, node = [], by.get(eid)
    while node is not None and node["parent"]:
        node = by.get(node["parent"])
        if node is not None:
            path.append(" ".join(x for x in (node["label"], node["heading"]) if x))
    return list(reversed(path))
