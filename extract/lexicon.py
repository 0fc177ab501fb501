"""The agency lexicon: who can hold a duty, harvested from the corpus, with canonical names.

An agency name ends in an institutional suffix (部门, 局, 委员会, 办公室, 人民政府, 单位, 企业,
机构 …). :func:`harvest` finds each suffix and reads leftwards over the name's characters,
then cuts at the last word that cannot be part of a name (由, 对, 向, 负责, 会同, 的 …), so
``联席会议由市市场监督管理局`` gives ``市市场监督管理局``. A few parties without a suffix
(业主, 责任人, 任何单位和个人) are listed in :data:`PARTIES`.

Canonical names, so that 市工信局 and 市工业和信息化局 meet (:func:`canonical_names`):

1. the reviewed data file ``extract/data/agencies.tsv`` (``name``, ``canonical``, ``kind``):
   standard abbreviations of departments, and harvested names marked ``noise`` that are
   not agencies (格局 is not a 局); and ``extract/data/national-bodies.tsv``: the State
   Council's departments and the other national bodies, past and present (公安部, 海关总署,
   质检总局, 银保监会), whose names have no suffix the harvest reads (部, 总署) or no
   jurisdiction before a short one (质检总局), each with the short name gov.cn prints as its
   canonical one (住房和城乡建设部 -> 住房城乡建设部). Bare short forms that a local text uses
   for its own bureau (药监局, 卫生健康委) are not listed: only forms no local body bears;
2. a jurisdiction before a functional department is a qualifier, not part of the name:
   ``市、县（市、区）人民政府城镇供水行政主管部门`` -> ``城镇供水行政主管部门``;
3. an abbreviation meets the one longer name of the lexicon that has its first character,
   its suffix family (局, 委/委员会, 办/办公室) and its characters in order:
   ``市人社局`` -> ``市人力资源和社会保障局``, ``市卫生健康委`` -> ``市卫生健康委员会``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

#: The reviewed lexicon shipped with the package.
DATA_FILE = Path(__file__).resolve().parent / "data" / "agencies.tsv"

__all__ = ["DATA_FILE", "Agency", "Lexicon", "harvest", "load_lexicon", "write_lexicon_tsv", "function_of", "PARTIES",
           "SUFFIXES", "issued_nationally"]

#: Institutional suffixes, longest first.
SUFFIXES = ("行政主管部门", "主管部门", "管理部门", "执法部门", "部门", "委员会", "办公室", "办公厅", "管委会", "领导小组",
            "联席会议", "人民政府", "政府", "办事处", "单位", "企业", "机构", "中心", "公司", "银行", "支行", "分行", "机关", "局", "厅", "委", "办")
_SHORT = ("局", "厅", "委", "办")  # one-character suffixes need a jurisdiction before them
#: Words that end in a one-character suffix but are no agency.
_NOT_SHORT = ("格局", "布局", "结局", "督办", "承办", "主办", "举办", "创办", "开办", "兴办", "代办", "协办", "领办", "交办",
              "转办", "包办", "查办", "会办", "帮办", "常委", "编委", "党委", "当局", "邮局", "赛局", "棋局", "分局")
#: Parties named without an institutional suffix.
PARTIES = ("业主大会", "任何单位和个人", "物业使用人", "个体工商户", "责任人", "业主", "用户")
#: A named province (the provincial-level names of China) or city (廊坊市, 乌鲁木齐市), whatever
#: gazette the corpus holds. A city is two to four characters before 市, not opening with a
#: function word (和, 经, 跨 …: 和河北省, 方案经市), and not 市场, 市容, 市民, 市政, 市区.
_PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
              "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
              "台湾", "内蒙古", "广西壮族", "西藏", "宁夏回族", "新疆维吾尔", "香港特别行政区", "澳门特别行政区")
PLACE = (rf"(?:(?:{'|'.join(_PROVINCES)})(?:省|市|自治区)?(?![场容民政区])"
         r"|(?![和经跨与及在向对由从为将方等各全本我])[\u4e00-\u9fff]{2,4}市(?![场容民政区]))")
#: A named county or district (广阳区, 固安县, 大厂回族自治县), not a kind of area (辖区, 开发区).
COUNTY = (r"(?![和经跨与及在向对由从为将方等各全本我该两一二三四五六七八九十])[\u4e00-\u9fff]{1,5}(?<!辖|社|园|城|市|景|小|片|街|地|新|郊|山|矿|灾|库|牧|林"
          r"|发|范|验|能|护|县|边|周|管|属)(?:区|县)")
JURISDICTION = re.compile(
    rf"^(?:{PLACE}|国务院|国家|省|市、县（市、区）|县（市、区）|各县（市、区）|市|县|区|各区|各级|本级|乡镇|街道)")
#: Words after which a name starts: the name is what follows the last of them (以 but not
#: in 县级以上, which belongs to the name: 县级以上地方人民政府房地产行政主管部门).
_CUT = re.compile(
    r"(?:以下简称|以下统称|本办法所称|所称|会同|负责|接受|报送|设在|移交|委托|授权|协助|配合|督促|指导|组织|通知|按照|根据|以及|或者|"
    r"依法|不得|应当|可以|必须|强制|鼓励|支持|推进|推动|加强|引导|落实|贯彻|提升|完善|建立|健全|培育|强化|深化|促进|实现|确保|积极|进一步|全面|严格|"
    r"加快|提高|降低|减轻|解决|帮助|明确|研究|选聘|选举|解聘|认定|确定|遴选|设立|引进|引入|争取|探索|统筹|整合|通过|"
    r"投资|用于|未经|擅自|下达|提交|抄送|代行|主持|召集|承担|参加|牵头|调动|更换|采取|压实|做好|聚合|联合|召开|成立|产生|"
    r"包括|享受|纳入|发现|告知|改善|要求|构建|清理|激励|带动|扶持|吸引|随着|融入|求|告|指(?!挥)|"
    r"由|对|向|与|同|报|请|或|及|并|将|为|是|的|在|从|给|被|等|到|至|让|把|其|即|如|(?<!级)以|于|且|该|也|但|按|他|年|月|"
    r"我市|本地|全市|市内|域内|各类)")
#: What an abridged government (…政府, not …人民政府) names before 政府: its jurisdiction alone.
_GOVERNMENT_OF = re.compile(rf"(?:各)?(?:{PLACE}|{COUNTY}|省|市|县|区|县（市、区）|县（市）|乡镇|乡（镇）|县级|市级)")
_GOVERNMENT_END = ("部门", "局", "厅", "委", "办", "人民政府", "政府", "办事处", "管委会", "机关", "办公室", "办公厅")
_BODY_END = ("领导小组", "联席会议", "委员会")
_NOT_AN_END = {"委": "员托", "局": "长党", "厅": "长", "办": "法", "部门": "长", "中心": "支", "分行": "业"}  # 委员, 委托, 中心支行, 分行业
_ENDS_NAME = ("主", "人", "户", "政府", "局", "委", "办", "厅", "部", "署", "部门", "单位", "机构", "会", "处", "室", "企业", "中心", "组", "议")


@dataclass(frozen=True)
class Agency:
    name: str
    canonical: str
    kind: str  # government, body (committees, joint meetings), party (units, firms, people), noise
    count: int = 0  # occurrences in the corpus it was harvested from
    scope: str = ""  # national: a name read only in a text a national body issues (药监局)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _extend_left(text: str, start: int, limit: int = 24) -> int:
    """The leftmost index of a name that ends at ``start``: CJK characters, and （…、…）."""
    i, depth = start, 0
    while i > 0 and start - i < limit:
        ch = text[i - 1]
        if ch == "）":
            depth += 1
        elif ch == "（":
            if depth == 0:
                break
            depth -= 1
        elif ch == "、" and depth > 0:
            pass
        elif ch == "、" and text[i:].startswith("县（市、区）") and i >= 2 and text[i - 2] in "省市":
            pass  # 市、县（市、区）人民政府
        elif not _is_cjk(ch):
            break
        i -= 1
    if depth:  # an unbalanced ）: do not reach into it
        close = text.rfind("）", i, start)
        i = close + 1 if close >= 0 else i
    return i


def _cut(candidate: str) -> str:
    """Drop what precedes the name: everything up to the last cut word outside （）."""
    best = 0
    depth = 0
    outside = set()  # positions outside （）
    for i, ch in enumerate(candidate):
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth -= 1
        elif depth == 0:
            outside.add(i)
    for m in _CUT.finditer(candidate):
        if m.start() in outside and m.end() < len(candidate):
            best = max(best, m.end())
    # 和 joins two names when what precedes it is itself a name (市发改委和市行政审批局),
    # and is part of one otherwise (住房和城乡建设局).
    for m in re.finditer("和", candidate):
        if m.start() in outside and candidate[:m.start()].endswith(_ENDS_NAME):
            best = max(best, m.end())
    for i in outside:  # two names written together (市卫生健康委市发改委): the last one
        if 1 < i < len(candidate) - 1 and candidate[i] in "市县省" and candidate[:i].endswith(_GOVERNMENT_END):
            best = max(best, i)
    for i, ch in enumerate(candidate):
        if ch == "、" and i in outside and not candidate[max(0, i - 1):].startswith(("市、县（", "省、县（")):
            best = max(best, i + 1)
    return candidate[best:]


def _acceptable(name: str) -> bool:
    suffix = next((s for s in SUFFIXES if name.endswith(s)), "")
    body = name[: len(name) - len(suffix)]
    if not suffix or not body or len(name) > 22:
        return False
    if suffix == "政府":  # 市政府, 各县（市、区）政府, 广阳区政府: a jurisdiction's government, abridged
        return bool(_GOVERNMENT_OF.fullmatch(body))
    if suffix in _SHORT:
        return bool(JURISDICTION.match(name)) and len(name) <= 12 and not name.endswith(_NOT_SHORT) \
            and len(body) >= 2 and not body.endswith(("市", "县", "区", "省"))
    if suffix in ("单位", "企业", "机构", "中心", "公司", "银行", "支行", "分行") and len(body) < 2:
        return False
    if name.startswith(("（", "和", "及", "与", "或")) or "有限" in name or "股份" in name:
        return False  # an outline label (（一）企业), or a company of a list
    return name.count("（") == name.count("）")


def harvest(texts: Iterable[str]) -> Counter[str]:
    """Agency names of a corpus with their counts (plus the parties of :data:`PARTIES`)."""
    return trim_names(name_counts(texts))


def trim_names(counts: Counter[str]) -> Counter[str]:
    """The names counted by :func:`name_counts` (over any split of a corpus, added up), with
    the words that lead some of them and are no part of a name dropped (:func:`_trim_leading`)."""
    return _trim_leading(Counter({k: v for k, v in counts.items() if v}))


def name_counts(texts: Iterable[str]) -> Counter[str]:
    """What :func:`harvest` counts in each text, before the names are trimmed: counts of
    parts of a corpus add up to the counts of the whole (a build keeps each document's)."""
    counts: Counter[str] = Counter()
    suffix_re = re.compile("|".join(SUFFIXES))
    for text in texts:
        for m in suffix_re.finditer(text):
            end = m.end()
            if end < len(text) and text[end] in _NOT_AN_END.get(m.group(0), ""):  # 委员, 局长, 办法
                continue
            if text[m.start() - 1:m.start()] == "副":  # 副局长
                continue
            name = _cut(text[_extend_left(text, m.start()):end])
            if _acceptable(name):
                counts[name] += 1
        for m in _PARTY_DEPARTMENT.finditer(text):  # 市委宣传部: 部 is no suffix of a local body otherwise
            counts[m.group(0)] += 1
        for party in PARTIES:
            counts[party] += text.count(party)
    return counts


#: A department of a local party committee (市委宣传部, 市委组织部, 县委统战部), which local plans
#: give tasks as they give them to the government's departments.
_PARTY_DEPARTMENT = re.compile(r"[省市县区]委[\u4e00-\u9fff]{2,3}部(?![门长分])")


#: Parts of speech (jieba's tags) of a word that leads a harvested name without being part of
#: it: verbs, adverbs, measure words, numerals, conjunctions, prepositions.
_LEADING_TAGS = ("v", "vg", "d", "ad", "q", "m", "c", "p")


def _trim_leading(counts: Counter[str]) -> Counter[str]:
    """Drop leading words that are no part of a name when the rest is a name of its own.

    The cut words cannot list every verb: 发挥消防安全委员会, 次消防安全委员会 and
    实行物业管理联席会议 come from 发挥…作用 and 召开一次…会议. A leading verb, adverb, measure
    word or numeral (jieba's part of speech) goes when what remains was harvested elsewhere
    by itself, so 承储企业 and 审计机关 (their rest, 企业 and 机关, is no name) stay whole.
    """
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())  # private: no global state
    out: Counter[str] = Counter()
    for name in sorted(counts):
        kept = name
        while True:
            first = next(iter(tagger.cut(kept)))
            rest = kept[len(first.word):]
            if not (first.flag in _LEADING_TAGS and rest != kept and rest in counts and _acceptable(rest)
                    and not rest.startswith("服务")):  # 停车服务企业: 服务… needs what qualifies it
                break
            kept = rest
        out[kept] += counts[name]
    return out


