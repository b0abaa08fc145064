import threading

import pytest

from moralprovince.lib.prefetch import read_ahead


def reader(pieces: list[list[int]]):
    source = iter(pieces)
    return lambda: next(source, [])


def test_the_pieces_come_in_order_until_an_empty_one():
    assert list(read_ahead(reader([[1, 2], [3], [4, 5]]))) == [[1, 2], [3], [4, 5]]


def test_the_readers_error_is_raised_where_the_pieces_are_used():
    calls = iter([[1], RuntimeError("disk gone")])

    def read():
        piece = next(calls)
        if isinstance(piece, Exception):
            raise piece
        return piece

    pieces = read_ahead(read)
    assert next(pieces) == [1]
    with pytest.raises(RuntimeError, match="disk gone"):
        next(pieces)


def test_stopping_early_stops_the_thread():
    endless = read_ahead(lambda: [0])
    assert next(endless) == [0]
    endless.close()
    assert not [t for t in threading.enumerate() if t.name == "read-ahead"]
