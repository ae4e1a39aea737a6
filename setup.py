"""The package list, which pyproject.toml cannot say on its own: every `console*` package as found,
plus the repository's top-level `resources/` folder (report labels, Qt translations, the map's
offline web assets) shipped *inside* the console's namespace as `console.resources`. Every other
setting is in pyproject.toml. The same mapping serves the editable install (`./run`, `./test`), a
wheel and installer/build's frozen bundle; nothing named `resources` lands at the top of
site-packages."""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["console", "console.*"]) + ["console.resources"],
    package_dir={"console.resources": "resources"},
)
