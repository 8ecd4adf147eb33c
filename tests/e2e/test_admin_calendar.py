"""A system administrator checks a provisional year, checks an import file without storing it, and adds
and removes a local change (leaving the shared server's calendar as it was)."""
from pathlib import Path

from playwright.sync_api import expect

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "calendar" / "2027.example.yaml"


def test_sysadmin_uses_the_calendar_page(page, log_in, screenshot):
    log_in("e2e-sysadmin")
    page.goto("/admin/calendar?year=2026")
    expect(page.locator("table.cal-month")).to_have_count(12)
    expect(page.locator("td.cal-holiday").first).to_be_visible()
    screenshot("calendar-2026")

    page.goto("/admin/calendar?year=2027")
    expect(page.locator(".cal-provisional")).to_contain_text("暂按周一至周五计算")
    page.set_input_files("input[name=file]", str(EXAMPLE))
    page.click("button[name=check]")
    expect(page.locator("main")).to_contain_text("文件校验通过")
    expect(page.locator(".cal-provisional")).to_be_visible()  # nothing stored

    page.fill("input[name=day]", "2027-03-08")
    page.check("input[value=holiday]")
    page.fill("input[name=note]", "停电检修，政务中心闭馆")
    page.click("#override ~ form button[type=submit]")
    expect(page.locator("td.cal-local_closed")).to_have_count(1)
    screenshot("calendar-2027")
    page.click("table button:has-text('撤销调整')")
    expect(page.locator("td.cal-local_closed")).to_have_count(0)
