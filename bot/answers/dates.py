"""Days: the calendar dates a message names, the day a complaint was first raised, and a day to
come on which one would be made.

Reads: dates in words, numbers and relative terms ("1 April 2026", "15.10.26", "on the 3rd", "three
weeks ago", "last Monday": `stated_dates`, `dates_with_places`), a day the provider dated or sent
something on (`providers_day`), the day a customer says they first raised the complaint or
contacted the provider (`first_raised_in`, `first_raised_in_all`, `first_raised_alone`,
`first_raised_answer`, `stated_raised_date`, `RAISED_BEFORE`), how long it has waited ("I've
waited 8 weeks": `complaint_age_in`), a day still to come ("if I complain on 5 January":
`planned_day_in`, `raised_day_in_question`) and the day a letter will be received ("a letter that
you'll get on 23rd December": `letter_received_day_in`).

Not here: the ADR (deadlock) letter's day (bot.answers.adr), nor what the dates open (bot.rights).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

from bot.answers.text import BASE_NUMBER_WORDS, plain

# A relative date's count ("three weeks ago", "a month ago", "a couple of days ago": `_AGO`).
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "couple of": 2,
    **BASE_NUMBER_WORDS,
}


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "1 April 2026", "1st April 2026", "1 Apr", "1st of April"; or "01/04/2026", "1/4/26" (day first).
_WORDS_DATE = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAME})\b\.?(?:,?\s+(\d{{4}})\b)?"
)
# "15.10.26", "15-10-2026" too (outside customers A, F5: "I first complained on 15.10.26" was
# missed); the same mark between all three parts, so "8-1" or "£1.50" is no date.
_NUMBERS_DATE = re.compile(
    r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/\-]|\.\d)"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "on 22/09", "on the 3rd", "on Monday the 16th" (a day of the month with no month): the most recent such day, or the
# next one `ahead`. Only after "on", so "24/7", "50/50" and "the 3rd time" are no dates.
_ON_DAY_MONTH = re.compile(r"\bon\s+(?:the\s+)?(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")
_ON_THE_DAY = re.compile(
    rf"\bon\s+(?:(?:{'|'.join(_WEEKDAYS)})\s+)?the\s+(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\b|{_MONTH_NAME}\b|\w*\s*(?:time|times"
    r"|floor|attempt|occasion|try|visit|call|day|week|month|year)\b))"
)
# "we first reported it wednesday 25th", "rang you tues the 3rd": a weekday and a day of the month
# with no month (outside customers B, round 13, H3: not read, and the ADR date counted from the
# day of logging). Read only where the weekday fits the date: the most recent such day (the next,
# `ahead`) within three months.
_WEEKDAY_NTH = re.compile(
    # "sat"/"sun" only after on/last/first/it/about (tenth round, fixB: "I sat 3rd in the queue"
    # was read as Saturday 3 October).
    rf"\b({'|'.join(_WEEKDAYS)}|mon|tues?|wed|weds|thurs?|fri"
    r"|(?:(?<=\bon )|(?<=\blast )|(?<=\bfirst )|(?<=\bit )|(?<=\babout ))(?:sat|sun))\s+(?:the\s+)?"
    rf"(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\b|{_MONTH_NAME}\b))"
)
# "on Christmas Eve", "Boxing Day", "New Year's Eve": days named in words, read as their date (the
# most recent such day, or the next one `ahead`; issue 14: "if I email on Christmas Eve when will
# you reply?" was answered for a complaint made today).
_NAMED_DAYS = {
    "christmas eve": (12, 24),
    "xmas eve": (12, 24),
    "christmas day": (12, 25),
    "xmas day": (12, 25),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "new year eve": (12, 31),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year day": (1, 1),
}
_NAMED_DAY = re.compile(
    rf"\b({'|'.join(re.escape(name) for name in sorted(_NAMED_DAYS, key=len, reverse=True))})\b"
    r"(?:,?\s+(\d{4})\b)?"
)
# Good Friday and Easter Monday, bank holidays whose dates move with Easter (outside re-test, 27
# Nov afternoon: "if I email on Good Friday" was answered for today).
_EASTER_OFFSETS = {"good friday": -2, "easter sunday": 0, "easter day": 0, "easter monday": 1}
_EASTER_DAY = re.compile(
    r"\b(good friday|easter sunday|easter day|easter monday)\b(?:,?\s+(\d{4})\b)?"
)
# "the 3rd of last month", "on the 3rd of this month": that day of the month named (outside
# compliance F37: "last month" alone was read, as 27 October, and "the 3rd" dropped).
_DAY_OF_RELATIVE_MONTH = re.compile(
    r"\b(?:on\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)?\s+of\s+(last|this|the last|the)\s+month\b"
)
# "a week last Monday": the Monday a week before last Monday (British usage; outside customers A
# F13: read as last Monday, an ADR date a week late).
_WEEK_LAST_DAY = re.compile(rf"\ba\s+week\s+(?:last|on|this past|past)\s+({'|'.join(_WEEKDAYS)})\b")
# "before 8 April 2026", "after 8 April": a date that bounds a rule, not the day of a complaint.
_BOUND_BEFORE = re.compile(r"\b(?:before|after|until|till)\s*$")


# "November 3rd", "Nov 3, 2026" (month first); not "march 3 weeks ago" or "may 2 of us".
_MONTH_FIRST_DATE = re.compile(
    rf"\b({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:days?|weeks?|months?|years?|times?|hours?|of us|people|%|:))"
    r"(?:,?\s+(\d{4})\b)?"
)
# `_COUNT_WORDS` stands at the top of this module, built on the shared number words.
_COUNT = "|".join(sorted((re.escape(w) for w in _COUNT_WORDS), key=len, reverse=True))
# "three weeks ago", "10 days ago", "a month ago", "a fortnight ago"; "over a month ago" too.
_AGO = re.compile(rf"\b(\d{{1,3}}|{_COUNT})\s+(day|week|fortnight|month|year)s?\s+ago\b")
# "last week", "last month", "yesterday", "today"; "last Monday", "on Tuesday".
_LAST = re.compile(r"\blast\s+(week|fortnight|month)\b")
_DAY_WORDS = re.compile(
    r"\b(the day before yesterday|yesterday|today|this morning|earlier today)\b"
)
# Not a weekday written with its date ("on Thursday 10 December 2026", "on Tuesday the 3rd"): the
# date says which (outside compliance review, 27 Nov: read as last Thursday, an ADR date 4 weeks early).
_WEEKDAY = re.compile(
    rf"\b(?:last|on|this past|past)\s+({'|'.join(_WEEKDAYS)})\b(?!,?\s+(?:the\s+)?\d)"
)
_UNIT_STEP = {
    "day": relativedelta(days=1),
    "week": relativedelta(weeks=1),
    "fortnight": relativedelta(weeks=2),
    "month": relativedelta(months=1),
    "year": relativedelta(years=1),
}


def stated_dates(text: str | None, today: date, *, rough: bool = True) -> list[date]:
    """The calendar dates a message names, in order: "1 April 2026", "1st April 2026",
    "November 3rd", "01/04/2026" (day first, as in the UK); a day and month with no year ("3rd
    November", "3 Nov") is the most recent such day, this year's or last year's; and dates said
    relative to `today` ("three weeks ago", "10 days ago", "last month", "last week",
    "yesterday", "last Monday"). Impossible dates (31 February), and dates after "before" or
    "after" (which bound a rule), are left out; so is "last week", "last month", not `rough`
    (a period, no day: outside compliance F8, a letter "got last week" was said to be dated
    exactly 7 days ago)."""
    words = plain(str(text or "")[:500])
    return [
        day
        for at, day in dates_with_places(words, today)
        if rough or not _ROUGH_DAY.match(words, at)
    ]


def dates_with_places(words: str, today: date, *, ahead: bool = False) -> list[tuple[int, date]]:
    """The dates in `words` (already `plain`) with where each starts, in order. A day and month
    with no year is the most recent such day, or, `ahead`, the next one from today."""
    found: list[tuple[int, date]] = []
    for match in _WORDS_DATE.finditer(words):
        day, month = int(match.group(1)), _MONTHS[match.group(2)]
        year = int(match.group(3)) if match.group(3) else None
        _add_date(found, words, match.start(), day, month, year, today, ahead)
    for match in _MONTH_FIRST_DATE.finditer(words):
        if any(at <= match.start() < at + 12 for at, _ in found):
            continue  # "1 April 2026" already read; not also "April 20..."
        year = int(match.group(3)) if match.group(3) else None
        _add_date(
            found,
            words,
            match.start(),
            int(match.group(2)),
            _MONTHS[match.group(1)],
            year,
            today,
            ahead,
        )
    for match in _NUMBERS_DATE.finditer(words):
        year = int(match.group(4))
        _add_date(
            found,
            words,
            match.start(),
            int(match.group(1)),
            int(match.group(3)),
            year + 2000 if year < 100 else year,
            today,
        )
    for match in _ON_DAY_MONTH.finditer(words):
        day, month = int(match.group(1)), int(match.group(2))
        _add_date(found, words, match.start(), day, month, None, today, ahead)
    for match in _ON_THE_DAY.finditer(words):
        _add_day_of_month(found, words, match.start(), int(match.group(1)), today, ahead)
    for match in _WEEKDAY_NTH.finditer(words):
        if any(
            at <= match.start() <= at + 3 or match.start() <= at < match.end() for at, _ in found
        ):
            continue  # "on wednesday the 25th" already read
        named = _weekday_fits(match.group(1), int(match.group(2)), today, ahead)
        if named is not None:
            _add_day(found, words, match.start(), named)
    for match in _NAMED_DAY.finditer(words):
        month, day = _NAMED_DAYS[match.group(1)]
        year = int(match.group(2)) if match.group(2) else None
        _add_date(found, words, match.start(), day, month, year, today, ahead)
    for match in _EASTER_DAY.finditer(words):
        year = int(match.group(2)) if match.group(2) else today.year
        offset = _EASTER_OFFSETS[match.group(1)]
        named = easter(year) + timedelta(days=offset)
        if match.group(2) is None and not ahead and named > today:
            named = easter(year - 1) + timedelta(days=offset)
        elif match.group(2) is None and ahead and named < today:
            named = easter(year + 1) + timedelta(days=offset)
        _add_day(found, words, match.start(), named)
    for match in _DAY_OF_RELATIVE_MONTH.finditer(words):
        month = date(today.year, today.month, 1)
        if match.group(2) in ("last", "the last"):
            month -= relativedelta(months=1)
        number = int(match.group(1))
        last = (month + relativedelta(months=1, days=-1)).day
        if 1 <= number <= last:  # not "the 31st of last month" in a month of 30 days
            _add_day(found, words, match.start(), month.replace(day=number))
    for match in _AGO.finditer(words):
        count = match.group(1)
        number = int(count) if count.isdigit() else _COUNT_WORDS[count]
        _add_day(found, words, match.start(), today - _UNIT_STEP[match.group(2)] * number)
    for match in _LAST.finditer(words):
        if any(
            m.start() <= match.start() < m.end() for m in _DAY_OF_RELATIVE_MONTH.finditer(words)
        ):
            continue  # "the 3rd of last month": read above
        _add_day(found, words, match.start(), today - _UNIT_STEP[match.group(1)])
    for match in _DAY_WORDS.finditer(words):
        back = {"the day before yesterday": 2, "yesterday": 1}.get(match.group(1), 0)
        _add_day(found, words, match.start(), today - timedelta(days=back))
    if ahead:
        # "if I email you tomorrow", "if I complain on Monday", "next Tuesday": days to come
        # (outside re-test, 27 Nov afternoon: answered as if the complaint were made today).
        for match in _TOMORROW.finditer(words):
            step = 2 if match.group(0).startswith("the day after") else 1
            _add_day(found, words, match.start(), today + timedelta(days=step))
        for match in _WEEKDAY_AHEAD.finditer(words):
            forward = (_WEEKDAYS.index(match.group(1)) - today.weekday() - 1) % 7 + 1
            if forward == 7 and _today_named(match.group(0)):
                forward = 0  # "can I ring on Saturday?" asked on a Saturday: today
            _add_day(found, words, match.start(), today + timedelta(days=forward))
    weeks_before = {m.end(): m.start() for m in _WEEK_LAST_DAY.finditer(words)}
    for match in _WEEKDAY.finditer(words):
        if ahead and not match.group(0).startswith(("last", "this past", "past")):
            continue  # "on Monday", asked of a day to come: read above
        # The most recent such day before today ("on Monday", said on a Monday, is a week ago).
        back = (today.weekday() - _WEEKDAYS.index(match.group(1)) - 1) % 7 + 1
        if match.end() in weeks_before:  # "a week last Monday": a week before that
            _add_day(found, words, weeks_before[match.end()], today - timedelta(days=back + 7))
            continue
        _add_day(found, words, match.start(), today - timedelta(days=back))
    return sorted(found)


# Days to come, read only `ahead`: "tomorrow", "on Monday", "next Tuesday", "this Sunday".
_TOMORROW = re.compile(r"\b(?:the day after )?tomorrow\b")
_WEEKDAY_AHEAD = re.compile(
    rf"\b(?:on|next|this|this coming|coming)\s+({'|'.join(_WEEKDAYS)})\b(?!,?\s+(?:the\s+)?\d)"
)


def _today_named(said: str) -> bool:
    """Whether "on Saturday" / "this Saturday", said on a Saturday, means today (outside compliance
    r14 F10: "can i ring on saturday?" on Saturday 28 November was answered for 5 December); "next
    Saturday" and "this coming Saturday" are a week on."""
    return said.startswith(("on ", "this ")) and not said.startswith("this coming")


def _add_day(found: list[tuple[int, date]], words: str, at: int, day: date) -> None:
    if not _BOUND_BEFORE.search(words[:at]):
        found.append((at, day))


def _weekday_fits(weekday: str, day: int, today: date, ahead: bool) -> date | None:
    """The most recent date (the next, `ahead`) within three months that is the `day` of its month
    and falls on `weekday` ("wed", "wednesday"), or None."""
    wanted = next(i for i, name in enumerate(_WEEKDAYS) if name.startswith(weekday[:3]))
    step = relativedelta(months=1 if ahead else -1)
    month = date(today.year, today.month, 1)
    for _ in range(4):
        try:
            named = date(month.year, month.month, day)
        except ValueError:
            named = None
        if (
            named is not None
            and named.weekday() == wanted
            and ((ahead and named >= today) or (not ahead and named <= today))
        ):
            return named
        month += step
    return None


def _add_day_of_month(
    found: list[tuple[int, date]], words: str, at: int, day: int, today: date, ahead: bool
) -> None:
    """ "on the 3rd": this month's, or the month before's when that day is still to come (the
    month after's, `ahead`, when it has gone); months too short for the day are passed over."""
    if _BOUND_BEFORE.search(words[:at]) or not 1 <= day <= 31:
        return
    step = relativedelta(months=1 if ahead else -1)
    month = date(today.year, today.month, 1)
    for _ in range(3):
        try:
            named = date(month.year, month.month, day)
        except ValueError:
            month += step
            continue
        if (named >= today) if ahead else (named <= today):
            found.append((at, named))
            return
        month += step


def _add_date(
    found: list[tuple[int, date]],
    words: str,
    at: int,
    day: int,
    month: int,
    year: int | None,
    today: date,
    ahead: bool = False,
) -> None:
    if _BOUND_BEFORE.search(words[:at]):
        return
    try:
        named = date(year or today.year, month, day)
        if year is None and not ahead and named > today:
            named = date(today.year - 1, month, day)
        elif year is None and ahead and named < today:
            named = date(today.year + 1, month, day)
    except ValueError:
        return  # 31 February, 29 February in a common year
    found.append((at, named))


# The day of something dated or sent by the provider ("dated 20 October", "a letter from u on 1st
# october", "you wrote to me on 3 June"): never the day the customer raised the complaint
# (outside customers A, F14: the day a deadlock letter came was taken for it).
# Not "they wrote to you", "they emailed you": someone writing to the provider for the customer.
_NOT_TO_YOU = r"(?!\s+(?:to\s+)?(?:you|u)\b)"
_PROVIDERS_DAY = re.compile(
    r"\bdated\s+(?:the\s+)?$"
    r"|\b(?:letter|e-?mail|reply|response|text|message|answer)\s+(?:back\s+)?from\s+"
    r"(?:you|u|them|yourselves)\s+(?:on|dated)\s+(?:the\s+)?$"
    r"|\b(?:your|ur)\s+(?:\w+\s+)?(?:letter|e-?mail|reply|response|text|message)\s+"
    r"(?:came\s+|arrived\s+)?(?:on|dated)\s+(?:the\s+)?$"
    # "they sent me a deadlock letter on 2 October" as "you sent ..." (outside testers, round 15,
    # F12: beside "i complained" it was stored as the day first raised).
    rf"|\b(?:you|u|they)\s+(?:wrote|sent|replied|e-?mailed|texted)\b{_NOT_TO_YOU}"
    r"(?:\s+\w+){0,4}?\s+on\s+"
    r"(?:the\s+)?$"
    # "you wrote to me 5 months ago" (outside compliance F22: taken as the day first raised)
    rf"|\b(?:you|u|they)\s+(?:wrote|sent|replied|e-?mailed|texted)\b{_NOT_TO_YOU}"
    r"(?:\s+(?!and\b|but\b|i\b|we\b|then\b)\w+){0,4}?\s+$"
    # "got a deadlock letter on 2 October", "the final response letter came on the 3rd": the
    # letter's own day, whoever names it.
    r"|\b(?:deadlock|adr|final response|final decision)\s+letter\b(?:\s+\w+){0,3}?\s+(?:on|dated)"
    r"\s+(?:the\s+)?$"
)


def providers_day(words: str, at: int) -> bool:
    """Whether the date at `at` in `words` (already `plain`) is one the provider dated or sent
    something on, said just before it in its sentence."""
    return bool(_PROVIDERS_DAY.search(words[max(0, at - 80) : at]))


def stated_raised_date(text: str | None, today: date) -> date | None:
    """The day a customer says their complaint was first raised ("I first complained on 1 April
    2026"): the earliest date they name that is before today, other than one the provider dated
    or sent something on, or a period with no day ("last month": outside compliance F37, read as
    exactly a month ago, an ADR date up to a month late). None when they name none, or only today or days still to come (then
    the answer is the one for a complaint raised today)."""
    words = plain(str(text or "")[:500])
    past = [
        day
        for at, day in dates_with_places(words, today)
        if day < today and not providers_day(words, at) and not _ROUGH_DAY.match(words, at)
    ]
    return min(past, default=None)


# "I first complained on ...", "I raised it with you three weeks ago", "I've been complaining since
# ...": the customer says they raised the complaint with the provider before today's message.
# Not "I want to make a complaint" (today's), nor "I reported the fault" (a fault report is not
# a complaint unless they say it was the first time they raised it).
RAISED_BEFORE = re.compile(
    r"\b(?:i|we|i'?ve|we'?ve|i have|we have|i had|we had|already|first|originally)\s+"
    r"(?:(?:already|first|originally|initially|actually|have|had|been)\s+){0,2}"
    r"(?:complained|complaind|complaining|raised (?:it|this|the|a|my|an)|made (?:a|my|the) (?:formal )?complaint"
    r"|logged (?:a|my|the|it|this)|lodged (?:a|my|the|it)|filed (?:a|my|the)|put in (?:a|my) complaint"
    r"|opened (?:a|my) complaint)"
    r"|\b(?:first|originally|initially) (?:reported|contacted|called|rang|phoned|e-?mailed|wrote to"
    r"|told|complained|raised|got in touch)\b"
    r"|\b(?:my|the|our) (?:original |first )?complaint was (?:first )?(?:made|raised|logged|opened)\b"
    # "my first letter was on the 14th of september", "our first call to you was on 2 Nov": the
    # customer's own first contact, named by what it was (outside testers, 27 Nov: at "Shall I log
    # it?" it was read as a case to check and a reference asked for).
    r"|\b(?:my|our) (?:very )?(?:first|original|earliest|initial) (?:letter|e-?mail|call|phone call"
    r"|message|complaint|contact)(?: (?:to|with) (?:you|u|them))? (?:was|went|were)\b"
    # "complained to him on the 2nd october" (your salesman: outside customers A F17)
    r"|\bcomplained (?:to (?:you|u|them|him|her|your \w+)|about (?:it|this)) (?:on|in|back|since|last|\d)"
    # "I rang about this three weeks ago", "we emailed you about it on 2 Nov", "I called to
    # complain": contacting the provider about this very matter (outside customers, 26 Nov).
    r"|\b(?:i|we|i'?ve|we'?ve|i have|we have)\s+(?:already\s+)?(?:rang|called|phoned|e-?mailed"
    r"|wrote to|written to|contacted)\s+(?:you\s+|them\s+|your \w+ (?:team\s+)?)?"
    r"(?:about (?:this|it|the (?:problem|issue|fault))|to complain)\b"
    # "I emailed a complaint on 20 November", "we sent in our complaint": the complaint itself
    # sent (outside compliance review H1, Infinity System Solutions).
    r"|\b(?:i|we|i'?ve|we'?ve|i have|we have|i had|we had)\s+(?:already\s+)?"
    r"(?:e-?mailed|sent|posted|submitted|wrote|written|phoned in|made)\s+(?:in\s+)?(?:you\s+)?"
    r"(?:a|my|our|the)\s+(?:formal\s+|written\s+)?complaint\b"
    # "I emailed service@... on 20 November 2026 about our phones", "I emailed on 20 November"
    # (the provider's address taken out of the account): the provider, on a named day.
    r"|\b(?:i|we|i'?ve|we'?ve|i have|we have)\s+(?:already\s+)?(?:rang|called|phoned|e-?mailed"
    r"|wrote to|written to|contacted|messaged)\s+(?:you\s+|them\s+|your \w+ (?:team\s+)?"
    r"|the \w+ team\s+|customer services?\s+|support\s+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s+)?"
    rf"(?:on|in)\s+(?:the\s+)?(?:\d|{_MONTH_NAME}\b)"
)
# A full stop ends a sentence only before a space or the end: not inside an e-mail address
# ("service@infinitysystemsolutions.co.uk on 20 November", outside compliance review H1).
_SENTENCE_END = re.compile(r"[!?;\n]+\s*|\.+(?:\s+|$)")


# Earlier contact with the provider in everyday words (outside testers, 27 Nov: "I emailed you on
# Tuesday 24 November", "I rang on the 3rd", "called last Monday", "Spoke to someone called Mark on
# 22/09" were missed): who (the customer, or nobody named at the start of a sentence; never "the
# engineer called"), how, and to whom. Only a day close after it (`_CLAUSE_BREAK`) is its day.
_CONTACTED = re.compile(
    # After a comma only with "you" named ("broadband down, rang you on the 20th": outside
    # testers, 27 Nov), never "he came round, called me names".
    r"(?:^|,\s*(?=(?:rang|rung|called|phoned|e-?mailed|wrote to|contacted|messaged|chased|spoke to)"
    r"\s+(?:you|u|your)\b)|\b(?:i|we|i'?ve|we'?ve|ive|i have|we have|i had|we had)\s+)"
    r"(?:(?:already|also|then|first|originally|initially|actually|have|had|even|last)\s+){0,2}"
    r"(?:rang|rung|called|phoned|e-?mailed|wrote|written|contacted|messaged|chatted|spoke|spoken"
    r"|talked|told|chased|complained|complaind|got in touch|been in touch|live ?chatted|faxed"
    r"|tweeted|texted|dm'?e?d)\b"
    r"(?:\s+(?:to\s+|with\s+)?(?:you|u|them|your\s+\w+(?:\s+team)?|customer services?|support"
    r"|someone|somebody|an? (?:agent|advisor|adviser|manager)"
    # The customer's own account manager at the provider ("I rang my account manager about my
    # bill on 3 November": issue 14, missed and the ADR date counted from the day of logging).
    r"|my account manager"
    r"|the (?:complaints?|customer services?|billing|accounts?|support|sales|retentions?) team"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\b"
    # Not someone else ("I rang the fault line", "I called the engineer", "I phoned 999"): a
    # fault report is not a complaint (issue 14).
    r"|(?!\s+(?:(?:to|with)\s+)?(?:the|a|an|my|our|his|her|their|this|that|him|999|111|101"
    r"|ofcom|cisas|cedr|ombudsman|citizens|police|trading standards)\b))"
)
# Earlier contact by a letter, a fax, a message or in person ("I first faxed a complaint on 2
# February 2026", "I first posted a letter about it on 5 October 2026", "I went in store on 5
# October", "I told the engineer on 5 October": outside compliance reader, round 13, F1: missed,
# and the ADR date counted from the day of logging). Only a day close after it is its day.
_CONTACTED_BY = re.compile(
    r"\b(?:i|we|i'?ve|we'?ve|ive|i have|we have|i had|we had)\s+"
    r"(?:(?:already|also|then|first|originally|initially|actually|have|had|even|last)\s+){0,2}"
    # "we first faxed it", "I originally sent it": the new verbs of 27 Nov, only after I/we (tenth
    # round, fixB: "The engineer first visited on 5 October", "They originally sent the wrong
    # router on 3 November" were read as the day first raised).
    r"(?:(?<=first )|(?<=originally )|(?<=initially ))(?:faxed|posted|sent|tweeted|messaged"
    r"|texted|wrote|went in|visited)\b"
    r"|(?:(?:faxed|posted|sent|wrote|written|e-?mailed|dropped|handed|put)\s+(?:in\s+)?"
    r"(?:(?:to\s+)?(?:you|u|them)\s+)?(?:a|my|our|the|an)\s+(?:formal\s+|written\s+)?"
    r"(?:complaint|letter|fax|e-?mail|message|note|tweet)s?\b"
    r"|(?:posted|sent)\s+(?:it\s+)?(?:to\s+)?(?:you|u|them)\b"
    r"|(?:went|popped|gone|been|called)\s+(?:in(?:to)?|down to|round to|to)\s+(?:the\s+|your\s+|a\s+)?"
    r"(?:store|shop)\b|(?:went|been) in-?store\b"
    r"|visited\s+(?:the\s+|your\s+|a\s+)?(?:store|shop)\b"
    r"|(?:told|asked|showed|reported it to)\s+(?:the|your)\s+(?:engineer|technician)s?\b"
    # "I reported the overcharge on the phone on 3 November", "I reported it to you on 3 November"
    # (issue 14: missed): a charge, a bill or the complaint reported, never a fault reported to
    # someone else ("I reported the fault to the engineer line": a fault report is no complaint).
    r"|reported\s+(?:it|this|that|(?:the|my|an?|this|that)\s+(?:(?:wrong|extra|double|incorrect"
    r"|duplicate|late|billing)\s+)?(?:over-?charg(?:e|ing)|charge|bill|billing|error|mistake|issue"
    r"|problem|complaint|payment|refund|debit|price rise)s?)\b"
    r"(?!\s+to\s+(?:the|a|an|my|our|his|her|their|ofcom|cisas|trading standards)\b))"
)
# Earlier contact said with no day ("this is the 4th time I've contacted you", "I've been chasing
# this for weeks", "I've called several times"): the day is asked (outside customers A, F13).
_CONTACTED_NO_DAY = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|umpteenth|nth|\w+)\s+time\s+"
    r"(?:that\s+)?(?:i'?ve|ive|i have|we'?ve|we have|i|we)\s+(?:\w+\s+)?(?:contacted|called|rang"
    r"|rung|phoned|e-?mailed|written|wrote|complained|chased|been in touch|got in touch|raised)\b"
    r"|\bchas(?:ing|ed)\s+(?:this|it|you|u|them|up|this up|it up)\b"
    r"|\b(?:contacted|called|rang|rung|phoned|e-?mailed|written to|wrote to|complained to)\s+"
    r"(?:you|u|them)\s+(?:about (?:this|it)\s+)?(?:before|already|previously|several times"
    r"|many times|multiple times|numerous times|countless times|repeatedly|twice|again"
    r"|(?:\d+|three|four|five|six) times)\b"
    # "I've been on about it for ages", "been on at you about this for months" (round 13, F1).
    r"|\bbeen on (?:(?:at|to|onto) (?:you|u|them) )?(?:about (?:it|this) )?(?:for|since) (?:ages"
    r"|weeks|months|years|a while|a long time|donkey'?s years|forever)\b"
)
# Where a clause ends: a day after it is about something else ("I rang you and the engineer came
# on the 5th"), as is one before it ("my line went dead on 1 November and I rang you").
_CLAUSE_BREAK = re.compile(
    r"[,;:]|\b(?:and|but|so|because|as|when|while|which|who|although|though|yet|then)\b"
)
# "11 months ago", "about a year ago": a day only roughly known (outside compliance reader, round
# 13, F20: "deadlock letter 11 months ago" became an exact deadline).
_ROUGH_AGO = re.compile(rf"(?:\d{{1,3}}|{_COUNT})\s+(?:month|year)s?\s+ago\b")


