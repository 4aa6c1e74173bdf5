"""What the complaint is about, in the customer's words rather than the category buttons'.

Reads: a category the buttons' words do not name ("mis selling": `category_in`), a fault ("the line
is DEAD", "they wont fix it": `names_a_fault`, `FAULT_WORDS`), more than one subject ("bit of
both": `names_several`, `categories_named`), and a request to change the category ("actually it's
about billing": `asks_to_change_category`, `category_change_named`).

Not here: a typed button (bot.intake.clean_category), nor whether a message is a complaint at all
(bot.answers.routing).
"""

from __future__ import annotations

import re

from bot.answers.text import plain

# What a complaint is about, in words the category buttons do not use ("mis selling", "missold").
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("sales", r"\bmis[\s-]?(?:sell\w*|sold|sale\w*|represent\w*)\b"),
)


FAULT_WORDS = re.compile(
    r"\b(?:line|landline|phone line|phone|broadband|internet|wi-?fi|connection|router)\b"
    r"[^.?!]{0,30}?\b(?:is dead|dead|(?:is |has been |keeps |went |gone )?down|not working|"
    r"isn'?t working|stopped working|doesn'?t work|doesnt work|cut off|keeps? dropping|dropping out|"
    r"drops out|no signal|"
    # "my broadband has been off for a week" (round 20: no category, and the question came three
    # times while details were given); never "paid off my phone".
    r"(?:has been|have been|had been|been|is|was|went|gone|keeps going|keeps going) off|"
    # "wifi keeps cutting out", "the internet keeps disconnecting" (outside words, round 16, F51:
    # not read as a fault, and the category asked five times in a row).
    r"(?:keeps |kept )?cut(?:s|ting)? out|(?:keeps )?disconnect(?:s|ing|ed)?)\b"
    # Noise on the line ("my landline has crackle on it for a month": outside testers, round 13,
    # not kept as what happened, and "Please tell me what happened" asked with no reason).
    r"|\b(?:line|landline|phone line|phone|call|calls)\b[^.?!]{0,30}?"
    r"\b(?:crackl\w*|noisy|noise|static|buzz\w*|hiss\w*|humming|interference)\b"
    r"|\b(?:crackl\w*|static|buzz\w*|hiss\w*|interference|noise)\b[^.?!]{0,20}?\b(?:on|in)\s+"
    r"(?:my|the|our)\s+(?:line|landline|phone line|phone|calls?)\b"
    r"|\bno (?:dial ?tone|internet|broadband|connection|signal)\b"
    r"|\bwithout (?:any |a |my |the )?(?:internet|broadband|wi-?fi|phone line|landline|"
    r"connection|dial ?tone)\b"
    r"|\b(?:not|never|wont|won'?t|didn'?t|haven'?t|hasn'?t) (?:been )?(?:fix|fixed|fixing|repair\w*)\b"
    r"|\b(?:its|it'?s|it is|a|the|report(?:ed|ing)?(?: a| the)?) fault\b"
    r"|\bengineers?\b"
)


def names_a_fault(text: str | None) -> bool:
    """Whether the words tell of a fault ("the line is DEAD", "they wont fix it"): a fault repair
    complaint when the category is asked (outside testing, 27 Nov: asked four times)."""
    return bool(FAULT_WORDS.search(plain(text)))


def category_in(text: str | None) -> str | None:
    """The category a customer's words name where the buttons' words are not used."""
    words = plain(text)
    for category, pattern in _CATEGORY_WORDS:
        if re.search(pattern, words):
            return category
    return None


def category_told(text: str | None) -> str | None:
    """The category a first message makes clear ("my broadband has been down for 5 days and nobody
    has fixed it" is a fault; "you overcharged me on my last three bills" billing): one subject
    only, else None and the question is asked. A fault left unfixed, with nobody helping, is a
    fault, not the service (outside testers, round 12: the category was asked though the first
    message made it plain). The read-back shows it, and it can be changed there."""
    named = category_in(text)
    if named is not None:
        return named
    found = categories_named(text)
    if "fault_repair" in found:
        found = [c for c in found if c != "service"]
    subjects = set(found)
    return found[0] if len(subjects) == 1 else None