_LEVEL = re.compile(rf"^(?:各)?(?:{PLACE}|省|市、县（市、区）|县（市、区）|市(?!场)|县|区|乡镇|乡（镇）)?级?(?:人民政府的?|政府)?")


def function_of(name: str) -> str | None:
    """The function a government department serves at every level, without its level:
    市、县（市、区）物业管理行政主管部门, 县（市、区）物业管理行政主管部门 and 市物业管理行政主管部门
    -> 物业管理行政主管部门; 县级生态环境部门 -> 生态环境部门. None for a name with no function
    of its own (人民政府, 有关部门, 各部门).

    The canonical name keeps the level (the city's department is not the county's); this
    only lets pages show the same function at other levels.
    """
    function = _LEVEL.sub("", name)
    if len(function) < 4 or function.startswith(("有关", "相关", "各", "下列")) or function in SUFFIXES:
        return None
    return function if function.endswith(_GOVERNMENT_END) else None


def kind_of(name: str) -> str:
    if name.endswith("经办机构"):  # the public bodies that run social insurance (医保经办机构)
        return "government"
    if name.endswith(_BODY_END) and not JURISDICTION.match(name):
        return "body"
    if name.endswith(_GOVERNMENT_END) or (JURISDICTION.match(name) and not name.endswith(("企业", "单位", "公司"))):
        return "government"
    return "party"


