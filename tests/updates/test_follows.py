"""Following a project, and the feed of updates from projects one follows or gave to."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.projects.models import ProjectState
from crowdfund.timeutil import utcnow
from crowdfund.updates.follows import followed_projects, is_following
from crowdfund.updates.models import Follow, UpdateVisibility
from crowdfund.updates.reading import feed_for, updates_for
from tests.catalogue.query_counter import counting_queries
from tests.factories import ProjectFactory, UserFactory
from tests.factories.updates import FollowFactory, ProjectUpdateFactory, UpdateImageFactory
from tests.updates.conftest import give


def _follows(user):
    return db.session.scalars(sa.select(Follow).filter_by(user_id=user.id)).all()


def test_a_person_follows_a_project_from_its_page(login, project, stranger):
    page = f"/projects/{project.slug}/updates"

    response = login(stranger).post(f"/projects/{project.slug}/follow", data={"next": page})

    assert response.status_code == 302
    assert response.headers["Location"] == page
    assert is_following(stranger, project)
    assert followed_projects(stranger) == [project]
    assert "Stop following" in login(stranger).get(page).get_data(True)


def test_following_twice_keeps_one_follow(login, project, stranger):
    browser = login(stranger)

    browser.post(f"/projects/{project.slug}/follow")
    browser.post(f"/projects/{project.slug}/follow")

    assert len(_follows(stranger)) == 1


def test_a_person_stops_following(login, project, follower):
    browser = login(follower)

    response = browser.post(f"/projects/{project.slug}/unfollow")
    browser.post(f"/projects/{project.slug}/unfollow")

    assert response.status_code == 302
    assert response.headers["Location"] == f"/projects/{project.slug}"
    assert not is_following(follower, project)
    assert _follows(follower) == []
    assert "Follow this project" in browser.get(f"/projects/{project.slug}/updates").get_data(True)


def test_a_visitor_logs_in_to_follow(client, project):
    response = client.post(f"/projects/{project.slug}/follow")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
    assert db.session.scalars(sa.select(Follow)).all() == []
    assert "Log in to follow this project" in client.get(
        f"/projects/{project.slug}/updates"
    ).get_data(True)


def test_the_button_sends_back_only_to_a_page_of_this_site(login, project, stranger):
    response = login(stranger).post(
        f"/projects/{project.slug}/follow", data={"next": "https://evil.example/phish"}
    )

    assert response.headers["Location"] == "/"


def test_a_project_not_yet_public_cannot_be_followed(login, stranger):
    draft = ProjectFactory(state=ProjectState.DRAFT, published_at=None)

    assert login(stranger).post(f"/projects/{draft.slug}/follow").status_code == 404
    assert _follows(stranger) == []


def test_followed_projects_are_the_public_ones_most_recently_followed_first(stranger):
    older, newer = ProjectFactory(), ProjectFactory()
    FollowFactory(user=stranger, project=older, created_at=utcnow() - timedelta(days=3))
    FollowFactory(user=stranger, project=newer)
    FollowFactory(project=ProjectFactory())  # someone else's

    assert followed_projects(stranger) == [newer, older]
    assert not is_following(stranger, ProjectFactory())


def _update(project, days_ago, visibility=UpdateVisibility.PUBLIC, title=None):
    return ProjectUpdateFactory(
        project=project,
        visibility=visibility,
        created_at=utcnow() - timedelta(days=days_ago),
        **({"title": title} if title else {}),
    )


def test_the_feed_has_the_updates_a_person_may_read_of_projects_followed_or_given_to(stranger):
    followed, given, unrelated = ProjectFactory(), ProjectFactory(), ProjectFactory()
    FollowFactory(user=stranger, project=followed)
    give(stranger, given)
    followed_public = _update(followed, 4)
    _update(followed, 3, UpdateVisibility.DONORS)
    given_public = _update(given, 2)
    given_for_donors = _update(given, 1, UpdateVisibility.DONORS)
    _update(unrelated, 0)

    assert feed_for(stranger) == [given_for_donors, given_public, followed_public]
    assert feed_for(stranger, limit=2) == [given_for_donors, given_public]


def test_reviewers_read_the_updates_for_donors_of_the_projects_they_follow(reviewer):
    followed = ProjectFactory()
    FollowFactory(user=reviewer, project=followed)
    for_donors = _update(followed, 1, UpdateVisibility.DONORS)

    assert feed_for(reviewer) == [for_donors]


def test_members_read_the_updates_for_donors_of_their_own_projects_they_follow(project, owner):
    FollowFactory(user=owner, project=project)
    for_donors = _update(project, 1, UpdateVisibility.DONORS)

    assert feed_for(owner) == [for_donors]


def test_a_project_shows_its_updates_newest_first(project):
    old, new, middle = _update(project, 30), _update(project, 1), _update(project, 10)

    assert updates_for(project, UserFactory()) == [new, middle, old]
    assert updates_for(project, UserFactory(), limit=2) == [new, middle]


def _with_images(project, count):
    for days_ago in range(count):
        update = _update(project, days_ago, UpdateVisibility.DONORS)
        UpdateImageFactory(update=update, position=1)
        UpdateImageFactory(update=update, position=2)


@pytest.mark.parametrize("reading", ["updates_for", "feed_for"])
def test_reading_updates_takes_the_same_queries_for_two_updates_or_twelve(reading, project):
    donor = give(UserFactory(), project)
    FollowFactory(user=donor, project=project)

    def read():
        db.session.expire_all()
        with counting_queries() as statements:
            updates = updates_for(project, donor) if reading == "updates_for" else feed_for(donor)
            [image.file.storage_key for update in updates for image in update.images]
            [(update.author.name, update.project.slug) for update in updates]
        return len(updates), len(statements)

    _with_images(project, 2)
    two, queries_for_two = read()
    _with_images(project, 10)
    twelve, queries_for_twelve = read()

    assert (two, twelve) == (2, 12)
    assert queries_for_twelve == queries_for_two
