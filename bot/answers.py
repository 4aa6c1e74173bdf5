"""Reading a customer's free-text answers: "no email", "about 25 staff", "ring me", "it's IG-7k3q9x".

The assistant's form hands these functions whatever the customer typed; they pick out the value or
say there is none. Validation proper (is this a real postcode?) lives in `bot.intake`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

# Answers that say no: to the accessibility question, to an optional detail, to a phone number.
# One list, read as the whole answer by `is_skip` and at the start of one by `declines_needs` and
# `declines_phone` ("no thats fine", "nope, email is fine").
NO_ANSWERS = (
    "no",
    "none",
    "nope",
    "nah",
    "n/a",
    "na",
    "nothing",
    "not really",
    "no thanks",
    "no thank you",
    "no need",
    "not needed",
)
# Answers that decline to give a detail at all.
RATHER_NOT = ("skip", "i'd rather not", "id rather not", "rather not", "prefer not to say")

_SKIP_ANSWERS = {
    *NO_ANSWERS,
    *RATHER_NOT,
    "no email",
    "no e-mail",
    "i don't have one",
    "i dont have one",
    "don't have one",
    "dont have one",
    "don't have an email",
    "dont have an email",
    "i don't have email",
    "i dont have email",
    "no phone",
    "no number",
    "nothing thanks",
    "none thanks",
    "none thank you",
    "no account",
    "no account number",
    "i don't know it",
    "i dont know it",
    "don't know",
    "dont know",
    "dunno",
    "idk",
    "no idea",
    "not sure",
    "no clue",
    "i dunno",
    "i don't know",
    "i dont know",
}

# An apostrophe may sit inside the local part (sean.o'brien@...), never at its start or in the domain.
_EMAIL = re.compile(
    r"[^\s@<>()\[\],;:\"'](?:[^\s@<>()\[\],;:\"]*[^\s@<>()\[\],;:\"'])?"
    r"@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+"
)
# The number words, one to twelve: the base of every reader's table of number words below.
_BASE_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# A head count's words ("just me", "we're eight people", "fifteen staff"). Words of one length are
# tried in this order (`find_employee_count`), so "zero" and "none" come before the base's words.
_NUMBER_WORDS = {
    "zero": 0,
    "none": 0,
    **_BASE_NUMBER_WORDS,
    "just me": 1,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
# A relative date's count ("three weeks ago", "a month ago", "a couple of days ago": `_AGO`).
_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "couple of": 2,
    **_BASE_NUMBER_WORDS,
}


def plain(text: str | None) -> str:
    """Lower case, trimmed, with punctuation at the ends and repeated spaces removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text)).lower().replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip(" .!?,;:-\t\n")


def is_skip(text: str | None) -> bool:
    """Whether the customer declined to give an optional answer."""
    return plain(text) in _SKIP_ANSWERS


def _one_of(phrases: tuple[str, ...]) -> str:
    """A regex alternation of the phrases, longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


# --- refusals: "no email", "haven't got a phone", "rather than by post" ---------------------------

# Words that say a way of contact is not there or not wanted, before its name. One list for every
# reader of refusals: the answers to the e-mail and phone questions, and the contact preference.
REFUSING = (
    "no",
    "not",
    "not got",
    "never",
    "never said",
    "without",
    "rather than",
    "instead of",
    "don't",
    "dont",
    "do not",
    "haven't",
    "havent",
    "have not",
    "can't",
    "cant",
    "cannot",
    "hate",
)
# The names of each way of contact.
ROUTE_NAMES = {
    "email": r"e-?mails?",
    "phone": r"phone|mobile|calls?",
    "letter": r"letters?|post",
    "text": r"texts?",
}
# Between the refusal and the name may stand a word of degree, a verb and an article: "don't
# actually have an email", "no longer use my email", "can't get to my e-mail", "never had a phone",
# "not got any phone", "rather than by post".
_BETWEEN = (
    r"(?:\s+(?:think|believe|reckon)\s+i)?"  # "I don't think I have an email"
    r"(?:\s+(?:really|actually|even|longer))?"
    # "i dont trust email", "never read my email", "don't like phone calls" (outside customers B,
    # 27 Nov: "letter please, i dont trust email" was stored as contact by email).
    r"(?:\s+(?:use|have|want|do|got|had|need|get to|access|check|trust|like|read|open|answer|"
    r"pick up|look at))?"
    r"(?:\s+(?:an?|any|by|my|the))?"
)


def _refusal(names: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_one_of(REFUSING)}){_BETWEEN}\s+(?:{names})\b")


_REFUSALS = {route: _refusal(names) for route, names in ROUTE_NAMES.items()}
_ANY_REFUSAL = _refusal("|".join(ROUTE_NAMES.values()))


def refuses(words: str, route: str) -> bool:
    """Whether the (plain) words refuse this way of contact: "dont have email", "no phone"."""
    return bool(_REFUSALS[route].search(words))


def without_refused_routes(words: str) -> str:
    """The (plain) words with every refused way of contact taken out ("no email, by post" keeps
    "by post"), so that the ways that are left can be read as the ones wanted."""
    return _ANY_REFUSAL.sub(" ", words)


def find_email(text: str) -> str | None:
    match = _EMAIL.search((text or "")[:320])  # an email address is at most 254 characters
    return match.group(0).rstrip(".") if match else None


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
    "contractors": r"(?:sub-?)?contractors?|freelancers?|subbies|subby",
    "volunteers": r"volunteers?",
}
_GROUP_SINGULAR = {"employees": "employee", "contractors": "contractor", "volunteers": "volunteer"}
_NUMBER = r"\d[\d,]*|" + "|".join(
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


def _as_number(text: str) -> int | None:
    if text in ("a", "an"):
        return 1
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
    groups = _named_groups(text)
    return HeadCount(groups) if groups else None


def _with_unnamed_staff(text: str, named: HeadCount) -> HeadCount:
    """An answer that names contractors or volunteers but gives its staff as a bare number ("25
    like i said plus 2 contractors", "6 of us plus 3 subbies"): that number is the employees
    (outside testing, 27 Nov: stored as 2, and a 27-person firm told the ombudsman was open)."""
    words = plain(str(text)[:500])
    attached = {m.start(1) for m in _GROUP_COUNT.finditer(words)}
    for match in re.finditer(rf"\b({_NUMBER})\b(?!\s*(?:{_NOT_PEOPLE}))", words):
        if match.start(1) in attached or match.group(1) in ("a", "an"):
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
_NOT_PEOPLE = (
    r"years?|yrs?|months?|weeks?|days?|hours?|sites?|offices?|branches?|lines?|phones?|"
    r"handsets?|%|percent|pounds?|quid|k\b|of (?:them|whom|those|which)\b"
)


# Naming an ADR scheme, by what it is or by either approved scheme's name.
_ADR_NAMED = re.compile(r"\b(?:ombudsm[ae]n|adr|cisas|dispute resolution|the scheme)\b")


def asks_adr_for_a_business_size(text: str | None) -> bool:
    """ "We're a small firm with 8 staff and 4 contractors. Can we go to ADR?", "I'm a business
    with 10 employees. Can I use CISAS?": a question about ADR that gives a business's head count
    (outside testers: not understood, or read as another question, while the same words with 12
    or 25 employees were answered)."""
    return (
        stated_business_size(text) is not None
        and bool(_ADR_NAMED.search(plain(text)))
        and is_a_question(text)
    )


def find_head_count(text: str | None) -> HeadCount | None:
    """A business's answer to the head-count question: the groups it names ("6 employees and 7
    contractors"), or else its one number ("about 25", "we're eight people", "just me")."""
    named = stated_business_size(text)
    if named is not None:
        return _with_unnamed_staff(str(text), named)
    number = find_employee_count(text) if text is not None else None
    return None if number is None else HeadCount(unnamed=number)


# Words that do not occur in people's names but do in questions, commands and small talk, so a
# message containing one is not taken for a name ("can I talk to someone", "stop this now").
_NOT_NAME_WORDS = frozenset(
    {
        "a",
        "about",
        "afternoon",
        "am",
        "an",
        "and",
        "any",
        "anyone",
        "are",
        "as",
        "at",
        "be",
        "bot",
        "but",
        "by",
        "bye",
        "call",
        "can",
        "cancel",
        "cheers",
        "complain",
        "complaint",
        "could",
        "data",
        "did",
        "do",
        "does",
        "email",
        "end",
        "escalate",
        "evening",
        "fine",
        "for",
        "forget",
        "from",
        "get",
        "give",
        "going",
        "good",
        "goodbye",
        "got",
        "great",
        "had",
        "has",
        "have",
        "hello",
        "help",
        "hey",
        "hi",
        "how",
        "human",
        "i",
        "i'm",
        "if",
        "incorrect",
        "in",
        "is",
        "it",
        "it's",
        "just",
        "letter",
        "like",
        "long",
        "me",
        "mind",
        "morning",
        "my",
        "need",
        "never",
        "no",
        "not",
        "now",
        "of",
        "ok",
        "okay",
        "on",
        "or",
        "out",
        "person",
        "phone",
        "please",
        "pls",
        "quit",
        "refund",
        "reply",
        "right",
        "robot",
        "sorry",
        "speak",
        "stop",
        "sure",
        "talk",
        "thank",
        "thanks",
        "that",
        "the",
        "there",
        "this",
        "time",
        "to",
        "ugh",
        "wait",
        "want",
        "was",
        "we",
        "what",
        "when",
        "where",
        "who",
        "why",
        "will",
        "with",
        "would",
        "wrong",
        "yes",
        "you",
        "your",
    }
)
_INITIAL = re.compile(r"^[^\W\d_]\.$")  # "J." in "Mrs J. Smith"
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’.-])*$")


def looks_like_a_name(text: str | None) -> bool:
    """Whether a reply to "What is your name?" has the shape of a person's name: two to five words
    of letters (apostrophes, hyphens and initials allowed: "Siobhan O'Neill", "Mrs J. Smith-Jones"),
    none of them a word of ordinary speech. Names are words a language model has rarely seen, so
    its guess at their intent is noise; their shape is the better evidence."""
    words = plain(text).split()
    if not 2 <= len(words) <= 5:
        return False
    return all(
        _NAME_WORD.match(w) and (_INITIAL.match(w) or w not in _NOT_NAME_WORDS) for w in words
    )


_QUESTION_START = re.compile(
    r"^(how|what|when|who|why|where|which|can|could|do|does|is|are|will|would|should|if)\b"
)


def looks_like_a_description(text: str | None) -> bool:
    """Whether a reply to "what happened?" is an account of what happened: at least three words,
    not a question back to the assistant ("how long will this take?"). Short replies ("stop",
    "talk to someone") are left to be heard as what NLU says they are."""
    words = plain(text).split()
    if len(words) < 3:
        return False
    question = str(text).strip().endswith("?") and _QUESTION_START.match(plain(text))
    return not question


# --- details picked out of what the customer wrote (issues 15 and 19) -------------------------

# Every Royal Mail shape (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA), any case, with or
# without the space; `bot.intake.clean_postcode` has the last word on whether it is one.
_POSTCODE_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)
_PHONE_IN_TEXT = re.compile(
    r"(?:\+44\s?(?:\(0\)\s?)?|(?<!\d)0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
)
# "my account number is", "A/C no:" before the number; not the "ACC-" of "ACC-99".
_ACCOUNT_LEAD_IN = re.compile(
    r"^(?:it'?s\s+|my\s+|the\s+|our\s+)?(?:account|acc|a/c|acct)(?=[\s.:#]|$)\.?\s*"
    r"(?:number|no\.?|num|#|ref(?:erence)?)?\s*(?:is|=|:|-)?\s*",
    re.IGNORECASE,
)
# Words around an account number rather than in it ("it is ACC 99 I think").
# fmt: off
_ACCOUNT_FILLER = frozenset({
    "i", "i'm", "im", "think", "it", "it's", "its", "is", "was", "suppose", "maybe", "probably",
    "guess", "not", "sure", "that's", "thats", "number", "account", "my", "the", "our", "er",
    "erm", "um", "well", "ok", "okay", "please", "thanks",
})
# fmt: on
# One word of an account number: it has a digit ("4471", "ACC-99") or is a short code in capitals
# ("IG").
_ACCOUNT_WORD = re.compile(r"^(?:[A-Za-z0-9./_-]*\d[A-Za-z0-9./_-]*|[A-Z]{1,5})$")
# "dont have it to hand", "I don't have an account number", "can't find it": no account number.
_NOT_TO_HAND = re.compile(
    r"\b(?:do\s*n'?o?t|dont|don't|haven'?t|have\s+not|no)\s+(?:have|got|know)\b|\bto hand\b"
    r"|\bcan'?t\s+find\b|\bcannot\s+find\b|\bno idea\b|\bnot sure\b|\bnot got\b"
    r"|\bdunno\b|\bidk\b|\bdon'?t know\b|\bdont know\b",
    re.IGNORECASE,
)
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


def find_postcode(text: str | None) -> str | None:
    """The whole postcode in what the customer wrote ("it's E1 6AN" gives "E1 6AN")."""
    for match in _POSTCODE_IN_TEXT.finditer(str(text or "")[:500]):
        return f"{match.group(1)} {match.group(2)}"
    return None


def find_phone(text: str | None) -> str | None:
    match = _PHONE_IN_TEXT.search(str(text or "")[:500])
    return match.group(0).strip() if match else None


def phone_meant(text: str | None) -> str | None:
    """The phone number an answer ends on: "07911 123456 - actually no sorry its 07911 123465" is
    the second (outside testing, 27 Nov: the first was stored)."""
    found = [m.group(0).strip() for m in _PHONE_IN_TEXT.finditer(str(text or "")[:500])]
    return found[-1] if found else None


def has_no_account_number(text: str | None) -> bool:
    """The customer says they have no account number to give ("dont have it to hand")."""
    return is_skip(text) or bool(_NOT_TO_HAND.search(plain(text)))


_NO_REFERENCE = re.compile(
    r"\b(?:lost|forgot(?:ten)?|misplaced|never (?:got|had|received)|no (?:ref|reference)|"
    r"without (?:it|a reference|the reference))\b"
)


def has_no_reference(text: str | None) -> bool:
    """The customer says they have no complaint reference to give ("I don't have it", "lost it")."""
    return has_no_account_number(text) or bool(_NO_REFERENCE.search(plain(text)))


