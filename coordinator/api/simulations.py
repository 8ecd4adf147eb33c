"""POST /api/v1/simulations: replay a scenario (formats/scenario.md) and answer its timeline JSON."""
from flask import Blueprint, jsonify, request

from coordinator.domain.errors import RuleBroken, ScenarioInvalid
from coordinator.domain.scenario import simulate
from coordinator.services.calendar import app_calendar
from coordinator.services.templates import loaded_templates
from coordinator.web.access import requires

bp = Blueprint("api_simulations", __name__, url_prefix="/api/v1")


@bp.post("/simulations")
@requires("simulation:run")
def run_simulation():
    """200 with the timeline, 422 with a JSON error naming the problem (and the event's position)."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return _error("the body must be a JSON object (a scenario)", field="body")
    try:
        return jsonify(simulate(data, loaded_templates(), app_calendar()))
    except ScenarioInvalid as exc:
        return _error(str(exc), field=str(exc).split(":", 1)[0])
    except RuleBroken as exc:
        return _error(str(exc), position=exc.position, rule=exc.rule)


def _error(message: str, **details):
    body = {"status": 422, "message": message, **{k: v for k, v in details.items() if v is not None}}
    return jsonify({"error": body}), 422
