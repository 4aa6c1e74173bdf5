"""What the customer tells the assistant to do with the complaint: go ahead, stop, carry on,
hold off, add, change a detail, or put them through to a person.

Reads: "what would you like to change?" (`change_asked`, `says_only_wrong`), the read-back's "log
it" or "not yet" (`means_log_it`, `holds_off_logging`, `asks_to_change_or_log`), more to add
(`adds_more`, `added_words`), stopping (`says_stop`, `plainly_stops`, `is_bare_command`),
carrying on after a stop (`carries_on`, `only_carries_on`, `told_besides_carrying_on`), a yes to
the offer of a complaint (`says_yes`), and a person asked for or refused (`asks_for_a_person`,
`refuses_a_person`).

Not here: the values of the details changed (bot.answers.details, bot.answers.names), nor
withdrawing consent to the needs (bot.answers.needs).
"""

from __future__ import annotations

import re
from datetime import date

from bot.answers.details import (
    address_only,
    find_email,
    find_phone,
    find_postcode,
    preference_change,
    tells_how_raised_before,
)
from bot.answers.names import bare_name, name_in_a_change
from bot.answers.text import YES_WORDS, plain

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
        r"contractors|volunteers|part[- ]?timers|locums?)\b"
        # "no, it's 9 people with the 2 locums" (outside testers, round 13, IG: unchanged).
        r"|\b\d+\s+(?:people|persons|workers)\b"
        # "theres 7 of us altogether not 2" (outside words, round 16, F7: not understood).
        r"|\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+of\s+us\b",
    ),
    ("phone", r"\b(?:phone|mobile|number|tel|landline)\b"),
    ("postcode", r"\bpost ?code\b"),
    ("address", r"\baddress\b"),
    # "my surname is actually Khan-Ali" (outside words, round 16, F1 addendum: not understood).
    ("name", r"\b(?:name|surname|forename)\b"),
    ("category", r"\b(?:category|subject|it'?s about|about)\b"),
    ("contact_preference", r"\bcontact (?:me )?by\b|\bcontact preference\b|\bprefer\b"),
    ("customer_type", r"\b(?:consumer|business|residential)\b"),
    ("accessibility_needs", r"\b(?:large print|braille|accessib\w*|text relay)\b"),
)
_CHANGE_LEAD_IN = re.compile(
    r"^.*?(?:\bshould (?:say|be|read)\b|\bis actually\b|\bis\b|\bto\b|\bwas\b|:|=)\s*",
    re.IGNORECASE,
)


# "about billing not fault repair", "billing, not fault repair", "a billing complaint": the words
# name a category and nothing else (the one after "not" is the one being replaced).
_CATEGORY_ONLY = re.compile(
    r"^(?:(?:about|regarding|re|for|under)\s+)?(?:(?:a|an|the)\s+)?(?P<new>[a-z ]+?)"
    r"(?:\s+(?:complaint|issue|problem|category))?"
    r"(?:,?\s+(?:and\s+)?not\s+(?:about\s+)?(?:(?:a|an|the)\s+)?[a-z ]+?"
    r"(?:\s+(?:complaint|issue|problem|category))?)?$"
)


_CATEGORY_LEAD_IN = re.compile(
    r"^(?:(?:no|sorry|actually|oh)\W+)*(?:it'?s|its|it is|it should be|the category (?:is|should be)|"
    r"(?:the )?(?:category|subject)(?: is| should be)?|change (?:it|the (?:category|subject)) to)\s+"
)


def _category_only(value: str) -> str | None:
    """The category the words name, when they name one and say nothing else; None otherwise."""
    from bot import intake  # the form's own reading of a category

    match = _CATEGORY_ONLY.match(plain(value).strip(" .!,"))
    if match is None:
        return None
    try:
        return intake.clean_category(match.group("new"))
    except intake.IntakeError:
        return None


def category_change_asked(text: str | None) -> str | None:
    """The category a change names by itself ("the complaint is about billing not fault repair",
    "its about billing not fault repair"); None when the words name none, or more than that."""
    if "?" in str(text or ""):
        return None
    field, value = change_asked(text) or ("", "")
    # change_asked may already give the category's own name ("fault_repair").
    return _category_only(value.replace("_", " ")) if field == "category" else None


