"""Who does what: a page per agency (its duties, the prohibitions addressed to it and those it
enforces, its penalties), the agencies' index, and every fine by amount."""

from __future__ import annotations

from typing import Any

from .text import KIND_NAMES, MODALITY_NAMES, amount, doc_url, esc, md, rel


class AgencyPages:
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
