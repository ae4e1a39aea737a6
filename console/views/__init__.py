"""Qt only here: the shell, the feature views, item models, widgets, dialogs, the background ops."""
