"""The callback workbench and the callback coverage view (R-VISIT)."""
