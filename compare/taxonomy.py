"""The policy-theme taxonomy of a corpus (`themes/*.yaml`).

Called the taxonomy in code because "theme" alone means Textual's colour theme.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from compare.registry import norm


class PolicyTheme(msgspec.Struct, frozen=True, gc=False, array_like=True):
    id: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    parent: str | None = None


class Taxonomy:
    def __init__(self, themes: list[PolicyTheme] | None = None) -> None:
        self.themes: dict[str, PolicyTheme] = {}
        self._names: dict[str, str] = {}
        for t in themes or ():
            self.add(t)

    def add(self, t: PolicyTheme) -> None:
        self.themes[t.id] = t
        for name in (t.id, t.label, *t.aliases):
            self._names[norm(name)] = t.id

    def load_dir(self, folder: Path) -> None:
        """Merge every `*.yaml` of a themes folder: new ids are added, the same id overrides."""
        from compare.yamlnodes import load_data

        for path in sorted(folder.glob("*.yaml")):
            data = load_data(path) or {}
            try:
                self._load_themes(data)
            except (KeyError, TypeError, AttributeError) as exc:
                raise ValueError(
                    f"{path}: not a taxonomy file of the shipped shape ({exc!r})"
                ) from None

    def _load_themes(self, data: dict) -> None:
        for item in data.get("themes") or ():
            self.add(
                PolicyTheme(
                    id=str(item["id"]),
                    label=str(item.get("label", item["id"])),
                    description=str(item.get("description", "")),
                    aliases=tuple(str(a) for a in item.get("aliases") or ()),
                    parent=item.get("parent"),
                )
            )

    def __contains__(self, tid: str) -> bool:
        return tid in self.themes

    def __iter__(self):
        return iter(self.themes.values())

    def __len__(self) -> int:
        return len(self.themes)

    def label(self, tid: str) -> str:
        t = self.themes.get(tid)
        return t.label if t else tid

    def lookup(self, text: str) -> str | None:
        """Exact id, label or alias (case and accents folded)."""
        return self._names.get(norm(text))

    def resolve(self, text: str, cutoff: float = 80) -> str | None:
        """Like lookup, then fuzzily: 'deportaton' finds returns."""
        found = self.lookup(text)
        if found:
            return found
        hits = self.suggest(text, limit=1, cutoff=cutoff)
        return hits[0] if hits else None

    def suggest(self, text: str, limit: int = 3, cutoff: float = 70) -> list[str]:
        from rapidfuzz import fuzz, process

        hits = process.extract(
            norm(text), list(self._names), scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=cutoff
        )
        out: list[str] = []
        for name, _s, _ in hits:
            tid = self._names[name]
            if tid not in out:
                out.append(tid)
        return out[:limit]

    def descendants(self, tid: str) -> set[str]:
        """The theme and every theme below it."""
        out = {tid}
        changed = True
        while changed:
            changed = False
            for t in self.themes.values():
                if t.parent in out and t.id not in out:
                    out.add(t.id)
                    changed = True
        return out

    def order(self) -> list[str]:
        """Ids in reading order: each top-level theme followed by its children."""
        out: list[str] = []

        def visit(tid: str) -> None:
            out.append(tid)
            for t in self.themes.values():
                if t.parent == tid:
                    visit(t.id)

        for t in self.themes.values():
            if not t.parent or t.parent not in self.themes:
                visit(t.id)
        return out