_QUALIFIED = re.compile(r"^(?P<jur>(?:市、)?(?:各)?(?:县（市、区）|市|县|区|省|乡镇)(?:级)?)人民政府(?P<name>[^（）]{2,}部门)$")


def _family(name: str) -> tuple[str, str] | None:
    """(suffix family, stem) of a jurisdiction's department: 市人社局 -> (局, 市人社)."""
    for full, family in (("委员会", "委"), ("办公室", "办"), ("局", "局"), ("厅", "厅"), ("委", "委"), ("办", "办")):
        if name.endswith(full):
            return family, name[: -len(full)]
    return None


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@dataclass(frozen=True)
class Lexicon:
    """Names -> (canonical name, kind); the names longest first for matching."""

    entries: tuple[Agency, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {a.name: a for a in self.entries})

    def get(self, name: str) -> Agency | None:
        return self._by_name.get(name)  # type: ignore[attr-defined]

    def canonical(self, name: str) -> str:
        entry = self.get(name)
        return entry.canonical if entry else _unqualified(name)

    def names(self) -> list[str]:
        """Every name to recognise, longest first (noise and the names of national scope excluded)."""
        return sorted((a.name for a in self.entries if a.kind != "noise" and not a.scope), key=lambda n: (-len(n), n))

    def national(self) -> Lexicon:
        """The lexicon a text issued by a national body is read with: its short names of the
        national bodies (药监局 = 国家药监局) are names there."""
        if not any(a.scope for a in self.entries):
            return self
        return Lexicon(tuple(replace(a, scope="") for a in self.entries))

    def merge(self, counts: Counter[str]) -> Lexicon:
        """This lexicon with the names of another corpus added (their canonical names derived)."""
        # reviewed entries (count 0: aliases, noise) stay; harvested ones follow the corpus
        known = {a.name: replace(a, count=0) for a in self.entries if a.count == 0 or a.name in counts}
        for name, count in counts.items():
            if name in known:
                known[name] = replace(known[name], count=count)
            else:
                known[name] = Agency(name, "", kind_of(name), count)
        return Lexicon(tuple(_canonicalise(known.values())))


