"""Assemble the real development corpus from a local copy of LawRefBook/Laws.

Usage (no network; point it at a clone or bare mirror of the repository)::

    python tests/real/collect.py /path/to/LawRefBook-Laws.git

Each output file is a run of real documents as a gazette prints them (an amendment
decision followed by the text it re-publishes; several regulations of one issuer). The
only changes made to the source are Markdown markup: the ``#``/``##`` heading markers
and the ``<!-- INFO END -->`` comment are removed. Wording, punctuation, spacing and
line breaks are kept. ``SOURCES.md`` records, per output file, the repository, commit
and paths it was made from, and the changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tools.lawrefbook_corpus import unmark  # noqa: E402

REPO = "LawRefBook/Laws"

#: output file -> source paths, in print order
MANIFEST: dict[str, list[str]] = {
    "spc-2021-shanghai-financial-court.txt": [
        "司法解释/最高人民法院关于修改《关于上海金融法院案件管辖的规定》的决定.md",
        "司法解释/最高人民法院关于上海金融法院案件管辖的规定(2021-04-21).md",
    ],
    "spc-2021-railway-injury.txt": [
        "司法解释/最高人民法院关于修改《最高人民法院关于审理铁路运输人身损害赔偿纠纷案件适用法律若干问题的解释》的决定.md",
        "司法解释/最高人民法院关于审理铁路运输人身损害赔偿纠纷案件适用法律若干问题的解释(2021-12-08).md",
    ],
    "spc-2021-food-drug.txt": [
        "司法解释/最高人民法院关于修改《最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定》的决定.md",
        "司法解释/最高人民法院关于审理食品药品纠纷案件适用法律若干问题的规定(2021-11-18).md",
    ],
    "spc-2021-arbitration-review.txt": [
        "司法解释/最高人民法院关于修改《最高人民法院关于仲裁司法审查案件报核问题的有关规定》的决定.md",
        "司法解释/最高人民法院关于仲裁司法审查案件报核问题的有关规定(2021-12-24).md",
    ],
    "spc-2021-concealing-proceeds.txt": [
        "司法解释/最高人民法院关于修改《关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释》的决定.md",
        "司法解释/最高人民法院关于审理掩饰、隐瞒犯罪所得、犯罪所得收益刑事案件适用法律若干问题的解释(2021-04-13).md",
    ],
    "spc-spp-2018-credit-card.txt": [
        "司法解释/最高人民法院、最高人民检察院关于修改《关于办理妨害信用卡管理刑事案件具体应用法律若干问题的解释》的决定.md",
    ],
    "spc-interpretations.txt": [
        "司法解释/最高人民法院关于适用《海事诉讼特别程序法》若干问题的解释(2003-01-06).md",
        "司法解释/人民法院在线诉讼规则(2021-06-16).md",
    ],
    "spp-2001-transfer-of-cases.txt": [
        "司法解释/人民检察院办理行政执法机关移送涉嫌犯罪案件的规定(2001-12-03).md",
    ],
    "state-council-regulations.txt": [
        "行政法规/国务院关于处理国家机关工作人员退职、退休时计算工作年限的暂行规定(1955-12-29).md",
        "行政法规/电网调度管理条例(2011-01-08).md",
        "行政法规/罚款决定与罚款收缴分离实施办法(1997-11-17).md",
        "行政法规/不动产登记暂行条例(2019-03-24).md",
        "行政法规/国务院关于在线政务服务的若干规定(2019-04-26).md",
        "行政法规/国务院关于在我国统一实行法定计量单位的命令(1984-02-27).md",
        "行政法规/个体工商户条例(2016-02-06).md",
    ],
    "npc-laws.txt": [
        "宪法相关法/国务院组织法(1982-12-10).md",
        "社会法/反家庭暴力法(2015-12-27).md",
        "行政法/全国人民代表大会常务委员会议事规则(2022-06-24).md",
    ],
    "ministry-rules.txt": [
        "部门规章/国家安全部/公民举报危害国家安全行为奖励办法(2022-06-06).md",
        "部门规章/公安部/公安机关适用继续盘问规定(2004-07-12).md",
        "部门规章/人力资源社会保障部/企业职工带薪年休假实施办法(2008-07-17).md",
    ],
    "local-regulations-shanghai.txt": [
        "DLC/上海地方法规/地方性法规/上海/上海市中华鲟保护管理条例(2020-05-14).md",
    ],
    "local-regulations-zhejiang.txt": [
        "DLC/浙江地方法规/地方性法规/浙江/丽水市传统村落保护条例(2019-08-19).md",
        "DLC/浙江地方法规/地方性法规/浙江/浙江省各级人民代表大会常务委员会讨论决定重大事项的规定(2018-07-27).md",
    ],
    # the SPC decision amending eighteen interpretations at once, then the amended texts as the
    # collection holds them (16 of the 18; 专利纠纷…若干规定 and 植物新品种权…若干规定 only in older editions)
    "spc-2020-ip-interpretations.txt": [
        "司法解释/最高人民法院关于修改《最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）》等十八件知识产权类司法解释的决定.md",
        "司法解释/最高人民法院关于审理侵犯专利权纠纷案件应用法律若干问题的解释（二）(2020-12-29).md",
        "司法解释/最高人民法院关于审理商标案件有关管辖和法律适用范围问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理商标民事纠纷案件适用法律若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理注册商标、企业名称与在先权利冲突的民事纠纷案件若干问题的规定(2020-12-29).md",
        "司法解释/最高人民法院关于审理涉及驰名商标保护的民事纠纷案件应用法律若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于商标法修改决定施行后商标案件管辖和法律适用问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理商标授权确权行政案件若干问题的规定(2020-12-29).md",
        "司法解释/最高人民法院关于人民法院对注册商标权进行财产保全的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理著作权民事纠纷案件适用法律若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理侵害信息网络传播权民事纠纷案件适用法律若干问题的规定(2020-12-29).md",
        "司法解释/最高人民法院关于审理植物新品种纠纷案件若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理因垄断行为引发的民事纠纷案件应用法律若干问题的规定(2020-12-29).md",
        "司法解释/最高人民法院关于审理涉及计算机网络域名民事纠纷案件适用法律若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于审理技术合同纠纷案件适用法律若干问题的解释(2020-12-29).md",
        "司法解释/最高人民法院关于北京、上海、广州知识产权法院案件管辖的规定(2020-12-29).md",
    ],
}


def main(git_dir: str) -> int:
    here = Path(__file__).parent
    commit = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", "HEAD"], check=True,
                            capture_output=True, text=True).stdout.strip()
    rows = []
    for name, paths in MANIFEST.items():
        parts = []
        for path in paths:
            raw = subprocess.run(["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True,
                                 capture_output=True).stdout.decode("utf-8")
            text, headings, comments = unmark(raw)
            parts.append(text)
            rows.append(f"| `{name}` | `{path}` | {headings} heading markers, {comments} comment removed |")
        (here / name).write_text("\n".join(parts), encoding="utf-8")
    lines = [
        "# Real development corpus: provenance",
        "",
        f"Made by `collect.py` from [{REPO}](https://github.com/{REPO}) at commit `{commit}`.",
        "Changes: Markdown heading markers (`# `, `## `) and the `<!-- INFO END -->` comment",
        "removed; nothing else (wording, punctuation, spacing and line breaks as in the source).",
        "Documents of one output file are joined by one blank line, in the order listed.",
        "",
        "| file | source path | changes |",
        "|---|---|---|",
        *rows,
        "",
    ]
    (here / "SOURCES.md").write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
