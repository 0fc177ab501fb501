"""The records of one build, read once, and the building blocks every page uses: citation
labels, provision text with its citations linked, modality badges, status badges, amendment
notes, tables."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from parser.ids import article_eid
from parser.records import HEADINGS
from parser.references import pinpoint

from .text import BUILT_ON, cn_date, doc_url, esc, md, next_day, rel
from .words import Words, words_for


def _noted(piece: str, cls: str, note: str, url: str | None, words: Words) -> str:
    """A citation with a note that shows on hover, focus or tap: the citation is focusable
    (a link, or a span with tabindex), the note its visible sibling while it is focused."""
    inner = (f'<a class="{cls}" href="{esc(url)}">{piece}</a>' if url else
             f'<span class="{cls}" tabindex="0" role="button" aria-label="{esc(note)}">{piece}</span>')
    return (f'<span class="gz-cite">{inner}<span class="gz-cite-note" role="note" data-search-exclude>'
            f'{esc(words.fill("cite_note", note=note))}</span></span>')


_REASONS = (
    (re.compile(r"^《(?P<a>[^》]+)》 is not in the knowledge base$"), "《{a}》未收录于本库"),
    (re.compile(r"^(?P<a>\S+) is not in the knowledge base$"), "{a}未收录于本库"),
    (re.compile(r"^《(?P<a>[^》]+)》 has no (?P<b>第\S+条) \(it has (?P<n>\d+) articles\)$"), "《{a}》无{b}（共{n}条）"),
    (re.compile(r"^(?P<a>.+) is not in 《(?P<b>[^》]+)》$"), "《{b}》无{a}"),
    (re.compile(r"^defined term (?P<a>.+)$"), "{a}为定义用语"),
    (re.compile(r"^(?P<a>.+) refers to the citing document, which is not in the knowledge base$"),
     "{a}指引用它的文件，该文件未收录于本库"),
)


def reason_in_chinese(reason: str) -> str:
    """Why a citation has no link, in Chinese for a Chinese page (the store and the API keep
    the English words)."""
    for pattern, words in _REASONS:
        match = pattern.match(reason)
        if match:
            return words.format(**match.groupdict())
    return "本库中无法确定所指" if reason else ""


class Model:
    """Everything read from the store once; the pages are made by the mixins of :class:`sitegen.Site`."""

    def __init__(self, build_dir: Path, national_url: str = "", lang: str = "zh") -> None:
        from parser.national import NationalCatalogue
        from store import STORE_NAME, Store

        self.build_dir = build_dir
        self.words = words_for(lang)  # the language of every label, status and sentence of the pages
        self.national = NationalCatalogue.load()
        self.national_url = national_url  # URL template of national works ({title}, {article}); empty: no links
        self.store = Store(build_dir / STORE_NAME)
        self.documents = self.store.documents()
        self.by_id = {d["id"]: d for d in self.documents}
        self.sources = {s["path"]: s for s in self.store.sources()}
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
        self.amendments = self.store.amendments()  # every operation of the corpus, read once
        self._items: dict[str, dict[str, str]] = {}
        self._eids: dict[str, dict[str, dict[str, Any]]] = {}
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
        """The short citation: 《X》第N条第M款第（K）项, or outside articles by its path 《X》四、（五）."""
        doc = self.by_id[doc_id]
        if not eid:
            return f"《{doc['title']}》"
        labels = []
        by_eid = self._by_eid(doc_id)
        node = by_eid.get(eid)
        while node is not None:
            if node["label"]:
                labels.append(node["label"])
            node = by_eid.get(node["parent"]) if node["parent"] else None
        return f"《{doc['title']}》" + pinpoint(reversed(labels))

    def citation_facts(self, doc_id: str, edition: str | None = None) -> str:
        """What a full citation adds to the short one, without its URL (the page adds its own
        address): issuer, 文号 and date (a text issued by a notice or an order takes them from
        it), as a legal database gives them: ，廊坊市人民政府办公室〔2021〕8号，2021年11月15日.
        An earlier text (``edition``: the day it took effect) is cited by the act that made it
        (，廊坊市人民政府令〔2020〕第1号，2020年6月1日起施行的文本), not by the current text's 文号."""
        if edition:
            made = next((p["made_by"] for p in self.store.periods(doc_id) if p["valid_from"] == edition), None)
            act = self._issued_as(made) if made in self.by_id else (made or "")
            return "，" + "，".join(f for f in (act, f"{cn_date(edition)}起施行的文本") if f)
        facts = [self._issued_as(doc_id), cn_date(self.dated(self.by_id[doc_id]))]
        return "，" + "，".join(f for f in facts if f)

    def _issued_as(self, doc_id: str) -> str:
        """Issuer and 文号 of a document (a text issued by a notice or an order: theirs)."""
        doc = issuing = self.by_id[doc_id]
        while not issuing["number"] and issuing["parent"] in self.by_id:
            issuing = self.by_id[issuing["parent"]]
        issuer = doc["issuer"] or issuing["issuer"]
        order = "令" if issuing["is_order"] and not issuer.endswith("令") else ""  # 廊坊市人民政府令〔2021〕第1号
        return f"{issuer}{order}{issuing['number'] or ''}"

    def citation_tools(self, doc_id: str, eid: str, edition: str | None = None, inline: bool = False,
                       label: str = "") -> str:
        """Permalink, the two copy buttons (short and full citation: assets/gazette.js adds the
        page's address to the full one) and the provision's status mark; inline (a provision
        below an article), the tools show on hover and focus where there is a pointer, always
        on a touch screen, and the mark always. ``label``: the
        provision's own label, for one an earlier text has and the current one lacks."""
        short = self.citation_label(doc_id, eid)
        if eid not in self._by_eid(doc_id):
            short += label
        full = short + self.citation_facts(doc_id, edition)
        if edition:
            short = short.replace("》", f"》（{edition}起施行的文本）", 1)
        tag, cls = ("span", "gz-tools gz-tools-inline") if inline else ("div", "gz-tools")
        w = self.words
        return (f'<{tag} class="{cls}" data-search-exclude>'
                f'<a class="gz-permalink" href="#{eid}" title="{w["permalink_title"]}" '
                f'aria-label="{esc(w.fill("permalink", citation=short))}">¶{"" if inline else w["link"]}</a>'
                f'<button class="gz-copy" type="button" data-citation="{esc(short)}" '
                f'aria-label="{esc(w.fill("copy_label", citation=short))}">{w["copy"]}</button>'
                f'<button class="gz-copy gz-copy-full" type="button" data-citation="{esc(full)}" data-anchor="{eid}" '
                f'aria-label="{esc(w.fill("copy_full_label", citation=short))}">{w["copy_full"]}</button>'
                + (f"</{tag}>{self.provision_mark(doc_id)}" if inline else f"{self.provision_mark(doc_id)}</{tag}>"))

    def _by_eid(self, doc_id: str) -> dict[str, dict[str, Any]]:
        if doc_id not in self._eids:
            self._eids[doc_id] = {p["eid"]: p for p in self.provisions[doc_id]}
        return self._eids[doc_id]

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
                out.append(f'<a class="gz-ref" href="{esc(rel(page, target))}">{piece}</a>'
                           f'{self.related_badge(ref["target_document"]) if ref["target_document"] != doc_id else ""}')
            else:
                out.append(self.external_reference(doc_id, ref, piece))
            last = ref["end"]
        out.append(esc(text[last:]))
        return "".join(out)

    def provision_html(self, page: str, doc_id: str, p: dict[str, Any]) -> list[str]:
        kind, eid = p["kind"], p["eid"]
        if kind in HEADINGS:
            return [f"## {md(p['label'])} {md(p['heading'])} {{ #{eid} }}", ""]
        if kind == "article":
            lines = [f"### {md(p['label'])} {{ #{eid} }}", "", self.citation_tools(doc_id, eid), ""]
            note = self.amendment_note(page, doc_id, eid)
            return lines + ([note, ""] if note else [])
        if kind in ("table", "list"):
            return []
        if kind == "group":
            return [f'<p class="gz-group" id="{eid}">{esc(p["heading"])}'
                    f'{self.citation_tools(doc_id, eid, inline=True)}</p>', ""]
        if kind == "row":
            return []  # rendered with their table
        label = "" if kind == "paragraph" else esc(" ".join(x for x in (p["label"], p["heading"]) if x))
        body = self.linked_text(page, doc_id, p)
        content = f'<span class="gz-label">{label}</span>{body}' if label else body
        note = self.amendment_note(page, doc_id, eid)
        tools = self.citation_tools(doc_id, eid, inline=True)
        return [f'<p class="gz-p gz-{kind}" id="{eid}">{content}{self.badges(doc_id, eid)}{tools}</p>{note}', ""]

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
        w = self.words
        for modality in w.modalities:
            if modality in actors:
                name = w.modalities[modality]
                title = w.fill("badge_title", name=name, actors=w["list"].join(actors[modality])) if actors[modality] \
                    else name
                spans.append(f'<span class="gz-badge gz-m-{modality}" title="{esc(title)}">{esc(name)}</span>')
        return f'<span class="gz-badges">{"".join(spans)}</span>'

    def english_name(self, name: str) -> str:
        """The English of an agency's or issuer's name on an English page ("" on a Chinese one,
        or where no rendering is known)."""
        if self.words.lang == "zh" or not name:
            return ""
        from .english_names import english_name

        return english_name(name)

    def agency_name(self, name: str) -> str:
        """A name as the page's reader reads it: 廊坊市人民政府 on a Chinese page, 廊坊市人民政府
        (Langfang Municipal People's Government) on an English one."""
        english = self.english_name(name)
        return f"{name} ({english})" if english else name

    def language_link(self, page: str) -> str:
        """The same page in the site's other language (``page``: its URL in this language's site)."""
        here, there = (page, "en/" + page) if self.words.lang == "zh" else ("en/" + page, page)
        other = "en" if self.words.lang == "zh" else "zh"
        link = posixpath.relpath(there.rstrip("/") or ".", here.rstrip("/") or ".")
        return (f'<p class="gz-lang"><a href="{esc(link)}/" hreflang="{other}" lang="{other}" '
                f'title="{esc(self.words["other_language_title"])}">{self.words["other_language"]}</a></p>')

    def agency_link(self, page: str, agency: str) -> str:
        """A link to the agency's page; on an English page its English name is the link's title."""
        url = self.agency_url.get(agency)
        english = self.english_name(agency)
        title = f' title="{esc(english)}"' if english else ""
        return f'<a class="gz-agency" href="{esc(rel(page, url))}"{title}>{esc(agency)}</a>' if url else esc(agency)

    def actors_line(self, page: str, doc_id: str, article: str) -> str:
        """主体 of an article: each agency holding a duty, prohibition, permission or penalty in it."""
        by_modality: dict[str, list[str]] = {}
        for statement in self.statements_in_article.get((doc_id, article), []):
            if statement["modality"] != "other":
                names = by_modality.setdefault(statement["modality"], [])
                names += [a for a in statement["actors"] if a not in names]
        w = self.words
        parts = [esc(w.modalities[m]) + w["colon"] + w["list"].join(self.agency_link(page, a) for a in by_modality[m])
                 for m in w.modalities if by_modality.get(m)]
        return f'<div class="gz-actors">{w["actors"]}{w["actors_gap"].join(parts)}</div>' if parts else ""

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
                links.append(f'<a href="{esc(rel(page, target))}">{esc(label)}</a>{self.related_badge(ref["document"])}')
            out.append(f'<div class="gz-citedby">{self.words["cited_by"]}{self.words["separator"].join(links)}</div>')
        related = self.related.get((doc_id, eid), [])
        if related:
            links = []
            for unit in related:
                other, other_eid = unit.split("/", 1)
                if other not in self.by_id:
                    continue
                target = doc_url(other) + f"#{other_eid}"
                links.append(f'<a href="{esc(rel(page, target))}">{esc(self.citation_label(other, other_eid))}</a>'
                             f'{self.related_badge(other)}')
            if links:
                out.append(f'<div class="gz-related">{self.words["related"]}'
                           f'{self.words["separator"].join(links)}</div>')
        return [*out, ""] if out else []

    def body_lines(self, page: str, doc_id: str) -> list[str]:
        provisions = self.provisions[doc_id]
        lines: list[str] = []
        open_article: str | None = None
        for p in provisions:
            if (p["kind"] == "article" or p["kind"] in HEADINGS) and open_article:
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
            lines.append(f'<p class="gz-empty">{self.words["no_provisions"]}</p>')
        return lines

    # --- amendment notes --------------------------------------------------------------

    def _amendment_notes(self) -> dict[tuple[str, str], list[tuple[str, str | None, tuple[str, str | None]]]]:
        """(work, eid) -> the amendments of that provision, as (in force, words, old text URL):
        the note printed under it in the current text, like a database's （2021年修正） or
        legislation.gov.uk's F-notes."""
        from queries.history import version_url

        w = self.words
        notes: dict[tuple[str, str], list[tuple[str, str | None, tuple[str, str | None]]]] = defaultdict(list)
        by_work: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for amendment in self.amendments:
            if amendment["work"]:
                by_work[amendment["work"]].append(amendment)
        for work in sorted(by_work):
            periods = self.store.periods(work)
            for amendment in by_work[work]:
                if not amendment["applied"] or not amendment["provisions"]:
                    continue
                decision = self.by_id.get(amendment["decision"])
                item_eid = self._op_items(amendment["decision"]).get(amendment["id"])
                item = next((p for p in self.provisions.get(amendment["decision"], []) if p["eid"] == item_eid), None)
                before = next((p for p in periods if p["valid_to"] == amendment["in_force"] and p["valid_from"]), None)
                number = w.fill("item", item=w.number(item["label"])) if item and item["label"] else ""
                words = w.fill("amended_by", day=w.date(amendment["in_force"]), item=number,
                               decision=decision["title"] if decision else amendment["decision"],
                               operation=w.operations.get(amendment["op"], amendment["op"]))
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
                old = esc(rel(page, old_url.lstrip("/")))
                text += f'{self.words["separator"]}<a class="gz-old-text" href="{old}">{self.words["earlier_text"]}</a>'
            out.append(f'<p class="gz-amended">{self.words.fill("note", text=text)}</p>')
        return "".join(out)

    # --- status ---------------------------------------------------------------------

    def external_reference(self, doc_id: str, ref: dict[str, Any], piece: str) -> str:
        """A citation outside the knowledge base: a national work with its level, its status on
        the citing text's date and now, and its extent (linked when a URL template is set), or
        why it has no link, in Chinese."""
        from queries.citations import national_reference

        cited_on = self.dated(self.by_id[doc_id])
        found = national_reference(ref["text"], self.national, cited_on)
        if found is None:
            return _noted(piece, "gz-ref-external", self.words.reason(ref["reason"]), None, self.words)
        return self.national_html(found, cited_on, piece)

    def national_html(self, found: dict[str, Any], cited_on: str | None, piece: str) -> str:
        """A national work's citation with its facts in a note that shows on hover, on focus and
        on a tap (a phone has no hover): level; status when cited and now (物权法: 引用时现行有效,
        2021年1月1日废止, 由《中华人民共和国民法典》取代); extent; a link when a URL template is
        set and the provision exists."""
        work, w = found["work"], self.words
        facts = [w.level(work.level) if work.level else w["national_work"]]
        if cited_on:
            facts.append(w.fill("status_when_cited", status=w.statuses.get(found["status_on"], found["status_on"])))
        if work.repealed or work.status == "repealed":
            facts.append((w.fill("repealed_day", day=w.date(work.repealed)) if work.repealed else w["repealed"])
                         + (w.fill("replaced_by", title=work.repealed_by) if work.repealed_by else ""))
        elif not cited_on or found["status_on"] != work.status:
            facts.append(w.fill("status_now", status=w.statuses.get(work.status, work.status)))
        if work.articles:
            facts.append(w.fill("articles", count=work.articles))
        if found["problem"]:
            facts.append(w.fill("no_such_provision", reason=w.reason(found["problem"])))
        facts.append(w["not_held"])
        url = None if found["problem"] else work.url(self.national_url, found["target"])
        return _noted(piece, "gz-ref gz-ref-national", w["separator"].join(facts), url, w)

    def earlier_text(self, text: str, day: str | None) -> str:
        """An earlier text of a provision (its citations are not linked in the store): the
        national works it cites marked with their status on the day that text took effect."""
        from parser.citations import find_citations
        from queries.citations import national_reference

        out, last = [], 0
        for citation in find_citations(text):
            found = national_reference(citation.text, self.national, day) if citation.kind == "work" else None
            if found is None:
                continue
            out += [esc(text[last:citation.start]), self.national_html(found, day, esc(citation.text))]
            last = citation.end
        out.append(esc(text[last:]))
        return "".join(out)

    def status_badge(self, doc_id: str, extra: str = "") -> str:
        """The document's status on the day the site was built; assets/gazette.js recomputes it
        for the reader's today from the dates it carries (a static site outlives its build)."""
        life = self.life.get(doc_id)
        if not life:
            return f'<span class="gz-status gz-status-unknown{extra}">{self.words.statuses["unknown"]}</span>'
        status = self.status_of(doc_id)
        return (f'<span class="gz-status gz-status-{status}{extra}"{self._dates(life)}>'
                f'{self.words.statuses[status]}</span>')

    def status_of(self, doc_id: str, day: str = BUILT_ON) -> str:
        from parser.lifecycle import status_on
        from parser.records import Lifecycle

        life = self.life.get(doc_id)
        return status_on(Lifecycle(**life), day) if life else "unknown"

    @staticmethod
    def _dates(life: dict[str, Any]) -> str:
        return "".join(f' data-{key}="{esc(life[key])}"' for key in ("effective", "expires", "repealed") if life[key])

    def may_lapse(self, doc_id: str) -> bool:
        """Whether the document is, or will be, out of force on some day after the build: it
        ends, was repealed, or has not yet begun."""
        life = self.life.get(doc_id) or {}
        return bool(life.get("expires") or life.get("repealed") or (life.get("effective") or "") > BUILT_ON)

    def provision_mark(self, doc_id: str) -> str:
        """The status mark on each provision of a document that may be out of force (hidden by
        the stylesheet while it is in force; recomputed for the reader's today)."""
        return f" {self.status_badge(doc_id, ' gz-pstatus')}" if self.may_lapse(doc_id) else ""

    def related_badge(self, doc_id: str) -> str:
        """A status badge beside a link to another document, where that document may be out of
        force (a link into an expired text is never unmarked)."""
        return f" {self.status_badge(doc_id, ' gz-linkstatus')}" if self.may_lapse(doc_id) else ""

    def lapse_banner(self, doc_id: str) -> str:
        """The banner at the top of a document that is not in force: 已失效 / 已废止 / 尚未施行,
        with the date and the reason. Written for the build day and carrying every wording, so
        that assets/gazette.js shows the right one (or none) on the reader's today."""
        if not self.may_lapse(doc_id):
            return ""
        life = self.life[doc_id]
        status = self.status_of(doc_id)
        w = self.words
        words = {"not_yet_in_force": w.fill("not_yet", day=w.date(life["effective"]))}
        if life["expires"]:
            issued = [r["target"] for r in self.by_id[doc_id]["relations"] if r["kind"] == "issues"
                      and r["target"] in self.life and (self.life[r["target"]] or {}).get("expires") == life["expires"]]
            why = (w.fill("issued_expired", title=self.by_id[issued[0]]["title"])
                   if issued and not self._own_expiry(doc_id) else w["term_ended"])
            words["expired"] = w.fill("lapsed", until=w.date(life["expires"]), lapsed=w.date(next_day(life["expires"])),
                                      why=why)
        if life["repealed"]:
            by = self.by_id.get(life["repealed_by"] or "")
            words["repealed"] = w.fill("repealed_text", day=w.date(life["repealed"]),
                                       by=w.fill("repealed_by", title=by["title"]) if by else "")
        data = "".join(f' data-words-{key}="{esc(text)}"' for key, text in words.items())
        hidden = "" if status in words else " hidden"
        name = w.statuses.get(status, "")
        return (f'<div class="gz-banner gz-lapse gz-lapse-{status}" role="note" data-search-exclude'
                f'{self._dates(life)}{data}{hidden}>'
                f'<strong class="gz-lapse-name">{esc(name)}</strong>{w["colon"]}<span class="gz-lapse-text">'
                f'{esc(words.get(status, ""))}</span></div>')

    def _own_expiry(self, doc_id: str) -> bool:
        """Whether the document states its own 有效期 (rather than lasting as its issued text)."""
        return any("有效期" in p["text"] for p in self.provisions.get(doc_id, []))

    def dated(self, doc: dict[str, Any]) -> str | None:
        """The document's date, or its nearest dated ancestor's (a regulation printed under its order)."""
        while doc["signed"] is None and doc["parent"] in self.by_id:  # the rule of parser.records.dated
            doc = self.by_id[doc["parent"]]
        return doc["signed"]

    def _op_items(self, decision: str) -> dict[str, str]:
        """Amendment operation id -> the eId of the decision's item that states it."""
        if decision not in self._items:
            lines = {a["id"]: a["line"] for a in self.amendments if a["decision"] == decision}
            provisions = self.provisions.get(decision, [])
            self._items[decision] = {op: next((p["eid"] for p in provisions if line in p["lines"]), "")
                                     for op, line in lines.items()}
        return self._items[decision]
