"""Pledges: a donor's gift to a project, from the quote to the captured (or refunded) payment."""
