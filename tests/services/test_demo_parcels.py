"""The demo standard land: parcels delivered, the zone's negative list, and the demo fast-path project's
signed letter with the agreement's obligations opened; a second seeding adds nothing."""
import datetime as dt

from sqlalchemy import func, select

from coordinator.demo import departments, parcels, projects, users
from coordinator.extensions import db
from coordinator.models import CommitmentLetter, NegativeListEntry, Obligation, StandardParcel
from coordinator.services.templates import sync_templates

TODAY = dt.date(2026, 6, 10)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_demo_parcels_give_the_fast_path_project_its_letter_and_obligations(db_session, business_date):
    business_date(TODAY)
    departments.seed()
    sync_templates()
    projects.seed(TODAY)
    users.seed()
    assert parcels.seed(TODAY) == 2
    assert all(row.delivered_on and row.delivered_on < TODAY for row in db.session.scalars(select(StandardParcel)))
    assert _count(NegativeListEntry) == len(parcels.NEGATIVE_LIST)
    letter = db.session.scalars(select(CommitmentLetter)).one()
    assert letter.signer == "王建国（法定代表人）" and set(letter.items) == {"eia-approval", "energy-review-opinion"}
    kinds = set(db.session.scalars(select(Obligation.kind).where(Obligation.project_id == letter.project_id)))
    assert "commitment" in kinds and len(kinds) > 1
    counts = (_count(NegativeListEntry), _count(CommitmentLetter), _count(Obligation))
    assert parcels.seed(TODAY) == 0
    assert (_count(NegativeListEntry), _count(CommitmentLetter), _count(Obligation)) == counts