def address_without_postcode(text: str | None) -> str:
    """ "12 Elm Road, Tunbridge Wells TN2 3AB" is the address "12 Elm Road, Tunbridge Wells": the
    postcode is its own field."""
    text = str(text or "")
    match = _POSTCODE_IN_TEXT.search(text)
    if match:
        text = text[: match.start()] + text[match.end() :]
    return text.strip(" ,.;\n")


def account_from_answer(text: str | None) -> str | None:
    """The account number in "my account number is IG 4471 2290" or "well, it is ACC-99 I
    suppose" (None when there is none). After the lead-in words, the answer is kept as typed
    unless it has words around the number; then it is the first run of account-number words with
    a digit in it, a capitals code before the digits kept."""
    if text is None or has_no_account_number(text):
        return None
    value = _ACCOUNT_LEAD_IN.sub("", str(text).strip(), count=1).strip(" .!,;?")
    words = [w.strip(" .!,;?") for w in value.split()]
    if "," not in value and not any(w.lower() in _ACCOUNT_FILLER for w in words):
        return value or None
    run: list[str] = []
    for word in [*words, ""]:
        if word and _ACCOUNT_WORD.match(word):
            run.append(word)
            continue
        while run and not any(c.isdigit() for c in run[-1]):
            run.pop()  # "ACC-99 I": a capital letter after the number is not part of it
        if run:
            return " ".join(run)
    return None


def customer_type_in(text: str | None) -> str | None:
    """ "I'm a residential customer" is a consumer; "we're a small charity" a business."""
    words = plain(text)
    if not words:
        return None
    for kind, other, named in (
        ("business", "consumer", _BUSINESS_WORDS),
        ("consumer", "business", _CONSUMER_WORDS),
    ):
        for w in named:
            found = re.search(rf"\b{re.escape(w)}\b", words)
            if found is None:
                continue
            # "I'm not a business", "it's not for a company": the other kind (the outside
            # customers: an 84-year-old was taken for a business and asked for a head count).
            before = words[: found.start()].split()[-3:]
            return other if {"not", "isn't", "isnt", "aren't", "arent"} & set(before) else kind
    return None


_CHANNEL_WORDS: tuple[tuple[str, str], ...] = (
    ("letter", r"\b(?:letters?|post|posted|by post|write to (?:you|me)|write in|writing)\b"),
    ("email", r"\be-?mail(?:ed|ing)?\b"),
    ("phone", r"\b(?:ring|rang|phone|call|calling|telephone)\b"),
    # "and this chat?" after the reply times (outside compliance F1, 27 Nov: read as stop).
    ("chat", r"\b(?:(?:this|the|web|live|online) ?chat|chat(?:ting)? (?:here|to you|with you))\b"),
)


_BEEN_ON_THE_PHONE = re.compile(
    r"\b(?:been|was|were|spent(?: \w+){0,3}|hours?|all (?:morning|day|afternoon|week))\s+"
    r"(?:on the phone|on hold|ringing|phoning|calling)\b"
)


def channel_named(text: str | None) -> str | None:
    """The channel a question is about ("if I send a letter, when will I hear back?"); "write to
    you by email" is e-mail (outside compliance review, 27 Nov: read as a letter, and told twice
    the code's time for e-mail)."""
    # "ive been on the phone all morning" says what the customer went through, not the channel
    # the question is about (outside customers A, F1, 27 Nov: told the code's phone promise).
    words = _BEEN_ON_THE_PHONE.sub(" ", plain(text))
    if re.search(r"\b(?:write|writing|wrote)\b[^.?!]{0,25}\b(?:by|via|in an?|on) e-?mail\b", words):
        return "email"
    for channel, pattern in _CHANNEL_WORDS:
        if re.search(pattern, words):
            return channel
    return None


# --- the first message ---------------------------------------------------------------------

