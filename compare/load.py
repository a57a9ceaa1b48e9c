"""YAML files -> the model. Every problem carries file:line:column and the field's path."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from compare.lasting import building, large
from compare.model import (
    FUNDING_QUALIFIERS,
    KINDS,
    LEGAL_NATURES,
    STRENGTHS,
    Agreement,
    Commitment,
    Corpus,
    CorpusError,
    Figure,
    Funding,
    Problem,
    Source,
    Statement,
)
from compare.registry import Registry
from compare.taxonomy import Taxonomy

if TYPE_CHECKING:
    from compare.yamlnodes import Reader

ENV_CORPUS = "ACCORD_CORPUS"
MAX_FILE_BYTES = 50 * 1024 * 1024

AGREEMENT_FIELDS = (
    "id",
    "title",
    "short_title",
    "kind",
    "legal_nature",
    "status",
    "date",
    "place",
    "host",
    "parties",
    "parties_complete",
    "participants",
    "summary",
    "reviewed",
    "notes",
    "sources",
    "commitments",
    "statements",
    "figures",
)
AGREEMENT_REQUIRED = ("id", "title", "kind", "legal_nature", "sources", "commitments")
SOURCE_FIELDS = ("id", "title", "publisher", "date", "url", "kind")
COMMITMENT_FIELDS = (
    "id",
    "text",
    "themes",
    "actors",
    "where",
    "agencies",
    "funding",
    "strength",
    "source",
    "ref",
    "url",
    "notes",
)
FUNDING_FIELDS = ("amount", "currency", "qualifier", "note")
STATEMENT_FIELDS = ("speaker", "role", "country", "agency", "gist", "source")
FIGURE_FIELDS = ("id", "description", "value", "unit", "qualifier", "period", "source")


# -- where the corpus lives -------------------------------------------------------------------


def shipped_root() -> Path:
    """The corpus that ships: package data in a wheel, the checkout in an editable install."""
    here = Path(__file__).resolve().parent
    packaged = here / "_corpus"
    return packaged if packaged.is_dir() else here.parent


def corpus_root(explicit: str | os.PathLike | None = None) -> Path:
    """--corpus DIR > $ACCORD_CORPUS > the shipped corpus."""
    chosen = explicit or os.environ.get(ENV_CORPUS)
    return Path(chosen).expanduser() if chosen else shipped_root()


def agreement_files(root: Path) -> list[Path]:
    """The *.yaml and *.yml files of root/agreements (or of root itself), hidden files left out."""
    folder = root / "agreements"
    base = folder if folder.is_dir() else root
    try:  # scandir rather than glob: a thousand files in a few milliseconds
        with os.scandir(base) as entries:
            names = [
                e.name
                for e in entries
                if e.name.endswith((".yaml", ".yml")) and not e.name.startswith(".")
            ]
    except OSError:
        return []
    return [base / name for name in sorted(names)]


def registry_folders(root: Path | None = None) -> list[Path]:
    """The corpus folders whose registries/ and themes/ a load reads: the shipped one, then the user's."""
    shipped = shipped_root()
    if root is None or Path(root).resolve() == shipped:
        return [shipped]
    return [shipped, Path(root)]


def load_registry(root: Path | None = None) -> tuple[Registry, Taxonomy]:
    """Shipped registries and taxonomy, with a user corpus's own merged over them."""
    registry, taxonomy = Registry(), Taxonomy()
    for folder in registry_folders(root):
        registry.load_dir(folder / "registries")
        if (folder / "themes").is_dir():
            taxonomy.load_dir(folder / "themes")
    return registry, taxonomy


# -- loading ----------------------------------------------------------------------------------


