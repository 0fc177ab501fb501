"""Who does what: values as numbers, the agency lexicon, statements against a hand-labelled
sample, and the answers of `gazette who`, search filters and the API."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import Modality, build_pipeline, extract_statements, harvest, load_lexicon, modality_of, write_lexicon_tsv
from extract.lexicon import DATA_FILE, JURISDICTION, PLACE, function_of
from extract.values import find_durations, find_fines, find_money

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.mark.parametrize("text, expected", [
    ("处以五千元以上二万元以下罚款", [(5000, 20000, "yuan")]),  # the usual range
    ("处两千元以上一万元以下罚款", [(2000, 10000, "yuan")]),  # 两 for 二
    ("由城市管理综合行政执法部门处二百元罚款", [(200, 200, "yuan")]),  # one amount
    ("处1.5万元以上3万元以下的罚款", [(15000, 30000, "yuan")]),  # digits with 万
    ("处违法所得一倍以上三倍以下罚款", [(1, 3, "times")]),  # multiples
    ("依法给予处分", []),  # no fine
])
def test_fines_as_numbers(text: str, expected: list) -> None:
    assert [(f.low, f.high, f.unit) for _, _, f in find_fines(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("应当提前二十四小时告知用户", [(24, "hour", "advance")]),
    ("至少每半年对供水设施进行一次清洗消毒", [(6, "month", "every")]),
    ("自收到申请之日起十日内作出决定", [(10, "day", "within")]),
    ("15个工作日内办结", [(15, "workday", "within")]),
    ("每3年复核一次", [(3, "year", "every")]),
    ("清洗消毒三日前应当发布公告", [(3, "day", "before")]),
    ("每年12月10日前报送", [(1, "year", "annual")]),  # not 10日前
])
def test_durations(text: str, expected: list) -> None:
    assert [(d.amount, d.unit, d.kind) for _, _, d in find_durations(text)] == expected


def test_money() -> None:
    assert [m.yuan for _, _, m in find_money("每亩补贴50元，安排资金五十万元，共2.5亿元")] == [50, 500000, 250000000]


@pytest.mark.parametrize("sentence, modality", [
    ("卫生健康行政主管部门应当对二次供水的水质进行监督检查和抽检。", Modality.DUTY),
    ("任何单位和个人不得损坏二次供水设施。", Modality.PROHIBITION),
    ("责任人可以委托保洁服务单位代为保洁。", Modality.PERMISSION),
    ("逾期不改正的，处以五千元以上二万元以下罚款；", Modality.PENALTY),
    ("本办法所称二次供水，是指……的供水方式。", Modality.DEFINITION),
    ("本办法自2020年6月1日起施行。", Modality.OTHER),
    # a modal word inside a condition is not the sentence's: 不能…的，应当…
    ("因设备故障不能提前通知的，应当在抢修的同时通知用户；", Modality.DUTY),
    ("“门前三包”管理实行统一领导、分级负责的原则。", Modality.OTHER),  # 分级负责 is no duty
])
def test_modality(sentence: str, modality: Modality) -> None:
    assert modality_of(sentence)[0] is modality


# --- the lexicon -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lexicon(docs: dict):
    return load_lexicon().merge(harvest(p.text for d in docs.values() for p in d.provisions))


def test_lexicon_file_is_the_harvest_of_the_corpus(lexicon) -> None:
    """`gazette lexicon --write` has been run: the shipped file is what the corpus gives."""
    assert write_lexicon_tsv(lexicon) == DATA_FILE.read_text(encoding="utf-8")


def test_the_counts_of_parts_add_up_to_the_harvest_of_the_whole(docs: dict) -> None:
    from collections import Counter

    from extract import name_counts, trim_names

    documents = list(docs.values())
    whole = harvest(p.text for d in documents for p in d.provisions)
    parts: Counter[str] = Counter()
    for doc in documents:
        parts.update(name_counts(p.text for p in doc.provisions))
    assert trim_names(parts) == whole and len(whole) > 100


def test_a_build_keeps_each_documents_names_and_harvests_the_same(docs: dict, tmp_path) -> None:
    from gazette.build import harvest_cached
    from gazette.stages import StageCache

    documents = list(docs.values())
    whole = harvest(p.text for d in documents for p in d.provisions)
    cache = StageCache(tmp_path / "stages.sqlite")
    try:
        assert harvest_cached(documents, cache) == whole
        kept = cache._db.execute("SELECT count(*) FROM entries WHERE stage = 'names'").fetchone()[0]
        assert kept == len(documents)
        assert harvest_cached(documents, cache) == whole  # from the cache this time
    finally:
        cache.close()


@pytest.mark.parametrize("name, canonical", [
    ("市工信局", "市工业和信息化局"),  # a reviewed abbreviation
    ("市卫健委", "市卫生健康委员会"),  # abbreviation -> the full name found in the corpus
    ("市卫生健康委", "市卫生健康委员会"),
    ("市发改委", "市发展和改革委员会"),
    ("市人社局", "市人力资源和社会保障局"),
    ("市城管行政执法局", "市城市管理综合行政执法局"),
    ("市、县（市、区）人民政府城镇供水行政主管部门", "城镇供水行政主管部门"),  # jurisdiction is a qualifier
    ("二次供水设施管理单位", "二次供水设施管理单位"),
])
def test_canonical_names(lexicon, name: str, canonical: str) -> None:
    assert lexicon.canonical(name) == canonical


@pytest.mark.parametrize("name, function", [
    ("市、县（市、区）物业管理行政主管部门", "物业管理行政主管部门"),
    ("县（市、区）物业管理行政主管部门", "物业管理行政主管部门"),
    ("市物业管理行政主管部门", "物业管理行政主管部门"),
    ("县级生态环境部门", "生态环境部门"),
    ("各级自然资源和规划部门", "自然资源和规划部门"),
    ("市市场监督管理局", "市场监督管理局"),  # 市场 is no level
    ("市人民政府", None),  # a government, not a function
    ("市政府有关部门", None),  # no function of its own
    ("物业服务企业", None),
])
def test_function_of_a_department_at_every_level(name: str, function: str | None) -> None:
    assert function_of(name) == function


def test_lexicon_names_are_names(lexicon) -> None:
    names = [a.name for a in lexicon.entries if a.kind != "noise"]
    assert len(names) > 300
    bad = [n for n in names if re.match(r"^(?:由|对|向|和|及|与|或|（[一二三四五六七八九十]+）)", n)
           or n.endswith(("局局", "副局")) or "办法" in n]
    assert bad == []
    kinds = {a.name: a.kind for a in lexicon.entries}
    assert kinds["城镇供水行政主管部门"] == "government" and kinds["物业服务企业"] == "party"


# --- statements against the hand-labelled sample -----------------------------------------

def _gold() -> list[dict]:
    lines = (FIXTURES / "statements_gold.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip() and not line.startswith("#")]


@pytest.fixture(scope="module")
def statements(docs: dict, lexicon) -> list:
    return extract_statements(docs.values(), build_pipeline(lexicon), lexicon)


def test_gold_sample(statements: list) -> None:
    gold = _gold()
    assert len(gold) >= 150
    found = {(s.document, s.eid, s.index): s for s in statements}
    tp = fp = fn = right = 0
    for g in gold:
        s = found[(g["document"], g["eid"], g["index"])]
        assert s.text == g["sentence"]  # the sample still points at the same sentences
        predicted, expected = set(s.actors), set(g["actors"])
        tp += len(predicted & expected)
        fp += len(predicted - expected)
        fn += len(expected - predicted)
        right += s.modality.value == g["modality"]
        assert [[a.low, a.high] for a in s.amounts if a.label == "FINE"] == g["fines"], g["sentence"]
    precision, recall, accuracy = tp / (tp + fp), tp / (tp + fn), right / len(gold)
    print(f"actors P={precision:.3f} R={recall:.3f}; modality accuracy {accuracy:.3f} on {len(gold)} sentences")
    assert precision >= 0.9 and recall >= 0.9 and accuracy >= 0.9


def test_lead_in_actors_reach_the_items(statements: list) -> None:
    items = [s for s in statements if s.document == "langfang-2021-order-1.regulation"
             and s.eid.startswith("art_19__para_1__item_")]
    assert len({s.eid for s in items}) == 8
    assert all(s.actors == ("二次供水设施管理单位",) and s.modality is Modality.DUTY for s in items)


def test_every_fine_of_the_corpus_is_found(corpus_text: str, statements: list) -> None:
    fines = [a for s in statements for a in s.amounts if a.label == "FINE"]
    assert len(fines) == corpus_text.count("罚款") == 10
    assert sorted((f.low, f.high) for f in fines)[:2] == [(200, 200), (1000, 5000)]


def test_extraction_is_deterministic(docs: dict, lexicon, statements: list) -> None:
    again = extract_statements(docs.values(), build_pipeline(lexicon), lexicon)
    assert again == statements


# --- use: who, filters, fines, API ---------------------------------------------------------

def _run(indexed: Path, *args: str) -> dict | list:
    from gazette.cli import main

    result = CliRunner().invoke(main, [*args, "--build", str(indexed), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_who_inspects_secondary_water(indexed: Path) -> None:
    card = _run(indexed, "who", "who inspects secondary water")
    by_agency = {a["agency"]: a for a in card["actors"]}
    assert by_agency["卫生健康行政主管部门"]["provision"] == "langfang-2021-order-1.regulation/art_24__para_1"
    assert by_agency["城镇供水行政主管部门"]["provision"].startswith("langfang-2021-order-1.regulation/art_5__")
    assert card["actors"][0]["agency"] == "卫生健康行政主管部门"


def test_who_guides_and_checks_menqian_sanbao(indexed: Path) -> None:
    card = _run(indexed, "who", "谁负责门前三包的指导检查")
    first = card["actors"][0]
    assert first["agency"] == "市城市管理综合行政执法部门"
    assert first["provision"] == "langfang-2021-order-3.regulation/art_5__para_1"
    assert "指导检查" in first["sentence"]


def test_search_shows_the_card_and_filters_by_agency(indexed: Path) -> None:
    result = _run(indexed, "search", "who inspects secondary water", "-k", "5")
    assert result["answer"]["actors"][0]["agency"] == "卫生健康行政主管部门"
    plain = _run(indexed, "search", "二次供水", "-k", "5")
    assert plain["answer"] is None  # not a who-question
    # any spelling of the agency: the abbreviation finds the statements of the full name
    narrowed = _run(indexed, "search", "监督管理", "--agency", "市、县（市、区）人民政府城镇供水行政主管部门")
    from store import Store

    with Store(indexed / "gazette.sqlite") as store:
        units = {r["unit"] for r in store.statements_by_agency("城镇供水行政主管部门")}
    assert narrowed["hits"] and all(h["id"] in units for h in narrowed["hits"])
    penalties = _run(indexed, "search", "罚款", "--modality", "penalty")
    with Store(indexed / "gazette.sqlite") as store:
        penal = {r["unit"] for r in store.statements_by_modality("penalty")}
    assert penalties["hits"] and all(h["id"] in penal for h in penalties["hits"])


def test_fines_command_matches_the_text(indexed: Path) -> None:
    fines = _run(indexed, "fines")
    assert len(fines) == 10  # every 罚款 of the corpus names its amount
    for fine in fines:
        assert fine["text"] in fine["statement"]["text"] and "罚款" in fine["text"]
    top = fines[0]
    assert (top["low"], top["high"]) == (5000, 50000) and "五千元以上五万元以下" in top["text"]


def test_agency_statements_by_any_spelling(indexed: Path) -> None:
    full = _run(indexed, "agencies", "市卫生健康委员会")
    short = _run(indexed, "agencies", "市卫健委")
    assert full == short and full["agency"] == "市卫生健康委员会" and len(full["statements"]) > 10
    listing = _run(indexed, "agencies")
    assert any(a["agency"] == "城镇供水行政主管部门" and a["counts"].get("penalty") for a in listing)


# Places of any gazette, not one city's: (name, the function without its level)
OTHER_PLACES = [
    ("上海市生态环境部门", "生态环境部门"),
    ("丽水市城乡建设主管部门", "城乡建设主管部门"),
    ("乌鲁木齐市人民政府住房城乡建设主管部门", "住房城乡建设主管部门"),
    ("广西壮族自治区人民政府住房城乡建设主管部门", "住房城乡建设主管部门"),
    ("河北省生态环境主管部门", "生态环境主管部门"),
]


@pytest.mark.parametrize(("name", "function"), OTHER_PLACES)
def test_levels_of_any_place_are_read(name: str, function: str) -> None:
    assert JURISDICTION.match(name)
    assert function_of(name) == function


@pytest.mark.parametrize("text", ["和河北省科技厅", "方案经市财政局", "二手车交易登记跨省通办"])
def test_words_before_a_place_are_not_a_place(text: str) -> None:
    assert not re.match(PLACE, text)


@pytest.mark.parametrize("sentence, actors", [
    ("由市政府办公室会同市人大常委会、市政协有关部门共同审核评定优秀单位。", ("市政府办公室",)),
    ("领导小组办公室设在市公安局，办公室主任由张三同志担任。", ("市公安局",)),
])
def test_a_task_given_without_a_modal_word_is_a_duty(sentence: str, actors: tuple[str, ...]) -> None:
    from extract.statements import statements_of_doc

    lexicon = load_lexicon()
    nlp = build_pipeline(lexicon)
    statement = statements_of_doc(nlp(sentence), "d", "p", lexicon)[0]
    assert statement.modality is Modality.DUTY and statement.actors == actors


def test_a_level_above_belongs_to_the_name() -> None:
    """县级以上 is part of a name in national law (物业管理条例 第五条), not cut at 以."""
    from extract.lexicon import name_counts

    counts = name_counts(["县级以上地方人民政府房地产行政主管部门负责本行政区域内物业管理活动的监督管理工作。",
                          "县级以上人民政府应当将发展城市供水事业纳入国民经济和社会发展计划。"])
    assert counts["县级以上地方人民政府房地产行政主管部门"] == 1 and counts["县级以上人民政府"] == 1
    assert not [name for name in counts if name.startswith("上")]


_GIVEN = [
    # 授权X做好…: the body empowered does it (〔2021〕9号)
    ("经市政府研究决定，授权廊坊开发区管委会、临空经济区（廊坊）管委会做好发布征收土地预公告工作。",
     ("廊坊开发区管委会", "临空经济区（廊坊）管委会")),
    # a district's abridged government is a government (〔2021〕8号)
    ("由广阳区政府、安次区政府做好发布征收土地预公告工作。", ("广阳区政府", "安次区政府")),
]
_ATTRIBUTED = [
    ("（三十六）进一步简化保险分支机构行政审批。（负责部门：银保监会）", ("银保监会",)),
    ("研究支持实行保税监管。（负责部门：商务部、海关总署、财政部、税务总局）", ("商务部", "海关总署", "财政部", "税务总局")),
    ("推动农村电商发展。（商务部、发展改革委、农业农村部等和各有关省级人民政府负责）", ("商务部",)),
    ("建立指标体系。（生态环境部牵头，国家发展改革委、工业和信息化部参与）", ("生态环境部",)),
]
_CLAUSES = [
    ("海关总署要继续做好牵头工作，进一步优化区域布局。", ("海关总署",)),  # 要: the policy texts' duty
    ("市领导小组负责对供销合作社综合改革工作进行督导考核，由领导小组办公室负责组织实施。", ("市领导小组", "领导小组办公室")),
    ("物业管理联席会议应当由乡镇人民政府、街道办事处负责召集。", ("乡镇人民政府", "街道办事处")),
    ("试点工作小组办公室设在国家医保局，由国家医保局、国家卫生健康委、国家药监局选派人员参加。", ("国家医保局",)),
    # the body a phrase ends in acts, not the one that qualifies it (门前三包 管理办法 第五条)
    ("各级人民政府在机场、车站、广场等特定区域指定或派出的专门管理机构具体负责本辖区内的管理工作。", ("专门管理机构",)),
    # the body that leads (牵头) acts, not those that take part (廊政办字〔2021〕70号, 附件, 第14项)
    ("市发改委牵头，市民政局、市财政局、市人社局、市自然资源规划局、市卫生健康委、市应急管理局、人行廊坊市中心支行参加。",
     ("市发展和改革委员会",)),
    # what a body says it will do (国办发〔2018〕117号, 三)
    ("国务院办公厅将会同有关方面统筹组织开展相关督查激励工作。", ("国务院办公厅",)),
    # but a body "as" a role acts (the shipped 引导基金 办法, 第六条, its items joined)
    ("市政府作为引导基金的决策机构，主要负责决定引导基金的设立、终止。", ("市人民政府",)),
]
_ABBREVIATED = "医疗保障经办机构（以下简称医保经办机构）具体负责门诊统筹资金的筹集、管理和待遇审核、基金支付、稽核等工作。"
_COORDINATED = "市民政局牵头负责养老服务、市卫生健康委员会牵头负责托育工作。"
_DEPARTMENT = "公安部门应当维护粮食供应场所的治安秩序。"
_MEMBERS = "成员由市委办、市政府办公室分管负责同志和市政府相关部门主要负责同志组成。"
_STATE_COUNCIL_RUN = FIXTURES.parent / "real" / "issues" / "govcn-2018-12.txt"


@functools.lru_cache(maxsize=1)
def _pipeline() -> tuple:
    """One pipeline for the lines of these tests: the shipped lexicon with the names harvested
    from them and from a State Council run, as a build harvests its whole corpus."""
    lines = [t for t, _ in _GIVEN + _ATTRIBUTED + _CLAUSES] + [_ABBREVIATED, _COORDINATED, _DEPARTMENT, _MEMBERS]
    lexicon = load_lexicon().merge(harvest(lines + _STATE_COUNCIL_RUN.read_text(encoding="utf-8").splitlines()))
    return build_pipeline(lexicon), lexicon


def _statements(text: str) -> list:
    from extract.statements import statements_of_doc

    nlp, lexicon = _pipeline()
    return statements_of_doc(nlp(text), "d", "p", lexicon)


def test_an_abbreviation_declared_is_no_definition() -> None:
    """（以下简称…） inside a sentence leaves it the duty it is (门诊共济 实施细则 第四条)."""
    statement = _statements(_ABBREVIATED)[0]
    assert statement.modality is Modality.DUTY and statement.actors == ("医保经办机构",)
    assert modality_of("本办法所称二次供水，是指…")[0] is Modality.DEFINITION


def test_coordinated_subjects_each_act() -> None:
    assert _statements(_COORDINATED)[0].actors == ("市民政局", "市卫生健康委员会")


@pytest.mark.parametrize("text, actors", _ATTRIBUTED)
def test_an_attribution_gives_the_task_to_its_bodies(text: str, actors: tuple[str, ...]) -> None:
    """The State Council's division of work: the bodies after the task act in every sentence of it."""
    statements = _statements(text)
    assert all(s.actors == actors and s.modality is Modality.DUTY for s in statements)


