"""Regular expressions for the layout of Chinese government gazettes.

Every pattern runs on a line already passed through :func:`parser.normalize.clean`
(full-width digits are ASCII, outer white space stripped). Numerals always come
from :data:`parser.numerals.NUMBER`, never from a hand-written digit class.
"""

from __future__ import annotations

import re

from .dates import DATE, DATE_TEXT, YEAR_TEXT
from .numerals import CN_NUMBER, NUMBER

_S = r"[\s\u3000]*"  # optional layout space, ideographic included

#: Running page header: 市政府文件   《廊坊市人民政府公报》2021年第4号 (either order).
PAGE_HEADER = re.compile(
    r"""^(?:\S{2,12}文件\s*)?              # 市政府文件 (optional, before)
        《(?P<gazette>[^《》]{2,30}公报)》
        (?P<year>\d{4})年第(?P<issue>\d+)(?:期|号)
        (?:\s*\S{2,12}文件)?$              # 市政府文件 (optional, after)
    """,
    re.VERBOSE,
)

#: The last words of an issuer's name, of every kind: governments and their offices
#: (廊坊市人民政府办公室, 国务院办公厅), the State Council, ministries and commissions
#: (公安部, 国家发展和改革委员会, 国家市场监督管理总局, 海关总署, 中国人民银行, 国家教委, 中央军委),
#: groups that sign what they wrote (…调查专家组, …工作组, …领导小组), courts and
#: procuratorates (最高人民法院, 最高人民检察院), people's congresses and their standing
#: committees (全国人民代表大会常务委员会).
ISSUER_END = (
    r"(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|办公厅|办公室|国务院|"
    r"人民代表大会常务委员会|人民代表大会|常务委员会|委员会|人民法院|人民检察院|"
    r"总局|总署|[^、，的]局|[^、，的]部|[^、，的]厅|[^、，的]署|人民银行|专家组|工作组|小组)"
)
#: Words that open a title after its issuer: 国务院关于…, 国务院办公厅转发民政部关于…,
#: 国务院批转…, 国务院办公厅对…提案的答复.
TITLE_OPENING = r"(?:关于|转发|批转|印发|对)"
#: A name of one issuer (no punctuation inside but （） of a place such as 县（市、区）; never the
#: words that open a title: 中央军委关于同意武警总部 is an issuer and a title).
ISSUER_NAME = rf"(?:国务院(?:办公厅)?|(?:国家|中央)[\u4e00-\u9fff]{{1,6}}委|(?:(?!关于|转发|批转|印发)[\u4e00-\u9fff（）()]){{1,24}}?{ISSUER_END})"

#: Issuer line that opens a document or signs it: 廊坊市人民政府办公室, 国务院, 最高人民法院;
#: joint issuers separated by 、 or spaces: 财政部　国家税务总局.
ISSUER = re.compile(
    rf"""^(?P<issuer>
          {ISSUER_NAME}
          (?:[、\s\u3000]+{ISSUER_NAME})*
        )$""",
    re.VERBOSE,
)

#: Issuer and title on one line (or one merged title): 国务院关于河北雄安新区总体规划（2018—2035年）的批复,
#: 最高人民法院、最高人民检察院关于修改《…》的决定, 国务院办公厅关于…的复函.
ISSUER_TITLE = re.compile(
    rf"^(?P<issuer>{ISSUER_NAME}(?:[、\s\u3000]{ISSUER_NAME}){{0,5}})(?P<rest>{TITLE_OPENING}.+)$"
)

#: Order header: 廊坊市人民政府令, 中华人民共和国国务院令, 最高人民法院公告 (a numbered
#: announcement is printed the same way: header, then its number).
ORDER_HEADER = re.compile(r"^(?P<issuer>(?:中华人民共和国)?[\u4e00-\u9fff]{2,24}?)(?P<kind>令|公告)$")

#: Order number: 〔2021〕第3号 (also [] or () brackets, 〔2021年〕), （2021年第1号）, the forms
#: without a year: 第706号, 第　202　号, 国令第706号, 第五十一号, and an order in brackets under
#: the title of what it promulgates: （中华人民共和国主席令　第五十一号）.
ORDER_NUMBER = re.compile(
    rf"""^(?:
          [〔\[［(（](?P<year>\d{{4}})年?[〕\]］)）]第(?P<seq>\d+)号
        | [(（](?P<year2>\d{{4}})年第(?P<seq2>\d+)号[)）]
        | (?P<prefix>[\u4e00-\u9fff]{{1,4}}令)?第(?P<seq3>{NUMBER})号
        | [(（](?:中华人民共和国)?(?P<prefix4>[\u4e00-\u9fff]{{1,12}}令)第(?P<seq4>{NUMBER})号[)）]
        )$""",
    re.VERBOSE,
)

