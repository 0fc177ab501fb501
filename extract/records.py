"""Records of the who-does-what extraction: entities and statements, frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Modality", "Entity", "Statement"]


class Modality(StrEnum):
    DUTY = "duty"  # 应当, 必须, 负责
    PROHIBITION = "prohibition"  # 不得, 禁止, 严禁
    PERMISSION = "permission"  # 可以, 有权, 方可
    PENALTY = "penalty"  # 处…罚款, 责令改正, 给予处分
    DEFINITION = "definition"  # 本办法所称…是指
    OTHER = "other"


@dataclass(frozen=True)
class Entity:
    """A span of a provision's text. Offsets are characters of the provision text.

    AGENCY and LAW carry ``canonical``; MONEY, FINE, DURATION and DEADLINE carry numbers:
    ``low``/``high`` (yuan, or multiples for ``unit`` ``times``; a duration's amount) and
    ``unit`` (yuan, times, hour, day, workday, week, month, quarter, year); ``kind`` says
    advance / within / before / every / annual / term for durations. DATE: ``canonical`` is
    the ISO date.
    """

    label: str  # AGENCY, LAW, DOCNO, MONEY, FINE, DURATION, DEADLINE, DATE
    start: int
    end: int
    text: str
    canonical: str = ""
    low: float | None = None
    high: float | None = None
    unit: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Statement:
    """One sentence of a provision, read as who must (not) / may do what."""

    document: str
    eid: str  # the provision
    index: int  # sentence number within the provision, from 0
    start: int
    end: int
    text: str
    modality: Modality
    actors: tuple[str, ...]  # canonical agency names
    actor_spans: tuple[Entity, ...]  # where each actor is written
    action: str
    object: str
    deadlines: tuple[Entity, ...]
    amounts: tuple[Entity, ...]
    entities: tuple[Entity, ...]  # every entity of the sentence
    inherited: bool = False  # actors taken from the lead-in (应当履行下列职责：)

    @property
    def id(self) -> str:
        return f"{self.document}/{self.eid}#s{self.index}"