def rough_ago_at(words: str, at: int) -> str | None:
    """ "11 months ago" when the date read at `at` in `words` (already `plain`) is a count of
    months or years ago, a day only roughly known; else None."""
    match = _ROUGH_AGO.match(words, at)
    return match.group(0) if match else None


# "last month", "last week": a rough day, asked for rather than guessed as the ADR date's start.
_ROUGH_DAY = re.compile(r"last\s+(?:week|fortnight|month)\b")


@dataclass(frozen=True)
class FirstRaised:
    """What a message says about when the complaint was first raised with the provider: whether
    it says it was raised before (`said`), and the day it names, if one can be read (`day`: never
    after today; today itself when they say "this morning")."""

    said: bool
    day: date | None = None


def first_raised_in(text: str | None, today: date) -> FirstRaised:
    """The day a customer's account says they first raised the complaint ("I first complained
    on 3 September", "I raised it with you three weeks ago", "I emailed you on Tuesday 24
    November", "I rang on the 3rd"): for each mention of raising it or of earlier contact, the
    date in the same sentence, the first after it or else the nearest before ("Three weeks ago I
    complained"); the earliest of those days. `said` without a `day` when no date can be read
    there, only a rough one ("I rang last month") or one still to come, or when the words tell of
    earlier contact with no day ("this is the 4th time I've contacted you"), so the day can be
    asked. A letter's date ("dated 20 October") is never read as one."""
    if isinstance(text, str) or text is None:
        return _first_raised_in(text, today)
    return _first_raised_in.__wrapped__(text, today)


