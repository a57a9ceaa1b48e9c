"""The one seeded generator of synthetic corpora that every benchmark uses.

Output is valid against our loader: real theme ids from the shipped taxonomy, agency ids from the shipped
registries, ISO country codes, and policy wording assembled from a fixed vocabulary. The same seed gives
the same bytes. YAML is written as text (not through yaml.dump) so 100,000 commitments take seconds.

    generate(out_dir, n_commitments, per_file=100, seed=0) -> out_dir    # out_dir/agreements/*.yaml
    corpus(n_commitments, per_file=100, seed=0) -> Path                  # the same, cached on disk
    texts(n, seed=0) -> list[str]                                        # commitment-like texts
    paired_agreements(out_dir, n=5000, seed=0) -> (path_a, path_b)       # for the diff benchmark
    QUERY_MIX                                                            # for the search benchmark
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import tempfile
from pathlib import Path

# Bump when the output for a given seed changes, so cached corpora are rebuilt.
GENERATOR_VERSION = 1

COUNTRIES = (
    "GB FR DE IT ES NL BE PL GR AT SE DK IE PT MT CY HU RO BG HR SI CZ US CA JP AU NZ NO CH TR MA "
    "TN LY EG DZ NG NE ML SN GM GH ER ET SD SO IQ IR AF PK SY LB JO AL RS MK BA ME VN IN BD LK TH MY "
    "ID MX GT HN SV CO EC BR"
).split()
GROUPS = ("G7", "EU")
REGIONS = (
    "europe",
    "western-balkans",
    "mediterranean",
    "north-africa",
    "sub-saharan-africa",
    "middle-east",
    "southeast-asia",
    "latin-america",
    "english-channel",
)
CURRENCIES = ("EUR", "GBP", "USD", "CAD", "JPY")
KINDS = {
    "action-plan": "political",
    "declaration": "political",
    "summit-outcome": "political",
    "communique": "political",
    "mou": "non-binding",
    "protocol": "binding",
    "treaty": "binding",
    "convention": "binding",
}
KIND_WORDS = {
    "action-plan": "Action Plan",
    "declaration": "Declaration",
    "summit-outcome": "Summit Outcome",
    "communique": "Communique",
    "mou": "Memorandum of Understanding",
    "protocol": "Protocol",
    "treaty": "Treaty",
    "convention": "Convention",
}
CITIES = (
    "London Rome Paris Berlin Madrid Valletta Rabat Tunis Vienna Warsaw Athens Brussels Dublin Lisbon "
    "Ottawa Tokyo Canberra Oslo Bern Ankara Cairo Niamey Dakar Accra Baghdad Amman Tirana Belgrade "
    "Skopje Sarajevo Hanoi Bangkok Jakarta Mexico Bogota Brasilia Lima Palermo Calais Lampedusa"
).split()
TOPICS = (
    "Migrant Smuggling",
    "Organised Immigration Crime",
    "Border Security",
    "Irregular Migration",
    "Returns and Readmission",
    "Protection of Migrants",
    "Maritime Safety",
    "Criminal Finance",
    "Document Fraud",
    "Safe and Legal Routes",
)
PUBLISHERS = (
    "Council of the European Union",
    "Home Office",
    "Ministry of the Interior",
    "United Nations",
    "Presidency of the Council",
    "Federal Foreign Office",
    "G7 Research Group",
)

SUBJECTS = (
    "The parties",
    "Participating states",
    "Each party",
    "The signatories",
    "The ministers",
    "Member states",
    "The participants",
    "Interior ministers",
    "National authorities",
    "Partner governments",
)
# Modal -> declared strength (None: leave it to inference).
MODALS = (
    ("shall", "obligation"),
    ("will", "commitment"),
    ("commit to", "commitment"),
    ("undertake to", "commitment"),
    ("agree to", "commitment"),
    ("resolve to", "commitment"),
    ("intend to", "intent"),
    ("aim to", "intent"),
    ("should", "encouragement"),
    ("are encouraged to", "encouragement"),
)
VERBS = (
    "strengthen",
    "expand",
    "establish",
    "support",
    "coordinate",
    "fund",
    "develop",
    "improve",
    "deploy",
    "share",
    "increase",
    "dismantle",
    "disrupt",
    "investigate",
    "train",
    "review",
    "promote",
    "finance",
    "launch",
    "reinforce",
)
# Object phrases, each with the theme it most belongs to.
OBJECTS = (
    ("joint investigation teams against smuggling networks", "criminal-networks"),
    ("operations that target the leaders of organised crime groups", "criminal-networks"),
    ("national offences for the smuggling of migrants", "criminalisation"),
    ("penalties for those who profit from irregular crossings", "criminalisation"),
    ("financial investigations into the proceeds of smuggling", "illicit-finance"),
    ("the seizure and confiscation of criminal assets", "illicit-finance"),
    ("controls on the sale of small boats and engines", "supply-chains"),
    ("work with manufacturers and suppliers of maritime equipment", "supply-chains"),
    ("the removal of online advertisements for crossings", "online-facilitation"),
    ("cooperation with social media platforms", "online-facilitation"),
    ("operational cooperation between police and border guards", "law-enforcement-cooperation"),
    ("joint patrols and coordinated operations", "law-enforcement-cooperation"),
    ("a network of liaison officers", "officer-deployment"),
    ("the secondment of specialist investigators", "officer-deployment"),
    ("the exchange of intelligence on routes and methods", "intelligence-sharing"),
    ("real-time information sharing between agencies", "intelligence-sharing"),
    ("mutual legal assistance and extradition procedures", "judicial-cooperation"),
    ("cooperation between prosecutors and courts", "judicial-cooperation"),
    ("surveillance at external land and sea borders", "border-security"),
    ("detection capacity at border crossing points", "border-security"),
    ("the security of travel and identity documents", "document-security"),
    ("checks that detect forged and fraudulently obtained documents", "document-security"),
    ("search and rescue capacity at sea", "maritime"),
    ("the interception of unseaworthy vessels", "maritime"),
    ("the return of people with no right to stay", "returns"),
    ("readmission arrangements with countries of origin", "returns"),
    ("assistance and protection for smuggled migrants", "protection"),
    ("safeguards for children and victims of exploitation", "protection"),
    ("information campaigns on the dangers of irregular journeys", "prevention-awareness"),
    ("awareness programmes in communities of origin", "prevention-awareness"),
    ("safe and legal pathways for work and study", "regular-pathways"),
    ("resettlement places for people in need of protection", "regular-pathways"),
    ("partnerships with countries of origin and transit", "origin-transit-cooperation"),
    ("development cooperation that addresses root causes", "origin-transit-cooperation"),
    ("training and equipment for partner authorities", "capacity-building"),
    ("technical assistance to border and coast guard agencies", "capacity-building"),
    ("the collection of data on smuggling and migration flows", "data-research"),
    ("research into the business model of smugglers", "data-research"),
    ("dedicated funding for joint projects", "funding"),
    ("a multi-year financing instrument", "funding"),
)
PLACES = (
    "along the central Mediterranean route",
    "in countries of origin and transit",
    "at external land borders",
    "in the Western Balkans",
    "across the English Channel",
    "along the Atlantic route",
    "in North Africa and the Sahel",
    "on the eastern Mediterranean route",
    "in the Horn of Africa",
    "in Southeast Asia",
    "across Latin America",
    "in major ports and airports",
)
PARTNERS = (
    ("together with Europol", "europol"),
    ("in cooperation with Frontex", "frontex"),
    ("with the support of UNODC", "unodc"),
    ("alongside INTERPOL", "interpol"),
    ("working with Eurojust", "eurojust"),
    ("with the International Organization for Migration", "iom"),
    ("with the help of UNHCR", "unhcr"),
    ("through the National Crime Agency", "nca"),
    ("with Border Force", "border-force"),
    ("under the lead of the Home Office", "home-office"),
    ("with civil society organisations", None),
    ("with the private sector", None),
)
PURPOSES = (
    "to disrupt the business model of smuggling gangs",
    "in order to save lives at sea",
    "so that victims receive timely protection",
    "to bring offenders to justice",
    "to reduce dangerous irregular crossings",
    "to deny criminals the profits of their trade",
    "so that migrants are treated with dignity",
    "to prevent the exploitation of vulnerable people",
    "to improve the evidence base for policy",
    "to make returns faster and fairer",
)
TIMES = (
    "by the end of next year",
    "within twelve months",
    "over the next three years",
    "on a regular basis",
    "as a matter of priority",
    "before the next ministerial meeting",
    "without delay",
    "each year",
)
# Rare words give narrow queries a small, non-empty answer.
RARE = (
    "including hawala transfers",
    "including outboard engines and inflatable dinghies",
    "including payments in cryptocurrency",
    "using biometric enrolment",
    "through forensic document examination",
    "including livestreamed advertisements",
)

# Paraphrase: synonyms first, then a clause moved to the front. Every verb of VERBS has one, so a
# paraphrase always differs from its original.
SYNONYMS = {
    "strengthen": "reinforce",
    "reinforce": "strengthen",
    "expand": "broaden",
    "establish": "set up",
    "support": "back",
    "coordinate": "align",
    "develop": "build",
    "improve": "enhance",
    "increase": "raise",
    "dismantle": "break up",
    "disrupt": "disable",
    "share": "exchange",
    "investigate": "examine",
    "train": "educate",
    "promote": "encourage",
    "launch": "start",
    "deploy": "station",
    "fund": "finance",
    "finance": "fund",
    "review": "assess",
    "vessels": "boats",
    "arrangements": "agreements",
    "faster": "quicker",
    "smuggling": "people-smuggling",
    "networks": "gangs",
    "cooperation": "collaboration",
    "information": "intelligence",
    "assistance": "help",
    "dangerous": "perilous",
    "people": "persons",
    "partner": "partnering",
    "funding": "finance",
    "protection": "safeguarding",
}

# Search queries: narrow words, typos absent from the corpus, broad words, facets, prefixes and the
# fzf-style operators. Fixed, so results compare across runs.
QUERY_MIX = (
    "hawala",
    "cryptocurrency",
    "outboard engines",
    "forensic document",
    "smugglign",
    "extradtion",
    "intellgence",
    "finacial investigations",
    "smuggling",
    "border",
    "cooperation",
    "information sharing",
    "protection for migrants",
    "country:fr",
    "theme:returns",
    "country:it smuggling",
    "b",
    "e",
    "sm",
    "ex",
    "'frontex",
    "^readmission",
    "border !maritime",
    "returns | readmission",
)
# The typos of QUERY_MIX: none of these strings occurs anywhere in a generated corpus.
QUERY_TYPOS = ("smugglign", "extradtion", "intellgence", "finacial")

_FOLD = 96  # wrap long texts as folded blocks, as the shipped files do


# -- vocabulary from the shipped corpus --------------------------------------------------------


def _shipped_ids() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Theme ids of the shipped taxonomy and agency ids of the shipped registries, sorted."""
    import yaml

    from compare.load import shipped_root

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader  # type: ignore[assignment]

    root = shipped_root()
    themes: set[str] = set()
    for path in sorted((root / "themes").glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}
        themes.update(str(t["id"]) for t in data.get("themes") or ())
    data = yaml.load((root / "registries" / "agencies.yaml").read_text("utf-8"), Loader=Loader)
    agencies = {str(a["id"]) for a in (data or {}).get("agencies") or ()}
    return tuple(sorted(themes)), tuple(sorted(agencies))


