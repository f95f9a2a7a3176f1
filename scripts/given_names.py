#!/usr/bin/env python3
"""Write rules/<lang>/given_names.txt: the given names of the countries that write each
language, from Faker's person providers (MIT licence), so that the scorer can tell a person
("Florentino Pérez", "Defence Minister Bill Graham") from a company it does not know.

Faker is needed only here (`pip install -e .[lexicons]`); the extractor reads the files.
Names the gazetteer knows as companies ("Mercedes") are left out.

    python scripts/given_names.py
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOCALES = {
    "en": ["en_US", "en_GB", "en_IE", "en_AU", "en_CA", "en_NZ", "en_IN"],
    "it": ["it_IT", "it_CH"],
    "de": ["de_DE", "de_AT", "de_CH"],
    "fr": ["fr_FR", "fr_CA", "fr_CH", "fr_BE"],
    "es": ["es_ES", "es_MX", "es_CO", "es_AR", "es_CL", "es_CA"],
}


def given_names(locales: list[str]) -> set[str]:
    """Every single-word given name the locales' person providers list."""
    out: set[str] = set()
    for loc in locales:
        try:
            provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        except ModuleNotFoundError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            names = getattr(provider, attr, ())
            if not isinstance(names, (dict, list, tuple, set, frozenset)):
                continue  # a property computed from the lists read here
            for name in names:
                out.update(w for w in name.split() if len(w) > 2 and w[0].isupper())
    return out


def main() -> int:
    import faker

    from pipeline.facts.gazetteer import fold, gazetteer

    known = gazetteer()
    for lang, locales in LOCALES.items():
        names = sorted(n for n in given_names(locales) if fold(n) not in known)
        out = ROOT / "rules" / lang / "given_names.txt"
        head = (f"# Given names of the countries that write '{lang}' ({', '.join(locales)}), from "
                f"Faker {faker.VERSION}'s person providers (MIT licence). Written by "
                "scripts/given_names.py; do not edit by hand.\n")
        out.write_text(head + "\n".join(names) + "\n", encoding="utf-8")
        print(f"wrote {out}: {len(names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
