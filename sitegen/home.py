"""The home page, the search page (and what its script needs of every document), the
browse pages and the external works cited."""

from __future__ import annotations

import json
import urllib.parse
from collections import defaultdict
from typing import Any

from parser.levels import Level

from .text import STATUS_NAMES, STATUS_NAMES_EN, TYPE_NAMES, TYPE_NAMES_EN, doc_url, esc, md, md_rel


#: The search page's words, in each language it is made in.
_SEARCH_WORDS = {
    "zh": {"title": "检索", "query": "问题或关键词", "placeholder": "问题或关键词（中文或英文）", "search": "检索",
           "status": "效力", "all": "全部", "type": "类型", "issuer": "发文机关", "date": "日期", "from": "起",
           "to": "至", "until": "止", "sort": "排序", "relevance": "相关度", "newest": "日期（新的在前）",
           "more": "更多结果"},
    "en": {"title": "Search", "query": "Question or words", "placeholder": "A question or words, in English or Chinese",
           "search": "Search", "status": "Status", "all": "All", "type": "Type", "issuer": "Issuer", "date": "Date",
           "from": "from", "to": "to", "until": "until", "sort": "Sort", "relevance": "Relevance",
           "newest": "Date, newest first", "more": "More results"},
}


class HomePages:
    def home_page(self) -> str:
        sources, w = self.store.sources(), self.words
        counts = {
            w["c_documents"]: len(self.documents),
            w["c_provisions"]: sum(len(p) for p in self.provisions.values()),
            w["c_operations"]: len(self.amendments),
            w["c_citations"]: len(self.refs),
        }
        examples = ["谁负责二次供水设施的监督检查", "物业服务企业 公示", "who inspects secondary water",
                    "储备粮轮换"]
        if w.lang == "en":  # an English reader's questions first; each asked on the English search page
            examples = examples[2:3] + ["who approves the use of the property maintenance fund"] + examples[:1]

        def asked(question: str) -> str:
            english_page = question.isascii() and w.lang == "zh"
            return f'{"en/" if english_page else ""}search/?query={esc(urllib.parse.quote(question))}'

        lines = [f"# {w['site_title']}", "", self.language_link(""), "",
                 f"<p class=\"gz-intro\">{w['intro']}</p>", "",
                 '<form class="gz-home-search" action="search/" method="get" role="search">'
                 f'<input name="query" type="search" placeholder="{w["home_placeholder"]}" '
                 f'aria-label="{w["search"]}"> <button type="submit">{w["search"]}</button></form>', "",
                 f"<p class=\"gz-examples\">{w['examples']}"
                 + w["list"].join(f'<a href="{asked(q)}">{esc(q)}</a>' for q in examples) + "</p>", "",
                 "<div class=\"gz-counts\">"
                 + "".join(f"<span><b>{n}</b> {esc(k)}</span>" for k, n in counts.items()) + "</div>", ""]
        for source in sources:
            issue = w.fill("issue", gazette=source["gazette"], year=source["year"], issue=source["issue"])
            lines += [f"## {md(issue)}", ""]
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
        lines += [f"## {w['browse']}", "", f"- [{w['by_type']}](browse/type.md)",
                  f"- [{w['by_level']}](browse/level.md)", f"- [{w['by_issuer']}](browse/issuer.md)",
                  f"- [{w['by_date']}](browse/date.md)", f"- [{w['external']}](browse/external.md)",
                  f"- [{w['agencies_title']}](agencies/index.md)", f"- [{w['fines_title']}](fines.md)", ""]
        return "\n".join(lines)

    def search_page(self) -> str:
        """The results page (``/search/?query=…``, and ``/en/search/`` in English; ``q`` would
        open the theme's own search box): filters, sort, paging, the answer card. Its script
        (assets/gazette.js) asks the API when served, else searches the site's own index; every
        text is put into the page as text, never as HTML. The English page has every label,
        status and heading in English (the texts stay Chinese, each hit of an English question
        with the English of the terms it matched)."""
        lang = self.words.lang
        words = _SEARCH_WORDS[lang]
        type_names, status_names = self.words.types, self.words.statuses
        types = "".join(f'<option value="{esc(k)}">{esc(v)}</option>' for k, v in type_names.items()
                        if any(d["type"] == k for d in self.documents))
        issuers = sorted({d["issuer"] for d in self.documents if d["issuer"]})
        statuses = "".join(f'<option value="{k}">{esc(v)}</option>' for k, v in status_names.items()
                           if k not in ("unknown", "amended"))
        other = ('<p class="gz-lang"><a href="../../search/" hreflang="zh" lang="zh">中文检索</a></p>' if lang == "en"
                 else '<p class="gz-lang"><a href="../en/search/" hreflang="en" lang="en">Search in English</a></p>')
        return "\n".join([
            f"# {words['title']}", "", other, "",
            f'<form class="gz-search-form" role="search" data-lang="{lang}" lang="{lang}">'
            f'<input name="query" type="search" aria-label="{words["query"]}" placeholder="{words["placeholder"]}">'
            f'<button type="submit">{words["search"]}</button>'
            '<div class="gz-filters">'
            f'<label>{words["status"]} <select name="status"><option value="">{words["all"]}</option>{statuses}'
            "</select></label>"
            f'<label>{words["type"]} <select name="type"><option value="">{words["all"]}</option>{types}</select></label>'
            f'<label>{words["issuer"]} <select name="issuer"><option value="">{words["all"]}</option>'
            + "".join(f'<option value="{esc(i)}">{esc(self.agency_name(i))}</option>' for i in issuers)
            + "</select></label>"
            f'<label>{words["date"]} <input name="from" type="date" aria-label="{words["from"]}"> {words["to"]} '
            f'<input name="to" type="date" aria-label="{words["until"]}"></label>'
            f'<label>{words["sort"]} <select name="sort"><option value="relevance">{words["relevance"]}</option>'
            f'<option value="date">{words["newest"]}</option></select></label>'
            "</div></form>", "",
            f'<div class="gz-search-status" aria-live="polite" lang="{lang}"></div>',
            f'<div class="gz-answer" hidden lang="{lang}"></div>',
            '<ol class="gz-results"></ol>',
            f'<button class="gz-more" type="button" hidden>{words["more"]}</button>', ""])

    def documents_json(self) -> str:
        """What the search page needs of every document, to filter and label hits."""
        rows = {d["id"]: {"title": d["title"], "type": d["type"], "issuer": d["issuer"],
                          "issuer_name": self.agency_name(d["issuer"]),
                          "date": self.dated(d),
                          **{k: (self.life.get(d["id"]) or {}).get(k) for k in ("effective", "expires", "repealed")}}
                for d in self.documents}
        english = {a["agency"]: self.english_name(a["agency"]) for a in self.agencies}  # the answer card's names
        return json.dumps({"documents": rows, "status_names": STATUS_NAMES, "type_names": TYPE_NAMES,
                           "agency_names": {name: text for name, text in english.items() if text},
                           "status_names_en": STATUS_NAMES_EN, "type_names_en": TYPE_NAMES_EN},
                          ensure_ascii=False, sort_keys=True)

    def browse_pages(self) -> dict[str, str]:
        pages, w = {}, self.words
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_issuer: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_month: dict[str, list[dict[str, Any]]] = defaultdict(list)
        by_level: dict[str, list[dict[str, Any]]] = {level.value: [] for level in Level}  # the hierarchy's order
        for doc in self.documents:
            by_level[doc["level"]].append(doc)
            by_type[doc["type"]].append(doc)
            by_issuer[doc["issuer"] or w["unsigned"]].append(doc)
            by_month[(self.dated(doc) or w["undated"])[:7]].append(doc)

        def listing(page: str, title: str, groups: dict[str, list[dict[str, Any]]], name: Any,
                    ordered: bool = False) -> str:
            out = [f"# {title}", "", self.language_link(page), ""]
            for key in (groups if ordered else sorted(groups)):
                if not groups[key]:
                    continue
                out += [f"## {md(w.fill('counted', name=name(key), count=len(groups[key])))}", ""]
                out += [f"- [{md(d['title'])}]({md_rel('browse/x/', doc_url(d['id']))})"
                        f"{md(' ' + d['number'] if d['number'] else '')} {self.status_badge(d['id'])}"
                        for d in groups[key]]
                out.append("")
            return "\n".join(out)

        pages["browse/type.md"] = listing("browse/type/", w["browse_type"], by_type, lambda k: w.types.get(k, k))
        pages["browse/level.md"] = listing("browse/level/", w["browse_level"], by_level, w.level, ordered=True)
        pages["browse/issuer.md"] = listing("browse/issuer/", w["browse_issuer"], by_issuer, self.agency_name)
        newest_first = dict(sorted(by_month.items(), reverse=True))
        pages["browse/date.md"] = listing("browse/date/", w["browse_date"], newest_first, lambda k: k)
        external = self.store.external_works()
        out = [f"# {w['external']}", "", self.language_link("browse/external/"), "", w["external_intro"], "",
               w["external_head"], "|---|---|---|---|---|---|---|"]
        for row in external:
            first_doc, first_eid = row["first_citing"].split("/", 1)
            work = self.national.find(row["normalized"]) if row["kind"] == "work" else None
            name = md(row["normalized"])
            link = work.url(self.national_url) if work is not None else None
            if link:
                name = f"[{name}]({link})"
            facts = ((md(w.level(work.level) if work.level else "—"), w.statuses.get(work.status, work.status)
                      + (w.fill("note", text=work.repealed) if work.repealed else ""), str(work.articles or "—"))
                     if work is not None else ("—", "—", "—"))
            out.append(f"| {name} | {' | '.join(facts)} | {row['citations']} | {row['documents']} | "
                       f"[{md(self.by_id[first_doc]['title'])}]({md_rel('browse/x/', doc_url(first_doc) + '#' + first_eid)}) |")
        pages["browse/external.md"] = "\n".join(out) + "\n"
        return pages
