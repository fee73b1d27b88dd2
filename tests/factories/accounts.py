"""Factories for accounts in particular states."""

import factory
import pyotp

from tests.factories import ReviewerFactory, UserFactory


class UnverifiedUserFactory(UserFactory):
    email_verified_at = None


class EnrolledReviewerFactory(ReviewerFactory):
    """A reviewer who has already set up an authenticator app."""

    totp_secret = factory.LazyFunction(pyotp.random_base32)
