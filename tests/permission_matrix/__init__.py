"""Expected answers of every route for every kind of visitor; see test_every_route.py."""