def test_national_bodies_are_government_and_no_prefix_of_a_department() -> None:
    lexicon = load_lexicon()
    assert all(lexicon.get(n).kind == "government" for n in ("公安部", "海关总署", "质检总局", "银保监会"))
    assert lexicon.canonical("住房和城乡建设部") == "住房城乡建设部"
    assert lexicon.canonical("国家市场监督管理总局") == "市场监管总局"
    assert "公安部" not in _statements(_DEPARTMENT)[0].actors


def test_a_state_council_run_names_its_departments() -> None:
    """Real text (tests/real/issues, gov.cn 2018-12): the grain emergency plan's division of work."""
    text = _STATE_COUNCIL_RUN.read_text(encoding="utf-8")
    wanted = {"（3）公安部负责": ("公安部",), "（4）财政部负责": ("财政部",), "（5）铁道部、交通部负责": ("铁道部", "交通部"),
              "（8）质检总局负责": ("质检总局",)}
    for opening, actors in wanted.items():
        line = next(line for line in text.splitlines() if line.startswith(opening))
        assert _statements(line)[0].actors == actors, line


def test_the_general_office_says_what_it_will_do(tmp_path: Path) -> None:
    """Real text (gov.cn 2018-12, 国办函〔2005〕69号, a national text): 国办 is 国务院办公厅 there, and
    国办将… is what it will do (div_3, div_5: 国办将会同有关部门继续探索…, 国办将与国家标准委…)."""
    from gazette.build import extract_cached, parse_sources
    from gazette.stages import StageCache

    documents = [d for g in parse_sources([_STATE_COUNCIL_RUN], lambda _: None).gazettes for d in g.documents]
    lexicon = load_lexicon().merge(harvest(p.text for d in documents for p in d.provisions))
    rows, _ = extract_cached(documents, lexicon, StageCache(tmp_path / "stages.sqlite"), lambda _: None)
    said = [row for chunk in rows for row in map(json.loads, chunk.lines) if row["text"].startswith("国办将")]
    assert len(said) >= 2
    assert all(row["actors"] == ["国务院办公厅"] and row["modality"] == "duty" for row in said)