#: The sentence of an announcement (公告) that promulgates a text: 《最高人民法院关于…的决定》已于…
#: 通过，现予公布，自…起施行。
PROMULGATION = re.compile(r"^《.+》.{0,200}?(?:现予公布|予以公布|现予发布|现予公告|公布施行)")

#: Document number: 廊政字〔2021〕12号, 廊政办发〔2021〕5号, bare 〔2021〕8号, 国办发明电〔2024〕12号,
#: 法释〔2021〕3号, ASCII 京政发[2023]5号, a stray 第: 廊政办字〔2021〕第82号.
DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{0,10})[〔\[［(（](?P<year>\d{4})[〕\]］)）]第?(?P<seq>\d+)号$"
)

#: Offices that sign: 市长, 总理, 院长, 检察长, 部长, 委员长, 主任 …
SIGNING_OFFICE = r"(?:市长|省长|县长|区长|州长|旗长|主任|局长|主席|总理|院长|检察长|部长|署长|行长|委员长|主任委员|代市长|代省长)"
#: Signature of a person: 市　长　杨燕伟, 总理　李克强 (checked after :func:`squeeze`: 市长杨燕伟);
#: the office alone (院　长) when the name stands on another line or is left out.
PERSON_SIGNATURE = re.compile(
    rf"^(?P<office>[\u4e00-\u9fff]{{0,6}}?{SIGNING_OFFICE})(?P<name>[\u4e00-\u9fff]{{2,4}})?$")

#: A note on how a text was published, on its own line after the signature: （此件公开发布）,
#: （此件不公开）, and the editor's marks of a gazette or a government site: （本文有删减）,
#: （此件有删减）, （有删减）, （节选）. Kept as the document's publication note, never as
#: a title or a document.
PUBLICATION_NOTE = re.compile(
    r"^[（(](?P<note>此件[\u4e00-\u9fff]{2,8}|(?:本文|全文|此文)?有删(?:减|节)|节选|摘要|摘登|摘编)[）)]$")

#: Words that end one event of a document's history.
HISTORY_WORDS = rf"(?:公布|发布|印发|施行|实施|(?:讨论)?通过|批准|(?:第{CN_NUMBER}次)?(?:修正|修订)|修改|废止)"

#: History of a re-published regulation: （2020年4月28日…令〔2020〕第1号公布 根据…修正）, in full-width
#: or ASCII brackets.
HISTORY_LINE = re.compile(rf"^[（(](?P<body>{YEAR_TEXT}年[^\n]{{0,2000}}?{HISTORY_WORDS}[^\n]{{0,2000}})[）)]$")

#: The issuer and date printed under the title of a text another document forwards or issues:
#: （民政部　一九九七年一月二十八日）, （2021年3月1日）.
DATELINE = re.compile(
    rf"^[（(](?P<issuer>{ISSUER_NAME}(?:[、\s\u3000]+{ISSUER_NAME})*)?[\s\u3000]*(?P<date>{DATE_TEXT})[）)]$")

#: One record of a document's history on a line of its own, as a law database prints them:
#: 2014年11月24日 中华人民共和国国务院令第656号公布 / 2021年4月22日 施行 / 1955年12月29日.
#: The act may be long: 《关于修改〈…〉、〈…〉、〈…〉的决定》 names every law it amends (300 characters).
RECORD_LINE = re.compile(rf"^{DATE.pattern}(?:[^（）()]{{0,300}}?(?:{HISTORY_WORDS}|会议)(?:[，,]?根据)?)?[）)]?$")

#: One event of a history line: 2019年12月31日廊坊市人民政府令〔2019〕第3号第一次修正; the events
#: of a squeezed line run together (…第三次修订2018年12月18日…第四次修订), so an event also ends
#: where the next date begins. Dates in Arabic or Chinese numerals (二○○四年六月十六日).
HISTORY_EVENT = re.compile(
    rf"""(?P<date>{DATE_TEXT})
         (?P<act>[^\s　]{{0,300}}?)
         (?P<event>(?:修订|修正)?(?:讨论)?通过|批准|公布|发布|印发|(?:第{CN_NUMBER}次)?修正|(?:第{CN_NUMBER}次)?修订|修改|施行|实施|废止)
         (?=$|[\s　，,；;）)]|根据|{DATE_TEXT})""",
    re.VERBOSE,
)

