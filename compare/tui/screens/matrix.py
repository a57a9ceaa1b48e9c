"""Matrix: taxonomy themes (or countries, agencies) by agreements, coverage shaded; a cell lists
its commitments."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal
from textual.widgets import DataTable, OptionList, Select, Static
from textual.widgets.option_list import Option

from compare.model import date_order
from compare.tui.screens.base import AccordScreen
from compare.tui.text import join, plain

BY = (("theme", "Themes"), ("country", "Countries"), ("agency", "Agencies"))
MAX_LISTED = 300


class MatrixScreen(AccordScreen):
    MODE = "matrix"
    AUTO_FOCUS = "#matrix"  # focused from the start: no footer rebuilt for a passing focus
    BINDINGS = [
        Binding("b", "cycle_by", "Rows: themes/countries/agencies"),
        Binding("e", "toggle_empty", "Hide empty rows"),
        Binding("o", "open", "Open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result = None
        self.by = "theme"
        self.hide_empty = False

    def body(self) -> ComposeResult:
        with Horizontal(id="m-controls"):
            yield Select(
                [(label, key) for key, label in BY],
                value="theme",
                allow_blank=False,
                id="m-by",
                compact=True,
            )
            yield Static(id="m-legend")
        with Horizontal(id="m-main"):
            yield DataTable(id="matrix", cursor_type="cell", fixed_columns=1)
            yield OptionList(id="m-cell")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#matrix").focus()
        self.compute(self.by)
        # the shades come from the colour theme: redraw them when it changes
        self.watch(self.app, "theme", self.recolour, init=False)

    def recolour(self) -> None:
        if self.result:
            self.show(self.result)

    def set_by(self, by: str) -> None:
        self.query_one("#m-by", Select).value = by

    @on(Select.Changed, "#m-by")
    def by_changed(self, event: Select.Changed) -> None:
        if event.value != Select.NULL and event.value != self.by:
            self.by = event.value
            self.compute(self.by)

    def action_toggle_empty(self) -> None:
        self.hide_empty = not self.hide_empty
        if self.result:
            self.show(self.result)

    def rows(self) -> list[str]:
        r = self.result
        return [row for row in r.rows if r.total(row)] if self.hide_empty else list(r.rows)

    def action_cycle_by(self) -> None:
        keys = [k for k, _ in BY]
        self.set_by(keys[(keys.index(self.by) + 1) % len(keys)])

    @work(thread=True, exclusive=True, group="matrix")
    def compute(self, by: str) -> None:
        from compare.matrix import matrix

        columns = [a.id for a in self.ordered()]
        result = matrix(self.corpus, columns, by=by)
        self.app.call_from_thread(self.show, result)

    def ordered(self):
        return sorted(self.corpus, key=date_order)

    # -- drawing ------------------------------------------------------------------------------

    def row_label(self, key: str) -> str:
        if self.result.by == "theme":
            return self.corpus.taxonomy.label(key)
        name = self.corpus.registry.name(key)
        return f"{name} ({key})" if name != key else key

    def shades(self, top: int):
        """Background colours from the surface to the theme's accent, by count."""
        css = self.app.get_css_variables()
        low = Color.parse(css.get("surface", "#1e1e1e"))
        high = Color.parse(css.get("accent", "#ffa62b"))

        def shade(n: int) -> str:
            if n == 0:
                return "dim"
            t = 0.25 + 0.75 * (n / top if top else 1)
            bg = low.blend(high, t)
            fg = bg.get_contrast_text(1.0)
            return f"{fg.rich_color.name if fg.rich_color.name else fg.hex} on {bg.hex}"

        return shade

    def show(self, result) -> None:
        if result.by != self.by:
            return
        self.result = result
        table = self.query_one("#matrix", DataTable)
        table.clear(columns=True)
        heading = dict(BY)[result.by][:-1] if result.by != "country" else "Country"
        table.add_column(heading, key="_label")
        for n, aid in enumerate(result.columns, 1):
            table.add_column(Text(f"{n:>3}"), key=aid)
        table.add_column(Text("  Σ"), key="_total")
        top = max((len(v) for v in result.cells.values()), default=0)
        shade = self.shades(top)
        for row in self.rows():
            cells = [plain(self.row_label(row))]
            for aid in result.columns:
                n = result.count(row, aid)
                cells.append(Text(f"{n:>3}" if n else "  ·", style=shade(n)))
            cells.append(Text(f"{result.total(row):>3}", style="bold"))
            table.add_row(*cells, key=row)
        legend = Text("columns: ", style="dim")
        for n, aid in enumerate(result.columns, 1):
            legend.append(f"{n} ", style="bold")
            legend.append_text(plain(aid))
            legend.append("  ")
        self.query_one("#m-legend", Static).update(legend)
        if table.row_count and result.columns:
            table.move_cursor(row=0, column=1)
        self.list_cell()

    # -- a cell -------------------------------------------------------------------------------

    def cell_at(self) -> tuple[str, str] | None:
        table = self.query_one("#matrix", DataTable)
        if not self.result or not table.row_count:
            return None
        row, col = table.cursor_coordinate
        rows = self.rows()
        if not 1 <= col <= len(self.result.columns) or row >= len(rows):
            return None
        return rows[row], self.result.columns[col - 1]

    @on(DataTable.CellHighlighted, "#matrix")
    def cell_highlighted(self) -> None:
        self.list_cell()

    @on(DataTable.CellSelected, "#matrix")
    def cell_selected(self) -> None:
        box = self.query_one("#m-cell", OptionList)
        first = next((i for i, o in enumerate(box.options) if o.id), None)
        if first is not None:
            box.focus()
            box.highlighted = first

    def list_cell(self) -> None:
        box = self.query_one("#m-cell", OptionList)
        box.clear_options()
        at = self.cell_at()
        if at is None:
            return
        row, aid = at
        a = self.corpus.agreements[aid]
        ids = self.result.cells.get((row, aid), ())
        head = join([(self.row_label(row), "bold"), " in ", (aid, "bold cyan")])
        head.append(f"\n{len(ids)} commitment{'s' if len(ids) != 1 else ''}", style="dim")
        options = [Option(head, disabled=True)]
        for cid in ids[:MAX_LISTED]:
            c = a.commitment(cid)
            options.append(Option(join([(cid, "cyan"), "  ", c.text]), id=f"{aid}\x00{cid}"))
        if len(ids) > MAX_LISTED:
            options.append(
                Option(Text(f"… and {len(ids) - MAX_LISTED} more", style="dim"), disabled=True)
            )
        box.add_options(options)

    @on(OptionList.OptionSelected, "#m-cell")
    def commitment_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            aid, cid = event.option.id.split("\x00", 1)
            self.app.run_worker(self.app.open_agreement(aid, cid))

    def action_open(self) -> None:
        box = self.query_one("#m-cell", OptionList)
        if self.focused is box and box.highlighted is not None:
            option = box.get_option_at_index(box.highlighted)
        else:
            option = next((o for o in box.options if o.id), None)
        if option is not None and option.id:
            aid, cid = option.id.split("\x00", 1)
            self.app.run_worker(self.app.open_agreement(aid, cid))

    def markdown(self) -> tuple[str, str] | None:
        r = self.result
        if not r:
            return None
        from compare.render.machine import md_escape as e

        out = [f"# Coverage by {r.by}", ""]
        out += [f"{n}. {e(aid)}" for n, aid in enumerate(r.columns, 1)] + [""]
        out.append(
            "| " + " | ".join([r.by, *map(str, range(1, len(r.columns) + 1)), "total"]) + " |"
        )
        out.append("|---|" + "---:|" * (len(r.columns) + 1))
        for row in self.rows():
            counts = [str(r.count(row, aid) or "") for aid in r.columns]
            out.append(
                f"| {e(self.row_label(row))} | " + " | ".join([*counts, str(r.total(row))]) + " |"
            )
        return f"matrix-{r.by}", "\n".join(out) + "\n"
