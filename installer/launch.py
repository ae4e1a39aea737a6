"""The frozen bundle's entry point (installer/branch-console.spec): the same `console.cli:main` as
the `branch-console` command of a pip install."""

import sys

# Alembic loads the migration scripts from their files: never leave byte-code beside them in the
# installed bundle (it would outlive the package's removal).
sys.dont_write_bytecode = True

from console.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