def _unqualified(name: str) -> str:
    """The department without the jurisdiction before it (市、县（市、区）人民政府X部门 -> X部门)."""
    m = _QUALIFIED.match(name)
    return m.group("name") if m else name


def _canonicalise(entries: Iterable[Agency]) -> list[Agency]:
    entries = sorted(entries, key=lambda a: a.name)
    names = {a.name for a in entries if a.kind != "noise"}
    # the departments by first character and suffix family, with their stems: the longer
    # spellings of a name are looked for among its own kind only (each name against all
    # 28,000 of an archive took seconds)
    departments: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for n in sorted(names):
        if (f := _family(n)) is not None:
            departments.setdefault((n[0], f[0]), []).append((n, f[1]))
    out = []
    for a in entries:
        if a.canonical:
            out.append(a)
            continue
        canonical = _unqualified(a.name)
        family = _family(canonical)
        for short, full in (("委", "委员会"), ("办", "办公室")):
            if canonical.endswith(short) and canonical[: -len(short)] + full in names:
                canonical = canonical[: -len(short)] + full  # 市卫生健康委 -> 市卫生健康委员会
                family = None
        if family and JURISDICTION.match(canonical) and a.kind == "government":
            suffix, stem = family
            longer = [(n, s) for n, s in departments.get((canonical[0], suffix), ())
                      if n != canonical and len(n) > len(canonical) and len(s) > len(stem)
                      and _subsequence(stem, s) and s.startswith(stem[:2])]
            # the full form: the longest spelling (市卫生健康委员会 over 市卫生健康委)
            longer.sort(key=lambda pair: (-len(pair[0]), pair[0]))
            stems = [s for _, s in longer]
            # several spellings of one full name (市发展改革委, 市发展和改革委员会): the longest
            if stems and all(_subsequence(stem_, stems[0]) for stem_ in stems):
                canonical = longer[0][0]
        out.append(replace(a, canonical=canonical))
    # a canonical name that is itself an alias goes one step further (but not back to the name)
    final = {a.name: a.canonical for a in out}

    def further(a: Agency) -> str:
        onward = final.get(a.canonical, a.canonical)
        return a.canonical if onward == a.name else onward

    return [replace(a, canonical=further(a)) for a in out]


