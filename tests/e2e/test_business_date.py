"""On the training instance a system administrator moves the business date and every page follows it."""
from playwright.sync_api import expect


def test_sysadmin_moves_the_business_date(page, log_in, screenshot):
    log_in("sysadmin")  # the demo system administrator
    page.click("nav a[href='/admin/business-date']")
    expect(page.locator("input[type=date]")).to_be_visible()
    screenshot("business-date")
    original = page.input_value("input[type=date]")
    page.fill("input[type=date]", "2026-12-31")
    page.click("main form button[type=submit]")
    expect(page.locator(".flash")).to_contain_text("2026-12-31")
    expect(page.locator(".training-banner")).to_contain_text("2026-12-31")
    page.fill("input[type=date]", original)  # leave the shared server as it was
    page.click("main form button[type=submit]")
    expect(page.locator(".training-banner")).to_contain_text(original)
