"""The customer's contact details and how they want to be reached, picked out of what they typed.

Reads: an e-mail address, a phone number (the one an answer ends on, a whole answer that is one), a
postcode, an address without its postcode, an account number ("my account number is IG 4471 2290")
or its absence ("dont have it to hand"), a complaint reference the customer does not have; a way of
contact refused ("no email", "haven't got a phone", "rather than by post": `REFUSING`,
`refuses`), the e-mail or phone question declined, the contact preference in words ("contact me by
email instead"), or none ("whatever is quickest").

Not here: whether a detail is valid (bot.intake has the last word: `clean_postcode`, ...), names
(bot.answers.names), the head count and customer type (bot.answers.business), the channel a
question about reply times is about (bot.answers.questions).
"""

from __future__ import annotations

import re
from functools import cache

from bot.answers.text import NO_ANSWERS, RATHER_NOT, is_skip, one_of, plain

# An apostrophe may sit inside the local part (sean.o'brien@...), never at its start or in the domain.
EMAIL = re.compile(
    r"[^\s@<>()\[\],;:\"'](?:[^\s@<>()\[\],;:\"]*[^\s@<>()\[\],;:\"'])?"
    r"@[^\s@<>()\[\],;:\"']+\.[^\s@<>()\[\],;:\"']+"
)


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
    # "anything but the phone", "any way except phone" (outside customers B, round 14, F27: a
    # carer's "anything but the phone" at the contact question was stored as contact by phone).
    "anything but",
    "everything but",
    "any way but",
    "anyway but",
    "except",
    "except for",
    "apart from",
    "other than",
    "but not",
)
# The names of each way of contact.
ROUTE_NAMES = {
    # First, before "texts?": "contact by email not text relay" refuses text relay, all of it
    # (outside testers, round 13, infinium: read as a choice of text relay).
    "text_relay": r"text relay|relay uk|relay",
    "email": r"e-?mails?",
    # "dont ring me" (outside testers, round 13: taken as a choice of the phone).
    "phone": r"phone|mobile|calls?|ring",
    "letter": r"letters?|post",
    "text": r"texts?",
}
# Between the refusal and the name may stand a word of degree, a verb and an article: "don't
# actually have an email", "no longer use my email", "can't get to my e-mail", "never had a phone",
# "not got any phone", "rather than by post".
_BETWEEN = (
    r"(?:\s+(?:think|believe|reckon)\s+i)?"  # "I don't think I have an email"
    r"(?:\s+(?:really|actually|even|longer|ever))?"
    # "never to email me", "dont ever email me" (outside care, round 16, F10: read as e-mail wanted).
    r"(?:\s+to)?"
    # "i dont trust email", "never read my email", "don't like phone calls" (outside customers B,
    # 27 Nov: "letter please, i dont trust email" was stored as contact by email).
    r"(?:\s+(?:use|have|want|do|got|had|need|get to|access|check|trust|like|read|open|answer|"
    r"pick up|look at))?"
    r"(?:\s+(?:an?|any|by|my|the))?"
)


def _refusal(names: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{one_of(REFUSING)}){_BETWEEN}\s+(?:{names})\b")


_REFUSALS = {route: _refusal(names) for route, names in ROUTE_NAMES.items()}
_ANY_REFUSAL = _refusal("|".join(ROUTE_NAMES.values()))


def refuses(words: str, route: str) -> bool:
    """Whether the (plain) words refuse this way of contact: "dont have email", "no phone"."""
    return bool(_REFUSALS[route].search(words))


# "the email doesnt get checked much", "i hardly check my email", "email is no good": a way of
# contact the customer says goes unread, never the one chosen (outside words, round 16, F5: "ring me
# the email doesnt get checked much" was stored as contact by e-mail on three providers).
_ALL_ROUTES = "|".join(ROUTE_NAMES.values())
_UNREAD = re.compile(
    rf"\b(?:{_ALL_ROUTES})(?:\s+(?:address|account|inbox))?\s+"
    r"(?:(?:doesn'?t|doesnt|does not|don'?t|dont|do not|isn'?t|isnt|is not|never|rarely|hardly|"
    r"barely|seldom|won'?t|wont|will not)\s+(?:ever\s+)?(?:get\s+|be\s+|really\s+)?"
    r"(?:checked|read|looked at|seen|opened|answered|monitored|used|work(?:s|ing)?|any good|good)"
    r"|is (?:no|not much|not any|never any) (?:good|use)|is useless|is rubbish)\b"
    rf"|\b(?:hardly|rarely|barely|seldom|never|not often|don'?t often|dont often)\s+(?:ever\s+)?"
    rf"(?:check|read|use|look at|open|see|answer|pick up)\s+(?:my\s+|the\s+|any\s+)?(?:{_ALL_ROUTES})\b"
)