# A pure function of the words and the day passed as today (it reads no clock, tracker, provider or
# database), kept for the texts it was last asked about: every form turn reads each of the
# conversation's messages again, three or four times. FirstRaised is frozen, so a kept answer
# cannot be changed by a caller.
@lru_cache(maxsize=2048)
def _first_raised_in(text: str | None, today: date) -> FirstRaised:
    words = plain(str(text or "")[:4000])
    said = False
    days: list[date] = []
    for sentence in _SENTENCE_END.split(words):
        if _CONTACTED_NO_DAY.search(sentence):
            said = True
        dates = [
            (at, day)
            for at, day in dates_with_places(sentence, today)
            if not providers_day(sentence, at)
        ]
        mentions = [(m, False) for m in RAISED_BEFORE.finditer(sentence)]
        mentions += [(m, True) for m in _CONTACTED.finditer(sentence)]
        mentions += [(m, True) for m in _CONTACTED_BY.finditer(sentence)]
        for mention, close in mentions:
            said = True
            day = _day_of_mention(sentence, mention, dates, close=close)
            if day is not None and day <= today:
                days.append(day)
    return FirstRaised(said, min(days, default=None))


def first_raised_in_all(texts: list[str], today: date) -> FirstRaised:
    """What all of a complaint's words (the first message, each answer, additions) say of when it
    was first raised: said if any says so, the earliest day any names (outside customers B, F21:
    a day in the first message was missed when the account came later)."""
    found = [first_raised_in(text, today) for text in texts]
    days = [said.day for said in found if said.day is not None]
    return FirstRaised(any(said.said for said in found), min(days, default=None))


