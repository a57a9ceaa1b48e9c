"""Safe YAML to located nodes, and the checks every field shares.

We compose (never construct) with libyaml, then read the node tree ourselves. That gives every value its
line and column, catches duplicate keys (PyYAML silently keeps the last), keeps `NO` a string where a string
is expected, and means no tag can ever build an object: only standard tags are accepted at all.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from itertools import accumulate, chain
from operator import sub

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compare.model import PartialDate, Problem

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader  # type: ignore[assignment]

_STD = "tag:yaml.org,2002:"


class _Composer(Loader):
    """Loader whose implicit tags are remembered: a plain scalar's tag depends only on its text, and
    a corpus repeats the same short values (keys, codes, ids) hundreds of thousands of times."""

    _tags: dict[str, str] = {}

    def resolve(self, kind, value, implicit):
        if kind is not ScalarNode or not implicit[0]:
            return super().resolve(kind, value, implicit)
        tag = self._tags.get(value)
        if tag is None:
            if value and value[0] not in self.yaml_implicit_resolvers:
                tag = self.DEFAULT_SCALAR_TAG  # no implicit resolver starts with this letter
            else:
                tag = super().resolve(kind, value, implicit)
            if len(value) <= 64:
                if len(self._tags) > 100_000:
                    self._tags.clear()
                self._tags[value] = tag
        return tag


SAFE_TAGS = {
    _STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq", "binary")
}
# ASCII digits only: int() would quietly read Arabic-Indic or other digits.
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_NUMBER = re.compile(r"^[+-]?(\d[\d_]*)(\.\d+)?([eE][+-]?\d+)?$", re.ASCII)


def node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return "a value"


class Reader:
    """Walks nodes of one file, recording every problem rather than stopping at the first."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, path: str, message: str) -> None:
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.file, line, col, path, message))

    def _tag_ok(self, node: Node, path: str) -> bool:
        if node.tag in SAFE_TAGS:
            return True
        self.problem(node, path, f"YAML tag {node.tag.replace(_STD, '!!')} is not allowed")
        return False

    def mapping(
        self, node: Node, path: str, known: Iterable[str], required: Iterable[str] = ()
    ) -> dict[str, Node] | None:
        if not self._tag_ok(node, path):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, path, f"expected a mapping, found {node_kind(node)}")
            return None
        known = tuple(known)
        out: dict[str, Node] = {}
        for key_node, value in node.value:
            here = f"{path}.{key_node.value}" if path else str(key_node.value)
            if not isinstance(key_node, ScalarNode) or key_node.tag == _STD + "merge":
                self.problem(key_node, path or "(top)", "keys must be plain names")
                continue
            key = key_node.value
            if key in out:
                line = out[key].start_mark.line + 1
                self.problem(key_node, here, f"duplicate key (first given on line {line})")
                continue
            if key not in known:
                self.problem(key_node, here, f"unknown field{did_you_mean(key, known)}")
                continue
            out[key] = value
        for key in required:
            if key not in out:
                self.problem(node, f"{path}.{key}" if path else key, "required field is missing")
        return out

    def seq(self, node: Node, path: str) -> list[Node]:
        if not self._tag_ok(node, path):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, path, f"expected a list, found {node_kind(node)}")
            return []
        return node.value

    def text(self, node: Node, path: str, *, allow_empty: bool = False) -> str | None:
        """A string, taken as written: `NO` stays "NO" and 2024-10-04 stays text."""
        if not self._tag_ok(node, path):
            return None
        if not isinstance(node, ScalarNode):
            self.problem(node, path, f"expected text, found {node_kind(node)}")
            return None
        if node.tag == _STD + "null" and node.style is None and node.value in ("", "~", "null"):
            if allow_empty:
                return None
            self.problem(node, path, "expected text, found nothing")
            return None
        value = node.value
        if not allow_empty and not value.strip():
            self.problem(node, path, "must not be empty")
            return None
        return value

    def texts(self, node: Node, path: str) -> list[tuple[str, Node, str]]:
        """A list of strings, each with its node and path."""
        out = []
        for i, item in enumerate(self.seq(node, path)):
            here = f"{path}[{i}]"
            value = self.text(item, here)
            if value is not None:
                out.append((value, item, here))
        return out

    def boolean(self, node: Node, path: str) -> bool | None:
        value = self.text(node, path)
        if value is None:
            return None
        if value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.problem(node, path, f"expected true or false, found {value!r}")
        return None

    def number(self, node: Node, path: str) -> int | float | None:
        value = self.text(node, path)
        if value is None:
            return None
        m = _NUMBER.match(value.strip())
        if not m:
            self.problem(node, path, f"expected a number, found {value!r}")
            return None
        clean = value.strip().replace("_", "")
        try:
            number = float(clean) if (m.group(2) or m.group(3)) else int(clean)
        except ValueError:  # more digits than int() will read
            number = math.inf
        if not math.isfinite(number):
            shown = clean if len(clean) <= 24 else clean[:20] + "…"
            self.problem(node, path, f"number {shown} is too large")
            return None
        return number

    def date(self, node: Node, path: str) -> PartialDate | None:
        """YYYY, YYYY-MM or YYYY-MM-DD: partial dates are facts we know only so far."""
        value = self.text(node, path)
        if value is None:
            return None
        m = _DATE.match(value.strip())
        if not m:
            self.problem(
                node, path, f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {value!r}"
            )
            return None
        y, mo, d = (int(g) if g else None for g in m.groups())
        import calendar

        if mo is not None and not 1 <= mo <= 12:
            self.problem(node, path, f"invalid month in {value!r}")
            return None
        if d is not None and not 1 <= d <= calendar.monthrange(y, mo)[1]:
            self.problem(node, path, f"invalid day in {value!r}")
            return None
        return PartialDate(y, mo, d)

    def choice(self, node: Node, path: str, choices: Iterable[str]) -> str | None:
        value = self.text(node, path)
        choices = tuple(choices)
        if value is not None and value not in choices:
            hint = did_you_mean(value, choices) or f" (one of: {', '.join(choices)})"
            self.problem(node, path, f"unknown value {value!r}{hint}")
            return None
        return value


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    from rapidfuzz import fuzz, process

    hit = process.extractOne(str(word), list(choices), scorer=fuzz.ratio, score_cutoff=60)
    return f" (did you mean {hit[0]!r}?)" if hit else ""


