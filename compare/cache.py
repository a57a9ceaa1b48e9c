"""The corpus cache: a validated corpus kept as msgpack, so later loads skip YAML entirely.

One file per corpus root under the user cache directory ($ACCORD_CACHE_DIR overrides it). The key
covers the Accord and Python versions, the root, every agreement file's name, size and mtime, the
registries and taxonomy files of the shipped and the user corpus, the engine's own source files and
those of pycountry and PyYAML: any edit, added or removed file, or new version misses and rebuilds. A file modified in the last few seconds is also
hashed, since a second edit within one timestamp tick can keep its size and mtime.

Reading never trusts the file: a foreign, truncated or corrupt cache is ignored (and later replaced),
never an error. Writing is atomic (a temp file in the same folder, then os.replace) and best effort:
an unwritable cache folder only means no cache. Nothing is ever written into the corpus.
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import sys
import time
import zlib
from collections.abc import Mapping
from pathlib import Path

import msgspec

from compare import __version__, lasting
from compare.model import Agreement, Commitment, Corpus, Problem
from compare.registry import Entry, Registry
from compare.taxonomy import PolicyTheme, Taxonomy

ENV_CACHE_DIR = "ACCORD_CACHE_DIR"
FORMAT = 5  # bump when the layout below changes
MAGIC = b"accord-corpus-cache\n"
RACY_SECONDS = 3.0  # files changed this recently are hashed, not just stat-ed
_HEAD = struct.Struct("<II32sQI")  # format, header padding, key, payload length, payload CRC-32
_ENGINE = ("model.py", "load.py", "yamlnodes.py", "registry.py", "taxonomy.py", "cache.py")


class _RegistryState(msgspec.Struct, array_like=True):
    entries: list[Entry]
    names: dict[str, dict[str, str]]


class _TaxonomyState(msgspec.Struct, array_like=True):
    themes: list[PolicyTheme]
    names: dict[str, str]


class _Stored(msgspec.Struct, array_like=True):
    """One agreement: everything but its commitments at once, those on first use."""

    outline: Agreement  # without its commitments
    count: int  # how many it has
    # tuple[Commitment, ...] as msgpack, with actors that default to the parties as (). Stored as
    # bytes so reading skips over them by their length, and decoded as a view into the bytes read.
    commitments: memoryview


class _Payload(msgspec.Struct, array_like=True):
    agreements: list[_Stored]
    problems: list[Problem]
    registry: _RegistryState | None
    taxonomy: _TaxonomyState | None


class CacheError(OSError):
    """A cache file that passed its checks at load but cannot be decoded later (a bug): an OSError
    so that every command reports it in one line."""


_DECODER = msgspec.msgpack.Decoder(_Payload)
_COMMITMENTS = msgspec.msgpack.Decoder(tuple[Commitment, ...])


def cache_dir() -> Path:
    """$ACCORD_CACHE_DIR, else the per-user cache folder."""
    chosen = os.environ.get(ENV_CACHE_DIR)
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux (the XDG base directory rule), without its import:
        # it loads tempfile, shutil and random, 8 ms of every command's start.
        xdg, home = os.environ.get("XDG_CACHE_HOME", ""), os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg) / "accord"
        if os.path.isabs(home) and home != "/":
            return Path(home) / ".cache" / "accord"
    import platformdirs

    return Path(platformdirs.user_cache_dir("accord", appauthor=False))


def cache_path(root: Path) -> Path:
    name = hashlib.sha256(str(Path(root).resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"corpus-{name[:24]}.msgpack"


# -- the key ------------------------------------------------------------------------------------


def _stamp(path: str, now: float, racy: bool = True) -> tuple:
    try:
        st = os.stat(path)
    except OSError:
        return (path, None)
    stamp: tuple = (path, st.st_size, st.st_mtime_ns)
    if racy and now - st.st_mtime_ns / 1e9 < RACY_SECONDS:
        data = _read_regular(Path(path), follow=True)  # a FIFO is never opened to block
        stamp += (hashlib.sha256(data).hexdigest() if data is not None else "unreadable",)
    return stamp


def _folder_stamps(folder: Path, now: float) -> list[tuple]:
    try:
        names = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return [(str(folder), None)]
    return [_stamp(str(p), now) for p in names]


def corpus_key(root: Path, files: list[Path], max_bytes: int, extra_roots: list[Path]) -> bytes:
    """A digest that changes whenever anything a load reads changes."""
    now = time.time()
    parts: list = [FORMAT, __version__, sys.version, str(Path(root).resolve()), max_bytes]
    parts.append([_stamp(os.fspath(p), now) for p in files])
    for folder in extra_roots:
        parts.append(_folder_stamps(folder / "registries", now))
        parts.append(_folder_stamps(folder / "themes", now))
    here = Path(__file__).resolve().parent
    parts.append([_stamp(str(here / name), now, racy=False) for name in _ENGINE])
    parts.append([_stamp(origin, now, racy=False) for origin in _library_files()])
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).digest()


def _library_files() -> list[str]:
    """Files of the libraries whose upgrade changes a load: country names come from pycountry,
    parsing from PyYAML. Found without importing them (pycountry alone takes 30 ms to import)."""
    from importlib.util import find_spec

    out = []
    for name in ("pycountry", "yaml"):
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        out.append(spec.origin if spec is not None and spec.origin else name)
    return out


# -- reading ------------------------------------------------------------------------------------


def read(root: Path, key: bytes, timings: dict[str, float] | None = None) -> Corpus | None:
    """The cached corpus for this key, or None (missing, stale, foreign, truncated, corrupt).
    timings, when given, receives the seconds each step took (for the benchmarks)."""
    clock = time.perf_counter
    t0 = clock()
    # Read, not mapped: commitments not yet decoded are views into these bytes, for as long as the
    # corpus lives, and a mapping would die with SIGBUS if the file went (truncated in place, or
    # replaced by another machine on a network home folder).
    data = _read_regular(cache_path(root))
    if data is None:
        return None
    return _read_body(data, root, key, t0, timings)


def _read_body(
    data: bytes, root: Path, key: bytes, t0: float, timings: dict | None
) -> Corpus | None:
    clock = time.perf_counter
    start = len(MAGIC) + _HEAD.size
    if len(data) < start or data[: len(MAGIC)] != MAGIC:
        return None
    fmt, _, stored_key, length, check = _HEAD.unpack_from(data, len(MAGIC))
    if fmt != FORMAT or stored_key != key or len(data) != start + length:
        return None
    body = memoryview(data)[start:]
    t1 = clock()
    if zlib.crc32(body) != check:
        return None
    t2 = clock()
    try:
        payload = _DECODER.decode(body)
    except (msgspec.DecodeError, ValueError, TypeError, KeyError, IndexError):
        return None
    t3 = clock()
    try:
        corpus = _rebuild(payload, str(root))
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    if timings is not None:
        timings.update(read=t1 - t0, checksum=t2 - t1, rebuild=clock() - t3)
        timings["decode all but commitments"] = t3 - t2
    return corpus


def _read_regular(path: Path, follow: bool = False) -> bytes | None:
    """The bytes of a regular file, or None (see _open_regular)."""
    opened = _open_regular(path, follow)
    if opened is None:
        return None
    fd, size = opened
    try:
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(size + 1)
        return data if len(data) == size else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _open_regular(path: Path, follow: bool = False) -> tuple[int, int] | None:
    """(descriptor, size) of a regular file opened for reading, or None: a FIFO, a device (a link
    to /dev/zero), a folder or (unless follow) a link is never opened to block or flood a read.
    The caller closes the descriptor."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
    except OSError:
        os.close(fd)
        return None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return None
    return fd, info.st_size


