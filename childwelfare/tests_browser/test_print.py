"""Paper in a real browser (issue 9): the child file's PDF drawn as an image (pdftoppm) with
every character in a CJK font and no missing-glyph box, and the child page's print media
without the navigation bar, the buttons and 查看完整号码. Screenshots and page images go to
test-output/screenshots/."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from PIL import Image
from playwright.sync_api import expect

from childwelfare.lib.idnumber import MALE, make_number
from childwelfare.registry.services import add_family_member, create_child
from childwelfare.testing.pdf import glyph_report, is_cjk_font, pdf_text
from childwelfare.testing.people import DEMO_PASSWORD, MEIYUAN, ensure_people

from .conftest import SCREENSHOT_DIR

pytestmark = pytest.mark.browser


def log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def a_child(actor):
    child = create_child(
        actor=actor,
        name="欧阳舒诺",
        id_number=make_number("320102", date(2015, 3, 12), 41, MALE),
        area_id=MEIYUAN,
        address="梅园新村十二号院",
    )
    add_family_member(child=child, actor=actor, relation="grandmother", name="欧阳桂兰", is_guardian=True)
    return child


def dark_share(path) -> float:
    """The share of pixels darker than mid-grey in a page image (text, lines)."""
    image = Image.open(path).convert("L")
    histogram = image.histogram()
    return sum(histogram[:128]) / (image.width * image.height)


def test_child_file_pdf_draws_every_character(page, viewport, screenshot):
    if viewport == "phone":
        pytest.skip("the PDF is the same at every width")
    people = ensure_people()
    child = a_child(people["officer_xuanwu"])
    log_in(page, "officer_xuanwu")
    page.goto(f"/children/{child.pk}/")
    link = page.locator("#print-file")
    expect(link).to_be_visible()
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    data = response.body()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    pdf_path = SCREENSHOT_DIR / "print-child-file.pdf"
    pdf_path.write_bytes(data)

    text = pdf_text(data)
    assert "欧阳舒诺" in text and child.masked_id in text and child.id_number not in text
    report = glyph_report(data)
    assert report.glyphs > 200 and report.missing == 0, report
    assert all(is_cjk_font(name) for name in report.fonts), report.fonts

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm (poppler-utils) is needed to draw the PDF; .ci/run installs it")
    stem = SCREENSHOT_DIR / "print-child-file-page"
    subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf_path), str(stem)], check=True)
    image = next(SCREENSHOT_DIR.glob("print-child-file-page*1.png"))
    # A drawn page: text and table lines, on a white page.
    assert 0.005 < dark_share(image) < 0.5

    # The same check draws a box for a character no font has: it would fail on tofu.
    from childwelfare.lib.pdf import html_to_pdf

    assert glyph_report(html_to_pdf('<p style="font-family: Noto Sans CJK SC">\U00017000</p>')).missing == 1


def test_print_media_of_the_child_page_hides_navigation_and_full_number(page, viewport, screenshot):
    people = ensure_people()
    child = a_child(people["officer_xuanwu"])
    log_in(page, "officer_xuanwu")  # holds "view full ID": the page offers 查看完整号码
    page.goto(f"/children/{child.pk}/")
    reveal = page.get_by_role("button", name="查看完整号码").first
    expect(reveal).to_be_visible()
    expect(page.locator("nav.navbar")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(reveal).to_be_hidden()
    expect(page.locator("#print-file")).to_be_hidden()
    expect(page.locator("details.edit-form").first).to_be_hidden()
    expect(page.get_by_text(child.masked_id).first).to_be_visible()
    expect(page.get_by_role("heading", name="欧阳舒诺")).to_be_visible()
    colour = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert colour in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colour
    screenshot("child-page-print")
