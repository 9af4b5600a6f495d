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


def test_read_path_missing_file_says_why_after_a_colon(tmp_path):
    [result] = read_path(tmp_path / "nope.txt")
    assert result.error is not None
    assert (
        f"cannot read {tmp_path / 'nope.txt'}: No such file or directory" in result.error.render()
    )


def test_read_path_counts_a_named_pipe_in_a_folder(tmp_path):
    import os

    (tmp_path / "a.txt").write_text("Gwadar Port opened in 2016.")
    os.mkfifo(tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text("The Karot dam was filled.")
    start = time.perf_counter()
    results = list(read_path(tmp_path))
    assert time.perf_counter() - start < 5
    assert [Path(r.origin).name for r in results] == ["a.txt", "b.txt", "c.txt"]
    pipe = results[1].error
    assert pipe is not None and pipe.code == "E300" and "regular file" in pipe.render()
    assert results[0].document is not None and results[2].document is not None


def test_extract_on_an_empty_folder_says_it_holds_no_documents(tmp_path):
    import shutil
    import subprocess
    import sys

    corridor = shutil.which("corridor") or str(Path(sys.executable).parent / "corridor")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden.txt").write_text("Gwadar Port opened in 2016.")
    done = subprocess.run(
        [corridor, "extract", str(tmp_path / "empty")], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert "holds no documents" in line and "(hint: " in line and "E305" not in line


# The last resort in batch.py: whatever escapes a reader fails that target alone, said in
# one line that names the exception, and the targets after it are read.


def test_read_targets_goes_on_after_a_target_that_crashes(tmp_path, monkeypatch):
    import corridor.ingest
    from corridor.ingest.batch import read_targets

    real = corridor.ingest.read_path

    def crash_on_b(path, **kwargs):
        if str(path).endswith("b.txt"):
            raise RuntimeError("a bug\nover two lines\n" + "x" * 5000)
        yield from real(path, **kwargs)

    monkeypatch.setattr(corridor.ingest, "read_path", crash_on_b)
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(f"Gwadar Port handled the ship named {name}.")
    results = list(read_targets([str(tmp_path / n) for n in ("a.txt", "b.txt", "c.txt")]))
    assert [r.error is None for r in results] == [True, False, True]
    error = results[1].error
    assert error is not None and error.code == "E900" and results[1].origin.endswith("b.txt")
    line = error.render()
    assert "RuntimeError: a bug over two lines" in line and "unexpected" in line
    assert "\n" not in line and len(line) < 500


def test_ingest_goes_on_after_a_stream_that_crashes(engine):
    from corridor.ingest.batch import ingest
    from corridor.model import Document

    def stream():
        yield ReadResult(Document(text="Gwadar Port handled a bulk carrier."), "first.txt")
        raise ValueError("half a stream\n" + "y" * 5000)

    summary = ingest(stream(), engine=engine)
    assert (summary.read, summary.new, len(summary.failed)) == (2, 1, 1)
    origin, reason = summary.failed[0]
    assert "first.txt" in origin
    assert "ValueError: half a stream" in reason and "unexpected" in reason
    assert "\n" not in reason and len(reason) < 500


def test_a_crash_while_reading_is_said_under_corridor_debug(tmp_path, monkeypatch):
    """CORRIDOR_DEBUG=1 (the E900 hint's advice) lets the traceback out."""
    import corridor.ingest
    from corridor.ingest.batch import read_targets

    def crash(path, **kwargs):
        raise RuntimeError("a bug")
        yield

    monkeypatch.setattr(corridor.ingest, "read_path", crash)
    monkeypatch.setenv("CORRIDOR_DEBUG", "1")
    with pytest.raises(RuntimeError):
        list(read_targets([str(tmp_path / "a.txt")]))


def test_a_database_error_of_one_document_is_one_line(engine):
    """A statement's error fails its document in one line: no SQL, no document's text (the
    database's own error, from a row stored twice)."""
    from sqlalchemy import insert

    from corridor.ingest.batch import _reason
    from corridor.store.tables import SourceRow

    values = {"id": "a" * 64, "text": "The Karot dam was filled in June; " + "text " * 200}
    statement = insert(SourceRow.__table__).values(values)
    with engine.begin() as connection:
        connection.execute(statement)
    with pytest.raises(Exception) as info, engine.begin() as connection:
        connection.execute(statement)
    reason = _reason(info.value)
    assert reason.startswith("error E203: ")
    assert "\n" not in reason and "INSERT" not in reason and "text text" not in reason
    assert "IntegrityError" in reason or "UniqueViolation" in reason
    assert len(reason) < 400