def changes_asked(text: str | None) -> list[tuple[str, str]]:
    """Each change a message asks for, when it asks for more than one ("my email is x@y.com and
    my postcode is SW1A 1AA", "change my phone to 07700 900456 and my name is Sam Smith": outside
    testers, issues 15 and 19, only one was applied): the parts split at "and", commas and
    semicolons, each naming its own detail. Empty when the message asks for fewer than two, or a
    part is an account of what happened (whose "and" is the customer's own)."""
    parts = [
        p.strip()
        for p in re.split(r"\s*(?:[,;]|\band also\b|\balso\b|\band\b|\bplus\b)\s*", str(text or ""))
        if p.strip()
    ]
    if len(parts) < 2:
        return []
    found: list[tuple[str, str]] = []
    for part in parts:
        asked = change_asked(part) or detail_typed_alone(part)
        if asked is None:
            if re.fullmatch(r"(?:no|sorry|please|thanks|ok|and|oh|actually)*", plain(part).strip()):
                continue
            return []
        if asked[0] in ("description", "contact_preference", "accessibility_needs", "employees"):
            return []
        found.append(asked)
    fields = [field for field, _ in found]
    return found if len(found) >= 2 and len(set(fields)) == len(fields) else []


# Where a message at the read-back splits into clauses, each may name a change of its own.
_CLAUSE_SPLIT = re.compile(r"(?:[.;!]\s+|,\s*|\s+\band also\b\s*|\s+\balso\b\s*|\s+\band\b\s*)")
_CLAUSE_FILLER = re.compile(
    r"^(?:(?:and|also|then|wait|oh|ok|actually|sorry|no|so|but|plus)\b\W*)+"
)


def clauses_of(text: str | None) -> list[str]:
    """A read-back message split into its clauses ("the complaint is about billing not fault
    repair. and actually i first emailed them on 27 october": two), each without its lead-in
    words; none when the message is an account of what happened ("what happened is ... and ..."),
    whose "and" is the customer's own."""
    raw = str(text or "").strip()
    if re.match(r"^\W*(?:no\W+)?(?:what happened|the description|description)\b", plain(raw)):
        return []
    parts = [_CLAUSE_FILLER.sub("", p.strip(), count=1).strip() for p in _CLAUSE_SPLIT.split(raw)]
    return [p for p in parts if p]


# The details one clause of a read-back message may change, each as the single change does.
CLAUSE_FIELDS = ("category", "name", "email", "phone", "postcode", "address", "account",
                 "contact_preference", "first_raised", "employees")  # fmt: skip
_DATE_CORRECTED = re.compile(
    r"\b(?:date|day|raised|first (?:complained|contacted|told|reported|rang|called|emailed)|"
    r"it was|wasn'?t|should be|actually)\b"
)


def clause_changes(text: str | None, today: date) -> list[tuple[str, str]]:
    """Each change the clauses of a read-back message name, in order, when two or more do (outside
    customers A, round 14, F3/F10/F14: "the complaint is about billing not fault repair. and
    actually i first emailed them on 27 october" replaced what happened; "name is wrong its Lisa
    Kerr, and phone me instead of email" changed only the preference). Clauses naming no change
    are left; empty when fewer than two name one, a clause names a detail not changed this way
    (what happened, the needs), or two name the same detail."""
    from bot.answers.dates import first_raised_answer, first_raised_in

    found: list[tuple[str, str]] = []
    for clause in clauses_of(text):
        route = preference_change(clause)
        if route is not None:
            found.append(("contact_preference", route))
            continue
        typed_alone = detail_typed_alone(clause)
        if (
            found
            and found[-1][0] == "address"
            and change_asked(clause) is None
            and (typed_alone is None or typed_alone[0] == "name")
        ):
            # "my address is 4 Bethcar Street, Ebbw Vale": the town is the address's, never the
            # name (outside customers B, round 19, F10, HIGH: the case logged as "Ebbw Vale").
            found[-1] = ("address", f"{found[-1][1]}, {clause.strip(' .,')}")
            continue
        asked = change_asked(clause) or typed_alone
        if asked is None or not (find_email(clause) or find_phone(clause)):
            # "i first emailed them on 27 october", "it wasnt monday it was the 16th": the day.
            day = first_raised_in(clause, today).day
            if day is None and _DATE_CORRECTED.search(plain(clause)):
                tail = re.split(r"\b(?:was|is|should be|its|it'?s)\b", clause, flags=re.I)[-1]
                day = first_raised_answer(tail, today)
            if day is not None and day < today:
                found.append(("first_raised", day.isoformat()))
                continue
        if asked is None:
            continue
        if asked[0] not in CLAUSE_FIELDS:
            return []
        if asked[0] == "name" and name_in_a_change(clause) is not None:
            # The clause whole: the change reads the name in it against the name held ("can u
            # put my name with capitals Dave Pritchard": outside words, round 16, F1).
            asked = ("name", clause)
        found.append(asked)
    fields = [field for field, _ in found]
    return found if len(found) >= 2 and len(set(fields)) == len(fields) else []


