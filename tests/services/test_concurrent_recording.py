from tests.concurrency import AFFORDABLE, ATTEMPTS, WORKERS, race


def test_recordings_at_the_same_moment_never_overspend_on_sqlite(database_url):
    state = race(database_url)
    assert state["made"] == AFFORDABLE
    assert state["made"] + state["refused"] == WORKERS * ATTEMPTS
    assert state["remaining"] == 0
    assert state["remaining"] == state["sum_of_entries"]
