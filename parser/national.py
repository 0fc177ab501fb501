"""The national works other texts cite: a catalogue shipped as data.

``parser/data/national.jsonl`` is built by ``tools/national_catalogue.py`` from the public
LawRefBook/Laws collection (each line names its source commit and path): the national
laws, administrative regulations, judicial interpretations and departmental rules, with
their short titles, level, dates, status (repealed, when and by what) and number of
articles. A citation of 《中华人民共和国民法典》第九百四十二条 or 《物业管理条例》第三十五条
is then known for what it is, checked against the work's extent, given the work's status
on a date, and linked through a URL template of the user's choice.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from .grammar import EDITION_NOTE
from .normalize import norm_title
from .records import Target

__all__ = ["NationalWork", "NationalCatalogue", "CATALOGUE"]

CATALOGUE = Path(str(files("parser") / "data" / "national.jsonl"))
_PRC = "中华人民共和国"
_EDITION = re.compile(rf"{EDITION_NOTE}$")


@dataclass(frozen=True)
class NationalWork:
    title: str
    aliases: tuple[str, ...]
    level: str | None
    published: str | None
    effective: str | None
    status: str  # in_force or repealed (as the source says today)
    repealed: str | None
    repealed_by: str | None
    articles: int | None  # the highest article number of the current text
    history: tuple[str, ...] = ()
    source: dict[str, str] = field(default_factory=dict, compare=False)

    def status_on(self, day: str | None) -> str:
        """in_force, repealed or not_yet_in_force on ``day`` (today's status without a day)."""
        if day is None:
            return self.status
        if self.repealed is not None:
            return "repealed" if day >= self.repealed else ("not_yet_in_force" if self._before(day) else "in_force")
        if self.status == "repealed":
            return "repealed"  # the source says so, without a date
        return "not_yet_in_force" if self._before(day) else "in_force"

    def _before(self, day: str) -> bool:
        return self.effective is not None and day < self.effective

    def problem(self, target: Target | None) -> str | None:
        """Why a provision of this work cannot exist, or None."""
        if target is None or target.article is None or self.articles is None:
            return None
        if target.article > self.articles:
            return f"《{self.title}》 has {self.articles} articles: there is no {target.label}"
        return None

    def url(self, template: str, target: Target | None = None) -> str | None:
        """The template with ``{title}`` and ``{article}`` filled in (URL-quoted); None without one."""
        if not template:
            return None
        article = str(target.article) if target is not None and target.article is not None else ""
        return template.replace("{title}", quote(self.title)).replace("{article}", article)

    def as_json(self, day: str | None = None) -> dict[str, object]:
        return {"title": self.title, "aliases": list(self.aliases), "level": self.level,
                "published": self.published, "effective": self.effective, "status": self.status,
                "status_on": {"date": day, "status": self.status_on(day)} if day else None,
                "repealed": self.repealed, "repealed_by": self.repealed_by, "articles": self.articles,
                "source": self.source}


class NationalCatalogue:
    """Titles and short titles to works. A short title shared by two works finds neither."""

    def __init__(self, works: list[NationalWork]) -> None:
        self.works = works
        self._by_title = {w.title: w for w in works}
        by_alias: dict[str, list[NationalWork]] = {}
        for work in works:
            for alias in work.aliases:
                by_alias.setdefault(alias, []).append(work)
        self._by_alias = {alias: found[0] for alias, found in by_alias.items() if len(found) == 1
                          and alias not in self._by_title}

    @classmethod
    @functools.cache
    def load(cls, path: Path = CATALOGUE) -> NationalCatalogue:
        works = []
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                data = json.loads(line)
                works.append(NationalWork(
                    title=data["title"], aliases=tuple(data["aliases"]), level=data["level"],
                    published=data["published"], effective=data["effective"], status=data["status"],
                    repealed=data["repealed"], repealed_by=data["repealed_by"], articles=data["articles"],
                    history=tuple(data["history"]), source=data["source"]))
        return cls(works)

    def find(self, title: str) -> NationalWork | None:
        """The work a cited title names: the full title, with or without 中华人民共和国, or a
        short title only one work has; an edition note after it is ignored."""
        wanted = _EDITION.sub("", norm_title(title)).strip("《》")
        for candidate in (wanted, _PRC + wanted, wanted.removeprefix(_PRC)):
            work = self._by_title.get(candidate) or self._by_alias.get(candidate)
            if work is not None:
                return work
        return None

    def titles(self) -> list[str]:
        """Every title and unique short title, longest first (for finding titles without 《》)."""
        return sorted({*self._by_title, *self._by_alias}, key=lambda t: (-len(t), t))
