from tests.permission_matrix.personas import (
    ADMIN,
    ANONYMOUS,
    DONOR,
    OWNER_OTHER,
    OWNER_OWN,
    REVIEWER,
)

EVERYONE_REDIRECTED = dict.fromkeys(
    (ANONYMOUS, DONOR, OWNER_OWN, OWNER_OTHER, REVIEWER, ADMIN), 302
)

ROUTES = {
    "i18n.set_language": {"POST": EVERYONE_REDIRECTED},
}