def _rebuild(p: _Payload, root: str) -> Corpus:
    registry = _registry(p.registry)
    taxonomy = _taxonomy(p.taxonomy)
    if registry is None or taxonomy is None:
        from compare.load import load_registry

        registry, taxonomy = load_registry(Path(root))
    if len({s.outline.id for s in p.agreements}) != len(p.agreements):
        raise ValueError("duplicate agreement ids")
    agreements = _Agreements(p.agreements, cache_path(Path(root)))
    return Corpus(agreements, taxonomy, registry, root=root, problems=p.problems)


class _Agreements(Mapping):
    """Agreements by id, in corpus order, read from the cache: each agreement's commitments are
    decoded the first time it is asked for. Decoding all of them takes about 120 ms at 100,000
    commitments, and showing one agreement, listing them or diffing two needs none of that.
    Safe across threads: two threads decoding the same agreement both get the one kept first."""

    __slots__ = ("_outlines", "_raw", "_done", "_ordered", "_source")

    def __init__(self, stored: list[_Stored], source: Path) -> None:
        self._outlines = {s.outline.id: (s.outline, s.count) for s in stored}
        self._raw = {s.outline.id: s.commitments for s in stored}
        self._done: dict[str, Agreement] = {}
        self._ordered: dict[str, Agreement] | None = None  # all of them, once asked for all
        self._source = source  # the cache file, named if it cannot be decoded

    def __getitem__(self, aid: str) -> Agreement:
        a = self._done.get(aid)
        if a is not None:
            return a
        raw = self._raw.get(aid)
        if raw is None:  # unknown, or another thread has just finished it
            return self._done[aid]
        try:
            decoded = _agreement(self._outlines[aid][0], raw)
        except (msgspec.DecodeError, ValueError, TypeError) as exc:
            # Checked by its CRC and written by this version: only a bug gets here. Say where.
            raise CacheError(
                f"{self._source}: the corpus cache cannot be read ({exc}); "
                "run again with --no-cache, or delete the file"
            ) from None
        a = self._done.setdefault(aid, decoded)
        self._raw.pop(aid, None)  # the last one gone lets the bytes read go
        return a

    def __iter__(self):
        return iter(self._outlines)

    def __len__(self) -> int:
        return len(self._outlines)

    def __contains__(self, aid: object) -> bool:
        return aid in self._outlines

    def __repr__(self) -> str:
        return f"<{len(self._done)} of {len(self._outlines)} agreements decoded>"

    def keys(self):
        return self._outlines.keys()

    def values(self):
        return self._all().values()

    def items(self):
        return self._all().items()

    def _all(self) -> dict[str, Agreement]:
        if self._ordered is None:
            with lasting.building() as built:
                # corpus order, whatever order single agreements were asked for in before
                ordered = {aid: self[aid] for aid in self._outlines}
                built.freeze = lasting.large(self)
            self._ordered = ordered
        return self._ordered

    def outlines(self) -> list[tuple[Agreement, int]]:
        """Each agreement without decoding its commitments: see Corpus.outlines."""
        return list(self._outlines.values())


