"""Countries (pycountry), country groups, regions and agencies: resolution and aliases.

Each registry is a small YAML file under a corpus's `registries/`. A user corpus's registries merge over the
shipped ones: new ids are added, the same id overrides.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import msgspec


def norm(text: str) -> str:
    """Fold case, accents and punctuation so 'Việt Nam', 'viet-nam' and 'VIET NAM' meet."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "d")
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


class Entry(msgspec.Struct, frozen=True, gc=False, array_like=True):
    """A registry entry: a country, group, region or agency. A Struct, like the model's records:
    the corpus cache stores the registry too."""

    id: str
    name: str
    kind: str  # country | group | region | agency
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # groups and regions: alpha-2 codes
    country: str | None = None  # agencies: the state it belongs to
    note: str | None = None


class Registry:
    """Resolves what people write (UK, Britain, Viet Nam, NCA) to canonical ids."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], Entry] = {}  # (kind, id) -> Entry
        self._names: dict[str, dict[str, str]] = {
            "country": {},
            "group": {},
            "region": {},
            "agency": {},
        }
        self._load_countries()

    # -- building -----------------------------------------------------------------------------

    def _add(self, entry: Entry) -> None:
        self.entries[(entry.kind, entry.id)] = entry
        table = self._names[entry.kind]
        for name in (entry.id, entry.name, *entry.aliases):
            key = norm(name)
            if not key:
                continue
            if entry.kind == "country":
                table.setdefault(key, entry.id)  # first country to claim a name keeps it
            else:
                table[key] = entry.id  # later registries (a user's) override

    def _load_countries(self) -> None:
        import pycountry

        for c in pycountry.countries:
            names = [c.alpha_3, c.name]
            for attr in ("official_name", "common_name"):
                if hasattr(c, attr):
                    names.append(getattr(c, attr))
            self._add(Entry(c.alpha_2, getattr(c, "common_name", c.name), "country", tuple(names)))
        # Kosovo has a user-assigned code (XK) that pycountry lacks; agreements name it often.
        self._add(Entry("XK", "Kosovo", "country", ("Kosovo",)))

    def load_dir(self, folder: Path) -> None:
        """Merge the registry files of one corpus folder (`registries/`) over what is loaded."""
        files = {
            "countries.yaml": self._load_country_aliases,
            "groups.yaml": lambda d: self._load_entries(d, "groups", "group"),
            "regions.yaml": lambda d: self._load_entries(d, "regions", "region"),
            "agencies.yaml": lambda d: self._load_entries(d, "agencies", "agency"),
        }
        for name, loader in files.items():
            path = folder / name
            if path.is_file():
                from compare.yamlnodes import load_data

                data = load_data(path) or {}
                if not isinstance(data, dict):
                    raise ValueError(f"{path}: the top level must be a mapping")
                try:
                    loader(data)
                except (KeyError, TypeError, AttributeError) as exc:
                    raise ValueError(
                        f"{path}: not a registry of the shipped shape ({exc!r})"
                    ) from None

    def _load_country_aliases(self, data: dict) -> None:
        for code, names in (data.get("aliases") or {}).items():
            code = str(code)
            if ("country", code) not in self.entries:
                raise ValueError(f"registries/countries.yaml: unknown country code {code!r}")
            table = self._names["country"]
            for n in names or ():
                # The curated aliases win over pycountry's names (UK is GB, not Ukraine's UA).
                table[norm(str(n))] = code

    def _load_entries(self, data: dict, key: str, kind: str) -> None:
        for item in data.get(key) or ():
            entry = Entry(
                id=str(item["id"]),
                name=str(item.get("name", item["id"])),
                kind=kind,
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                members=tuple(str(m) for m in item.get("members") or ()),
                country=item.get("country"),
                note=item.get("note"),
            )
            self._add(entry)

    # -- resolving ----------------------------------------------------------------------------

    def lookup(self, kind: str, text: str) -> str | None:
        """The canonical id of `text` as a `kind`, or None."""
        if kind == "country" and len(text) == 2 and ("country", text) in self.entries:
            return text
        return self._names[kind].get(norm(text))

    def place(self, text: str) -> tuple[str, str] | None:
        """A country, group or region: (kind, id)."""
        for kind in ("country", "group", "region"):
            found = self.lookup(kind, text)
            if found:
                return kind, found
        return None

    def expand(self, code: str) -> tuple[str, ...]:
        """A group id to its member countries; a country to itself."""
        group = self.entries.get(("group", code))
        return group.members if group else (code,)

    def suggest(self, kinds: tuple[str, ...], text: str, limit: int = 3) -> list[str]:
        """Nearest known names, for 'did you mean' messages."""
        from rapidfuzz import fuzz, process

        key = norm(text)
        choices: dict[str, str] = {}
        for kind in kinds:
            for name, eid in self._names[kind].items():
                choices.setdefault(name, eid)
        hits = process.extract(
            key, list(choices), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=70
        )
        out: list[str] = []
        best = hits[0][1] if hits else 0
        for name, score, _ in hits:
            if score < best - 8:
                break
            eid = choices[name]
            if eid not in out:
                out.append(eid)
        return out[:limit]

    def name(self, code: str) -> str:
        """A readable name for any id: country, group, region or agency."""
        for kind in ("country", "group", "region", "agency"):
            entry = self.entries.get((kind, code))
            if entry:
                return entry.name
        return code

    def kind_of(self, code: str) -> str | None:
        for kind in ("country", "group", "region", "agency"):
            if (kind, code) in self.entries:
                return kind
        return None

    def ids(self, kind: str) -> list[str]:
        return [eid for (k, eid) in self.entries if k == kind]

    def region_members(self, region: str) -> tuple[str, ...]:
        entry = self.entries.get(("region", region))
        return entry.members if entry else ()