def load_lexicon(text: str | None = None) -> Lexicon:
    """The reviewed lexicon shipped in ``extract/data/agencies.tsv`` with the national bodies of
    ``extract/data/national-bodies.tsv`` (or the TSV given, alone)."""
    if text is not None:
        return Lexicon(tuple(_canonicalise(_entries(text, "agencies.tsv"))))
    data = resources.files("extract").joinpath("data")
    entries = {a.name: a for a in _entries(data.joinpath("agencies.tsv").read_text(encoding="utf-8"), "agencies.tsv")}
    # a national body's canonical name is its gov.cn short name, whatever the harvest made of it
    entries.update((a.name, a) for a in _national_entries())
    return Lexicon(tuple(_canonicalise(entries.values())))


def _rows(text: str, name: str, columns: str) -> Iterator[list[str]]:
    """The rows of a lexicon TSV (comments and the header left out), each with at least name,
    canonical and kind; ``columns`` names them for the message of a short row."""
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), 1):
        if not row or row[0].startswith("#") or row[0] == "name":
            continue
        if len(row) < 3:
            raise ValueError(f"{name}, line {number}: expected {columns}")
        yield row


def _entries(text: str, name: str) -> list[Agency]:
    """``agencies.tsv``: name, canonical, kind, count."""
    return [Agency(row[0], row[1], row[2], int(row[3]) if len(row) > 3 and row[3] else 0)
            for row in _rows(text, name, "name, canonical, kind, count")]


@cache
def _national_entries() -> tuple[Agency, ...]:
    """``extract/data/national-bodies.tsv``: name, canonical, kind, scope."""
    text = resources.files("extract").joinpath("data/national-bodies.tsv").read_text(encoding="utf-8")
    return tuple(Agency(row[0], row[1], row[2], 0, row[3] if len(row) > 3 else "")
                 for row in _rows(text, "national-bodies.tsv", "name, canonical, kind, scope"))


@cache
def national_names() -> frozenset[str]:
    """The names of ``extract/data/national-bodies.tsv``."""
    return frozenset(a.name for a in _national_entries())


#: Issuers whose texts speak of the national bodies by their short names (国务院办公厅, 民政部,
#: 国家地震局, 中共中央办公厅): the State Council, its departments and the central organs.
_NATIONAL_ISSUER = re.compile(r"^(?:国务院|国家|中共中央|中央|全国人民代表大会|全国人大|最高人民法院|最高人民检察院|"
                              r"中华人民共和国)")


def issued_nationally(issuer: str) -> bool:
    """Whether a text's issuer is a national body (its first, where several issue it jointly)."""
    first = re.split(r"[、，,\s]", issuer.strip(), maxsplit=1)[0]
    return bool(first) and (bool(_NATIONAL_ISSUER.match(first)) or first in national_names())


def write_lexicon_tsv(lexicon: Lexicon) -> str:
    """``agencies.tsv`` as the lexicon gives it: the national bodies the corpus does not name
    stay in their own file."""
    national = national_names()
    lines = ["# The agency lexicon: harvested from corpus/ by `gazette lexicon`, then reviewed.",
             "# canonical: the name it meets under; kind: government, body, party, or noise (not an agency).",
             "name\tcanonical\tkind\tcount"]
    for a in sorted(lexicon.entries, key=lambda a: (a.kind == "noise", a.canonical, a.name)):
        if a.name in national and not a.count:
            continue
        lines.append(f"{a.name}\t{a.canonical}\t{a.kind}\t{a.count}")
    return "\n".join(lines) + "\n"
