"""Links built once per page from the route's rule and filled per row: the same URLs as url_for, values
quoted as url_for quotes them."""
from flask import url_for

from coordinator.web.links import fill, url_template


def test_a_filled_template_is_the_url_url_for_builds(app):
    with app.test_request_context():
        opinion = url_template("review.opinion", ints=("project_id",), texts=("node", "item", "dept"))
        assert "{project_id}" in opinion and "{dept}" in opinion
        values = {"project_id": 42, "node": "planning", "item": "scheme", "dept": "fire-protection"}
        assert fill(opinion, **values) == url_for("review.opinion", **values)
        position = url_template("meetings.position", ints=("item_id",), meeting_id=7)
        assert fill(position, item_id=3) == url_for("meetings.position", meeting_id=7, item_id=3)


def test_a_value_is_quoted_as_url_for_quotes_it(app):
    with app.test_request_context():
        board = url_template("review.board", ints=("project_id",), texts=("node",))
        assert fill(board, project_id=1, node="消防 a&b") == url_for("review.board", project_id=1, node="消防 a&b")