#: Attachment header alone on its line: 附件, 附件1, 附件２, 附件一, and with a mark after it as
#: government sites print it: 附件：, 附件1., 附件2：; 附： (an older form).
ATTACHMENT_HEADER = re.compile(rf"^附(?:{_S}件{_S}(?P<n>{NUMBER})?[.．:：]?|[：:])$")

#: Attachment list in the body: 附件：1.廊坊市…, 附：…, and with no colon before the first
#: number: 附件1.深圳湾口岸…
ATTACHMENT_LIST = re.compile(r"^附件?(?:[：:]|(?=\d{1,2}[.．、]))(?P<rest>.+)$")

#: Numbered entry of an attachment list: 2.廊坊市…
ATTACHMENT_ENTRY = re.compile(r"(?:^|(?<=[\s　]))(?P<n>\d+)[.．、]")

#: Title of a policy interpretation, once its lines are merged: 《…》政策解读.
INTERPRETATION_TITLE = re.compile(r"^(?P<subject>.+?)(?:的)?政策解读$")

#: Addressees: 各县（市、区）人民政府，廊坊开发区管委会，市政府有关部门：
ADDRESSEES = re.compile(r"^(?P<body>[^《。；]{2,200})[：:]$")

# Provision labels. Group "n" is the number, group "rest" what follows the label.
BOOK = re.compile(rf"^第(?P<n>{NUMBER})编(?:{_S}(?P<rest>.*))?$")
#: 第一分编　通则: a part of a 编 (the Civil Code's 物权编 has five), above its chapters.
SUBBOOK = re.compile(rf"^第(?P<n>{NUMBER})分编(?:{_S}(?P<rest>.*))?$")
CHAPTER = re.compile(rf"^第(?P<n>{NUMBER})章(?:{_S}(?P<rest>.*))?$")
SECTION = re.compile(rf"^第(?P<n>{NUMBER})节(?:{_S}(?P<rest>.*))?$")
#: 第十四条　… : the label must stand alone or be followed by layout space.
ARTICLE = re.compile(rf"^第(?P<n>{NUMBER})条(?:[\s\u3000]+(?P<rest>.*))?$")
#: 一、总体要求
DIVISION = re.compile(rf"^(?P<n>{CN_NUMBER})、(?P<rest>.*)$")
#: （一）接受…; also half-width brackets.
ITEM = re.compile(rf"^[（(](?P<n>{CN_NUMBER})[）)](?P<rest>.*)$")
#: 1.积极谋划…, 1．…, 1、… (not 1.5亿).
POINT = re.compile(r"^(?P<n>\d{1,3})(?:[.．](?!\d)|、)(?P<rest>.*)$")
#: （1）其他需要批准的事项。
SUBPOINT = re.compile(r"^[（(](?P<n>\d{1,3})[）)](?P<rest>.*)$")
#: ①…
INDENT = re.compile(r"^(?P<n>[①-⑳])(?P<rest>.*)$")

#: Member of a list: 组　长：马志永　市政府副市长、市发改委主任 / 刘凤顺　市政府副秘书长.
MEMBER = re.compile(
    r"""^(?:(?P<role>[\u4e00-\u9fff\s\u3000]{1,12})[：:][\s\u3000]*)?
        (?P<name>[\u4e00-\u9fff](?:[\u4e00-\u9fff]{1,3}|[\s\u3000]{1,2}[\u4e00-\u9fff]))
        [\s\u3000]+
        (?P<title>[^\s\u3000。；，][^。；]{1,80})$""",
    re.VERBOSE,
)
#: Words that end a job title in a member list.
MEMBER_TITLE_WORDS = re.compile(r"(长|主任|书记|委员|调研员|专员|主席|秘书|政委|经理|警长|部长|组长|行长|关长|成员|巡视员|干部|院长|馆长|所长|司令|师|总监|秘书长)$|(长|主任|书记|委员)[、，]")

#: Group heading inside a list: 三河市（14家）, 监测合格企业13家.
LIST_GROUP = re.compile(r"^(?P<name>.{1,30}?)[（(]?(?P<count>\d+)(?P<unit>家|个|人|项|所|名)[）)]?$")

__all__ = sorted(name for name in dir() if name.isupper() and not name.startswith("_"))
