"""Which packages the wheel holds, found rather than listed (the rest is in pyproject.toml).

Every package under briefing/ is found by setuptools' discovery, a folder of data files
without an __init__.py (briefing/defaults/) included: a new subpackage cannot be left
out. Two folders sit at the top of the checkout, where users and contributors edit them,
and install inside the package: templates/ as briefing/templates/ (render/options.py's
builtin_templates_dir) and seeds/ as briefing/seeds/ (the sample articles a build reads
when no source is configured, ingest.default_source). Every file of every package folder
is installed with it (pyproject.toml, [tool.setuptools.package-data]).
"""

from setuptools import find_namespace_packages, setup

TOP_LEVEL = {"briefing.templates": "templates", "briefing.seeds": "seeds"}

setup(
    packages=[*find_namespace_packages(include=["briefing", "briefing.*"],
                                       exclude=["*.__pycache__"]),
              *TOP_LEVEL],
    package_dir=TOP_LEVEL,
)
