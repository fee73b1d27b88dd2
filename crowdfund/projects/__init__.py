"""Projects: drafting, the vetting lifecycle and the public page."""
