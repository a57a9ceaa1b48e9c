"""The corpus cache: hits, every kind of invalidation, bad cache files, atomic and best-effort writes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import compare.cache as cache
import compare.load as load
from compare.model import CorpusError

BAD = "id: broken\ntitle: [unclosed\n"


@pytest.fixture
def parsed(monkeypatch):
    """Counts the agreement files the loader parses: zero means the cache answered."""
    calls: list[str] = []
    real = load.load_file

    def spy(path, *args, **kwargs):
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(load, "load_file", spy)
    return calls


@pytest.fixture
def two(corpus_dir, minimal):
    return corpus_dir(
        {"a.yaml": minimal("plan-a", "Plan A"), "b.yaml": minimal("plan-b", "Plan B")}
    )


def same(x, y) -> bool:
    return (
        x.agreements == y.agreements
        and x.problems == y.problems
        and (x.by_country, x.by_agency, x.by_theme) == (y.by_country, y.by_agency, y.by_theme)
    )


def test_second_load_reads_the_cache_and_gives_the_same_corpus(two, parsed):
    cold = load.load_corpus(two)
    assert sorted(parsed) == ["a.yaml", "b.yaml"]
    assert cache.cache_path(two).is_file()
    assert cache.cache_path(two).parent == Path(os.environ["ACCORD_CACHE_DIR"])
    parsed.clear()
    warm = load.load_corpus(two)
    assert parsed == []
    assert same(cold, warm)
    assert warm.root == cold.root and warm.derived == {}
    # registries and taxonomy come back working
    assert warm.registry.lookup("country", "Britain") == "GB"
    assert warm.registry.lookup("agency", "Europol") == "europol"
    assert warm.taxonomy.lookup("intelligence sharing") == "intelligence-sharing"
    assert warm.taxonomy.label("returns") == cold.taxonomy.label("returns")
    # actors left to default come back as the parties
    c = warm.agreements["plan-a"].commitments[0]
    assert not c.actors_stated and c.actors == ("GB", "FR")


def test_an_edit_of_the_same_size_in_the_same_second_is_seen(two, minimal, parsed):
    load.load_corpus(two)
    path = two / "agreements" / "a.yaml"
    stat = path.stat()
    text = path.read_text().replace("Plan A", "Plan Z")
    path.write_text(text)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    parsed.clear()
    corpus = load.load_corpus(two)
    assert parsed == ["a.yaml", "b.yaml"]
    assert corpus.agreements["plan-a"].title == "Plan Z"


def test_an_old_file_edited_is_seen_by_its_stats(two, parsed):
    path = two / "agreements" / "a.yaml"
    os.utime(path, (1_000_000_000, 1_000_000_000))
    load.load_corpus(two)
    path.write_text(path.read_text().replace("Plan A", "Plan A, revised"))
    os.utime(path, (1_000_000_100, 1_000_000_100))
    parsed.clear()
    assert load.load_corpus(two).agreements["plan-a"].title == "Plan A, revised"
    assert parsed


def test_added_and_removed_files_invalidate(two, minimal, parsed):
    load.load_corpus(two)
    (two / "agreements" / "c.yaml").write_text(minimal("plan-c", "Plan C"))
    assert sorted(load.load_corpus(two).agreements) == ["plan-a", "plan-b", "plan-c"]
    (two / "agreements" / "a.yaml").unlink()
    parsed.clear()
    assert sorted(load.load_corpus(two).agreements) == ["plan-b", "plan-c"]
    assert sorted(parsed) == ["b.yaml", "c.yaml"]


def test_a_new_version_invalidates(two, parsed, monkeypatch):
    load.load_corpus(two)
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    parsed.clear()
    load.load_corpus(two)
    assert parsed


def test_a_new_python_or_pycountry_invalidates(two, parsed, monkeypatch, tmp_path):
    import types

    load.load_corpus(two)
    monkeypatch.setattr(cache, "sys", types.SimpleNamespace(version="3.99.0"))
    parsed.clear()
    load.load_corpus(two)
    assert parsed
    newer = tmp_path / "pycountry-init.py"
    newer.write_text("# another release\n")
    monkeypatch.setattr(cache, "_library_files", lambda: [str(newer)])
    parsed.clear()
    load.load_corpus(two)
    assert parsed
    parsed.clear()
    load.load_corpus(two)
    assert parsed == []


def test_user_registries_and_themes_are_part_of_the_key(two, minimal, parsed):
    load.load_corpus(two)
    (two / "registries").mkdir()
    (two / "registries" / "agencies.yaml").write_text(
        "agencies:\n  - id: harbour-police\n    name: Harbour Police\n    aliases: [HP]\n"
    )
    parsed.clear()
    corpus = load.load_corpus(two)
    assert parsed and corpus.registry.lookup("agency", "HP") == "harbour-police"
    parsed.clear()
    assert load.load_corpus(two).registry.lookup("agency", "HP") == "harbour-police"
    assert parsed == []


def test_max_bytes_is_part_of_the_key(two, parsed):
    assert len(load.load_corpus(two, strict=False).agreements) == 2
    small = load.load_corpus(two, strict=False, max_bytes=10)
    assert small.agreements == {} and len(small.problems) == 2


def test_problems_are_cached_and_strict_still_raises(corpus_dir, minimal, parsed):
    root = corpus_dir({"a.yaml": minimal(), "bad.yaml": BAD})
    cold = load.load_corpus(root, strict=False)
    parsed.clear()
    warm = load.load_corpus(root, strict=False)
    assert parsed == []
    assert warm.problems == cold.problems and warm.problems
    with pytest.raises(CorpusError) as err:
        load.load_corpus(root)
    assert parsed == []
    assert err.value.problems == cold.problems


def test_cli_warns_about_bad_files_with_a_warm_cache(corpus_dir, minimal, accord):
    root = corpus_dir({"a.yaml": minimal(), "bad.yaml": BAD})
    for _ in range(2):
        status, out, err = accord("--corpus", str(root), "list", "--format", "json")
        assert status == 0 and '"plan-a"' in out
        assert "bad.yaml" in err and "warning" in err
    assert cache.cache_path(root).is_file()


def test_no_cache_neither_reads_nor_writes(two, parsed, accord):
    status, _, _ = accord("--corpus", str(two), "list", "--no-cache")
    assert status == 0 and not cache.cache_path(two).exists()
    load.load_corpus(two)
    parsed.clear()
    accord("--corpus", str(two), "list", "--no-cache")
    assert sorted(parsed) == ["a.yaml", "b.yaml"]
    parsed.clear()
    accord("--corpus", str(two), "list")
    assert parsed == []


def test_an_explicit_file_list_bypasses_the_cache(two, parsed):
    files = [two / "agreements" / "a.yaml"]
    assert list(load.load_corpus(two, files=files).agreements) == ["plan-a"]
    assert not cache.cache_path(two).exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:10], id="truncated-in-magic"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"\x93\x01\x02\x03" * 100, id="foreign-msgpack"),
        pytest.param(lambda b: b"PK\x03\x04" + os.urandom(500), id="foreign-zip"),
        pytest.param(lambda b: b[:-40] + bytes(x ^ 0xFF for x in b[-40:]), id="flipped-bytes"),
        pytest.param(lambda b: b + b"trailing", id="trailing-bytes"),
        pytest.param(lambda b: b.replace(b"intelligence", b"intelligenCE"), id="changed-text"),
        pytest.param(
            lambda b: cache.MAGIC + os.urandom(len(b) - len(cache.MAGIC)), id="garbage-after-magic"
        ),
    ],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(two, parsed, damage):
    cold = load.load_corpus(two)
    path = cache.cache_path(two)
    path.write_bytes(damage(path.read_bytes()))
    parsed.clear()
    again = load.load_corpus(two)
    assert sorted(parsed) == ["a.yaml", "b.yaml"]
    assert same(cold, again)
    parsed.clear()
    assert same(cold, load.load_corpus(two)) and parsed == []  # rebuilt and readable


def test_a_valid_payload_under_a_wrong_format_is_ignored(two, parsed, monkeypatch):
    load.load_corpus(two)
    monkeypatch.setattr(cache, "FORMAT", cache.FORMAT + 1)
    parsed.clear()
    load.load_corpus(two)
    assert parsed


def test_writes_are_atomic_replacements_in_the_cache_folder(two, monkeypatch):
    moves = []
    real = os.replace

    def spy(src, dst):
        moves.append((Path(src), Path(dst)))
        assert Path(src).is_file() and Path(src).stat().st_size > len(cache.MAGIC)
        return real(src, dst)

    monkeypatch.setattr(cache.os, "replace", spy)
    load.load_corpus(two)
    [(src, dst)] = moves
    assert src.parent == dst.parent == cache.cache_dir()
    assert dst == cache.cache_path(two)
    assert sorted(p.name for p in cache.cache_dir().iterdir()) == [dst.name]


def test_a_failed_write_leaves_no_file_and_the_load_works(two, monkeypatch):
    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", fail)
    assert len(load.load_corpus(two).agreements) == 2
    assert list(cache.cache_dir().iterdir()) == []


def test_an_unusable_cache_folder_is_no_error(two, tmp_path, monkeypatch, accord):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(blocker / "cache"))
    assert len(load.load_corpus(two).agreements) == 2
    assert len(load.load_corpus(two).agreements) == 2
    status, out, err = accord("--corpus", str(two), "list")
    assert status == 0 and "plan-a" in out and err == ""


def test_the_cache_never_writes_into_the_corpus(two):
    before = sorted(str(p.relative_to(two)) for p in two.rglob("*"))
    stamps = {p: p.stat().st_mtime_ns for p in two.rglob("*")}
    load.load_corpus(two)
    load.load_corpus(two)
    assert sorted(str(p.relative_to(two)) for p in two.rglob("*")) == before
    assert {p: p.stat().st_mtime_ns for p in two.rglob("*")} == stamps


@pytest.mark.parametrize("inside", [".", "agreements", "deep/down"])
def test_a_cache_folder_pointed_into_the_corpus_is_not_used(two, monkeypatch, inside):
    before = sorted(p.relative_to(two) for p in two.rglob("*"))
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(two / inside))
    assert len(load.load_corpus(two).agreements) == 2
    assert sorted(p.relative_to(two) for p in two.rglob("*")) == before


@pytest.fixture
def read_only(monkeypatch):
    """Make a folder behave as a read-only file system (root ignores chmod): any attempt to
    create, write, rename into, remove or touch something inside it fails with EROFS."""
    import builtins
    import errno
    import io

    folders: list[Path] = []

    def inside(path) -> bool:
        try:
            here = Path(os.fsdecode(path)).resolve()
        except (TypeError, ValueError):
            return False
        return any(here.is_relative_to(f) for f in folders)

    def refuse(path):
        raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))

    real_open, real_os_open = builtins.open, os.open

    def open_(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, bytes, os.PathLike)) and set(mode) & set("wax+") and inside(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def os_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and inside(path):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guard(real, *which):
        def call(*args, **kwargs):
            for i in which:
                if inside(args[i]):
                    refuse(args[i])
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(builtins, "open", open_)
    monkeypatch.setattr(io, "open", open_)  # what pathlib calls
    monkeypatch.setattr(os, "open", os_open)
    for name, which in (
        ("mkdir", (0,)),
        ("replace", (0, 1)),
        ("rename", (0, 1)),
        ("unlink", (0,)),
        ("remove", (0,)),
        ("utime", (0,)),
        ("chmod", (0,)),
    ):
        monkeypatch.setattr(os, name, guard(getattr(os, name), *which))
    return lambda folder: folders.append(Path(folder).resolve())


def test_a_read_only_corpus_loads_and_caches(two, parsed, read_only, monkeypatch):
    read_only(two)
    with pytest.raises(OSError):
        (two / "agreements" / "probe.yaml").write_text("x")  # the guard works
    load.load_corpus(two)
    parsed.clear()
    assert len(load.load_corpus(two).agreements) == 2
    assert parsed == []
    assert cache.cache_path(two).is_file()
    # pointed into the read-only corpus, the cache is simply not used
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(two / "cache"))
    assert len(load.load_corpus(two).agreements) == 2


def test_progress_is_called_per_parsed_file_only(two):
    seen = []
    load.load_corpus(two, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
    seen.clear()
    load.load_corpus(two, progress=lambda done, total: seen.append((done, total)))
    assert seen == []  # a warm load has nothing to report


def test_cli_progress_stays_silent_off_a_terminal(capsys):
    from compare.cli.common import LoadProgress

    with LoadProgress() as progress:
        progress.DELAY = 0
        for i in range(1, 4):
            progress(i, 10)
    assert capsys.readouterr().err == ""


def test_large_generated_corpus_round_trips(tmp_path, parsed):
    from benchmarks.generate import generate

    root = generate(tmp_path / "big", 600, per_file=100, seed=7)
    cold = load.load_corpus(root)
    parsed.clear()
    warm = load.load_corpus(root)
    assert parsed == [] and same(cold, warm)
    funded = [c for _, c in warm.commitments() if c.funding]
    assert (
        funded
        and funded[0].funding
        == cold.get(*next((a.id, c.id) for a, c in cold.commitments() if c.funding))[1].funding
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux rule only")
@pytest.mark.parametrize(
    "xdg, home",
    [(None, "/home/ana"), ("/var/tmp/xdg", "/home/ana"), ("relative/xdg", "/home/ana"), ("", "/r")],
)
def test_the_cache_folder_is_the_one_platformdirs_gives(monkeypatch, xdg, home):
    import platformdirs

    monkeypatch.delenv(cache.ENV_CACHE_DIR, raising=False)
    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("accord", appauthor=False))


def decoded(corpus) -> int:
    """How many agreements a cached corpus has decoded so far."""
    return len(corpus.agreements._done)


def test_a_cached_corpus_decodes_an_agreement_only_when_asked_for_it(two, parsed):
    cold = load.load_corpus(two)
    parsed.clear()
    warm = load.load_corpus(two)
    assert parsed == [] and decoded(warm) == 0
    # listing needs no commitments: outlines give the same fields and counts
    assert [(a.id, a.title, a.parties, a.date, n) for a, n in warm.outlines()] == [
        (a.id, a.title, a.parties, a.date, n) for a, n in cold.outlines()
    ]
    assert list(warm.agreements) == list(cold.agreements) and "plan-b" in warm.agreements
    assert decoded(warm) == 0
    one = warm.agreements["plan-b"]
    assert decoded(warm) == 1 and one == cold.agreements["plan-b"]
    assert warm.agreements["plan-b"] is one  # decoded once, then kept
    assert list(warm.agreements.values()) == list(cold.agreements.values())  # corpus order
    assert decoded(warm) == 2 and warm.agreements._raw == {}  # the cache's bytes are let go
    with pytest.raises(KeyError):
        warm.agreements["plan-c"]


def test_agreements_come_in_corpus_order_whatever_order_they_were_asked_for_in(corpus_dir, minimal):
    root = corpus_dir({f"{i}.yaml": minimal(f"plan-{i}", f"Plan {i}") for i in range(5)})
    cold = load.load_corpus(root)
    warm = load.load_corpus(root)
    for aid in reversed(list(warm.agreements)):  # each decoded alone, last first
        warm.agreements[aid]
    assert [a.id for a in warm] == [a.id for a in cold] == list(warm.agreements)
    assert [k for k, _ in warm.agreements.items()] == list(cold.agreements)


def test_a_cache_that_cannot_be_decoded_later_is_one_clear_error(two, monkeypatch, capsys):
    import msgspec

    from compare.cli import main

    load.load_corpus(two)
    monkeypatch.setattr(cache, "_COMMITMENTS", msgspec.msgpack.Decoder(tuple[int, ...]))
    assert main(["--corpus", str(two), "show", "plan-a"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(cache.cache_path(two)) in err and "--no-cache" in err


def test_threads_decoding_the_same_agreement_get_one_object(corpus_dir, minimal):
    from concurrent.futures import ThreadPoolExecutor

    files = {f"{i:02}.yaml": minimal(f"plan-{i:02}", f"Plan {i}") for i in range(40)}
    root = corpus_dir(files)
    load.load_corpus(root)
    for _ in range(5):
        warm = load.load_corpus(root)
        ids = list(warm.agreements) * 4
        with ThreadPoolExecutor(4) as pool:
            got = list(pool.map(warm.agreements.__getitem__, ids))
        assert all(a is warm.agreements[a.id] for a in got)
        assert [a.id for a in warm] == [f"plan-{i:02}" for i in range(40)]


def test_list_and_show_on_a_cached_corpus_leave_the_rest_undecoded(two, monkeypatch, capsys):
    from compare.cli import main

    load.load_corpus(two)
    seen = []
    real = load.load_corpus
    monkeypatch.setattr(load, "load_corpus", lambda *a, **k: seen.append(real(*a, **k)) or seen[-1])
    assert main(["--corpus", str(two), "list", "--format", "json"]) == 0
    assert '"commitments": 1' in capsys.readouterr().out and decoded(seen[-1]) == 0
    assert main(["--corpus", str(two), "show", "Plan B"]) == 0  # found by title
    assert decoded(seen[-1]) == 1
