"""The compiled half of the glossary matcher (everything else is in pyproject.toml).

``translate_cli/glossary/_kernel.c`` is optional: where it cannot be built (no C compiler),
the install goes on and matching uses the same passes in Python
(``translate_cli/glossary/kernel.py``), about 1.5 times slower on a long article.
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
