"""MkDocs hook: the pages of the site, generated from the build's records at build time.

The site can never drift from the data: every page is made here, from the store of the
build folder named by ``GAZETTE_BUILD`` (default ``build/``), when ``mkdocs build`` runs.

Pages: home (issues, tables of contents, counts); one page per document (metadata, text
with an anchor per provision eId, permalinks, copy-citation buttons, citations as links,
"cited by" lists, semantically related provisions); for amended works a version timeline,
a page per version and an old/new side-by-side view; browse pages by type, issuer and
date; external works cited but not in the knowledge base; who does what: a page per agency
(its duties, the prohibitions addressed to it and those it enforces, the penalties it imposes),
a badge of modality on each provision that states a duty, prohibition, permission or penalty,
and a page of every fine by amount.

Everything taken from the records is HTML-escaped; provision text goes into raw HTML
blocks, so Markdown never reinterprets legal text.
"""

from __future__ import annotations

import html
import json
import urllib.parse
import os
import posixpath
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from parser.ids import article_eid

#: The day the site is built: the statuses written into the pages are for this day.
BUILT_ON = date.today().isoformat()
NOT_IN_SOURCE = "当时的条文未收录"
TYPE_NAMES = {
    "order": "政府令", "decision": "决定", "law": "法律", "regulation": "法规、规章与规范性文件", "notice": "通知",
    "approval": "批复",
    "plan": "方案与规划", "opinion": "意见", "measures": "措施", "list": "名单与清单", "attachment": "附件",
    "interpretation": "政策解读", "other": "其他",
}
#: Modalities in the order pages list them, with the names of Chinese legal theory
#: (义务性规范, 禁止性规范, 授权性规范, 罚则).
MODALITY_NAMES = {"duty": "义务", "prohibition": "禁止", "permission": "授权", "penalty": "罚则", "definition": "定义",
                  "other": "其他"}
#: Status of a text on a day, as Chinese legal databases name it (时效性).
STATUS_NAMES = {"in_force": "现行有效", "not_yet_in_force": "尚未施行", "expired": "已失效", "repealed": "已废止",
                "amended": "已被修改", "unknown": "效力待定"}
