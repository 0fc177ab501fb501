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
from collections.abc import Callable
from dataclasses import dataclass, replace

from .normalize import clean, norm_title
from .grammar import ARTICLE_OF, CN_NUMBER, EDITION_NOTE, NUMBER
from .numerals import cn_to_int
from .records import Target

__all__ = ["Citation", "find_citations", "SELF_WORDS", "MAX_CITATIONS"]

#: 本办法, 本细则, …: the citing document itself.
SELF_WORDS = "实施细则|实施方案|实施意见|工作方案|暂行办法|办法|细则|规定|条例|决定|方案|意见|通知|制度|规则|措施|规划|章程"

_PROV = (
    rf"第(?P<art>{NUMBER})条(?P<sub>{ARTICLE_OF})?(?![路街巷河道线渠沟桥船鱼狗])"
    rf"(?:第(?P<para>{NUMBER})款)?"
    rf"(?:第[（(](?P<item>{CN_NUMBER}|\d+)[）)]项|第(?P<item2>{CN_NUMBER})项)?"
    rf"(?:第(?P<point>{NUMBER})目)?"
)
_TITLE = r"《(?P<title>(?:[^《》\n]|《[^《》\n]*》)+)》"
_DOCNO = r"(?P<prefix>[\u4e00-\u9fff]{1,10})[〔\[［](?P<year>\d{4})[〕\]］]第?(?P<seq>\d+)号"
#: 廊坊市人民政府令〔2021〕第3号, 廊坊市人民政府令（2021年第1号）
_ORDER = (r"(?P<issuer>[\u4e00-\u9fff]{2,24}?令)(?:[〔\[［](?P<oyear>\d{4})[〕\]］]第(?P<oseq>\d+)号"
          r"|[（(](?P<oyear2>\d{4})年第(?P<oseq2>\d+)号[）)])")
#: 廊坊市人民政府第1号令: no year, so resolved only where the number is unique
_NUMBERED_ORDER = (r"(?P<nissuer>[\u4e00-\u9fff]{2,24}?(?:人民政府|国务院|常务委员会|委员会|部|总局|署))"
                   r"第(?P<nseq>\d+)号令")
#: An edition note between a title and its provision: （2021年修正）, （试行）, 〔2021〕
_NOTE = rf"(?P<note>{EDITION_NOTE})"
_RELATIVE = (rf"(?<![基成根资])(?P<rel>本条(?!件)|本款(?!项)|本项(?!目)|前款|前两款|前三款|前项(?!目)|前两项|前条(?!件))"
             rf"(?:第(?P<rpara>{NUMBER})款)?(?:第[（(](?P<ritem>{CN_NUMBER})[）)]项)?")
_BARE_PARA = rf"(?<![条第])第(?P<bpara>{NUMBER})款"
_BARE_ITEM = rf"(?<![款条第])第[（(](?P<bitem>{CN_NUMBER})[）)]项"
_ALIAS_DEF = re.compile(r"以下简称(?:为)?(?:《(?P<title>[^《》]{1,20})》|“(?P<term>[^“”]{1,20})”)")

#: 该办法第五十五条, 上述条例第三条: the work cited last (only with a provision: precision)
_ANAPHORA = rf"(?:该|上述|前述)(?P<anaword>{SELF_WORDS}|法){_PROV.replace('?P<', '?P<a_')}"
#: 同条第二款: the article cited last
_SAME = rf"同条(?:第(?P<same_para>{NUMBER})款)?(?:第[（(](?P<same_item>{CN_NUMBER}|\d+)[）)]项)?"

