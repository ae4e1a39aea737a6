"""Shared pieces of every view: background ops, settings, dialogs' asks, labels, item-model helpers."""