def first_raised_year_guessed(text: str | None, today: date) -> date | None:
    """This year's day, still to come, when the day `text` says the complaint was first raised
    was named with no year ("I rang you on 3rd december", said on 28 November 2026) and so read
    as last year's (`first_raised_in`): that day is a guess, to be asked about as at "When did you
    first raise this?" (outside testers, round 15, F25: stored as 3 December 2025 unasked). None
    when the day has its year, is already past this year, or none is named."""
    day = first_raised_in(text, today).day
    if day is None or day.year != today.year - 1:
        return None
    try:
        this_year = day.replace(year=today.year)
    except ValueError:
        return None  # 29 February
    if this_year <= today:
        return None
    words = plain(str(text or "")[:4000])
    for sentence in _SENTENCE_END.split(words):
        ahead = dict(dates_with_places(sentence, today, ahead=True))
        if any(
            found == day and ahead.get(at) == this_year
            for at, found in dates_with_places(sentence, today)
        ):
            return this_year
    return None


def _day_of_mention(
    sentence: str, mention: re.Match[str], dates: list[tuple[int, date]], *, close: bool
) -> date | None:
    """The day a mention of raising the complaint names: the first date after it (in the same
    clause, `close`, for mere contact), or else the nearest before it in the same clause. None
    when there is none, or the day there is a rough one ("last month")."""
    after = [(at, day) for at, day in dates if at >= mention.start()]
    if close:
        after = [
            (at, day) for at, day in after if not _CLAUSE_BREAK.search(sentence[mention.end() : at])
        ]
    if after:
        at, day = after[0]
        return None if _ROUGH_DAY.match(sentence, at) else day
    before = [
        (at, day)
        for at, day in dates
        if at < mention.start() and not _CLAUSE_BREAK.search(sentence[at : mention.start()])
    ]
    if before:
        at, day = before[-1]
        return None if _ROUGH_DAY.match(sentence, at) else day
    return None


