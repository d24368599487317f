"""The one thing pyproject.toml cannot say: rules/ (at the top of the project, where policy
people edit it) ships inside the wheel as the package data of webapp.rules, so an installed
`weighbridge` finds its rule base. Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["webapp", "webapp.*"]), "webapp.rules"],
    package_dir={"webapp.rules": "rules"},
)
