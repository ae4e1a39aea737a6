"""Excel writers for leadership (openpyxl). No Qt."""