# "not letters he opens the post", "he reads my emails", "my ex checks my phone": a way of contact
# someone else watches is never the one chosen (outside customers B, round 20, F4, HIGH: "phone,
# not letters he opens the post" was taken as letters, and the address asked for).
_WATCHED = re.compile(
    r"\b(?:he|she|him|her|my ex|my partner|my husband|my wife|my boyfriend|my girlfriend|"
    r"someone)\s+(?:\w+\s+){0,2}?(?:opens?|reads?|checks?|sees?|goes through|go through|"
    r"looks? (?:at|through)|monitors?|has access to|gets? to)\s+"
    rf"(?:all\s+)?(?:of\s+)?(?:my|the|our|his|her|all)?\s*(?:{_ALL_ROUTES})\b"
)


def unread_routes(text: str | None) -> set[str]:
    """The ways of contact the words say go unread ("the email doesnt get checked much": email)."""
    found: set[str] = set()
    words = plain(text)
    for said in [*_UNREAD.finditer(words), *_WATCHED.finditer(words)]:
        for route, names in ROUTE_NAMES.items():
            if re.search(rf"\b(?:{names})\b", said.group(0)):
                found.add(route)
                break
    return found


def without_refused_routes(words: str) -> str:
    """The (plain) words with every refused way of contact taken out ("no email, by post" keeps
    "by post"), and every way said to go unread ("ring me the email doesnt get checked much"
    keeps "ring me"), so that the ways that are left can be read as the ones wanted."""
    return _WATCHED.sub(" ", _UNREAD.sub(" ", _ANY_REFUSAL.sub(" ", words)))


def find_email(text: str) -> str | None:
    match = EMAIL.search((text or "")[:320])  # an email address is at most 254 characters
    return match.group(0).rstrip(".") if match else None


# --- details picked out of what the customer wrote (issues 15 and 19) -------------------------

