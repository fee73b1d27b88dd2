"""Who may decide on evidence and release its tranche: the permissions and the services ask here.

Four eyes: the treasurer who releases a tranche is never the reviewer who
verified its evidence, and nobody decides on evidence of an organisation they
belong to.
"""

from crowdfund.accounts.models import Role


def is_member_of_its_organisation(user, evidence):
    return any(member.user_id == user.id for member in evidence.project.organisation.members)


def may_verify(user, evidence):
    """A reviewer outside the project's organisation."""
    return user.has_role(Role.REVIEWER) and not is_member_of_its_organisation(user, evidence)


def may_release(user, evidence):
    """A treasurer outside the project's organisation who did not verify this evidence."""
    return (
        user.has_role(Role.TREASURER)
        and evidence.decided_by_id != user.id
        and not is_member_of_its_organisation(user, evidence)
    )
