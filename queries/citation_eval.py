"""The labelled citations and their figures: precision and recall of linking, per form.

``queries/data/citations.jsonl`` holds texts written as judgments, news and official
documents write (and sentences of the corpus itself), each with every citation in it: its
exact text, its form (brackets, no-brackets, edition, arabic, list, range, anaphora, sub,
docno, order, national, nonexistent, external, …) and its target, a provision of the
knowledge base (document and numbers), a national work (title and article), or null: a
citation that must not be linked (a work outside both, an article that does not exist).

* precision: of the spans :meth:`Resolver.link` links, those linked to the labelled target;
* recall: of the labelled citations with a target, those linked to it;
* held back: of the citations labelled null, those found and left unlinked (a span with
  its reason), so a user is told why.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TypedDict

from parser.references import provision_for
from parser.records import Target

from .citations import Resolver

__all__ = ["LABELLED", "load_labelled", "evaluate_links", "LinkFigures", "LabelledText", "LabelledCitation",
           "LabelledTarget", "Mistake"]

LABELLED = Path(str(files("queries") / "data" / "citations.jsonl"))


class LabelledTarget(TypedDict, total=False):
    """A labelled citation's target: a document of the knowledge base (``document``, with
    ``article``, ``paragraph``, ``item`` for a provision) or a national work (``national``)."""

    document: str
    national: str
    article: int | None
    paragraph: int | None
    item: int | None


class LabelledCitation(TypedDict):
    text: str
    form: str
    target: LabelledTarget | None  # None: a citation that must not be linked


class LabelledText(TypedDict, total=False):
    text: str  # (always)
    citations: list[LabelledCitation]  # (always)
    style: str  # the kind of text it is written as: judgment, news, contract …
    source: str  # where a real text came from


class Mistake(TypedDict):
    text: str
    citation: str
    form: str
    wanted: str | None
    got: str | None
    reason: str


def load_labelled(path: Path = LABELLED) -> list[LabelledText]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class LinkFigures:
    form: str
    labelled: int  # citations of this form with a target
    linked: int  # spans linked that were labelled with this form (or none: "unlabelled")
    right: int  # linked to the labelled target
    held: int  # citations labelled null
    held_back: int  # of those, found and left unlinked

    @property
    def precision(self) -> float | None:
        return self.right / self.linked if self.linked else None

    @property
    def recall(self) -> float | None:
        return self.right / self.labelled if self.labelled else None

    def as_json(self) -> dict[str, object]:
        return {"form": self.form, "labelled": self.labelled, "linked": self.linked, "right": self.right,
                "precision": None if self.precision is None else round(self.precision, 4),
                "recall": None if self.recall is None else round(self.recall, 4),
                "held": self.held, "held_back": self.held_back}


def expected_id(resolver: Resolver, target: LabelledTarget | None) -> str | None:
    """The id a labelled target has: ``doc``, ``doc/eid`` or ``national/title[/art_N]``."""
    if target is None:
        return None
    if "national" in target:
        return f"national/{target['national']}" + (f"/art_{target['article']}" if target.get("article") else "")
    doc = resolver.catalog.by_id[target["document"]]
    if target.get("article") is None:
        return doc.id
    eid, reason = provision_for(doc, Target(target["article"], target.get("paragraph"), target.get("item")))
    if eid is None:
        raise ValueError(f"labelled target does not exist: {reason}")
    return f"{doc.id}/{eid}"


def evaluate_links(resolver: Resolver, rows: list[LabelledText]) -> tuple[list[LinkFigures], list[Mistake]]:
    """Figures per form and over all (form ``all``), and the mistakes (for inspection)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    mistakes: list[Mistake] = []
    for row in rows:
        text = row["text"]
        spans = {(s["start"], s["end"]): s for s in resolver.link(text)}
        labelled, cursor = set(), 0
        for cite in row["citations"]:
            start = text.index(cite["text"], cursor)
            end = cursor = start + len(cite["text"])
            labelled.add((start, end))
            form, wanted, span = cite["form"], expected_id(resolver, cite["target"]), spans.get((start, end))
            linked = span is not None and span["resolved"]
            got = span["target"]["id"] if linked else None
            if wanted is None:
                counts[form]["held"] += 1
                counts[form]["held_back"] += span is not None and not linked
                counts[form]["linked"] += linked
            else:
                counts[form]["labelled"] += 1
                counts[form]["linked"] += linked
                counts[form]["right"] += got == wanted
            if got != wanted or (wanted is None and span is None):
                mistakes.append({"text": text, "citation": cite["text"], "form": form, "wanted": wanted, "got": got,
                                 "reason": span["reason"] if span else "not found"})
        for (start, end), span in spans.items():
            if (start, end) not in labelled and span["resolved"]:
                counts["unlabelled"]["linked"] += 1
                mistakes.append({"text": text, "citation": span["text"], "form": "unlabelled", "wanted": None,
                                 "got": span["target"]["id"], "reason": "linked, but no citation is labelled there"})
    total: dict[str, int] = defaultdict(int)
    for form_counts in counts.values():
        for key, value in form_counts.items():
            total[key] += value
    figures = [LinkFigures(form, c["labelled"], c["linked"], c["right"], c["held"], c["held_back"])
               for form, c in sorted(counts.items())]
    figures.append(LinkFigures("all", total["labelled"], total["linked"], total["right"], total["held"],
                               total["held_back"]))
    return figures, mistakes
