"""Every route is either public or in the permission table: a forgotten decorator fails here."""
from coordinator.domain.permissions import PERMISSIONS
from coordinator.web.access import PUBLIC, access_of


def test_every_endpoint_is_marked(app):
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        mark = access_of(app.view_functions[rule.endpoint])
        if mark != PUBLIC and mark not in PERMISSIONS:
            missing.append(f"{rule.rule} ({rule.endpoint})")
    assert not missing, "routes without @public or @requires(...): " + ", ".join(missing)
