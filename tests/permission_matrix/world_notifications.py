"""The matrix world's signed unsubscribe link: the donor's, for update mail."""

from crowdfund.notifications.models import NotificationKind
from crowdfund.notifications.unsubscribe import unsubscribe_token
from tests.permission_matrix.personas import DONOR


def extend(objects, users, upload_dir):
    objects.unsubscribe_token = unsubscribe_token(users[DONOR], NotificationKind.UPDATE_POSTED)