# "bit of both", "both really", "all of it": more than one subject, none picked.
_SEVERAL = re.compile(
    r"^(?:(?:well|erm|um|it'?s|its|it is|a|honestly|kind of|kinda|sort of)\s+)*"
    r"(?:(?:a )?bit of (?:both|everything|all of (?:it|them))|both(?: really| of them| tbh| "
    r"honestly| to be honest| i guess| i suppose)?|all of (?:it|them|the above|those)|"
    r"(?:all|everything)(?: really| of it| tbh)?|a mix(?:ture)?(?: of (?:both|them|everything))?|"
    r"several|more than one|a few of them|all three|all the above|all of the above)"
    r"(?: really| tbh| honestly| i think| i guess)?$"
)
# Which subject a customer's words point to, for "bit of both": the words of each, in the order
# the buttons list them. The form's own `bot.intake.clean_category` decides a typed button.
_CATEGORY_CUES: tuple[tuple[str, str], ...] = (
    ("sales", r"\b(?:mis[\s-]?sold|mis[\s-]?selling|sales ?(?:man|person|rep)|sold|salesman)\b"),
    (
        "billing",
        r"\b(?:bill|bills|billed|billing|charged|charging|overcharg\w*|direct debit|payment|"
        r"refund)\b",
    ),
    ("pricing", r"\b(?:price|prices|pricing|price rise|tariff|went up|increase\w*)\b"),
    ("cancellation", r"\b(?:cancel\w*|exit fee|termination fee|leave|leaving|left)\b"),
    ("service", r"\b(?:customer service|on hold|rude|no one|nobody|ignored|waiting|waited)\b"),
)


def _subjects_in(text: str | None, table: tuple[tuple[str, str], ...]) -> list[str]:
    """The subjects of `table` (a subject and its pattern each) that the words point to, with a
    fault (`FAULT_WORDS`) among them, in the order the words come."""
    words = plain(text)
    found: list[tuple[int, str]] = []
    for category, pattern in table:
        match = re.search(pattern, words)
        if match:
            found.append((match.start(), category))
    fault = FAULT_WORDS.search(words)
    if fault:
        found.append((fault.start(), "fault_repair"))
    return [category for _, category in sorted(found)]


def names_several(text: str | None) -> bool:
    """ "bit of both", "both really", "all of it": an answer to "What is your complaint about?"
    that names more than one subject without picking one."""
    return bool(_SEVERAL.match(plain(text)))


def categories_named(text: str | None) -> list[str]:
    """The subjects the words point to, in the order the words come ("charged twice and the
    engineer never came" gives billing, then fault repair)."""
    return _subjects_in(text, _CATEGORY_CUES)


# "change the category to billing", "actually it's a billing complaint", "i meant billing":
# asking to change what the complaint is about (a passing "it's on a bill somewhere" is not).
_CATEGORY_CHANGE = re.compile(
    r"\b(?:change|switch|move|put|file|make|log|set)\b[^.?!]{0,30}\b(?:category|subject|type|"
    r"under|as (?:a )?\w+ complaint)\b"
    r"|\b(?:category|subject)\b[^.?!]{0,20}\b(?:should be|is wrong|to|is actually|not)\b"
    r"|\b(?:actually|really|more)\s+(?:it'?s |its |it is )?(?:about|a)\s+\w+(?:\s+\w+)?\s*"
    r"(?:complaint|issue|problem)?\b"
    r"|\bit'?s (?:actually |really )?(?:about|a) \w+(?: \w+)? (?:complaint|issue|problem)\b"
    r"|\bi meant\b|\bnot (?:a |about )?\w+,? (?:it'?s|but)\b"
    r"|\bit'?s about\b|\bit is about\b|\bactually\b[^.?!]{0,25}\b(?:about|category|subject)\b"
)