# A tag can only start where a token starts; most files have none, so one regex scan spares a walk.
_MAYBE_TAG = re.compile(r"(?:^|[\s\[{,:?-])!", re.MULTILINE)


def foreign_tags(root: Node, file: str) -> list[Problem]:
    """Every node with a tag outside the safe set, wherever it sits (unknown fields included)."""
    problems, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # aliases share nodes: visit each once, so alias bombs stay linear
        seen.add(id(node))
        if node.tag not in SAFE_TAGS:
            m = node.start_mark
            tag = node.tag.replace(_STD, "!!")
            problems.append(
                Problem(file, m.line + 1, m.column + 1, "", f"YAML tag {tag} is not allowed")
            )
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.extend((k, v))
    return problems


# libyaml's composer recurses in C and crashes the process on very deep nesting (seen at 100,000
# levels). Files that might nest deeply are first tokenised (libyaml's scanner does not recurse) and
# refused, located, once they pass MAX_DEPTH; stopping there also spares the scanner's cost, which
# grows with the square of the flow depth. Agreement files nest about six levels.
_BRACKETS = re.compile(r"[\[\]{}]")
_BLOCK_DEEP = re.compile(r"^[ ]{200,}|(?:[-?][ \t]+){32}", re.MULTILINE)
# Cheap necessary conditions for _BLOCK_DEEP, which is slow to scan (it tries at every '-').
_DASH_PAIR = re.compile(r"[-?][ \t]+[-?]")
MAX_FLOW_DEPTH = 64


# _DASH_PAIR split by its first blank, so each regex starts with a literal the engine finds fast.
_DASH_SPACE = re.compile(r"- [ \t]*[-?]")
_MARK_TAB = re.compile(r"[-?]\t[ \t]*[-?]")
_QUERY_SPACE = re.compile(r"\? [ \t]*[-?]")
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1
_NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")


def _flow_depth(text: str) -> int:
    """The deepest bracket nesting (or just the number of brackets, when too few to matter), never
    counting below zero: closing brackets in a quoted string must not hide real depth after them.
    In C-speed passes: with S the running sum of +1/-1 steps from 0, the depth at each point is S
    minus the lowest S so far."""
    brackets = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    if len(brackets) <= MAX_FLOW_DEPTH:
        return len(brackets)
    sums = list(accumulate(chain((0,), map(_STEP.__getitem__, brackets))))
    return max(map(sub, sums, accumulate(sums, min)))


