"""Imports that lose nothing: customers, districts and staff from .xlsx or
.csv. Every row is checked first; a file with any error imports nothing and the report names
file, sheet, row (header = row 1), column and problem; a good file is written in one
transaction with one audit row. The file is read as a stream: 600,000 rows in flat memory. No Qt.

    report = run_import(store, "customers", "客户.xlsx", branch_id=1, actor_id=7)
    report.ok, report.imported, report.problems
    check_file(store, "customers", "客户.xlsx", branch_id=1)   # the same checks, nothing written
"""

from console.services.imports.apply import check_file, run_import
from console.services.imports.problems import (
    ERROR,
    WARNING,
    ImportReport,
    Problem,
)
from console.services.imports.reader import sheet_names
from console.services.imports.schema import COLUMNS, KINDS

__all__ = ["COLUMNS", "ERROR", "KINDS", "WARNING", "ImportReport", "Problem", "check_file",
           "run_import", "sheet_names"]
