"""The leaders' cockpit in a browser on the demo data: the leader opens the pipeline with its chart and red
items, the department scorecard and the project performance, and downloads a table as .xlsx.
Screenshots in test-artifacts/cockpit-*.png."""
from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect


def test_leader_reads_the_cockpit(page, log_in, screenshot):
    log_in("leader")
    page.click("header nav >> text=领导驾驶舱")
    expect(page.locator("h1")).to_have_text("领导驾驶舱")
    expect(page.locator("#pipeline svg.chart")).to_be_visible()
    expect(page.locator("#pipeline table tbody tr").first).to_be_visible()
    screenshot("cockpit-overview")
    with page.expect_download() as download:
        page.click("#pipeline >> text=导出 Excel")
    sheet = load_workbook(BytesIO(download.value.path().read_bytes())).active
    assert sheet["A1"].value == "阶段" and sheet.max_row > 1

    page.click("nav.cockpit-tabs >> text=部门绩效")
    expect(page.locator("h2").first).to_contain_text("部门绩效")
    screenshot("cockpit-departments")
    page.click("nav.cockpit-tabs >> text=项目审批绩效")
    expect(page.locator("#targets h2")).to_have_text("改革目标")
    expect(page.locator("#projects table")).to_be_visible()
    screenshot("cockpit-performance")
