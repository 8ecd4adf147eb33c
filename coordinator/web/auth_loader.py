"""How Flask-Login finds the current user."""
from coordinator.extensions import db, login_manager
from coordinator.models import User


@login_manager.user_loader
def load_user(user_id: str):
    """The user stored in the session, if still active."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user and user.is_active else None
