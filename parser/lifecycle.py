"""When documents are in force: effective dates, validity periods, repeals.

Read from the texts themselves:

* 自2021年12月1日起施行 / 自2021年11月18日开始施行 -> that date;
* 自公布之日起施行, 自印发之日起施行, 自发布之日起施行 (also 实施) -> the document's date
  (its own signature, or the nearest dated ancestor's: a regulation issued by a notice);
* 有效期5年, 有效期五年, 有效期为三年 -> last day in force = effective + N years - 1 day;
  有效期至2025年12月31日止 -> that day;
* 《…》（廊政〔2016〕90号）同时废止 -> a :class:`Repeal`, recorded even when the repealed
  document is not in the knowledge base.

A document without a clause of its own takes its parent's lifecycle (attachments,
interpretations, regulations promulgated by an order that names the date). A notice that
issues texts (关于印发《…》的通知) and has no validity clause of its own lasts as long as what it
issues: when every text it issues has a last day, the notice's is the latest of them, so that
the 文号 a lawyer checks never reads 现行有效 above an expired text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .dates import DATE, EFFECTIVE, iso_date
from .numerals import NUMBER, cn_to_int
from .records import Document, Lifecycle, Repeal, Status, dated

__all__ = ["lifecycles", "repeals", "status_on"]

_VALIDITY_YEARS = re.compile(rf"有效期(?:为)?(?P<n>{NUMBER})年")
_VALIDITY_UNTIL = re.compile(rf"有效期至{DATE.pattern}")
_REPEAL = re.compile(r"《(?P<title>[^《》]+)》(?:[（(](?P<number>[^（）()]*?〔\d{4}〕\d+号)[）)])?(?:同时)?废止")


def _own_clause(doc: Document) -> tuple[str | None, str, str | None]:
    """(effective, clause, expires) from the document's own provisions."""
    effective_text, when, expires_text = "", None, None
    for provision in doc.provisions:
        match = EFFECTIVE.search(provision.text)
        if match and not effective_text:
            effective_text, when = match.group(0), match["when"]
        if _VALIDITY_YEARS.search(provision.text) or _VALIDITY_UNTIL.search(provision.text):
            if "本" in provision.text[: provision.text.find("有效期")]:  # 本方案…有效期5年, not a clause about something else
                expires_text = provision.text
    return when, effective_text, expires_text


def _expiry(effective: str | None, text: str | None) -> str | None:
    if text is None:
        return None
    until = _VALIDITY_UNTIL.search(text)
    if until:
        return iso_date(until["y"], until["m"], until["d"])
    years = _VALIDITY_YEARS.search(text)
    if years and effective:
        start = date.fromisoformat(effective)
        n = cn_to_int(years["n"])
        try:
            end = start.replace(year=start.year + n)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + n, day=28)
        return (end - timedelta(days=1)).isoformat()
    return None


def repeals(documents: list[Document] | tuple[Document, ...], life: dict[str, Lifecycle]) -> list[Repeal]:
    """Every 《…》（…号）同时废止 of the corpus, resolved to a document where possible."""
    found = []
    for doc in documents:
        for provision in doc.provisions:
            for match in _REPEAL.finditer(provision.text):
                number = match["number"] or ""
                if number:  # a number names one document; the same title may be the new one
                    target = next((d.id for d in documents if d.number is not None and d.number.text == number), None)
                else:
                    target = next((d.id for d in documents if d.title == match["title"] and d is not doc
                                   and not d.id.startswith(doc.id + ".")), None)
                found.append(Repeal(match["title"], number, target, doc.id, life[doc.id].effective,
                                    doc.source, provision.lines[0] if provision.lines else doc.first_line))
    return found


def lifecycles(documents: list[Document] | tuple[Document, ...]) -> dict[str, Lifecycle]:
    by_id = {d.id: d for d in documents}
    out: dict[str, Lifecycle] = {}
    for doc in documents:  # parents come before their children in reading order
        when, clause, expires_text = _own_clause(doc)
        if when is None and doc.parent in out:
            inherited = out[doc.parent]
            out[doc.id] = Lifecycle(doc.id, inherited.effective, inherited.effective_text, inherited.expires,
                                    None, None)
            continue
        signed = dated(doc, by_id)
        date_match = DATE.match(when or "")
        effective = iso_date(date_match["y"], date_match["m"], date_match["d"]) if date_match else signed
        out[doc.id] = Lifecycle(doc.id, effective, clause, _expiry(effective, expires_text), None, None)
    for doc in documents:
        issued = [r.target for r in doc.relations if r.kind == "issues" and r.resolved and r.target in out]
        own = out[doc.id]
        if issued and own.expires is None and not _own_clause(doc)[2]:
            ends = [out[target].expires for target in issued]
            if all(ends):
                last = max(end for end in ends if end)
                out[doc.id] = Lifecycle(doc.id, own.effective, own.effective_text, last, None, None)
    for repeal in repeals(documents, out):
        if repeal.target is not None and repeal.target in out:
            old = out[repeal.target]
            out[repeal.target] = Lifecycle(old.document, old.effective, old.effective_text, old.expires,
                                           repeal.date, repeal.repealed_by)
    return out


def status_on(life: Lifecycle, day: str) -> Status:
    """not_yet_in_force, in_force, expired or repealed on an ISO date."""
    if life.repealed and day >= life.repealed:
        return Status.REPEALED
    if life.effective and day < life.effective:
        return Status.NOT_YET_IN_FORCE
    if life.expires and day > life.expires:
        return Status.EXPIRED
    return Status.IN_FORCE