_NAME_INTRO = re.compile(
    r"(?i:\bi'?m|\bi am|\bmy name is|\bname\s*[:=-]|\bname(?:'s|\s+is)|\bthis is|\bit'?s|"
    r"\bcomplaint from|\bfrom)\s+"
    r"((?i:mrs?|ms|miss|dr|mr)\.?\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
_BOILERPLATE = re.compile(
    r"\b(?:hi|hello|hiya|hey|please|pls|i\s+(?:want|would like|'d like|need|wish)\s+to|"
    r"i'?d like to|want to|wanna|make|raise|log|put in|lodge|file|a|an|the|my|formal|"
    r"complain(?:t|ing)?|about|with|regarding|re|for|of|on|your|you|to|me)\b",
    re.IGNORECASE,
)
# Fewer words than this, once greetings, "I want to complain about" and the details are taken
# out, and the message says too little to stand as the account of what happened.
MIN_DESCRIPTION_WORDS = 7


def _without_details(text: str) -> str:
    text = _EMAIL.sub(" ", text)
    text = _PHONE_IN_TEXT.sub(" ", text)
    text = _POSTCODE_IN_TEXT.sub(" ", text)
    text = _NAME_INTRO.sub(" ", text)
    return text


def says_what_happened(text: str | None) -> bool:
    """Whether a first message tells what went wrong, not just that there is a complaint."""
    rest = _BOILERPLATE.sub(" ", _without_details(str(text or "")))
    words = re.findall(r"[\w£$€%'’/.-]+", rest)
    return len(words) >= MIN_DESCRIPTION_WORDS


def name_in(text: str | None) -> str | None:
    """The name a customer introduced themselves with ("Hi, I'm Priya Shah", "name: Tom O'Brien")."""
    for match in _NAME_INTRO.finditer(str(text or "")):
        title, name = match.group(1) or "", match.group(2).strip(" .,")
        words = name.split()
        while words and plain(words[-1]) in _NOT_NAME_WORDS:
            words.pop()
        if words and all(w.isupper() and len(w) > 1 for w in words):
            continue  # "THIS IS THE THIRD TIME IVE ...": shouting, not a name (the outside set)
        if len(words) >= 2 or (title and words):
            return (title + " ".join(words)).strip()
    return None


def first_message_facts(text: str | None) -> dict[str, str]:
    """What a first message already gives for the complaint form (issue 15): its account of
    what happened (when it says enough), and any name, e-mail, phone or postcode in it."""
    text = str(text or "")
    facts: dict[str, str] = {}
    if says_what_happened(text):
        facts["description"] = text.strip()
    for field, found in (
        ("category", category_in(text)),
        ("name", name_in(text)),
        ("email", find_email(text)),
        ("phone", find_phone(text)),
        ("postcode", find_postcode(text)),
    ):
        if found:
            facts[field] = found
    return facts


# --- "what would you like to change?" ----------------------------------------------------------

# Which detail a change names, by the words customers use for it; the first found decides.
_CHANGE_FIELDS: tuple[tuple[str, str], ...] = (
    (
        "description",
        r"what happened|description|the complaint (?:is|should)|my complaint (?:is|should)|details of",
    ),
    ("email", r"\be-?mail"),
    ("account", r"\baccount\b"),
    # Before the phone's "number": "the number of staff is 8 plus 2 part timers" (outside customers
    # B, 27 Nov: read as a phone number, or not at all, and the complaint lost).
    (
        "employees",
        r"\b(?:staff|employees|head ?count|number of (?:staff|employees|people|workers)|"
        r"contractors|volunteers|part[- ]?timers)\b",
    ),
    ("phone", r"\b(?:phone|mobile|number|tel|landline)\b"),
    ("postcode", r"\bpost ?code\b"),
    ("address", r"\baddress\b"),
    ("name", r"\bname\b"),
    ("category", r"\b(?:category|it'?s about|about)\b"),
    ("contact_preference", r"\bcontact (?:me )?by\b|\bcontact preference\b|\bprefer\b"),
    ("customer_type", r"\b(?:consumer|business|residential)\b"),
    ("accessibility_needs", r"\b(?:large print|braille|accessib\w*|text relay)\b"),
)
_CHANGE_LEAD_IN = re.compile(
    r"^.*?(?:\bshould (?:say|be|read)\b|\bis actually\b|\bis\b|\bto\b|\bwas\b|:|=)\s*",
    re.IGNORECASE,
)


def change_asked(text: str | None) -> tuple[str, str] | None:
    """The detail to change and its new value: "what happened is I was charged £60 ..." gives
    ("description", "I was charged £60 ..."); "change my email to a@b.co" gives ("email", "a@b.co").
    None when the message names no detail."""
    text = str(text or "").strip()
    lowered = plain(text)
    route = preference_change(text)
    if route is not None:
        # "contact me by email instead" changes the preference, not the e-mail (issue 15).
        return "contact_preference", route
    for field, pattern in _CHANGE_FIELDS:
        match = re.search(pattern, lowered)
        if not match:
            continue
        if field == "email" and find_email(text):
            return field, find_email(text) or ""
        if field == "phone" and find_phone(text):
            return field, find_phone(text) or ""
        if field == "postcode" and find_postcode(text):
            return field, find_postcode(text) or ""
        start = match.end()
        rest = text[start:] if field == "description" else text
        if field == "description":
            value = re.sub(r"^\s*(?:is|was|should (?:say|be|read)|:|-|=)\s*", "", rest, flags=re.I)
        elif field == "address":
            # "the address is wrong, its 14 Station Road": what follows the last "is"/"it's"/"to"
            # (outside testing: "wrong, its 14 Station Road" was stored).
            parts = re.split(r"\b(?:is|it'?s|its|to|should be)\b|:", text, flags=re.I)
            value = parts[-1]
        else:
            value = _CHANGE_LEAD_IN.sub("", text, count=1)
        value = value.strip(" .,")
        return (field, value) if value else None
    return None


def name_without_details(text: str | None) -> str | None:
    """ "Kate Morgan, kate.morgan@example.net, 07700 900 215" is the name Kate Morgan."""
    if text is None:
        return None
    rest = _EMAIL.sub(" ", str(text))
    rest = _PHONE_IN_TEXT.sub(" ", rest)
    if rest == str(text):
        return text
    rest = _POSTCODE_IN_TEXT.sub(" ", rest)
    return re.sub(
        r"[\s,;/|-]+$", "", re.sub(r"^[\s,;/|-]+", "", re.sub(r"\s*[,;/|]\s*[,;/|\s]*", ", ", rest))
    ).strip(" ,")


_ASKING = re.compile(
    r"^(?:how|hows|what|whats|when|whens|who|whos|why|where|wheres|which|can|could|do|does|did|"
    r"is|are|will|would|should|if|am|may|tell me|i want to know|i'd like to know|id like to know|"
    r"i need to know|wondering|any idea)\b"
)
_GRIEVANCE = re.compile(
    r"\b(?:you'?ve|you have|you are|you're|youre|they'?ve|charged|charging|still taking|took|"
    r"taken|refus\w*|won'?t|wont|never|keep|kept|not happy|ridiculous|disgust\w*|fuming|"
    r"harass\w*|without (?:my|asking|permission|consent)|mis-?sold|ignor\w*|lost|wrong|"
    r"over-?charg\w*|double[- ]?charg\w*|never (?:agreed|asked|ordered|signed))\b"
)


_REQUEST = re.compile(r"\b(?:can|could|would|will) you\b")


def is_a_question(text: str | None) -> bool:
    """A question or a request to the assistant, not an account of what went wrong."""
    words = plain(text)
    if str(text or "").strip().endswith("?") or _ASKING.match(words):
        return True
    return bool(_REQUEST.search(words)) and not _GRIEVANCE.search(words)


_ACCESSIBILITY_NEED = re.compile(
    r"\b(?:large print|big(?:ger)? (?:print|font)|braille|audio|text ?relay|relay uk|typetalk|"
    r"textphone|minicom|easy read|accessible|sign language|bsl|screen reader)\b"
)


# Deafness, hearing loss or a speech impairment, and relay services by name: a customer for whom
# a phone number alone is no way to reach the provider (outside compliance review M3: "I'm deaf,
# how can I contact you?" was given the phone number and never Relay UK).
_HEARING_OR_SPEECH = re.compile(
    r"\b(?:deaf(?:ness)?|hard of hearing|hearing (?:loss|impair\w*|aids?)|"
    r"can(?:no|')?t hear|speech (?:impair\w*|difficult\w*)|can(?:no|')?t speak|non-?verbal|"
    r"text ?relay|relay uk|typetalk|textphone|minicom|sign language|bsl)\b"
)
_CONTACTING = re.compile(
    r"\b(?:contact|reach|call|phone|ring|speak|talk|get (?:in touch|hold)|how (?:can|do|should) "
    r"i|number)\b"
)


def asks_how_to_contact_without_hearing(text: str | None) -> bool:
    """How a customer who is deaf, hard of hearing or has a speech impairment can reach the
    provider ("I'm deaf, how can I contact you?"): a question about contact, so Relay UK applies."""
    words = plain(text)
    return bool(_HEARING_OR_SPEECH.search(words) and _CONTACTING.search(words))


# Priority fault repair by name (outside compliance review M4: "I'm disabled and rely on my phone
# line, can I get priority fault repair?" was asked whether it meant to report a fault).
_PRIORITY_REPAIR = re.compile(
    r"\bpriority\b(?:\s+\w+){0,3}?\s+(?:repairs?|fix(?:es|ing)?|faults?)\b|"
    r"\b(?:repairs?|faults?|fix(?:es|ing)?)\b(?:\s+\w+){0,3}?\s+(?:prioriti[sz]ed|as a priority|"
    r"first|quicker|faster)\b|\bpriority (?:service )?register\b"
)


def asks_about_priority_repair(text: str | None) -> bool:
    """A question or request about priority fault repair ("can I get priority fault repair?",
    "will my repair be prioritised, I'm disabled"), whether or not a fault is reported with it."""
    return bool(_PRIORITY_REPAIR.search(plain(text)))


# How long a fault takes to fix (issue 14: "How long will it take to fix my fault?" got the
# complaint's reply dates, as if they were the repair's). Asking when or how long, about a fix,
# a repair or the service coming back; about the complaint only when a fault or a service is named.
_WHEN_OR_HOW_LONG = re.compile(
    r"\b(?:how long|when|how soon|how quickly|how fast|how many (?:days|hours|weeks)|by when|"
    r"time ?(?:scale|frame)s?)\b"
)
_REPAIRED = re.compile(
    r"\b(?:fix(?:ed|ing)?|repair(?:ed|ing|s)?|restor(?:e|ed|ing)|mend(?:ed)?|"
    r"back (?:on|up|online|working)|working again)\b|\bfaults? (?:take|last)\b"
)
_SERVICE_OR_FAULT = re.compile(
    r"\b(?:faults?|line|broadband|internet|wi-?fi|connection|phones?|landline|service|e-?mail|"
    r"router|outage|signal|dial ?tone)\b"
)
_ABOUT_THE_COMPLAINT = re.compile(
    r"\b(?:complaints?|case|reference|bills?|billing|charges?|charged|invoices?|account|prices?|"
    r"payments?|direct debit|refunds?)\b"
)


def asks_about_repair_time(text: str | None) -> bool:
    """A question how long a fault will take to fix, or when the service will be back ("how long
    will it take to fix my fault?", "when will my broadband be fixed"): answered with what the
    provider's code says about fault repair times, never a complaint's reply dates. Not priority
    repair (`asks_about_priority_repair`), nor a complaint or a bill to be "fixed" with no fault
    or service named ("when will you fix my bill?")."""
    words = plain(text)
    if not asks_in_a_clause(text) or asks_about_priority_repair(text):
        return False
    if not (_WHEN_OR_HOW_LONG.search(words) and _REPAIRED.search(words)):
        return False
    return not _ABOUT_THE_COMPLAINT.search(words) or bool(_SERVICE_OR_FAULT.search(words))


# Someone else dealing with the complaint for the customer (outside compliance review L8: "Can my
# daughter deal with my complaint for me?" got the accessible-formats answer).
_ON_MY_BEHALF = re.compile(
    r"\bon (?:my|our|his|her|their) behalf\b|\b(?:act|speak|talk|complain|deal|handle|call|ring|"
    r"phone|contact you)\w*(?: \w+){0,4}? (?:for me|for us|instead of me)\b|"
    r"\bpower of attorney\b|\bthird party\b|\b(?:my )?(?:advocate|representative)\b|"
    r"\bauthori[sz]e (?:my|someone|somebody|a)\b"
)
_SOMEONE_ELSE = re.compile(
    r"\b(?:someone|somebody|anyone|(?:my|a) (?:husband|wife|partner|mum|mom|mother|dad|father|son|"
    r"daughter|child|children|brother|sister|friend|neighbou?r|carer|relative|family|nephew|niece|"
    r"grand(?:son|daughter|child)|solicitor|advocate|representative))\b|"
    r"\bpower of attorney\b|\bthird party\b"
)


def asks_about_someone_acting(text: str | None) -> bool:
    """A question whether someone else (a relative, a friend, a carer) may deal with the complaint
    for the customer: a question, naming another person, acting for them."""
    words = plain(text)
    return (
        is_a_question(text)
        and bool(_SOMEONE_ELSE.search(words))
        and bool(_ON_MY_BEHALF.search(words))
    )


_TO_A_BODY = re.compile(
    r"\b(?:complain\w*|report\w*|contact\w*|reach|call|phone|ring|numbers?|address|write|"
    r"email|e-mail|go (?:to|straight to)|take (?:it|this|my complaint) to|instead|details)\b"
)


def asks_to_go_to_body(text: str | None, names: list[str]) -> str | None:
    """Which of `names` (Ofcom) the customer asks to complain to or contact ("can I complain to
    Ofcom instead? what's their number?"); None for a message that only mentions it ("is CISAS
    approved by Ofcom?")."""
    named = body_named(text, names)
    return named if named is not None and _TO_A_BODY.search(plain(text)) else None


_TAKE_UP = re.compile(
    r"\b(?:complain\w*|deal with|sort\w*|handle|investigate|look into|help with|take (?:it|this|"
    r"my complaint|up)|decide|rule on)\b"
)


def asks_body_to_take_up(text: str | None, names: list[str]) -> bool:
    """Whether the customer asks if one of `names` (Ofcom) can take up their complaint ("Can Ofcom
    deal with my complaint?"), not only how to reach it: its answer is the ADR route too."""
    return body_named(text, names) is not None and bool(_TAKE_UP.search(plain(text)))


def body_named(text: str | None, names: list[str]) -> str | None:
    """Which of `names` (bodies that are not the provider, such as Ofcom) a message names."""
    words = plain(text)
    for name in names:
        if re.search(rf"\b{re.escape(name.lower())}\b", words):
            return name
    return None


# The words customers use for a matter an ADR scheme excludes (the matters are in bot/rules); a
# matter not listed here is found by its own words.
_MATTER_WORDS: dict[str, str] = {
    "fraud": r"fraud\w*|scam\w*",
    # "my engineer damaged my wall" (outside customers A, round 2: told CISAS was open).
    "property damage": r"property damage|damag(?:e|ed|ing) (?:to )?(?:my |our |the )?"
    r"(?:property|house|home|wall|walls|ceiling|floor|floors|carpet|garden|drive|driveway|door|"
    r"window|fence|kitchen|roof|car|furniture)",
    "discrimination": r"discriminat\w*",
    "data protection": r"data protection|gdpr|personal data|data breach"
    r"|(?:my |our )?(?:data|details) (?:was |were |has been |have been |got )?(?:leak\w*|breach\w*|stolen)"
    r"|leak\w* (?:my |our )?(?:data|details|information)",
}


def matters_named(text: str | None, matters: tuple[str, ...] | list[str]) -> list[str]:
    """Which of `matters` ("fraud", "data protection") a message names, in their order."""
    words = plain(text)
    return [
        matter
        for matter in matters
        if re.search(rf"\b(?:{_MATTER_WORDS.get(matter, re.escape(matter))})\b", words)
    ]


# A question about "the ombudsman" or "ADR" is about the provider's own scheme.
_ANY_SCHEME = re.compile(r"\b(?:ombudsm[ae]n|adr|dispute resolution|the scheme)\b")


def asks_about_a_scheme(text: str | None) -> bool:
    """Whether a message speaks of an ombudsman or ADR scheme without naming which."""
    return bool(_ANY_SCHEME.search(plain(text)))


_IN_COURT = re.compile(
    r"\bcourts?\b|\bsu(?:e|ing|ed)\b|\blegal (?:action|proceedings)\b|\bsmall claims\b"
)
_AWARD = re.compile(
    r"\bawards?\b|\bhow much\b.*\b(?:compensation|money|get|give|pay)\b"
    r"|\b(?:most|maximum|max|limit|cap|upper limit)\b.*\b(?:compensation|pay|give|get)\b"
)


def asks_adr_about_court(text: str | None) -> bool:
    """ "I'm already taking them to court, can I still go to the ombudsman?": the schemes do not
    take matters already in court (regulation.md)."""
    words = plain(text)
    return bool(_ANY_SCHEME.search(words) or _ADR_WORDS.search(words)) and bool(
        _IN_COURT.search(words)
    )


def asks_about_award(text: str | None) -> bool:
    """ "What's the most the ombudsman can award?": the schemes' largest award (regulation.md)."""
    words = plain(text)
    return bool(_ANY_SCHEME.search(words) or _ADR_WORDS.search(words)) and bool(
        _AWARD.search(words)
    )


def asks_for_accessibility(text: str | None) -> bool:
    """A message that names a format or relay service ("I need large print and I use text relay")
    and tells of nothing gone wrong: a question about accessibility, not a complaint (outside
    compliance review: such messages were taken for complaints or not understood)."""
    words = plain(text)
    return bool(_ACCESSIBILITY_NEED.search(words)) and not _GRIEVANCE.search(words)


_PRICES = re.compile(
    r"\b(?:prices?|pricing|tariffs?|price (?:rise|increase)s?|(?:gone|going|went|put) up|"
    r"increase[sd]?|rises?)\b"
)


def asks_about_prices(text: str | None) -> bool:
    """A question about prices or a price rise ("can I go to the ombudsman about a price rise?"),
    not an account of one: answered with what ADR takes, not taken down as a complaint."""
    return is_a_question(text) and bool(_PRICES.search(plain(text)))


# Words that make a message about a case already raised ("where is my complaint up to?").
_ABOUT_A_CASE = re.compile(
    r"\b(?:status|update|progress|where is|where'?s|up to|reference|ref|my case|"
    r"(?:check|chase)(?: on| up on)? (?:my|the|our) (?:complaint|case)|(?:been )?sent on)\b"
)
_CLAUSES = re.compile(r"[.,;!?\n]+|\s-\s|\b(?:and|but|so)\b")


def asks_in_a_clause(text: str | None) -> bool:
    """A question, or a clause of the message that asks one ("it went up, what if I go to CISAS")."""
    return is_a_question(text) or any(
        _ASKING.match(plain(clause)) for clause in _CLAUSES.split(str(text or "")[:1000])
    )


def asks_adr_about_prices(text: str | None) -> bool:
    """A question about taking a price rise to the ombudsman (ADR), however much it sounds like a
    complaint ("you've put my price up without telling me, can I take you to the ombudsman?"):
    answered with what ADR takes about prices, not a case to look up (outside compliance
    reader, F6: it was asked for a complaint reference)."""
    words = plain(text)
    return (
        bool(_PRICES.search(words))
        and bool(_ANY_SCHEME.search(words) or _ADR_WORDS.search(words))
        and asks_in_a_clause(text)
        and not _ABOUT_A_CASE.search(words)
    )


def asks_about_other_body(text: str | None, names: list[str]) -> str | None:
    """The body that is not the provider (Ofcom) a question asks about ("how do I contact
    Ofcom?", "can I complain to Ofcom?"): answered with that body's own contact details, not a
    case to look up (outside compliance reader, F6). None for a message about a case."""
    named = body_named(text, names)
    if named is None or not asks_in_a_clause(text) or _A_CASE_ITSELF.search(plain(text)):
        return None
    return named


# A case's own business ("the status of my complaint", "my reference"); "can Ofcom sort out my
# complaint?" names the customer's matter, not a case to look up (outside compliance review M3).
_A_CASE_ITSELF = re.compile(
    r"\b(?:status|update|progress|reference|ref|adr letter|deadlock|up to|sent on|"
    r"happening with|where(?:'s| is) (?:my|the|our) complaint|how is (?:my|the|our) complaint)\b"
)

# "What help can you give me?", "is there any extra support for vulnerable customers?".
_HELP_ASKED = re.compile(
    r"\b(?:what|any|extra|more|special|additional) (?:help|support|assistance)\b"
    r"|\b(?:help|support) (?:can|do|could|would) you (?:give|offer|provide)\b"
    r"|\b(?:help|support) for (?:vulnerable|disabled|elderly|older)\b"
)


def asks_what_help(text: str | None) -> bool:
    """A question about the help a customer can have ("I'm partially sighted and recently
    bereaved. What help can you give me with making a complaint?"): the rights of disabled and
    vulnerable customers, not a case to look up (outside compliance review M3: it was asked for a
    complaint reference)."""
    return is_a_question(text) and bool(_HELP_ASKED.search(plain(text)))


# A last clause that asks about the complaint, question mark or not ("i posted my complaint to you
# last week, how long have you got to answer it", "emailed customerservices yesterday, when should
# I expect a reply"). Not "why ..." or "what is going on": in an account of what went wrong those
# are the customer's anger, not a question for the assistant ("why am i being charged for calls i
# never made"); not "can you ...": a request to put it right.
_ASKS_LAST = re.compile(
    r"^(?:how (?:long|soon|do|does|can|many|much)|hows|when|whens|who|whos|where|wheres|which|"
    r"what (?:if|about|happens|do i|do we|should|can i|can we|are my|is the|are the)|"
    r"whats (?:the|your)|is there|"
    r"are there|(?:can|could) (?:i|we) (?:go|take|complain|escalate|use|ask)|"
    r"do i|do we|should i|should we|am i|have i got|have you got|how's)\b"
)


def asks_at_the_end(text: str | None) -> bool:
    """Whether the message ends with a clause that asks the assistant something (see _ASKS_LAST)."""
    clauses = [plain(clause) for clause in _CLAUSES.split(str(text or "")[:1000])]
    clauses = [clause for clause in clauses if clause]
    return bool(clauses) and bool(_ASKS_LAST.match(clauses[-1]))


def tells_a_complaint(text: str | None) -> bool:
    """Whether a first message, whatever NLU read it as, is an account of something gone wrong
    said as one: enough words to stand as what happened, grievance in them or the word
    "complaint", and no question at its end ("Still no broadband at the new house 5 weeks after
    the promised go-live date", "I've been on hold for 2 hours 40 minutes today. That is not
    acceptable"). The outside conversation set found such messages told the fault line, the
    cancellation terms, "Do you mean ...?" or "I can't help with that" (issue 15)."""
    if asks_at_the_end(text) or not says_what_happened(text) or not reads_as_a_complaint(text):
        return False
    if _EARLIER_COMPLAINT.search(plain(text)):
        return False  # "I made a complaint last week, what's happening with it": a case to check
    words = plain(text)
    return bool(
        _GRIEVANCE.search(words)
        or _SOMETHING_WRONG.search(words)
        or mentions_a_complaint(text)
        or wants_to_complain(text)
    )


# A complaint already made, spoken of: the model's reading (a case to check, a question) stands.
_EARLIER_COMPLAINT = re.compile(
    r"\b(?:(?:i|we) (?:have |had |'ve |ve )?(?:already )?(?:made|raised|logged|lodged|put in|sent|"
    r"submitted|filed|posted|emailed) (?:a|my|the|our|in a|in my) complaint|my complaint|"
    r"our complaint|the complaint (?:i|we)|(?:i|we) (?:have |'ve )?already complained)\b"
)


# Beyond the fault itself: time, loss, repeats, promises and anger ("went down on 02/12 and we
# lost two days of trading"), not "my internet isnt working" (a fault to report).
_MORE_THAN_A_FAULT = re.compile(
    r"\b(?:still|again|since|for (?:a|an|over|nearly|almost|\d+|two|three|four|five|six) "
    r"(?:\w+ )?(?:hours?|days?|weeks?|months?)|\d+ (?:days?|weeks?|wks?|months?)|lost|losing|"
    r"promised|missed|nobody|no-one|no one|(?:un)?acceptable|not good enough|joke|rubbish|"
    r"terrible|awful|appalling|shocking|useless|disgrac\w*|fed up|sick of|furious|fuming|"
    r"complain\w*)\b"
)


def tells_what_went_wrong(text: str | None) -> bool:
    """Whether the words tell what went wrong, even with a question after it ("Our leased line has
    been down 3 times this month and you still charged full SLA price ... What now?"): enough
    words to stand as what happened, and grievance, something wrong or a fault in them. A
    question with no account in it ("can I deal with it for him?"), or a remark ("we already
    HAVE the deadlock letter"), does not (outside customers B F12, compliance F11, 27 Nov)."""
    if not says_what_happened(text):
        return False
    words = plain(text)
    return bool(
        _GRIEVANCE.search(words) or _SOMETHING_WRONG.search(words) or _FAULT_WORDS.search(words)
    )


def tells_more_than_a_fault(text: str | None) -> bool:
    """Whether a fault report is also a complaint: it tells one (tells_a_complaint) and says
    more than that something does not work (_MORE_THAN_A_FAULT, or grievance)."""
    words = plain(text)
    return tells_a_complaint(text) and bool(
        _MORE_THAN_A_FAULT.search(words) or _GRIEVANCE.search(words)
    )


# What customers say went wrong with a phone, broadband or TV service, its bills, its sales and its
# staff, in the words Ofcom's complaint categories and consumer guides use and customers type (a
# service that is not there or does not work, waits and no answers, money taken or put up, things
# done without asking, staff who did not help): with enough words to stand as what happened, a
# message saying any of these is an account of a complaint, not a question or small talk.
_SOMETHING_WRONG = re.compile(
    r"\b(?:(?:still |got |have |had |been )?no (?:broadband|internet|wifi|wi-fi|signal|service|"
    r"dial ?tone|line|phone|landline|tv|connection|coverage|answer|reply|response|call ?back|"
    r"one|body|update|refund|bill)|nobody|no-one|"
    r"keeps? (?:on )?\w+ing|"
    r"(?:is|was|are|were|been|it'?s|its|keeps?|kept) (?:down|dead|off|dropping|cutting out|"
    r"broken|faulty)|went down|gone down|cut off|disconnected|not working|doesn'?t work|"
    r"don'?t work|isn'?t working|stopped working|(?:un)?acceptable|not good enough|"
    r"joke|rubbish|terrible|awful|appalling|shocking|useless|disgrac\w*|outrageous|"
    r"fed up|sick of|had enough|furious|angry|livid|upset|frustrat\w*|"
    r"on hold|hung up|put the phone down|going round in circles|passed (?:from|around)|"
    r"something different|same thing|(?:\d+|several|many|multiple|three|four|five) times|"
    r"without (?:any |my |our )?(?:notice|warning|telling|asking|consent|permission|agreement)|"
    r"(?:talked|pressured|pushed|tricked|signed) (?:\w+ ){0,3}into|pressured|mis-?sold|lied|"
    r"misled|promised|didn'?t (?:need|want|ask for|agree|order|sign)|"
    r"(?:price|bill|tariff|cost|charges?) (?:has |have )?(?:gone up|went up|increased|doubled)|"
    r"increased|put (?:the |my |our )?price|hiked|overcharg\w*|"
    r"missed|didn'?t (?:turn up|show|arrive|come)|never (?:turned up|arrived|came|showed)|"
    r"cancel+ed|late|delayed|slow|weeks|months|still waiting|waiting)\b"
)


def reads_as_a_complaint(text: str | None) -> bool:
    """Whether a message read as a question about the code tells of something that went wrong
    instead ("I was charged a termination fee"): a complaint is not a question (issue 15)."""
    if is_a_question(text) or asks_at_the_end(text):
        return False
    return (
        says_what_happened(text)
        or bool(_GRIEVANCE.search(plain(text)))
        # "3 missed engineer appointments, complaint": named a complaint by the customer.
        or names_a_new_complaint(text)
        # "i want to complain about the leased line being down", "I DONT WANT TO CANCEL i want to
        # make a complaint" (outside customers B, 27 Nov: the cancellation terms, over and over).
        or names_a_complaint(text)
        or wants_to_complain(text)
    )


_WANTS_TO_COMPLAIN = re.compile(
    r"(?<![a-z'])(?:i|we)\s*(?:'d|would|do|really)?\s*(?:want|wish|like|need|mean)\s+to\s+"
    r"(?:make\s+(?:a\s+)?|raise\s+(?:a\s+)?|log\s+(?:a\s+)?|put\s+in\s+(?:a\s+)?)?complain(?:t)?\b"
)
_NOT_WANTING = re.compile(r"(?:n'?t|\bnot|\bnever)\s+(?:\w+\s+){0,2}$")


def wants_to_complain(text: str | None) -> bool:
    """ "i want to make a complaint", "no, I want to complain to you": said in so many words, and
    not "i don't want to complain"."""
    words = plain(text)
    return any(
        not _NOT_WANTING.search(words[: match.start()])
        for match in _WANTS_TO_COMPLAIN.finditer(words)
    )


# "complaint about being kept on hold", "no internet 3 wks, complaint": a new complaint named as
# one, never a case to look up (a retrained model read both as asking about a case).
_NEW_COMPLAINT = re.compile(
    r"^(?:(?:i (?:want|wish|would like|need) to (?:make|raise|log) )?an? |i have an? )?"
    r"complaint (?:about|re|regarding|over|concerning)\b"
    r"|, (?:a |my )?complaint$"
)
_ABOUT_A_CASE = re.compile(
    r"\b(?:my complaint|the complaint|status|update|progress|reference|ref|escalat\w*|"
    r"adr letter|deadlock)\b"
)


_TOPICS_ASKED: tuple[tuple[str, str], ...] = (
    (
        "ask_adr",
        r"\b(?:ombudsman|adr|cisas|scheme|deadlock|arbitrat\w*|go to (?:them|someone)|"
        r"how long (?:have|do) i (?:got|have)|too late|time limit)\b",
    ),
    ("ask_escalation", r"\b(?:escalat\w*|manager|director|senior|higher up)\b"),
    ("ask_compensation", r"\b(?:compensat\w*|refund\w*|money back|goodwill)\b"),
    ("ask_response_time", r"\b(?:how long|when will|hear back|reply|respond|get back)\b"),
)


def topic_asked(text: str | None) -> str | None:
    """The question a message asks about a complaint already logged ("and how long have i got to
    go to them"), as the intent that answers it; None if it names none of them."""
    words = plain(text)
    for intent, pattern in _TOPICS_ASKED:
        if re.search(pattern, words):
            return intent
    return None


# Questions whose words name what they ask, for a message the model could not read with
# confidence (`ActionClarify`): answering the question named costs the customer nothing, where
# "Do you mean ...?" costs a turn (the outside conversation set: "can i speak to a manager about my
# complaint", "no dial tone - how do i get it fixed?", "is there a fax number?"). First match wins.
_QUESTIONS_NAMED: tuple[tuple[str, str], ...] = (
    (
        "ask_accessible_formats",
        r"\b(?:dyslexi\w*|large print|big print|braille|audio|easy read|text ?relay|relay uk|"
        r"instead of (?:writing|a letter|letters|calling|phoning))\b",
    ),
    (
        "report_fault",
        r"\b(?:report (?:a|the|my|our) fault|get (?:it|this|them|my \w+|the \w+) (?:fixed|repaired)|"
        r"fix (?:it|this|my|the|our)|no dial ?tone)\b",
    ),
    ("ask_escalation", r"\b(?:manager|supervisor|someone (?:more )?senior|higher up|escalat\w*)\b"),
    ("ask_adr", r"\b(?:ombudsman|adr|cisas|arbitrat\w*|deadlock)\b"),
    (
        "ask_response_time",
        r"\b(?:how long|how soon|when (?:will|do|should|can|would) (?:i|we) (?:hear|get|expect|"
        r"receive)|call ?back|hear back|a reply|an answer|respond)\b",
    ),
    (
        "ask_contact",
        r"\b(?:fax|phone number|telephone number|postal address|address|opening hours|open on|"
        r"e-?mail address|contact (?:you|details))\b",
    ),
)
# "track my complaint", "status of my case": asking for a case, question or not.
_CASE_ASKED = re.compile(
    r"^(?:\w+ )?(?:track|chase|check|status of|progress (?:of|on)|update on|any update on) "
    r"(?:my|the|our) (?:complaint|case)\b"
)


def question_named(text: str | None) -> str | None:
    """The intent of the question a message asks in so many words (see _QUESTIONS_NAMED), or
    "check_case" for "track my complaint"; None when it asks none of them, or asks nothing."""
    words = plain(text)
    if _CASE_ASKED.match(words):
        return "check_case"
    if not (is_a_question(text) or asks_at_the_end(text)):
        return None
    for intent, pattern in _QUESTIONS_NAMED:
        if re.search(pattern, words):
            return intent
    return None


def about_a_case(text: str | None) -> bool:
    """Whether the words speak of a complaint or case already raised ("my complaint", "status",
    "reference"): a case to check, not a new complaint."""
    return bool(_ABOUT_A_CASE.search(plain(text)))


def names_a_new_complaint(text: str | None) -> bool:
    """Whether the message names itself a new complaint ("complaint about being kept on hold")
    and says nothing of an existing one."""
    words = plain(text).strip(" .!")
    return bool(_NEW_COMPLAINT.search(words)) and not _ABOUT_A_CASE.search(words)


# --- answers that are not answers (issue 15: "dunno" stored as the account number) -------------

_NON_ANSWERS = {
    "dunno",
    "i dunno",
    "idk",
    "no idea",
    "not sure",
    "no clue",
    "don't know",
    "dont know",
    "i don't know",
    "i dont know",
    "i do not know",
    "not a clue",
    "eh",
    "huh",
    "what",
    "?",
    "??",
    "pass",
}


def is_non_answer(text: str | None) -> bool:
    """ "dunno", "no idea", "?": the customer cannot give this answer (it is never the answer)."""
    words = plain(text)
    return words in _NON_ANSWERS or not re.sub(r"[?\s]", "", str(text or ""))


# The needs the accessibility question is about, as customers name them.
_NEED_WORDS = re.compile(
    r"\b(?:large print|big print|braille|audio|text ?relay|relay uk|textphone|minicom|bsl|"
    r"sign language|easy read|hearing loop|video relay|e-?mail only|letters? only|in writing|"
    r"by letter|by e-?mail|no phone calls?|"
    # "email is better than letters" (outside customers A, 27 Nov: a dyslexic customer's need lost)
    r"e-?mails? (?:is |are )?(?:better|easier) than (?:letters?|post|phone(?: calls)?)|"
    r"e-?mails? (?:instead of|rather than|not) (?:letters?|post|phone(?: calls)?)|(?:can'?t|cannot) (?:hear|see|use the phone)|"
    r"speak (?:slowly|clearly|up|louder)(?: and (?:slowly|clearly))?|call (?:my|her|his) (?:daughter|son|carer))\b"
)
_NO_NEEDS = re.compile(
    rf"^(?:{_one_of(NO_ANSWERS)}|i'?m (?:fine|ok|okay)|all good|(?:that'?s|thats) fine|"
    r"i (?:don'?t|dont) need (?:anything|any))\b"
)


def declines_needs(text: str | None) -> bool:
    """ "no thats fine", "i dont need anything": no accessibility needs (outside testing: "no thats
    fine" was stored as the need)."""
    words = plain(text)
    if re.search(r"\b(?:don'?t|dont|do not|no longer) need\b", words) and " but " not in words:
        return True  # "i dont need large print or braille or anything"
    return bool(_NO_NEEDS.search(words)) and not _NEED_WORDS.search(words)


# The words a plain yes starts with, for the readers of a yes below.
_YES_WORDS = r"yes|yeah|yep|yup|ye|yea|y|ok|okay|sure|please"
_ONLY_YES = re.compile(
    rf"^(?:{_YES_WORDS}|i do|i might|maybe|possibly|probably|"
    r"actually|well|erm|um|(?:i )?think so)(?:[ ,]+(?:yes|yeah|please|i do|i think|i might|"
    r"i need something|something|maybe|thanks|thank you|actually|probably))*$"
)


_SAYS_YES = re.compile(
    rf"^(?:{_YES_WORDS}|go on|go ahead|do it|i would|i'?d like that|"
    r"(?:please )?(?:take it down|log it|make (?:a|the) complaint))\b"
)


def says_yes(text: str | None) -> bool:
    """ "yes please take it down", "ok do it": a yes to the assistant's offer."""
    words = plain(text)
    return bool(_SAYS_YES.match(words)) and not re.search(r"\b(?:no|not|don'?t|dont)\b", words)


def says_yes_without_a_need(text: str | None) -> bool:
    """ "yes", "yes please", "i do" to "Do you need anything like that?": a need, but not which
    (outside testing, 27 Nov: "yes" was stored as the need, and the read-back said "Accessibility
    needs: yes")."""
    words = plain(text)
    return bool(_ONLY_YES.match(words)) and not _NEED_WORDS.search(words)


def names_a_need(text: str | None) -> bool:
    """Whether the words name a need ("text relay"), rather than a circumstance ("i'm 82")."""
    return bool(_NEED_WORDS.search(plain(text)))


def needs_named(text: str | None) -> str | None:
    """The needs an answer names, without the rest of it ("i'm partially sighted so large print
    letters would help" is "large print"): for an answer that also tells of the customer's
    circumstances, which are not kept (docs/vulnerable-customers.md)."""
    found: list[str] = []
    for match in _NEED_WORDS.finditer(plain(text)):
        if match.group(0) not in found:
            found.append(match.group(0))
    return ", ".join(found) or None


# The need each of those words names, as the case records it: the need, never the customer's
# words around it about their health ("large print letters please my eyes arent great" is "large
# print": outside customers A and B, 27 Nov, the diagnosis was stored word for word). A circumstance
# the words name ("can't hear") is no need, and is not kept.
_NEED_NAMES = (
    (re.compile(r"large print|big print"), "large print"),
    (re.compile(r"braille"), "braille"),
    (re.compile(r"audio"), "audio"),
    (re.compile(r"video relay"), "video relay"),
    (re.compile(r"text ?relay|relay uk|textphone|minicom"), "text relay"),
    (re.compile(r"bsl|sign language"), "British Sign Language (BSL)"),
    (re.compile(r"easy read"), "easy read"),
    (re.compile(r"hearing loop"), "hearing loop"),
    (re.compile(r"e-?mail"), "contact by e-mail"),
    (re.compile(r"letters? only|in writing|by letter"), "contact in writing"),
    (re.compile(r"no phone calls?|can'?t use the phone|cannot use the phone"), "no phone calls"),
    (re.compile(r"(?:can'?t|cannot) (?:hear|see)"), ""),
)


def access_needs_named(text: str | None) -> str | None:
    """The needs an answer to "anything to make contact easier?" names, in the case's words and
    nothing else ("large print please, i have macular degeneration" is "large print"); None when
    it names none."""
    found: list[str] = []
    for match in _NEED_WORDS.finditer(plain(text)):
        words = match.group(0)
        name = next((n for p, n in _NEED_NAMES if p.search(words)), words)
        if name and name not in found:
            found.append(name)
    return ", ".join(found) or None


# "please keep a note of that", "record it word for word": the customer asks for their own words
# to be kept (docs/vulnerable-customers.md: never kept otherwise).
_KEEP_OWN_WORDS = re.compile(
    r"\b(?:please |can you |could you )?(?:keep|note|record|write down|put down|put) "
    r"(?:a note of |that |this |what i (?:said|wrote)|my (?:own )?words|it (?:all )?(?:down|on)|"
    r"(?:all )?of (?:that|this)|exactly)|\bword for word\b|\bin my (?:own )?words\b|"
    r"\b(?:keep|note|record) (?:the )?(?:reason|detail|details|condition)\b"
)


def asks_to_keep_own_words(text: str | None) -> bool:
    """Whether the customer asks for their own words about their needs to be kept as they are."""
    return bool(_KEEP_OWN_WORDS.search(plain(text)))


_NO_PHONE = re.compile(rf"^(?:i said )?(?:{_one_of(NO_ANSWERS + RATHER_NOT)})\b")
# E-mail instead: "use email", "just email", "email is fine", "email will do".
_EMAIL_WILL_DO = re.compile(
    r"\b(?:use|just|only) (?:my )?e-?mail\b|\be-?mail (?:is (?:fine|ok|okay|enough)|only|will do)\b"
)


def declines_phone(text: str | None) -> bool:
    """ "skip, email is fine", "I said skip. use email", "no phone", "haven't got a mobile": the
    phone number declined (outside testing: the question was asked four times)."""
    words = plain(text)
    says_no = _NO_PHONE.search(words) or _EMAIL_WILL_DO.search(words) or refuses(words, "phone")
    return bool(says_no) and not find_phone(str(text or ""))


def declines_email(text: str | None) -> bool:
    """ "dont have email", "I haven't got an e-mail address", "no email": no address to give."""
    words = plain(text)
    if not words or find_email(str(text)):
        return False
    return is_skip(words) or refuses(words, "email")


# "its Bob", "my name is Bob", "call me Bob": the name without the words around it.
_NAME_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hiya|ok|okay|yes|yeah|sure|sorry)[\s,!.]+)*"
    r"(?:it'?s|its|it is|i'?m|im|i am|my name'?s|my name is|my names|names|name'?s|name is|name:|"
    r"this is|call me|you can call me|the name'?s|the name is|i'?m called|i am called)\s+",
    re.IGNORECASE,
)
_NAME_TAIL = re.compile(r"[\s,.!]+(?:thanks|thank you|thx|cheers|ta|here|please)?[\s,.!]*$", re.I)