# Every Royal Mail shape (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA), any case, with or
# without the space; `bot.intake.clean_postcode` has the last word on whether it is one.
# Never the six characters of a case reference: "IG-M111AE" is shaped like the postcode M11 1AE, and
# a message naming such a reference after logging was read as a postcode given (a random reference
# made tests/actions' after-logging test fail about once in sixty runs).
POSTCODE_IN_TEXT = re.compile(
    r"(?<![A-Za-z0-9])(?<![A-Za-z]-)([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)
PHONE_IN_TEXT = re.compile(
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
    # "its in his name not mine" (outside customers B, round 12, M9: stored as the account number)
    r"|\b(?:in|under)\s+(?:his|her|their|my\s+\w+'?s|[a-z]+'s)\s+name\b|\bnot\s+in\s+my\s+name\b"
    r"|\b(?:it'?s|its|it\s+is)\s+not\s+mine\b|\bnot\s+mine\b"
    r"|\bcan'?t\s+find\b|\bcannot\s+find\b|\bno idea\b|\bnot sure\b|\bnot got\b"
    r"|\bdunno\b|\bidk\b|\bdon'?t know\b|\bdont know\b",
    re.IGNORECASE,
)


def find_postcode(text: str | None) -> str | None:
    """The whole postcode in what the customer wrote ("it's E1 6AN" gives "E1 6AN")."""
    for match in POSTCODE_IN_TEXT.finditer(str(text or "")[:500]):
        return f"{match.group(1)} {match.group(2)}"
    return None


def find_phone(text: str | None) -> str | None:
    """The first phone number a message gives that is the customer's own: never one said as
    someone else's ("call my daughter on 07700 900456": outside testers, round 15, F24)."""
    found = _own_phones(text)
    return found[0] if found else None


def phone_meant(text: str | None) -> str | None:
    """The phone number an answer ends on: "07911 123456 - actually no sorry its 07911 123465" is
    the second (outside testing, 27 Nov: the first was stored); never someone else's."""
    found = _own_phones(text)
    return found[-1] if found else None


def _own_phones(text: str | None) -> list[str]:
    said = str(text or "")[:500]
    theirs = [(start, end) for _, start, end in someone_elses_phones(said)]
    return [
        m.group(0).strip() + _extension_after(said, m.end())
        for m in PHONE_IN_TEXT.finditer(said)
        if not any(start <= m.start() < end for start, end in theirs)
    ]


# An extension straight after a number ("01632 960123 ext 45", "... extension 12", "... x12"):
# part of it (outside words testers, round 18, F16: it was dropped).
_EXTENSION_AFTER = re.compile(
    r"[\s,;(]*(?:ext(?:ension|n)?|x)\s*[.:#]?\s*(\d{1,5})(?!\d)\)?", re.IGNORECASE
)


def _extension_after(said: str, end: int) -> str:
    found = _EXTENSION_AFTER.match(said, end)
    return f" ext {found.group(1)}" if found else ""


# A phone number said as someone else's: "call my daughter on 07700 900456", "my son's number is
# 07700 900789", "my daughter Sarah on 07700 900456", "ring my neighbour Jean Evans, 07700
# 900111", "07700 900789 is my son's". The person words are the vulnerability rules' (`person`);
# the name after them is capitalised words ("Sarah", "Jean Evans").
_NAME_AFTER = r"(?:\s+(?P<name>[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?))?"
_NUMBER = r"(?P<number>" + PHONE_IN_TEXT.pattern + r")"


@cache
def _others_phone_patterns() -> tuple[re.Pattern[str], ...]:
    from bot.vulnerability import load_vulnerability_rules  # it builds on this module

    person = r"(?i:(?:my|our|her|his)\s+(?:(?:elderly|eldest|youngest|oldest)\s+)?)"
    person += r"(?P<who>(?i:" + load_vulnerability_rules().person + r"))"
    return tuple(
        re.compile(p)
        for p in (
            person + r"(?:'?s)?" + _NAME_AFTER + r"(?:'?s)?\s+(?i:number|mobile|phone|no\.?|tel)"
            r"(?:\s+(?i:number|no\.?))?\s*(?i:is|:|-|=)?\s*" + _NUMBER,
            person + _NAME_AFTER + r"\s*(?i:on|at|:|-|,)\s*" + _NUMBER,
            _NUMBER + r"\s*,?\s*(?i:is|it'?s|thats|that'?s|which is)?\s*(?i:for\s+)?" + person,
            # "my daughter will speak for me, her number is 07700 900456" (round 15, care15c: at
            # the offer of help it was stored as the customer's own phone).
            person + _NAME_AFTER + r"\b[^.?!\d]{0,80}?\b(?i:her|his|their)\s+(?i:mobile|phone|"
            r"number|no\.?|tel)(?:\s+(?i:number|no\.?))?\s*(?i:is|:|-|=)?\s*" + _NUMBER,
            # "ring jean on 07700 900123": a person named, not "me" (outside care, round 16, F6:
            # the neighbour's number was kept as the customer's own phone).
            r"\b(?i:ring|call|phone|contact|text)\s+(?P<who>[A-Za-z][a-z'-]+)(?:\s+[A-Z][a-z'-]+)?"
            r"\s*(?i:on|at|:|-|,)\s*" + _NUMBER,
            # "Jean can talk for me, her number is 07700 900456", "Jean's number is 07700
            # 900456", and "her number is ..." said alone (outside care, round 18, F6: kept as the
            # customer's own phone). A name is a capitalised word that is no word of the sentence.
            _NOT_A_GIVEN_NAME
            + r"\b(?P<given>[A-Z][a-z'-]+)\b[^.?!\d]{0,80}?\b(?i:her|his|their)\s+"
            r"(?i:mobile|phone|number|no\.?|tel)(?:\s+(?i:number|no\.?))?\s*(?i:is|:|-|=)?\s*"
            + _NUMBER,
            _NOT_A_GIVEN_NAME + r"\b(?P<given>[A-Za-z][a-z-]+)['\u2019]s\s+(?i:mobile|phone|number|"
            r"no\.?|tel)(?:\s+(?i:number|no\.?))?\s*(?i:is|:|-|=)?\s*" + _NUMBER,
            r"\b(?i:her|his|their)\s+(?i:mobile|phone|number|no\.?|tel)(?:\s+(?i:number|no\.?))?"
            r"\s*(?i:is|:|-|=)?\s*" + _NUMBER,
        )
    )


# Capitalised words that begin a sentence or a request, not a person's name ("Please ring ...").
_NOT_A_GIVEN_NAME = (
    r"(?!(?i:i|i'm|im|my|our|your|the|a|an|please|yes|yeah|no|ok|okay|hi|hello|she|he|they|it|"
    r"its|it's|this|that|and|but|so|can|could|would|will|call|ring|phone|text|contact|mobile|"
    r"number|home|work|landline)\b)"
)


def someone_elses_phones(text: str | None) -> list[tuple[str, int, int]]:
    """The phone numbers a message says are someone else's, each with who they are in the
    message's words ("daughter", "daughter Sarah") and where the number is."""
    said = str(text or "")[:500]
    found: list[tuple[str, int, int]] = []
    for pattern in _others_phone_patterns():
        for m in pattern.finditer(said):
            named = m.groupdict()
            if named.get("given"):
                who = named["given"]
            elif "who" in named:
                who = m.group("who").lower()
            else:
                who = "the person they named"  # "her number is ...", said of no one named
            if who.lower() in _NOT_SOMEONE:
                continue
            name = named.get("name")
            if name and name.split()[0].lower() not in _NOT_A_NAME:
                who = f"{who} {name}"
            if not any(s == m.start("number") for _, s, _ in found):
                found.append((f"{who}, on {m.group('number').strip()}", *m.span("number")))
    return sorted(found, key=lambda f: f[1])


_NOT_A_NAME = {"she", "he", "they", "can", "will", "who", "is", "on", "at", "and", "speaks"}
# "ring me on ...", "call us back on ...": the customer's own number.
_NOT_SOMEONE = {
    "me", "us", "back", "you", "him", "her", "them", "anyone", "anybody", "someone", "now",
    "today", "tomorrow", "this", "that", "the", "my", "our", "a", "an", "any", "mobile", "landline",
    "number", "phone", "please", "instead", "only", "first", "again", "direct", "directly",
}  # fmt: skip


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


# "oh ok, 22 grove hill road", "my address is ...": words before the address; ". also i rang them
# on 3 november": a remark after it (outside customers A, round 14, F23: both stored in the postal
# address letters would go to).
_ADDRESS_LEAD_IN = re.compile(
    r"^\s*(?:(?:oh|ok|okay|right|fine|yes|yeah|sure|sorry|well|erm|um)\b[\s,.!-]*)*"
    r"(?:(?:my|the|our)\s+(?:postal\s+|home\s+)?address\s+(?:is|'s)\s*:?|address\s*[:=-]|"
    r"it'?s|its|it is)?\s*",
    re.IGNORECASE,
)
_REMARK_AFTER_ADDRESS = re.compile(
    r"(?:[.!;]\s+|,\s*|\s+-\s+)(?=(?:also|and also|plus|btw|by the way|oh|i|i'?ve|ive|i'?m|im|we|"
    r"they|but|that|thats|that'?s|please|thanks|cheers)\b)",
    re.IGNORECASE,
)


def address_only(text: str | None) -> str:
    """The postal address without the words before it ("oh ok, ", "my address is ") or a remark
    after it (". also i rang them on 3 november")."""
    value = _ADDRESS_LEAD_IN.sub("", str(text or ""), count=1)
    remark = _REMARK_AFTER_ADDRESS.search(value)
    if remark is not None and remark.start() > 0:
        value = value[: remark.start()]
    return value.strip(" ,.;\n") or str(text or "").strip(" ,.;\n")


def address_without_postcode(text: str | None) -> str:
    """ "12 Elm Road, Tunbridge Wells TN2 3AB" is the address "12 Elm Road, Tunbridge Wells": the
    postcode is its own field."""
    text = str(text or "")
    match = POSTCODE_IN_TEXT.search(text)
    if match:
        text = text[: match.start()] + text[match.end() :]
    return text.strip(" ,.;\n")


# "acct no is IG-55321 btw", "Lena Novak, account number IN-77120, lena@...": an account number
# named in an answer to another question (outside customers A, round 12: dropped, then asked for,
# and "i already gave it you" sent the customer to a case check).
_ACCOUNT_NAMED = re.compile(
    r"\b(?:account|acct|acc|a/c)\.?\s*(?:no\.?|number|num|#)?\s*(?:is|:|=|-)?\s*"
    r"([A-Za-z]{0,4}[\s-]?\d[\w/.-]*(?:\s\d[\w/.-]*){0,3})",
    re.IGNORECASE,
)


def account_number_named(text: str | None) -> str | None:
    """The account number a message names with its label ("acct no is IG-55321"), else None."""
    for match in _ACCOUNT_NAMED.finditer(str(text or "")):
        found = match.group(1).strip(" .,;")
        if sum(ch.isdigit() for ch in found) >= 3:  # not "this account 5 years"
            return found
    return None


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


_NO_PHONE = re.compile(rf"^(?:i said )?(?:{one_of(NO_ANSWERS + RATHER_NOT)})\b")
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


# "the phone is broken thats the whole point", "i dont have one that works", "my mobile is dead",
# "i told you dont phone me": at the phone question, no number to give (outside customers B, round
# 12, H8 and M4: "Please type a UK phone number" twice to an 84-year-old whose phone was dead).
_PHONE_UNUSABLE = re.compile(
    r"\b(?:phone|mobile|line|landline)\b[\w\s']{0,12}\b(?:is|s|has been|was|been)?\s*"
    r"(?:broken|dead|not working|doesn'?t work|does not work|doesnt work|cut off|off|faulty|"
    r"not connected)\b"
    r"|\b(?:don'?t|dont|do not|haven'?t|havent|have not)\s+(?:have|got)\s+(?:one|a\s+\w+)?"
    r"\s*that\s+works\b"
    r"|\bno\s+(?:working|phone\s+that\s+works)\b"
    r"|\b(?:don'?t|dont|do not|never)\s+(?:phone|ring|call)\s+me\b"
    # "I can't give you a number" (outside customers B, round 20, F21: the contacts, and the
    # question again).
    r"|\b(?:can'?t|cant|cannot|can not|won'?t|wont|rather not)\s+give\s+(?:you\s+|u\s+)?"
    r"(?:a|my|the|any|one|it)?\s*(?:phone\s+|mobile\s+)?(?:number|no)?\b"
)


def no_phone_to_give(text: str | None) -> bool:
    """At "What phone number can we reach you on?": the words decline it ("no phone") or say there
    is no phone that works or the customer will not be phoned; never when a number is given."""
    if find_phone(str(text or "")):
        return False
    return declines_phone(text) or bool(_PHONE_UNUSABLE.search(plain(text)))


# "stop asking for my email", "stop asking me for an email, I don't have one", "quit asking
# about my e-mail": no address to give, never a stop of the whole complaint (outside words
# testers, round 18, F18: the complaint was stopped, or the same question asked again).
_STOP_ASKING_EMAIL = re.compile(
    r"\b(?:stop|quit|enough|give up|no more|don'?t keep|dont keep|why do you keep|why are you)\s+"
    r"(?:of\s+)?(?:asking|going on|harping on|on)\s+(?:me\s+|us\s+)?(?:for|about|after)\s+"
    r"(?:my|an?|the|any|that)?\s*e-?mails?\b"
)


def declines_email(text: str | None) -> bool:
    """ "dont have email", "I haven't got an e-mail address", "no email", "stop asking for my
    email": no address to give."""
    words = plain(text)
    if not words or find_email(str(text)):
        return False
    return is_skip(words) or refuses(words, "email") or bool(_STOP_ASKING_EMAIL.search(words))


# --- the contact preference in words ("contact me by email instead") --------------------------

_ROUTE_WORDS: tuple[tuple[str, str], ...] = (
    # Before text relay: "video relay" (BSL through an interpreter) is its own service, never
    # text relay (outside testers, issue 18, care18: a BSL user's video relay was stored as it).
    ("video_relay", r"\bvideo relay\b"),
    ("text_relay", r"\b(?:text relay|relay uk|relay)\b"),
    ("email", r"\be-?mail(?:ed|ing)?\b"),
    # Not "deaf as a post" (outside customers B, round 12, H7: "phone me not dad, hes deaf as a
    # post" was taken as a choice of letters).
    ("letter", r"\b(?:letters?|(?<!as a )post|posted|write|writing)\b"),
    ("phone", r"\b(?:phone|ring|call|telephone|mobile)\b"),
    # "text messages only", "texts please": SMS, as "SMS" is (outside testers, round 13: "text
    # messages only" got "Please choose one of the ways shown", "SMS" a plain answer).
    ("sms", r"\b(?:sms|texts|text messages?|texting|by text|text me|text only)\b"),
)
_ROUTE = r"e-?mail|phone|post|letters?|text relay|relay uk"
_PREFERENCE_CHANGE = re.compile(
    r"\b(?:contact|reach|reply to|get back to|get in touch with|respond to|write to|keep in touch)\b"
    r"(?:\s+(?:me|us))?\s+(?:by|via|through|over|on)\b"
    r"|\b(?:e-?mail|phone|ring|call|write to|text) (?:me|us)\b"
    r"|\b(?:by|via) (?:e-?mail|phone|post|letter|text relay)\b"
    r"|\bprefer\b|\brather\b|\binstead\b|\bcontact preference\b|\bcontact (?:me )?by\b"
    # "change contact to email", "how you contact me, i want email" (outside testers, round 13:
    # asked for an e-mail address, or answered something else).
    r"|\b(?:change|switch|update|set|make)\s+(?:my\s+|the\s+)?(?:contact|contact method|way of contact)"
    r"\s+(?:to|as)\b|\bhow (?:you|to|we) (?:contact|reach|get in touch with) me\b"
    # "contact by email not text relay", "email not text relay", "not text relay, email".
    rf"|\b(?:by |via )?(?:{_ROUTE})\s+(?:not|rather than|instead of)\s+(?:by |via )?(?:{_ROUTE})\b"
    rf"|\bnot (?:by |via )?(?:{_ROUTE})\s*,\s*(?:by |via )?(?:{_ROUTE})\b"
)


# "phone is best but email also ok", "preferably phone", "phone first, or email": the way named as
# best wins over a second way named as also acceptable (outside customers A, round 14, F20: that
# was recorded as email, the first way in _ROUTE_WORDS' order rather than the one called best).
_BEST_MARK = (
    r"(?:is|'?s|would be|are)?\s*(?:best|better|preferred|ideal|my (?:first )?(?:choice|preference)"
    r"|first choice|ideally|preferably|first|for preference)\b"
)
_BEST_BEFORE = r"\b(?:preferably|ideally|best(?: is| would be)?|prefer(?:ably)?|first choice is)\s+(?:by\s+|via\s+)?"


def _route_named_best(words: str) -> str | None:
    """The single way the words call best ("phone is best", "preferably phone"), if exactly one."""
    named = set()
    for route, pattern in _ROUTE_WORDS:
        if re.search(rf"(?:{pattern})\s*,?\s*{_BEST_MARK}", words) or re.search(
            rf"{_BEST_BEFORE}(?:{pattern})", words
        ):
            named.add(route)
    return named.pop() if len(named) == 1 else None


# "please only email me, I can't take calls", "letters only", "dont ring me": no phone call wanted,
# so no phone number is asked for (outside customers B, round 19, F33 and F18: "And a phone
# number?" came straight after). "only by phone" and "I rang 3 times" are no such wish.
_PHONE_UNWANTED = re.compile(
    r"\b(?:can'?t|cant|cannot|can not|unable to|don'?t|dont|do not)\s+(?:take|answer|do|use|"
    r"manage|make|hear)\s+(?:phone\s+|any\s+|the\s+|on the\s+)?(?:calls?|phone(?:\s+calls?)?)\b"
    r"|\b(?:only|just)\s+(?:by\s+|via\s+|in\s+)?(?:e-?mail|letters?|post|writing)\b(?!\s+(?:you|u)\b)"
    r"|\b(?:e-?mail|letters?|post|writing)\s+only\b"
    r"|\bno\s+(?:phone\s+)?calls\b"
    r"|\b(?:don'?t|dont|do not|never)\s+(?:ever\s+)?(?:ring|call|phone|telephone)\s+(?:me|us)\b"
)


def phone_unwanted(text: str | None) -> bool:
    """Whether the words say the customer wants no phone calls ("please only email me", "I can't
    take calls at work", "letters only"): a phone number is then not asked for."""
    return bool(_PHONE_UNWANTED.search(plain(text)))


def contact_preference_in(text: str | None) -> str | None:
    """The way to be contacted a customer's words name ("by email instead" is email; "no email,
    write to me by post" is a letter, never email; "phone is best but email also ok" is phone)."""
    words = without_refused_routes(plain(text))
    best = _route_named_best(words)
    if best is not None:
        return best
    for route, pattern in _ROUTE_WORDS:
        if re.search(pattern, words):
            return route
    return None


# "i first complained about this by phone on 2 november", "i first contacted you by phone through
# relay": how the customer raised it before, not how to contact them (outside customers B, round
# 14, F6: read as a change of contact to phone, and the day first raised was lost).
_CONTACTED_BEFORE = re.compile(
    r"\b(?:i|we|she|he|they)\s+(?:first\s+|already\s+|originally\s+|last\s+)?"
    r"(?:complained|contacted|rang|called|phoned|raised|reported|told|spoke|wrote|e-?mailed|"
    r"texted|got in touch|was in touch|asked)\b"
)
_WANTS_CONTACT = re.compile(
    r"\b(?:contact|reach|reply to|get back to|write to|e-?mail|phone|ring|call|text)\s+(?:me|us)\b"
    r"|\bprefer\b|\brather\b|\binstead\b|\bcontact preference\b|\bfrom now on\b"
)


def tells_how_raised_before(text: str | None) -> bool:
    """ "i first complained about this by phone on 2 november": how the customer raised it
    before, with no wish for a way of contact from now on."""
    words = plain(text)
    return bool(_CONTACTED_BEFORE.search(words)) and not _WANTS_CONTACT.search(words)


def preference_change(text: str | None) -> str | None:
    """ "contact me by email instead": a change of contact preference, not a new address; never
    how the customer raised it before ("i first complained by phone on 2 november")."""
    words = plain(text)
    if not words or find_email(str(text)) or find_phone(str(text)) or find_postcode(str(text)):
        return None
    if not _PREFERENCE_CHANGE.search(words):
        return None
    if tells_how_raised_before(words):
        return None
    return contact_preference_in(words)


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


_WHOLE_PHONE = re.compile(r"^(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}$")


def is_a_phone_number(text: str | None) -> bool:
    """Whether a whole answer ("07700 900123", "+44 7700 900123") is a UK phone number."""
    return bool(_WHOLE_PHONE.match(str(text or "").strip(" .,")))


# "delete my phone and email from the complaint please", "please delete my email address from your
# records", "remove my number": the customer's own details to be taken off, never a need to record
# (outside re-test, round 13, NEW-8: "e-mail only" and "formats: e-mail" were recorded "as you
# agreed" on four cases, one of a customer who has no e-mail).
_REMOVE_DETAILS = re.compile(
    r"\b(?:delete|remove|erase|wipe|take off|take out|get rid of|don'?t (?:keep|hold|store))\b"
    r"(?:\W+\w+){0,4}?\W+(?:my|our|the|his|her|those|these|all)?\s*"
    r"(?:phone|mobile|e-?mail|address|number|postcode|details|data|information|info|name)\b"
)


def asks_to_remove_details(text: str | None) -> bool:
    """Whether the message asks for the customer's own details to be deleted or taken off."""
    return bool(_REMOVE_DETAILS.search(str(text or "").lower()[:1000]))