# Someone else's name at the read-back ("his name is Arthur Fenwick", "my dad's name is ...", "the
# account is in my dads name, Arthur Fenwick"): the account holder's, read from the customer's words
# as the complaint is made for them, never the customer's own name nor an account number (outside
# care, round 16, F15: "his name is Arthur Fenwick" renamed the son complaining to his father).
def _someone_elses_name() -> re.Pattern[str]:
    from bot.vulnerability import load_vulnerability_rules  # it builds on this package

    person = load_vulnerability_rules().person
    return re.compile(
        r"\b(?:his|her|their)\s+(?:full\s+|real\s+|proper\s+)?name\b"
        rf"|\b(?:{person}|account ?holder|holder|bill ?payer)(?:'s|s'|s)?\s+(?:full\s+)?name\b"
        r"|\b(?:account|contract|line|bill|broadband|phone)s? (?:is|are) (?:in|under) "
        rf"(?:(?:my|our) )?(?:(?:{person})(?:'s|s)?|his|her|their|the) name\b"
        r"|\b(?:the )?account ?holder (?:is|was)\b",
        re.I,
    )


_OWN_NAME = re.compile(r"\bmy (?:full |real |own |proper )?name\b", re.I)
# What follows the customer's own name and is about someone else's: ", his is Arthur", ". the
# account is in my dads name, Arthur Fenwick".
_THEIRS_AFTER = re.compile(
    r"\s*(?:[,;.]|\band\b|\bbut\b)\s*(?:and |but )?(?:the |his |her |their |my |our )\b.*$|"
    r"\s*(?:[,;.]|\band\b|\bbut\b)?\s*\b(?:his|hers|theirs|her|their)(?:'s)? is\b.*$",
    re.I | re.S,
)


def names_someone_elses_name(text: str | None) -> bool:
    """ "his name is Arthur Fenwick", "the account holder's name is ...": a name that is not the
    customer's own (outside care, round 16, F15)."""
    return bool(_someone_elses_name().search(plain(text))) and not _OWN_NAME.search(plain(text))


def _own_name_beside_anothers(text: str) -> tuple[str, str] | None | bool:
    """ "no MY name is Mark Fenwick, his is Arthur": the customer's own name alone; None when the
    message names only someone else's; False when it names no one else's."""
    lowered = plain(text)
    theirs = _someone_elses_name().search(lowered) or (
        _OWN_NAME.search(lowered) and re.search(r"\b(?:his|hers|theirs)(?:'s)? is\b", lowered)
    )
    if not theirs:
        return False
    own = _OWN_NAME.search(text)
    if own is None:
        return None
    value = _CHANGE_LEAD_IN.sub("", text[own.start() :], count=1)
    value = _THEIRS_AFTER.sub("", value).strip(" .,")
    value = re.sub(r"^(?:just|actually|really|only)\s+", "", value, flags=re.I)
    return ("name", value) if value else None


