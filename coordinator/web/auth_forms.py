"""The forms of the login, account and administration pages (Flask-WTF: every one carries a CSRF token)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from coordinator.domain.permissions import ADMIN_ROLES, ROLES


def role_choices(include_admin: bool, english: bool = False) -> list[SelectChoice]:
    """The role select: label in the interface language · code."""
    return [SelectChoice(code, f"{labels[1] if english else labels[0]} · {code}") for code, labels in ROLES.items()
            if include_admin or code not in ADMIN_ROLES]


def id_choices(rows) -> list[SelectChoice]:
    """An empty choice, then (id, name) rows from the database."""
    return [SelectChoice(None, "—"), *(SelectChoice(row_id, name) for row_id, name in rows)]


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class LoginForm(FlaskForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=256)])


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired(), Length(max=256)])
    password = PasswordField(_l("New password"), validators=[InputRequired(), Length(max=256)])


class TokenForm(FlaskForm):
    name = StringField(_l("Token name"), validators=[InputRequired(), Length(max=100)])


class UserEditForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[InputRequired(), Length(max=100)])
    department_id = SelectField(_l("Department"), coerce=_optional_int, validators=[Optional()])
    company_id = SelectField(_l("Company"), coerce=_optional_int, validators=[Optional()])
    credit_code = StringField(_l("New company: 统一社会信用代码"), validators=[Optional(), Length(max=24)])
    company_name = StringField(_l("New company: name"), validators=[Optional(), Length(max=200)])
    is_head = BooleanField(_l("Department head"))
    active = BooleanField(_l("Active"), default=True)


class UserCreateForm(UserEditForm):
    username = StringField(_l("User name"), validators=[InputRequired(), Length(min=3, max=64)])
    role = SelectField(_l("Role"), choices=role_choices(include_admin=False))
    password = PasswordField(_l("Initial password"), validators=[InputRequired(), Length(max=256)])


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New initial password"), validators=[InputRequired(), Length(max=256)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices(include_admin=True))


class DepartmentForm(FlaskForm):
    code = StringField(_l("Code"), validators=[InputRequired(), Length(max=64)])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=100)])
    name_en = StringField(_l("English name"), validators=[Optional(), Length(max=200)])


PASSWORD_PROBLEMS = {
    "too_short": _l("The password is too short."),
    "too_long": _l("The password is longer than 256 characters."),
    "common": _l("This password is too common: it appears in lists of leaked passwords."),
    "context": _l("The password must not contain your user name or your name."),
    "classes": _l("Use at least three of: upper-case letters, lower-case letters, digits, symbols."),
}


def show_error(form: FlaskForm, error) -> None:
    """Put a service's InvalidInput (field, message) back onto the form, so it re-renders with the input."""
    from flask_babel import gettext

    if error.message == "password_policy":
        messages = [str(PASSWORD_PROBLEMS[code]) for code in error.params["problems"]]
    else:
        messages = [gettext(error.message)]
    field = getattr(form, error.field, None)
    if field is None:
        form.form_errors.extend(messages)
    else:
        field.errors = [*field.errors, *messages]
