"""效力级别 (parser.levels) on real texts of every issuer, and as a filter of search."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from parser import parse_gazette
from parser.levels import Level, levels

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "real"


def _levels_of(path: Path) -> dict[str, Level]:
    gazette = parse_gazette(path.read_text(encoding="utf-8"), source=str(path))
    found = levels(list(gazette.documents))
    return {d.title: found[d.id] for d in gazette.documents}


@pytest.mark.parametrize("name, title, level", [
    ("npc-laws.txt", "中华人民共和国反家庭暴力法", Level.LAW),
    ("npc-laws.txt", "中华人民共和国全国人民代表大会常务委员会议事规则", Level.LAW),
    ("state-council-regulations.txt", "不动产登记暂行条例", Level.ADMINISTRATIVE_REGULATION),
    ("ministry-rules.txt", "企业职工带薪年休假实施办法", Level.DEPARTMENTAL_RULE),
    ("ministry-rules.txt", "公安机关适用继续盘问规定", Level.DEPARTMENTAL_RULE),
    ("local-regulations-shanghai.txt", "上海市中华鲟保护管理条例", Level.LOCAL_REGULATION),
    ("spc-interpretations.txt", "人民法院在线诉讼规则", Level.JUDICIAL_INTERPRETATION),
    ("national/civil-code.txt", "中华人民共和国民法典", Level.LAW),
    ("national/property-management-regulations.txt", "物业管理条例", Level.ADMINISTRATIVE_REGULATION),
])
def test_the_level_of_national_and_local_texts(name: str, title: str, level: Level) -> None:
    assert _levels_of(REAL / name)[title] is level


def test_the_levels_of_a_city_gazette_issue() -> None:
    found = _levels_of(ROOT / "corpus" / "langfang-gazette-2021-04.txt")
    assert found["廊坊市城镇二次供水管理办法"] is Level.LOCAL_GOVERNMENT_RULE  # promulgated by 市政府令
    assert found["廊坊市物业管理办法"] is Level.LOCAL_GOVERNMENT_RULE
    assert found["廊坊市排污权储备和出让管理暂行办法"] is Level.NORMATIVE_DOCUMENT  # issued by a notice
    counts = Counter(found.values())
    assert counts[Level.OTHER] >= 9  # the 政策解读: no level of their own
    assert set(counts) == {Level.LOCAL_GOVERNMENT_RULE, Level.NORMATIVE_DOCUMENT, Level.OTHER}


def test_a_state_council_issue_tells_regulations_from_normative_documents() -> None:
    path = REAL / "issues" / "govcn-2018-11.txt"
    gazette = parse_gazette(path.read_text(encoding="utf-8"), source=str(path))
    found = levels(list(gazette.documents))
    by_type = {(d.type.value, found[d.id]) for d in gazette.documents}
    assert ("order", Level.ADMINISTRATIVE_REGULATION) in by_type  # 中华人民共和国国务院令第706号
    assert ("notice", Level.NORMATIVE_DOCUMENT) in by_type


def test_search_filters_by_level(indexed: Path) -> None:
    gazette = str(Path(sys.executable).with_name("gazette"))

    def search(*args: str) -> dict:
        run = subprocess.run([gazette, "search", "二次供水设施的监督检查", "--build", str(indexed), "--all", "--json",
                              *args], capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    rules = search("--level", "地方政府规章")
    assert rules["hits"] and {h["document"]["level"] for h in rules["hits"]} == {"地方政府规章"}
    assert rules["hits"][0]["document"]["title"] == "廊坊市城镇二次供水管理办法"
    assert search("--level", "法律")["hits"] == []
    assert {h["document"]["level"] for h in search()["hits"]} <= {level.value for level in Level}
    normative = search("--level", "规范性文件")["hits"]
    assert normative and {h["document"]["level"] for h in normative} == {"规范性文件"}
    assert "廊坊市城镇二次供水管理办法" not in {h["document"]["title"] for h in normative}
