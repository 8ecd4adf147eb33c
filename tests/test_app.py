"""The factory builds an app that serves its home page with security headers."""
import pytest

from coordinator import create_app
from coordinator.config import ConfigError


def test_home_page_has_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("overrides", [
    {"ENV": "production"},
    {"ENV": "production", "SECRET_KEY": "x" * 40, "SESSION_COOKIE_SECURE": False},
    {"ENV": "production", "SECRET_KEY": "x" * 40, "DEBUG": True},
])
def test_production_refuses_unsafe_config(overrides):
    with pytest.raises(ConfigError):
        create_app(overrides)
