"""A database for the load benchmark and profiling: one assessment per example in `examples/`,
every answer stored as the wizard stores it and every section marked done.

`python benchmarks/seed.py DATABASE_URL` fills the database and prints the assessment ids.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from webapp.app import create_app
from webapp.engine import clean_answers
from webapp.extensions import db, get_rulebase
from webapp.models import Assessment
from webapp.questionnaire.steps import steps
from webapp.store import Change, mark_done, saving, write

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.json"))


#: the account the load test signs in as (its team holds the seeded assessments)
USERNAME, PASSWORD = "bench", "benchmark-password-1"


def seed(database_url: str, copies: int = 1) -> list[int]:
    """Migrate the database and store each example `copies` times; return the ids."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark"})
    ids = []
    with app.app_context():
        from webapp.accounts.service import create_account, default_team

        rulebase = get_rulebase()
        team = default_team()
        create_account(USERNAME, "Benchmark", PASSWORD, "assessor", team)
        db.session.commit()
        for _ in range(copies):
            for path in EXAMPLES:
                data = json.loads(path.read_text())
                assessment = Assessment(title=data.get("title", path.stem),
                                        assessor="Benchmark", ruleset=rulebase.fingerprint,
                                        team_id=team.id)
                db.session.add(assessment)
                db.session.commit()
                ids.append(assessment.id)
                answers = clean_answers(data["answers"], rulebase.bank)
                with saving(assessment.id) as stored:
                    write(stored, {qid: Change(value) for qid, value in answers.items()})
                    for section in steps(rulebase, answers):
                        mark_done(stored, section.id)
        db.session.remove()
    return ids


if __name__ == "__main__":
    print(" ".join(str(i) for i in seed(sys.argv[1])))
