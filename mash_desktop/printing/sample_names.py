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