# "i told u, Aisha Khan", "like I said: ...": a reminder that the answer was given before, which is
# no part of the answer (outside customers A, F11, 27 Nov: stored as the name "i told u, Aisha
# Khan", so letters would have gone to it).
_ALREADY_SAID = re.compile(
    r"^\s*(?:(?:no|oh|ok|okay|sorry|yes|yeah|erm|um)[\s,!.]+)*"
    r"(?:i (?:already |just )?(?:told|tole) (?:u|you|ya)(?: (?:already|before|that))?|"
    r"(?:like|as) i (?:already )?(?:said|told (?:u|you))(?: before)?|"
    r"i (?:already |just )?said(?: (?:already|before|that))?|i'?ve already (?:said|told you))"
    r"(?:\s*(?:it'?s|its|it is|my name is|my name'?s))?[\s,:;.!-]+",
    re.IGNORECASE,
)


def without_already_said(text: str | None) -> str | None:
    """The answer without a reminder that it was given before ("i told u, Aisha Khan" is "Aisha
    Khan"); the text as it is when it has none, or nothing after it."""
    if text is None:
        return None
    rest = _ALREADY_SAID.sub("", str(text), count=1).strip()
    return rest or str(text)


def name_from_answer(text: str | None) -> str | None:
    """The name in a reply to "What is your name?" without its lead-in ("its Bob" is "Bob")."""
    if text is None:
        return None
    value = _NAME_LEAD_IN.sub("", str(text).strip(), count=1)
    value = _NAME_TAIL.sub("", value).strip(" ,.")
    return value or None


