"""The donor's dashboard: their pledges, and where the money of the projects they gave to is."""
