"""The compiled half of the glossary matcher (everything else is in pyproject.toml).

``translate_cli/glossary/_kernel.c`` is optional: where it cannot be built (no C compiler),
the install goes on and matching uses the same passes in Python
(``translate_cli/glossary/kernel.py``): a 1 MB text against a 50,000-term glossary takes about
0.14 s instead of 0.06 s (``python benchmarks/glossary_match.py [--python]``).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "translate_cli.glossary._kernel",
            ["translate_cli/glossary/_kernel.c"],
            optional=True,
        )
    ]
)
