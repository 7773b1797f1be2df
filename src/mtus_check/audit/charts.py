"""The audit report's pictures, as inline SVG (the report is one self-contained file).

Each picture shows counts, not only shares: an auditor weighs 3 of 3 and 300 of 300 differently.
"""

from __future__ import annotations

import html

RIGHT, WRONG, NONE = "#2e7d32", "#c62828", "#9e9e9e"
COLUMNS = ("predicted overturned (certify)", "predicted upheld", "not predicted")


def _text(x: float, y: float, text: str, size: int = 12, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}"{extra}>{html.escape(text)}</text>'


def confusion_svg(matrix: dict[str, tuple[int, int, int]]) -> str:
    """The confusion matrix as a grid: rows the reviewer's decision, columns the blind prediction;
    each cell shows its count and share of the row, shaded green where the prediction is right,
    red where it is wrong, grey where none was made, darker for a larger share."""
    cell_w, cell_h, left, top = 170, 56, 150, 58
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + 3 * cell_w + 10}" height="{top + 2 * cell_h + 10}" '
        'role="img" aria-label="Confusion matrix: reviewer decision against prediction, with counts">',
        _text(0, 16, "Reviewer's decision against the blind prediction (items)", 14, font_weight="bold"),
    ]
    for j, column in enumerate(COLUMNS):
        parts.append(_text(left + j * cell_w + cell_w / 2, top - 8, column, text_anchor="middle"))
    for i, actual in enumerate(("overturned", "upheld")):
        row = matrix[actual]
        total = sum(row) or 1
        y = top + i * cell_h
        parts.append(_text(0, y + cell_h / 2 + 4, f"reviewer {actual} ({sum(row)})"))
        right_column = 0 if actual == "overturned" else 1
        for j, count in enumerate(row):
            colour = NONE if j == 2 else RIGHT if j == right_column else WRONG
            share = count / total
            x = left + j * cell_w
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 4}" height="{cell_h - 4}" fill="{colour}" '
                f'fill-opacity="{0.12 + 0.75 * share:.2f}" stroke="#666"/>'
            )
            fill = "#fff" if share > 0.55 else "#111"
            parts.append(_text(x + cell_w / 2 - 2, y + cell_h / 2 + 2, f"{count}", 16, text_anchor="middle", fill=fill))
            parts.append(
                _text(x + cell_w / 2 - 2, y + cell_h / 2 + 18, f"{100 * share:.0f}% of row", 10, text_anchor="middle",
                      fill=fill)
            )  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def groups_svg(title: str, rows: list[tuple[str, int, int, int]]) -> str:
    """One stacked bar per group (name, right, wrong, not predicted), bar length the item count,
    so a group's weight is seen beside how it went; each segment labelled with its count."""
    label_w, bar_w, row_h = 190, 380, 22
    most = max((sum(r[1:]) for r in rows), default=0) or 1
    height = 52 + row_h * len(rows)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 90}" height="{height}" role="img" '
        f'aria-label="{html.escape(title)}">',
        _text(0, 16, title, 14, font_weight="bold"),
    ]
    for k, (name, colour) in enumerate((("predicted right", RIGHT), ("wrong", WRONG), ("not predicted", NONE))):
        key_x = label_w + 130 * k
        parts.append(f'<rect x="{key_x}" y="24" width="12" height="12" fill="{colour}"/>')
        parts.append(_text(key_x + 16, 34, name, 11))
    for i, (name, *counts) in enumerate(rows):
        y = 44 + row_h * i
        parts.append(_text(0, y + 14, name[:30]))
        x = float(label_w)
        for count, colour in zip(counts, (RIGHT, WRONG, NONE), strict=True):
            width = bar_w * count / most
            if count:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{row_h - 5}" fill="{colour}"/>')
                if width >= 18:
                    parts.append(_text(x + width / 2, y + 13, str(count), 11, text_anchor="middle", fill="#fff"))
            x += width
        total = sum(counts)
        parts.append(_text(x + 6, y + 13, f"{total} item{'' if total == 1 else 's'}", 11))
    parts.append("</svg>")
    return "".join(parts)
