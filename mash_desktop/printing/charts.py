"""Bar charts drawn once, with ReportLab's own graphics (GOV-1).

The same ``Drawing`` goes into the Board report PDF (vector) and, rendered to SVG text, onto the
screen (Qt's SVG widget), so the Board sees the same chart in both places with one piece of
drawing code and no charting dependency. Black, greys and one dark red only: it must survive a
black-and-white printer.
"""

from __future__ import annotations

import re

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from mash_desktop.printing.document import Chart
from mash_desktop.printing.fonts import BOLD, REGULAR, register_fonts

BAR_HEIGHT = 14
_SHADES = (colors.Color(0.25, 0.25, 0.25), colors.Color(0.55, 0.55, 0.55))
_WARNING = colors.Color(0.64, 0.0, 0.0)


def chart_drawing(chart: Chart, width: float = 250, with_title: bool = False) -> Drawing:
    """A horizontal bar chart of ``chart``'s rows, labels on the left, values at bar ends.
    The title is usually set above the chart and its table together, so it is left out."""
    register_fonts()
    labels = [label for label, _value in chart.rows] or ["None in the period"]
    values = [value for _label, value in chart.rows] or [0]
    widest = max(stringWidth(_short(t), REGULAR, 7) for t in labels)
    label_room = min(width * 0.55, max(40.0, widest + 8))
    plot_height = BAR_HEIGHT * len(labels)
    height = plot_height + (30 if with_title else 14)
    drawing = Drawing(width, height)
    if with_title:
        drawing.add(String(0, height - 12, chart.title, fontName=BOLD, fontSize=9))
    bars = HorizontalBarChart()
    bars.x, bars.y = label_room, 8
    bars.width, bars.height = width - label_room - 28, plot_height
    bars.data = [values]
    bars.categoryAxis.categoryNames = [_short(t) for t in labels]
    bars.categoryAxis.labels.fontName = REGULAR
    bars.categoryAxis.labels.fontSize = 7
    bars.categoryAxis.labels.boxAnchor = "e"
    bars.categoryAxis.reverseDirection = True  # first row at the top, as in the table
    bars.valueAxis.valueMin = 0
    bars.valueAxis.valueMax = max(1, max(values)) * 1.1
    bars.valueAxis.visible = False
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = REGULAR
    bars.barLabels.fontSize = 7
    bars.barLabels.boxAnchor = "w"
    bars.barLabels.dx = 3
    bars.bars.strokeColor = None
    bars.bars[0].fillColor = _SHADES[0]
    for n, label in enumerate(labels):
        if label in chart.warn:
            bars.bars[(0, n)].fillColor = _WARNING
    bars.barSpacing = 0
    bars.groupSpacing = 3
    drawing.add(bars)
    return drawing


def chart_svg(chart: Chart, width: float = 250) -> str:
    """The chart as SVG text, for the screen (its title shown above it, as on paper).

    SVG Tiny viewers (Qt's) do not clip through a CSS ``clip-path`` and would paint the clip
    rectangle itself, black; the drawing stays inside its box anyway, so the clip goes."""
    svg = str(renderSVG.drawToString(chart_drawing(chart, width)))
    svg = re.sub(r"<clipPath id=\"clip\">.*?</clipPath>", "", svg, flags=re.S)
    return svg.replace(' style="clip-path: url(#clip)"', "")


def _short(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
