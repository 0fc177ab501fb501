"""Chinese text analysis for the keyword index: jieba with a legal user dictionary.

The user dictionary is harvested from the corpus at build time, so that legal and
administrative terms stay whole (二次供水, 城镇供水行政主管部门, 门前三包):

* agency names: runs of characters ending in 部门, 主管部门, 局, 委员会, 办公室, 单位, 企业,
  机构, 中心, 办事处, 政府, stripped of leading function words (由, 对, 会同 …);
* defined terms in “” and short titles in 《》;
* document-number prefixes (廊政字, 冀政办发).

Each analyzer owns its own ``jieba.Tokenizer`` (no use of jieba's global state), created
lazily and then only read, so one analyzer can serve several threads.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import jieba
from whoosh.analysis import LowercaseFilter, StopFilter, Token, Tokenizer

jieba.setLogLevel(logging.WARNING)  # its progress lines are noise on a command line

__all__ = ["harvest_terms", "user_words", "write_user_dict", "JiebaTokenizer", "analyzer", "STOP_WORDS", "query_terms"]

_AGENCY = re.compile(
    r"[\u4e00-\u9fff（）]{2,18}?(?:行政主管部门|主管部门|管理部门|部门|委员会|办公室|管委会|局|单位|企业|机构|中心|办事处|人民政府)")
_LEADING = re.compile(r"^(?:（|由|对|向|和|与|及|的|按|经|在|是|为|会同|负责|组织|指导|或者|以及|报|并|将|请|及时|协助|督促|其他|相关|有关|各级|各|本级)+")
_QUOTED = re.compile(r"“([\u4e00-\u9fff]{2,10})”")
_TITLE = re.compile(r"《([^《》]{2,20})》")
_DOCNO = re.compile(r"([\u4e00-\u9fff]{2,5})〔\d{4}〕")

COMMON = 1_000  # a count in jieba's dictionary (of 60 million) from which a word is left to it
#: Function words of questions and of legal prose that carry no topic.
STOP_WORDS = frozenset("""
的 了 和 与 及 或 是 在 对 有 为 把 被 让 向 从 由 于 以 之 其 这 那 哪 哪些 哪个 谁 什么 怎么 怎样 如何 吗 呢 吧 啊
能 不能 可以 要 需要 应该 应当 会 能否 是否 什么样 多少 几 些 个 都 也 就 还 又 吗 么 嘛 给 跟 等 等等 问 请问
a an the of to in on for and or is are was were be by with what who which how when where why do does can
must should may from at as it its this that these those about into any have has
""".split())


def harvest_terms(texts: Iterable[str], min_count: int = 2) -> list[str]:
    """Legal terms of a corpus, most frequent first (ties in code-point order)."""
    return ranked_terms(term_counts(texts), min_count)


def ranked_terms(counts: Counter[str], min_count: int = 2) -> list[str]:
    """The terms counted by :func:`term_counts` (over any split of a corpus, added up) found
    ``min_count`` times or more, most frequent first (ties in code-point order)."""
    return sorted((t for t, n in counts.items() if n >= min_count), key=lambda t: (-counts[t], t))


def term_counts(texts: Iterable[str]) -> Counter[str]:
    """Each candidate term's count in ``texts``: counts of parts of a corpus add up to the
    counts of the whole (a build keeps each document's)."""
    counts: Counter[str] = Counter()
    for text in texts:
        for match in _AGENCY.finditer(text):
            term = _LEADING.sub("", match.group(0))
            if 4 <= len(term) <= 14:
                counts[term] += 1
        for pattern in (_QUOTED, _TITLE, _DOCNO):
            for match in pattern.finditer(text):
                counts[match.group(1)] += 1
    return counts


def user_words(terms: list[str]) -> list[str]:
    """The terms for the user dictionary: all but the common words of jieba's own dictionary
    (``COMMON`` or more in its counts). Those are kept whole already; a user entry would only
    raise their frequency, moving the words of every text they stand in: the 372 terms a new
    gazette added to an archive's dictionary (标准, 意见, 方案 among them) stand in 2,791 of
    its 3,355 documents, the 368 of them kept by this rule in 638. Rare words of jieba's dictionary (门前三包, counted 3 times) keep their
    entry: without it they are split in running text."""
    base = jieba.Tokenizer()
    base.check_initialized()
    return [term for term in terms if base.FREQ.get(term, 0) < COMMON]


def write_user_dict(path: Path, terms: list[str]) -> None:
    """jieba's format: one 'word frequency' a line; a high frequency keeps the word whole."""
    path.write_text("".join(f"{term} 20000\n" for term in terms if " " not in term), encoding="utf-8")


class JiebaTokenizer(Tokenizer):
    """A whoosh tokenizer over a private jieba dictionary (search mode: long words and
    their known sub-words, so 城镇供水行政主管部门 also matches 行政主管部门)."""

    def __init__(self, user_dict: str | None = None) -> None:
        self.user_dict = user_dict
        self._tokenizer: jieba.Tokenizer | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:  # whoosh pickles the schema
        return {"user_dict": self.user_dict}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.user_dict = state.get("user_dict")  # type: ignore[assignment]
        self._tokenizer = None
        self._lock = threading.Lock()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JiebaTokenizer) and other.user_dict == self.user_dict

    def __hash__(self) -> int:
        return hash(self.user_dict)

    def _jieba(self) -> jieba.Tokenizer:
        with self._lock:
            if self._tokenizer is None:
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                total = tokenizer.total
                if self.user_dict and Path(self.user_dict).exists():
                    tokenizer.load_userdict(self.user_dict)
                # each user word adds its frequency to the total, whose log every word of every
                # text pays: with an archive's thousands of harvested terms all texts would
                # segment differently. jieba's own total keeps a text's words a matter of that
                # text and the user words in it, so its analysis can be cached (index.analysed)
                tokenizer.total = total
                self._tokenizer = tokenizer
            return self._tokenizer

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, mode: str = "",
                 **kwargs: object) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for position, (word, start, end) in enumerate(self._jieba().tokenize(value, mode="search")):
            word = word.strip()
            if not word or not any(ch.isalnum() for ch in word):
                continue
            token.original = token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


def analyzer(user_dict: str | None = None):
    return JiebaTokenizer(user_dict) | LowercaseFilter() | StopFilter(stoplist=STOP_WORDS, minsize=1)


def query_terms(text: str, user_dict: str | None = None) -> list[str]:
    """The content words of a query, as the index sees them (for highlighting)."""
    return [t.text for t in analyzer(user_dict)(text)]
