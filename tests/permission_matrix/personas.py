"""The kinds of visitor every route is tried as."""

ANONYMOUS = "anonymous"
DONOR = "donor"
OWNER_OWN = "owner_own"
OWNER_OTHER = "owner_other"
REVIEWER = "reviewer"
ADMIN = "admin"

PERSONAS = (ANONYMOUS, DONOR, OWNER_OWN, OWNER_OTHER, REVIEWER, ADMIN)
