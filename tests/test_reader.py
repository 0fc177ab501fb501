"""The site as a reader meets it, in Chromium: desktop (1366×900) and phone (390×844), light
and dark themes; each test asserts what a person sees (visible, legible text with enough
contrast), on the static site and through `gazette serve`. Screenshots go to the build's
``screenshots/`` folder."""

from __future__ import annotations

import functools
import json
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from gazette.cli import main
from tests.conftest import served_mode
from tests.test_site import CHROMIUM, _QuietHandler, _Server

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
SCHEMES = ["light", "dark"]
WATER = "langfang-2021-order-1.regulation"  # 廊坊市城镇二次供水管理办法, amended 2021-12-01

#: WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST = """(node) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = null;
  for (let n = node; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c; break; }
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(node).color);
  const [a, b] = [lum(fg) + 0.05, lum(bg) + 0.05];
  return Math.max(a, b) / Math.min(a, b);
}"""


@pytest.fixture(scope="module")
def static(indexed: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(indexed / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def _page(browser: object, viewport: str, scheme: str):
    context = browser.new_context(viewport=VIEWPORTS[viewport], color_scheme=scheme)  # type: ignore[attr-defined]
    return context.new_page()


def _readable(locator, minimum: float = 4.5) -> None:
    """Visible, non-empty, and legible against what is behind it."""
    from playwright.sync_api import expect

    expect(locator).to_be_visible(timeout=20000)
    assert locator.inner_text().strip()
    ratio = locator.evaluate(CONTRAST)
    assert ratio >= minimum, f"contrast {ratio:.2f} of {locator.inner_text()[:40]!r}"


def _shot(page, indexed: Path, name: str) -> None:
    folder = indexed / "screenshots"
    folder.mkdir(exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_static_search_page_results_are_seen(browser: object, static: str, indexed: Path, viewport: str,
                                             scheme: str) -> None:
    page = _page(browser, viewport, scheme)
    page.goto(static + "/search/?query=" + urllib.parse.quote("二次供水设施"))
    first = page.locator(".gz-results .gz-hit-title").first
    _readable(first)
    _readable(page.locator(".gz-results p").first)
    assert page.locator(".gz-results mark").first.inner_text() == "二次供水设施"
    assert page.locator(".gz-results li").count() == 20 and page.locator(".gz-more").is_visible()
    page.locator(".gz-more").click()
    assert page.locator(".gz-results li").count() > 20
    _readable(page.locator(".gz-results .gz-status").first, minimum=3.0)
    # a filter narrows the hits and goes into the URL, so the search can be linked
    page.select_option("select[name=type]", "attachment")
    page.wait_for_function("location.search.includes('type=attachment')")
    assert "条结果" in page.locator(".gz-search-status").inner_text() or "没有结果" in page.locator(
        ".gz-search-status").inner_text()
    _shot(page, indexed, f"search-static-{viewport}-{scheme}")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_served_search_shows_the_answer_card_and_the_header_panel_is_legible(browser: object, api_server: str,
                                                                             indexed: Path, scheme: str) -> None:
    page = _page(browser, "desktop", scheme)
    page.goto(api_server + "/search/?query=" + urllib.parse.quote("谁负责二次供水设施的监督检查"))
    card = page.locator(".gz-answer")
    _readable(card.locator("li").first)
    assert "检索" in page.title()
    _readable(page.locator(".gz-results .gz-hit-title").first)
    assert "混合检索" in page.locator(".gz-search-status").inner_text()
    _shot(page, indexed, f"search-served-{scheme}")
    # the header's search panel: results legible in both themes (they were white on white)
    page.goto(api_server + "/")
    served_mode(page)
    page.locator(".md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("who inspects secondary water")
    box.press("End")
    _readable(page.locator(".gz-api-hit a").first, minimum=3.0)
    _readable(page.locator(".gz-api-hit p").first)
    _shot(page, indexed, f"header-search-{scheme}")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_status_amendment_note_and_the_old_text(browser: object, static: str, indexed: Path, viewport: str,
                                                scheme: str) -> None:
    page = _page(browser, viewport, scheme)
    page.goto(static + f"/documents/{WATER}/")
    _readable(page.locator(".gz-meta .gz-status"), minimum=3.0)
    assert page.locator(".gz-meta .gz-status").inner_text() == "现行有效"
    assert "2021-12-01" in page.locator(".gz-meta").inner_text()  # the current text's own in-force date
    note = page.locator("#art_14__para_1 + .gz-amended")
    _readable(note)
    assert "根据2021年12月1日起施行的" in note.inner_text() and "第一项修改文字" in note.inner_text()
    note.locator("a.gz-old-text").click()
    page.wait_for_url("**/versions/2020-06-01/#art_14__para_1")
    banner = page.locator(".gz-banner")
    _readable(banner)
    assert banner.inner_text().startswith("历史文本")
    old = page.locator("#art_14__para_1")
    assert "应当邀请城镇供水、卫生健康等行政主管部门" in old.inner_text()
    assert old.evaluate("n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    _shot(page, indexed, f"old-text-{viewport}-{scheme}")
    page.context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_old_new_view_reads_in_words(browser: object, static: str, indexed: Path, viewport: str,
                                         scheme: str) -> None:
    page = _page(browser, viewport, scheme)
    page.goto(static + f"/documents/{WATER}/diff/")
    row = page.locator("tr#art_14__para_1")
    _readable(row.locator("ins").first)
    assert row.locator("ins").first.inner_text() == "建设完成后，应当按照规定组织"
    assert "决定第一项：修改文字" in row.inner_text() and "replace_words" not in page.content()
    cells = row.locator("td")
    boxes = [cells.nth(i).bounding_box() for i in range(1, 3)]
    if viewport == "phone":  # old over new, each the width of the screen
        assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] + 1 and boxes[1]["width"] > 300
    else:  # side by side
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[0]["x"] < boxes[1]["x"]
    _shot(page, indexed, f"diff-{viewport}-{scheme}")
    page.context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_text_as_it_stood_on_a_day(browser: object, static: str, indexed: Path, viewport: str) -> None:
    page = _page(browser, viewport, "light")
    page.goto(static + f"/documents/{WATER}/")
    picker = page.locator("form.gz-asof")
    picker.locator("input[name=day]").fill("2019-01-01")
    picker.locator("button").click()
    _readable(picker.locator(".gz-asof-note"))  # before the first text in the knowledge base
    picker.locator("input[name=day]").fill("2021-01-01")
    picker.locator("button").click()
    page.wait_for_url("**/versions/2020-06-01/")
    assert page.locator(".gz-banner").inner_text().startswith("历史文本")
    page.goto(static + f"/documents/{WATER}/")
    picker.locator("input[name=day]").fill("2022-03-01")
    picker.locator("button").click()
    page.wait_for_url("**/versions/2021-12-01/")
    assert page.locator(".gz-banner").inner_text().startswith("现行文本")
    page.context.close()


def test_point_in_time_from_the_command_line(indexed: Path) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    result = runner.invoke(main, ["resolve", "《廊坊市城镇二次供水管理办法》第十四条", "--as-of", "2021-01-01",
                                  "--build", str(indexed), "--json"])
    target = json.loads(result.stdout)["target"]
    assert "应当邀请城镇供水、卫生健康等行政主管部门" in target["text"]
    assert target["url"] == f"/documents/{WATER}/versions/2020-06-01/#art_14"
    assert target["version"] == {"valid_from": "2020-06-01", "valid_to": "2021-12-01",
                                 "made_by": "廊坊市人民政府令〔2020〕第1号"}
    today = json.loads(runner.invoke(main, ["resolve", "《廊坊市城镇二次供水管理办法》第十四条", "--build",
                                            str(indexed), "--json"]).stdout)["target"]
    assert "建设完成后" in today["text"] and today["url"] == f"/documents/{WATER}/#art_14"
    shown = json.loads(runner.invoke(main, ["show", f"{WATER}/art_14__para_1", "--build", str(indexed),
                                            "--json"]).stdout)
    versions = shown["provision"]["versions"]
    assert [(v["valid_from"], v["valid_to"]) for v in versions] == [("2020-06-01", "2021-12-01"),
                                                                     ("2021-12-01", None)]
    assert "应当邀请" in versions[0]["text"] and "建设完成后" in versions[1]["text"]
    assert versions[0]["url"] == f"/documents/{WATER}/versions/2020-06-01/#art_14__para_1"