def own_name_beside_anothers(text: str | None) -> str | None:
    """ "no MY name is Mark Fenwick, his is Arthur": the customer's own name alone; None when the
    message names no one else's beside it."""
    found = _own_name_beside_anothers(str(text or ""))
    return found[1] if isinstance(found, tuple) else None


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
    own = _own_name_beside_anothers(text)
    if own is not False:
        return own or None
    for field, pattern in _CHANGE_FIELDS:
        match = re.search(pattern, lowered)
        if not match:
            continue
        if field == "email" and find_email(text):
            return field, find_email(text) or ""
        if field == "phone" and find_phone(text):
            return field, find_phone(text) or ""
        if field in ("phone", "email") and tells_how_raised_before(text):
            # "i first complained about this by phone on 2 november" with no number: how it was
            # raised before, never a new phone number (outside customers B, round 14, F6).
            continue
        if field == "postcode" and find_postcode(text):
            return field, find_postcode(text) or ""
        start = match.end()
        rest = text[start:] if field == "description" else text
        if field == "description":
            value = re.sub(
                # "change what happened to: ..." (outside words r16, F21: "to:" was kept).
                # "the what happened bit should say ..." (outside customers A, round 20, F2:
                # stored as "bit should say ...").
                r"^\s*(?:(?:bit|part|section|bit of it|field|line|one)\s+)?"
                r"(?:(?:is|was|should (?:say|be|read)|be|say|says|read|to|:|-|=)\s*)+",
                "",
                rest,
                flags=re.I,
            )
            named = _category_only(value)
            if named is not None:
                # "the complaint is about billing not fault repair" (outside testers, issues 15
                # and 19: stored as what happened): the category, what happened kept.
                return "category", named
        elif field == "category" and _category_only(_CATEGORY_LEAD_IN.sub("", plain(text))):
            # "its about billing not fault repair": the category named, never the whole sentence.
            return field, _category_only(_CATEGORY_LEAD_IN.sub("", plain(text))) or ""
        elif field == "category" and match.group(0) == "about":
            # A bare "about" that names no category is not a change of it: "I first rang about it
            # on 2 November" at the read-back (the lead, 28 Nov: "Please choose one of: sales,
            # billing, ..." and the day first raised lost).
            continue
        elif field == "address":
            # "the address is wrong, its 14 Station Road": what follows the last "is"/"it's"/"to"
            # (outside testing: "wrong, its 14 Station Road" was stored).
            # The remark after it is no part of it ("... Tunbridge Wells. also i rang them on 3
            # november": outside customers A, round 14, F23).
            parts = re.split(r"\b(?:is|it'?s|its|to|should be)\b|:", address_only(text), flags=re.I)
            value = address_only(parts[-1])
        else:
            value = _CHANGE_LEAD_IN.sub("", text, count=1)
        value = value.strip(" .,")
        return (field, value) if value else None
    return None


_SAYS_YES = re.compile(
    rf"^(?:{YES_WORDS}|go on|go ahead|do it|i would|i'?d like that|"
    r"(?:please )?(?:take it down|log it|make (?:a|the) complaint))\b"
)


def says_yes(text: str | None) -> bool:
    """ "yes please take it down", "ok do it": a yes to the assistant's offer."""
    words = plain(text)
    return bool(_SAYS_YES.match(words)) and not re.search(r"\b(?:no|not|don'?t|dont)\b", words)


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
    # "hang on dont submit that": a pause, not a refusal (outside customers A, F15 variants).
    r"|\b(?:hang on|hold on|wait)\b[^.?!]{0,12}\b(?:don'?t|dont|do not)\s+(?:log|submit|send|file)\b"
    # "wait", "one sec", "hang on a minute" on their own: a pause (outside re-test, 27 Nov
    # afternoon: read as yes, and the complaint logged on all four providers).
    r"|^(?:(?:hmm+|um+|er+|oh|ah|no|sorry|erm),?\s+)*(?:wait|hang on|hold on|one sec(?:ond)?|"
    r"one moment|one minute|just a (?:sec|second|minute|moment)|"
    r"(?:wait|give me) a (?:sec|second|minute|moment|mo))(?:\s+(?:a )?(?:sec|second|minute|"
    r"moment|mo|please|pls))?[\s.!,]*$"
)


