"""A person's name in pinyin for the talent pool: the key it sorts by and the spellings its search finds.

pypinyin reads each character by its most common reading, which is wrong for several surnames (曾 is zeng, not
ceng; 单 is shan, not dan), and pypinyin has no surname mode, so the name's first character or two are read
from SURNAMES when they are a surname with a reading of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

# Surnames whose reading differs from the character's common one (百家姓 readings as in 现代汉语词典).
SURNAMES = {
    "万俟": ["mo", "qi"],
    "尉迟": ["yu", "chi"],
    "长孙": ["zhang", "sun"],
    "单": ["shan"],
    "曾": ["zeng"],
    "解": ["xie"],
    "仇": ["qiu"],
    "朴": ["piao"],
    "区": ["ou"],
    "查": ["zha"],
    "盖": ["ge"],
    "乐": ["yue"],
    "覃": ["qin"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "秘": ["bi"],
    "种": ["chong"],
    "重": ["chong"],
    "繁": ["po"],
    "员": ["yun"],
    "黑": ["he"],
    "折": ["she"],
    "召": ["shao"],
    "都": ["du"],
    "薄": ["bo"],
    "句": ["gou"],
    "阚": ["kan"],
    "藏": ["zang"],
    "能": ["nai"],
    "角": ["jue"],
    "贲": ["ben"],
    "祭": ["zhai"],
    "粘": ["nian"],
}

WORDS = re.compile(r"[0-9a-zA-Z]+")


@dataclass(frozen=True)
class NameKeys:
    # "wangfang": the sort key and what `wangfang` and `wangf` find. Syllables are not separated, so that a typed
    # prefix is a range of the sort order; the cost is that 李安娜 (li an na) and 连娜 (lian na) tie, then
    # sort by their characters.
    spelled: str
    initials: str  # "wf"


def syllables(name: str) -> list[str]:
    """The name's pinyin, lower case, one item per character (anything not Chinese kept as it is)."""
    name = name.strip()
    for surname in sorted(SURNAMES, key=len, reverse=True):
        if name.startswith(surname):
            head, rest = SURNAMES[surname], name[len(surname) :]
            break
    else:
        head, rest = [], name
    # Runs that are not Chinese come back whole ("Anna"), split here into their words of letters and digits.
    tail = lazy_pinyin(rest, style=Style.NORMAL) if rest else []
    return [word.lower() for part in head + tail for word in WORDS.findall(part)]


def name_keys(name: str) -> NameKeys:
    parts = syllables(name)
    return NameKeys(spelled="".join(parts), initials="".join(part[0] for part in parts))