def _agreement(outline: Agreement, raw: memoryview) -> Agreement:
    commitments = _COMMITMENTS.decode(raw)
    parties = outline.parties
    if parties:  # actors left out of the file where they default to the parties
        setattr_ = msgspec.structs.force_setattr
        for c in commitments:
            if not c.actors_stated and not c.actors:
                setattr_(c, "actors", parties)
    return msgspec.structs.replace(outline, commitments=commitments)


def _registry(state: _RegistryState | None) -> Registry | None:
    if state is None:
        return None
    r = Registry.__new__(Registry)
    r.entries = {(e.kind, e.id): e for e in state.entries}
    r._names = state.names
    return r


def _taxonomy(state: _TaxonomyState | None) -> Taxonomy | None:
    if state is None:
        return None
    t = Taxonomy.__new__(Taxonomy)
    t.themes = {x.id: x for x in state.themes}
    t._names = state.names
    return t


# -- writing ------------------------------------------------------------------------------------


def write(root: Path, key: bytes, corpus: Corpus) -> bool:
    """Store the corpus under this key, atomically. False (and no file) when that cannot be done."""
    try:
        body = msgspec.msgpack.encode(_payload(corpus))
    except (TypeError, ValueError, OverflowError):
        return False
    head = MAGIC + _HEAD.pack(FORMAT, 0, key, len(body), zlib.crc32(body))
    target = cache_path(root)
    if _inside_a_corpus(target.parent, root):
        return False
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing

        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".msgpack", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(head)
            fh.write(body)
        os.replace(tmp, target)  # replaces a link in the cache folder, never writes through it
        tmp = None
        return True
    except OSError:
        return False
    finally:  # an error or an interrupt (Ctrl-C) leaves no temporary file behind
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _inside_a_corpus(folder: Path, root: Path) -> bool:
    """A cache folder pointed into a corpus this load reads (the user's or the shipped one)."""
    from compare.load import registry_folders

    try:
        here = folder.resolve()
        return any(here.is_relative_to(f.resolve()) for f in {Path(root), *registry_folders(root)})
    except (OSError, RuntimeError):
        return True  # cannot tell: do not write


def _stored(a: Agreement, encode=msgspec.msgpack.encode) -> _Stored:
    """The agreement as stored, with actors that default to the parties left out (restored on
    reading): every commitment would otherwise repeat the whole party list."""
    commitments = a.commitments
    if a.parties and not all(c.actors_stated for c in commitments):
        commitments = tuple(
            msgspec.structs.replace(c, actors=())
            if not c.actors_stated and c.actors == a.parties
            else c
            for c in commitments
        )
    outline = msgspec.structs.replace(a, commitments=())
    return _Stored(outline, len(commitments), encode(commitments))


def _payload(corpus: Corpus) -> _Payload:
    agreements = [_stored(a) for a in corpus.agreements.values()]
    registry = corpus.registry
    taxonomy = corpus.taxonomy
    reg = (
        _RegistryState(list(registry.entries.values()), registry._names)
        if type(registry) is Registry and set(vars(registry)) == {"entries", "_names"}
        else None
    )
    tax = (
        _TaxonomyState(list(taxonomy.themes.values()), taxonomy._names)
        if type(taxonomy) is Taxonomy and set(vars(taxonomy)) == {"themes", "_names"}
        else None
    )
    return _Payload(agreements, list(corpus.problems), reg, tax)
