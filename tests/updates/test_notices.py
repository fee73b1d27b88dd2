"""Posting an update queues one mail to each donor and follower allowed to read it."""

import io

import pytest

from crowdfund.extensions import db
from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.preferences import turn_off
from crowdfund.organisations.models import OrganisationMember
from crowdfund.pledges.models import PledgeState
from crowdfund.updates.models import UpdateVisibility
from crowdfund.updates.notices import tell_readers
from tests.factories import OwnerFactory, UserFactory
from tests.factories.files import PDF_BYTES
from tests.factories.updates import FollowFactory, ProjectUpdateFactory
from tests.updates.conftest import give, queued


def _post(login, owner, project, **fields):
    data = {"title": "Water at 80 metres", "body": "The *borehole* reached water.", **fields}
    return login(owner).post(
        f"/projects/{project.slug}/updates/new", data=data, content_type="multipart/form-data"
    )


def _addresses():
    return [message.address for message in queued()]


def test_each_donor_and_follower_is_told_once(login, project, owner, donor, follower):
    give(donor, project)  # a second gift
    FollowFactory(user=donor, project=project)
    FollowFactory(user=owner, project=project)
    give(UserFactory(email="saved@example.org"), project, PledgeState.SAVED)
    give(UserFactory(email="elsewhere@example.org"), ProjectUpdateFactory().project)
    UserFactory(email="stranger@example.org")

    _post(login, owner, project)

    assert _addresses() == ["amina@example.org", "karim@example.org"]


def test_the_mail_names_the_project_and_carries_the_update(login, project, owner, donor):
    _post(login, owner, project)

    [message] = queued()
    update_url = f"http://localhost/projects/{project.slug}/updates/"
    assert message.kind == NotificationKind.UPDATE_POSTED
    assert message.recipient_id == donor.id
    assert message.subject == "News from Well for douar Tighmert: Water at 80 metres"
    assert "Hello Amina El Idrissi," in message.text_body
    assert "The *borehole* reached water." in message.text_body
    assert update_url in message.text_body
    assert "<em>borehole</em>" in message.html_body
    assert update_url in message.html_body


def test_an_update_for_donors_goes_only_to_those_who_may_read_it(
    login, project, owner, donor, follower, reviewer
):
    colleague = OwnerFactory(email="colleague@example.org")
    project.organisation.members.append(OrganisationMember(user=colleague))
    for user in (reviewer, colleague):
        FollowFactory(user=user, project=project)

    _post(login, owner, project, visibility=UpdateVisibility.DONORS.value)

    assert _addresses() == ["amina@example.org", "colleague@example.org", "reviewer@example.org"]
    assert all("for the project's donors only" in message.text_body for message in queued())


def test_people_who_turned_update_mail_off_are_not_told(login, project, owner, donor, follower):
    turn_off(donor, NotificationKind.UPDATE_POSTED)

    _post(login, owner, project)

    assert _addresses() == ["karim@example.org"]


def test_closed_accounts_are_not_told(login, project, owner, donor):
    donor.is_active_account = False
    db.session.flush()

    _post(login, owner, project)

    assert queued() == []


def test_an_update_refused_queues_no_mail(login, project, owner, donor):
    response = _post(login, owner, project, images=[(io.BytesIO(PDF_BYTES), "fake.png")])

    assert response.status_code == 200
    assert queued() == []


@pytest.mark.usefixtures("donor", "follower")
def test_telling_readers_again_queues_nothing_more(project):
    update = ProjectUpdateFactory(project=project)

    first = tell_readers(update)
    again = tell_readers(update)

    assert len(first) == 2
    assert again == first
    assert len(queued()) == 2