def refuses_logging(text: str | None) -> bool:
    """ "no dont log it", "dont submit that" at "Shall I log it?": a refusal, never the go-ahead
    (outside customers A, F14, 27 Nov: read as yes and logged, twice); "dont log it yet" and "hang
    on dont submit that" only hold off (`holds_off_logging`)."""
    return bool(_REALLY_STOP.search(plain(text))) and not holds_off_logging(text)


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
    r"(?:i )?(?:don'?t|dont|do not) want to (?:complain|make a complaint|log it|go on|carry on|"
    r"do (?:this|it|that)|go through with (?:this|it))(?: any ?more)?"
    r"|(?:no,? )?(?:don'?t|dont|do not) (?:log|submit|send) (?:it|this|that)"
    r"|no longer want to complain"
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
        # Said again ("i said STOP", "I told you, stop") or twice over ("forget it stop"): outside
        # customers A, round 19, F8 (HIGH), read as "no email" and the form went on.
        words = _SAID_AGAIN.sub("", re.sub(r"[,.!]", " ", words)).strip()
        words = re.sub(r"\s+", " ", words)
        if _PLAIN_STOP.fullmatch(words) or _twice_over(words):
            return True
    return False


_SAID_AGAIN = re.compile(r"^(?:i (?:said|say|told you|already said)|like i said)\b\s*")


def _twice_over(words: str) -> bool:
    """Two ways of saying stop in one short message ("forget it stop")."""
    parts = words.split(" ")
    if len(parts) > 8:
        return False
    return any(
        _PLAIN_STOP.fullmatch(" ".join(parts[:i])) and _PLAIN_STOP.fullmatch(" ".join(parts[i:]))
        for i in range(1, len(parts))
    )


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
    if re.search(
        r"\b(?:don'?t|dont|do not|not|can'?t|cannot|couldn'?t|won'?t|unable to) (?:carry on|continue|"
        r"go on|keep going)\b",
        words,
    ):
        # "I can't go on like this anymore": never "let's carry on" to someone in crisis
        # (outside care, round 16, F27: said before the urgent numbers, in a new conversation).
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


# "stop", "cancel it": a command the assistant itself suggests, on its own, never an answer.
_BARE_COMMAND = re.compile(
    r"^(?:please )?(?:stop|cancel|quit|exit)(?: (?:it|this|that|now|the complaint|my complaint))?"
    r"(?: please| now)?$"
)


def is_bare_command(text: str | None) -> bool:
    """ "stop", "cancel it", "please stop": the command alone (not "stop charging me")."""
    return bool(_BARE_COMMAND.match(plain(text)))


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


# "what happened is ...", "can you log my complaint please", "could you change my email to ...":
# worded like a question, but a change or the go-ahead at the read-back. "can u put my name ..." too
# (outside words, round 16, F1: a question, so read as a new complaint).
_ASKS_TO_CHANGE_OR_LOG = re.compile(
    r"\s*(?:what happened (?:is|was)\b|(?:can|could|would|will) (?:you|u|ya) (?:please |pls )?"
    r"(?:just )?(?:log|submit|send|file|change|update|correct|put)\b)"
)


def asks_to_change_or_log(text: str | None) -> bool:
    """Whether a message worded like a question asks for a change or to log the complaint."""
    return bool(_ASKS_TO_CHANGE_OR_LOG.match(str(text or "").lower()))


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


# --- a clear yes to "Shall I log it?" (outside testers, round 13) ------------------------------

# "yes", "yes please", "that's correct", "looks good": the whole message says yes, and nothing else.
_CLEAR_YES = re.compile(
    rf"^(?:(?:{YES_WORDS}|yes please|yes thanks|yes thank you|correct|right|fine|great|perfect|"
    r"grand|spot on|absolutely|definitely|certainly|of course|go for it|do it|confirm(?:ed)?|"
    r"affirmative|proceed|all good|all correct|all fine|looks (?:good|right|fine|correct)|"
    r"sounds (?:good|right|fine)|that'?s (?:right|correct|fine|it|good|great|perfect|all correct)|"
    r"(?:it'?s|its|all|that is|it is) (?:right|correct|fine|good)|yes it is|yes that'?s right|"
    r"thanks|thank you|cheers|please do|go on then|go on|go ahead|carry on)[\s,.!]*)+$"
)
_SAYS_NOT = re.compile(r"\b(?:no|not|don'?t|dont|but|wrong|change|except|wait)\b")