_FILLER_LEAD_IN = re.compile(r"^(?:ok|okay|right|yes|yeah|sure|erm|um|well)[\s,.!]+", re.I)


# What ends a name and starts a remark: a comma, a semicolon, a colon, " - ", or a full stop that
# ends no initial or title ("Mrs J. Whitfield" was stored as "Mrs J": outside customers A, 27 Nov).
_REMARK_AFTER_NAME = re.compile(
    r"\s*(?:[,;:]|(?<!\b[a-z])(?<!\bmrs)(?<!\bmr)(?<!\bms)(?<!\bmx)(?<!\bdr)(?<!\bprof)\.|\s-\s)\s*",
    re.IGNORECASE,
)


def name_before_remark(text: str | None) -> str | None:
    """The name at the start of an answer that goes on about something else ("James Whitfield,
    Ops Manager at Whitfield Talent Ltd", "Helen Morgan, manager", "Susan Clarke. the account is
    in Peter's name though", "ok. Rob Ainsworth"), or None when the answer does not start with one
    (outside testing, 27 Nov: the name question asked five times, or the remark stored with it)."""
    value = _NAME_LEAD_IN.sub("", str(text or "").strip(), count=1)
    value = _FILLER_LEAD_IN.sub("", value).strip()
    remark = _REMARK_AFTER_NAME.search(value)
    first = value[: remark.start()] if remark else value
    first = first.strip(" ,.")
    if first and looks_like_a_name(first) and not is_not_a_name(first):
        return first
    return None


# "sorry I spelt my name wrong, it's Siobhan Kelly not Siobahn", "my name is actually Siobhan":
# a correction of the name given earlier, typed while another question is asked.
_NAME_CORRECTION = re.compile(
    r"\b(?:(?:spelt|spelled|typed|got|put|wrote|written)\s+(?:my\s+)?name\s+(?:wrong|incorrectly)"
    r"|name\s+(?:is\s+)?(?:spelt|spelled|typed)\s+wrong|wrong\s+name)\b[^a-z]*"
    r"(?:(?:it\s+)?(?:should\s+be|should\s+have\s+been|is|'s|s)\s+|its\s+|it'?s\s+)"
    r"(?P<after>.+)$"
    r"|\bmy\s+name\s+(?:is|'s|should\s+be)\s+(?:actually\s+|really\s+)?(?P<stated>.+)$",
    re.IGNORECASE,
)
_NOT_THE_OLD_NAME = re.compile(r"[\s,]+(?:not|instead of|rather than)\b.*$", re.IGNORECASE)


def name_correction(text: str | None) -> str | None:
    """The corrected name in a message that says the name given earlier was wrong ("sorry I spelt
    my name wrong, it's Siobhan Kelly not Siobahn" is Siobhan Kelly), or None."""
    if not text:
        return None
    found = _NAME_CORRECTION.search(str(text).strip())
    if found is None:
        return None
    name = _NOT_THE_OLD_NAME.sub("", found.group("after") or found.group("stated") or "")
    name = _NAME_TAIL.sub("", name).strip(" ,.!")
    words = plain(name).split()
    one_name = len(words) == 1 and _NAME_WORD.match(words[0]) and words[0] not in _NOT_NAME_WORDS
    return name if looks_like_a_name(name) or one_name else None


# Words of the form's other answers, never a name on their own ("email", "billing", "skip").
_FORM_WORDS = frozenset(
    {
        "skip",
        "none",
        "n/a",
        "na",
        "billing",
        "sales",
        "service",
        "pricing",
        "cancellation",
        "fault",
        "repair",
        "consumer",
        "business",
        "post",
        "text",
        "e-mail",
        "mobile",
        "landline",
        "postcode",
    }
)


def is_plainly_not_a_name(text: str | None) -> bool:
    """A reply to "What is your name?" that cannot be one: digits in it (a postcode, a phone
    number), or mostly words of ordinary speech or of the form's other answers ("i want to make a
    complaint", "email", "billing"). The outside customers found each stored as the name."""
    words = plain(text).split()
    if not words or any(ch.isdigit() for ch in str(text)):
        return True
    common = [w for w in words if w in _NOT_NAME_WORDS or w.strip(".,!?") in _FORM_WORDS]
    return len(common) * 2 > len(words)


def is_not_a_name(text: str | None) -> bool:
    """A reply to "What is your name?" that tells more of what went wrong instead: a sentence
    too long for a name, or one with the words of a grievance."""
    name = name_from_answer(text) or ""
    words = plain(name).split()
    if len(words) > 6:
        return True
    return len(words) >= 3 and bool(_GRIEVANCE.search(plain(name))) and not looks_like_a_name(name)


# What a complaint is about, in words the category buttons do not use ("mis selling", "missold").
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("sales", r"\bmis[\s-]?(?:sell\w*|sold|sale\w*|represent\w*)\b"),
)


_FAULT_WORDS = re.compile(
    r"\b(?:line|landline|phone line|phone|broadband|internet|wi-?fi|connection|router)\b"
    r"[^.?!]{0,30}?\b(?:is dead|dead|(?:is |has been |keeps |went |gone )?down|not working|"
    r"isn'?t working|stopped working|doesn'?t work|doesnt work|cut off|keeps? dropping|dropping out|"
    r"drops out|no signal)\b"
    r"|\bno (?:dial ?tone|internet|broadband|connection|signal)\b"
    r"|\b(?:not|never|wont|won'?t|didn'?t|haven'?t|hasn'?t) (?:been )?(?:fix|fixed|fixing|repair\w*)\b"
    r"|\b(?:its|it'?s|it is|a|the|report(?:ed|ing)?(?: a| the)?) fault\b"
    r"|\bengineers?\b"
)


def names_a_fault(text: str | None) -> bool:
    """Whether the words tell of a fault ("the line is DEAD", "they wont fix it"): a fault repair
    complaint when the category is asked (outside testing, 27 Nov: asked four times)."""
    return bool(_FAULT_WORDS.search(plain(text)))


def category_in(text: str | None) -> str | None:
    """The category a customer's words name where the buttons' words are not used."""
    words = plain(text)
    for category, pattern in _CATEGORY_WORDS:
        if re.search(pattern, words):
            return category
    return None


# --- the contact preference in words ("contact me by email instead") --------------------------

_ROUTE_WORDS: tuple[tuple[str, str], ...] = (
    ("text_relay", r"\b(?:text relay|relay uk|relay)\b"),
    ("email", r"\be-?mail(?:ed|ing)?\b"),
    ("letter", r"\b(?:letters?|post|posted|write|writing)\b"),
    ("phone", r"\b(?:phone|ring|call|telephone|mobile)\b"),
)
_PREFERENCE_CHANGE = re.compile(
    r"\b(?:contact|reach|reply to|get back to|get in touch with|respond to|write to|keep in touch)\b"
    r"(?:\s+(?:me|us))?\s+(?:by|via|through|over|on)\b"
    r"|\b(?:e-?mail|phone|ring|call|write to|text) (?:me|us)\b"
    r"|\b(?:by|via) (?:e-?mail|phone|post|letter|text relay)\b"
    r"|\bprefer\b|\brather\b|\binstead\b|\bcontact preference\b|\bcontact (?:me )?by\b"
)


def contact_preference_in(text: str | None) -> str | None:
    """The way to be contacted a customer's words name ("by email instead" is email; "no email,
    write to me by post" is a letter, never email)."""
    words = without_refused_routes(plain(text))
    for route, pattern in _ROUTE_WORDS:
        if re.search(pattern, words):
            return route
    return None


def preference_change(text: str | None) -> str | None:
    """ "contact me by email instead": a change of contact preference, not a new address."""
    words = plain(text)
    if not words or find_email(str(text)) or find_phone(str(text)) or find_postcode(str(text)):
        return None
    if not _PREFERENCE_CHANGE.search(words):
        return None
    return contact_preference_in(words)


# --- at the read-back ("Shall I log it?") ------------------------------------------------------

_LOG_IT = re.compile(
    r"\b(?:log|submit|send|file|lodge|put|raise)\s+(?:it|this|that|the complaint|my complaint)\b"
    r"|\bas it is\b|\bas is\b|\bgo ahead\b|\bjust log\b"
)
_REALLY_STOP = re.compile(
    r"\b(?:don'?t|dont|do not|never)\s+(?:log|submit|send|file)\b|\bnot\s+(?:log|submit|send)\b"
)


def means_log_it(text: str | None) -> bool:
    """ "forget it just log it as it is": log the complaint as it stands (not stop)."""
    words = plain(text)
    return bool(_LOG_IT.search(words)) and not _REALLY_STOP.search(words)


# "dont log it yet, i want to talk to my partner first", "hold off for now": not now, not never.
_NOT_YET = re.compile(
    r"\b(?:don'?t|dont|do not|not|no need to)\s+(?:log|submit|send|file|lodge)\s+"
    r"(?:(?:it|this|that|the complaint|my complaint)\s+)?(?:just\s+)?(?:yet|for now|right now|now)\b"
    r"|\b(?:hold off|wait)\b[^.?!]{0,20}\b(?:logging|submitting|sending)\b"
    r"|\bhold off(?: on it| for now)?\b|\bnot yet\b"
)


def holds_off_logging(text: str | None) -> bool:
    """ "actually dont log it yet, i want to talk to my partner first": the complaint waits as it
    is (outside customers A, F15, 27 Nov: read as asking for a person, and given the phone)."""
    return bool(_NOT_YET.search(plain(text)))


_SAYS_STOP = re.compile(
    r"\b(?:stop|cancel|quit|exit|end|forget (?:it|this|about it|the complaint)|never ?mind|"
    r"changed my mind|don'?t want|dont want|leave it|no longer)\b"
)


_FILLER = re.compile(
    r"\b(?:please|pls|just|ok|okay|actually|sorry|now|thanks|thank you|oh|right)\b"
)
_PLAIN_STOP = re.compile(
    r"(?:no,? )?(?:i want to |i'?d like to |can you |can we )?"
    r"(?:stop|cancel|quit|exit|end|forget)(?: (?:it|this|that|all this|everything|the complaint|my "
    r"complaint|the whole thing|making (?:a|the) complaint|complaining|about it|now|here))?"
    r"|never ?mind|(?:i'?ve |i have )?changed my mind|leave it|"
    r"(?:i )?(?:don'?t|dont|do not) want to (?:complain|make a complaint|log it|go on|carry on)(?: any ?more)?"
    r"|(?:don'?t|dont|do not) log (?:it|this|that)|no longer want to complain"
)


# "I'd like to add that ...", "also ...": more about what happened (at the read-back).
_ADDS = re.compile(
    r"^\s*(?:(?:i'?d like to|i want to|can you|could you|please)\s+)?(?:add|also)\b(?:\s+that)?[\s:,-]*",
    re.IGNORECASE,
)


