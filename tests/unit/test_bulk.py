import gc
import threading

import pytest

from ekinerja.bulk import cyclic_gc_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_paused_inside_and_back_after_even_on_an_error():
    with cyclic_gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), cyclic_gc_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_overlapping_computations_share_one_pause_that_ends_with_the_last():
    first_inside, second_inside, first_may_leave, second_may_leave = (threading.Event() for _ in range(4))
    seen = {}

    def first():
        with cyclic_gc_paused():
            first_inside.set()
            first_may_leave.wait(5)
        seen["after first"] = gc.isenabled()
        second_may_leave.set()

    def second():
        first_inside.wait(5)
        with cyclic_gc_paused():
            second_inside.set()
            first_may_leave.set()
            second_may_leave.wait(5)
            seen["second still inside"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert seen == {"after first": False, "second still inside": False}
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    with cyclic_gc_paused():
        pass
    assert not gc.isenabled()