@pytest.mark.parametrize("text, actors", _GIVEN + _CLAUSES)
def test_who_acts_when_a_task_is_given_or_the_sentence_has_several_clauses(text: str,
                                                                          actors: tuple[str, ...]) -> None:
    statement = _statements(text)[0]
    assert statement.modality is Modality.DUTY and statement.actors == actors


@pytest.mark.parametrize("opening, actors", [
    ("1.拓展两个市场", ("税务总局", "财政部", "海关总署")),  # （税务总局、财政部、海关总署负责，排在第一位的…）
    ("3.释放企业产能", ("海关总署", "商务部")),  # （海关总署、商务部负责）
    ("（一）强化顶层设计引领", ("生态环境部",)),  # （生态环境部牵头，国家发展改革委…参与）
])
def test_attributions_of_a_state_council_run(opening: str, actors: tuple[str, ...]) -> None:
    """Real text (tests/real/issues, gov.cn 2019-01): each form of attribution gives the task to its bodies."""
    run = (FIXTURES.parent / "real" / "issues" / "govcn-2019-01.txt").read_text(encoding="utf-8")
    line = next(line for line in run.splitlines() if line.startswith(opening))
    assert actors in {s.actors for s in _statements(line)}


def test_a_local_plans_attribution_gives_its_items_their_bodies(statements: list) -> None:
    """（责任单位：…） closing an item of the shipped issue's 供销合作社 plan: its sentences without
    actors of their own take the bodies it names; the one with its own keeps them."""
    item = [s for s in statements if s.document == "langfang-2021-lzz-16.plan" and s.eid == "div_6__item_3"]
    assert item[0].actors == ("乡村振兴领导小组各成员单位",)
    assert item[1].actors == ("市领导小组", "领导小组办公室")


