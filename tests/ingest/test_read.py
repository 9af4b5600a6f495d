"""The boundary: folders, size caps, URLs, and reader failures turned into results."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from corridor.ingest import READERS, ReadResult, read_bytes, read_path, reader
from corridor.ingest.base import ReadContext

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"


def test_readers_are_registered_by_name():
    assert set(READERS) == {"text", "html", "pdf", "feed", "jsonl"}


def test_reader_decorator_refuses_duplicate_name():
    with pytest.raises(ValueError):
        reader("text")(lambda data, ctx: iter(()))


def test_read_path_walks_folder_sorted_skipping_hidden():
    folder = DATA / "folder"
    results = list(read_path(folder))
    assert [Path(r.origin).relative_to(folder).as_posix() for r in results] == [
        "a.txt",
        "nested/b.txt",
        "nested/deeper/c.html",
    ]
    assert all(r.error is None for r in results)
    assert results[2].document is not None and results[2].document.title == "Thar coal block output"


def test_read_path_folder_failure_does_not_stop_batch(tmp_path):
    (tmp_path / "a.txt").write_text("The Karot plant opened.")
    (tmp_path / "b.txt").write_bytes(b"caf\xe9")
    (tmp_path / "c.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "d.txt").write_text("The Suki Kinari plant opened.")
    codes = [r.error.code if r.error else None for r in read_path(tmp_path)]
    assert codes == [None, "E303", "E301", None]


def test_read_path_survives_symlink_loop(tmp_path):
    (tmp_path / "a.txt").write_text("The Karot plant opened.")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    results = list(read_path(tmp_path))
    assert [Path(r.origin).name for r in results] == ["a.txt"]


def test_read_path_missing_file_is_e300(tmp_path):
    [result] = read_path(tmp_path / "nope.txt")
    assert result.error is not None and result.error.code == "E300"


def test_read_path_oversize_file_is_e302_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 50 GB that take no disk and no time to skip
        handle.truncate(50 * 1024**3)
    started = time.monotonic()
    [result] = read_path(huge)
    assert time.monotonic() - started < 1
    assert result.error is not None and result.error.code == "E302"


def test_read_bytes_oversize_is_e302(limits):
    [result] = read_bytes(b"a" * (limits + 1), name="x.txt")
    assert result.error is not None and result.error.code == "E302"


def test_read_bytes_turns_reader_crash_into_e310(monkeypatch):
    def broken(data: bytes, ctx: ReadContext):
        raise KeyError("bug")
        yield  # a generator, like every reader

    monkeypatch.setitem(READERS, "text", broken)
    [result] = read_bytes(b"Some text.", name="x.txt")
    assert isinstance(result, ReadResult)
    assert result.error is not None and result.error.code == "E310"
    assert "KeyError" in result.error.detail


def test_read_bytes_sets_file_name_from_name():
    [result] = read_bytes(b"The port opened.", name="uploads/note.txt")
    assert result.document is not None and result.document.file_name == "note.txt"


def test_read_path_accepts_url(local_server):
    [result] = read_path(f"{local_server.base}/page", allow_private=True)
    assert result.document is not None and result.document.url == f"{local_server.base}/page"


def test_read_path_refuses_a_named_pipe_instead_of_blocking(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    start = time.perf_counter()
    (result,) = read_path(fifo)  # opening it would wait for a writer for ever
    assert result.error is not None and result.error.code == "E300"
    assert "regular file" in result.error.message and time.perf_counter() - start < 5


def test_read_path_counts_a_broken_link_in_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Gwadar Port opened in 2016.")
    (tmp_path / "b.txt").symlink_to(tmp_path / "missing.txt")
    good, broken = read_path(tmp_path)
    assert good.document is not None
    assert broken.error is not None and broken.error.code == "E300"
    assert broken.origin == str(tmp_path / "b.txt")


@pytest.mark.parametrize("address", ["ftp://example.org/a.txt", "file:///etc/passwd"])
def test_read_path_refuses_other_url_schemes(address):
    (result,) = read_path(address)
    assert result.error is not None and result.error.code == "E307"
    assert "only http and https" in result.error.message