def load_corpus(
    root: str | os.PathLike | None = None,
    *,
    strict: bool = True,
    max_bytes: int = MAX_FILE_BYTES,
    files: list[Path] | None = None,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Corpus:
    """Load and validate a corpus. strict: raise CorpusError with every problem; else keep the valid
    agreements and list the problems on `corpus.problems`.

    use_cache: read the corpus from the user cache when no file changed since it was stored, and
    store it after parsing (never with an explicit `files` list). progress(done, total) is called
    after each file that is parsed."""
    root_path = corpus_root(root)
    key = None
    if files is None:
        if not root_path.is_dir():
            raise FileNotFoundError(f"{root_path}: corpus folder not found")
        files = agreement_files(root_path)
        if use_cache:
            from compare import cache

            key = cache.corpus_key(root_path, files, max_bytes, registry_folders(root_path))
            with building() as pause:
                cached = cache.read(root_path, key)
                pause.freeze = cached is not None and large(cached)
            if cached is not None:
                if cached.problems and strict:
                    raise CorpusError(cached.problems)
                return cached
    registry, taxonomy = load_registry(root_path)
    agreements: dict[str, Agreement] = {}
    problems: list[Problem] = []
    names = _Names(registry, taxonomy)
    with building() as pause:
        for done, path in enumerate(files, 1):
            agreement, found = load_file(path, registry, taxonomy, max_bytes=max_bytes, names=names)
            if agreement is not None and agreement.id in agreements:
                first = agreements[agreement.id].path
                found.append(
                    Problem(
                        str(path),
                        1,
                        1,
                        "id",
                        f"duplicate agreement id {agreement.id!r} (also in {first})",
                    )
                )
                agreement = None
            problems.extend(sorted(found, key=lambda p: (p.line, p.column)))
            if agreement is not None and not found:
                agreements[agreement.id] = agreement
            if progress is not None:
                progress(done, len(files))
        corpus = Corpus(agreements, taxonomy, registry, root=str(root_path), problems=problems)
        pause.freeze = large(corpus)
    if key is not None:
        cache.write(root_path, key, corpus)
    if problems and strict:
        raise CorpusError(problems)
    return corpus


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """Bytes -> text, with the errors a person can act on."""
    name = str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read, /dev/zero never end it
            return None, [Problem(name, 1, 1, "", "not a regular file")]
        size = st.st_size
        if size > max_bytes:
            mb = max_bytes / 1024 / 1024
            return None, [
                Problem(
                    name,
                    1,
                    1,
                    "",
                    f"file is {size / 1024 / 1024:.1f} MB, over the {mb:g} MB limit (--max-file-mb raises it)",
                )
            ]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(name, 1, 1, "", f"cannot read: {exc.strerror or exc}")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(name, line, col, "", f"not UTF-8 text (byte 0x{data[exc.start]:02x})")
        ]
    if not text.strip():
        return None, [Problem(name, 1, 1, "", "file is empty")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return None, [Problem(name, line, 1, "", "file contains a NUL byte: not a text file")]
    return text, []


def load_file(
    path: Path,
    registry: Registry,
    taxonomy: Taxonomy,
    *,
    max_bytes: int = MAX_FILE_BYTES,
    names: _Names | None = None,
) -> tuple[Agreement | None, list[Problem]]:
    """One agreement file -> (Agreement or None, problems). names: lookups shared across files."""
    path = Path(path)
    text, problems = read_text(path, max_bytes)
    if text is None:
        return None, problems
    from compare.yamlnodes import Reader, compose  # here: a load from the cache needs no YAML

    root, problems = compose(text, str(path))
    if root is None:
        if not problems:
            problems = [Problem(str(path), 1, 1, "", "file has no YAML document")]
        return None, problems
    reader = Reader(str(path))
    agreement = _Builder(reader, registry, taxonomy, str(path), names).agreement(root)
    return (agreement if not reader.problems else None), reader.problems


class _Names:
    """Registry and taxonomy lookups remembered across a load: a corpus names the same few codes,
    agencies and themes thousands of times, and each fresh lookup folds case and accents."""

    def __init__(self, registry: Registry, taxonomy: Taxonomy):
        self.registry = registry
        self.taxonomy = taxonomy
        self._places: dict[tuple[str, str], str | None] = {}
        self._themes: dict[str, str | None] = {}

    def lookup(self, kind: str, text: str) -> str | None:
        key = (kind, text)
        try:
            return self._places[key]
        except KeyError:
            found = self._places[key] = self.registry.lookup(kind, text)
            return found

    def theme(self, text: str) -> str | None:
        try:
            return self._themes[text]
        except KeyError:
            found = self._themes[text] = self.taxonomy.lookup(text)
            return found


class _Builder:
    """Reads one agreement's node tree into the model, resolving codes through the registries."""

    def __init__(
        self,
        reader: Reader,
        registry: Registry,
        taxonomy: Taxonomy,
        path: str,
        names: _Names | None = None,
    ):
        self.r = reader
        self.registry = registry
        self.taxonomy = taxonomy
        self.path = path
        self.names = names if names is not None else _Names(registry, taxonomy)

    # resolution helpers ------------------------------------------------------------------------

    def _places(self, node, path: str, kinds: tuple[str, ...]) -> list[str]:
        """Countries (any common form), and groups or regions when allowed; groups expand."""
        out: list[str] = []
        for value, item, here in self.r.texts(node, path):
            found = None
            for kind in kinds:
                found = self.names.lookup(kind, value)
                if found:
                    out.extend(self.registry.expand(found) if kind == "group" else (found,))
                    break
            if not found:
                self._unknown(item, here, value, kinds)
        return list(dict.fromkeys(out))

    def _unknown(self, item, here: str, value: str, kinds: tuple[str, ...]) -> None:
        label = " or ".join(k for k in kinds)
        near = self.registry.suggest(kinds, value)
        named = [
            f"{n} ({self.registry.name(n)})" if n != self.registry.name(n) else n for n in near
        ]
        hint = f" (did you mean {' or '.join(named)}?)" if near else ""
        self.r.problem(item, here, f"unknown {label} {value!r}{hint}")

    def _agencies(self, node, path: str) -> list[str]:
        out = []
        for value, item, here in self.r.texts(node, path):
            found = self.names.lookup("agency", value)
            if found:
                out.append(found)
            else:
                self._unknown(item, here, value, ("agency",))
        return list(dict.fromkeys(out))

    def _themes(self, node, path: str) -> list[str]:
        out = []
        for value, item, here in self.r.texts(node, path):
            found = self.names.theme(value)
            if found:
                out.append(found)
            else:
                near = self.taxonomy.suggest(value)
                hint = f" (did you mean {', '.join(repr(n) for n in near)}?)" if near else ""
                self.r.problem(item, here, f"unknown theme {value!r}{hint}")
        return list(dict.fromkeys(out))

    def _url(self, node, path: str) -> str | None:
        value = self.r.text(node, path)
        if value is not None and not value.startswith(("http://", "https://")):
            self.r.problem(node, path, "a URL must start with http:// or https://")
            return None
        if value is not None and (not value.isprintable() or " " in value):
            self.r.problem(node, path, "a URL must not contain spaces or control characters")
            return None
        return value

    def _one(self, node, path: str, kinds: tuple[str, ...]) -> str | None:
        """A single country or agency where one is expected: a list is a problem, not a truncation."""
        from yaml.nodes import ScalarNode

        if not isinstance(node, ScalarNode):
            self.r.problem(node, path, "expected a single value, found a list or mapping")
            return None
        found = (
            self._agencies(_as_list(node), path)
            if kinds == ("agency",)
            else self._places(_as_list(node), path, kinds)
        )
        return found[0] if found else None

    def _source_ref(self, node, path: str, sources: dict[str, Source]) -> str | None:
        value = self.r.text(node, path)
        if value is not None and value not in sources:
            from compare.yamlnodes import did_you_mean

            self.r.problem(node, path, f"no source with id {value!r}{did_you_mean(value, sources)}")
            return None
        return value

    def _default_source(
        self, node, path: str, fields: dict, sources: dict[str, Source]
    ) -> str | None:
        if "source" in fields:
            return self._source_ref(fields["source"], f"{path}.source", sources)
        if len(sources) == 1:
            return next(iter(sources))
        if sources:
            self.r.problem(
                node, f"{path}.source", "required when the agreement has several sources"
            )
        return None

    # the agreement -----------------------------------------------------------------------------

    def agreement(self, root) -> Agreement | None:
        r = self.r
        f = r.mapping(root, "", AGREEMENT_FIELDS, AGREEMENT_REQUIRED)
        if f is None:
            return None
        get = f.get
        aid = r.text(f["id"], "id") if "id" in f else None
        if aid is not None:
            _check_id(r, f["id"], "id", aid)
        title = r.text(f["title"], "title") if "title" in f else None
        kind = r.choice(f["kind"], "kind", KINDS) if "kind" in f else None
        nature = (
            r.choice(f["legal_nature"], "legal_nature", LEGAL_NATURES)
            if "legal_nature" in f
            else None
        )
        declared: list[str] = []
        parties: list[str] = []
        if "parties" in f:
            for value, item, here in r.texts(f["parties"], "parties"):
                found = self.names.lookup("country", value) or self.names.lookup("group", value)
                if found:
                    declared.append(found)
                    parties.extend(self.registry.expand(found))
                else:
                    self._unknown(item, here, value, ("country", "group"))
        complete = (
            r.boolean(f["parties_complete"], "parties_complete")
            if "parties_complete" in f
            else None
        )
        host = self._one(f["host"], "host", ("country",)) if "host" in f else None
        sources: dict[str, Source] = {}
        for i, node in enumerate(r.seq(f["sources"], "sources") if "sources" in f else ()):
            s = self.source(node, f"sources[{i}]")
            if s is None:
                continue
            if s.id in sources:
                r.problem(node, f"sources[{i}].id", f"duplicate source id {s.id!r}")
            sources[s.id] = s
        if "sources" in f and not sources and not r.problems:
            r.problem(f["sources"], "sources", "at least one source is required")
        commitments: list[Commitment] = []
        seen: dict[str, int] = {}
        for i, node in enumerate(
            r.seq(f["commitments"], "commitments") if "commitments" in f else ()
        ):
            c = self.commitment(node, f"commitments[{i}]", tuple(dict.fromkeys(parties)), sources)
            if c is None:
                continue
            if c.id in seen:
                r.problem(
                    node,
                    f"commitments[{i}].id",
                    f"duplicate commitment id {c.id!r} (first at commitments[{seen[c.id]}])",
                )
                continue
            seen[c.id] = i
            commitments.append(c)
        statements = [
            s
            for i, node in enumerate(
                r.seq(f["statements"], "statements") if "statements" in f else ()
            )
            if (s := self.statement(node, f"statements[{i}]", sources)) is not None
        ]
        figures = [
            x
            for i, node in enumerate(r.seq(f["figures"], "figures") if "figures" in f else ())
            if (x := self.figure(node, f"figures[{i}]", sources)) is not None
        ]
        opt = {
            k: r.text(get(k), k)
            for k in ("short_title", "status", "place", "summary", "notes")
            if k in f
        }
        date = r.date(f["date"], "date") if "date" in f else None
        reviewed = r.date(f["reviewed"], "reviewed") if "reviewed" in f else None
        participants = (
            self._agencies(f["participants"], "participants") if "participants" in f else []
        )
        if r.problems or aid is None or title is None or kind is None or nature is None:
            return None
        return Agreement(
            id=aid,
            title=title,
            kind=kind,
            legal_nature=nature,
            sources=tuple(sources.values()),
            commitments=tuple(commitments),
            parties=tuple(dict.fromkeys(parties)),
            parties_declared=tuple(dict.fromkeys(declared)),
            parties_complete=complete if complete is not None else True,
            date=date,
            place=opt.get("place"),
            host=host,
            status=opt.get("status"),
            summary=opt.get("summary"),
            reviewed=reviewed,
            short_title=opt.get("short_title"),
            participants=tuple(participants),
            statements=tuple(statements),
            figures=tuple(figures),
            notes=opt.get("notes"),
            path=self.path,
        )

    def source(self, node, path: str) -> Source | None:
        r = self.r
        f = r.mapping(node, path, SOURCE_FIELDS, ("id", "title"))
        if f is None or "id" not in f or "title" not in f:
            return None
        sid = r.text(f["id"], f"{path}.id")
        title = r.text(f["title"], f"{path}.title")
        if sid is None or title is None:
            return None
        return Source(
            id=sid,
            title=title,
            publisher=r.text(f["publisher"], f"{path}.publisher") if "publisher" in f else None,
            date=r.date(f["date"], f"{path}.date") if "date" in f else None,
            url=self._url(f["url"], f"{path}.url") if "url" in f else None,
            kind=r.text(f["kind"], f"{path}.kind") if "kind" in f else None,
        )

    def commitment(self, node, path: str, parties: tuple[str, ...], sources) -> Commitment | None:
        r = self.r
        f = r.mapping(node, path, COMMITMENT_FIELDS, ("id", "text", "themes"))
        if f is None:
            return None
        before = len(r.problems)
        cid = r.text(f["id"], f"{path}.id") if "id" in f else None
        if cid is not None:
            _check_id(r, f["id"], f"{path}.id", cid)
        text = r.text(f["text"], f"{path}.text") if "text" in f else None
        themes = self._themes(f["themes"], f"{path}.themes") if "themes" in f else []
        if "themes" in f and not themes and len(r.problems) == before:
            r.problem(f["themes"], f"{path}.themes", "at least one theme is required")
        actors = (
            self._places(f["actors"], f"{path}.actors", ("country", "group"))
            if "actors" in f
            else None
        )
        where = (
            self._places(f["where"], f"{path}.where", ("country", "group", "region"))
            if "where" in f
            else []
        )
        agencies = self._agencies(f["agencies"], f"{path}.agencies") if "agencies" in f else []
        funding = self.funding(f["funding"], f"{path}.funding") if "funding" in f else None
        strength = (
            r.choice(f["strength"], f"{path}.strength", STRENGTHS) if "strength" in f else None
        )
        source = self._default_source(node, path, f, sources)
        ref = r.text(f["ref"], f"{path}.ref") if "ref" in f else None
        url = self._url(f["url"], f"{path}.url") if "url" in f else None
        notes = r.text(f["notes"], f"{path}.notes") if "notes" in f else None
        if len(r.problems) > before or cid is None or text is None or source is None:
            return None
        return Commitment(
            id=cid,
            text=text,
            themes=tuple(themes),
            actors=tuple(actors) if actors is not None else parties,
            actors_stated=actors is not None,
            where=tuple(where),
            agencies=tuple(agencies),
            source=source,
            strength=strength,
            funding=funding,
            ref=ref,
            url=url,
            notes=notes,
        )

    def funding(self, node, path: str) -> Funding | None:
        r = self.r
        f = r.mapping(node, path, FUNDING_FIELDS, ("amount", "currency"))
        if f is None or "amount" not in f or "currency" not in f:
            return None
        amount = r.number(f["amount"], f"{path}.amount")
        if amount is not None and amount < 0:
            r.problem(f["amount"], f"{path}.amount", f"must not be negative (found {amount})")
            amount = None
        currency = r.text(f["currency"], f"{path}.currency")
        if currency is not None and not _is_currency(currency):
            r.problem(f["currency"], f"{path}.currency", f"unknown ISO 4217 currency {currency!r}")
            currency = None
        qualifier = (
            r.choice(f["qualifier"], f"{path}.qualifier", FUNDING_QUALIFIERS)
            if "qualifier" in f
            else "exact"
        )
        note = r.text(f["note"], f"{path}.note") if "note" in f else None
        if amount is None or currency is None or qualifier is None:
            return None
        return Funding(amount, currency, qualifier, note)

    def statement(self, node, path: str, sources) -> Statement | None:
        r = self.r
        f = r.mapping(node, path, STATEMENT_FIELDS, ("speaker", "gist"))
        if f is None or "speaker" not in f or "gist" not in f:
            return None
        before = len(r.problems)
        country = (
            self._one(f["country"], f"{path}.country", ("country",)) if "country" in f else None
        )
        agency = self._one(f["agency"], f"{path}.agency", ("agency",)) if "agency" in f else None
        st = Statement(
            speaker=r.text(f["speaker"], f"{path}.speaker") or "",
            gist=r.text(f["gist"], f"{path}.gist") or "",
            source=self._default_source(node, path, f, sources) or "",
            role=r.text(f["role"], f"{path}.role") if "role" in f else None,
            country=country,
            agency=agency,
        )
        return st if len(r.problems) == before else None

    def figure(self, node, path: str, sources) -> Figure | None:
        r = self.r
        f = r.mapping(node, path, FIGURE_FIELDS, ("id", "description", "value"))
        if f is None or not {"id", "description", "value"} <= f.keys():
            return None
        before = len(r.problems)
        fig = Figure(
            id=r.text(f["id"], f"{path}.id") or "",
            description=r.text(f["description"], f"{path}.description") or "",
            value=r.number(f["value"], f"{path}.value") or 0,
            source=self._default_source(node, path, f, sources) or "",
            unit=r.text(f["unit"], f"{path}.unit") if "unit" in f else None,
            qualifier=r.choice(f["qualifier"], f"{path}.qualifier", FUNDING_QUALIFIERS)
            if "qualifier" in f
            else "exact",
            period=r.text(f["period"], f"{path}.period") if "period" in f else None,
        )
        return fig if len(r.problems) == before else None


def _as_list(node):
    """A single scalar where one value is expected, wrapped so list helpers can read it."""
    from yaml.nodes import ScalarNode, SequenceNode

    if isinstance(node, ScalarNode):
        return SequenceNode("tag:yaml.org,2002:seq", [node], node.start_mark, node.end_mark)
    return node


def _check_id(r: Reader, node, path: str, value: str) -> None:
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", value):
        r.problem(
            node, path, f"ids use lower-case letters, digits, '-', '.' and '_' (found {value!r})"
        )


_CURRENCIES: set[str] | None = None


def _is_currency(code: str) -> bool:
    global _CURRENCIES
    if _CURRENCIES is None:
        import pycountry

        _CURRENCIES = {c.alpha_3 for c in pycountry.currencies}
    return code in _CURRENCIES