class _Vocab:
    def __init__(self) -> None:
        self.themes, self.agencies = _shipped_ids()
        if not self.themes:
            raise RuntimeError("the shipped taxonomy has no themes")
        known = set(self.themes)
        self.objects = tuple(
            (phrase, theme if theme in known else self.themes[i % len(self.themes)])
            for i, (phrase, theme) in enumerate(OBJECTS)
        )
        have = set(self.agencies)
        self.partners = tuple((p, a if a in have else None) for p, a in PARTNERS)

    def digest(self) -> str:
        text = "|".join(self.themes) + "#" + "|".join(self.agencies)
        return hashlib.sha1(text.encode()).hexdigest()[:10]


_VOCAB: _Vocab | None = None


def _vocab() -> _Vocab:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = _Vocab()
    return _VOCAB


# -- texts -------------------------------------------------------------------------------------


def _commitment(rng: random.Random, v: _Vocab) -> dict:
    """One commitment's text and the facts that go with it."""
    subject = rng.choice(SUBJECTS)
    modal, strength = rng.choice(MODALS)
    verb = rng.choice(VERBS)
    obj, theme = rng.choice(v.objects)
    extras = []
    agencies: list[str] = []
    if rng.random() < 0.5:
        partner, agency = rng.choice(v.partners)
        extras.append(partner)
        if agency:
            agencies.append(agency)
    extras.append(rng.choice(PLACES))
    if rng.random() < 0.06:
        extras.append(rng.choice(RARE))
    extras.append(rng.choice(PURPOSES))
    rng.shuffle(extras)
    if rng.random() < 0.5:
        extras.append(rng.choice(TIMES))
    text = f"{subject} {modal} {verb} {obj}"
    for part in extras:
        if len(text) + len(part) + 2 > 248:
            break
        text += (", " if part in PURPOSES else " ") + part
    while len(text) < 150:
        verb2 = rng.choice(VERBS)
        obj2, _ = rng.choice(v.objects)
        text += f", and {verb2} {obj2}"
    if len(text) > 249:
        text = text[:249].rsplit(" ", 1)[0].rstrip(",")
    head = next((w for w in obj.split() if len(w) > 3), "item")
    slug = re.sub(r"[^a-z0-9]+", "-", f"{verb}-{head}".lower()).strip("-")
    return {
        "text": text + ".",
        "slug": slug,
        "theme": theme,
        "strength": strength,
        "agencies": agencies,
    }