def test_who_a_body_is_made_of_is_no_task() -> None:
    statement = _statements(_MEMBERS)[0]
    assert statement.modality is not Modality.DUTY and "市政府办公室" not in statement.actors


def test_a_department_of_the_party_committee_is_a_body() -> None:
    """廊坊市会展工作领导小组及成员单位工作职责 (the shipped issue): 市委宣传部 heads its item, and its
    duties follow the colon; 部 is no suffix of a local body otherwise."""
    from extract.statements import statements_of_doc

    line = "（四）市委宣传部：负责全市会展对外宣传工作的组织、指导、协调；负责其它相关工作。"
    assert harvest([line])["市委宣传部"] == 1 and "全部" not in harvest(["全部工作由市政府负责。"])
    lexicon = load_lexicon().merge(harvest([line]))  # as a build reads its corpus
    statements = statements_of_doc(build_pipeline(lexicon)(line), "d", "p", lexicon)
    assert [s.actors for s in statements[1:]] == [("市委宣传部",), ("市委宣传部",)]
    assert statements[1].modality is Modality.DUTY


def test_a_person_in_charge_is_no_duty() -> None:
    assert modality_of("由分管副市长任组长，有关责任单位主要负责同志为成员。")[0] is Modality.OTHER
    assert modality_of("严肃查处以假充真、以次充好等违法行为。")[0] is not Modality.PENALTY  # 查处以…, no 处以