# What else a message that gives the day first raised may say at "Shall I log it?" ("..., put
# that in", "please add it", "thanks"): nothing more about what happened.
_JUST_ADD_IT = re.compile(
    r"(?:(?:please|pls|can you|could you|just|so)\s+)*"
    r"(?:(?:put|add|note|include|write|stick|pop|change|update)\s+(?:that|it|this)"
    r"(?:\s+(?:in|on|down|too|as well|there|please))*|thanks?|thank you|cheers|please|ok|okay"
    r"|too|as well|sorry|forgot to say|i forgot|btw|by the way|actually|oh|also|yes|yeah|yep)?"
)


def first_raised_alone(text: str | None, today: date) -> date | None:
    """The day first raised, when that is all a message says ("i first raised this on 22
    September, put that in"): a change to that day, not more about what happened (outside
    customers A, F12: at "Shall I log it?" the complaint was logged without it). None when it
    names no such day before today, or says more besides."""
    day = first_raised_in(text, today).day
    if day is None or day >= today:
        return None
    for clause in re.split(r"[,;.!]\s*|\s+-\s+|\s+and\s+", plain(text)):
        words = clause.strip()
        if not words or _JUST_ADD_IT.fullmatch(words):
            continue
        if not (
            RAISED_BEFORE.search(words) or _CONTACTED.search(words) or _CONTACTED_BY.search(words)
        ):
            return None
    return day


