"""The owner's and the window's pages also work in English (the language switch)."""
import io

from tests.application_kit import GOOD_FORM, PDF, bundle_project, people
from tests.login import log_in


def test_application_inbox_and_progress_pages_in_english(app, client, db_session):
    who = people()
    project = bundle_project(who["owner"].company_id)
    log_in(client, who["owner"])
    client.post("/lang", data={"lang": "en", "next": "/"})
    response = client.post(f"/projects/{project.id}/applications", data={"token": "token-00000000en", "stage": ["land", "scheme"]})
    draft = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Bundled application" in draft and "may be deferred" in draft and "Land area" in draft
    client.post(response.headers["Location"], content_type="multipart/form-data",
                data={**GOOD_FORM, "action": "submit", "token": "token-00000000en", "file-licence": (io.BytesIO(PDF), "a.pdf")})
    assert "What you must do next" in client.get(f"/projects/{project.id}").get_data(as_text=True)
    clerk = app.test_client()
    log_in(clerk, who["clerk"])
    clerk.post("/lang", data={"lang": "en", "next": "/"})
    inbox = clerk.get("/window/").get_data(as_text=True)
    assert "Acceptance inbox" in inbox and "Land" in inbox
    public = app.test_client()
    public.post("/lang", data={"lang": "en", "next": "/"})
    assert "Project progress" in public.get(f"/p/{project.public_code}").get_data(as_text=True)