def texts(n: int, seed: int = 0) -> list[str]:
    """n commitment-like texts of about 150-250 characters."""
    rng = random.Random(f"texts:{seed}")
    v = _vocab()
    return [_commitment(rng, v)["text"] for _ in range(n)]


def typo(word: str, rng: random.Random) -> str:
    """The word with one keyboard slip: a letter dropped, doubled, swapped or replaced."""
    if len(word) < 2:
        return word + rng.choice("aeiou")
    for _ in range(20):
        i = rng.randrange(len(word))
        op = rng.randrange(4)
        if op == 0:
            out = word[:i] + word[i + 1 :]
        elif op == 1:
            out = word[:i] + word[i] + word[i:]
        elif op == 2 and i < len(word) - 1:
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            out = word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1 :]
        if out != word:
            return out
    return word + "x"


def paraphrase(text: str, rng: random.Random) -> str:
    """A close rewording: some words swapped for synonyms, maybe a clause moved to the front."""
    body = text.rstrip(".")
    words = body.split(" ")
    swaps = [i for i, w in enumerate(words) if w.rstrip(",") in SYNONYMS]
    rng.shuffle(swaps)
    for i in swaps[: max(1, len(swaps) // 2)]:
        w = words[i]
        comma = "," if w.endswith(",") else ""
        words[i] = SYNONYMS[w.rstrip(",")] + comma
    body = " ".join(words)
    head, sep, tail = body.rpartition(", ")
    if sep and rng.random() < 0.6 and len(tail) > 10:
        body = tail[0].upper() + tail[1:] + ", " + head[0].lower() + head[1:]
    return body + "."


# -- YAML text ---------------------------------------------------------------------------------


def _fold(text: str, indent: str) -> str:
    """A folded block scalar (>-) wrapped at about _FOLD columns."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > _FOLD:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "".join(f"{indent}{x}\n" for x in lines)


def _flow(items) -> str:
    return "[" + ", ".join(items) + "]"


def _date(rng: random.Random) -> str:
    year = rng.randint(1995, 2025)
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _agreement_yaml(
    rng: random.Random, v: _Vocab, aid: str, count: int, prefix: str = "", items=None
) -> str:
    """One agreement file. items: pre-made commitments (text, facts) instead of fresh ones."""
    kind = rng.choice(tuple(KINDS))
    city = rng.choice(CITIES)
    topic = rng.choice(TOPICS)
    date = _date(rng)
    if rng.random() < 0.15:
        declared = [rng.choice(GROUPS)] + rng.sample(COUNTRIES, rng.randint(0, 3))
    else:
        declared = rng.sample(COUNTRIES, rng.randint(2, 12))
    parties = [c for c in declared if c not in GROUPS]
    out = [
        f"id: {aid}\n",
        f"title: {city} {KIND_WORDS[kind]} on {topic} {date[:4]}\n",
        f"kind: {kind}\n",
        f"legal_nature: {KINDS[kind]}\n",
        f"date: {date}\n",
        f"place: {city}\n",
        f"parties: {_flow(declared)}\n",
    ]
    if rng.random() < 0.1:
        out.append("parties_complete: false\n")
    n_sources = 1 if rng.random() < 0.7 else 2
    out.append("sources:\n")
    for s in range(1, n_sources + 1):
        out.append(
            f"  - id: s{s}\n"
            f"    title: {topic} {KIND_WORDS[kind]}, {city}, text {s}\n"
            f"    publisher: {rng.choice(PUBLISHERS)}\n"
            f"    date: {date}\n"
            f"    url: https://example.org/{aid}/{s}\n"
        )
    out.append("commitments:\n")
    for j in range(count):
        c = items[j] if items is not None else _commitment(rng, v)
        themes = [c["theme"]]
        for _ in range(rng.randint(0, 2)):
            t = rng.choice(v.themes)
            if t not in themes:
                themes.append(t)
        out.append(f"  - id: {prefix}{c['slug']}-{j + 1:05d}\n")
        out.append("    text: " + _fold(c["text"], "      "))
        out.append(f"    themes: {_flow(themes)}\n")
        if parties and rng.random() < 0.2:
            out.append(f"    actors: {_flow(rng.sample(parties, min(len(parties), 2)))}\n")
        if rng.random() < 0.3:
            places = rng.sample(COUNTRIES, rng.randint(1, 2))
            if rng.random() < 0.3:
                places.append(rng.choice(REGIONS))
            out.append(f"    where: {_flow(places)}\n")
        agencies = list(c["agencies"])
        if v.agencies and rng.random() < 0.3:
            extra = rng.choice(v.agencies)
            if extra not in agencies:
                agencies.append(extra)
        if agencies:
            out.append(f"    agencies: {_flow(agencies)}\n")
        if rng.random() < 0.05:
            amount = rng.randint(1, 500) * 100_000
            out.append(f"    funding: {{amount: {amount}, currency: {rng.choice(CURRENCIES)}}}\n")
        if rng.random() < 0.8:
            out.append(f"    strength: {c['strength']}\n")
        if n_sources > 1:
            out.append(f"    source: s{rng.randint(1, n_sources)}\n")
        if rng.random() < 0.4:
            out.append(f"    ref: paragraph {j + 1}\n")
    return "".join(out)


# -- corpora -----------------------------------------------------------------------------------


def generate(out_dir: Path, n_commitments: int, per_file: int = 100, seed: int = 0) -> Path:
    """Write out_dir/agreements/*.yaml: n_commitments in files of per_file each. Returns out_dir."""
    out_dir = Path(out_dir)
    folder = out_dir / "agreements"
    folder.mkdir(parents=True, exist_ok=True)
    v = _vocab()
    n_files = max(1, -(-n_commitments // per_file))
    width = max(4, len(str(n_files)))
    left = n_commitments
    for i in range(n_files):
        count = min(per_file, left)
        left -= count
        rng = random.Random(f"{seed}:{i}")
        aid = f"synthetic-{i + 1:0{width}d}"
        text = _agreement_yaml(rng, v, aid, count)
        (folder / f"{aid}.yaml").write_text(text, encoding="utf-8")
    return out_dir


def cache_dir() -> Path:
    """Where generated corpora are kept between runs: $ACCORD_BENCH_DIR or the temp folder."""
    chosen = os.environ.get("ACCORD_BENCH_DIR")
    return Path(chosen) if chosen else Path(tempfile.gettempdir()) / "accord-bench"


def corpus(n_commitments: int, per_file: int = 100, seed: int = 0) -> Path:
    """A generated corpus root, reused when one with the same (n, per_file, seed, version) exists."""
    key = f"v{GENERATOR_VERSION}-{_vocab().digest()}-n{n_commitments}-p{per_file}-s{seed}"
    root = cache_dir() / key
    if (root / ".complete").exists():
        return root
    root.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=root.parent))
    generate(work, n_commitments, per_file, seed)
    (work / ".complete").write_text("ok\n")
    try:
        os.replace(work, root)
    except OSError:  # another run finished first: keep theirs
        shutil.rmtree(work, ignore_errors=True)
    return root


def _paired(n: int, seed: int):
    rng = random.Random(f"paired:{seed}")
    v = _vocab()
    a_items = [_commitment(rng, v) for _ in range(n)]
    b_items, truth = [], []
    for i, item in enumerate(a_items):
        if rng.random() < 1 / 3:
            b_items.append({**item, "text": paraphrase(item["text"], rng)})
            truth.append(i)
        else:
            b_items.append(_commitment(rng, v))
    order = list(range(n))
    rng.shuffle(order)  # b lists its commitments in another order
    return a_items, [b_items[k] for k in order], truth, order


def paired_agreements(out_dir: Path, n: int = 5000, seed: int = 0) -> tuple[Path, Path]:
    """Two agreement files of n commitments each that share no ids; about a third of b's
    commitments are close paraphrases of one of a's, the rest unrelated. Returns their paths."""
    folder = Path(out_dir) / "agreements"
    folder.mkdir(parents=True, exist_ok=True)
    a_items, b_items, _, _ = _paired(n, seed)
    v = _vocab()
    paths = []
    for name, prefix, items in (("paired-a", "a-", a_items), ("paired-b", "b-", b_items)):
        rng = random.Random(f"{name}:{seed}")
        path = folder / f"{name}.yaml"
        path.write_text(
            _agreement_yaml(rng, v, name, n, prefix=prefix, items=items), encoding="utf-8"
        )
        paths.append(path)
    return paths[0], paths[1]


def paraphrase_pairs(n: int = 5000, seed: int = 0) -> list[tuple[int, int]]:
    """Ground truth for paired_agreements: (index in a, index in b) of each paraphrased pair."""
    _, _, truth, order = _paired(n, seed)
    where = {k: j for j, k in enumerate(order)}
    return [(i, where[i]) for i in truth]
