"""System administrator's pages: user accounts and departments (roles are the security administrator's)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from coordinator.clock import current_clock
from coordinator.extensions import db
from coordinator.models import Company, Department, User
from coordinator.models.types import as_utc
from coordinator.services.users import (
    InvalidInput,
    UserData,
    create_department,
    create_user,
    find_or_create_company,
    reset_password,
    update_user,
)
from coordinator.web.access import requires
from coordinator.web.auth_forms import (
    DepartmentForm,
    ResetPasswordForm,
    UserCreateForm,
    UserEditForm,
    id_choices,
    role_choices,
    show_error,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _with_choices(form: UserEditForm) -> UserEditForm:
    """Fill the department and company selects (one query each)."""
    departments = db.session.execute(select(Department.id, Department.name).order_by(Department.code))
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name))
    form.department_id.choices = id_choices(departments)
    form.company_id.choices = id_choices(companies)
    return form


def _user_data(form: UserEditForm) -> UserData:
    """The form's values; a typed 统一社会信用代码 finds or creates the company."""
    company_id = form.company_id.data
    if form.credit_code.data:
        company_id = find_or_create_company(current_user, form.credit_code.data, form.company_name.data or "").id
    return UserData(display_name=form.display_name.data or "", department_id=form.department_id.data,
                    company_id=company_id, is_head=form.is_head.data, active=form.active.data)


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/users")
@requires("user:manage")
def users():
    """Every account with its role, affiliation and state."""
    rows = db.session.scalars(select(User).order_by(User.role, User.username)).unique().all()
    now = current_clock().now()
    locked = {user.id for user in rows if user.locked_until and as_utc(user.locked_until) > now}
    return render_template("admin/users.html", users=rows, locked=locked)


@bp.route("/users/new", methods=["GET", "POST"])
@requires("user:manage")
def new_user():
    """Create an account with an initial password."""
    form = _with_choices(UserCreateForm())
    form.role.choices = role_choices(include_admin=False, english=str(get_locale()) == "en")
    if form.validate_on_submit():
        try:
            user = create_user(current_user, form.username.data, form.role.data, _user_data(form), form.password.data)
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("User %(name)s was created.", name=user.username), "info")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("user:manage")
def edit_user(user_id: int):
    """Change a user's name, department, company, head flag or activity; reset the password."""
    user = _user_or_404(user_id)
    form = _with_choices(UserEditForm(obj=user, active=user.is_active_account))
    if form.validate_on_submit():
        try:
            update_user(current_user, user, _user_data(form), current_clock().now())
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("User %(name)s was saved.", name=user.username), "info")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, reset_form=ResetPasswordForm())


@bp.post("/users/<int:user_id>/password")
@requires("user:manage")
def reset_user_password(user_id: int):
    """Set a new initial password; the user's sessions end."""
    user = _user_or_404(user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password(current_user, user, form.password.data, current_clock().now())
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The password of %(name)s was reset.", name=user.username), "info")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    edit = _with_choices(UserEditForm(obj=user, active=user.is_active_account))
    return render_template("admin/user_form.html", form=edit, user=user, reset_form=form), 422


@bp.get("/departments")
@requires("department:manage")
def departments():
    """Every department."""
    rows = db.session.scalars(select(Department).order_by(Department.code)).all()
    return render_template("admin/departments.html", departments=rows)


@bp.route("/departments/new", methods=["GET", "POST"])
@requires("department:manage")
def new_department():
    """Add a department."""
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            create_department(current_user, form.code.data, form.name.data, form.name_en.data or "")
        except InvalidInput as error:
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The department was created."), "info")
            return redirect(url_for("admin.departments"))
    return render_template("admin/department_form.html", form=form)
