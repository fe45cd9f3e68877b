"""One invented name in each script a hub meets, for the self-test and the tests that prove
every script prints and shows (names only: no real person)."""

from __future__ import annotations

NAMES_BY_SCRIPT: tuple[tuple[str, str], ...] = (
    ("Vietnamese", "Nguyễn Thị Minh Khai"),
    ("Polish", "Łukasz Wójcik"),
    ("Irish", "Siobhán Ó Súilleabháin"),
    ("Greek", "Γιώργος Παπαδόπουλος"),
    ("Cyrillic", "Олена Коваленко"),
    ("Arabic", "محمد الأحمد"),
    ("Dari / Persian", "فرشته رضایی"),
    ("Pashto", "ښکلا ځدراڼ"),
    ("Urdu", "عائشہ ملک"),
    ("Kurdish (Sorani)", "ڕێبین کەریم"),
    ("Hebrew", "נועה כהן"),
    ("Tigrinya", "ሰላም ተስፋይ"),
    ("Amharic", "አበበ ከበደ"),
    ("Hindi (Devanagari)", "प्रिया शर्मा"),
    ("Punjabi (Gurmukhi)", "ਹਰਪ੍ਰੀਤ ਕੌਰ"),
    ("Bengali", "রহিম উদ্দিন"),
    ("Chinese", "李明"),
    ("Japanese", "佐藤さくら"),
    ("Korean", "김민준"),
    ("Thai", "สมชาย ใจดี"),
)
MIXED_SENTENCE = "The child محمد الأحمد (aged 9) lives with his aunt in Poole."


def check_embedded(pdf: bytes) -> str:
    """Raise unless a PDF of these names embeds every shipped script font; else say so."""
    from mash_desktop.printing.fonts import FALLBACKS

    missing = [f.name for f in FALLBACKS if f.name.encode() not in pdf]
    if missing:
        raise RuntimeError(f"the PDF does not embed the fonts {', '.join(missing)}")
    return f"{len(FALLBACKS)} fonts for other scripts embedded"


def check_read_back(page_text: str) -> str:
    """Raise unless every name is in a page's extracted text; else say so. Word by word:
    pdfium puts the words of a right-to-left name after an English label in an order of its
    own (the test suite reads names back whole, in order, with pypdf)."""
    unread = [
        script
        for script, name in NAMES_BY_SCRIPT
        if not all(word in page_text for word in name.split())
    ]
    if unread:
        raise RuntimeError(f"names not read back from the page: {', '.join(unread)}")
    return f"names in {len(NAMES_BY_SCRIPT)} scripts read back"
