"""Qt only here: item models, widgets, dialogs, the background-work helper."""