# "early October", "mid-October", "the end of September", "in October": a rough day in an answer
# to "when did you first raise it?" (the question says a rough date is fine); the first, the
# 15th, the 25th or the last of the month. "May" alone is no month ("may have been").
_PART_OF_MONTH = re.compile(
    rf"\b(?:(early|beginning of|start of|mid|middle of|late|end of|(?:back )?in)[\s-]+)?"
    rf"(?:the\s+)?({_MONTH_NAME})\b\.?(?!\s*\d)"
)
_PART_DAY = {"mid": 15, "middle of": 15, "late": 25}


def _month_part_day(words: str, today: date) -> date | None:
    for match in _PART_OF_MONTH.finditer(words):
        part, month = match.group(1), _MONTHS[match.group(2)]
        if part is None and match.group(2) == "may":
            continue
        year = today.year if month <= today.month else today.year - 1
        if part == "end of":
            day = (date(year, month, 1) + relativedelta(months=1, days=-1)).day
        else:
            day = _PART_DAY.get(part or "", 1)
        named = date(year, month, day)
        if named > today:
            named = date(year - 1, month, day)
        return named
    return None


# "february, about the 10th", "october - the 12th i think": a month, then the day of it.
_MONTH_THEN_DAY = re.compile(
    rf"\b({_MONTH_NAME})\b[^\d]{{0,25}}?\bthe\s+(\d{{1,2}})(?:st|nd|rd|th)\b"
)


def _month_then_day(words: str, today: date) -> date | None:
    for match in _MONTH_THEN_DAY.finditer(words):
        if match.group(1) == "may":
            continue
        found: list[tuple[int, date]] = []
        _add_date(found, words, 0, int(match.group(2)), _MONTHS[match.group(1)], None, today)
        if found:
            return found[0][1]
    return None


# How a rough part of a month is said back ("You said the letter came in early October").
_PART_SAID = {
    None: "in",
    "in": "in",
    "back in": "in",
    "early": "in early",
    "mid": "in mid",
    "late": "in late",
    "beginning of": "at the beginning of",
    "start of": "at the start of",
    "middle of": "in the middle of",
    "end of": "at the end of",
}


def month_part_in(words: str, today: date) -> tuple[date, str] | None:
    """ "sometime in early October", "about mid October", "the end of September": the first rough
    part of a month in `words` (already `plain`), as the day `_month_part_day` reads it (the first,
    the 15th, the 25th or the last of the month, never after today), and the words to say it back
    ("in early October"): a day only roughly known (truth15: a deadlock letter "about mid
    October" was not read at all). None when `words` name no month that way."""
    for match in _PART_OF_MONTH.finditer(words):
        part, month = match.group(1), match.group(2)
        if part is None and month == "may":
            continue
        day = _month_part_day(match.group(0), today)
        if day is not None:
            return day, f"{_PART_SAID.get(part, 'in')} {day:%B}"
    return None


def first_raised_answer(text: str | None, today: date) -> date | None:
    """The day in an answer to "when did you first raise it?" ("3 Nov", "three weeks ago",
    "on the 3rd of November", "14/10/2026", "15.10.26", "22/09", "early October"): the earliest
    date named that is not after today. A bare "22/09" or "the 3rd" is read as "on 22/09"."""
    answer = str(text or "")[:500]
    days = [day for day in stated_dates(f"on {answer}", today) if day <= today]
    if not days:
        rough = _month_then_day(plain(answer), today) or _month_part_day(plain(answer), today)
        days = [rough] if rough is not None else []
    return min(days, default=None)


# "I've waited 8 weeks for you to sort my complaint", "my complaint has been open 6 weeks",
# "it's been going on for two months": how long the complaint has been waiting (outside
# compliance review H2: these were answered for a complaint raised today).
_WAITED = re.compile(
    r"\b(?:waited|waiting|open|opened|ongoing|outstanding|unresolved|unsolved|going on|dragged on"
    r"|been|complained|complaining|raised)\s+(?:for\s+)?(?:(?:over|more than|about|around|nearly"
    r"|almost|at least|well over|just over|a good)\s+)?"
    rf"(\d{{1,3}}|{_COUNT})\s+(day|week|fortnight|month|year)s?\b(?!\s+(?:ago|from|time|later))"
)
# "since September", "since last September": from the first of the most recent such month.
_SINCE_MONTH = re.compile(rf"\bsince\s+(?:last\s+)?({_MONTH_NAME})\b(?!\s*\d)")


def complaint_age_in(text: str | None, today: date) -> date | None:
    """The day a message's "I've waited 8 weeks", "open two months", "since September" puts the
    complaint's first raising at: today less the time said (the first of the month for "since
    September"), or None when it says no such time."""
    words = plain(str(text or "")[:500])
    days = []
    for match in _WAITED.finditer(words):
        count = match.group(1)
        number = int(count) if count.isdigit() else _COUNT_WORDS[count]
        if number > 0:
            days.append(today - _UNIT_STEP[match.group(2)] * number)
    for match in _SINCE_MONTH.finditer(words):
        month = _MONTHS[match.group(1)]
        year = today.year if month <= today.month else today.year - 1
        days.append(date(year, month, 1))
    return min((day for day in days if day < today), default=None)


def raised_day_in_question(text: str | None, today: date) -> date | None:
    """The day a question about ADR says the complaint was (or will be) first raised: a day to
    come it asks about (`planned_day_in`: "if I complain on 5 January 2027"), a date it names
    (`stated_raised_date`), or else the day its "8 weeks", "two months" or "since September"
    puts it at (`complaint_age_in`)."""
    return (
        planned_day_in(text, today)
        or stated_raised_date(text, today)
        or complaint_age_in(text, today)
    )


