"""Small helpers of the site: the names of types, statuses and modalities (in Chinese, and the
English of types and statuses; :mod:`sitegen.words` holds every word of the pages in each
language), escaping (one path from record text to HTML or Markdown), URLs between pages,
dates in Chinese (the form of a citation in any language)."""

from __future__ import annotations

import html
import posixpath
import re
from datetime import date

from queries.history import day_before as _previous_day

BUILT_ON = date.today().isoformat()
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
#: The same names for the English pages.
TYPE_NAMES_EN = {
    "order": "Government order", "decision": "Decision", "law": "Law", "regulation": "Rules and regulations",
    "notice": "Notice", "approval": "Approval", "plan": "Plan or programme", "opinion": "Opinion",
    "measures": "Measures", "list": "List", "attachment": "Attachment", "interpretation": "Policy interpretation",
    "other": "Other",
}
STATUS_NAMES_EN = {"in_force": "In force", "not_yet_in_force": "Not yet in force", "expired": "Expired",
                   "repealed": "Repealed", "amended": "Amended since", "unknown": "Status unknown"}
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


def cn_date(day: str | None) -> str:
    """2021-12-01 -> 2021年12月1日."""
    if not day:
        return ""
    year, month, dom = day.split("-")
    return f"{year}年{int(month)}月{int(dom)}日"


def day_before(day: str | None) -> str:
    """The last day a period ending on ``day`` covers; "?" when it is not known."""
    return _previous_day(day) if day else "?"


def next_day(day: str) -> str:
    """The first day after ``day`` (an inclusive last day in force -> the day it lapses)."""
    from datetime import timedelta

    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


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


RELATION_NAMES = {
    "promulgates": "公布", "promulgated_by": "公布令", "republishes": "重新公布", "republished_by": "据以修改的决定",
    "issues": "印发", "issued_by": "印发通知", "has_attachment": "附件", "interprets": "解读对象",
    "interpreted_by": "政策解读", "amends": "修改对象",
}
