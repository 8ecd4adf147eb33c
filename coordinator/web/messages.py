"""Problem codes of the owner's and the window's services turned into sentences in the interface language."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _


def problem_text(code: str, detail: str = "") -> str:
    """One translated sentence for a problem code (a field's or an action's)."""
    messages = {
        "required": _("This field is required."),
        "too_long": _("This text is too long."),
        "number": _("Enter a number that is zero or more, like 1200 or 35.5."),
        "date": _("Enter a date as YYYY-MM-DD."),
        "bool": _("Choose yes or no."),
        "choice": _("Choose one of the listed values."),
        "format": _("Use the national project code format YYYY-NNNNNN-NN-NN-NNNNNN."),
        "year": _("The year of the project code must be between 2014 and this year."),
        "division": _("The administrative division in the project code does not exist."),
        "kind": _("Choose a project kind from the list."),
        "taken": _("This code is already registered."),
        "no_company": _("No company with this credit code is registered: the owner registers it first."),
        "unknown": _("This form has no such field."),
        "length": _("A unified social credit code has 18 characters."),
        "characters": _("The credit code contains characters that are not allowed (I, O, S, V, Z and symbols)."),
        "check": _("The last character of the credit code does not match (check character): please recheck it."),
        "not_ready": _("These stages cannot be applied for now: %(detail)s", detail=detail),
        "submitted": _("This application was already submitted."),
        "token": _("This form is out of date: reload the page."),
        "rule": _("Refused by the rules: %(detail)s", detail=detail),
        "due": _("Give the promised date (today or later) for the deferred materials."),
        "materials": _("Choose at least one missing material."),
        "reason": _("Give the reasons for the refusal."),
        "deemed": _("The 5-working-day window has passed: the application counts as accepted by law on "
                    "%(detail)s and can no longer be decided here.", detail=detail),
    }
    return messages.get(code, code)


def upload_problem_text(code: str) -> str:
    """Why a file was refused."""
    messages = {
        "extension": _("Only PDF, OFD, JPG, PNG, DOCX, XLSX or ZIP files are accepted."),
        "content": _("The file's content does not match its extension."),
        "size": _("The file is larger than %(mb)s MB.", mb=current_app.config["MAX_UPLOAD_MB"]),
        "empty": _("The file is empty."),
        "zip": _("The ZIP file cannot be read."),
        "zip_size": _("The ZIP file unpacks to too much data."),
        "zip_path": _("The ZIP file contains unsafe paths."),
        "zip_link": _("The ZIP file contains links."),
    }
    return messages.get(code, code)