# "if I complain on 5 January 2027", "I'm going to write on Monday 4 January", "when would you
# reply if I wrote on 24 December?": a complaint to be made on a day still to come (issue 14:
# these were answered for a complaint made today).
_MAKING = (
    r"(?:complain|write|send|post|e-?mail|fax|ring|call|phone|raise|make|log|lodge|submit|put in|"
    r"contact|get in touch)"
)
_PLANNED = re.compile(
    rf"\b(?:if|when|once|suppose|supposing|say|should)\s+(?:i|we)\s+(?:were to\s+|was to\s+)?"
    rf"{_MAKING}\b"
    rf"|\b(?:i|we)(?:'ll|'m going to|'re going to| will| shall| am going to| are going to"
    rf"| plan to| intend to)\s+{_MAKING}\b"
)
# "if I wrote on 24 December" with "would": the past tense of a supposition, not of a fact.
_SUPPOSED = re.compile(
    r"\b(?:if|when|once)\s+(?:i|we)\s+(?:wrote|sent|posted|e-?mailed|faxed|rang|called|phoned|"
    r"complained|raised|made|logged|lodged|submitted|contacted)\b"
)
_WOULD = re.compile(r"\b(?:would|could|will)\b")


def supposes_a_complaint(text: str | None) -> bool:
    """Whether a message supposes a complaint still to be made ("if I phone my complaint in",
    "when would you reply if I wrote")."""
    words = plain(str(text or "")[:500])
    return bool(_PLANNED.search(words) or (_SUPPOSED.search(words) and _WOULD.search(words)))


def planned_day_in(text: str | None, today: date) -> date | None:
    """The day still to come on which a question says the complaint would be made ("if I
    complain on 5 January 2027, when can I go to the ombudsman?", "when would you reply if I
    wrote on 24 December?"): a day and month with no year is the next such day. None when the
    message supposes no complaint to come, or names no day after today."""
    words = plain(str(text or "")[:500])
    if not supposes_a_complaint(words):
        return None
    days = [day for _, day in dates_with_places(words, today, ahead=True) if day > today]
    return min(days, default=None)


# "I emailed a complaint on Saturday", "I sent my complaint by email on Monday": a complaint the
# customer says they have already made, on a day before today (outside compliance r12 H4: the
# code's dates were counted from today, the customer's day dropped).
# "emailed complaints@invictanet.com yesterday" with no "I" at the start of a sentence too
# (outside compliance reader, round 13, F21: counted from today).
# At a sentence's start the object must be the complaint (tenth round, fixB: "Called me 5 times
# on 3 November. How long will you take to reply?" was counted from 3 November).
_SENT = re.compile(
    r"\b(?:i|we)(?:'ve| have| had| already)*\s+"
    r"(?:e-?mailed|faxed|sent|wrote|posted|rang|called|phoned"
    r"|complained|raised|made|logged|lodged|submitted)\b"
    r"|(?:^\s*|[.!?;]\s+)(?:already\s+)?"
    r"(?:e-?mailed|faxed|sent|wrote|posted|rang|called|phoned|complained|raised|made|logged|lodged"
    r"|submitted)\s+(?:to\s+)?(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|you|u|your \w+"
    r"|(?:my|our|the|a)\s+(?:formal\s+|written\s+)?(?:complaint|letter|e-?mail|fax))\b"
)


def sent_day_in(text: str | None, today: date) -> date | None:
    """The day before today on which a message says the customer made their complaint ("I
    emailed a complaint on Saturday"), or None; a supposition ("if I wrote on 24 December,
    would you ...") is not one."""
    words = plain(str(text or "")[:500])
    if supposes_a_complaint(words):
        return None
    found = _SENT.search(words)
    if found is None:
        return None
    days = [
        day
        for at, day in dates_with_places(words, today)
        if day < today and at >= found.start() and not providers_day(words, at)
    ]
    return max(days, default=None)


# "a letter that you'll get on 23rd December", "it reaches you on 23 December", "you'll receive it
# on Monday": the day the provider receives a letter, which its reply times count from (outside
# testers, issue 14: periods only were given, as if only the day of posting were known).
_RECEIVED_BY_YOU = re.compile(
    r"\b(?:you|u|they|it|the letter|my letter)(?:'ll| will| should| would|'d| are going to"
    r"| is going to|'s going to)?\s+(?:get|receive|have|reach|arrive|land|be delivered)"
    r"(?:s|d)?\b(?:\s+(?:it|you|them|with you|to you|there))?"
    r"|\b(?:reaches|arrives|lands|gets to)\s+(?:you|them)\b|\bdelivered to you\b"
)


# "you received my complaint letter on Monday 23 November", "you got my letter on Monday", "it
# arrived on the 23rd": a letter the provider has already received, on a day gone by (outside
# testers, round 13: read as the year after, or as a case to look up).
_RECEIVED_ALREADY = re.compile(
    r"\b(?:you|u|they)(?:'ve| have| had)?\s+(?:received|got|had)\b"
    r"|\b(?:it|the letter|my letter)(?:'s| has| had)?\s+(?:arrived|reached you|landed|got to you|been delivered)\b"
    r"|\bdelivered to you\b"
)


def letter_received_day_in(text: str | None, today: date) -> date | None:
    """The day on which a message says the provider receives the customer's letter: still to
    come ("I'm going to post a letter that you'll get on 23rd December") or gone by ("you received
    my complaint letter on Monday 23 November"), or None. The day it is posted ("if I post a
    letter on 23 December") is not that day."""
    words = plain(str(text or "")[:500])
    if not re.search(r"\bletters?\b", words):
        return None
    already = _RECEIVED_ALREADY.search(words)
    if already is not None and not supposes_a_complaint(words):
        past = [
            day
            for at, day in dates_with_places(words, today)
            if day <= today and at >= already.start()
        ]
        if past:
            return max(past)
    found = _RECEIVED_BY_YOU.search(words)
    if found is None:
        return None
    days = [
        day
        for at, day in dates_with_places(words, today, ahead=True)
        if day > today and at >= found.start()
    ]
    return min(days, default=None)


# A time of day said with a day to come ("on 24 December at 4.30pm", "at 6pm", "18:00", "quarter
# to six tonight"): the time a complaint made then is received, which the code's reply times count
# from (outside compliance F4, customers B F17: 09:00 was used, a day early after closing). A
# number alone ("at 5") is no time: "4 Elm Road" is an address.
_CLOCK_TIME = re.compile(
    r"\b(\d{1,2})(?:[:.]([0-5]\d))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])"
    r"|\b([01]?\d|2[0-3]):([0-5]\d)\b"
)
_HOUR_WORD = "|".join(sorted(BASE_NUMBER_WORDS, key=len, reverse=True))
_SPOKEN_TIME = re.compile(
    rf"\b(quarter to|quarter past|half past|half)\s+(\d{{1,2}}|{_HOUR_WORD})\b"
    rf"|\b(\d{{1,2}}|{_HOUR_WORD})\s+o'?\s?clock\b"
    r"|\b(noon|midday|midnight)\b"
)
_EVENING = re.compile(r"\b(?:tonight|this evening|in the evening|in the afternoon|pm)\b")
_MORNING = re.compile(r"\b(?:in the morning|this morning|am)\b")


