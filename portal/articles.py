"""The regulation's articles as its readers cite them: code names like ``Art. 15 (3)`` are the rule
book's keys; a Chinese reader sees 第十五条第三项, an English reader the code as it is.

``cite("Art. 12, 13")`` → 第十二条、第十三条; ``"Art. 11-13"`` → 第十一条至第十三条;
``"Art. 5 (2)-(4)"`` → 第五条第二项至第四项. Anything it does not recognise is returned unchanged.
"""
import re

from django.utils import translation

DIGITS = "零一二三四五六七八九"
PART = re.compile(r"^Art\. (\d+)(?:-(\d+))?(?: \((\d+)\)(?:-\((\d+)\))?)?$")


def chinese_number(n: int) -> str:
    """1-99 in Chinese numerals, as articles and items are numbered (十五, 二十一)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")


def _chinese(part: str) -> str | None:
    match = PART.match(part.strip())
    if match is None:
        return None
    article, last, item, last_item = (int(g) if g else None for g in match.groups())
    text = f"第{chinese_number(article)}条"
    if last:
        text += f"至第{chinese_number(last)}条"
    if item:
        text += f"第{chinese_number(item)}项"
        if last_item:
            text += f"至第{chinese_number(last_item)}项"
    return text


def cite(code: str, language: str | None = None) -> str:
    """``code`` in the reader's language (the active one unless ``language`` is given)."""
    if not code:
        return ""
    language = language or translation.get_language() or ""
    if not language.startswith("zh"):
        return code
    parts = [p.strip() for p in code.split(",")]
    if len(parts) > 1 and parts[0].startswith("Art. "):
        parts = [parts[0]] + [p if p.startswith("Art. ") else f"Art. {p}" for p in parts[1:]]
    chinese = [_chinese(p) for p in parts]
    if any(c is None for c in chinese):
        return code
    return "、".join(c for c in chinese if c)