KIND_NAMES = {"government": "行政机关", "body": "议事协调机构与自治组织", "party": "单位、企业与个人"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


def esc(text: str | None) -> str:
    return html.escape(text or "", quote=True)


def md(text: str) -> str:
    """Text for a Markdown heading, link text or table cell: Markdown's special characters
    backslash-escaped, then HTML's as entities (which Markdown passes through as they are)."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", text or ""), quote=True)


def doc_url(doc_id: str) -> str:
    return f"documents/{doc_id}/"


def rel(from_url: str, to_url: str) -> str:
    """A relative link between two site URLs (directory-style, as MkDocs writes them)."""
    path, _, fragment = to_url.partition("#")
    link = posixpath.relpath(path or from_url, from_url or ".")
    if path.endswith("/") and not link.endswith("/"):
        link += "/"
    if link == "./":
        link = ""
    return link + (f"#{fragment}" if fragment else "") if (link or fragment) else "./"


def _cn_date(day: str | None) -> str:
    """2021-12-01 -> 2021年12月1日."""
    if not day:
        return ""
    year, month, dom = day.split("-")
    return f"{year}年{int(month)}月{int(dom)}日"


def _day_before(day: str | None) -> str:
    from datetime import timedelta

    return (date.fromisoformat(day) - timedelta(days=1)).isoformat() if day else "?"


def amount(value: float) -> str:
    """5000 -> 5,000 (an integer without decimals)."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def src(url: str) -> str:
    """The source file of a site URL: documents/x/ -> documents/x.md."""
    return url.rstrip("/") + ".md" if url else "index.md"


def md_rel(from_url: str, to_url: str) -> str:
    """A Markdown link between the source files of two pages (MkDocs checks these)."""
    path, _, fragment = to_url.partition("#")
    link = posixpath.relpath(src(path), posixpath.dirname(src(from_url)) or ".")
    return link + (f"#{fragment}" if fragment else "")


class Site:
    """Everything read from the store once, then turned into pages."""

    def __init__(self, build_dir: Path) -> None:
        from store import STORE_NAME, Store

        self.build_dir = build_dir
        self.store = Store(build_dir / STORE_NAME)
        self.documents = self.store.documents()
        self.by_id = {d["id"]: d for d in self.documents}
        self.provisions = {d["id"]: self.store.provisions(d["id"]) for d in self.documents}
        self.refs = self.store.all_references()
        self.refs_by_provision: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.cited_by: dict[tuple[str, str | None], list[dict[str, Any]]] = defaultdict(list)
        for ref in self.refs:
            self.refs_by_provision[(ref["document"], ref["provision"])].append(ref)
            if ref["resolved"] and ref["target_document"]:
                target = ref["target_provision"]
                key = (ref["target_document"], article_eid(target) if target else None)
                if ref["document"] != ref["target_document"] or ref["provision"] != ref["target_provision"]:
                    self.cited_by[key].append(ref)
        self.related = self._related()
        self.statements = {d["id"]: self.store.statements(d["id"]) for d in self.documents}
        self.statements_at: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.statements_in_article: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.statements_of_agency: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc_id, rows in self.statements.items():
            for row in rows:
                self.statements_at[(doc_id, row["eid"])].append(row)
                self.statements_in_article[(doc_id, article_eid(row["eid"]))].append(row)
                for agency in row["actors"]:
                    self.statements_of_agency[agency].append(row)
        self.life = {d["id"]: self.store.lifecycle(d["id"]) for d in self.documents}
        self._items: dict[str, dict[str, str]] = {}
        self.notes = self._amendment_notes()
        self.agencies = self.store.agencies()
        self.agency_url = {a["agency"]: f"agencies/{a['slug']}/" for a in self.agencies}
        self.same_function: dict[str, list[str]] = defaultdict(list)
        for a in self.agencies:
            if a["function"]:
                self.same_function[a["function"]].append(a["agency"])

    def close(self) -> None:
        self.store.close()

    # --- semantically related provisions ---------------------------------------------

    def _related(self) -> dict[tuple[str, str], list[str]]:
        """For each article, the related units of other documents, as the index build found them."""
        from index.related import load_related

        return {tuple(unit.split("/", 1)): picks  # type: ignore[misc]
                for unit, picks in load_related(self.build_dir / "index").items()
                if unit.split("/", 1)[0] in self.by_id}

    # --- building blocks --------------------------------------------------------------

    def citation_label(self, doc_id: str, eid: str | None) -> str:
        doc = self.by_id[doc_id]
        if not eid:
            return f"《{doc['title']}》"
        labels = []
        by_eid = {p["eid"]: p for p in self.provisions[doc_id]}
        node = by_eid.get(eid)
        while node is not None:
            if node["label"]:
                labels.append(node["label"])
            node = by_eid.get(node["parent"]) if node["parent"] else None
        return f"《{doc['title']}》" + "".join(reversed([x for x in labels if not x.startswith("第") or "章" not in x
                                                       and "节" not in x and "编" not in x]))

    def linked_text(self, page: str, doc_id: str, provision: dict[str, Any], text: str | None = None) -> str:
        """Escaped text with its resolved citations as links."""
        text = provision["text"] if text is None else text
        out, last = [], 0
        for ref in sorted(self.refs_by_provision.get((doc_id, provision["eid"]), []), key=lambda r: r["start"]):
            if ref["start"] < last or ref["end"] > len(text):
                continue
            out.append(esc(text[last:ref["start"]]))
            piece = esc(text[ref["start"]:ref["end"]])
            if ref["resolved"] and ref["target_document"]:
                target = doc_url(ref["target_document"]) + (f"#{ref['target_provision']}" if ref["target_provision"]
                                                              else "")
                out.append(f'<a class="gz-ref" href="{esc(rel(page, target))}">{piece}</a>')
            else:
                out.append(f'<span class="gz-ref-external" title="{esc(ref["reason"])}">{piece}</span>')
            last = ref["end"]
        out.append(esc(text[last:]))
        return "".join(out)

    def provision_html(self, page: str, doc_id: str, p: dict[str, Any]) -> list[str]:
        kind, eid = p["kind"], p["eid"]
        if kind in ("book", "chapter", "section"):
            return [f"## {md(p['label'])} {md(p['heading'])} {{ #{eid} }}", ""]
        if kind == "article":
            citation = self.citation_label(doc_id, eid)
            lines = [f"### {md(p['label'])} {{ #{eid} }}", "",
                     f'<div class="gz-tools"><a class="gz-permalink" href="#{eid}" title="本条的固定链接">¶ 链接</a> '
                     f'<button class="gz-copy" type="button" data-citation="{esc(citation)}">复制引用</button></div>',
                     ""]
            note = self.amendment_note(page, doc_id, eid)
            return lines + ([note, ""] if note else [])
        if kind in ("table", "list"):
            return []
        if kind == "group":
            return [f'<p class="gz-group" id="{eid}">{esc(p["heading"])}</p>', ""]
        if kind == "row":
            return []  # rendered with their table
        label = "" if kind == "paragraph" else esc(" ".join(x for x in (p["label"], p["heading"]) if x))
        body = self.linked_text(page, doc_id, p)
        content = f'<span class="gz-label">{label}</span>{body}' if label else body
        note = self.amendment_note(page, doc_id, eid)
        return [f'<p class="gz-p gz-{kind}" id="{eid}">{content}{self.badges(doc_id, eid)}</p>{note}', ""]

    # --- who does what ----------------------------------------------------------------

    def badges(self, doc_id: str, eid: str) -> str:
        """A badge per modality the provision states (not "other"), its actors in the title."""
        actors: dict[str, list[str]] = {}
        for statement in self.statements_at.get((doc_id, eid), []):
            if statement["modality"] != "other":
                names = actors.setdefault(statement["modality"], [])
                names += [a for a in statement["actors"] if a not in names]
        if not actors:
            return ""
        spans = []
        for modality in MODALITY_NAMES:
            if modality in actors:
                name = MODALITY_NAMES[modality]
                title = f"{name}：{'、'.join(actors[modality])}" if actors[modality] else name
                spans.append(f'<span class="gz-badge gz-m-{modality}" title="{esc(title)}">{esc(name)}</span>')
        return f'<span class="gz-badges">{"".join(spans)}</span>'

    def agency_link(self, page: str, agency: str) -> str:
        url = self.agency_url.get(agency)
        return f'<a class="gz-agency" href="{esc(rel(page, url))}">{esc(agency)}</a>' if url else esc(agency)

    def actors_line(self, page: str, doc_id: str, article: str) -> str:
        """主体 of an article: each agency holding a duty, prohibition, permission or penalty in it."""
        by_modality: dict[str, list[str]] = {}
        for statement in self.statements_in_article.get((doc_id, article), []):
            if statement["modality"] != "other":
                names = by_modality.setdefault(statement["modality"], [])
                names += [a for a in statement["actors"] if a not in names]
        parts = [f"{esc(MODALITY_NAMES[m])}：{'、'.join(self.agency_link(page, a) for a in by_modality[m])}"
                 for m in MODALITY_NAMES if by_modality.get(m)]
        return f'<div class="gz-actors">主体　{"　".join(parts)}</div>' if parts else ""

    def table_html(self, provisions: list[dict[str, Any]], table: dict[str, Any]) -> list[str]:
        rows = [p for p in provisions if p["kind"] == "row" and p["eid"].startswith(table["eid"] + "__")]
        out = [f'<div class="gz-table" id="{table["eid"]}"><table>']
        for row in rows:
            cells = "".join(f"<td>{esc(cell)}</td>" for cell in row["cells"])
            out.append(f'<tr id="{row["eid"]}">{cells}</tr>')
        out.append("</table></div>")
        out.append("")
        return ["\n".join(out), ""]

    def extras_for_article(self, page: str, doc_id: str, eid: str) -> list[str]:
        out = [line for line in (self.actors_line(page, doc_id, eid),) if line]
        citing = self.cited_by.get((doc_id, eid), [])
        if citing:
            links = []
            for ref in citing:
                target = doc_url(ref["document"]) + f"#{ref['provision']}"
                label = self.citation_label(ref["document"], article_eid(ref["provision"]))
                links.append(f'<a href="{esc(rel(page, target))}">{esc(label)}</a>')
            out.append(f'<div class="gz-citedby">被引用：{"；".join(links)}</div>')
        related = self.related.get((doc_id, eid), [])
        if related:
            links = []
            for unit in related:
                other, other_eid = unit.split("/", 1)
                if other not in self.by_id:
                    continue
                target = doc_url(other) + f"#{other_eid}"
                links.append(f'<a href="{esc(rel(page, target))}">{esc(self.citation_label(other, other_eid))}</a>')
            if links:
                out.append(f'<div class="gz-related">相关条文：{"；".join(links)}</div>')
        return [*out, ""] if out else []

    def body_lines(self, page: str, doc_id: str) -> list[str]:
        provisions = self.provisions[doc_id]
        lines: list[str] = []
        open_article: str | None = None
        for p in provisions:
            if p["kind"] in ("article", "chapter", "section", "book") and open_article:
                lines += self.extras_for_article(page, doc_id, open_article)
                open_article = None
            if p["kind"] in ("table", "list"):
                groups = [q for q in provisions if q["kind"] == "group" and q["parent"] == p["eid"]]
                if not groups:
                    lines += self.table_html(provisions, p)
                continue
            if p["kind"] == "group":
                lines += self.provision_html(page, doc_id, p)
                lines += self.table_html(provisions, p)
                continue
            lines += self.provision_html(page, doc_id, p)
            if p["kind"] == "article":
                open_article = p["eid"]
        if open_article:
            lines += self.extras_for_article(page, doc_id, open_article)
        if not provisions:
            lines.append('<p class="gz-empty">（本文件无正文条文）</p>')
        return lines

    # --- amendment notes --------------------------------------------------------------

    def _amendment_notes(self) -> dict[tuple[str, str], list[tuple[str, str, str | None]]]:
        """(work, eid) -> the amendments of that provision, as (in force, words, old text URL):
        the note printed under it in the current text, like a database's （2021年修正） or
        legislation.gov.uk's F-notes."""
        from queries.history import OPERATION_NAMES, version_url

        notes: dict[tuple[str, str], list[tuple[str, str, str | None]]] = defaultdict(list)
        for work in sorted({a["work"] for a in self.store.amendments() if a["work"]}):
            periods = self.store.periods(work)
            for amendment in self.store.amendments(work):
                if not amendment["applied"] or not amendment["provisions"]:
                    continue
                decision = self.by_id.get(amendment["decision"])
                item_eid = self._op_items(amendment["decision"]).get(amendment["id"])
                item = next((p for p in self.provisions.get(amendment["decision"], []) if p["eid"] == item_eid), None)
                before = next((p for p in periods if p["valid_to"] == amendment["in_force"] and p["valid_from"]), None)
                number = f"第{item['label'].rstrip('、.．')}项" if item and item["label"] else ""
                words = (f"根据{_cn_date(amendment['in_force'])}起施行的"
                         f"《{decision['title'] if decision else amendment['decision']}》"
                         f"{number}{OPERATION_NAMES.get(amendment['op'], amendment['op'])}")
                old_url = version_url(work, before["valid_from"], amendment["provisions"][0]) if before else None
                link = (amendment["decision"], item["eid"] if item else None)
                notes[(work, amendment["provisions"][0])].append((words, old_url, link))
        return notes

    def amendment_note(self, page: str, doc_id: str, eid: str) -> str:
        out = []
        for words, old_url, (decision, item) in self.notes.get((doc_id, eid), []):
            target = doc_url(decision) + (f"#{item}" if item else "")
            text = f'<a href="{esc(rel(page, target))}">{esc(words)}</a>' if decision in self.by_id else esc(words)
            if old_url:
                text += f'；<a class="gz-old-text" href="{esc(rel(page, old_url.lstrip("/")))}">修改前的文本</a>'
            out.append(f'<p class="gz-amended">（{text}）</p>')
        return "".join(out)

    # --- status ---------------------------------------------------------------------

    def status_badge(self, doc_id: str) -> str:
        """The document's status on the day the site was built; assets/gazette.js recomputes it
        for the reader's today from the dates it carries (a static site outlives its build)."""
        from parser.lifecycle import status_on
        from parser.records import Lifecycle

        life = self.life.get(doc_id)
        if not life:
            return f'<span class="gz-status gz-status-unknown">{STATUS_NAMES["unknown"]}</span>'
        status = status_on(Lifecycle(**life), BUILT_ON)
        dates = "".join(f' data-{key}="{esc(life[key])}"' for key in ("effective", "expires", "repealed")
                        if life[key])
        return f'<span class="gz-status gz-status-{status}"{dates}>{STATUS_NAMES[status]}</span>'

    # --- pages ------------------------------------------------------------------------

    def document_page(self, doc: dict[str, Any]) -> str:
        page = doc_url(doc["id"])
        life = self.store.lifecycle(doc["id"]) or {}
        periods = self.store.periods(doc["id"])
        current_from = next((p["valid_from"] for p in periods if p["valid_to"] is None), None)
        rows = [("类型", TYPE_NAMES.get(doc["type"], doc["type"])), ("发文机关", doc["issuer"]),
                ("文号", doc["number"] or ""), ("成文日期", doc["signed"] or ""),
                ("现行文本施行日期" if current_from else "施行日期", current_from or life.get("effective") or ""),
                ("首次施行日期" if current_from else "", life.get("effective") or ""),
                ("有效期至", life.get("expires") or ""), ("废止日期", life.get("repealed") or ""),
                ]
        meta = ['<div class="gz-meta"><table>', f"<tr><th>效力</th><td>{self.status_badge(doc['id'])}</td></tr>"]
        meta += [f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows if k and v]
        links = []
        if doc["parent"]:
            links.append(("上级文件", doc["parent"]))
        for relation in doc["relations"]:
            if relation["resolved"] and relation["target"] in self.by_id and relation["kind"] != "attachment_of":
                links.append((_RELATION_NAMES.get(relation["kind"], relation["kind"]), relation["target"]))
        for name, target in links:
            meta.append(f'<tr><th>{esc(name)}</th><td><a href="{esc(rel(page, doc_url(target)))}">'
                        f'{esc(self.by_id[target]["title"])}</a></td></tr>')
        if doc["history_text"]:
            meta.append(f"<tr><th>沿革</th><td>{esc(doc['history_text'])}</td></tr>")
        meta.append("</table></div>")
        ids = (f'<details class="gz-ids"><summary>引用与标识</summary><table>'
               f"<tr><th>标识符</th><td><code>{esc(doc['id'])}</code></td></tr>"
               f"<tr><th>接口</th><td><code>/api/documents/{esc(doc['id'])}</code></td></tr>"
               f"<tr><th>来源</th><td>{esc(doc['source'])}，第{doc['first_line']}–{doc['last_line']}行</td></tr>"
               "</table></details>")
        lines = [f"# {md(doc['title'])}", "", "\n".join(meta), "", ids, ""]
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
            until = _day_before(period["valid_to"]) if period["valid_to"] else "今"
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
                  f'{esc(period["valid_from"] or "?")}至{esc(_day_before(period["valid_to"]))}施行的文本，'
                  f'已被修改。<a href="{esc(rel(page, doc_url(doc["id"])))}">查看现行文本</a></div>'
                  if historical else
                  f'<div class="gz-banner gz-current" role="note"><strong>现行文本</strong>：'
                  f'自{esc(period["valid_from"] or "?")}起施行。</div>')
        lines = [f"# {md(doc['title'])}（{md(when)} 起）", "", banner, "",
                 f'<p class="gz-version">施行期间：{esc(period["valid_from"] or "?")} 至 '
                 f'{esc(_day_before(period["valid_to"]) if historical else "今")}；文本依据：{esc(made_by)}。</p>', ""]
        current = {p["eid"]: p for p in self.provisions[doc["id"]]}
        for row in rows:
            eid = row["eid"]
            if row["kind"] == "work":
                lines += [f'<p class="gz-not-in-source">〔{esc(NOT_IN_SOURCE)}〕</p>', ""]
                continue
            if row["kind"] in ("chapter", "section", "book"):
                lines += [f"## {md(row['label'])} {md(row['heading'])} {{ #{eid} }}", ""]
                continue
            if row["kind"] == "article":
                citation = f"《{doc['title']}》（{when}起施行的文本）{row['label']}"
                lines += [f"### {md(row['label'])} {{ #{eid} }}", "",
                          f'<div class="gz-tools"><a class="gz-permalink" href="#{eid}" title="永久链接">¶</a> '
                          f'<button class="gz-copy" type="button" data-citation="{esc(citation)}">复制引用</button>'
                          "</div>", ""]
                if row["status"] != "not_in_source":
                    continue
            if row["status"] == "not_in_source":
                label = esc(row["label"]) if row["kind"] != "article" else ""
                lines += [f'<p class="gz-not-in-source" id="{eid}">{label}〔{esc(NOT_IN_SOURCE)}〕</p>', ""]
                continue
            label = "" if row["kind"] == "paragraph" else esc(row["label"])
            provision = current.get(eid, {"eid": eid, "text": row["text"] or ""})
            body = (self.linked_text(page, doc["id"], provision, row["text"] or "") if row["status"] == "current"
                    or row["text"] == provision.get("text") else esc(row["text"] or ""))
            lines += [f'<p class="gz-p gz-{row["kind"]}" id="{eid}">'
                      f'{f"<span class=gz-label>{label}</span>" if label else ""}{body}</p>', ""]
        return page, "\n".join(lines)

    def diff_page(self, doc: dict[str, Any], pair: tuple[str, str] | None = None) -> tuple[str, str]:
        """新旧对照: every changed provision, old beside new (stacked on a phone), words
        marked, what the decision did in words, and its item linked. Without ``pair``, the
        newest text against the one before; with it, the texts in force from those two days."""
        from queries.history import OPERATION_NAMES, diff

        page = f"{doc_url(doc['id'])}diff/" + (f"{pair[0]}..{pair[1]}/" if pair else "")
        result = diff(self.store, doc["id"], *(pair or (None, None)))
        old_day, new_day = result["from"]["date"], result["to"]["date"]
        lines = [f"# {md(doc['title'])}：新旧对照", "",
                 f'<p class="gz-version">修改前：{esc(_cn_date(old_day))}施行的文本；修改后：{esc(_cn_date(new_day))}'
                 f'起施行的文本。<a href="{esc(rel(page, doc_url(doc["id"])))}">现行文本</a></p>', "",
                 '<table class="gz-diff"><thead><tr><th>条文</th><th>修改前</th><th>修改后</th><th>修改方式</th></tr>'
                 "</thead><tbody>"]
        names = {"added": "新增", "removed": "删去", "renumbered": "条文移动", "changed": "修改",
                 "old_not_in_source": "修改（修改前文本未收录）"}
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
                how = [esc(names.get(change["status"], change["status"]))]
            lines.append(f'<tr id="{esc(change["eid"])}"><td data-label="条文">{where}</td>'
                         f'<td data-label="修改前">{old}</td><td data-label="修改后">{new}</td>'
                         f'<td data-label="修改方式">{"<br>".join(how)}</td></tr>')
        lines += ["</tbody></table>", "", f"未变动的条文：{result['unchanged']} 处。", ""]
        pairs = self.version_pairs(doc["id"])
        if len(pairs) > 1:
            lines += ["## 比较其他版本", ""]
            for a, b in pairs:
                target = f"{doc_url(doc['id'])}diff/" + ("" if (a, b) == pairs[-1] else f"{a}..{b}/")
                lines.append(f"- [{md(_cn_date(a))}施行的文本 与 {md(_cn_date(b))}施行的文本]({md_rel(page, target)})")
            lines.append("")
        return page, "\n".join(lines)

    def version_pairs(self, doc_id: str) -> list[tuple[str, str]]:
        """Every two texts of a work whose wording is known, oldest pair first; the last pair is
        the default comparison (the newest text and the one before)."""
        days = sorted(p["valid_from"] for p in self.store.periods(doc_id) if p["valid_from"])
        pairs = [(a, b) for i, a in enumerate(days) for b in days[i + 1:]]
        newest = (days[-2], days[-1]) if len(days) > 1 else None
        return [p for p in pairs if p != newest] + ([newest] if newest else [])

    def _op_items(self, decision: str) -> dict[str, str]:
        """Amendment operation id -> the eId of the decision's item that states it."""
        if decision not in self._items:
            lines = {a["id"]: a["line"] for a in self.store.amendments(decision) if a["decision"] == decision}
            provisions = self.provisions.get(decision, [])
            self._items[decision] = {op: next((p["eid"] for p in provisions if line in p["lines"]), "")
                                     for op, line in lines.items()}
        return self._items[decision]

    def home_page(self) -> str:
        sources = self.store.sources()
        counts = {
            "文件": len(self.documents),
            "条文": sum(len(p) for p in self.provisions.values()),
            "修改操作": len(self.store.amendments()),
            "引用": len(self.refs),
        }
        examples = ["谁负责二次供水设施的监督检查", "物业服务企业 公示", "who inspects secondary water",
                    "储备粮轮换"]
        lines = ["# 政府公报知识库", "",
                 "<p class=\"gz-intro\">本站收录政府公报刊登的规章、规范性文件和政策解读，逐条可查："
                 "每一条都有固定网址和引用格式；修改过的规章可查看任一日期的文本和新旧对照；"
                 "可以按关键词或问题（中文或英文）检索，并查看各机关的职责。</p>", "",
                 '<form class="gz-home-search" action="search/" method="get" role="search">'
                 '<input name="query" type="search" placeholder="输入问题或关键词，例如：谁负责二次供水设施的监督检查" '
                 'aria-label="检索"> <button type="submit">检索</button></form>', "",
                 "<p class=\"gz-examples\">例如："
                 + "、".join(f'<a href="search/?query={esc(urllib.parse.quote(q))}">{esc(q)}</a>'
                            for q in examples) + "</p>", "",
                 "<div class=\"gz-counts\">"
                 + "".join(f"<span><b>{n}</b> {esc(k)}</span>" for k, n in counts.items()) + "</div>", ""]
        for source in sources:
            lines += [f"## 《{md(source['gazette'])}》{source['year']}年第{source['issue']}号", ""]
            for doc in self.documents:
                if doc["source"] != source["path"]:
                    continue
                depth = 0
                parent = doc["parent"]
                while parent:
                    depth += 1
                    parent = self.by_id[parent]["parent"] if parent in self.by_id else None
                number = f"（{doc['number']}）" if doc["number"] else ""
                lines.append(f"{'    ' * depth}- [{md(doc['title'])}]({md_rel('', doc_url(doc['id']))}){md(number)}")
            lines.append("")
        lines += ["## 浏览", "", "- [按类型](browse/type.md)", "- [按发文机关](browse/issuer.md)",
                  "- [按日期](browse/date.md)", "- [未收录的被引文件](browse/external.md)",
                  "- [机关与职责](agencies/index.md)", "- [罚款一览](fines.md)", ""]
        return "\n".join(lines)

    def search_page(self) -> str:
        """The results page (``/search/?query=…``; ``q`` would open the theme's own search box): filters, sort, paging, the answer card. Its
        script (assets/gazette.js) asks the API when served, else searches the site's own
        index; every text is put into the page as text, never as HTML."""
        types = "".join(f'<option value="{esc(k)}">{esc(v)}</option>' for k, v in TYPE_NAMES.items()
                        if any(d["type"] == k for d in self.documents))
        issuers = sorted({d["issuer"] for d in self.documents if d["issuer"]})
        statuses = "".join(f'<option value="{k}">{v}</option>' for k, v in STATUS_NAMES.items() if k != "unknown")
        return "\n".join([
            "# 检索", "",
            '<form class="gz-search-form" role="search">'
            '<input name="query" type="search" aria-label="问题或关键词" placeholder="问题或关键词（中文或英文）">'
            '<button type="submit">检索</button>'
            '<div class="gz-filters">'
            f'<label>效力 <select name="status"><option value="">全部</option>{statuses}</select></label>'
            f'<label>类型 <select name="type"><option value="">全部</option>{types}</select></label>'
            '<label>发文机关 <select name="issuer"><option value="">全部</option>'
            + "".join(f'<option value="{esc(i)}">{esc(i)}</option>' for i in issuers) + "</select></label>"
            '<label>日期 <input name="from" type="date" aria-label="起"> 至 <input name="to" type="date" aria-label="止">'
            "</label>"
            '<label>排序 <select name="sort"><option value="relevance">相关度</option>'
            '<option value="date">日期（新的在前）</option></select></label>'
            "</div></form>", "",
            '<div class="gz-search-status" aria-live="polite"></div>',
            '<div class="gz-answer" hidden></div>',
            '<ol class="gz-results"></ol>',
            '<button class="gz-more" type="button" hidden>更多结果</button>', ""])

    def documents_json(self) -> str:
        """What the search page needs of every document, to filter and label hits."""
        rows = {d["id"]: {"title": d["title"], "type": d["type"], "issuer": d["issuer"],
                          "date": d["signed"] or (self.by_id[d["parent"]]["signed"] if d["parent"] in self.by_id
                                                  else None),
                          **{k: (self.life.get(d["id"]) or {}).get(k) for k in ("effective", "expires", "repealed")}}
                for d in self.documents}
        return json.dumps({"documents": rows, "status_names": STATUS_NAMES, "type_names": TYPE_NAMES},
                          ensure_ascii=False, sort_keys=True)

    def browse_pages(self) -> dict[str, str]:
        pages = {}
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_issuer: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc in self.documents:
            by_type[doc["type"]].append(doc)
            by_issuer[doc["issuer"] or "（未署名）"].append(doc)
            date = doc["signed"] or (self.by_id[doc["parent"]]["signed"] if doc["parent"] in self.by_id else None)
            by_month[(date or "未注日期")[:7]].append(doc)

        def listing(title: str, groups: dict[str, list[dict[str, Any]]], names: dict[str, str]) -> str:
            out = [f"# {title}", ""]
            for key in sorted(groups):
                out += [f"## {md(names.get(key, key))}（{len(groups[key])}）", ""]
                out += [f"- [{md(d['title'])}]({md_rel('browse/x/', doc_url(d['id']))})"
                        f"{md(' ' + d['number'] if d['number'] else '')} {self.status_badge(d['id'])}"
                        for d in groups[key]]
                out.append("")
            return "\n".join(out)

        pages["browse/type.md"] = listing("按类型浏览", by_type, TYPE_NAMES)
        pages["browse/issuer.md"] = listing("按发文机关浏览", by_issuer, {})
        pages["browse/date.md"] = listing("按日期浏览", dict(sorted(by_month.items(), reverse=True)), {})
        external = self.store.external_works()
        out = ["# 未收录的被引文件", "", "被本库文件引用、但不在本库中的法律法规和文件，按被引次数排列。", "",
               "| 被引文件 | 次数 | 引用文件数 | 首次引用 |", "|---|---|---|---|"]
        for row in external:
            first_doc, first_eid = row["first_citing"].split("/", 1)
            out.append(f"| {md(row['normalized'])} | {row['citations']} | {row['documents']} | "
                       f"[{md(self.by_id[first_doc]['title'])}]({md_rel('browse/x/', doc_url(first_doc) + '#' + first_eid)}) |")
        pages["browse/external.md"] = "\n".join(out) + "\n"
        return pages

    def statement_html(self, page: str, statement: dict[str, Any], agency: str | None = None, note: str = "") -> str:
        """One sentence: where it is (a link), the text with the agency marked, deadlines and fines."""
        doc_id, eid = statement["document"], statement["eid"]
        label = self.citation_label(doc_id, eid).removeprefix(f"《{self.by_id[doc_id]['title']}》") or "全文"
        where = f'<a href="{esc(rel(page, doc_url(doc_id) + "#" + eid))}">{esc(label)}</a>'
        text, out, last = statement["text"], [], 0
        marks = sorted((e for e in statement["entities"] if e["label"] == "AGENCY" and agency
                        and e.get("canonical", e["text"]) == agency), key=lambda e: e["start"])
        for e in marks:
            if e["start"] >= last:
                out += [esc(text[last:e["start"]]), f"<mark>{esc(text[e['start']:e['end']])}</mark>"]
                last = e["end"]
        out.append(esc(text[last:]))
        tags = [f'<span class="gz-tag">期限 {esc(d["text"])}</span>' for d in statement["deadlines"]]
        tags += [f'<span class="gz-tag">罚款 {esc(amount(a["low"]))}–{esc(amount(a["high"]))} 元</span>'
                 if a["low"] != a["high"] else f'<span class="gz-tag">罚款 {esc(amount(a["low"]))} 元</span>'
                 for a in statement["amounts"] if a["label"] == "FINE"]
        inherited = '<span class="gz-tag" title="主体承自上文">承上</span>' if statement["inherited"] else ""
        return f'<li>{where}：{"".join(out)}{inherited}{"".join(tags)}{note}</li>'

    def enforced(self, agency: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Prohibitions an agency enforces: those in provisions its penalty provisions cite.

        (违反本办法第四十六条… 由 X 处罚款: X enforces the prohibitions of 第四十六条.) The
        citation may sit in the penalty's own provision or in the lead-in above it.
        """
        out: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        seen: set[tuple[str, str]] = set()
        for penalty in self.statements_of_agency.get(agency, []):
            if penalty["modality"] != "penalty":
                continue
            parts = penalty["eid"].split("__")
            ancestors = ("__".join(parts[:i]) for i in range(1, len(parts) + 1))
            refs = [r for eid in ancestors for r in self.refs_by_provision.get((penalty["document"], eid), [])]
            for ref in refs:
                if not ref["resolved"] or not ref["target_document"] or not ref["target_provision"]:
                    continue
                key = (ref["target_document"], ref["target_provision"])
                if key in seen:
                    continue
                seen.add(key)
                prohibitions = [s for s in self.statements.get(key[0], []) if s["modality"] == "prohibition"
                                and (s["eid"] == key[1] or s["eid"].startswith(key[1] + "__"))]
                if prohibitions:
                    out.append((penalty, prohibitions))
        return out

    def agency_page(self, entry: dict[str, Any]) -> str:
        agency = entry["agency"]
        page = self.agency_url[agency]
        statements = self.statements_of_agency.get(agency, [])
        names = [n for n in entry["names"] if n != agency]
        levels = [a for a in self.same_function.get(entry["function"] or "", []) if a != agency]
        counts = "　".join(f"{MODALITY_NAMES[m]} {entry['counts'][m]}" for m in MODALITY_NAMES if entry["counts"].get(m))
        lines = [f"# {md(agency)}", "", '<div class="gz-meta"><table>',
                 f"<tr><th>类别</th><td>{esc(KIND_NAMES.get(entry['kind'], entry['kind']))}</td></tr>",
                 *([f"<tr><th>文中写法</th><td>{esc('、'.join(names))}</td></tr>"] if names else []),
                 *([f"<tr><th>其他层级</th><td>{'、'.join(self.agency_link(page, a) for a in levels)}</td></tr>"]
                   if levels else []),
                 f"<tr><th>语句</th><td>{esc(counts)}</td></tr>", "</table></div>", ""]
        sections = (("duty", "职责与义务"), ("prohibition", "禁止性规定（对其适用）"), ("enforced", "执行的禁止性规定"),
                    ("permission", "授权（可以）"), ("penalty", "罚则（由其处罚）"), ("definition", "定义"),
                    ("other", "其他提及"))
        enforced = self.enforced(agency)
        for key, title in sections:
            if key == "enforced":
                if not enforced:
                    continue
                lines += [f"## {title}（{sum(len(p) for _, p in enforced)}） {{ #enforced }}", "",
                          "<p>其罚则所引条文中的禁止性规定。</p>", ""]
                for penalty, prohibitions in enforced:
                    doc_id = prohibitions[0]["document"]
                    via = self.citation_label(penalty["document"], penalty["eid"])
                    note = f'<span class="gz-tag">罚则见{esc(via)}</span>'
                    lines += [f'<p class="gz-source"><a href="{esc(rel(page, doc_url(doc_id)))}">'
                              f'{esc(self.by_id[doc_id]["title"])}</a> {self.status_badge(doc_id)}</p>', "<ul>",
                              *(self.statement_html(page, p, note=note) for p in prohibitions), "</ul>", ""]
                continue
            rows = [s for s in statements if s["modality"] == key]
            if not rows:
                continue
            lines += [f"## {title}（{len(rows)}） {{ #{key} }}", ""]
            for doc_id in dict.fromkeys(r["document"] for r in rows):
                lines += [f'<p class="gz-source"><a href="{esc(rel(page, doc_url(doc_id)))}">'
                          f'{esc(self.by_id[doc_id]["title"])}</a> {self.status_badge(doc_id)}</p>', "<ul>"]
                lines += [self.statement_html(page, r, agency) for r in rows if r["document"] == doc_id]
                lines += ["</ul>", ""]
        return "\n".join(lines)

    def agencies_page(self) -> str:
        lines = ["# 机关与职责", "",
                 "各机关、组织和当事人在本库文件中的职责、禁止性规定、授权和罚则，按语句数排列。"
                 "名称已归并（市卫健委、市卫生健康委 → 市卫生健康委员会）。", ""]
        columns = list(MODALITY_NAMES)
        for kind, kind_name in KIND_NAMES.items():
            entries = [e for e in self.agencies if e["kind"] == kind]
            if not entries:
                continue
            lines += [f"## {kind_name}（{len(entries)}）", "",
                      "| 名称 | " + " | ".join(MODALITY_NAMES[m] for m in columns) + " | 合计 |",
                      "|---|" + "---:|" * (len(columns) + 1)]
            for e in entries:
                cells = " | ".join(str(e["counts"].get(m, "")) for m in columns)
                lines.append(f"| [{md(e['agency'])}]({e['slug']}.md) | {cells} | "
                             f"{e['statements']} |")
            lines.append("")
        return "\n".join(lines)

    def fines_page(self) -> str:
        page = "fines/"
        fines = self.store.fines()
        lines = ["# 罚款一览", ""]
        if not fines:
            return "\n".join(lines + ["本库文件中没有罚款规定。", ""])
        low, high = min(f["low"] for f in fines), max(f["high"] for f in fines)
        lines += [f"本库文件中的全部罚款规定，共 {len(fines)} 处，金额 {amount(low)}–{amount(high)} 元，按最高额从高到低排列。"
                  "下限与上限相同者为定额罚款；条文中的罚款处以底色标出。", "",
                  '<table class="gz-fines"><thead><tr><th>下限（元）</th><th>上限（元）</th><th>条文</th>'
                  "<th>处罚机关</th><th>出处</th></tr></thead><tbody>"]
        for fine in fines:
            statement = fine["statement"]
            doc_id, eid = statement["document"], statement["eid"]
            provision = next(p for p in self.provisions[doc_id] if p["eid"] == eid)
            start = statement["start"] + next(a["start"] for a in statement["amounts"] if a["text"] == fine["text"])
            end = start + len(fine["text"])
            text = provision["text"]
            marked = f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"
            agencies = "、".join(self.agency_link(page, a) for a in statement["actors"]) or "（未明示）"
            where = (f'<a href="{esc(rel(page, doc_url(doc_id) + "#" + eid))}">'
                     f'{esc(self.citation_label(doc_id, eid))}</a>')
            lines.append(f'<tr data-low="{fine["low"]}" data-high="{fine["high"]}"><td>{amount(fine["low"])}</td>'
                         f'<td>{amount(fine["high"])}</td><td>{marked}</td><td>{agencies}</td><td>{where}</td></tr>')
        lines += ["</tbody></table>", ""]
        return "\n".join(lines)

    def pages(self) -> dict[str, str]:
        """Source path (relative to docs_dir) -> Markdown."""
        out = {"index.md": self.home_page(), "search.md": self.search_page(), **self.browse_pages(),
               "agencies/index.md": self.agencies_page(),
               "fines.md": self.fines_page()}
        for entry in self.agencies:
            out[src(self.agency_url[entry["agency"]])] = self.agency_page(entry)
        for doc in self.documents:
            out[f"documents/{doc['id']}.md"] = self.document_page(doc)
            periods = self.store.periods(doc["id"])
            if periods:
                for period in periods:
                    if period["valid_from"] is None:
                        continue
                    page, text = self.version_page(doc, period)
                    out[page.rstrip("/") + ".md"] = text
                _, text = self.diff_page(doc)
                out[f"documents/{doc['id']}/diff.md"] = text
                for pair in self.version_pairs(doc["id"])[:-1]:
                    page, text = self.diff_page(doc, pair)
                    out[src(page)] = text
        return out


_RELATION_NAMES = {
    "promulgates": "公布", "promulgated_by": "公布令", "republishes": "重新公布", "republished_by": "据以修改的决定",
    "issues": "印发", "issued_by": "印发通知", "has_attachment": "附件", "interprets": "解读对象",
    "interpreted_by": "政策解读", "amends": "修改对象",
}


def on_files(files: Any, config: Any) -> Any:
    build_dir = Path(os.environ.get("GAZETTE_BUILD", "build"))
    site = Site(build_dir)
    try:
        for path, content in site.pages().items():
            files.append(File.generated(config, path, content=content))
        files.append(File.generated(config, "assets/documents.json", content=site.documents_json()))
    finally:
        site.close()
    return files


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> str:
    """The page title, which the theme prints raw into ``<title>``, the header, the navigation
    and the search index: set here as HTML, escaped exactly once. (MkDocs takes it from the H1
    as HTML; left to itself the theme's ``striptags`` would turn its entities back into tags.)"""
    if page.title is not None and "title" not in page.meta:
        page.meta["title"] = esc(html.unescape(page.title))
    return html_text


#: The inline scripts of the built pages (the theme's), by hash: the server's
#: Content-Security-Policy allows these and no other inline script.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_script_hashes: set[str] = set()


def _collect_scripts(output: str) -> None:
    import base64
    import hashlib

    for match in _INLINE_SCRIPT.finditer(output):
        if "application/json" in match["attrs"]:
            continue  # data, never run
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        _script_hashes.add("sha256-" + base64.b64encode(digest).decode("ascii"))


def on_pre_build(config: Any) -> None:
    _script_hashes.clear()


def on_post_page(output: str, page: Any, config: Any) -> str:
    _collect_scripts(output)
    return output


def on_post_template(output: str, template_name: str, config: Any) -> str:
    _collect_scripts(output)
    return output


def on_post_build(config: Any) -> None:
    path = Path(config["site_dir"]) / "csp-hashes.json"
    path.write_text(json.dumps(sorted(_script_hashes), indent=1) + "\n", encoding="utf-8")
