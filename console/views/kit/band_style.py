"""How SLA bands look: colour, a distinct icon shape and a word — never colour alone."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPixmap, QPolygonF

_TEXT = {
    "ok": QT_TRANSLATE_NOOP("Band", "On track"),
    "watch": QT_TRANSLATE_NOOP("Band", "50%+ used"),
    "risk": QT_TRANSLATE_NOOP("Band", "80%+ at risk"),
    "breached": QT_TRANSLATE_NOOP("Band", "Breached"),
    "waiting": QT_TRANSLATE_NOOP("Band", "Waiting"),
    "paused": QT_TRANSLATE_NOOP("Band", "Paused"),
    "none": QT_TRANSLATE_NOOP("Band", "No limit"),
}
_TIP = {
    "ok": QT_TRANSLATE_NOOP("Band", "Less than 50 % of the time limit used"),
    "watch": QT_TRANSLATE_NOOP("Band", "50–80 % of the time limit used"),
    "risk": QT_TRANSLATE_NOOP("Band", "80–100 % of the time limit used: act now"),
    "breached": QT_TRANSLATE_NOOP("Band", "Past the time limit (R-TIME, feeds R-ACC)"),
    "waiting": QT_TRANSLATE_NOOP("Band", "Waiting for the customer's materials: the clock has not started (R-TIME-0)"),
    "paused": QT_TRANSLATE_NOOP("Band", "Clock paused"),
    "none": QT_TRANSLATE_NOOP("Band", "No time limit for this kind"),
}
COLOURS = {
    "ok": "#d8f0d8", "watch": "#fff1b8", "risk": "#ffd0a0", "breached": "#f7b4b4",
    "waiting": "#dfe7f5", "paused": "#e6e6e6", "none": None,
}
INK = "#1f1f1f"  # text on a band: dark on every band colour, under a dark palette too (≥ 4.5:1)
_SHAPE_COLOUR = {"ok": "#2e7d32", "watch": "#b58900", "risk": "#e65100", "breached": "#c62828",
                 "waiting": "#3f6fb5", "paused": "#757575", "none": "#9e9e9e"}


def band_text(state: str) -> str:
    return QCoreApplication.translate("Band", _TEXT.get(state, state))


def band_tooltip(state: str) -> str:
    return QCoreApplication.translate("Band", _TIP.get(state, state))


@cache
def band_brush(state: str):
    colour = COLOURS.get(state)
    return QBrush(QColor(colour)) if colour else None


@cache
def band_ink(state: str):
    """The text's colour on the band of `state` (None where the band has no colour: the palette's)."""
    return QBrush(QColor(INK)) if COLOURS.get(state) else None


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21; text needs 4.5)."""
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@cache
def bold_font() -> QFont:
    f = QFont()
    f.setBold(True)
    return f


@cache
def band_icon(state: str) -> QIcon:
    """Circle ok, triangle watch, diamond risk, cross breached, square waiting, bars paused."""
    pm = QPixmap(14, 14)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(_SHAPE_COLOUR.get(state, "#9e9e9e"))
    p.setBrush(colour)
    p.setPen(colour)
    if state == "ok":
        p.drawEllipse(2, 2, 10, 10)
    elif state == "watch":
        p.drawPolygon(QPolygonF([QPointF(7, 1), QPointF(13, 12), QPointF(1, 12)]))
    elif state == "risk":
        p.drawPolygon(QPolygonF([QPointF(7, 0), QPointF(14, 7), QPointF(7, 14), QPointF(0, 7)]))
    elif state == "breached":
        pen = p.pen()
        pen.setWidth(3)
        p.setPen(pen)
        p.drawLine(2, 2, 12, 12)
        p.drawLine(12, 2, 2, 12)
    elif state == "waiting":
        p.drawRect(2, 2, 10, 10)
    elif state == "paused":
        p.drawRect(3, 2, 3, 10)
        p.drawRect(8, 2, 3, 10)
    p.end()
    return QIcon(pm)


@cache
def escalation_icon(urgent: bool) -> QIcon:
    """An unacknowledged escalation: the style's warning sign from the dispatcher's rung up, its
    information sign below (a shape, not colour alone)."""
    from PySide6.QtWidgets import QApplication, QStyle

    sp = QStyle.StandardPixmap.SP_MessageBoxWarning if urgent else QStyle.StandardPixmap.SP_MessageBoxInformation
    return QApplication.style().standardIcon(sp)
