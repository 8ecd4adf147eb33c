"""Links built once per page and filled per row: a page of 50 rows or 41 agenda items calls url_for once per
route, not once per row, and the route's rule stays the one source of the path (no hand-copied paths)."""
from __future__ import annotations

from urllib.parse import quote

from flask import url_for

INT_MARK = 2_147_483_000  # stands for an <int:…> argument while the rule is built (one number per argument)
SAFE = "!$&'()*+,/:;=@"  # what Werkzeug leaves unquoted in a path argument


def url_template(endpoint: str, ints: tuple[str, ...] = (), texts: tuple[str, ...] = (), **fixed) -> str:
    """The endpoint's URL with a `{name}` field for each of its int and string arguments named, and the
    `fixed` ones filled in; fill it per row with fill()."""
    marks = {name: INT_MARK + n for n, name in enumerate(ints)} | {name: f"_{name}_" for name in texts}
    url = url_for(endpoint, **fixed, **marks)
    for name, mark in marks.items():
        url = url.replace(str(mark), "{" + name + "}", 1)
    return url


def fill(template: str, **values) -> str:
    """A url_template with its fields filled, each value quoted as url_for quotes a path argument."""
    return template.format(**{name: quote(str(value), safe=SAFE) for name, value in values.items()})