_ONLY_WRONG = re.compile(
    r"^(?:(?:is |it'?s |its )?(?:wrong|incorrect|not right|not correct|a mistake|out of date|old|"
    r"wrong one|the wrong one|mistyped|a typo)(?: one)?)$"
)


def says_only_wrong(text: str | None) -> bool:
    """ "wrong", "incorrect", "not right": a detail said to be wrong, with no new value."""
    return bool(_ONLY_WRONG.match(plain(text).strip(" .!")))


def adds_more(text: str | None) -> bool:
    return bool(_ADDS.search(str(text or "")))


def added_words(text: str | None) -> str:
    """ "I'd like to add that I also lost a day's work" adds "I also lost a day's work"."""
    text = str(text or "")
    return _ADDS.sub("", text, count=1).strip() or text.strip()


def plainly_stops(text: str | None) -> bool:
    """The whole message asks to stop the complaint ("stop", "cancel it", "forget it", "I don't
    want to complain any more"); "also please stop the direct debit" does not (outside testing:
    that threw away a finished complaint at the read-back)."""
    clauses = re.split(r"[,.!;?]|\s-\s", str(text or ""))
    for clause in (clauses[0], str(text or "")):
        # The message, or its first clause ("stop, he's coming": at once, nothing saved).
        words = re.sub(r"\s+", " ", _FILLER.sub(" ", plain(clause))).strip(" ,.!")
        if _PLAIN_STOP.fullmatch(words):
            return True
    return False


def says_stop(text: str | None) -> bool:
    """Whether the customer's words ask to stop ("stop", "cancel that", "forget it")."""
    return bool(_SAYS_STOP.search(plain(text)))


_CARRIES_ON = re.compile(
    r"\b(?:carry on|continue|keep going|go on|go ahead|resume|start (?:it )?again|"
    r"(?:i )?changed my mind|didn'?t mean (?:to )?(?:stop|that)|did not mean (?:to )?(?:stop|that)|"
    r"(?:i )?(?:do|still) want to (?:complain|make (?:a|the|my) complaint|log (?:it|a complaint))|"
    r"(?:i )?want to (?:complain|make (?:a|the|my) complaint) after all|"
    r"(?:take|log) (?:it|my complaint|the complaint) after all)\b"
)


def carries_on(text: str | None) -> bool:
    """ "actually no carry on, i do want to complain", "sorry didn't mean that, continue": the
    customer wants the complaint after all, after stopping it (outside testing, 27 Nov: read as
    stop, and answered "There's nothing in progress to stop")."""
    words = plain(text)
    if re.search(r"\b(?:don'?t|dont|do not|not) (?:carry on|continue|go on)\b", words):
        return False
    return bool(_CARRIES_ON.search(words))


# Words around wanting the complaint after all that tell nothing ("no wait", "ok sorry").
_ONLY_FILLER = re.compile(
    r"(?:\b(?:no|nope|wait|hang on|hold on|ok|okay|sorry|actually|please|pls|right|yes|yeah|um|"
    r"erm|well|oh|so|and|but|then|after all|thanks|thank you)\b[\s,.!]*)*"
)


def told_besides_carrying_on(text: str | None) -> str:
    """What a message that wants the complaint after all also tells, without the words that want it
    ("no wait, ive been on hold 40 mins, can u take it after all" tells "ive been on hold 40
    mins"): outside customers A, F9, 27 Nov, stored that whole message as what happened and lost
    the complaint told before the stop. The message as it is when it does not carry on."""
    text = str(text or "").strip()
    if not carries_on(text):
        return text
    kept = [
        clause.strip()
        for clause in re.split(r"[,.;!?]+|\s-\s", text)
        if clause.strip()
        and not carries_on(clause)
        and not _ONLY_FILLER.fullmatch(plain(clause).strip())
    ]
    return ", ".join(kept)


# "actually, don't record that after all", "remove my needs": withdrawing consent to the needs
# agreed (the words the assistant itself tells customers to use), not stopping the complaint and
# never an answer to a question (outside testing of issue 18).
_WITHDRAWS_CONSENT = re.compile(
    r"\b(?:don'?t|dont|do not|no need to|never)\s+(?:record|note|store)\s+"
    r"(?:that|this|it|them|those|these|(?:any of )?(?:that|it|them)|my needs?|the needs?|"
    r"any needs?|(?:my|the|any) (?:support|circumstances))\b"
    r"|\bstop (?:recording|noting|keeping a record of) (?:my needs|that|it)\b"
    r"|\b(?:remove|delete|drop|withdraw|cancel|take off|forget)\s+(?:my|the|those|these|all my)\s+"
    r"(?:support )?needs?\b"
    r"|\bwithdraw (?:my )?consent\b"
    # "dont record anything about my needs, i dont want it on file" (outside testing, 27 Nov:
    # the complaint was thrown away).
    r"|\b(?:don'?t|dont|do not)\s+(?:record|note|store|keep|put)\s+anything\b[^.?!]{0,30}?"
    r"\b(?:needs?|circumstances|on file|on record)\b"
    r"|\b(?:don'?t|dont|do not) want (?:it|that|them|my needs?|anything) (?:on file|on record|recorded)\b"
    r"|\b(?:changed my mind|rather not) about (?:recording|noting) (?:my needs|that|it)\b"
    # One need by its name: "please remove the large print, keep the rest" (outside testing,
    # 27 Nov: every need was dropped; bot.vulnerability.needs_to_remove picks the one named).
    r"|\b(?:remove|delete|drop|take off|withdraw)\s+(?:the|my)\s+(?:large print|braille|audio|"
    r"text relay|relay|call ?back|priority (?:fault )?repair|someone to speak|accessible formats?|"
    r"formats?)\b"
    # A time to call, by its words: "take off the call after 6pm thing", "remove the 6pm call time
    # from my complaint" (outside customers B, 27 Nov, F14: goodbye, and a new complaint).
    r"|\b(?:remove|delete|drop|take off|take away|withdraw|get rid of)\s+(?:the|my|that)\s+"
    r"(?:calls?|calling|ringing|phoning)\s+(?:me\s+)?(?:after|before|from|at|between)\b"
    r"|\b(?:remove|delete|drop|take off|take away|withdraw|get rid of)\s+(?:the|my|that)\s+"
    r"(?:\d{1,2}\s?(?:am|pm)?\s+)?(?:call ?(?:back )?|contact )time\b"
)


def withdraws_consent(text: str | None) -> bool:
    """Whether the words withdraw consent to recording the needs agreed ("don't record that after
    all", "remove my needs"), as distinct from stopping the complaint."""
    return bool(_WITHDRAWS_CONSENT.search(plain(text)))


# "stop", "cancel it": a command the assistant itself suggests, on its own, never an answer.
_BARE_COMMAND = re.compile(
    r"^(?:please )?(?:stop|cancel|quit|exit)(?: (?:it|this|that|now|the complaint|my complaint))?"
    r"(?: please| now)?$"
)


def is_bare_command(text: str | None) -> bool:
    """ "stop", "cancel it", "please stop": the command alone (not "stop charging me")."""
    return bool(_BARE_COMMAND.match(plain(text)))


# --- "what if my complaint is still open?" (a rights question, not a case check) --------------

_WHAT_IF = re.compile(
    r"^(?:what (?:if|happens|can i do|do i do|then|now)|what'?s next|and if|if)\b"
    r"|\b(?:still (?:open|not (?:sorted|resolved|fixed)|unresolved|ongoing|going on)|"
    r"not (?:sorted|resolved) (?:after|in|within)|after (?:\d+|a few|a couple of|some|several|many) "
    r"(?:weeks|months)|ombudsman|deadlock|adr|cisas)\b"
)


def asks_what_if(text: str | None) -> bool:
    """ "what if my complaint is still open after a few weeks?": a question about the customer's
    rights, not a request to look up a case."""
    words = plain(text)
    if not is_a_question(text) or not _WHAT_IF.search(words):
        return False
    return not re.search(r"\b(?:status|update|progress|where is|reference|ref)\b", words)


# "complaint about customer service", "I want to complain about ...": a complaint, named as one.
_NAMES_A_COMPLAINT = re.compile(
    r"^(?:(?:hi|hello|hiya|hey)[\s,!.]+)?(?:i\s+(?:want|wish|would like|'d like|need)\s+to\s+|"
    r"i'?d like to\s+|i'?m\s+|i am\s+|wanna\s+)?(?:make\s+|raise\s+|log\s+|file\s+|lodge\s+)?"
    r"(?:a\s+)?(?:formal\s+)?complain(?:t|ing)?(?:\s+(?:about|re|regarding|over|with|on)\b|$)"
)


def names_a_complaint(text: str | None) -> bool:
    """Whether a message says it is a complaint ("complaint about customer service")."""
    return bool(_NAMES_A_COMPLAINT.search(plain(text))) and not is_a_question(text)


