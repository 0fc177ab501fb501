"""The site's words in each language it is made in: Chinese (the site at ``/``) and English
(the same pages at ``/en/``, for a reader of English). The texts themselves stay Chinese on
both, and so do citations (《X》第N条 is how a Chinese provision is cited in any language);
what changes is every label, heading, status, date and sentence the site writes itself.

A page asks for its words by key (``words["type"]``) or fills a sentence
(``words.fill("lapsed", until=…)``); a key missing from one language is an error when the
module is imported (:func:`_check`), not a Chinese word on an English page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .text import MODALITY_NAMES, RELATION_NAMES, STATUS_NAMES, STATUS_NAMES_EN, TYPE_NAMES, TYPE_NAMES_EN, KIND_NAMES

__all__ = ["LANGUAGES", "Words", "words_for"]

_ZH: dict[str, str] = {
    # document pages
    "type": "类型", "level": "效力级别", "issuer": "发文机关", "number": "文号", "signed": "成文日期",
    "current_from": "现行文本施行日期", "effective": "施行日期", "first_effective": "首次施行日期",
    "expires": "有效期至", "repealed_on": "废止日期", "printed": "刊载", "web": "网页{name}", "status": "效力",
    "parent": "上级文件", "history": "沿革", "ids": "引用与标识", "identifier": "标识符", "api": "接口",
    "source": "来源", "source_lines": "{source}，第{first}–{last}行", "citing_documents": "引用本文件的文件",
    "printed_in": "《{gazette}》{year}年第{issue}号{pages}", "page": "第{first}页", "pages": "第{first}–{last}页",
    "versions": "版本沿革", "not_in_corpus": "（修改内容未收录）", "now": "今", "period_link": "{start} 至 {end}",
    "as_of": "查看某日施行的文本", "show": "查看", "compare": "新旧对照",
    "text_on": "{day}施行的文本", "text_from": "{start}起施行的文本", "text_between": "{start}至{end}施行的文本",
    "historical": "历史文本", "historical_text": "本页是{start}至{end}施行的文本，已被修改。",
    "read_current": "查看现行文本", "current": "现行文本", "current_text": "自{start}起施行。",
    "version_title": "{title}（{start} 起）", "version_facts": "施行期间：{start} 至 {end}；文本依据：{made_by}。",
    "diff_title": "{title}：新旧对照", "diff_sides": "修改前：{before}；修改后：{after}。",
    "provision": "条文", "before": "修改前", "after": "修改后", "how": "修改方式", "none": "（无）",
    "deleted": "（删去）", "decision_item": "决定第{item}项", "unchanged": "未变动的条文：{count} 处。",
    "other_pairs": "比较其他版本", "pair": "{first}施行的文本 与 {second}施行的文本",
    "not_in_source": "当时的条文未收录", "no_provisions": "（本文件无正文条文）",
    # provisions
    "permalink_title": "本条的固定链接", "permalink": "固定链接：{citation}", "link": " 链接", "copy": "复制引用",
    "copy_label": "复制引用：{citation}", "copy_full": "完整引用", "copy_full_label": "复制完整引用：{citation}",
    "badge_title": "{name}：{actors}", "list": "、", "separator": "；", "colon": "：", "actors": "主体　",
    "actors_gap": "　", "cited_by": "被引用：", "related": "相关条文：",
    "amended_by": "根据{day}起施行的《{decision}》{item}{operation}", "item": "第{item}项",
    "earlier_text": "修改前的文本", "note": "（{text}）",
    # citations outside the knowledge base
    "national_work": "国家法律文件", "status_when_cited": "引用时{status}",
    "repealed_day": "{day}废止", "repealed": "已废止", "replaced_by": "，由《{title}》取代", "status_now": "现{status}",
    "articles": "共{count}条", "no_such_provision": "无此条：{reason}", "not_held": "本库未收录全文",
    "cite_note": "〔{note}〕",
    # status banners
    "not_yet": "本文件自{day}起施行，目前尚未施行。", "issued_expired": "所印发的《{title}》有效期届满",
    "term_ended": "有效期届满", "lapsed": "本文件有效期至{until}，已于{lapsed}失效（{why}）。不得作为现行规定引用。",
    "repealed_text": "本文件已于{day}废止{by}。不得作为现行规定引用。", "repealed_by": "（被《{title}》废止）",
    # who does what
    "whole_text": "全文", "deadline": "期限 {text}", "fine_range": "罚款 {low}–{high} 元", "fine": "罚款 {amount} 元",
    "inherited_title": "主体承自上文", "inherited": "承上", "kind": "类别", "written_as": "文中写法",
    "other_levels": "其他层级", "statements": "语句", "counted": "{name}（{count}）",
    "enforced_note": "其罚则所引条文中的禁止性规定。", "penalty_in": "罚则见{citation}",
    "sec_duty": "职责与义务", "sec_prohibition": "禁止性规定（对其适用）", "sec_enforced": "执行的禁止性规定",
    "sec_permission": "授权（可以）", "sec_penalty": "罚则（由其处罚）", "sec_definition": "定义", "sec_other": "其他提及",
    "agencies_title": "机关与职责",
    "agencies_intro": "各机关、组织和当事人在本库文件中的职责、禁止性规定、授权和罚则，按语句数排列。"
                      "名称已归并（市卫健委、市卫生健康委 → 市卫生健康委员会）。",
    "name": "名称", "total": "合计", "fines_title": "罚款一览", "no_fines": "本库文件中没有罚款规定。",
    "fines_intro": "本库文件中的全部罚款规定，共 {count} 处，金额 {low}–{high} 元，按最高额从高到低排列。"
                   "下限与上限相同者为定额罚款；条文中的罚款处以底色标出。",
    "low": "下限（元）", "high": "上限（元）", "fined_by": "处罚机关", "where": "出处", "unstated": "（未明示）",
    # home and browse
    "site_title": "政府公报知识库", "c_documents": "文件", "c_provisions": "条文", "c_operations": "修改操作",
    "c_citations": "引用",
    "intro": "本站收录政府公报刊登的规章、规范性文件和政策解读，逐条可查：每一条都有固定网址和引用格式；"
             "修改过的规章可查看任一日期的文本和新旧对照；可以按关键词或问题（中文或英文）检索，并查看各机关的职责。",
    "home_placeholder": "输入问题或关键词，例如：谁负责二次供水设施的监督检查", "search": "检索", "examples": "例如：",
    "issue": "《{gazette}》{year}年第{issue}号", "browse": "浏览", "by_type": "按类型", "by_level": "按效力级别",
    "by_issuer": "按发文机关", "by_date": "按日期", "external": "未收录的被引文件",
    "browse_type": "按类型浏览", "browse_level": "按效力级别浏览", "browse_issuer": "按发文机关浏览",
    "browse_date": "按日期浏览", "unsigned": "（未署名）", "undated": "未注日期",
    "external_intro": "被本库文件引用、但不在本库中的法律法规和文件，按被引次数排列。"
                      "国家法律法规的层级、现行状态和条数取自随附的国家法律目录（LawRefBook/Laws）。",
    "external_head": "| 被引文件 | 层级 | 现行状态 | 条数 | 次数 | 引用文件数 | 首次引用 |",
    "other_language": "English", "other_language_title": "本页的英文版（English）",
}

_EN: dict[str, str] = {
    "type": "Type", "level": "Level of authority", "issuer": "Issuer", "number": "Document number",
    "signed": "Date signed", "current_from": "Current text in force from", "effective": "In force from",
    "first_effective": "First in force from", "expires": "Valid until", "repealed_on": "Repealed on",
    "printed": "Published in", "web": "Web page: {name}", "status": "Status", "parent": "Parent document",
    "history": "History", "ids": "Citation and identifiers", "identifier": "Identifier", "api": "API",
    "source": "Source", "source_lines": "{source}, lines {first}–{last}",
    "citing_documents": "Documents citing this one",
    "printed_in": "《{gazette}》, {year} no. {issue}{pages}", "page": ", p. {first}", "pages": ", pp. {first}–{last}",
    "versions": "Versions", "not_in_corpus": " (its wording is not in the knowledge base)", "now": "now",
    "period_link": "{start} to {end}", "as_of": "Read the text in force on", "show": "Show",
    "compare": "Compare the old and new texts",
    "text_on": "the text in force on {day}", "text_from": "the text in force from {start}",
    "text_between": "the text in force from {start} to {end}",
    "historical": "Historical text", "historical_text": "this page is the text in force from {start} to {end}; it "
                                                       "has since been amended. ",
    "read_current": "Read the current text", "current": "Current text", "current_text": "in force from {start}.",
    "version_title": "{title} (from {start})", "version_facts": "In force: {start} to {end}; text made by {made_by}.",
    "diff_title": "{title}: old and new texts", "diff_sides": "Before: {before}; after: {after}. ",
    "provision": "Provision", "before": "Before", "after": "After", "how": "How it changed", "none": "(none)",
    "deleted": "(deleted)", "decision_item": "item {item} of the decision",
    "unchanged": "Provisions unchanged: {count}.",
    "other_pairs": "Compare other versions", "pair": "the text in force from {first} and the one from {second}",
    "not_in_source": "the wording of that time is not in the knowledge base",
    "no_provisions": "(This document has no provisions.)",
    "permalink_title": "Permanent link to this provision", "permalink": "Permanent link: {citation}", "link": " Link",
    "copy": "Copy citation", "copy_label": "Copy citation: {citation}", "copy_full": "Full citation",
    "copy_full_label": "Copy full citation: {citation}", "badge_title": "{name}: {actors}", "list": ", ",
    "separator": "; ", "colon": ": ", "actors": "Who: ", "actors_gap": " · ", "cited_by": "Cited by: ",
    "related": "Related provisions: ", "amended_by": "{operation} by {item}《{decision}》, in force from {day}",
    "item": "item {item} of ", "earlier_text": "the text before", "note": "({text})",
    "national_work": "National law",
    "status_when_cited": "{status} when cited", "repealed_day": "repealed on {day}", "repealed": "repealed",
    "replaced_by": ", replaced by 《{title}》", "status_now": "now {status}", "articles": "{count} articles",
    "no_such_provision": "no such provision: {reason}", "not_held": "full text not in the knowledge base",
    "cite_note": "[{note}]",
    "not_yet": "This text takes effect on {day}; it is not yet in force.",
    "issued_expired": "the term of 《{title}》, which it issues, has ended", "term_ended": "its term has ended",
    "lapsed": "This text was valid until {until} and lapsed on {lapsed} ({why}). Do not cite it as current law.",
    "repealed_text": "This text was repealed on {day}{by}. Do not cite it as current law.",
    "repealed_by": " (by 《{title}》)",
    "whole_text": "whole text", "deadline": "Time limit: {text}", "fine_range": "Fine: CNY {low}–{high}",
    "fine": "Fine: CNY {amount}", "inherited_title": "The actor is carried over from the sentence before",
    "inherited": "carried over", "kind": "Kind", "written_as": "Written as", "other_levels": "At other levels",
    "statements": "Statements", "counted": "{name} ({count})",
    "enforced_note": "The prohibitions in the provisions its penalty clauses cite.",
    "penalty_in": "Penalty: {citation}",
    "sec_duty": "Duties", "sec_prohibition": "Prohibitions that bind it", "sec_enforced": "Prohibitions it enforces",
    "sec_permission": "Permissions (may)", "sec_penalty": "Penalties it imposes", "sec_definition": "Definitions",
    "sec_other": "Other mentions", "agencies_title": "Agencies and their duties",
    "agencies_intro": "The duties, prohibitions, permissions and penalties of each body, organisation and party in "
                      "the texts of this knowledge base, most statements first. Names are merged "
                      "(市卫健委 and 市卫生健康委 are 市卫生健康委员会).",
    "name": "Name", "total": "Total", "fines_title": "Fines", "no_fines": "The texts here set no fines.",
    "fines_intro": "Every fine the texts here set: {count}, from CNY {low} to CNY {high}, the highest first. A fine "
                   "whose lowest and highest amounts are the same is fixed; the fine is marked in each provision.",
    "low": "Lowest (CNY)", "high": "Highest (CNY)", "fined_by": "Imposed by", "where": "Provision",
    "unstated": "(not stated)",
    "site_title": "Government gazette knowledge base", "c_documents": "documents", "c_provisions": "provisions",
    "c_operations": "amendment operations", "c_citations": "citations",
    "intro": "The rules, normative documents and policy interpretations published in government gazettes, provision "
             "by provision: each has a permanent address and a citation; an amended regulation can be read as it "
             "stood on any day, its old and new texts side by side; search in English or Chinese, by words or by a "
             "question, and see what each body is responsible for. The texts are in Chinese; this site's labels, "
             "statuses and help are in English.",
    "home_placeholder": "A question or words, e.g. who inspects secondary water supply", "search": "Search",
    "examples": "For example: ", "issue": "《{gazette}》, {year} no. {issue}", "browse": "Browse",
    "by_type": "By type", "by_level": "By level of authority", "by_issuer": "By issuer", "by_date": "By date",
    "external": "Works cited but not held", "browse_type": "Documents by type",
    "browse_level": "Documents by level of authority", "browse_issuer": "Documents by issuer",
    "browse_date": "Documents by date", "unsigned": "(no issuer)", "undated": "undated",
    "external_intro": "Laws, regulations and documents the texts here cite that are not in the knowledge base, the "
                      "most cited first. The level, status and number of articles of national law come from the "
                      "bundled catalogue of national law (LawRefBook/Laws).",
    "external_head": "| Work cited | Level | Status | Articles | Citations | Citing documents | First cited in |",
    "other_language": "中文", "other_language_title": "本页的中文版 (this page in Chinese)",
}

#: Levels of authority (效力级别, :class:`parser.levels.Level`) in English.
_LEVELS_EN = {"宪法": "Constitution", "法律": "Law", "行政法规": "Administrative regulation",
              "司法解释": "Judicial interpretation", "部门规章": "Departmental rule", "地方性法规": "Local regulation",
              "地方政府规章": "Local government rule", "规范性文件": "Normative document", "其他": "Other"}
_MODALITY_NAMES_EN = {"duty": "Duty", "prohibition": "Prohibition", "permission": "Permission", "penalty": "Penalty",
                      "definition": "Definition", "other": "Other"}
_KIND_NAMES_EN = {"government": "Government bodies", "body": "Coordinating bodies and self-governing organisations",
                  "party": "Units, enterprises and individuals"}
_RELATION_NAMES_EN = {
    "promulgates": "Promulgates", "promulgated_by": "Promulgated by", "republishes": "Republishes",
    "republished_by": "Amended by the decision", "issues": "Issues", "issued_by": "Issued by the notice",
    "has_attachment": "Attachment", "interprets": "Interprets", "interpreted_by": "Policy interpretation",
    "amends": "Amends",
}
_OPERATION_NAMES_EN = {
    "replace_words": "Words replaced", "rewrite": "Rewritten", "rewrite_lead": "Rewritten", "move_rewrite":
    "Rewritten and moved", "delete": "Deleted", "delete_words": "Words deleted", "insert": "Added",
    "prepend_words": "Words added", "append_words": "Words added", "renumber": "Moved", "renumber_all": "Renumbered",
    "renumber_pairs": "Renumbered", "merge": "Merged", "cease": "Ceases to apply", "rename": "Renamed",
}
_CHANGE_NAMES_EN = {"added": "Added", "removed": "Deleted", "renumbered": "Moved", "changed": "Changed",
                    "old_not_in_source": "Changed (the text before is not in the knowledge base)"}
#: The web page's metadata fields shown on a document page.
_WEB_FIELDS = {"索引号": "index number", "主题分类": "subject", "发布日期": "published", "主题词": "keywords"}
#: Events of a work's history (公布, 第二次修正) in English.
_EVENTS_EN = {"公布": "promulgated", "修正": "amended", "修订": "revised", "施行": "took effect", "废止": "repealed",
              "通过": "adopted", "批准": "approved", "印发": "issued", "发布": "issued"}
_ORDINALS = "一二三四五六七八九十"
_NTH = re.compile(rf"^第([{_ORDINALS}])次(.+)$")


@dataclass(frozen=True)
class Words:
    """One language's words of the site."""

    lang: str
    labels: dict[str, str]
    types: dict[str, str]
    statuses: dict[str, str]
    modalities: dict[str, str]
    kinds: dict[str, str]
    relations: dict[str, str]
    operations: dict[str, str] = field(default_factory=dict)
    changes: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> str:
        return self.labels[key]

    def fill(self, key: str, **values: Any) -> str:
        return self.labels[key].format(**values)

    def date(self, day: str | None) -> str:
        """2021-12-01 -> 2021年12月1日, or 1 December 2021."""
        if not day:
            return ""
        if self.lang == "zh":
            year, month, dom = day.split("-")
            return f"{year}年{int(month)}月{int(dom)}日"
        parsed = date.fromisoformat(day)
        return f"{parsed.day} {parsed.strftime('%B')} {parsed.year}"

    def level(self, level: str) -> str:
        return level if self.lang == "zh" else _LEVELS_EN.get(level, level)

    def web_field(self, name: str) -> str:
        return self.fill("web", name=name if self.lang == "zh" else _WEB_FIELDS.get(name, name))

    def event(self, event: str) -> str:
        """公布 -> promulgated, 第二次修正 -> amended (second time)."""
        if self.lang == "zh":
            return event
        nth = _NTH.match(event)
        if nth:
            times = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
            return f"{_EVENTS_EN.get(nth[2], nth[2])} ({times[_ORDINALS.index(nth[1])]} time)"
        return _EVENTS_EN.get(event, event)

    def number(self, label: str) -> str:
        """An item's number as the page's reader writes it: 一 on a Chinese page, 1 on an English one
        (a label that is no Chinese numeral as it stands)."""
        label = label.rstrip("、.．")
        if self.lang == "zh":
            return label
        from parser.numerals import cn_to_int

        try:
            return str(cn_to_int(label))
        except ValueError:
            return label

    def reason(self, reason: str) -> str:
        """Why a citation has no link: the store's English words, in Chinese on a Chinese page."""
        if self.lang == "zh":
            from .model import reason_in_chinese

            return reason_in_chinese(reason)
        return reason or ""


