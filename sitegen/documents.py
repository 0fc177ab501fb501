"""Document pages: metadata and text, the version timeline and date picker, a page per
version, and the old/new comparison (新旧对照) of every pair of versions."""

from __future__ import annotations

import json
from typing import Any

from parser.records import HEADINGS

from .text import day_before, doc_url, esc, md, md_rel, rel
from .words import Words


def _period_words(side: dict[str, Any], w: Words) -> str:
    """2020年6月1日至2021年11月30日施行的文本 (both days included), 2021年12月1日起施行的文本 for
    the text in force still, or the day asked when its text is not in the knowledge base."""
    period = side["period"]
    if period is None or not period["valid_from"]:
        return w.fill("text_on", day=w.date(side["date"]))
    if period["valid_until"] is None:
        return w.fill("text_from", start=w.date(period["valid_from"]))
    return w.fill("text_between", start=w.date(period["valid_from"]), end=w.date(period["valid_until"]))


class DocumentPages:
    def document_page(self, doc: dict[str, Any]) -> str:
        page = doc_url(doc["id"])
        life = self.store.lifecycle(doc["id"]) or {}
        periods = self.store.periods(doc["id"])
        current_from = next((p["valid_from"] for p in periods if p["valid_to"] is None), None)
        w = self.words
        rows = [(w["type"], w.types.get(doc["type"], doc["type"])), (w["level"], w.level(doc["level"])),
                (w["issuer"], self.agency_name(doc["issuer"])),
                (w["number"], doc["number"] or ""), (w["signed"], doc["signed"] or ""),
                (w["current_from"] if current_from else w["effective"], current_from or life.get("effective") or ""),
                (w["first_effective"] if current_from else "", life.get("effective") or ""),
                (w["expires"], life.get("expires") or ""), (w["repealed_on"], life.get("repealed") or ""),
                (w["printed"], self.printed_in(doc)),
                ]
        rows += [(w.web_field(name), value) for name, value in doc.get("metadata", {}).items()
                 if name in ("索引号", "主题分类", "发布日期", "主题词")]
        meta = ['<div class="gz-meta"><table>',
                f"<tr><th>{w['status']}</th><td>{self.status_badge(doc['id'], ' gz-doc-status')}</td></tr>"]
        meta += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if k and v]
        links = []
        if doc["parent"]:
            links.append((w["parent"], doc["parent"]))
        for relation in doc["relations"]:
            if (relation["resolved"] and relation["target"] in self.by_id and relation["kind"] != "attachment_of"
                    and relation["target"] != doc["parent"]):
                links.append((w.relations.get(relation["kind"], relation["kind"]), relation["target"]))
        for name, target in links:
            meta.append(f'<tr><th>{esc(name)}</th><td><a href="{esc(rel(page, doc_url(target)))}">'
                        f'{esc(self.by_id[target]["title"])}</a> {self.status_badge(target)}</td></tr>')
        if doc["history_text"]:
            meta.append(f"<tr><th>{w['history']}</th><td>{esc(doc['history_text'])}</td></tr>")
        meta.append("</table></div>")
        source = w.fill("source_lines", source=doc["source"], first=doc["first_line"], last=doc["last_line"])
        ids = (f'<details class="gz-ids"><summary>{w["ids"]}</summary><table>'
               f"<tr><th>{w['identifier']}</th><td><code>{esc(doc['id'])}</code></td></tr>"
               f"<tr><th>{w['api']}</th><td><code>/api/documents/{esc(doc['id'])}</code></td></tr>"
               f"<tr><th>{w['source']}</th><td>{esc(source)}</td></tr>"
               "</table></details>")
        banner = self.lapse_banner(doc["id"])
        lines = [f"# {md(doc['title'])}", "", self.language_link(page), "", *([banner, ""] if banner else []),
                 "\n".join(meta), "", ids, ""]
        timeline = self.store.timeline(doc["id"])
        if timeline:
            lines += self.timeline_lines(page, doc, timeline)
        lines += self.body_lines(page, doc["id"])
        cited = [r for r in self.cited_by.get((doc["id"], None), [])]
        if cited:
            lines += [f"## {w['citing_documents']}", ""]
            seen = []
            for ref in cited:
                if ref["document"] not in seen:
                    seen.append(ref["document"])
            lines += [f'- [{md(self.by_id[d]["title"])}]({md_rel(page, doc_url(d))})' for d in seen]
            lines.append("")
        return "\n".join(lines)

    def printed_in(self, doc: dict[str, Any]) -> str:
        """《廊坊市人民政府公报》2021年第4号第3–5页: the issue and, from a PDF, the pages."""
        source = self.sources.get(doc["source"])
        if not source or not source.get("gazette") or source.get("year") is None:
            return ""
        first, last, w = doc.get("first_page"), doc.get("last_page"), self.words
        pages = "" if first is None else w.fill("page" if first == last else "pages", first=first, last=last)
        return w.fill("printed_in", gazette=source["gazette"], year=source["year"], issue=source["issue"], pages=pages)

    def timeline_lines(self, page: str, doc: dict[str, Any], timeline: list[dict[str, Any]]) -> list[str]:
        periods = self.store.periods(doc["id"])
        w = self.words
        lines = [f"## {w['versions']} {{ #versions }}", "", '<div class="gz-timeline"><ul>']
        for event in timeline:
            note = "" if event["operations_in_corpus"] else w["not_in_corpus"]
            act = esc(event["act"])
            if event["act_id"] and event["act_id"] in self.by_id:
                act = f'<a href="{esc(rel(page, doc_url(event["act_id"])))}">{act}</a>'
            lines.append(f"<li>{esc(event['date'])} {esc(w.event(event['event']))} {act}{esc(note)}</li>")
        lines.append("</ul></div>")
        lines.append("")
        version_links, known = [], []
        for period in periods:
            when = period["valid_from"] or "?"
            until = day_before(period["valid_to"]) if period["valid_to"] else w["now"]
            target = f"{doc_url(doc['id'])}versions/{when}/"
            version_links.append(f"- [{md(w.fill('period_link', start=when, end=until))}]({md_rel(page, target)})")
            if period["valid_from"]:
                known.append({"from": period["valid_from"], "to": period["valid_to"], "url": rel(page, target)})
        picker = (f'<form class="gz-asof" data-periods="{esc(json.dumps(known, ensure_ascii=False))}">'
                  f'<label>{w["as_of"]} <input type="date" name="day" required></label> '
                  f'<button type="submit">{w["show"]}</button> <span class="gz-asof-note" aria-live="polite"></span>'
                  '</form>')
        lines += version_links + ["", picker, "", f"[{w['compare']}]({md_rel(page, doc_url(doc['id']) + 'diff/')})", ""]
        return lines

    def version_page(self, doc: dict[str, Any], period: dict[str, Any]) -> tuple[str, str]:
        """The text as it stood in one period: the same eIds as the current page (so a
        provision's anchor is the same in every version), a banner saying which text this is,
        permalinks and copy-citation buttons."""
        when = period["valid_from"] or "unknown"
        page = f"{doc_url(doc['id'])}versions/{when}/"
        rows = self.store.snapshot(doc["id"], period["period"])
        historical = period["valid_to"] is not None
        made_by = self.by_id[period["made_by"]]["title"] if period["made_by"] in self.by_id else period["made_by"]
        w, start = self.words, period["valid_from"] or "?"
        banner = (f'<div class="gz-banner gz-historical" role="note"><strong>{w["historical"]}</strong>{w["colon"]}'
                  f'{esc(w.fill("historical_text", start=start, end=day_before(period["valid_to"])))}'
                  f'<a href="{esc(rel(page, doc_url(doc["id"])))}">{w["read_current"]}</a></div>'
                  if historical else
                  f'<div class="gz-banner gz-current" role="note"><strong>{w["current"]}</strong>{w["colon"]}'
                  f'{esc(w.fill("current_text", start=start))}</div>')
        lapse = self.lapse_banner(doc["id"])
        end = day_before(period["valid_to"]) if historical else w["now"]
        lines = [f"# {md(w.fill('version_title', title=doc['title'], start=when))}", "", self.language_link(page), "",
                 *([lapse, ""] if lapse else []), banner, "",
                 f'<p class="gz-version">{esc(w.fill("version_facts", start=start, end=end, made_by=made_by))}</p>',
                 ""]
        current = {p["eid"]: p for p in self.provisions[doc["id"]]}
        for row in rows:
            eid = row["eid"]
            if row["kind"] == "work":
                lines += [f'<p class="gz-not-in-source">{esc(w.fill("cite_note", note=w["not_in_source"]))}</p>', ""]
                continue
            if row["kind"] in HEADINGS:
                lines += [f"## {md(row['label'])} {md(row['heading'])} {{ #{eid} }}", ""]
                continue
            if row["kind"] == "article":
                lines += [f"### {md(row['label'])} {{ #{eid} }}", "",
                          self.citation_tools(doc["id"], eid, edition=period["valid_from"], label=row["label"]), ""]
                if row["status"] != "not_in_source":
                    continue
            if row["status"] == "not_in_source":
                label = esc(row["label"]) if row["kind"] != "article" else ""
                lines += [f'<p class="gz-not-in-source" id="{eid}">{label}'
                          f'{esc(w.fill("cite_note", note=w["not_in_source"]))}</p>', ""]
                continue
            label = "" if row["kind"] == "paragraph" else esc(row["label"])
            provision = current.get(eid, {"eid": eid, "text": row["text"] or ""})
            body = (self.linked_text(page, doc["id"], provision, row["text"] or "") if row["status"] == "current"
                    or row["text"] == provision.get("text") else self.earlier_text(row["text"] or "",
                                                                                   period["valid_from"]))
            tools = self.citation_tools(doc["id"], eid, edition=period["valid_from"], inline=True, label=row["label"])
            lines += [f'<p class="gz-p gz-{row["kind"]}" id="{eid}">'
                      f'{f"<span class=gz-label>{label}</span>" if label else ""}{body}{tools}</p>', ""]
        return page, "\n".join(lines)

    def diff_page(self, doc: dict[str, Any], pair: tuple[str, str] | None = None) -> tuple[str, str]:
        """新旧对照: every changed provision, old beside new (stacked on a phone), words
        marked, what the decision did in words, and its item linked. Without ``pair``, the
        newest text against the one before; with it, the texts in force from those two days."""
        from queries.history import diff

        page = f"{doc_url(doc['id'])}diff/" + (f"{pair[0]}..{pair[1]}/" if pair else "")
        result, w = diff(self.store, doc["id"], *(pair or (None, None))), self.words
        sides = w.fill("diff_sides", before=_period_words(result["from"], w), after=_period_words(result["to"], w))
        lines = [f"# {md(w.fill('diff_title', title=doc['title']))}", "", self.language_link(page), "",
                 f'<p class="gz-version">{esc(sides)}'
                 f'<a href="{esc(rel(page, doc_url(doc["id"])))}">{w["current"]}</a></p>', "",
                 f'<table class="gz-diff"><thead><tr><th>{w["provision"]}</th><th>{w["before"]}</th>'
                 f'<th>{w["after"]}</th><th>{w["how"]}</th></tr></thead><tbody>']
        for change in result["changes"]:
            label = change["new_label"] or change["old_label"] or ""
            moved = change["old_label"] and change["new_label"] and change["old_label"] != change["new_label"]
            if moved:
                label = f'{change["old_label"]} → <mark>{change["new_label"]}</mark>'
            where = esc(" ".join(change["path"])) + (" " if change["path"] else "") + (
                label if moved else esc(label))
            if change["segments"]:
                old = "".join(f"<del>{esc(o)}</del>" if op in ("delete", "replace") else esc(o)
                              for op, o, _ in change["segments"] if o)
                new = "".join(f"<ins>{esc(n)}</ins>" if op in ("insert", "replace") else esc(n)
                              for op, _, n in change["segments"] if n)
            else:
                old = f"<del>{esc(change['old'])}</del>" if change["old"] is not None else (
                    w["none"] if change["status"] == "added" else
                    f'<span class="gz-not-in-source">{esc(w.fill("cite_note", note=w["not_in_source"]))}</span>')
                new = f"<ins>{esc(change['new'])}</ins>" if change["new"] is not None else w["deleted"]
            how = []
            for op in change["operations"]:
                words = w.operations.get(op["op"], op["op"])
                decision = op["id"].split("/")[0]
                item_eid = self._op_items(decision).get(op["id"])
                item = next((p for p in self.provisions.get(decision, []) if p["eid"] == item_eid), None)
                if item is not None:
                    words = (f'<a href="{esc(rel(page, doc_url(decision) + "#" + item["eid"]))}">'
                             f'{esc(w.fill("decision_item", item=w.number(item["label"])))}</a>'
                             f'{w["colon"]}{esc(words)}')
                else:
                    words = esc(words)
                how.append(words)
            if not how:
                how = [esc(w.changes.get(change["status"], change["status"]))]
            lines.append(f'<tr id="{esc(change["eid"])}"><td data-label="{w["provision"]}">{where}</td>'
                         f'<td data-label="{w["before"]}">{old}</td><td data-label="{w["after"]}">{new}</td>'
                         f'<td data-label="{w["how"]}">{"<br>".join(how)}</td></tr>')
        lines += ["</tbody></table>", "", w.fill("unchanged", count=result["unchanged"]), ""]
        pairs = self.version_pairs(doc["id"])
        if len(pairs) > 1:
            lines += [f"## {w['other_pairs']}", ""]
            for a, b in pairs:
                target = f"{doc_url(doc['id'])}diff/" + ("" if (a, b) == pairs[-1] else f"{a}..{b}/")
                lines.append(f"- [{md(w.fill('pair', first=w.date(a), second=w.date(b)))}]({md_rel(page, target)})")
            lines.append("")
        return page, "\n".join(lines)

    def version_pairs(self, doc_id: str) -> list[tuple[str, str]]:
        """Every two texts of a work whose wording is known, oldest pair first; the last pair is
        the default comparison (the newest text and the one before)."""
        days = sorted(p["valid_from"] for p in self.store.periods(doc_id) if p["valid_from"])
        pairs = [(a, b) for i, a in enumerate(days) for b in days[i + 1:]]
        newest = (days[-2], days[-1]) if len(days) > 1 else None
        return [p for p in pairs if p != newest] + ([newest] if newest else [])