def confirms_logging(text: str | None) -> bool:
    """A clear yes to "Shall I log it?" ("yes", "yep log it", "that's correct", the Yes button):
    never "ACC778", "hmm" or "no the date is wrong" (outside testers, round 13: an account number
    typed there was taken as yes, and the complaint logged without it)."""
    raw = str(text or "").strip()
    if not raw:
        return True  # the Yes button, sent with no words
    if raw.startswith("/"):
        return raw.startswith("/affirm")
    if refuses_logging(raw) or holds_off_logging(raw):
        return False
    if means_log_it(raw):
        return True
    words = plain(raw)
    return bool(_CLEAR_YES.match(words)) and not _SAYS_NOT.search(words)


def leads_with_yes(text: str | None) -> bool:
    """ "yes, I first complained on 22 September": a clear yes first, and no word against it in
    what follows (the caller checks that what follows changes nothing)."""
    raw = str(text or "").strip()
    parts = re.split(r"(?<=[,.!;])\s*|\s+-\s+", raw, maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return False
    first = parts[0].strip(" ,.!;")
    return confirms_logging(first) and not _SAYS_NOT.search(plain(parts[1]))


def yes_with_a_question(text: str | None) -> bool:
    """ "yes please log it. whats the ombudsman though?", "yes thats right, can we use the
    ombudsman as a business?" at "Shall I log it?": a clear yes first, then only a question (outside
    customers A, round 14, F6/F21: "Sorry, I still didn't understand that", or "business" in the
    question taken as a change, and not logged). The question's words change nothing."""
    raw = str(text or "").strip()
    parts = re.split(r"(?<=[,.!;])\s*|\s+-\s+", raw, maxsplit=1)
    if len(parts) < 2 or not leads_with_yes(raw):
        return False
    rest = parts[1].strip()
    return rest.endswith("?") and not re.search(r"[.!;]\s", rest.rstrip("?"))


# An account number typed alone ("ACC778", "IG-4471-2290"): letters and digits, with a digit.
_ACCOUNT_ALONE = re.compile(
    r"^(?=[A-Za-z0-9./_-]*\d)[A-Za-z]{0,6}[\s./_-]?[0-9][0-9A-Za-z./_-]{2,24}$"
)


def detail_typed_alone(text: str | None) -> tuple[str, str] | None:
    """A detail typed on its own at the read-back, with no word of which one: the whole message is
    an e-mail address, a phone number, a postcode or an account number ("ACC778": outside testers,
    round 13, logged as if it were yes). The detail and its value; None otherwise."""
    raw = str(text or "").strip().strip(" .,!")
    if not raw or len(raw) > 60:
        return None
    email = find_email(raw)
    if email and email == raw:
        return "email", email
    phone = find_phone(raw)
    if (
        phone
        and re.sub(r"\D", "", phone) == re.sub(r"\D", "", raw)
        and not re.search(r"[A-Za-z]", raw)
    ):
        return "phone", phone
    postcode = find_postcode(raw)
    if postcode and re.sub(r"\s", "", postcode).lower() == re.sub(r"\s", "", raw).lower():
        return "postcode", postcode
    if _ACCOUNT_ALONE.match(raw) and (re.search(r"[A-Za-z]", raw) or 6 <= len(raw) <= 20):
        return "account", raw
    name = bare_name(raw)
    return ("name", name) if name else None


def correction_said(text: str | None, today: date) -> bool:
    """Whether a reply to "Shall I log it?" names a change the read-back's change reads: a detail
    and its new value ("no, my email is jo.b@example.com", "no the phone number is 07700 900123"),
    several ("no, my email is ... and my phone is ..."), a detail typed alone, or the day first
    raised ("no, i first raised it on 3 November"). A bare "no", "no thats wrong" or "No, change
    something" name none (round 15, words15c: such a "no", read as deny, was asked "What would you
    like to change?" and the correction in it dropped)."""
    from bot.answers.dates import first_raised_in

    if not str(text or "").strip() or str(text).lstrip().startswith("/"):
        return False
    if change_asked(text) or changes_asked(text) or detail_typed_alone(text):
        return True
    if clause_changes(text, today):
        return True
    day = first_raised_in(text, today).day
    return day is not None and day < today
