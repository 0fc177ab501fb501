"""Gazettes as published: a PDF issue and a saved gazette web page, read as a build reads them.

The PDF is the shipped issue typeset as gazettes print it (``tools/typeset_gazette.py``: a
cover, a 目录 with the page of each document, running headers alternating by
side, page numbers at the foot, paragraphs broken inside sentences, tables drawn with rules,
member lists in two columns), printed by headless Chromium. Read back, it must give the
documents, provisions and identifiers of the text, and every provision its printed page.
The saved page is a real gov.cn page (``tests/real/issues/pages``)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gazette.cli import main
from parser import ParseError, parse_gazette, parse_source
from tests.conftest import CORPUS_FILE
from tests.test_site import CHROMIUM

PAGES = Path(__file__).parent / "real" / "issues" / "pages"


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tools.typeset_gazette import print_pdf, typeset

    folder = tmp_path_factory.mktemp("pdf-corpus")
    out = folder / "langfang-gazette-2021-04.pdf"
    print_pdf(typeset(CORPUS_FILE.read_text(encoding="utf-8"), serial=187), out, chromium=CHROMIUM)
    return out


@pytest.fixture(scope="module")
def from_pdf(issue_pdf: Path):  # type: ignore[no-untyped-def]
    return parse_source(issue_pdf.read_bytes(), issue_pdf.name)


def _plain(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_the_pdf_gives_the_documents_provisions_and_ids_of_the_text(from_pdf) -> None:  # type: ignore[no-untyped-def]
    _, gazette = from_pdf
    text = parse_gazette(CORPUS_FILE.read_text(encoding="utf-8"), "langfang.txt")
    assert [(d.id, d.type, d.title) for d in gazette.documents] == [(d.id, d.type, d.title) for d in text.documents]
    for printed, written in zip(gazette.documents, text.documents):
        assert [(p.eid, p.kind, p.label) for p in printed.provisions] == \
               [(p.eid, p.kind, p.label) for p in written.provisions], printed.id
        assert [_plain(p.text) for p in printed.provisions] == [_plain(p.text) for p in written.provisions]
    assert gazette.warnings == ()


def test_the_issue_is_read_off_its_cover_and_headers(from_pdf) -> None:  # type: ignore[no-untyped-def]
    source, gazette = from_pdf
    assert (gazette.title, gazette.year, gazette.issue, gazette.serial) == ("廊坊市人民政府公报", 2021, 4, 187)
    assert source.encoding == "pdf" and not any("市政府文件" in line for line in source.text.splitlines()
                                                if not line.startswith("\t"))  # the running headers are gone


def test_every_provision_knows_its_printed_page(from_pdf) -> None:  # type: ignore[no-untyped-def]
    source, gazette = from_pdf
    # the 目录 printed after the cover gives each document's first page: the reader finds the same
    contents = re.findall(r"^(.+?)……(\d+)$", source.text, re.M)
    top = [d for d in gazette.documents if d.parent is None]
    assert len(contents) == len(top) > 20
    for (title, page), doc in zip(contents, top):
        assert doc.full_title.startswith(title) and doc.pages is not None and doc.pages[0] == int(page), \
            (doc.id, title, page, doc.pages)
    pages = [d.pages for d in gazette.documents]
    assert all(p is not None and 3 <= p[0] <= p[1] for p in pages)
    for doc in gazette.documents:
        assert all(p.page is not None and doc.pages[0] <= p.page <= doc.pages[1] for p in doc.provisions)  # type: ignore[index]


def test_a_built_pdf_shows_its_pages_on_the_site_and_in_the_api(issue_pdf: Path, tmp_path: Path) -> None:
    build = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", "--no-index", "--corpus", str(issue_pdf.parent), "--build",
                                       str(build), "--json"])
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(main, ["show", "langfang-2021-order-1.regulation/art_24", "--build", str(build),
                                      "--json"])
    provision = json.loads(shown.output)["provision"]
    assert provision["page"] and provision["gazette_citation"] == f"《廊坊市人民政府公报》2021年第4号第{provision['page']}页"
    page = (build / "site" / "documents" / "langfang-2021-order-1.regulation" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"刊载</th><td>《廊坊市人民政府公报》2021年第4号第\d+–\d+页", page)


def _blank_pdf(pages: int, with_text: Path | None = None) -> bytes:
    """A PDF of pages with no text layer (as a scan), after the pages of ``with_text`` if given."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(with_text.read_bytes()) if with_text else pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_scanned_pdf_gets_a_clear_message(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "scan.pdf").write_bytes(_blank_pdf(3))
    result = CliRunner().invoke(main, ["check", "--corpus", str(corpus)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "scan.pdf" in result.output and "no text layer on any of its 3 page(s)" in result.output


def test_scanned_pages_among_printed_ones_are_named(issue_pdf: Path) -> None:
    _, gazette = parse_source(_blank_pdf(2, with_text=issue_pdf), "mixed.pdf")
    assert re.match(r"pages \d+-\d+ have no text layer", gazette.warnings[0].message)


def test_a_damaged_pdf_is_an_error_naming_the_file() -> None:
    with pytest.raises(ParseError, match=r"^cut\.pdf: not a readable PDF"):
        parse_source(b"%PDF-1.7\n1 0 obj <<", "cut.pdf")


# --- saved web pages ----------------------------------------------------------------------------

def test_a_saved_gov_cn_page_builds_with_its_metadata_as_fields(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(PAGES / "govcn-1996-guohan-95.html", corpus)
    shutil.copy(PAGES / "govcn-2018-order-706.html", corpus)
    build = tmp_path / "build"
    result = CliRunner().invoke(main, ["build", "--no-index", "--no-site", "--corpus", str(corpus), "--build",
                                       str(build), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output[result.output.index("{"):])
    assert report["warnings"] == [] and report["documents"] == 3
    document = json.loads(CliRunner().invoke(main, ["show", "cn-1996-gh-95", "--build", str(build), "--json"]
                                             ).output)["document"]
    assert document["issuer"] == "国务院、中央军委" and document["number"] == "国函〔1996〕95号"
    assert document["signed"] == "1996-11-05"
    assert document["metadata"] == {"索引号": "000014349/1996-00073", "主题分类": "国防\\国防建设",
                                    "发文机关": "国务院、中央军委", "成文日期": "1996年11月05日",
                                    "标题": "国务院、中央军委关于同意武警总部后勤部机关等迁址新建的批复",
                                    "发文字号": "国函〔1996〕95号", "发布日期": "2018年12月03日"}
    regulation = json.loads(CliRunner().invoke(main, ["show", "cn-2018-order-706.regulation", "--build", str(build),
                                                      "--json"]).output)["document"]
    assert regulation["metadata"]["标题"] == "专利代理条例"  # the page is about the text the order promulgates
    assert sum(1 for p in regulation["provisions"] if p["kind"] == "article") == 32


def test_a_page_that_contradicts_its_text_is_a_warning() -> None:
    page = (PAGES / "govcn-1996-guohan-95.html").read_bytes().replace("国函〔1996〕95号</td>".encode(),
                                                                     "国函〔1996〕59号</td>".encode(), 1)
    _, gazette = parse_source(page, "p.html")
    assert [w.message for w in gazette.warnings] == ["the page's 发文字号 “国函〔1996〕59号” is not the text's "
                                                     "“国函〔1996〕95号”"]
