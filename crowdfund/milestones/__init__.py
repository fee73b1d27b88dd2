"""Milestones: evidence that the work was done, its verification, and the tranche released."""
