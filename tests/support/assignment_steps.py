"""Steps the domain tests of an assignment share (tests/domain/test_assignment_*.py): the two
result areas its requests have, a refusal caught with the session left clean, a review's body."""
from datetime import date

import pytest

from marketplace.auction.errors import DomainError
from marketplace.extensions import db

TWO_AREAS = [{"code": "administratie_financien", "complexity": "midden"},
             {"code": "dagstructuur", "complexity": "zwaar"}]


def refused(call) -> DomainError:
    with pytest.raises(DomainError) as error:
        call()
    db.session.rollback()
    return error.value


def review_body(day: date, **outcomes) -> dict:
    results = [{"code": code, "outcome": outcome} for code, outcome in
               ({"administratie_financien": "achieved", "dagstructuur": "partly"} | outcomes).items()]
    return {"reviewed_on": day.isoformat(), "results": results}
