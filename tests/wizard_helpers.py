"""Turn an answers dict into the form data a browser would post for one section."""

from __future__ import annotations

import re
from typing import Any

from webapp.extensions import db
from webapp.models import Assessment


def section_form_data(section, answers: dict[str, Any], evidence: dict[str, str] | None = None,
                      action: str = "next") -> dict[str, Any]:
    """What a browser posts for these answers: each question's type says how."""
    data: dict[str, Any] = {"action": action}
    for question in section.questions:
        if question.id in answers:
            data.update(question.kind.post_data(question, answers[question.id]))
    for qid, note in (evidence or {}).items():
        data[qid + "__evidence"] = note
    return data


def new_assessment(client, title="Rural network"):
    response = client.post("/assessments/new", data={"title": title, "assessor": "A. Official"})
    assert response.status_code == 302
    return int(re.search(r"/assessments/(\d+)/", response.headers["Location"]).group(1))


def stored(app, assessment_id):
    with app.app_context():
        return db.session.get(Assessment, assessment_id)


def walk(client, assessment_id, answers, evidence=None):
    """Answer every section the wizard shows, following its redirects; return the pages seen."""
    rulebase = client.application.extensions["weighbridge_rules"]
    url = f"/assessments/{assessment_id}/step/{rulebase.bank.sections[0].id}"
    seen = []
    while "/step/" in url:
        page = client.get(url)
        assert page.status_code == 200
        section_id = url.rsplit("/", 1)[1]
        seen.append((section_id, re.search(r"Step (\d+) of (\d+)", page.text).groups()))
        section = rulebase.bank.section(section_id)
        response = client.post(url, data=section_form_data(section, answers, evidence or {}))
        assert response.status_code == 302, (section_id, response.text[:2000])
        url = response.headers["Location"]
    return seen, url
