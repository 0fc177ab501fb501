"""Split a gazette's lines into documents.

Two passes, both pure:

1. :func:`split_blocks` cuts the issue at *headers*: an order (廊坊市人民政府令 +
   〔2021〕第1号), an issuer line followed by an official title (廊坊市人民政府 /
   关于…的通知), or a policy interpretation title (《…》政策解读). Blank lines play no
   part, so documents run together without a blank line still split.
2. :func:`parse_block` reads one block as a sequence of parts: front matter (header,
   title, number, addressees), body, closing (signature, date, 此件公开发布), then what
   follows the closing: a document the first one issues or re-publishes, and
   attachments (附件1 …), each with its own title and body.

The result is a list of :class:`Draft` records that still point at source lines;
:mod:`parser.gazette` turns them into documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from . import patterns as P
from .lines import Line, is_date, is_number, is_signature, is_title_like
from .normalize import cited_titles, norm_title
from .numerals import CN_NUMBER, cn_to_int

__all__ = ["Draft", "split_blocks", "parse_block", "GENRE", "titled_end", "history_run", "claimed", "attachment_titles"]

#: The last word of an official title says what kind of document it is.
GENRE = re.compile(
    r"(实施细则|实施方案|工作方案|实施意见|工作意见|指导意见|暂行办法|管理办法|若干措施|"
    r"通知|通报|决定|批复|答复|意见|方案|预案|办法|细则|规定|条例|规划|措施|计划|报告|请示|函|公告|通告|命令|安排|解答|"
    r"制度|名单|清单|机制|职责|标准|分工表|汇总表|详情表|考核表|表|要点|规则|章程|"
    r"解释|决议|规范|守则|修正案|法典|(?<![方做说])法)"
    rf"(?:[（(](?:试行|草案|暂行|修订|修正|\d{{4}}年修[正订]|{CN_NUMBER})[）)])?$"
)
_OFFICIAL_TITLE = re.compile(r"^(关于|印发|转发)")


@dataclass(frozen=True)
class Draft:
    """One document as found in the source, before identifiers and links."""

    role: str  # order, main, published, attachment, interpretation
    header: tuple[Line, ...] = ()
    title: tuple[Line, ...] = ()
    number: Line | None = None
    addressees: Line | None = None
    history: tuple[Line, ...] = ()  # a history line in （）, or record lines (date + event)
    repeated_title: tuple[Line, ...] = ()  # the title printed again after the history, as law texts do
    body: tuple[Line, ...] = ()
    attachment_list: tuple[Line, ...] = ()
    signer: Line | None = None
    signer_head: Line | None = None  # the first line of a signature broken over two
    date: Line | None = None
    notes: tuple[Line, ...] = ()  # （此件公开发布）, （本文有删减）
    parent: int | None = None  # index of the parent draft within the same block
    attachment_no: int | None = None
    republished: bool = False  # published after 根据本决定作相应修改，重新公布

    @property
    def lines(self) -> tuple[Line, ...]:
        parts = [*self.header, *self.title, self.number, self.addressees, *self.history, *self.repeated_title,
                 *self.body, *self.attachment_list, self.signer_head, self.signer, self.date, *self.notes]
        return tuple(sorted((line for line in parts if line is not None), key=lambda ln: ln.no))


# --- headers ----------------------------------------------------------------------


def _title_run(lines: list[Line], i: int, limit: int = 4) -> int:
    """Index after the run of title-like lines starting at i (at most ``limit``).

    The run also ends after a line that completes the title with a genre word
    (…实施意见), unless the next line goes on with 的 or a closing 》.
    """
    j = i
    while j < len(lines) and j - i < limit and is_title_like(lines[j]):
        j += 1
        merged = _merged(lines[i:j])
        if merged.count("《") > merged.count("》"):
            continue  # a cited title still open: 暂时调整实施《中华人民共和国药品管理法 / 实施条例》…的决定
        if GENRE.search(merged) and j < len(lines) and not lines[j].squeezed.startswith(("的", "》")):
            # …相关公告 / 工作的通知：第二批: a wrapped title may break after a genre word; it goes
            # on when the next line is title-like and the header's next part follows it
            if not (is_title_like(lines[j]) and j + 1 < len(lines) and _after_title(lines[j + 1])):
                break
    return j


def _after_title(line: Line) -> bool:
    """A line that follows a title: a document or order number, addressees, a history line."""
    text = line.squeezed
    return bool(is_number(line) or P.ADDRESSEES.match(line.text)
                or P.HISTORY_LINE.match(text))


def _merged(lines: list[Line] | tuple[Line, ...]) -> str:
    return "".join(line.squeezed for line in lines)


_FIRST_PROVISION = re.compile(r"^第[一1](?:编|章|条)(?:[\s\u3000]|$)")


#: Lines a history in （） may be broken over: （二○○四年六月十六日国务院 / 第54次常务会议修订通过）.
HISTORY_LINES = 4


def history_run(lines: list[Line], i: int) -> int:
    """Index after the history at i: a history in （） or () on one line or broken over a few,
    or record lines (2021年4月22日 施行)."""
    if i < len(lines) and P.DATELINE.match(lines[i].squeezed):
        return i + 1
    if i < len(lines) and lines[i].squeezed.startswith(("（", "(")):
        for end in range(i + 1, min(i + HISTORY_LINES, len(lines)) + 1):
            if P.HISTORY_LINE.match(_merged(lines[i:end])):
                return end
            if lines[end - 1].squeezed.endswith(("）", ")")):
                break
    j = i
    while j < len(lines) and j - i < 8 and not lines[j].is_tab:
        if P.RECORD_LINE.match(lines[j].squeezed):
            j += 1
        elif (j + 1 < len(lines) and P.DATE.match(lines[j].squeezed) and not lines[j + 1].is_tab
              and P.RECORD_LINE.match(_merged(lines[j:j + 2]))):
            j += 2  # a record broken over two lines: 2013年2月26日 青岛市…常务委员会 / 第九次会议通过
        else:
            break
    return j


def titled_end(lines: list[Line], i: int) -> int | None:
    """If a document with no issuer line starts at i, the index after its title.

    The title (one to four lines, ending in a genre word: 条例, 规定, 解释, 决定, 批复, 法 …)
    must be followed by what only follows a title: a document number (国办发〔2022〕35号),
    addressees when the issuer opens the title (国务院关于…的通知 / 各省、自治区…：), a history
    line or record lines, or the first chapter or article (第一章, 第一条).
    """
    line = lines[i]
    if line.is_tab or not is_title_like(line):
        return None
    k = i - 1  # not the rest of a title that an attachment header (附件2) opened
    while k >= 0 and i - k <= 3 and is_title_like(lines[k]):
        k -= 1
    if k >= 0 and P.ATTACHMENT_HEADER.match(lines[k].squeezed):
        return None
    if i > 0 and is_title_like(lines[i - 1]) and _title_run(lines, i - 1) > i:
        return None  # the middle of a title that starts on an earlier line
    end = _title_run(lines, i)
    title = _merged(lines[i:end])
    if not GENRE.search(title) or end >= len(lines):
        return None
    if any(P.ISSUER.match(ln.squeezed) for ln in lines[i:end]):
        return None  # an issuer on a line of its own: the issuer-line form, or a list of names
    nxt = lines[end]
    if nxt.is_tab:
        return None
    text = nxt.squeezed
    if history_run(lines, end) > end or _FIRST_PROVISION.match(nxt.text):
        return end
    if i == 0 and _preamble_then_first_article(lines, end):
        return end
    if is_number(nxt):
        return end  # an official title and its number: 国务院办公厅对…第4626号提案的答复 / 国办函〔2006〕82号
    if P.ISSUER_TITLE.match(title) and P.ADDRESSEES.match(nxt.text):
        return end
    return None


_PREAMBLE = re.compile(r"^(?:为|根据|依照|依据)[^\n]*[。：:]$")


def _preamble_then_first_article(lines: list[Line], end: int) -> bool:
    """A text that opens with its title, one preamble paragraph (为正确审理…，制定本解释。) and
    第一条 (or 一、): a law text printed alone (a judicial interpretation without its adoption line).
    Only at the start of a file: inside a gazette a title and a 为… paragraph are as often a
    heading of the document around them."""
    return (end + 1 < len(lines) and not lines[end].is_tab and bool(_PREAMBLE.match(lines[end].squeezed))
            and bool(_FIRST_PROVISION.match(lines[end + 1].text) or lines[end + 1].squeezed.startswith("一、")))


def claimed(block: list[Line], title: str) -> bool:
    """Does the block issue, promulgate or re-publish the document titled ``title``?
    (It cites it in 《》: 关于印发《X》的通知, 现予公布, 《X》根据本决定作相应修改，重新公布.)"""
    cited = {title for line in block for title in cited_titles(line.squeezed)}
    if not cited:
        return False
    issuer = P.ISSUER_TITLE.match(title)
    names = {title, issuer["rest"]} if issuer else {title}
    return bool(names & cited)


def _interpretation_end(lines: list[Line], i: int) -> int | None:
    """If a 《…》政策解读 title starts at i, the index after its last line."""
    if not lines[i].squeezed.startswith("《"):
        return None
    for j in range(i, min(i + 4, len(lines))):
        if not is_title_like(lines[j]):
            return None
        if _merged(lines[i : j + 1]).endswith("政策解读"):
            return j + 1
    return None


def header_kind(lines: list[Line], i: int) -> str | None:
    """Does a document start at line index i? Returns order, issuer, interpretation."""
    line = lines[i]
    if line.is_tab:
        return None
    text = line.squeezed
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    if nxt is not None and P.ORDER_HEADER.match(text) and (
            P.ORDER_NUMBER.match(nxt.squeezed) or P.PROMULGATION.match(nxt.squeezed)):
        return "order"  # 国务院令 / 第706号, and an announcement: 最高人民法院公告 / 《…》已于…通过，现予公布
    if P.DOC_NUMBER.match(text) and nxt is not None:
        end = titled_end(lines, i + 1)
        if end is not None and not (end < len(lines) and is_number(lines[end])):
            return "numbered"  # 法释〔2020〕19号 printed above the title it numbers
    after_attachment_header = i > 0 and bool(P.ATTACHMENT_HEADER.match(lines[i - 1].squeezed))
    if nxt is not None and P.ISSUER.match(text) and not P.ISSUER.match(nxt.squeezed) and not after_attachment_header:
        end = _title_run(lines, i + 1)
        title = _merged(lines[i + 1 : end])
        numbered = end < len(lines) and bool(
            P.DOC_NUMBER.match(lines[end].squeezed) or P.ADDRESSEES.match(lines[end].text))
        if title and (_OFFICIAL_TITLE.match(title) or (numbered and GENRE.search(title))):
            return "issuer"
    if _interpretation_end(lines, i) is not None:
        return "interpretation"
    if titled_end(lines, i) is not None:
        return "titled"
    return None


def _title_repeat(lines: list[Line], i: int, title: tuple[Line, ...]) -> int | None:
    """The index after the title printed again at i (spacing aside: 中华人民共和国…和 地方…法),
    as a law text prints it after its history lines; None if it is not there."""
    if i >= len(lines) or lines[i].is_tab or not is_title_like(lines[i]):
        return None
    end = _title_run(lines, i)
    same = re.sub(r"\s", "", _merged(lines[i:end])) == re.sub(r"\s", "", _merged(title))
    return end if same else None


def _repeats_title(lines: list[Line], start: int, i: int) -> bool:
    """Whether the title at i repeats that of the titled block begun at start, with nothing
    but its title, number and history lines between them."""
    draft, used = _front_matter("titled", lines[start:i])
    return used == i - start and bool(draft.history) and _title_repeat(lines, i, draft.title) is not None


def split_blocks(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """Cut the lines into (header kind, lines) blocks; lines before the first header are
    returned under kind "front"."""
    blocks: list[tuple[str, list[Line]]] = []
    kind, start = "front", 0
    i = 0
    while i < len(lines):
        found = header_kind(lines, i)
        if found in ("titled", "numbered"):
            at = i + (found == "numbered")
            end = titled_end(lines, at) or at + 1
            if kind != "front" and claimed(lines[start:i], _merged(lines[at:end])):
                i = end  # printed after the document that issues or re-publishes it
                continue
            if kind == "titled" and found == "titled" and _repeats_title(lines, start, i):
                i = end  # the title again, after the history lines: the same document
                continue
        if found is None:
            i += 1
            continue
        if i > start or kind != "front":
            blocks.append((kind, lines[start:i]))
        kind, start = found, i
        # The title lines of this header cannot open another document.
        if found == "interpretation":
            i = _interpretation_end(lines, i)
        elif found in ("titled", "numbered"):
            at = i + (found == "numbered")
            i = titled_end(lines, at) or at + 1
        else:
            i = i + 2
    if start < len(lines) or kind != "front":
        blocks.append((kind, lines[start:]))
    return [(k, b) for k, b in blocks if b]


# --- parts of a block -------------------------------------------------------------


def _closing_at(lines: list[Line], j: int) -> bool:
    line = lines[j]
    if line.is_tab:
        return False
    nxt = lines[j + 1] if j + 1 < len(lines) else None
    ends_part = nxt is None or bool(
        P.PUBLICATION_NOTE.match(nxt.squeezed) or P.ATTACHMENT_HEADER.match(nxt.squeezed)
    )
    if is_signature(line) and (ends_part or is_date(nxt)):
        return True
    return is_date(line) and ends_part


def attachment_titles(lines: tuple[Line, ...]) -> tuple[str, ...]:
    """The titles an attachment list announces: 附件：1.廊坊市… 2.… -> (廊坊市…, …)."""
    if not lines:
        return ()
    merged = "".join(line.squeezed for line in lines)
    merged = P.ATTACHMENT_LIST.sub(r"\g<rest>", merged)
    pieces = re.split(r"(?<!\d)\d{1,2}[.．](?!\d)", merged)
    return tuple(p.strip() for p in pieces if p.strip())


def _announced_end(lines: list[Line], start: int, end: int, announced: str) -> int:
    """Where the title of an attachment ends when its list announced it: the run of title-like
    lines may go on into a caption (深圳湾公路大桥部分桥面界址点坐标 / A匝道桥界址点坐标)."""
    for k in range(start + 1, end):
        if norm_title(_merged(lines[start:k])) == norm_title(announced):
            return k
    return end


def _attachment_count(list_lines: tuple[Line, ...]) -> int:
    numbers = [int(m["n"]) for line in list_lines for m in P.ATTACHMENT_ENTRY.finditer(
        P.ATTACHMENT_LIST.sub(r"\g<rest>", line.text))]
    return max(numbers) if numbers else 1


@dataclass(frozen=True)
class _Body:
    body: tuple[Line, ...]
    attachment_list: tuple[Line, ...]
    signer: Line | None
    date: Line | None
    notes: tuple[Line, ...]
    end: int
    republish: bool
    signer_head: Line | None = None


def _signature_head(before: Line, signer: Line) -> bool:
    """Is ``before`` the first line of a signature broken over two (湖北省巴东县官渡口镇马鬃山村 /
    地质险情调查专家组)?"""
    text = before.squeezed
    return (not before.is_tab and len(text) <= 20 and is_title_like(before)
            and bool(P.ISSUER.match(text + signer.squeezed)) and not P.ISSUER.match(text))


#: The words of a sentence that issues texts: 现将《A》和《B》印发给你们, 现予公布.
_ISSUING = re.compile(r"印发|发布|公布|转发|批转|现将")


def _cited_at(lines: list[Line]) -> dict[str, int]:
    """The titles the block issues (cited in 《》 in a sentence that issues them), each with the
    index of the first line citing it; a title cited otherwise (具体指标见《…表》) is left out."""
    cited: dict[str, int] = {}
    for k, line in enumerate(lines):
        if not _ISSUING.search(line.squeezed):
            continue
        for title in cited_titles(line.squeezed):
            cited.setdefault(title, k)
    return cited


def _issued_title_at(lines: list[Line], j: int, cited: dict[str, int]) -> bool:
    """Does a title that the block cites before j stand alone at j, a text of its own? (关于印发
    《A》和《B》的通知 prints A, then B with no closing between them.)"""
    line = lines[j]
    if line.is_tab or not is_title_like(line):
        return False
    end = _title_run(lines, j)
    title = norm_title(_merged(lines[j:end]))
    return cited.get(title, j) < j and end < len(lines) and not is_title_like(lines[end])


def _take_body(lines: list[Line], i: int, cited: dict[str, int] | None = None) -> _Body:
    """Body lines from i up to a closing, an attachment header, a text the block issues, or
    重新公布。"""
    body: list[Line] = []
    attachment_list: list[Line] = []
    j = i
    while j < len(lines):
        line = lines[j]
        text = line.squeezed
        if P.ATTACHMENT_HEADER.match(text) and not line.is_tab:
            return _Body(tuple(body), tuple(attachment_list), None, None, (), j, False)
        if body and (titled_end(lines, j) is not None or (cited and _issued_title_at(lines, j, cited))):
            # a document the block issues, printed after it
            return _Body(tuple(body), tuple(attachment_list), None, None, (), j, False)
        if _closing_at(lines, j):
            signer = date = head = None
            if is_signature(line):
                signer, j = line, j + 1
                if body and _signature_head(body[-1], line):
                    head = body.pop()
            if j < len(lines) and is_date(lines[j]):
                date, j = lines[j], j + 1
            notes = []
            while j < len(lines) and P.PUBLICATION_NOTE.match(lines[j].squeezed):
                notes.append(lines[j])
                j += 1
            return _Body(tuple(body), tuple(attachment_list), signer, date, tuple(notes), j, False, head)
        if P.ATTACHMENT_LIST.match(text) and not line.is_tab:
            attachment_list.append(line)
            j += 1
            while (j < len(lines) and len(lines[j].squeezed) <= 40 and "。" not in lines[j].text
                   and not lines[j].is_tab and not P.ATTACHMENT_HEADER.match(lines[j].squeezed)
                   and not _closing_at(lines, j) and not is_signature(lines[j])):
                attachment_list.append(lines[j])
                j += 1
            continue
        body.append(line)
        j += 1
        if text.endswith("重新公布。"):
            return _Body(tuple(body), tuple(attachment_list), None, None, (), j, True)
    return _Body(tuple(body), tuple(attachment_list), None, None, (), j, False)


def _with_body(draft: Draft, part: _Body) -> Draft:
    return replace(draft, body=part.body, attachment_list=part.attachment_list, signer=part.signer,
                   signer_head=part.signer_head,
                   date=part.date, notes=part.notes)


def _front_matter(kind: str, lines: list[Line]) -> tuple[Draft, int]:
    if kind == "order":
        if len(lines) > 1 and P.ORDER_NUMBER.match(lines[1].squeezed):
            return Draft(role="order", header=(lines[0],), number=lines[1]), 2
        return Draft(role="order", header=(lines[0],)), 1  # an announcement: its sentence follows
    if kind == "numbered":
        draft, used = _front_matter("titled", lines[1:])
        return replace(draft, number=lines[0]), used + 1
    if kind == "interpretation":
        end = _interpretation_end(lines, 0) or 1
        return Draft(role="interpretation", title=tuple(lines[:end])), end
    if kind == "front":
        return Draft(role="front"), 0
    if kind == "titled":
        i = titled_end(lines, 0) or 1
        title = tuple(lines[:i])
        number = addressees = None
        if i < len(lines) and is_number(lines[i]):
            number, i = lines[i], i + 1
        end = history_run(lines, i)
        history, i = tuple(lines[i:end]), end
        if number is None and history and i < len(lines) and P.ORDER_NUMBER.match(lines[i].squeezed):
            number, i = lines[i], i + 1  # （…通过） / （中华人民共和国主席令　第五十九号）
        repeated: tuple[Line, ...] = ()
        end = _title_repeat(lines, i, title) if history else None
        if end is not None:
            repeated, i = tuple(lines[i:end]), end
            if number is None and i < len(lines) and is_number(lines[i]):
                number, i = lines[i], i + 1  # the title again, then its number: 法释〔2024〕7号
        if i < len(lines) and P.ADDRESSEES.match(lines[i].text) and not lines[i].is_tab:
            addressees, i = lines[i], i + 1
        return Draft(role="main", title=title, number=number, addressees=addressees, history=history,
                     repeated_title=repeated), i
    # An issuer line, title lines, then optionally number and addressees.
    i = _title_run(lines, 1)
    title = tuple(lines[1:i])
    number = addressees = None
    if i < len(lines) and is_number(lines[i]):
        number, i = lines[i], i + 1
    if i < len(lines) and P.ADDRESSEES.match(lines[i].text) and not lines[i].is_tab:
        addressees, i = lines[i], i + 1
    return Draft(role="main", header=(lines[0],), title=title, number=number, addressees=addressees), i


def parse_block(kind: str, lines: list[Line]) -> list[Draft]:
    """Read one block into its drafts: the first is the block's own document."""
    first, i = _front_matter(kind, lines)
    cited = _cited_at(lines)
    part = _take_body(lines, i, cited)
    drafts = [_with_body(first, part)]
    i = part.end
    # (draft index, attachments it announced and not yet seen)
    expecting: list[list[int]] = []
    if part.attachment_list:
        expecting.append([0, _attachment_count(part.attachment_list)])
    republished = part.republish
    while i < len(lines):
        header = lines[i]
        match = P.ATTACHMENT_HEADER.match(header.squeezed)
        if match:
            while expecting and expecting[-1][1] <= 0:
                expecting.pop()
            if expecting:
                parent = expecting[-1][0]
                expecting[-1][1] -= 1
            else:
                parent = max(k for k, d in enumerate(drafts) if d.role != "attachment")
            end = _title_run(lines, i + 1)
            number = cn_to_int(match["n"]) if match["n"] else None
            announced = attachment_titles(drafts[parent].attachment_list)
            if number is not None and 0 < number <= len(announced):
                end = _announced_end(lines, i + 1, end, announced[number - 1])
            draft = Draft(role="attachment", header=(header,), title=tuple(lines[i + 1 : end]),
                          parent=parent, attachment_no=number)
            i = end
        else:
            number = None
            if P.DOC_NUMBER.match(header.squeezed) and i + 1 < len(lines):
                number, i = header, i + 1  # 法释〔2020〕19号 above the title it numbers
            end = _title_run(lines, i)
            title = tuple(lines[i:end])
            history_end = history_run(lines, end)
            history, end = tuple(lines[end:history_end]), history_end
            draft = Draft(role="published", title=title, number=number, history=history,
                          parent=0, republished=republished)
            i = end
        part = _take_body(lines, i, cited)
        drafts.append(_with_body(draft, part))
        if part.attachment_list:
            expecting.append([len(drafts) - 1, _attachment_count(part.attachment_list)])
        republished = part.republish
        i = part.end
    return drafts
