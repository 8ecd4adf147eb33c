"""Language selection: Simplified Chinese first, English on request."""
from flask import request, session

LANGUAGES = ("zh_Hans_CN", "en")


def select_locale() -> str:
    """The user's chosen language (stored in the session), else Chinese."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if request.args.get("lang") in LANGUAGES:
        return request.args["lang"]
    return LANGUAGES[0]