# --- "I first complained on 1 April 2026": the date a complaint was first raised ---------------

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
# "on 22/09", "on the 3rd" (a day of the month with no month): the most recent such day, or the
# next one `ahead`. Only after "on", so "24/7", "50/50" and "the 3rd time" are no dates.
_ON_DAY_MONTH = re.compile(r"\bon\s+(?:the\s+)?(\d{1,2})/(\d{1,2})(?![\d/]|\.\d)")
_ON_THE_DAY = re.compile(
    rf"\bon\s+the\s+(\d{{1,2}})(?:st|nd|rd|th)\b(?!\s*(?:of\b|{_MONTH_NAME}\b|\w*\s*(?:time|times"
    r"|floor|attempt|occasion|try|visit|call|day|week|month|year)\b))"
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
# "before 8 April 2026", "after 8 April": a date that bounds a rule, not the day of a complaint.
_BOUND_BEFORE = re.compile(r"\b(?:before|after|until|till)\s*$")


# "November 3rd", "Nov 3, 2026" (month first); not "march 3 weeks ago" or "may 2 of us".
_MONTH_FIRST_DATE = re.compile(
    rf"\b({_MONTH_NAME})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b"
    r"(?!\s*(?:days?|weeks?|months?|years?|times?|hours?|of us|people|%|:))"
    r"(?:,?\s+(\d{4})\b)?"
)
# `_COUNT_WORDS` stands with the other number words, near the top of this file.
_COUNT = "|".join(sorted((re.escape(w) for w in _COUNT_WORDS), key=len, reverse=True))
# "three weeks ago", "10 days ago", "a month ago", "a fortnight ago"; "over a month ago" too.
_AGO = re.compile(rf"\b(\d{{1,3}}|{_COUNT})\s+(day|week|fortnight|month|year)s?\s+ago\b")
# "last week", "last month", "yesterday", "today"; "last Monday", "on Tuesday".
_LAST = re.compile(r"\blast\s+(week|fortnight|month)\b")
_DAY_WORDS = re.compile(
    r"\b(the day before yesterday|yesterday|today|this morning|earlier today)\b"
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
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


def stated_dates(text: str | None, today: date) -> list[date]:
    """The calendar dates a message names, in order: "1 April 2026", "1st April 2026",
    "November 3rd", "01/04/2026" (day first, as in the UK); a day and month with no year ("3rd
    November", "3 Nov") is the most recent such day, this year's or last year's; and dates said
    relative to `today` ("three weeks ago", "10 days ago", "last month", "last week",
    "yesterday", "last Monday"). Impossible dates (31 February), and dates after "before" or
    "after" (which bound a rule), are left out."""
    return [day for _, day in dates_with_places(plain(str(text or "")[:500]), today)]


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
    for match in _NAMED_DAY.finditer(words):
        month, day = _NAMED_DAYS[match.group(1)]
        year = int(match.group(2)) if match.group(2) else None
        _add_date(found, words, match.start(), day, month, year, today, ahead)
    for match in _AGO.finditer(words):
        count = match.group(1)
        number = int(count) if count.isdigit() else _COUNT_WORDS[count]
        _add_day(found, words, match.start(), today - _UNIT_STEP[match.group(2)] * number)
    for match in _LAST.finditer(words):
        _add_day(found, words, match.start(), today - _UNIT_STEP[match.group(1)])
    for match in _DAY_WORDS.finditer(words):
        back = {"the day before yesterday": 2, "yesterday": 1}.get(match.group(1), 0)
        _add_day(found, words, match.start(), today - timedelta(days=back))
    for match in _WEEKDAY.finditer(words):
        # The most recent such day before today ("on Monday", said on a Monday, is a week ago).
        back = (today.weekday() - _WEEKDAYS.index(match.group(1)) - 1) % 7 + 1
        _add_day(found, words, match.start(), today - timedelta(days=back))
    return sorted(found)


def _add_day(found: list[tuple[int, date]], words: str, at: int, day: date) -> None:
    if not _BOUND_BEFORE.search(words[:at]):
        found.append((at, day))


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
_PROVIDERS_DAY = re.compile(
    r"\bdated\s+(?:the\s+)?$"
    r"|\b(?:letter|e-?mail|reply|response|text|message|answer)\s+(?:back\s+)?from\s+"
    r"(?:you|u|them|yourselves)\s+(?:on|dated)\s+(?:the\s+)?$"
    r"|\b(?:your|ur)\s+(?:\w+\s+)?(?:letter|e-?mail|reply|response|text|message)\s+"
    r"(?:came\s+|arrived\s+)?(?:on|dated)\s+(?:the\s+)?$"
    r"|\b(?:you|u)\s+(?:wrote|sent|replied|e-?mailed|texted)\b(?:\s+\w+){0,4}?\s+on\s+(?:the\s+)?$"
)


def providers_day(words: str, at: int) -> bool:
    """Whether the date at `at` in `words` (already `plain`) is one the provider dated or sent
    something on, said just before it in its sentence."""
    return bool(_PROVIDERS_DAY.search(words[max(0, at - 80) : at]))


def stated_raised_date(text: str | None, today: date) -> date | None:
    """The day a customer says their complaint was first raised ("I first complained on 1 April
    2026"): the earliest date they name that is before today, other than one the provider dated
    or sent something on. None when they name none, or only today or days still to come (then
    the answer is the one for a complaint raised today)."""
    words = plain(str(text or "")[:500])
    past = [
        day
        for at, day in dates_with_places(words, today)
        if day < today and not providers_day(words, at)
    ]
    return min(past, default=None)


# "I first complained on ...", "I raised it with you three weeks ago", "I've been complaining since
# ...": the customer says they raised the complaint with the provider before today's message.
# Not "I want to make a complaint" (today's), nor "I reported the fault" (a fault report is not
# a complaint unless they say it was the first time they raised it).
_RAISED_BEFORE = re.compile(
    r"\b(?:i|we|i'?ve|we'?ve|i have|we have|i had|we had|already|first|originally)\s+"
    r"(?:(?:already|first|originally|initially|actually|have|had|been)\s+){0,2}"
    r"(?:complained|complaind|complaining|raised (?:it|this|the|a|my|an)|made (?:a|my|the) (?:formal )?complaint"
    r"|logged (?:a|my|the|it|this)|lodged (?:a|my|the|it)|filed (?:a|my|the)|put in (?:a|my) complaint"
    r"|opened (?:a|my) complaint)"
    r"|\b(?:first|originally|initially) (?:reported|contacted|called|rang|phoned|e-?mailed|wrote to"
    r"|told|complained|raised|got in touch)\b"
    r"|\b(?:my|the|our) (?:original |first )?complaint was (?:first )?(?:made|raised|logged|opened)\b"
    r"|\bcomplained (?:to you|to them|about (?:it|this)) (?:on|in|back|since|last|\d)"
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
    r"(?:^|\b(?:i|we|i'?ve|we'?ve|ive|i have|we have|i had|we had)\s+)"
    r"(?:(?:already|also|then|first|originally|initially|actually|have|had|even|last)\s+){0,2}"
    r"(?:rang|rung|called|phoned|e-?mailed|wrote|written|contacted|messaged|chatted|spoke|spoken"
    r"|talked|told|chased|complained|complaind|got in touch|been in touch|live ?chatted)\b"
    r"(?:\s+(?:to\s+|with\s+)?(?:you|u|them|your\s+\w+(?:\s+team)?|customer services?|support"
    r"|someone|somebody|an? (?:agent|advisor|adviser|manager)"
    r"|the (?:complaints?|customer services?|billing|accounts?|support|sales|retentions?) team"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)\b"
    # Not someone else ("I rang the fault line", "I called the engineer", "I phoned 999"): a
    # fault report is not a complaint (issue 14).
    r"|(?!\s+(?:(?:to|with)\s+)?(?:the|a|an|my|our|his|her|their|this|that|him|999|111|101"
    r"|ofcom|cisas|cedr|ombudsman|citizens|police|trading standards)\b))"
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
)
# Where a clause ends: a day after it is about something else ("I rang you and the engineer came
# on the 5th"), as is one before it ("my line went dead on 1 November and I rang you").
_CLAUSE_BREAK = re.compile(
    r"[,;:]|\b(?:and|but|so|because|as|when|while|which|who|although|though|yet|then)\b"
)
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
        mentions = [(m, False) for m in _RAISED_BEFORE.finditer(sentence)]
        mentions += [(m, True) for m in _CONTACTED.finditer(sentence)]
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
        if not (_RAISED_BEFORE.search(words) or _CONTACTED.search(words)):
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


def first_raised_answer(text: str | None, today: date) -> date | None:
    """The day in an answer to "when did you first raise it?" ("3 Nov", "three weeks ago",
    "on the 3rd of November", "14/10/2026", "15.10.26", "22/09", "early October"): the earliest
    date named that is not after today. A bare "22/09" or "the 3rd" is read as "on 22/09"."""
    answer = str(text or "")[:500]
    days = [day for day in stated_dates(f"on {answer}", today) if day <= today]
    if not days:
        rough = _month_part_day(plain(answer), today)
        days = [rough] if rough is not None else []
    return min(days, default=None)


_ADR_LETTER = re.compile(
    r"\b(?:dead[- ]?lock|adr letters?|(?:eight|8)[- ]?weeks?(?:'s)? letters?|ombudsman letters?)\b"
)


def asks_about_adr_letter(text: str | None) -> bool:
    """A question about a deadlock, eight-week or ADR letter ("what is a deadlock letter?", "can
    I get one?"): answered with what the letter is and when the provider must send it (outside
    compliance review: these got the ADR block, with the letter in one half-sentence)."""
    return bool(_ADR_LETTER.search(plain(text)))


_TIME_LIMIT = re.compile(
    r"\btime ?limits?\b|\bdeadline\b|\btoo late\b|\bhow long (?:do i have|have i got|will i have)\b(?!\s+to wait)"
    r"|\b(?:have|got|gives?|given|get)\s+(?:me\s+|you\s+)?(?:only\s+|up to\s+)?"
    r"(?:\d+|six|nine|twelve)\s+months\b"
    r"|\bmonths?\s+(?:after|of|from)\s+(?:your|the|a|an|our)\s+(?:adr\s+|deadlock\s+)?letter\b"
    r"|\bnever\s+wr(?:ote|itten)\b|\b(?:haven'?t|hasn'?t|didn'?t|did not|have not|has not)\s+"
    r"(?:ever\s+)?wr(?:ite|itten)\b|\bno letter\b|\bwithout (?:a|an|any) (?:adr\s+)?letter\b"
)


def asks_about_adr_time_limit(text: str | None) -> bool:
    """A question about how long the customer has to go to ADR ("your code says I only have 6
    months after your letter", "what if you never wrote to me?"), not about when it opens."""
    return bool(_TIME_LIMIT.search(plain(text)))


_ADR_WORDS = re.compile(r"\b(?:ombudsman|adr|cisas|dispute resolution)\b")


# "my deadlock letter dated 3 June", "I got an ADR letter yesterday", "my 8 week letter came on 3
# November": the day of an ADR letter, which is not the day the complaint was first raised.
_ADR_LETTER = re.compile(
    r"\b(?:deadlock|adr|final response|final decision|(?:8|eight)[- ]?weeks?)\s+letter\b"
)

# The customer has the letter: "I got", "it came", "dated", "they sent me".
_LETTER_HELD = re.compile(
    r"\b(?:got|have|had|received|came|arrived|dated|sent|issued|holding|hold)\b"
)


# "I've got a deadlock letter from you", "you wrote to me with a deadlock letter", "they sent me a
# final response letter last week": a letter the customer already holds (issue 14: these were
# logged as requests for one).
_HOLDS_LETTER = re.compile(
    r"\b(?:i|we)(?:'ve| have)?\s+(?:already\s+|now\s+|just\s+)?(?:got|had|received|have|been sent"
    r"|been given|been issued)\b"
    r"|\b(?:you|u|they|them|he|she|someone)\s+(?:have\s+|'ve\s+|has\s+|already\s+)?"
    r"(?:wrote|written|sent|issued|gave|given|posted|e-?mailed)\b"
    r"|\b(?:came|arrived|dated)\b|\b(?:i'?m|i am) holding\b"
)
# A letter asked for or not yet had: "can I get a deadlock letter?", "please send me one", "I want
# a deadlock letter", "I haven't had a deadlock letter", "you never sent me one".
_ASKS_FOR_LETTER = re.compile(
    r"\b(?:can|could|may|will|would|should|do|does|did)\s+(?:i|we|you|u|they)\s+(?:please\s+)?"
    r"(?:get|have|ask|request|receive|send|give|issue|write|be sent)\b"
    r"|\b(?:want|wanted|wanna|would like|'d like|asking for|ask for|request(?:ing)?|waiting for"
    r"|still not|yet to)\b"
    r"|\b(?:please|pls|plz)\s+(?:\w+\s+)?(?:send|give|issue|write)\b|\bsend (?:me|us)\b"
    r"|\b(?:haven'?t|havent|hasn'?t|hasnt|didn'?t|didnt|did not|have not|has not|never|not yet"
    r"|no)\b|\bhow (?:do|can) (?:i|we) get\b"
)


def holds_adr_letter(text: str | None) -> bool:
    """Whether a message says the customer already holds an ADR (deadlock) letter from the
    provider ("I've got a deadlock letter from you", "you wrote to me with a deadlock letter",
    "they sent me a final response letter last week"), not that they ask for one or lack one: a
    letter held is never logged as a request for one."""
    words = plain(str(text or "")[:1000])
    return bool(
        _ADR_LETTER.search(words)
        and _HOLDS_LETTER.search(words)
        and not _ASKS_FOR_LETTER.search(words)
    )


def adr_letter_date(text: str | None, today: date) -> date | None:
    """The day of the ADR (deadlock) letter a message says the customer has, if it names one on
    or before today (outside testers: "I got my deadlock letter yesterday" was told to wait weeks,
    and a letter dated 20 October 2025 was read as the day the complaint was raised)."""
    words = plain(str(text or "")[:4000])
    if not (_ADR_LETTER.search(words) and _LETTER_HELD.search(words)):
        return None
    if _RAISED_BEFORE.search(words):
        return None  # "I first complained on 1 April, is there a deadlock letter?": that day
    days = [day for day in stated_dates(text, today) if day <= today]
    return max(days, default=None)


def adr_letter_date_ahead(text: str | None, today: date) -> date | None:
    """The day, after `today`, that a message says the customer's ADR (deadlock) letter is dated
    ("I got a deadlock letter on 10 December 2026" on 27 November 2026), when it names no day on or
    before today: a day that has not come, which opens nothing and is to be checked (issue 14).
    None when the message names no such letter, or gives a day the letter could have been sent."""
    words = plain(str(text or "")[:4000])
    if not (_ADR_LETTER.search(words) and _LETTER_HELD.search(words)):
        return None
    if _RAISED_BEFORE.search(words) or adr_letter_date(text, today) is not None:
        return None
    ahead = [day for day in stated_dates(text, today) if day > today]
    return min(ahead, default=None)


def asks_adr_for_a_day(text: str | None, today: date) -> bool:
    """A question about going to ADR that gives the day the complaint was first raised ("I first
    complained on 1 April 2026. When can I go to CISAS?"), or how long ago ("my complaint has
    been open 6 weeks, who do I contact?"): the ADR question, answered for that day, not a new
    complaint, a case to look up or the provider's contacts (outside compliance review)."""
    if not is_a_question(text):
        return False
    words = plain(text)
    if _ADR_WORDS.search(words):
        return raised_day_in_question(text, today) is not None
    return (
        bool(_WHAT_NEXT.search(words) and _COMPLAINT_WORD.search(words))
        and complaint_age_in(text, today) is not None
    )


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
_COMPLAINT_WORD = re.compile(r"\bcomplain(?:t|ts|ed|ing)?\b")
# "what can I do?", "who do I contact?", "where do I go now?", "what are my options?".
_WHAT_NEXT = re.compile(
    r"\bwhat (?:can|should|do) (?:i|we) do\b|\bwho (?:do|can|should) (?:i|we) "
    r"(?:contact|go to|turn to|complain to|speak to|talk to)\b|\bwhere (?:do|can|should) (?:i|we) go\b"
    r"|\bwhat (?:are )?my options\b|\bwhat now\b|\bwhat next\b|\btake (?:it|this) further\b"
    r"|\bescalate\b"
)


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
    r"(?:complain|write|send|post|e-?mail|ring|call|phone|raise|make|log|lodge|submit|put in|"
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
    r"\b(?:if|when|once)\s+(?:i|we)\s+(?:wrote|sent|posted|e-?mailed|rang|called|phoned|"
    r"complained|raised|made|logged|lodged|submitted|contacted)\b"
)
_WOULD = re.compile(r"\b(?:would|could|will)\b")


def planned_day_in(text: str | None, today: date) -> date | None:
    """The day still to come on which a question says the complaint would be made ("if I
    complain on 5 January 2027, when can I go to the ombudsman?", "when would you reply if I
    wrote on 24 December?"): a day and month with no year is the next such day. None when the
    message supposes no complaint to come, or names no day after today."""
    words = plain(str(text or "")[:500])
    if not (_PLANNED.search(words) or (_SUPPOSED.search(words) and _WOULD.search(words))):
        return None
    days = [day for _, day in dates_with_places(words, today, ahead=True) if day > today]
    return min(days, default=None)


# --- follow-ups to the assistant's last answer (issues 14 and 15) --------------------------------

# What the assistant's last answer did, as `follow_up_to` is told it (actions/conversation.py
# reads it from the responses the assistant gave).
ASKED_FOR_THE_DAY = "asked_for_the_day"  # "Tell me the day you first raised it ..."
NAMED_THE_SCHEME = "named_the_scheme"  # the ADR scheme, and how to reach it
ABOUT_ADR = "about_adr"  # anything about going to ADR
EXPLAINED_ADR_LETTER = "explained_adr_letter"  # what an ADR (deadlock) letter is
GAVE_REPLY_TIMES = "gave_reply_times"  # the code's reply times, for one channel
ASKED_FOR_THE_LETTERS_DAY = "asked_for_the_letters_day"  # "Please check the date on the letter"

# What a follow-up asks.
ADR_FOR_A_DAY = "adr_for_a_day"
SCHEME_CONTACT = "scheme_contact"
ADR_LETTER_ON_REQUEST = "adr_letter_on_request"
ADR_TIME_LIMIT = "adr_time_limit"
REPLY_TIME_BY_CHANNEL = "reply_time_by_channel"
ADR_LETTER_DAY = "adr_letter_day"


@dataclass(frozen=True)
class FollowUp:
    """A message that asks about the assistant's last answer: `intent`, the question it asks as
    the intent that answers it; `about`, which follow-up (`SCHEME_CONTACT`, ...)."""

    intent: str
    about: str


# "I want to complain, ...", "i'd like to make a complaint": a complaint, in a clause of its own.
_WANTS_TO_COMPLAIN = re.compile(
    r"\b(?:want|wish|would like|'d like|need|wanna) to (?:make |raise |log |file |lodge )?"
    r"(?:a |an )?(?:formal )?complain"
)


def letter_day_given(text: str | None, today: date) -> date | None:
    """The day a reply to "Please check the date on the letter" gives ("sorry, it's dated 10
    November 2026", "10/11/2026"): the letter's day if the words say it was sent by then, else
    the latest day named, which may still be ahead (to be checked again). None when it names no
    day, or names itself a complaint."""
    if names_a_complaint(text) or _WANTS_TO_COMPLAIN.search(plain(text)):
        return None
    return adr_letter_date(text, today) or max(stated_dates(text, today), default=None)


def day_given(text: str | None, today: date) -> date | None:
    """The day a reply to "Tell me the day you first raised it" gives ("12 October 2026", "I
    raised it on 20 October"): as `first_raised_answer` reads it. None when it names none, when
    it names itself a complaint ("I want to complain, I first raised it on 3 March"), or when it
    tells what went wrong without saying it was raised then ("you charged me twice on 3 March
    ..."): a complaint to take down, with its day."""
    day = first_raised_answer(text, today)
    if day is None or names_a_complaint(text) or _WANTS_TO_COMPLAIN.search(plain(text)):
        return None
    if says_what_happened(text) and not first_raised_in(text, today).said:
        return None
    return day


