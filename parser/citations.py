"""Finding citations in text: ``find_citations(text) -> list[Citation]``.

Pure and lenient, like eyecite's ``get_citations``: what is not a citation is skipped.
Kinds found (each keeps its span in the text it was found in):

=========  ===========================================================================
kind       examples
=========  ===========================================================================
internal   本办法第三十一条, 本细则第五条第二款, 第十四条第一款 (bare: the same document),
           第四十条第（二）项, 第二款 (bare: the same article)
relative   本条, 本款, 本项, 前款, 前两款, 前项, 前条
work       《城市供水条例》, 《廊坊市物业管理办法》第四十六条, 《关于印发〈…〉的通知》
docno      廊政字〔2021〕12号, 冀政办发〔2021〕1号, 国办发〔2021〕14号, 廊市监〔2021〕163号
order      廊坊市人民政府令〔2021〕第3号
alias      《意见》 after （以下简称《意见》）; “引导基金” after （以下简称“引导基金”）
=========  ===========================================================================

Precision first: 第二条路, 第一次, 第4号 (a gazette issue) and 2021年 are not citations; a
provision number must be followed by a word boundary that is not a measure-word noun.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import clean
from .numerals import CN_NUMBER, NUMBER, cn_to_int
from .records import Target

__all__ = ["Citation", "find_citations", "SELF_WORDS", "normalize_title", "MAX_CITATIONS"]

#: 本办法, 本细则, …: the citing document itself.
SELF_WORDS = "实施细则|实施方案|实施意见|工作方案|暂行办法|办法|细则|规定|条例|决定|方案|意见|通知|制度|规则|措施|规划|章程"

_PROV = (
    rf"第(?P<art>{NUMBER})条(?![路街巷河道线渠沟桥船鱼狗])"
    rf"(?:第(?P<para>{NUMBER})款)?"
    rf"(?:第[（(](?P<item>{CN_NUMBER}|\d+)[）)]项|第(?P<item2>{CN_NUMBER})项)?"
    rf"(?:第(?P<point>{NUMBER})目)?"
)
_TITLE = r"《(?P<title>(?:[^《》\n]|《[^《》\n]*》)+)》"
_DOCNO = r"(?P<prefix>[\u4e00-\u9fff]{1,10})[〔\[［](?P<year>\d{4})[〕\]］](?P<seq>\d+)号"
_ORDER = r"(?P<issuer>[\u4e00-\u9fff]{2,24}?令)[〔\[［](?P<oyear>\d{4})[〕\]］]第(?P<oseq>\d+)号"
_RELATIVE = (rf"(?<![基成根资])(?P<rel>本条(?!件)|本款(?!项)|本项(?!目)|前款|前两款|前三款|前项(?!目)|前两项|前条(?!件))"
             rf"(?:第(?P<rpara>{NUMBER})款)?(?:第[（(](?P<ritem>{CN_NUMBER})[）)]项)?")
_BARE_PARA = rf"(?<![条第])第(?P<bpara>{NUMBER})款"
_BARE_ITEM = rf"(?<![款条第])第[（(](?P<bitem>{CN_NUMBER})[）)]项"
_ALIAS_DEF = re.compile(r"以下简称(?:为)?(?:《(?P<title>[^《》]{1,20})》|“(?P<term>[^“”]{1,20})”)")

_PATTERN = re.compile(
    rf"""(?P<order>{_ORDER})
       |(?P<work>{_TITLE}(?:{_PROV.replace('?P<', '?P<w_')})?)
       |(?P<selfref>本(?P<selfword>{SELF_WORDS}){_PROV.replace('?P<', '?P<s_')})
       |(?P<docno>{_DOCNO})
       |(?P<internal>{_PROV})
       |(?P<relative>{_RELATIVE})
       |(?P<barepara>{_BARE_PARA})
       |(?P<bareitem>{_BARE_ITEM})
    """,
    re.VERBOSE,
)

# Words that may stand before a document number but are not part of its prefix.
_PREFIX_BOUNDARY = re.compile(r".*(?:[的和与及即在并、，（(《》“”]|根据|依据|按照|参照|印发|转发|文件|通知|见)")


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    text: str
    kind: str  # internal, relative, work, docno, order, alias
    title: str | None = None  # the cited title, 〈〉 as 《》
    number: str | None = None  # 廊政字〔2021〕12号 / 〔2021〕第3号
    issuer: str | None = None  # of an order: 廊坊市人民政府
    target: Target | None = None  # provision numbers
    relative: str | None = None  # 本条, 前款, 第二款 (bare), …
    self_word: str | None = None  # 办法 in 本办法
    renumbered: bool = False  # 作为第三条 / 改为第三条: numbered as *after* an amendment


def normalize_title(title: str) -> str:
    """〈〉 nested quotes as 《》, no layout spaces: the form titles are compared in."""
    return re.sub(r"\s+", "", title).replace("〈", "《").replace("〉", "》")


def _target(match: re.Match[str], prefix: str = "") -> Target | None:
    if not match[f"{prefix}art"]:
        return None

    def number(name: str) -> int | None:
        try:
            value = match[f"{prefix}{name}"]
        except IndexError:  # a group this alternative does not have
            return None
        return cn_to_int(value) if value else None

    item = number("item") or number("item2")
    return Target(number("art"), number("para"), item, number("point"))


def _docno(match: re.Match[str], text: str) -> Citation | None:
    prefix = match["prefix"]
    boundary = _PREFIX_BOUNDARY.match(prefix)
    if boundary:
        prefix = prefix[boundary.end():]
    if not prefix or len(prefix) > 6:
        return None  # a bare 〔2021〕8号 is ambiguous across issuers: not cited
    start = match.start("docno") + (len(match["prefix"]) - len(prefix))
    number = f"{prefix}〔{match['year']}〕{int(match['seq'])}号"
    return Citation(start, match.end(), text[start:match.end()], "docno", number=number)


#: Citations read from one text at most (real provisions hold fewer than 20): the bound that
#: keeps a hostile megabyte of 第一条第一条… linked in well under a second.
MAX_CITATIONS = 1000
_MAX_TERMS = 200  # defined terms (以下简称“X”) looked for in one text


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text`` (the first ``MAX_CITATIONS``), in order, with spans into
    ``text`` itself. Full-width digits are read as digits; spans index the original string.
    """
    if not text:
        return []
    cleaned = clean(text)
    scan = cleaned if len(cleaned) == len(text) else text.translate(
        str.maketrans("０１２３４５６７８９", "0123456789"))
    citations: list[Citation] = []
    aliases: dict[str, str] = {}  # 《意见》 -> the title it stands for
    last_title: str | None = None
    for match in _PATTERN.finditer(scan):
        if len(citations) >= MAX_CITATIONS:
            break
        kind = match.lastgroup
        start, end = match.start(), match.end()
        surface = text[start:end]
        if kind == "order":
            issuer = match["issuer"]
            boundary = _PREFIX_BOUNDARY.match(issuer[:-1])
            if boundary:  # 依据廊坊市人民政府令…: the issuer starts after 依据
                issuer = issuer[boundary.end():]
                start = match.end("issuer") - len(issuer)
                surface = text[start:end]
            number = f"〔{match['oyear']}〕第{int(match['oseq'])}号"
            citations.append(Citation(start, end, surface, "order", number=number, issuer=issuer[:-1]))
        elif kind == "work":
            if scan[max(0, start - 4):start].endswith(("简称", "简称为")):
                continue  # the definition of an alias, not a use of it
            title = normalize_title(match["title"])
            target = _target(match, "w_")
            if title in aliases:
                citations.append(Citation(start, end, surface, "alias", title=aliases[title], target=target))
            else:
                citations.append(Citation(start, end, surface, "work", title=title, target=target))
                last_title = title
        elif kind == "selfref":
            citations.append(Citation(start, end, surface, "internal", target=_target(match, "s_"),
                                      self_word=match["selfword"]))
        elif kind == "docno":
            found = _docno(match, text)
            if found is not None:
                citations.append(found)
        elif kind == "internal":
            after = scan[max(0, start - 2):start] in ("作为", "改为")
            citations.append(Citation(start, end, surface, "internal", target=_target(match), renumbered=after))
        elif kind == "relative":
            para, item = match["rpara"], match["ritem"]
            target = Target(paragraph=cn_to_int(para) if para else None, item=cn_to_int(item) if item else None)
            citations.append(Citation(start, end, surface, "relative", relative=match["rel"],
                                      target=target if (para or item) else None))
        elif kind == "barepara":
            citations.append(Citation(start, end, surface, "relative", relative="第款",
                                      target=Target(paragraph=cn_to_int(match["bpara"]))))
        elif kind == "bareitem":
            citations.append(Citation(start, end, surface, "relative", relative="第项",
                                      target=Target(item=cn_to_int(match["bitem"]))))
        # An alias defined right after this citation: （以下简称《意见》）
        definition = _ALIAS_DEF.match(scan, end + (1 if scan[end:end + 1] in "（(" else 0))
        if definition and definition["title"] and last_title:
            aliases[definition["title"]] = last_title
    terms = sorted({m["term"] for m in _ALIAS_DEF.finditer(scan) if m["term"]}, key=lambda t: (-len(t), t))
    if terms:  # one pass for every defined term (at most _MAX_TERMS of them)
        uses = re.compile("“(?:" + "|".join(map(re.escape, terms[:_MAX_TERMS])) + ")”")
        for match in uses.finditer(scan):
            if len(citations) >= MAX_CITATIONS:
                break
            if not scan[max(0, match.start() - 6): match.start()].endswith(("以下简称", "简称")):
                citations.append(Citation(match.start(), match.end(), text[match.start():match.end()], "alias",
                                          title=None, relative=match.group()[1:-1]))
    return sorted(citations, key=lambda c: c.start)
