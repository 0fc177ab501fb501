"""The spaCy pipeline, built in code from a blank Chinese model (nothing is downloaded).

``spacy.blank("zh")`` with the jieba segmenter; the segmenter is a private
``jieba.Tokenizer`` that knows the agency lexicon, so 城镇供水行政主管部门 stays one token
(jieba's global dictionary is left alone). Components:

* ``sentencizer`` on 。；！？ and ：, so a lead-in (应当履行下列职责：) is a sentence;
* ``entity_ruler``: AGENCY phrase patterns from the lexicon (id = canonical name) and a
  token pattern for titles in 《》 (LAW);
* ``gazette_values``: regular expressions mapped onto tokens with
  ``doc.char_span(..., alignment_mode="expand")`` where jieba's segmentation would hide a
  name or an amount: AGENCY names the ruler missed, DOCNO, FINE, MONEY, DEADLINE,
  DURATION, DATE. The numbers go into ``doc._.values`` (character span -> value).
"""

from __future__ import annotations

import logging
import re

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .lexicon import Lexicon
from .names import NameFinder
from .values import find_dates, find_durations, find_fines, find_money

__all__ = ["build_pipeline", "SENTENCE_ENDS"]

jieba.setLogLevel(logging.WARNING)

SENTENCE_ENDS = ["。", "；", "！", "？", "："]
_DOCNO = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕第?\d+号")
if not Doc.has_extension("values"):  # spaCy's extension registry is global: register once, at import
    Doc.set_extension("values", default=None)


@Language.factory("gazette_values", default_config={})
def _make_values(nlp: Language, name: str) -> "GazetteValues":
    return GazetteValues()


class GazetteValues:
    """Regular-expression entities, mapped to token spans; the ruler's spans are kept
    where they do not overlap a longer match."""

    def __init__(self) -> None:
        self.agencies: NameFinder | None = None
        self.canonical: dict[str, str] = {}

    def set_lexicon(self, lexicon: Lexicon) -> None:
        names = lexicon.names()
        self.agencies = NameFinder(names) if names else None
        self.canonical = {name: lexicon.canonical(name) for name in names}

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        values: dict[tuple[int, int], object] = {}
        # a national body's name is no name where it opens a department's (公安部 in 公安部门)
        spans = [e for e in doc.ents if not (e.label_ == "AGENCY" and e.text.endswith("部")
                                             and text[e.end_char:e.end_char + 1] == "门")]

        def add(start: int, end: int, label: str, value: object = None, kb_id: str = "") -> None:
            span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)
                values[(span.start_char, span.end_char)] = value if value is not None else (start, end)

        if self.agencies is not None:
            for start, end, name in self.agencies.finditer(text):
                if not (name.endswith("部") and text[end:end + 1] == "门"):
                    add(start, end, "AGENCY", (start, end), self.canonical[name])
        for m in _DOCNO.finditer(text):
            add(m.start(), m.end(), "DOCNO")
        for start, end, fine in find_fines(text):
            add(start, end, "FINE", fine)
        for start, end, money in find_money(text):
            add(start, end, "MONEY", money)
        for start, end, duration in find_durations(text):
            add(start, end, "DEADLINE" if duration.is_deadline else "DURATION", duration)
        for start, end, iso in find_dates(text):
            add(start, end, "DATE", iso)
        # longest first; a FINE keeps its MONEY parts as values (they are read from the fine)
        doc.ents = filter_spans(spans)
        doc._.values = values
        return doc


def build_pipeline(lexicon: Lexicon) -> Language:
    """A fresh pipeline; each holds its own jieba dictionary (build one per thread)."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    segmenter = jieba.Tokenizer()
    names = lexicon.names()
    segmenter.check_initialized()
    total = segmenter.total
    for name in names:
        segmenter.add_word(name, freq=20000)
    # add_word adds each frequency to the dictionary's total, whose log every word of every
    # sentence pays: with an archive's thousands of names the segmentation of all texts would
    # shift. The total of jieba's own dictionary keeps a text's words a matter of that text
    # and the names in it, so a document's statements can be cached (gazette.stages).
    segmenter.total = total
    nlp.tokenizer.jieba_seg = segmenter
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_ENDS})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    patterns = [{"label": "AGENCY", "pattern": name, "id": lexicon.canonical(name)} for name in names]
    patterns.append({"label": "LAW", "pattern": [{"ORTH": "《"}, {"ORTH": {"NOT_IN": ["《", "》", "。"]}, "OP": "+"},
                                                  {"ORTH": "》"}]})
    ruler.add_patterns(patterns)
    values = nlp.add_pipe("gazette_values")
    values.set_lexicon(lexicon)
    return nlp
