"""Who does what: a page per agency (its duties, the prohibitions addressed to it and those it
enforces, its penalties), the agencies' index, and every fine by amount."""

from __future__ import annotations

from typing import Any

from .text import amount, doc_url, esc, md, rel


class AgencyPages:
    def statement_html(self, page: str, statement: dict[str, Any], agency: str | None = None, note: str = "") -> str:
        """One sentence: where it is (a link), the text with the agency marked, deadlines and fines."""
        doc_id, eid, w = statement["document"], statement["eid"], self.words
        label = self.citation_label(doc_id, eid).removeprefix(f"《{self.by_id[doc_id]['title']}》") or w["whole_text"]
        where = f'<a href="{esc(rel(page, doc_url(doc_id) + "#" + eid))}">{esc(label)}</a>'
        text, out, last = statement["text"], [], 0
        marks = sorted((e for e in statement["entities"] if e["label"] == "AGENCY" and agency
                        and e.get("canonical", e["text"]) == agency), key=lambda e: e["start"])
        for e in marks:
            if e["start"] >= last:
                out += [esc(text[last:e["start"]]), f"<mark>{esc(text[e['start']:e['end']])}</mark>"]
                last = e["end"]
        out.append(esc(text[last:]))
        tags = [w.fill("deadline", text=d["text"]) for d in statement["deadlines"]]
        tags += [w.fill("fine_range", low=amount(a["low"]), high=amount(a["high"])) if a["low"] != a["high"]
                 else w.fill("fine", amount=amount(a["low"])) for a in statement["amounts"] if a["label"] == "FINE"]
        tags = [f'<span class="gz-tag">{esc(tag)}</span>' for tag in tags]
        inherited = (f'<span class="gz-tag" title="{w["inherited_title"]}">{w["inherited"]}</span>'
                     if statement["inherited"] else "")
        return f'<li>{where}{w["colon"]}{"".join(out)}{inherited}{"".join(tags)}{note}</li>'

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
        w = self.words
        counts = w["actors_gap"].join(f"{w.modalities[m]} {entry['counts'][m]}" for m in w.modalities
                                      if entry["counts"].get(m))
        english = self.english_name(agency)
        lines = [f"# {md(agency)}", "", self.language_link(page), "",
                 *([f'<p class="gz-english-name" lang="en">{esc(english)}</p>', ""] if english else []),
                 '<div class="gz-meta"><table>',
                 f"<tr><th>{w['kind']}</th><td>{esc(w.kinds.get(entry['kind'], entry['kind']))}</td></tr>",
                 *([f"<tr><th>{w['written_as']}</th><td>{esc(w['list'].join(names))}</td></tr>"] if names else []),
                 *([f"<tr><th>{w['other_levels']}</th><td>{w['list'].join(self.agency_link(page, a) for a in levels)}"
                    "</td></tr>"] if levels else []),
                 f"<tr><th>{w['statements']}</th><td>{esc(counts)}</td></tr>", "</table></div>", ""]
        sections = ("duty", "prohibition", "enforced", "permission", "penalty", "definition", "other")
        enforced = self.enforced(agency)
        for key in sections:
            title = w[f"sec_{key}"]
            if key == "enforced":
                if not enforced:
                    continue
                lines += [f"## {w.fill('counted', name=title, count=sum(len(p) for _, p in enforced))} {{ #enforced }}",
                          "", f"<p>{w['enforced_note']}</p>", ""]
                for penalty, prohibitions in enforced:
                    doc_id = prohibitions[0]["document"]
                    via = self.citation_label(penalty["document"], penalty["eid"])
                    note = f'<span class="gz-tag">{esc(w.fill("penalty_in", citation=via))}</span>'
                    lines += [f'<p class="gz-source"><a href="{esc(rel(page, doc_url(doc_id)))}">'
                              f'{esc(self.by_id[doc_id]["title"])}</a> {self.status_badge(doc_id)}</p>', "<ul>",
                              *(self.statement_html(page, p, note=note) for p in prohibitions), "</ul>", ""]
                continue
            rows = [s for s in statements if s["modality"] == key]
            if not rows:
                continue
            lines += [f"## {w.fill('counted', name=title, count=len(rows))} {{ #{key} }}", ""]
            for doc_id in dict.fromkeys(r["document"] for r in rows):
                lines += [f'<p class="gz-source"><a href="{esc(rel(page, doc_url(doc_id)))}">'
                          f'{esc(self.by_id[doc_id]["title"])}</a> {self.status_badge(doc_id)}</p>', "<ul>"]
                lines += [self.statement_html(page, r, agency) for r in rows if r["document"] == doc_id]
                lines += ["</ul>", ""]
        return "\n".join(lines)

    def agencies_page(self) -> str:
        w = self.words
        lines = [f"# {w['agencies_title']}", "", self.language_link("agencies/"), "", w["agencies_intro"], ""]
        columns = list(w.modalities)
        for kind, kind_name in w.kinds.items():
            entries = [e for e in self.agencies if e["kind"] == kind]
            if not entries:
                continue
            lines += [f"## {w.fill('counted', name=kind_name, count=len(entries))}", "",
                      f"| {w['name']} | " + " | ".join(w.modalities[m] for m in columns) + f" | {w['total']} |",
                      "|---|" + "---:|" * (len(columns) + 1)]
            for e in entries:
                cells = " | ".join(str(e["counts"].get(m, "")) for m in columns)
                english = self.english_name(e["agency"])
                lines.append(f"| [{md(e['agency'])}]({e['slug']}.md){md(' ' + english) if english else ''} | {cells} | "
                             f"{e['statements']} |")
            lines.append("")
        return "\n".join(lines)

    def fines_page(self) -> str:
        page = "fines/"
        fines = self.store.fines()
        w = self.words
        lines = [f"# {w['fines_title']}", "", self.language_link(page), ""]
        if not fines:
            return "\n".join(lines + [w["no_fines"], ""])
        low, high = min(f["low"] for f in fines), max(f["high"] for f in fines)
        lines += [w.fill("fines_intro", count=len(fines), low=amount(low), high=amount(high)), "",
                  f'<table class="gz-fines"><thead><tr><th>{w["low"]}</th><th>{w["high"]}</th><th>{w["provision"]}</th>'
                  f'<th>{w["fined_by"]}</th><th>{w["where"]}</th></tr></thead><tbody>']
        for fine in fines:
            statement = fine["statement"]
            doc_id, eid = statement["document"], statement["eid"]
            provision = next(p for p in self.provisions[doc_id] if p["eid"] == eid)
            start = statement["start"] + next(a["start"] for a in statement["amounts"] if a["text"] == fine["text"])
            end = start + len(fine["text"])
            text = provision["text"]
            marked = f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"
            agencies = w["list"].join(self.agency_link(page, a) for a in statement["actors"]) or w["unstated"]
            where = (f'<a href="{esc(rel(page, doc_url(doc_id) + "#" + eid))}">'
                     f'{esc(self.citation_label(doc_id, eid))}</a>')
            lines.append(f'<tr data-low="{fine["low"]}" data-high="{fine["high"]}"><td>{amount(fine["low"])}</td>'
                         f'<td>{amount(fine["high"])}</td><td>{marked}</td><td>{agencies}</td><td>{where}</td></tr>')
        lines += ["</tbody></table>", ""]
        return "\n".join(lines)