# "their", "them", the scheme by a word: who a contact question after the ADR answer is about.
_THEM = re.compile(
    r"\b(?:their|theirs|them|they|its|ombudsman'?s?|the scheme'?s?|adr|cisas'?s?|cedr'?s?)\b"
)
# "your number", "contact you", "us": the provider's own details, asked as before.
_THE_PROVIDER = re.compile(
    r"\b(?:your|yours|us)\b|\b(?:to|with|contact|call|ring|phone|e-?mail|reach|write to) (?:you|u)\b"
)
_CONTACT_KINDS: tuple[tuple[str, str], ...] = (
    ("web", r"\b(?:web ?site|web ?page|web address|site|url|link)\b"),
    ("email", r"\be-?mail\b"),
    ("phone", r"\b(?:phone|telephone|tel|number|call|ring)\b"),
    ("letter", r"\b(?:address|postal|write to|post to)\b"),
)
_HOW_TO_REACH = re.compile(r"\b(?:contact|reach|get (?:hold of|in touch)|details)\b")


def scheme_contact_asked(text: str | None) -> str | None:
    """The kind of contact ("web", "email", "phone", "letter"; "any" for "how do I contact
    them?") a message asks of a body already named ("what's their website?", "their number?"),
    or None: it asks none, or asks the provider's ("what's your number?")."""
    words = plain(text)
    if not _THEM.search(words) or _THE_PROVIDER.search(words):
        return None
    for kind, pattern in _CONTACT_KINDS:
        if re.search(pattern, words):
            return kind
    return "any" if _HOW_TO_REACH.search(words) else None


# "Can I ask you for one?", "can you send me one", "how do I get one?": an ADR letter asked for.
_ASK_FOR_ONE = re.compile(
    r"\b(?:ask (?:you |u |them )?for|request|get|have|send(?: me| us)?|give(?: me| us)?|"
    r"issue(?: me| us)?|write(?: me| us)?) "
    r"(?:one|it|that|that letter|the letter|an? (?:adr |deadlock )?letter|one of (?:those|them))\b"
)


def asks_for_one(text: str | None) -> bool:
    """Whether a message asks to be given the thing just explained ("Can I ask you for one?")."""
    return bool(_ASK_FOR_ONE.search(plain(text)))


# "and by phone?", "what about if I email?": the same question, for another channel.
_ANOTHER_CHANNEL = re.compile(
    r"^(?:ok(?:ay)?,? |so |and |or )?(?:what about|how about|what if|and|if|by|via|through|same)\b"
)
_CONTACT_DETAIL = re.compile(r"\b(?:your|number|address|details|website)\b")


def channel_asked_next(text: str | None) -> str | None:
    """The channel ("letter", "email", "phone") a short follow-up asks the same question for
    ("and by letter?", "what about if I email?"), or None: it names none, or asks for a contact
    detail ("and your phone number?")."""
    words = plain(text)
    channel = channel_named(words)
    if channel is None or not _ANOTHER_CHANNEL.match(words) or _CONTACT_DETAIL.search(words):
        return None
    return channel


def follow_up_to(text: str | None, last: frozenset[str], today: date) -> FollowUp | None:
    """What a message asks of the assistant's last answer, given what that answer did (`last`:
    `ASKED_FOR_THE_DAY`, `NAMED_THE_SCHEME`, ...), whatever intent the model read: the day asked
    for, the scheme's website or number, an ADR letter just explained, how long is left to go to
    ADR, or the reply time for another channel. None when it asks none of those (outside
    compliance reader, 27 Nov: each was taken for a new complaint, a question about privacy or
    cancelling, the provider's number, or not understood)."""
    if ASKED_FOR_THE_LETTERS_DAY in last and letter_day_given(text, today) is not None:
        return FollowUp("ask_adr", ADR_LETTER_DAY)
    if EXPLAINED_ADR_LETTER in last and asks_for_one(text):
        return FollowUp("request_adr_letter", ADR_LETTER_ON_REQUEST)
    if NAMED_THE_SCHEME in last and scheme_contact_asked(text) is not None:
        return FollowUp("ask_contact", SCHEME_CONTACT)
    if ABOUT_ADR in last and asks_about_adr_time_limit(text):
        return FollowUp("ask_adr", ADR_TIME_LIMIT)
    if ASKED_FOR_THE_DAY in last and day_given(text, today) is not None:
        return FollowUp("ask_adr", ADR_FOR_A_DAY)
    if GAVE_REPLY_TIMES in last and channel_asked_next(text) is not None:
        return FollowUp("ask_response_time", REPLY_TIME_BY_CHANNEL)
    return None


_REFUSES_A_PERSON = re.compile(
    r"\b(?:don'?t|dont|do not|never|no need to)\s+(?:\w+\s+){0,2}?(?:talk|speak|call|ring|phone)\b"
    r"|\bno (?:call ?backs?|calls?|person|human)\b"
)


_ASKS_FOR_A_PERSON = re.compile(
    r"\b(?:human|person|people|someone|somebody|anyone|anybody|agent|advis[eo]r|operator|"
    r"manager|supervisor|staff|real|call ?back|ring me|call me|phone me|(?:speak|talk|chat) "
    r"(?:to|with))\b"
)


def asks_for_a_person(text: str | None) -> bool:
    """Whether the words ask for a person or a call ("can I speak to someone", "ring me"): not
    "she's hard of hearing so please speak slowly and clearly", read as asking for a person at
    the needs question (the outside set's fault-elderly-mum, 27 Nov: the phone number, four
    times, and the needs question again each time)."""
    return bool(_ASKS_FOR_A_PERSON.search(plain(text)))


def refuses_a_person(text: str | None) -> bool:
    """ "I do not want to talk to a person", "no call back please": a person refused, so no call
    back is flagged (outside attacker, round 2, 27 Nov: one was logged)."""
    return bool(_REFUSES_A_PERSON.search(plain(text)))


# A question inside an answer: "no i mean am i allowed to go to cisas now" at the phone question is
# a question, not "no phone" (outside customers A, 27 Nov).
_ASKS_INSIDE = re.compile(
    r"\b(?:am i|can i|could i|do i|should i|may i|is it|are you|will you|how long|how do|"
    r"when (?:can|will|do|does)|what (?:is|are|if|about|happens))\b"
)


def asks_inside_an_answer(text: str | None) -> bool:
    """Whether an answer asks something somewhere in it ("no i mean am i allowed to ...")."""
    return bool(_ASKS_INSIDE.search(str(text or "").lower()))


# "what happened is ...", "can you log my complaint please", "could you change my email to ...":
# worded like a question, but a change or the go-ahead at the read-back.
_ASKS_TO_CHANGE_OR_LOG = re.compile(
    r"\s*(?:what happened (?:is|was)\b|(?:can|could|would|will) you (?:please |pls )?"
    r"(?:just )?(?:log|submit|send|file|change|update|correct|put)\b)"
)


def asks_to_change_or_log(text: str | None) -> bool:
    """Whether a message worded like a question asks for a change or to log the complaint."""
    return bool(_ASKS_TO_CHANGE_OR_LOG.match(str(text or "").lower()))


def mentions_a_complaint(text: str | None) -> bool:
    """Whether the words say "complaint" or "complain" at all ("exit fee complaint")."""
    return bool(re.search(r"\bcomplain(?:t|ts|ing)?\b", str(text or "").lower()))


# --- answers testers typed as customers (issues 15 and 19, round 8) ----------------------------

# "carry on", "sorry, go on", "ok continue please": the whole message only asks to go on with the
# form (after a "stop", or a hint), never an answer to the question or more about what happened.
_RESUME_WORDS = re.compile(
    r"\b(?:carry on|go on|continue|keep going|resume|proceed|crack on|get on with it|"
    r"back to it|where were we)\b"
)
_RESUME_FILLER = re.compile(
    r"\b(?:no|nope|sorry|soz|ok|okay|oh|ah|right|yes|yeah|yep|actually|please|pls|then|wait|oops|"
    r"my mistake|my bad|ignore (?:that|me)|(?:i )?(?:didn'?t|did not) mean (?:to stop|that|it)|"
    r"(?:don'?t|dont|do not) stop|(?:i'?ve |i have |i )?changed my mind|let'?s|lets|you can|"
    r"can we|can you|i want to|i'?d like to|i wanna|we can|and|just|with (?:it|this|that|the "
    r"(?:complaint|questions?|form)|my complaint)|the complaint|my complaint|thanks|thank you)\b"
)


def only_carries_on(text: str | None) -> bool:
    """ "carry on", "sorry carry on", "no don't stop, go on": the message asks only to go on
    (testers found "carry on" stored as what happened, or added to it, after a "stop")."""
    words = plain(text)
    if not _RESUME_WORDS.search(words) or re.search(
        r"\b(?:don'?t|dont|do not|not) (?:carry on|continue|go on)\b", words
    ):
        return False
    rest = _RESUME_FILLER.sub(" ", _RESUME_WORDS.sub(" ", words))
    return not re.sub(r"[\s,.!;:-]+", "", rest)


# Words of a complaint, never of a person's name ("Broadband Down", "Double Charged").
_COMPLAINT_WORDS = frozenset(
    {
        "account", "activation", "appointment", "bill", "billed", "billing", "bills", "broadband",
        "cancel", "cancelled", "cancellation", "charge", "charged", "charges", "complaint",
        "connection", "contract", "credit", "cut", "dead", "debit", "direct", "disconnected",
        "down", "dropping", "engineer", "error", "exit", "fault", "faulty", "fee", "fees", "fibre",
        "handset", "increase", "installation", "internet", "issue", "issues", "landline", "late",
        "line", "missed", "mobile", "network", "outage", "overcharged", "payment", "porting",
        "price", "prices", "pricing", "problem", "problems", "refund", "repair", "roaming",
        "router", "sales", "service", "signal", "sim", "slow", "speed", "speeds", "tariff",
        "termination", "tv", "upgrade", "wifi", "wi-fi",
        # Companies, not people ("Virgin Media", "Infinity Group").
        "bt", "ee", "group", "infinity", "infinium", "invictanet", "limited", "ltd", "media", "o2",
        "plc", "plusnet", "sky", "solutions", "systems", "talktalk", "telecom", "telecoms",
        "virgin", "vodafone",
    }
)  # fmt: skip
_NAME_GIVEN = re.compile(
    r"^(?:(?:hi|hello|ok|okay|sorry|yes)[\s,!.]+)*(?:my name'?s|my name is|my names|name:|"
    r"name is|call me|you can call me|i'?m called|i am called)\s+",
    re.IGNORECASE,
)
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof"})


def bare_name(text: str | None) -> str | None:
    """The name, when a whole answer is only a person's name ("Gareth Jones", "my name is gareth
    jones", "Mrs J. Smith"), else None: at "What happened?" that is the name, not an account of
    what happened (issue 19: stored as "What happened: Gareth Jones"). Typed in lower case, only
    after "my name is"; never with a word of a complaint in it ("Broadband Down")."""
    typed = str(text or "").strip()
    introduced = _NAME_GIVEN.search(typed)
    name = name_from_answer(typed) or ""
    words = name.split()
    if not looks_like_a_name(name) or any(
        plain(w).strip(".") in _COMPLAINT_WORDS | _FORM_WORDS for w in words
    ):
        return None
    if _GRIEVANCE.search(plain(name)) or names_a_fault(name):
        return None
    title_case = all(w[0].isupper() and not (len(w) > 2 and w.isupper()) for w in words)
    return name if introduced or title_case else None


def greeting_name(name: str) -> str:
    """How to greet someone by the name they gave: "Gareth" for "Gareth Jones", "Mrs Smith" for
    "Mrs J. Smith"."""
    words = name.split()
    if words and plain(words[0]).strip(".") in _TITLES and len(words) > 1:
        return f"{words[0]} {words[-1]}"
    return words[0] if words else name


# "whatever is quickest", "any is fine", "don't mind": no preference for a way of contact.
_NO_PREFERENCE = re.compile(
    r"\b(?:whatever(?:'?s| is)? (?:quickest|fastest|easiest|best|easier|quicker|works)|"
    r"whichever(?:'?s| is)? (?:quickest|fastest|easiest|best)?|whatever|"
    r"any(?: ?(?:one|way|thing|of them|of those))?(?: is| are|'?s)? (?:fine|ok|okay|good|grand)|"
    r"any(?: ?(?:one|way|thing))? (?:will|would) do|either(?: one| way| is| are| of them)*"
    r"(?: fine| ok| okay| good)?|(?:i )?(?:don'?t|dont|do not) mind|not (?:bothered|fussed)|"
    r"(?:i )?(?:don'?t|dont|do not) care|no preference|(?:it )?(?:doesn'?t|does not) matter|"
    r"up to you|i'?m easy|all (?:fine|good|ok)|no real preference|not fussy)\b"
)


def has_no_preference(text: str | None) -> bool:
    """The customer has no preference for how to be contacted ("whatever is quickest", "any is
    fine", "don't mind"): testers found the question asked again and again."""
    return bool(_NO_PREFERENCE.search(plain(text)))


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


def names_several(text: str | None) -> bool:
    """ "bit of both", "both really", "all of it": an answer to "What is your complaint about?"
    that names more than one subject without picking one."""
    return bool(_SEVERAL.match(plain(text)))


def categories_named(text: str | None) -> list[str]:
    """The subjects the words point to, in the order the words come ("charged twice and the
    engineer never came" gives billing, then fault repair)."""
    words = plain(text)
    found: list[tuple[int, str]] = []
    for category, pattern in _CATEGORY_CUES:
        match = re.search(pattern, words)
        if match:
            found.append((match.start(), category))
    fault = _FAULT_WORDS.search(words)
    if fault:
        found.append((fault.start(), "fault_repair"))
    return [category for _, category in sorted(found)]


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


_WHOLE_PHONE = re.compile(r"^(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}$")


def is_a_phone_number(text: str | None) -> bool:
    """Whether a whole answer ("07700 900123", "+44 7700 900123") is a UK phone number."""
    return bool(_WHOLE_PHONE.match(str(text or "").strip(" .,")))


def complaint_channel_asked(text: str | None) -> str | None:
    """The channel ("phone", "letter", "email") a question asks about complaining by ("can I
    complain by phone?", "can I send my complaint by letter?"), or None."""
    words = plain(text)
    return channel_named(words) if _COMPLAINT_WORD.search(words) else None
