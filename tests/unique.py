"""The one counter every test factory draws from, so generated project codes, credit codes and user names
never collide whichever order (and whichever factories) the tests run in."""
from __future__ import annotations

import itertools

_serial = itertools.count(1)


def number() -> int:
    """A number no other factory call in this test run has had."""
    return next(_serial)
