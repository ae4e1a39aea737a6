"""The words of the domain's closed vocabularies (console.vocabulary), as the core says them.

`term(value)` is a translatable word for a stored code (an order kind, a state, a role …): pass it
as a parameter of a message, ``T("a {kind} order …", kind=term(order.kind))``, or render it,
``i18n.render(term("complaint"), lang)``. One English word with two meanings carries a context
("open" order vs. "open" finding). No Qt here; the views' own tables are Qt's (views.kit.labels).
"""

from __future__ import annotations

from console.i18n import N_, Text

# (context, code) -> English word. Contexts tell the catalogue apart words spelt alike.
_WORDS: dict[tuple[str, str], str] = {
    # order kinds (R-TIME-1…7)
    ("kind", "general_fault"): N_("general fault"), ("kind", "major_fault"): N_("major fault"),
    ("kind", "installation"): N_("installation"), ("kind", "restoration"): N_("restoration"),
    ("kind", "complaint"): N_("complaint"), ("kind", "inquiry"): N_("inquiry"),
    ("kind", "business"): N_("business"),
    # order states
    ("order status", "waiting_materials"): N_("waiting for materials", "order status"),
    ("order status", "open"): N_("open", "order status"),
    ("order status", "assigned"): N_("assigned", "order status"),
    ("order status", "paused"): N_("paused", "order status"),
    ("order status", "completed"): N_("completed", "order status"),
    # roles
    ("role", "dispatcher"): N_("dispatcher"), ("role", "maintainer"): N_("maintainer"),
    ("role", "inspector"): N_("inspector"), ("role", "manager"): N_("manager"),
    ("role", "admin"): N_("administrator"),
    # channels and priorities (R-TIME-9)
    ("channel", "hotline"): N_("hotline"), ("channel", "counter"): N_("counter"),
    ("channel", "visit"): N_("walk-in visit"), ("channel", "online"): N_("online"),
    ("priority", "normal"): N_("normal", "priority"), ("priority", "important"): N_("important customer"),
    ("priority", "major_complaint"): N_("major complaint"), ("priority", "emergency"): N_("emergency"),
    # callbacks (R-VISIT), plans, findings (R-INSP), notices
    ("callback status", "open"): N_("to call", "callback status"),
    ("callback status", "done"): N_("called back", "callback status"),
    ("callback status", "unreachable"): N_("unreachable", "callback status"),
    ("plan status", "active"): N_("active", "plan status"), ("plan status", "paused"): N_("paused", "plan status"),
    ("plan status", "ended"): N_("ended", "plan status"),
    ("severity", "minor"): N_("minor"), ("severity", "serious"): N_("serious"),
    ("severity", "critical"): N_("critical"),
    ("finding status", "open"): N_("open", "finding status"),
    ("finding status", "rectifying"): N_("rectifying", "finding status"),
    ("finding status", "closed"): N_("verified closed", "finding status"),
    ("notice status", "draft"): N_("draft", "notice status"),
    ("notice status", "published"): N_("published", "notice status"),
    ("branch kind", "city"): N_("city"), ("branch kind", "county"): N_("county"),
    ("area", "urban"): N_("urban"), ("area", "rural"): N_("rural"),
    # major clients' categories (R-VISIT-5)
    ("client category", "hospital"): N_("hospital"), ("client category", "school"): N_("school"),
    ("client category", "hotel"): N_("hotel"), ("client category", "government"): N_("government office"),
    ("client category", "estate"): N_("residential estate"),
}
_CONTEXTED = {"order status", "callback status", "plan status", "finding status", "notice status", "priority"}


def term(code: str, of: str = "kind") -> Text | str:
    """The word for `code` in the vocabulary `of` ("kind", "order status", "role", "severity" …),
    as a Text to render later; an unknown code comes back as it is (data, not a word)."""
    english = _WORDS.get((of, str(code)))
    if english is None:
        return str(code)
    return _word(english, of if of in _CONTEXTED else None)


def _word(english: str, context: str | None) -> Text:
    return Text.__new__(Text, english, context)  # the words are marked N_() above
