"""What the milestone steps refuse, in words for the person who asked."""


class MilestoneRefused(ValueError):
    """A step on a milestone that breaks a rule; `field` names the form field it is about."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field
