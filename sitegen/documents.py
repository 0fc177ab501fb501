"""Document pages: metadata and text, the version timeline and date picker, a page per
version, and the old/new comparison (新旧对照) of every pair of versions."""

from __future__ import annotations

import json
from typing import Any

from parser.records import HEADINGS

from .text import (NOT_IN_SOURCE, RELATION_NAMES, TYPE_NAMES, cn_date, day_before, doc_url, esc, md, md_rel, rel)


def _period_words(side: dict[str, Any]) -> str:
    """2020年6月1日至2021年11月30日施行的文本 (both days included), 2021年12月1日起施行的文本 for
    the text in force still, or the day asked when its text is not in the knowledge base."""
    period = side["period"]
    if period is None or not period["valid_from"]:
        return f"{cn_date(side['date'])}施行的文本"
    if period["valid_until"] is None:
        return f"{cn_date(period['valid_from'])}起施行的文本"
    return f"{cn_date(period['valid_from'])}至{cn_date(period['valid_until'])}施行的文本"


class DocumentPages:
    def document_page(self, doc: dict[str, Any]) -> str:
        page = doc_url(doc["id"])
        life = self.store.lifecycle(doc["id"]) or {}
        periods = self.store.periods(doc["id"])
        current_from = next((p["valid_from"] for p in periods if p["valid_to"] is None), None)
        rows = [("类型", TYPE_NAMES.get(doc["type"], doc["type"])), ("效力级别", doc["level"]),
                ("发文机关", doc["issuer"]),
                ("文号", doc["number"] or ""), ("成文日期", doc["signed"] or ""),
                ("现行文本施行日期" if current_from else "施行日期", current_from or life.get("effective") or ""),
                ("首次施行日期" if current_from else "", life.get("effective") or ""),
                ("有效期至", life.get("expires") or ""), ("废止日期", life.get("repealed") or ""),
                ("刊载", self.printed_in(doc)),
                ]
        rows += [(f"网页{name}", value) for name, value in doc.get("metadata", {}).items()
                 if name in ("索引号", "主题分类", "发布日期", "主题词")]
        meta = ['<div class="gz-meta"><table>', f"<tr><th>效力</th><td>{self.status_badge(doc['id'], ' gz-doc-status')}</td></tr>"]
        meta += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if k and v]
        links = []
        if doc["parent"]:
            links.append(("上级文件", doc["parent"]))
        for relation in doc["relations"]:
            if (relation["resolved"] and relation["target"] in self.by_id and relation["kind"] != "attachment_of"
                    and relation["target"] != doc["parent"]):
                links.append((RELATION_NAMES.get(relation["kind"], relation["kind"]), relation["target"]))
        for name, target in links:
            meta.append(f'<tr><th>{esc(name)}</th><td><a href="{esc(rel(page, doc_url(target)))}">'
                        f'{esc(self.by_id[target]["title"])}</a> {self.status_badge(target)}</td></tr>')
        if doc["history_text"]:
            meta.append(f"<tr><th>沿革</th><td>{esc(doc['history_text'])}</td></tr>")
        meta.append("</table></div>")
        ids = (f'<details class="gz-ids"><summary>引用与标识</summary><table>'
               f"<tr><th>标识符</th><td><code>{esc(doc['id'])}</code></td></tr>"
               f"<tr><th>接口</th><td><code>/api/documents/{esc(doc['id'])}</code></td></tr>"
               f"<tr><th>来源</th><td>{esc(doc['source'])}，第{doc['first_line']}–{doc['last_line']}行</td></tr>"
               "</table></details>")
        banner = self.lapse_banner(doc["id"])
        lines = [f"# {md(doc['title'])}", "", *([banner, ""] if banner else []), "\n".join(meta), "", ids, ""]
        timeline = self.store.timeline(doc["id"])
        if timeline:
            lines += self.timeline_lines(page, doc, timeline)
        lines += self.body_lines(page, doc["id"])
        cited = [r for r in self.cited_by.get((doc["id"], None), [])]
        if cited:
            lines += ["## 引用本文件的文件", ""]
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
        first, last = doc.get("first_page"), doc.get("last_page")
        pages = "" if first is None else (f"第{first}页" if first == last else f"第{first}–{last}页")
        return f"《{source['gazette']}》{source['year']}年第{source['issue']}号{pages}"

    def timeline_lines(self, page: str, doc: dict[str, Any], timeline: list[dict[str, Any]]) -> list[str]:
        periods = self.store.periods(doc["id"])
        lines = ["## 版本沿革 { #versions }", "", '<div class="gz-timeline"><ul>']
        for event in timeline:
            note = "" if event["operations_in_corpus"] else "（修改内容未收录）"
            act = esc(event["act"])
            if event["act_id"] and event["act_id"] in self.by_id:
                act = f'<a href="{esc(rel(page, doc_url(event["act_id"])))}">{act}</a>'
            lines.append(f"<li>{esc(event['date'])} {esc(event['event'])} {act}{esc(note)}</li>")
        lines.append("</ul></div>")
        lines.append("")
        version_links, known = [], []
        for period in periods:
            when = period["valid_from"] or "?"
            until = day_before(period["valid_to"]) if period["valid_to"] else "今"
            target = f"{doc_url(doc['id'])}versions/{when}/"
            version_links.append(f"- [{md(when)} 至 {md(until)}]({md_rel(page, target)})")
            if period["valid_from"]:
                known.append({"from": period["valid_from"], "to": period["valid_to"], "url": rel(page, target)})
        picker = (f'<form class="gz-asof" data-periods="{esc(json.dumps(known, ensure_ascii=False))}">'
                  '<label>查看某日施行的文本 <input type="date" name="day" required></label> '
                  '<button type="submit">查看</button> <span class="gz-asof-note" aria-live="polite"></span></form>')
        lines += version_links + ["", picker, "", f"[新旧对照]({md_rel(page, doc_url(doc['id']) + 'diff/')})", ""]
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
        banner = (f'<div class="gz-banner gz-historical" role="note"><strong>历史文本</strong>：本页是'
                  f'{esc(period["valid_from"] or "?")}至{esc(day_before(period["valid_to"]))}施行的文本，'
                  f'已被修改。<a href="{esc(rel(page, doc_url(doc["id"])))}">查看现行文本</a></div>'
                  if historical else
                  f'<div class="gz-banner gz-current" role="note"><strong>现行文本</strong>：'
                  f'自{esc(period["valid_from"] or "?")}起施行。</div>')
        lapse = self.lapse_banner(doc["id"])
        lines = [f"# {md(doc['title'])}（{md(when)} 起）", "", *([lapse, ""] if lapse else []), banner, "",
                 f'<p class="gz-version">施行期间：{esc(period["valid_from"] or "?")} 至 '
                 f'{esc(day_before(period["valid_to"]) if historical else "今")}；文本依据：{esc(made_by)}。</p>', ""]
        current = {p["eid"]: p for p in self.provisions[doc["id"]]}
        for row in rows:
            eid = row["eid"]
            if row["kind"] == "work":
                lines += [f'<p class="gz-not-in-source">〔{esc(NOT_IN_SOURCE)}〕</p>', ""]
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
                lines += [f'<p class="gz-not-in-source" id="{eid}">{label}〔{esc(NOT_IN_SOURCE)}〕</p>', ""]
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
        from queries.history import CHANGE_NAMES, OPERATION_NAMES, diff

        page = f"{doc_url(doc['id'])}diff/" + (f"{pair[0]}..{pair[1]}/" if pair else "")
        result = diff(self.store, doc["id"], *(pair or (None, None)))
        lines = [f"# {md(doc['title'])}：新旧对照", "",
                 f'<p class="gz-version">修改前：{esc(_period_words(result["from"]))}；'
                 f'修改后：{esc(_period_words(result["to"]))}。'
                 f'<a href="{esc(rel(page, doc_url(doc["id"])))}">现行文本</a></p>', "",
                 '<table class="gz-diff"><thead><tr><th>条文</th><th>修改前</th><th>修改后</th><th>修改方式</th></tr>'
                 "</thead><tbody>"]
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
                    "（无）" if change["status"] == "added" else
                    f'<span class="gz-not-in-source">〔{esc(NOT_IN_SOURCE)}〕</span>')
                new = f"<ins>{esc(change['new'])}</ins>" if change["new"] is not None else "（删去）"
            how = []
            for op in change["operations"]:
                words = OPERATION_NAMES.get(op["op"], op["op"])
                decision = op["id"].split("/")[0]
                item_eid = self._op_items(decision).get(op["id"])
                item = next((p for p in self.provisions.get(decision, []) if p["eid"] == item_eid), None)
                if item is not None:
                    words = (f'<a href="{esc(rel(page, doc_url(decision) + "#" + item["eid"]))}">'
                             f'决定第{esc(item["label"].rstrip("、.．"))}项</a>：{esc(words)}')
                else:
                    words = esc(words)
                how.append(words)
            if not how:
                how = [esc(CHANGE_NAMES.get(change["status"], change["status"]))]
            lines.append(f'<tr id="{esc(change["eid"])}"><td data-label="条文">{where}</td>'
                         f'<td data-label="修改前">{old}</td><td data-label="修改后">{new}</td>'
                         f'<td data-label="修改方式">{"<br>".join(how)}</td></tr>')
        lines += ["</tbody></table>", "", f"未变动的条文：{result['unchanged']} 处。", ""]
        pairs = self.version_pairs(doc["id"])
        if len(pairs) > 1:
            lines += ["## 比较其他版本", ""]
            for a, b in pairs:
                target = f"{doc_url(doc['id'])}diff/" + ("" if (a, b) == pairs[-1] else f"{a}..{b}/")
                lines.append(f"- [{md(cn_date(a))}施行的文本 与 {md(cn_date(b))}施行的文本]({md_rel(page, target)})")
            lines.append("")
        return page, "\n".join(lines)

    def version_pairs(self, doc_id: str) -> list[tuple[str, str]]:
        """Every two texts of a work whose wording is known, oldest pair first; the last pair is
        the default comparison (the newest text and the one before)."""
        days = sorted(p["valid_from"] for p in self.store.periods(doc_id) if p["valid_from"])
        pairs = [(a, b) for i, a in enumerate(days) for b in days[i + 1:]]
        newest = (days[-2], days[-1]) if len(days) > 1 else None
        return [p for p in pairs if p != newest] + ([newest] if newest else [])
