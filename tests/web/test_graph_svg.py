"""The stage-graph SVG drawn from the golden timelines: boxes, colours, critical path, escaping."""
import dataclasses
import itertools
import re
import xml.etree.ElementTree as ET

import pytest

from coordinator.web.graph_svg import CRITICAL, LIGHT_COLOURS, layout, render_graph_svg
from tests.web.web_golden import EXAMPLES, template, timeline

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def nodes_of(root):
    return {g.get("data-key"): g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()}


@pytest.mark.parametrize("name", EXAMPLES)
def test_one_box_per_node_and_one_arrow_per_need(name):
    tpl = template(name)
    root = parse(render_graph_svg(tpl, timeline(name)))
    assert set(nodes_of(root)) == {node.key for node in tpl.nodes}
    edges = {(p.get("data-from"), p.get("data-to")) for p in root.iter(f"{SVG}path") if p.get("data-from")}
    assert edges == {(need, node.key) for node in tpl.nodes for need in node.needs}


@pytest.mark.parametrize("name", EXAMPLES)
def test_box_colour_follows_the_light(name):
    tpl, tl = template(name), timeline(name)
    boxes = nodes_of(parse(render_graph_svg(tpl, tl)))
    for node in tpl.nodes:
        if node.kind == "milestone":
            continue
        light = tl["nodes"][node.key]["light"]
        rect = boxes[node.key].find(f"{SVG}rect")
        assert rect.get("fill") == LIGHT_COLOURS[light][0], node.key
        assert boxes[node.key].get("data-light") == light


@pytest.mark.parametrize("name", EXAMPLES)
def test_critical_path_edges_are_emphasised(name):
    tl = timeline(name)
    path = tl["forecast"]["critical_path"]
    root = parse(render_graph_svg(template(name), tl))
    critical = {(p.get("data-from"), p.get("data-to")) for p in root.iter(f"{SVG}path")
                if "critical" in (p.get("class") or "").split()}
    assert critical == set(itertools.pairwise(path))
    for edge in root.iter(f"{SVG}path"):
        if edge.get("data-from"):
            assert (edge.get("stroke") == CRITICAL) == ((edge.get("data-from"), edge.get("data-to")) in critical)
    assert {key for key, g in nodes_of(root).items() if "critical" in g.get("class").split()} == set(path)


def test_red_item_shows_overdue_days_and_yellow_stage_days_left():
    root = parse(render_graph_svg(template("enterprise-parallel-opinions"), timeline("enterprise-parallel-opinions")))
    texts = ["".join(t.itertext()) for t in nodes_of(root)["works-planning"].iter(f"{SVG}text")]
    assert texts == ["工程规划许可", "Under review", "Yellow light (warning)", "Due 2026-06-17 · 1 left"]
    red = parse(render_graph_svg(template("rongque-deferred-material"), timeline("rongque-deferred-material")))
    soil = " ".join(t.text for t in nodes_of(red)["soil-water"].iter(f"{SVG}text"))
    assert "overdue" in soil and "Red light (overdue)" in soil


def test_english_names_and_finished_dates():
    root = parse(render_graph_svg(template("contract-example"), timeline("contract-example"), english=True))
    first = [t.text for t in nodes_of(root)["initiation"].iter(f"{SVG}text")]
    assert first[0] == "Initiation" and first[-1] == "Finished 2026-03-04"


def test_parallel_tracks_share_a_column_and_columns_follow_longest_paths():
    position = layout(template("plan-feasible").nodes)
    assert position["land-pre-review"][0] == position["feasibility-report"][0] == 1
    assert position["land-pre-review"][1] != position["feasibility-report"][1]
    assert position["start-works"][0] == max(col for col, _ in position.values())


def test_text_is_escaped():
    tpl = template("contract-example")
    evil = dataclasses.replace(tpl.node("initiation"), name='<script>alert("x")</script>&')
    nodes = tuple(evil if node.key == "initiation" else node for node in tpl.nodes)
    svg = render_graph_svg(dataclasses.replace(tpl, nodes=nodes), timeline("contract-example"),
                           title="A & <B>", id_prefix='p"1')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &amp; &lt;B&gt;" in svg
    parse(svg)  # still well-formed XML


def test_compact_graph_has_only_names_and_unique_marker_ids():
    tl = timeline("plan-feasible")
    svg = render_graph_svg(template("plan-feasible"), tl, compact=True, id_prefix="p7")
    root = parse(svg)
    for g in nodes_of(root).values():
        assert len(list(g.iter(f"{SVG}text"))) == 1
    assert re.findall(r'marker id="([^"]+)"', svg) == ["p7-arrow", "p7-arrow-critical"]


def test_waived_nodes_have_no_light_line_and_a_clock_due_today_says_so():
    tpl, tl = template("enterprise-parallel-opinions"), timeline("enterprise-parallel-opinions")
    stage = tl["nodes"]["works-planning"]
    tl["nodes"]["works-planning"] = {**stage, "remaining": 0, "used": 12}
    tl["nodes"]["construction-permit"] = {**tl["nodes"]["construction-permit"], "status": "waived"}
    boxes = nodes_of(parse(render_graph_svg(tpl, tl)))
    assert [t.text for t in boxes["works-planning"].iter(f"{SVG}text")][-1] == "Due today, 2026-06-17"
    assert [t.text for t in boxes["construction-permit"].iter(f"{SVG}text")] == ["施工许可", "Waived"]