def test_a_national_text_reads_the_short_names_of_national_bodies(tmp_path: Path) -> None:
    """gov.cn prints 药监局 and 知识产权局 for the national bodies; a local text may mean its own
    bureau by them. The build reads them as national only in a text a national body issues."""
    from extract.lexicon import issued_nationally
    from gazette.build import extract_cached, parse_sources
    from gazette.stages import StageCache

    assert issued_nationally("国务院办公厅") and issued_nationally("民政部") and issued_nationally("国务院、中央军委")
    assert not issued_nationally("廊坊市人民政府") and not issued_nationally("")
    lexicon = load_lexicon()
    assert "药监局" not in lexicon.names() and lexicon.national().canonical("药监局") == "国家药监局"
    local = "（一）药监局负责对辖区内药品零售企业进行监督检查。"
    assert _statements(local)[0].actors != ("国家药监局",)

    run = FIXTURES.parent / "real" / "issues" / "govcn-2018-11.txt"
    documents = [d for g in parse_sources([run], lambda _: None).gazettes for d in g.documents]
    lexicon = load_lexicon().merge(harvest(p.text for d in documents for p in d.provisions))
    rows, _ = extract_cached(documents, lexicon, StageCache(tmp_path / "stages.sqlite"), lambda _: None)
    actors = {a for chunk in rows for line in chunk.lines for a in json.loads(line)["actors"]}
    assert {"国家药监局", "国家知识产权局", "商务部", "海关总署"} <= actors
