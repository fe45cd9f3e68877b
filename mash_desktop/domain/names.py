"""Names as people type them, and as matching compares them (RQ-3, RQ-8).

Three layers, from exact to tolerant:

- ``fold``: Unicode compatibility form, case folded, transliterated to Latin letters by
  anyascii (a maintained table of standard romanisations: Cyrillic, Greek, Ethiopic, the
  Indic scripts, Hangul (Revised Romanisation), kana, Chinese pinyin...), letters only.
  ``Zoë`` = ``Zoe``, ``Łukasz`` = ``Lukasz``, ``Олена`` = ``Olena``, ``李明`` = ``Li Ming``.
- ``variant_key``: common transliteration variants of one name share a key, from the small
  table below (``Mohammed`` / ``Muhammad`` / ``Mohamed`` / ``Mohamad``; ``Ahmad`` /
  ``Ahmed``; ``Yusuf`` / ``Yousef``...). Arabic-script spellings of those names are in it
  too, by their consonants (``محمد`` folds to ``mhmd``).
- ``consonant_skeleton``: Arabic and Hebrew script write no short vowels, so no standard
  romanisation gives the vowels back; a name typed in those scripts is compared with a Latin
  spelling by its consonants (``يوسف`` ~ ``Yusuf``), as a weaker match than the two above.

Names are kept exactly as typed (NFC); all of this is for comparing only.
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii

# One line per name: every spelling folded (lower case a-z only). Keep it small and common:
# names of children a hub in England meets often, where spellings differ by transliteration
# rather than by being different names. The first entry is the key.
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    (
        "muhammad",
        "mohammed",
        "mohamed",
        "mohamad",
        "mohammad",
        "muhammed",
        "mohammod",
        "muhamad",
        "muhamed",
        "mahomed",
        "mehmet",
        "mhmd",
    ),
    ("ahmad", "ahmed", "ahmet", "ahmid", "hmd"),
    ("yusuf", "yousef", "yousif", "youssef", "yusef", "yosef", "yousuf", "yussuf", "ywsf"),
    ("mustafa", "mostafa", "moustafa", "mustapha", "mostapha", "mstfa"),
    ("abdullah", "abdallah", "abdulla", "abdellah", "bdllh"),
    ("hussein", "husain", "hussain", "hosein", "hossein", "husayn", "hussien", "hsyn"),
    ("hassan", "hasan", "hsn"),
    ("ibrahim", "ebrahim", "ibraheem", "brhym"),
    ("ismail", "esmail", "ismael", "ismaeel", "smyl"),
    ("khalid", "khaled", "khld"),
    ("mahmoud", "mahmud", "mahmood", "mhmwd"),
    ("omar", "umar", "omer", "mr"),
    ("osman", "othman", "uthman", "usman", "thmn"),
    ("fatima", "fatimah", "fatma", "fatemeh", "ftmh", "ftm"),
    ("aisha", "ayesha", "aysha", "aicha", "aishah", "ayshe", "ishh"),
    ("maryam", "mariam", "meryem", "miriam", "mrym"),
    ("zainab", "zaynab", "zeinab", "zynb"),
    ("ali", "aly", "ly"),
    ("hamza", "hamzah", "hemze", "hmzh"),
    ("yasmin", "yasmine", "jasmin", "yasmeen", "ysmyn"),
    ("amir", "ameer", "emir", "myr"),
    ("tesfay", "tesfaye", "tesfai"),
    ("yohannes", "yohanes", "johannes", "yahannes"),
    ("abdi", "abdy"),
    ("kim", "gim"),
    ("lee", "yi", "ri", "rhee", "i"),
    ("park", "bak", "pak", "bag"),
    ("nguyen", "nguyn", "nguien"),
)
_KEYS = {spelling: group[0] for group in VARIANT_GROUPS for spelling in group}

# Scripts written without short vowels: Arabic (with Persian, Pashto, Urdu, Sorani letters)
# and Hebrew.
_ABJAD = ((0x0590, 0x05FF), (0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
          (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))  # fmt: skip


def fold(text: str) -> str:
    """Letters a-z only, case and accents dropped, any script romanised."""
    latin = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(ch for ch in latin if "a" <= ch <= "z")


def fold_words(text: str) -> list[str]:
    """``fold`` word by word ('Zoë O'Brien' -> ['zoe', 'obrien']); Chinese and Japanese names
    (no spaces) fold to one word ('李明' -> ['liming'])."""
    return [word for word in (fold(part) for part in text.split()) if word]


def variant_key(folded: str) -> str:
    """The key shared by the spellings of one name in the variant table (else the name)."""
    return _KEYS.get(folded, folded)


def is_abjad(text: str) -> bool:
    """True when ``text`` has a letter of Arabic or Hebrew script."""
    return any(any(low <= ord(ch) <= high for low, high in _ABJAD) and ch.isalpha() for ch in text)


def consonant_skeleton(folded: str) -> str:
    """Consonants only, doubled letters once: how Arabic and Hebrew script spell a name
    ('yusuf' and 'ywsf' -> 'sf'; 'mohammed' and 'mhmd' -> 'mhmd'). Vowel letters (a e i o u)
    and the semi-vowels w and y, which those scripts write for long vowels, are dropped."""
    skeleton = ""
    for ch in folded:
        if ch in "aeiouwy":
            continue
        if not skeleton or skeleton[-1] != ch:
            skeleton += ch
    return skeleton


def search_text(names: list[tuple[str, str]]) -> str:
    """What a free-text name search looks in, for a list of (first, last) names: each name
    as typed (lower case), romanised, and by its variant keys; '|' between people."""
    people = []
    for first, last in names:
        typed = f"{first} {last}".casefold().strip()
        words = fold_words(f"{first} {last}")
        keys = [variant_key(w) for w in words if variant_key(w) != w]
        people.append(" ".join([typed, *words, *keys]).strip())
    return "|".join(people)


def search_terms(query: str) -> list[list[str]]:
    """For each word of a search, the forms that may find it (as typed, romanised, variant
    key); every word must be found for a person to match."""
    terms = []
    for word in query.casefold().split():
        forms = [word]
        folded = fold(word)
        if folded and folded not in forms:
            forms.append(folded)
        key = variant_key(folded)
        if key and key not in forms:
            forms.append(key)
        terms.append(forms)
    return terms


# Explicit bidi embeddings, overrides and isolates: invisible, and they can make a name show
# in an order other than the one typed. Marks (LRM, RLM) and joiners (ZWJ, ZWNJ: Persian and
# Indic spellings need them) are allowed.
_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def as_stored(text: str) -> str:
    """A name as it is stored: exactly as typed, in Unicode's composed form (NFC), without
    surrounding spaces. NFC changes no letter; it only makes 'e' + combining acute and the
    precomposed 'é' the same characters, so the same name is stored the same way."""
    return unicodedata.normalize("NFC", text).strip()


NAME_MAX_LENGTH = 100  # what a first name or a surname column holds


def name_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored as a name, in words; None when it can."""
    if len(text) > NAME_MAX_LENGTH:
        return f"is too long: at most {NAME_MAX_LENGTH} characters ({len(text)} typed)."
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:
            return "has a broken character (half of a character pair). Retype it."
        if unicodedata.category(ch) == "Cc":
            return "has a control character (a tab, line break or similar). Retype it."
        if code in _BIDI_CONTROLS:
            return "has an invisible direction control that can reorder what is shown. Retype it."
    return None


def check_romanisation() -> None:
    """Raise unless anyascii's tables (data files, shipped beside the code) are there."""
    if fold("Олена 李明 ሰላም") != "olenalimingselam":
        raise RuntimeError("the name romanisation tables (anyascii) are missing")
