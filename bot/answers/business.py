"""Who the customer is: a consumer or a business, and a business's head count.

Reads: "I'm a residential customer", "we're a small charity" (`customer_type_in`); a head count in
an answer ("about 25", "we're eight people", "just me", "6 employees and 7 contractors":
`find_head_count`, `find_employee_count`; "maybe 10 or 12", which is not yet one:
`head_count_range`) or in a question ("my business has 6 employees, can the
ombudsman help?": `stated_business_size`), as a `HeadCount` of the groups the ADR schemes count
(`HEAD_COUNT_GROUPS`).

Not here: which scheme a head count opens (bot.rights), nor the question about ADR that gives one
(bot.answers.adr: `asks_adr_for_a_business_size`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answers.text import BASE_NUMBER_WORDS, plain

# A head count's words ("just me", "we're eight people", "fifteen staff"). Words of one length are
# tried in this order (`find_employee_count`), so "zero" and "none" come before the base's words.
_NUMBER_WORDS = {
    "zero": 0,
    "none": 0,
    **BASE_NUMBER_WORDS,
    "just me": 1,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}


def find_employee_count(text: str) -> int | None:
    """The number in "about 25 staff", "we're eight people", "just me"."""
    if text is None:
        return None
    digits = re.search(r"\d[\d,]*", str(text)[:200])
    if digits:
        number = digits.group(0).replace(",", "")
        return int(number) if len(number) <= 9 else None
    words = plain(text)
    for word, value in sorted(_NUMBER_WORDS.items(), key=lambda item: -len(item[0])):
        if re.search(rf"\b{re.escape(word)}\b", words):
            return value
    return None


# The groups a business's head count may name ("6 employees and 7 contractors"), in the order the
# ADR schemes' rules list them, with the words customers use for each (bot/rules: `head_count`).
HEAD_COUNT_GROUPS: dict[str, str] = {
    "employees": r"staff|employees?|workers?|members? of staff|personnel|fte|"
    r"(?:part|full)[- ]?timers?|(?:part|full)[- ]time",
    # "7 plus 2 locum dentists who are self employed" (outside testers, round 13, IG: read as 7).
    # "a couple of agency drivers": agency workers are not the business's employees (outside
    # testers, round 16, words F14: dropped, and an 11-person firm told ADR was open).
    "contractors": r"(?:sub-?)?contractors?|freelancers?|subbies|subby|locums?|"
    r"agency\s+(?:staff|workers?|drivers?|temps?|nurses?|cleaners?|people)|temps?",
    "volunteers": r"volunteers?",
}
_GROUP_SINGULAR = {"employees": "employee", "contractors": "contractor", "volunteers": "volunteer"}
# "a couple of agency drivers" is two of them (outside testers, round 16, words F14).
_COUPLE = r"(?:a\s+)?couple\s+of"
_NUMBER = rf"{_COUPLE}|\d[\d,]*|" + "|".join(
    sorted(
        (re.escape(w) for w in _NUMBER_WORDS if " " not in w and w != "none"), key=len, reverse=True
    )
)
# "and a volunteer", "plus one contractor": a group of one, said with an article.
_GROUP_COUNT = re.compile(
    rf"\b({_NUMBER}|an?)\s*(?:full[- ]time\s+|part[- ]time\s+|paid\s+|unpaid\s+)?"
    rf"(?:({HEAD_COUNT_GROUPS['employees']})|({HEAD_COUNT_GROUPS['contractors']})|"
    rf"({HEAD_COUNT_GROUPS['volunteers']}))\b"
)


@dataclass(frozen=True)
class HeadCount:
    """A business's head count as the customer gave it: a number for each group named ("6
    employees and 7 contractors": `groups`), or one number with no group ("13": `unnamed`), which
    answers the question as it was asked."""

    groups: tuple[tuple[str, int], ...] = ()
    unnamed: int | None = None

    def counted(self, counts: tuple[str, ...] | list[str]) -> int:
        """The head count a scheme counting `counts` takes: the groups it counts, added up."""
        if not self.groups:
            return self.unnamed or 0
        return sum(number for group, number in self.groups if group in counts)

    def describe(self) -> str:
        """ "6 employees and 7 contractors", as the customer gave it."""
        parts = [
            f"{number} {_GROUP_SINGULAR[group] if number == 1 else group}"
            for group, number in self.groups
        ]
        if not parts:
            return str(self.unnamed or 0)
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# "maybe 10 or 12", "10-12", "between 10 and 12": two numbers, either of which it may be (outside
# customers A, round 19, F14: kept as 10, and the schemes' rules turn on the exact number).
_RANGE = re.compile(
    rf"\bbetween\s+({_NUMBER})\s+and\s+({_NUMBER})\b"
    rf"|\b({_NUMBER})\s*(?:or|to|-|–|/)\s*(?:maybe\s+|perhaps\s+|possibly\s+)?({_NUMBER})\b"
    rf"(?!\s*(?:{HEAD_COUNT_GROUPS['contractors']}|{HEAD_COUNT_GROUPS['volunteers']})\b)"
)


def head_count_range(text: str | None) -> tuple[int, int] | None:
    """The two numbers of a head count given as a range or a choice ("maybe 10 or 12", "10-12",
    "between ten and twelve"), lower first; None when the answer gives one number."""
    match = _RANGE.search(plain(str(text or "")[:300]))
    if match is None:
        return None
    low, high = (w for w in match.groups() if w is not None)
    numbers = sorted((_as_number(low), _as_number(high)), key=lambda n: -1 if n is None else n)
    if None in numbers or numbers[0] == numbers[1] or numbers[1] > 999:
        return None  # "4471-2290" is a reference or an account number
    return numbers[0], numbers[1]


def _as_number(text: str) -> int | None:
    if text in ("a", "an"):
        return 1
    if re.fullmatch(_COUPLE, text):
        return 2
    if text[0].isdigit():
        digits = text.replace(",", "")
        return int(digits) if len(digits) <= 9 else None
    return _NUMBER_WORDS.get(text)


def _named_groups(text: str) -> tuple[tuple[str, int], ...]:
    """Each group a text names with its number, a group named twice added up ("4 full-time staff
    and 2 part-time staff" is 6 employees), in the order of HEAD_COUNT_GROUPS."""
    found: dict[str, int] = {}
    for match in _GROUP_COUNT.finditer(plain(str(text)[:500])):
        number = _as_number(match.group(1))
        if number is None:
            continue
        group = next(
            g for g, words in zip(HEAD_COUNT_GROUPS, match.groups()[1:], strict=True) if words
        )
        found[group] = found.get(group, 0) + number
    return tuple((g, found[g]) for g in HEAD_COUNT_GROUPS if g in found)


def stated_business_size(text: str | None) -> HeadCount | None:
    """The head count in a question about a business ("my business has 6 employees and 7
    contractors, can the ombudsman help?"): each number followed by a group (staff, employees,
    workers; contractors; volunteers); None otherwise (a date, an amount of money, or "people",
    which may be a household, is not a head count)."""
    if not text:
        return None
    groups = dict(_named_groups(text))
    match = _ORGANISATION_OF_PEOPLE.search(plain(str(text)[:500]))
    number = _organisation_number(match) if match else None
    if number is not None and "employees" not in groups:
        groups["employees"] = number  # "a firm of 12 people plus 2 contractors"
    if not groups:
        return None
    return HeadCount(tuple((g, groups[g]) for g in HEAD_COUNT_GROUPS if g in groups))


# "we are a company of 40 people", "a practice of 12 people", "40 people work here": people of an
# organisation are its staff, though "people" alone may be a household (outside compliance reader,
# 27 Nov, F13: not taken from the first message, then "none" at the question stored as 0, and a
# 40-person firm would have been told the ombudsman was open).
# Small businesses customers run, by what they are ("we run a small cafe").
_BUSINESS_PLACES = (
    r"cafe|caf[eé]|coffee shop|shop|pub|restaurant|takeaway|take-away|salon|barbers?|"
    r"hairdressers?|bakery|butchers?|hotel|b ?& ?b|guest ?house|store|workshop|farm|florists?|"
    r"newsagents?|dental practice"
)
_ORGANISATION_OF_PEOPLE = re.compile(
    rf"\b(?:company|business|firm|practice|charity|organi[sz]ation|team|office|shop|surgery|"
    rf"agency|school|salon|restaurant|hotel)\s+of\s+({_NUMBER})\s+(?:people|persons|of us)\b"
    rf"|\b({_NUMBER})\s+(?:people|of us)\s+(?:work|working|employed)\s+(?:here|for us|for the|at)\b"
    # "we run a small cafe, 4 of us" (outside testers, round 12: asked consumer or business,
    # and the 4 lost): the people of a business the customer runs.
    rf"|\b(?:{_BUSINESS_PLACES}|business|company|firm)\b[\s,;:-]+(?:(?:with|and|there'?s|"
    rf"there are|we'?re|we are|just|only)\s+)?({_NUMBER})\s+of us\b"
)
_ORGANISATION_GROUPS = (1, 2, 3)


def _organisation_number(match: re.Match[str]) -> int | None:
    """The number of people an `_ORGANISATION_OF_PEOPLE` match gives."""
    words = next((match.group(g) for g in _ORGANISATION_GROUPS if match.group(g)), None)
    return _as_number(words) if words else None


def _with_unnamed_staff(text: str, named: HeadCount) -> HeadCount:
    """An answer that names contractors or volunteers but gives its staff as a bare number ("25
    like i said plus 2 contractors", "6 of us plus 3 subbies"): that number is the employees
    (outside testing, 27 Nov: stored as 2, and a 27-person firm told the ombudsman was open)."""
    words = plain(str(text)[:500])
    attached = {m.start(1) for m in _GROUP_COUNT.finditer(words)}
    # "a company of 40 people": its 40 are the staff already counted, never counted twice (outside
    # customers B, round 12: stored as 80 employees, and told ADR was closed for that reason).
    attached |= {
        m.start(g)
        for m in _ORGANISATION_OF_PEOPLE.finditer(words)
        for g in _ORGANISATION_GROUPS
        if m.group(g)
    }
    for match in re.finditer(rf"\b({_NUMBER})\b(?!\s*(?:{_NOT_PEOPLE}))", words):
        if match.start(1) in attached or match.group(1) in ("a", "an"):
            continue
        if _NOT_THE_COUNT.search(words[: match.start(1)]) or _OR_ANOTHER.match(
            words[match.end(1) :]
        ):
            # "maybe 10 or 12 staff" is not 22, nor "about 12 staff not 22" 34 (outside customers
            # A, round 20, F8 and F9, HIGH): a number given as the other of two, or taken back.
            continue
        number = _as_number(match.group(1))
        if number is None or number > 999:
            continue
        # "the number of staff is 8 plus 2 part timers and a volunteer": the bare 8 are staff
        # too, with the part-timers (outside customers B, round 2: stored as 2 employees, and an
        # 11-person business told the ombudsman was open).
        groups = dict(named.groups)
        groups["employees"] = groups.get("employees", 0) + number
        return HeadCount(tuple((g, groups[g]) for g in HEAD_COUNT_GROUPS if g in groups))
    return named


# A number that counts something other than people ("5 years", "3 sites", "£40", "2019").
# Before a number: "not 22", "rather than 22"; after one: "10 or 12", "10-12", "10 to 12".
_NOT_THE_COUNT = re.compile(r"\b(?:not|rather than|instead of|never)\s+$")
_OR_ANOTHER = re.compile(rf"\s*(?:or|to|-|–|/)\s*(?:maybe\s+|perhaps\s+)?(?:{_NUMBER})\b")
_NOT_PEOPLE = (
    r"years?|yrs?|months?|weeks?|days?|hours?|sites?|offices?|branches?|lines?|phones?|"
    r"handsets?|%|percent|pounds?|quid|k\b|of (?:them|whom|those|which)\b"
)


# "9 people with the 2 locums", "9 in total including 2 contractors": a whole that already counts
# the group it names (outside testers, round 13, IG: read back unchanged, with no word).
_COUNTED_WITHIN = re.compile(
    rf"\b({_NUMBER})\s+(?:people|persons|of us|staff|in total|altogether|all told)?\s*,?\s*"
    rf"(?:with|including|incl\.?|counting)\s+(?:the\s+|our\s+)?({_NUMBER})\s+"
    rf"(?:({HEAD_COUNT_GROUPS['contractors']})|({HEAD_COUNT_GROUPS['volunteers']}))\b"
)


def _counted_within(text: str | None) -> HeadCount | None:
    """ "9 people with the 2 locums": 7 employees and 2 contractors, 9 in all; None otherwise."""
    match = _COUNTED_WITHIN.search(plain(str(text or "")[:500]))
    if match is None:
        return None
    whole, part = _as_number(match.group(1)), _as_number(match.group(2))
    if whole is None or part is None or part > whole:
        return None
    group = "contractors" if match.group(3) else "volunteers"
    groups = {"employees": whole - part, group: part} if whole > part else {group: part}
    return HeadCount(tuple((g, groups[g]) for g in HEAD_COUNT_GROUPS if g in groups))


# "theres me 2 other dentists 3 nurses and a receptionist": a head count given as a list of the
# people by what they do (outside testers, round 16, words F6: read as 2, the first number, and a
# practice of "me, 5 dentists, 4 nurses and a receptionist" would have been told ADR was open).
# Each number of people, each "a receptionist" after the list's "and" or comma, and the customer
# ("me" opening the list or listed) are added up.
_LISTED_ME = re.compile(
    r"^(?:well\s+|so\s+|just\s+|its\s+|it'?s\s+|there'?s\s+|theres\s+|there (?:is|are)\s+)*"
    r"(?:me|myself)\b|\b(?:me|myself)\s*(?:,|&|\+|\band\b|\bplus\b)"
)
_LISTED_ONE = re.compile(r"(?:,|&|\+|\band\b|\bplus\b)\s*an?\s+[a-z]{3,}\b")
# Words that make a list's sum a guess: a whole already given ("5 of us, me and 4 nurses"), a
# range ("8 or 9"), or a number of people not given ("a few drivers").
_NOT_A_LIST = re.compile(
    rf"\b(?:of us|in total|altogether|all together|all told|in all|including|incl|total)\b"
    rf"|\b(?:{_NUMBER})\s*(?:or|to|-)\s*(?:{_NUMBER})\b"
    rf"|\b(?:a few|few|several|some|lots|a lot|loads|a handful|handful|couple|half)\b"
)
# Things a business has that are not people ("3 vans"), besides `_NOT_PEOPLE`.
_NOT_LISTED_PEOPLE = r"vans?|vehicles?|cars?|lorries|lorry|trucks?|computers?|pcs?|laptops?|rooms?"


def listed_people(text: str | None) -> int | None:
    """The people a list of them adds up to ("theres me 2 other dentists 3 nurses and a
    receptionist" is 7); None unless it lists two or more, a number among them, with nothing that
    makes the sum a guess (`_NOT_A_LIST`)."""
    words = plain(str(text or "")[:500]).strip()
    if not words or _NOT_A_LIST.search(words):
        return None
    numbers = []
    for match in re.finditer(
        rf"\b({_NUMBER})\b(?!\s*(?:{_NOT_PEOPLE}|{_NOT_LISTED_PEOPLE})\b)", words
    ):
        number = _as_number(match.group(1))
        if number is None or number > 999:
            return None
        numbers.append(number)
    ones = len(_LISTED_ONE.findall(words)) + (1 if _LISTED_ME.search(words) else 0)
    if not numbers or len(numbers) + ones < 2:
        return None
    return sum(numbers) + ones


def find_head_count(text: str | None) -> HeadCount | None:
    """A business's answer to the head-count question: the groups it names ("6 employees and 7
    contractors"), or else its one number ("about 25", "we're eight people", "just me")."""
    inside = _counted_within(text)
    if inside is not None:
        return inside
    named = stated_business_size(text)
    if named is not None:
        return _with_unnamed_staff(str(text), named)
    number = listed_people(text)
    if number is None:
        number = find_employee_count(text) if text is not None else None
    return None if number is None else HeadCount(unnamed=number)


_CONSUMER_WORDS = (
    "consumer",
    "residential",
    "household",
    "home user",
    "home customer",
    "personal",
    "private",
    "individual",
    "domestic",
    "myself",
    "just me",
    "me",
    # "im a normal customer", "for home use" (the lead's outside probe, 27 Nov: asked again).
    "normal",
    "ordinary",
    "regular customer",
    "member of the public",
    "home",
)
_BUSINESS_WORDS = (
    "business",
    "company",
    "firm",
    "ltd",
    "limited",
    "plc",
    "sole trader",
    "self-employed",
    "self employed",
    "charity",
    "organisation",
    "organization",
    "partnership",
)


# "we run a small cafe", "i own a hair salon", "my cafe's card machine": a business the customer
# runs is a business (outside testers, round 12: "we run a small cafe, 4 of us, ..." was asked
# consumer or business). Never "your shop" or "I went to the shop".
_RUNS_A_BUSINESS = re.compile(
    rf"\b(?:we|i)\s+(?:run|own|manage)\s+(?:a|an|our|my|the)\s+"
    rf"(?:[\w-]+\s+){{0,2}}?(?:{_BUSINESS_PLACES})\b"
    rf"|\b(?:we'?re|we are|i'?m|i am)\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?(?:{_BUSINESS_PLACES})\b"
    rf"|\b(?:my|our)\s+(?:[\w-]+\s+)?(?:{_BUSINESS_PLACES})(?:'?s)?\b"
)
# "i'm a shop assistant": someone who works there, not the business.
_WORKS_THERE = re.compile(r"\s+(?:assistants?|workers?|staff)\b")


def customer_type_in(text: str | None) -> str | None:
    """ "I'm a residential customer" is a consumer; "we're a small charity" a business."""
    words = plain(text)
    if not words:
        return None
    runs = _RUNS_A_BUSINESS.search(words)
    if runs is not None and _WORKS_THERE.match(words, runs.end()):
        runs = None
    if runs is not None and not {"not", "don't", "dont"} & set(words[: runs.start()].split()[-3:]):
        return "business"
    for kind, other, named in (
        ("business", "consumer", _BUSINESS_WORDS),
        ("consumer", "business", _CONSUMER_WORDS),
    ):
        for w in named:
            for found in re.finditer(rf"\b{re.escape(w)}\b", words):
                before = words[: found.start()].split()[-3:]
                if kind == "business" and _PROVIDERS_OWN & set(before[-2:]):
                    # "Your company took £89.99 from my account": the provider's company, not
                    # the customer's (outside words testers, round 16, F37: a consumer was made
                    # a business and asked for a head count, never "consumer or business?").
                    continue
                # "I'm not a business", "it's not for a company": the other kind (the outside
                # customers: an 84-year-old was taken for a business and asked for a head count).
                return other if {"not", "isn't", "isnt", "aren't", "arent"} & set(before) else kind
    return None


# "your company", "ur useless firm": the provider the customer is complaining to.
_PROVIDERS_OWN = {"your", "ur", "yr", "youre", "you're"}
_PROVIDERS_COMPANY = re.compile(
    r"\b(?:your|ur|yr)\s+(?:[\w-]+\s+)?(?:company|business|firm|organi[sz]ation|ltd|limited|plc)\b"
)


def names_the_providers_company(text: str | None) -> bool:
    """ "Your company took £89.99 ...": the words call the provider a company, which says nothing
    of whether the customer is one (outside words testers, round 16, F37)."""
    return _PROVIDERS_COMPANY.search(plain(text)) is not None
