"""The matrix world's receipted gift: a captured pledge of the donor's, with its receipt."""

from tests.factories.receipts import ReceiptedPledgeFactory
from tests.permission_matrix.personas import DONOR


def extend(objects, users, upload_dir):
    objects.receipted_pledge = ReceiptedPledgeFactory(
        project=objects.live_project, donor=users[DONOR]
    )
