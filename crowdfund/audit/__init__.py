"""The audit log: who did what to which record, when, from where, with before and after."""
