import os

import pytest

from digest.parallel import PARALLEL_FROM, in_background, parallel_map


def process_and_sum(*numbers: int) -> tuple[int, int]:
    return os.getpid(), sum(numbers)


def fail(message: str) -> None:
    raise ValueError(message)


class Square:
    def __init__(self, offset: int) -> None:
        self.offset = offset

    def __call__(self, item: int) -> tuple[int, int]:
        return os.getpid(), item * item + self.offset


def test_in_background_runs_each_call_in_a_process_of_its_own_while_the_block_runs():
    calls = [(process_and_sum, (1, 2, 3)), (process_and_sum, (4,))]
    with in_background(calls, jobs=2) as (first, second):
        here = os.getpid()
        (pid, total), (other_pid, other_total) = first(), second()
    assert (total, other_total) == (6, 4) and here not in {pid, other_pid}


def test_in_background_with_one_job_runs_here_once():
    with in_background([(process_and_sum, (4, 5))], jobs=1) as (result,):
        assert result() == (os.getpid(), 9)
        assert result() is result()


@pytest.mark.parametrize("jobs", [1, 2])
def test_in_background_raises_what_the_function_raised(jobs: int):
    calls = [(process_and_sum, (1,)), (fail, ("bad input",))]
    with in_background(calls, jobs) as (fine, failing):
        assert fine()[1] == 1
        with pytest.raises(ValueError, match="bad input"):
            failing()


def test_parallel_map_keeps_the_items_order_across_workers():
    items = list(range(PARALLEL_FROM + 50))
    results = list(parallel_map(Square, (1,), items, jobs=2))
    assert [value for _pid, value in results] == [i * i + 1 for i in items]
    assert os.getpid() not in {pid for pid, _value in results}


def test_parallel_map_runs_few_items_here():
    results = list(parallel_map(Square, (0,), [1, 2, 3], jobs=2))
    assert results == [(os.getpid(), 1), (os.getpid(), 4), (os.getpid(), 9)]
