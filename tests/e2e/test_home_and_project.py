"""A signed-in user opens the home page and a project page: the stage graph and its lights are visible,
at laptop and at phone size (screenshots in test-artifacts/)."""
import re

from playwright.sync_api import expect


def test_anonymous_home_page_asks_to_log_in(page, screenshot):
    page.goto("/")
    expect(page.locator("main a[href*='/login']")).to_be_visible()
    expect(page.locator("svg.stage-graph")).to_have_count(0)
    expect(page.locator(".training-banner")).to_be_visible()
    screenshot("home-anonymous")


def test_home_and_project_page_show_graph_and_lights(page, log_in, screenshot):
    log_in()
    page.goto("/")
    cards = page.locator("li.project-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 3
    expect(cards.first.locator("svg.stage-graph")).to_be_visible()
    expect(page.locator("li.project-card .light.light-red").first).to_be_visible()  # the demo's late project
    screenshot("home")

    late = cards.filter(has=page.locator(".light.light-red")).first
    late.locator("h2 a").click()
    expect(page).to_have_url(re.compile(r"/projects/\d+$"))
    graph = page.locator("section svg.stage-graph")
    expect(graph).to_be_visible()
    expect(graph.locator("g.node").first).to_be_visible()
    # drawn, not "visible": a straight horizontal edge has an empty bounding box, which Playwright calls hidden
    expect(graph.locator("path.edge.critical")).not_to_have_count(0)
    expect(page.locator("table.clocks .light.light-red").first).to_be_visible()
    expect(page.locator("table.events tbody tr").first).to_be_visible()
    expect(page.locator(".training-banner")).to_be_visible()
    screenshot("project")


def test_an_owner_sees_only_the_company_projects(page, log_in):
    log_in("clerk")
    page.goto("/")
    every = set(page.locator("li.project-card h2 a").evaluate_all("links => links.map(a => a.pathname)"))
    page.context.clear_cookies()
    log_in("owner")
    page.goto("/")
    own = set(page.locator("li.project-card h2 a").evaluate_all("links => links.map(a => a.pathname)"))
    assert own and own < every
    response = page.goto(min(every - own))
    assert response.status == 404