def time_of_day_in(text: str | None) -> time | None:
    """The time of day a message names ("4.30pm", "10am", "18:00", "quarter to six tonight",
    "half five", "midday"), or None. A spoken hour with no "am"/"pm" is read as in the working
    day: 8 to 11 in the morning, 12 noon, 1 to 7 in the afternoon or evening, unless the words
    say "morning" or "tonight"."""
    words = plain(str(text or "")[:500])
    match = _CLOCK_TIME.search(words)
    if match is not None:
        if match.group(1) is not None:
            hour, minute = int(match.group(1)), int(match.group(2) or 0)
            if not 1 <= hour <= 12:
                return None
            evening = match.group(3).startswith("p")
            return time(hour % 12 + (12 if evening else 0), minute)
        return time(int(match.group(4)), int(match.group(5)))
    match = _SPOKEN_TIME.search(words)
    if match is None:
        return None
    if match.group(4) is not None:
        return time(0) if match.group(4) == "midnight" else time(12)
    said = match.group(2) or match.group(3)
    hour = int(said) if said.isdigit() else BASE_NUMBER_WORDS[said]
    if not 1 <= hour <= 12:
        return None
    minute = {"quarter to": -15, "quarter past": 15, "half past": 30, "half": 30}.get(
        match.group(1) or "", 0
    )
    if _EVENING.search(words):
        hour = hour % 12 + 12
    elif not _MORNING.search(words) and hour <= 7:
        hour += 12
    moment = datetime.combine(date(2000, 1, 1), time(hour % 24)) + timedelta(minutes=minute)
    return moment.time()


# "are you open on bank holidays?", "do your lines open on a public holiday?"
_BANK_HOLIDAYS = re.compile(r"\b(?:bank|public)\s+holidays?\b")


def asks_about_bank_holidays(text: str | None) -> bool:
    """Whether a message asks about bank holidays in general ("are you open on bank holidays?")."""
    return bool(_BANK_HOLIDAYS.search(plain(str(text or "")[:500])))


def day_asked_about(text: str | None, today: date) -> date | None:
    """The one day after today (or today, named by its weekday) a question about reaching the provider names ("can I ring you on
    28 December?", "are you open on christmas day", "are your lines open on monday 28
    december"): a day and month with no year is the next such day. None when it names none, or
    more than one (outside compliance reader, round 10, F14: answered with today's hours)."""
    words = plain(str(text or "")[:500])
    days = {day for _, day in dates_with_places(words, today, ahead=True) if day > today}
    if not days and any(
        _today_named(m.group(0)) and _WEEKDAYS.index(m.group(1)) == today.weekday()
        for m in _WEEKDAY_AHEAD.finditer(words)
    ):
        return today  # "can I ring on Saturday?" asked on a Saturday (r14 F10)
    return days.pop() if len(days) == 1 else None


# "i rang today and they said someone would call me back", "I called you earlier today": a call
# already made today, so within today's opening hours whatever the time is now.
_CALLED_EARLIER_TODAY = re.compile(
    r"\b(?:i|we) (?:rang|called|phoned|telephoned|spoke to (?:you|them|someone))"
    r"(?: (?:you|them|up|your \w+))?(?: (?:guys|lot))? (?:earlier |already )?(?:today|this morning|"
    r"this afternoon)\b"
)


def called_earlier_today(text: str | None) -> bool:
    """Whether the customer says they phoned earlier today (outside customers A, round 12, M6:
    counted from now, after the lines closed, a working day late)."""
    return bool(_CALLED_EARLIER_TODAY.search(plain(text)))


# "sorry no it was the 30th not the 3rd", "30th not 3rd", "the date i first complained, it was the
# 30th": a day of the month, with no month, put in place of the day first raised read back (outside
# words, round 16, F11: "What would you like to change?", the 3rd kept).
_OLD_DAY_AFTER = re.compile(
    r"\b(?:not|instead of|rather than)\s+(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b"
)
_NEW_DAY = re.compile(
    r"(?:\bthe\s+(\d{1,2})(?:st|nd|rd|th)?|\b(\d{1,2})(?:st|nd|rd|th))\b"
    r"(?!\s*(?:of\s+)?(?:time|times|floor|attempt|occasion|try|call|week|month|year|day)s?\b)"
)
_DAY_CORRECTED = re.compile(
    r"\b(?:no|not|it was|was|actually|wrong|should be|meant|date|day|sorry|raised|first)\b"
)


def day_of_month_corrected(text: str | None, held: date, today: date) -> date | None:
    """The day first raised a correction names by its day of the month alone ("no it was the 30th
    not the 3rd" against 3 October is 30 October): that day in the month of the day `held`, when
    the words correct it, name no month and one day, and it is before `today`; else None."""
    words = plain(text)
    if not _DAY_CORRECTED.search(words) or re.search(rf"\b(?:{_MONTH_NAME})\b", words):
        return None
    days = {int(a or b) for a, b in _NEW_DAY.findall(_OLD_DAY_AFTER.sub(" ", words))}
    if len(days) != 1:
        return None
    try:
        named = held.replace(day=days.pop())
    except ValueError:
        return None
    return named if named < today and named != held else None


# --- a day corrected in passing ------------------------------------------------------------------
# "sorry it was the 13th not the 3rd", "actually it started on Tuesday not Monday", "not the 3rd,
# the 13th": a day said, and the one it replaces (outside words testers, round 18, F64: typed while
# the form asked something else, and never applied).
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)"
_A_DAY = (
    rf"(?:the\s+)?{_ORDINAL}(?:\s+(?:of\s+)?(?:{_MONTH_NAME}))?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_NAME})"
    rf"|(?:{_MONTH_NAME})\s+(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|(?:last\s+|this\s+)?(?:{'|'.join(_WEEKDAYS)})(?:\s+the\s+{_ORDINAL})?"
)
_DAY_NOT_DAY = re.compile(
    rf"(?<![\w])(?:on\s+)?(?P<new>{_A_DAY})\s*,?\s+(?:and\s+)?not\s+(?:on\s+)?(?P<old>{_A_DAY})(?![\w])"
    rf"|\bnot\s+(?:on\s+)?(?P<old2>{_A_DAY})\s*[,;-]?\s*(?:but\s+|it\s+was\s+|it'?s\s+|its\s+)?"
    rf"(?:on\s+)?(?P<new2>{_A_DAY})(?![\w])",
    re.IGNORECASE,
)


def day_corrected(text: str | None) -> tuple[str, str] | None:
    """The day a message says was wrong and the day it should be, as typed: "sorry it was the 13th
    not the 3rd" gives ("the 3rd", "the 13th"); None when it corrects no day."""
    found = _DAY_NOT_DAY.search(str(text or "")[:500])
    if found is None:
        return None
    old = (found.group("old") or found.group("old2")).strip()
    new = (found.group("new") or found.group("new2")).strip()
    if plain(old) == plain(new):
        return None
    return old, new


def day_of(words: str, today: date) -> date | None:
    """The one day a few words name ("the 3rd", "Monday", "3 December"), the most recent such
    day up to `today`; None when they name none."""
    found = stated_dates(f"on {words}", today)
    return found[0] if found else None
