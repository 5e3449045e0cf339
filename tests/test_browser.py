"""The published database in a real browser: Debian's headless Chromium driven by Playwright.

One server (``news-extract serve`` in a subprocess, loopback, free port) and
one browser serve every test here. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    make_sample_db,
    start_server,
)

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    pytest.skip("Debian chromium is not installed (/usr/bin/chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")

TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db_path = make_sample_db(tmp_path_factory.mktemp("browser") / "news.db")
    port = free_port()
    proc = start_server(db_path, port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except Exception:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_the_index_shows_the_metadata_title(page, base_url):
    page.goto(base_url + "/")
    assert page.locator("h1").first.inner_text() == "Party-member recruitment in Vietnamese news"
    screenshot(page, "index")


def test_an_unaccented_search_finds_accented_articles(page, base_url):
    page.goto(base_url + "/news/articles")
    page.fill("input#_search", "ket nap dang vien")
    page.locator("input#_search").press("Enter")
    page.wait_for_url("**_search=ket*")
    ids = page.locator("table.rows-and-columns td.col-article_id").all_inner_texts()
    assert "muong_hum" in [i.strip() for i in ids]
    screenshot(page, "search")


def test_one_click_on_a_fact_shows_its_sentence_and_number_highlighted(page, base_url):
    page.goto(base_url + "/news/facts?fact_id=lao_cai%3Af2")
    page.locator("td.col-sentence a").first.click()
    page.wait_for_url("**/-/evidence/**")
    sentence = page.locator("#evidence")
    assert sentence.inner_text().startswith("Năm 2023, ")
    assert page.locator(".ne-text .ne-number").inner_text() == "1.302"
    # The highlight is visible: the number's background differs from the page's.
    background = page.locator(".ne-text .ne-number").evaluate(
        "el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot(page, "evidence")


def test_article_markup_is_shown_as_text_not_run(page, base_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base_url + "/-/evidence/injection~3Af0")
    assert "<script>alert('x')</script>" in page.locator(".ne-text").inner_text()
    assert dialogs == []


def test_the_target_vs_admitted_chart_renders(page, base_url):
    page.goto(base_url + "/news/target_vs_admitted_chart?province=L%C3%A0o+Cai&unit=")
    chart = page.locator(".vega-embed canvas, .vega-embed svg").first
    chart.wait_for(state="visible")
    box = chart.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    screenshot(page, "chart")