_CATEGORY_NAMES = (
    r"(?P<billing>bill(?:ing|s)?|charges?)|(?P<fault_repair>fault(?:s| repair)?|repairs?)|"
    r"(?P<pricing>pric(?:e|es|ing)|tariff)|(?P<cancellation>cancel\w*)|(?P<sales>sales?|selling)|"
    r"(?P<service>(?:customer )?service)|(?P<other>something else)"
)
_CATEGORY_NAMED = re.compile(
    r"\b(?:about|to|meant|under|as|be|is|it'?s|its|a|an)\s+(?:a\s+|an\s+|the\s+|my\s+)?"
    rf"(?:{_CATEGORY_NAMES})\b"
)


def category_change_named(text: str | None) -> str | None:
    """The category a request to change it names in words ("actually no, it's about billing",
    "change it to a fault"), for when the model reads no category from it (a retrained model, 27
    Nov: "actually no, it's about billing. You charged me ..." kept the complaint as service)."""
    if not asks_to_change_category(text):
        return None
    match = _CATEGORY_NAMED.search(plain(text))
    if match is None:
        return None
    return next(name for name, value in match.groupdict().items() if value)


def asks_to_change_category(text: str | None) -> bool:
    """Whether the words ask to change what the complaint is about."""
    return bool(_CATEGORY_CHANGE.search(plain(text)))


# What the provider did, said plainly enough to be the subject at "What is your complaint
# about?" ("you billed me £89 for a month i'd cancelled": outside testers, round 13, asked six
# times and filed as "other"); a bill mentioned in passing ("it never appeared on my bills") is not.
_PLAIN_SUBJECTS: tuple[tuple[str, str], ...] = (
    (
        "billing",
        r"\b(?:billed|overcharg\w*|double[\s-]?charg\w*|charged (?:me|us|twice|double|for)|"
        r"charging (?:me|us)|wrong (?:bill|charge)s?)\b",
    ),
    (
        "cancellation",
        r"\b(?:exit fee|termination fee|(?:won'?t|will not|wouldn'?t|refus\w*(?: to)?) "
        r"(?:let me )?cancel)\b",
    ),
    ("pricing", r"\b(?:price (?:rise|increase|hike)|prices? (?:went|gone|going) up)\b"),
)


def category_plainly_told(text: str | None) -> list[str]:
    """The subjects an answer to the category question plainly tells, in the order the words
    come; with a fault (`FAULT_WORDS`) among them."""
    return _subjects_in(text, _PLAIN_SUBJECTS)


# Words about money that a short answer to "What is your complaint about?" uses for billing, beside
# the bill itself (`_CATEGORY_CUES`): "charges", "money", "payments" (outside testers, issues 15 and
# 19: "its about my bill", "the bill", "charges", "money" were each refused, and the question asked
# six or seven times).
_MONEY_WORDS = re.compile(
    r"\b(?:charges?|money|payments?|paid|paying|invoices?|direct debits?|debits?)\b"
)
# Longer than this, an answer is more than a subject named: the other readers decide.
_SHORT_ANSWER_WORDS = 6


def category_answered(text: str | None) -> str | None:
    """The one subject a short answer to the category question names in everyday words ("its
    about my bill", "the bill", "charges", "money" are billing); None for a question, a longer
    message, or words naming more than one subject or none."""
    words = plain(text)
    if not words or str(text).strip().endswith("?") or len(words.split()) > _SHORT_ANSWER_WORDS:
        return None
    found = set(categories_named(words))
    if _MONEY_WORDS.search(words):
        found.add("billing")
    if "fault_repair" in found:
        found.discard("service")
    return found.pop() if len(found) == 1 else None