_PATTERN = re.compile(
    rf"""(?P<order>{_ORDER})
       |(?P<norder>{_NUMBERED_ORDER})
       |(?P<work>{_TITLE}{_NOTE}?(?:{_PROV.replace('?P<', '?P<w_')})?)
       |(?P<anaphora>{_ANAPHORA})
       |(?P<same>{_SAME})
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
_PREFIX_BOUNDARY = re.compile(r".*(?:[的和与及即在并、，（(《》“”据为经将对是]|根据|依据|依照|按照|参照|遵照|印发|转发|文件|通知|见"
                              r"|落实|贯彻|执行|编号)")


@dataclass(frozen=True)
class Citation:
    start: int
    end: int
    text: str
    kind: str  # internal, relative, work, docno, order, alias
    title: str | None = None  # the cited title, 〈〉 as 《》
    number: str | None = None  # 廊政字〔2021〕12号 / 〔2021〕第3号; of a work: the number written after it
    issuer: str | None = None  # of an order: 廊坊市人民政府
    target: Target | None = None  # provision numbers
    relative: str | None = None  # 本条, 前款, 第二款 (bare), …
    self_word: str | None = None  # 办法 in 本办法
    renumbered: bool = False  # 作为第三条 / 改为第三条: numbered as *after* an amendment
    sub: str | None = None  # 之一 in 第十条之一: an article inserted after 第十条
    note: str | None = None  # an edition note written after the title: （2021年修正）
    inferred: str | None = None  # how the work was known: title (no 《》), anaphora (该办法), same (同条), list, range


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


#: How far before a bare 第N条 a title without 《》 is looked for.
TITLE_WINDOW = 48
#: Given the text just before a bare 第N条 (at most ``TITLE_WINDOW`` characters), the length
#: of the title without 《》 that ends it and the title it stands for, or None.
TitleBefore = Callable[[str], "tuple[int, str] | None"]


def find_citations(text: str, title_before: TitleBefore | None = None) -> list[Citation]:
    """Every citation in ``text`` (the first ``MAX_CITATIONS``), in order, with spans into
    ``text`` itself. Full-width digits are read as digits; spans index the original string.

    Text from elsewhere writes titles without 《》 (依照廊坊市城镇二次供水管理办法第24条):
    ``title_before``, given what stands before a bare provision, says whether a known title
    ends there; the parser knows no titles, the caller does.
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
            year, seq = match["oyear"] or match["oyear2"], match["oseq"] or match["oseq2"]
            number = f"〔{year}〕第{int(seq)}号"
            citations.append(Citation(start, end, surface, "order", number=number, issuer=issuer[:-1]))
        elif kind == "norder":
            issuer = match["nissuer"]
            boundary = _PREFIX_BOUNDARY.match(issuer)
            if boundary:
                issuer = issuer[boundary.end():]
                start = match.end("nissuer") - len(issuer)
                surface = text[start:end]
            if issuer:
                citations.append(Citation(start, end, surface, "order", number=f"第{int(match['nseq'])}号",
                                          issuer=issuer))
        elif kind == "work":
            if scan[max(0, start - 4):start].endswith(("简称", "简称为")):
                continue  # the definition of an alias, not a use of it
            title = norm_title(match["title"])
            target = _target(match, "w_")
            extra = dict(sub=match["w_sub"], note=match["note"])
            if title in aliases:
                citations.append(Citation(start, end, surface, "alias", title=aliases[title], target=target, **extra))
            else:
                citations.append(Citation(start, end, surface, "work", title=title, target=target, **extra))
                last_title = title
        elif kind == "anaphora":
            if last_title is not None:  # 该办法 with nothing cited before it: not surely a citation
                citations.append(Citation(start, end, surface, "work", title=last_title, target=_target(match, "a_"),
                                          sub=match["a_sub"], inferred="anaphora"))
        elif kind == "same":
            before = citations[-1] if citations else None
            if before is not None and before.target is not None and before.target.article is not None:
                para, item = match["same_para"], match["same_item"]
                target = Target(before.target.article, cn_to_int(para) if para else None,
                                cn_to_int(item) if item else None)
                citations.append(replace(before, start=start, end=end, text=surface, target=target,
                                         inferred="same"))
        elif kind == "selfref":
            citations.append(Citation(start, end, surface, "internal", target=_target(match, "s_"),
                                      self_word=match["selfword"], sub=match["s_sub"]))
        elif kind == "docno":
            found = _docno(match, text)
            if found is not None:
                citations.append(found)
        elif kind == "internal" and title_before is not None and (found := title_before(
                scan[max(0, start - TITLE_WINDOW, citations[-1].end if citations else 0):start])) is not None:
            length, title = found
            start -= length
            citations.append(Citation(start, end, text[start:end], "work", title=title, target=_target(match),
                                      sub=match["sub"], inferred="title"))
            last_title = title
        elif kind == "internal":
            after = scan[max(0, start - 2):start] in ("作为", "改为")
            citations.append(Citation(start, end, surface, "internal", target=_target(match), renumbered=after,
                                      sub=match["sub"]))
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
    return _numbered_titles(_lists(sorted(citations, key=lambda c: c.start), scan), scan)


def _numbered_titles(citations: list[Citation], scan: str) -> list[Citation]:
    """《廊坊市市级储备粮管理办法》（廊政〔2016〕90号）: a title with its document number in
    brackets right after it; the number says which of the documents of that title is meant."""
    out = list(citations)
    for i, (work, number) in enumerate(zip(citations, citations[1:])):
        if (work.kind == "work" and work.target is None and number.kind in ("docno", "order")
                and re.fullmatch(r"[（(]", scan[work.end:number.start])):
            out[i] = replace(work, number=number.number)
    return out


#: Between two provisions of one list or range: 第三条、第五条和第七条, 第十条至第十二条
_JOINER = re.compile(r"(?:、|和|及|以及|或者|或|至|到|—|－|-|~|～)")


def _lists(citations: list[Citation], scan: str) -> list[Citation]:
    """A provision that continues a list or range after a cited work is of that work
    (《条例》第十条、第十二条: both of the 条例; 第十条第一款第（二）项、第（三）项: the second
    item of the same paragraph), not a provision of the citing text."""
    out: list[Citation] = []
    for citation in citations:
        before = out[-1] if out else None
        if (before is not None and before.target is not None and citation.kind in ("internal", "relative")
                and citation.self_word is None and citation.relative in (None, "第款", "第项")
                and citation.target is not None and _JOINER.fullmatch(scan[before.end:citation.start])):
            mine, theirs = citation.target, before.target
            if mine.article is not None:
                target = mine
            elif mine.paragraph is not None:
                target = Target(theirs.article, mine.paragraph)
            else:
                target = Target(theirs.article, theirs.paragraph, mine.item)
            citation = replace(before, start=citation.start, end=citation.end, text=citation.text, target=target,
                               sub=citation.sub, renumbered=citation.renumbered, note=None, relative=None,
                               inferred="range" if scan[before.end:citation.start] in "至到—－-~～" else "list")
        out.append(citation)
    return out