def _dash_pair(text: str) -> bool:
    return bool(
        _DASH_SPACE.search(text)
        or ("\t" in text and _MARK_TAB.search(text))
        or ("?" in text and _QUERY_SPACE.search(text))
    )


def _may_nest_deeply(text: str) -> bool:
    if _flow_depth(text) > MAX_FLOW_DEPTH:
        return True
    if " " * 200 not in text and not _dash_pair(text):
        return False
    return bool(_BLOCK_DEEP.search(text))


# Aliases can make a small file read as a huge one ("billion laughs"): the reader would walk, and
# report problems for, every repeat. Files whose aliases multiply their size are refused.
_MAYBE_ALIAS = re.compile(r"(?:^|[\s\[{,:?-])\*[^\s,\[\]{}]", re.MULTILINE)
MAX_ALIAS_GROWTH = 10
ALIAS_SLACK = 10_000


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return node.value
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def expansion(root: Node) -> tuple[int, int]:
    """(nodes written, nodes as read with every alias repeated), in linear time; a cycle counts once."""
    size: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size.get(id(c), 1) for c in _children(node))
        elif key not in size and key not in open_:
            open_.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node))
    return len(size), size[id(root)]


# Characters YAML forbids in a stream (libyaml stops at the first with a message spanning lines).
_FORBIDDEN = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _forbidden_character(text: str, file: str) -> Problem:
    m = _FORBIDDEN.search(text)
    if m is None:  # pragma: no cover - libyaml and this pattern agree
        return Problem(file, 1, 1, "", "YAML error: a character YAML does not allow")
    before = text[: m.start()]
    breaks = list(_BREAK.finditer(before))
    line = len(breaks) + 1
    col = m.start() - (breaks[-1].end() if breaks else 0) + 1
    code = ord(m.group())
    kind = "control character" if code < 0x20 or 0x7F <= code < 0xA0 else "character"
    return Problem(
        file,
        line,
        col,
        "",
        f"{kind} U+{code:04X} is not allowed in YAML "
        "(remove it, or write it as an escape inside double quotes)",
    )


_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)
MAX_DEPTH = 100


def _too_deep(text: str, file: str) -> Problem | None:
    depth = 0
    for token in yaml.scan(text, Loader=Loader):
        if isinstance(token, _OPEN):
            depth += 1
            if depth > MAX_DEPTH:
                m = token.start_mark
                message = f"YAML nests more than {MAX_DEPTH} levels deep: not an agreement file"
                return Problem(file, m.line + 1, m.column + 1, "", message)
        elif isinstance(token, _CLOSE):
            depth -= 1
    return None


def compose(text: str, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse to one node tree; a syntax error or a tag outside the safe set becomes a located problem."""
    try:
        if _may_nest_deeply(text):
            deep = _too_deep(text, file)
            if deep is not None:
                return None, [deep]
        root = yaml.compose(text, Loader=_Composer)
        # "!" and "*" are rare in agreement files, and `in` is far cheaper than either regex scan.
        if root is not None and "!" in text and _MAYBE_TAG.search(text):
            bad = foreign_tags(root, file)
            if bad:
                return None, bad
        if root is not None and "*" in text and _MAYBE_ALIAS.search(text):
            written, read = expansion(root)
            if read > MAX_ALIAS_GROWTH * written + ALIAS_SLACK:
                message = (
                    f"YAML aliases expand {written:,} nodes to {read:,}: "
                    "refused as an alias bomb (write the values out, or use fewer aliases)"
                )
                return None, [Problem(file, 1, 1, "", message)]
        return root, []
    except yaml.reader.ReaderError:
        return None, [_forbidden_character(text, file)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        return None, [Problem(file, line, col, "", f"YAML syntax error: {' '.join(msg.split())}")]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 1, 1, "", f"YAML error: {' '.join(str(exc).split())}")]


def load_data(path) -> object:
    """A small YAML file of the corpus's own (a registry, the taxonomy) as plain data, behind the
    same guards as agreement files: safe tags only, bounded nesting and aliases. Raises ValueError
    with one located line."""
    file = str(path)
    try:
        with open(path, "rb") as fh:
            text = fh.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{file}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x})") from None
    root, problems = compose(text, file)
    if problems:
        raise ValueError(str(problems[0]))
    if root is None:
        return None
    # compose() refused every tag outside the safe set, so constructing builds only plain data
    return yaml.SafeLoader("").construct_document(root)
