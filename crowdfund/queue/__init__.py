"""The job queue on Redis: the periodic jobs run by workers on any number of hosts.

Used when REDIS_URL is set (`flask queue worker`); without it, cron runs the same
jobs with `flask jobs run`. Each job holds a lock in Redis while it runs, so that
two workers never run the same job at once.

huey carries the queue because one small, long-maintained library gives what is
needed here: Redis storage, a periodic scheduler inside every worker (no separate
scheduler process to keep alive, unlike RQ's or dramatiq's add-ons) and thread
workers that each hold an application context.
"""
