"""The kind of answer a question asks for (queries/answer_type.py): quantities."""

import pytest

from queries.answer_type import asks_quantity, states_quantity


@pytest.mark.parametrize(("question", "asks"), [
    ("how many key towns must build fire brigades", True),
    ("How long does the preparatory group have", True),
    ("what share of the group must be owners", True),
    ("二次供水停水要提前多久通知", True),
    ("储备粮承储企业要多大的仓库", True),
    ("2021年认定了多少家农业龙头企业", True),
    ("who signs the front-of-door agreement", False),
    ("how is the reserve grain sold", False),
    ("几乎所有单位都要做什么", False),  # 几乎 "almost" asks for no number
    ("谁负责二次供水", False),
])
def test_a_question_asking_for_a_quantity(question: str, asks: bool) -> None:
    assert asks_quantity(question) is asks


@pytest.mark.parametrize(("text", "states"), [
    ("第十七条　筹备组应当自组成之日起九十日内完成筹备工作", True),
    ("医护比总体达到1:2左右", True),
    ("3.灭火应急救援能力显著增强。11个全国重点镇全部完成乡镇消防队建设", True),
    ("业主代表人数不低于筹备组总人数的二分之一", True),
    # a label is no quantity, on the first line or any other
    ("第二十四条　市级储备粮的收购、销售、轮换原则上应当公开进行", False),
    ("（一）主要用于支付自付费用\n（2）引导基金财务管理", False),
    ("三、加强组织领导", False),
    ("本办法第四十六条的禁止行为", False),  # a reference to an article counts nothing
])
def test_a_text_stating_a_quantity(text: str, states: bool) -> None:
    assert states_quantity(text) is states