def _words() -> dict[str, Words]:
    from queries.history import CHANGE_NAMES, OPERATION_NAMES

    return {
        "zh": Words("zh", _ZH, TYPE_NAMES, STATUS_NAMES, MODALITY_NAMES, KIND_NAMES, RELATION_NAMES,
                    OPERATION_NAMES, CHANGE_NAMES),
        "en": Words("en", _EN, TYPE_NAMES_EN, STATUS_NAMES_EN, _MODALITY_NAMES_EN, _KIND_NAMES_EN, _RELATION_NAMES_EN,
                    _OPERATION_NAMES_EN, _CHANGE_NAMES_EN),
    }


def _check(table: dict[str, Words]) -> None:
    """Every language has every word the Chinese site has."""
    base = table["zh"]
    for words in table.values():
        for name in ("labels", "types", "statuses", "modalities", "kinds", "relations", "operations", "changes"):
            missing = set(getattr(base, name)) - set(getattr(words, name))
            if missing:
                raise KeyError(f"sitegen.words: {words.lang} lacks {name} {sorted(missing)}")


_TABLE = _words()
_check(_TABLE)
LANGUAGES = tuple(_TABLE)


def words_for(lang: str) -> Words:
    try:
        return _TABLE[lang]
    except KeyError:
        raise ValueError(f"the site is made in {', '.join(LANGUAGES)}, not {lang!r}") from None
