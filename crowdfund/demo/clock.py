"""Back-dating what the demo does: it runs now, but its stories happened over the past months."""

from datetime import datetime, time, timedelta


class Clock:
    """Back-dates what a step records: a project's history entries and its own dates."""

    def __init__(self, project, now):
        self.project = project
        self.now = now

    def days_ago(self, days, hour):
        return datetime.combine((self.now - timedelta(days=days)).date(), time(hour))

    def on(self, day, hour):
        return datetime.combine(day, time(hour))

    def step(self, moments, action, *args):
        """Run `action` and date the history entries it adds, one moment per entry."""
        already = len(self.project.transitions)
        result = action(*args)
        for entry, moment in zip(self.project.transitions[already:], moments, strict=True):
            entry.created_at = moment
        return result
