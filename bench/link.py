"""Citation linking throughput: `Resolver.link` over a generated corpus of paragraphs.

Usage: python bench/link.py [--build BUILD] [--paragraphs 10000] [--seed 1]

Builds the shipped corpus (store only) unless --build names a built folder, then links
N generated paragraphs in the styles of judgments, news and official documents (each with
0 to 4 citations drawn from every form the grammar reads, national works and the
knowledge base's own documents, plus prose around them) in one process, and reports
paragraphs and citations per second. The generator is seeded: the same seed gives the
same paragraphs.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from queries.citations import Resolver  # noqa: E402
from store import STORE_NAME, Store  # noqa: E402

PROSE = ["本院认为，", "经审理查明，", "记者了解到，", "各县（市、区）要", "原告主张", "被告辩称其已", "为进一步规范管理，",
         "市政府有关负责人表示，", "依法应予支持。", "该主张缺乏事实依据，不予采纳。", "结合我市实际，制定本方案。"]
LEADS = ["依照", "根据", "依据", "按照", "参照", "违反", ""]
CITATIONS = [
    "《廊坊市物业管理办法》第{n}条", "廊坊市城镇二次供水管理办法第{a}条第1款", "《廊坊市物业管理办法》（2021年修正）第十条第（三）项",
    "《中华人民共和国民法典》第九百四十二条", "《物业管理条例》第三十五条", "民法典第二百七十八条", "《物权法》第七十条",
    "《廊坊市物业管理办法》第十四条、第十六条和第二十四条", "《廊坊市物业管理办法》第二十条至第二十二条",
    "廊政办字[2021]82号", "廊政字〔2021〕12号", "廊坊市人民政府令（2021年第2号）", "《中华人民共和国刑法》第二百八十条之一",
    "《河北省城乡规划条例》第三十条", "《物业管理条例》第九十条", "二次供水管理办法第6条",
]
NUMERALS = ["一", "二", "三", "十", "十四", "二十", "三十一", "四十六", "五十五"]


def paragraph(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 4)):
        cite = rng.choice(CITATIONS).format(n=rng.choice(NUMERALS), a=rng.randint(1, 28))
        parts.append(rng.choice(PROSE) + rng.choice(LEADS) + cite + "的规定，")
        if rng.random() < 0.2:
            parts.append("并参照该办法第五条，")
    parts.append(rng.choice(PROSE) * rng.randint(1, 3))
    return "".join(parts)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--build", type=Path)
    options.add_argument("--paragraphs", type=int, default=10_000)
    options.add_argument("--seed", type=int, default=1)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        build = args.build
        if build is None:
            build = Path(scratch) / "build"
            subprocess.run([str(Path(sys.executable).with_name("gazette")), "build", "--no-index", "--no-site", "--corpus",
                            str(ROOT / "corpus"), "--build", str(build)], check=True, capture_output=True, cwd=ROOT)
        rng = random.Random(args.seed)
        texts = [paragraph(rng) for _ in range(args.paragraphs)]
        started = time.perf_counter()
        resolver = Resolver(Store(build / STORE_NAME))
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        spans = [resolver.link(text) for text in texts]
        seconds = time.perf_counter() - started
    found = sum(len(s) for s in spans)
    linked = sum(span["resolved"] for s in spans for span in s)
    characters = sum(len(t) for t in texts)
    print(f"resolver loaded in {loaded:.2f} s (documents and the national catalogue)")
    print(f"{len(texts)} paragraphs ({characters / 1e6:.2f} M characters), {found} citations found, {linked} linked")
    print(f"linked in {seconds:.2f} s: {len(texts) / seconds:,.0f} paragraphs/s, {found / seconds:,.0f} citations/s")


if __name__ == "__main__":
    main()
