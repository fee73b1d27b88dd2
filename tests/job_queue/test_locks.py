"""A job's lock in a real Redis: one holder at a time, expiring after a dead worker."""

import logging
import time

from crowdfund.queue.locks import KEY_PREFIX, job_lock


def test_a_job_held_by_one_worker_is_refused_to_another_until_released(redis_client):
    with job_lock(redis_client, "deliver mail", ttl=60) as first:
        with job_lock(redis_client, "deliver mail", ttl=60) as second:
            assert (first, second) == (True, False)
        with job_lock(redis_client, "settle campaigns", ttl=60) as other_job:
            assert other_job
    with job_lock(redis_client, "deliver mail", ttl=60) as after:
        assert after
    assert redis_client.keys(KEY_PREFIX + "*") == []


def test_a_refused_worker_leaves_the_holders_lock_in_place(redis_client):
    with job_lock(redis_client, "deliver mail", ttl=60):
        with job_lock(redis_client, "deliver mail", ttl=60):
            pass
        assert redis_client.exists(KEY_PREFIX + "deliver mail")


def test_the_lock_of_a_worker_that_died_holding_it_expires(redis_client):
    # A worker killed while running the job never releases its lock.
    assert redis_client.lock(KEY_PREFIX + "settle campaigns", timeout=0.5).acquire()
    with job_lock(redis_client, "settle campaigns", ttl=60) as held:
        assert not held
    time.sleep(0.7)
    with job_lock(redis_client, "settle campaigns", ttl=60) as held:
        assert held


def test_a_job_that_runs_longer_than_the_ttl_keeps_its_lock(redis_client):
    with job_lock(redis_client, "deliver mail", ttl=0.3) as held:
        time.sleep(1)
        with job_lock(redis_client, "deliver mail", ttl=0.3) as second:
            assert (held, second) == (True, False)
    with job_lock(redis_client, "deliver mail", ttl=0.3) as after:
        assert after


def test_a_run_whose_lock_was_lost_does_not_free_the_next_holders(redis_client, caplog):
    caplog.set_level(logging.WARNING, logger="crowdfund.queue.locks")
    next_holder = redis_client.lock(KEY_PREFIX + "deliver mail", timeout=60)
    with job_lock(redis_client, "deliver mail", ttl=60) as held:
        assert held
        # Lost, as when Redis restarts without its data and another worker takes it.
        redis_client.delete(KEY_PREFIX + "deliver mail")
        assert next_holder.acquire(blocking=False)
    assert next_holder.owned()
    assert "was lost before the job ended" in caplog.text
