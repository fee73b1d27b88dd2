"""Expected answers of the milestone routes; see README.md.

The project is funded, so public: nobody is hidden a 404. Owners' pages are for
members of its organisation, evidence pages for reviewers, the treasury for
treasurers, of whom the matrix has none (their pages are tried in tests/milestones).
"""

from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)


def _only(persona, status):
    """Anonymous visitors log in first; `persona` gets `status`; everyone else 403."""
    answers = dict.fromkeys((DONOR, OWNER_OWN, OWNER_OTHER, REVIEWER, ADMIN), 403)
    answers[ANONYMOUS] = 302
    if persona is not None:
        answers[persona] = status
    return answers


def _funded(world):
    return {"slug": world.funded_project.slug}


def _submitted(world):
    return {"evidence_id": world.submitted_evidence.id}


def _verified(world):
    return {"evidence_id": world.verified_evidence.id}


ROUTES = {
    "milestones.manage": {"args": _funded, "GET": _only(OWNER_OWN, 200)},
    # An empty form: it comes back with its errors.
    "milestones.submit_evidence": {"args": _funded, "POST": _only(OWNER_OWN, 200)},
    "milestones.review_evidence": {"args": _submitted, "GET": _only(REVIEWER, 200)},
    "milestones.verify": {"args": _submitted, "POST": _only(REVIEWER, 302)},
    # An empty form: the reason is missing, so the page comes back with the error.
    "milestones.reject": {"args": _submitted, "POST": _only(REVIEWER, 200)},
    "milestones.treasury": {"GET": _only(None, None)},
    "milestones.release_page": {"args": _verified, "GET": _only(None, None)},
    "milestones.release": {"args": _verified, "POST": _only(None, None)},
}
