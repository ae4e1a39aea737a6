"""Exports and imports: the export and import dialogs."""
