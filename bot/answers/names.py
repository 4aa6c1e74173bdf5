"""People's names: the answer to "What is your name?", and a name given in passing.

Reads: whether words have the shape of a name (`looks_like_a_name`), the name in an answer without
its lead-in, remark or reminder ("its Bob", "Helen Morgan, manager", "i told u, Aisha Khan"), a
name introduced in a first message ("Hi, I'm Priya Shah": `name_in`), a name with other details
typed after it, a correction of the name ("I spelt my name wrong, it's ..."), answers that cannot
be a name or tell more of what went wrong instead, a whole answer that is only a name
(`bare_name`), a reply that says there is nothing more to tell ("that's all": `says_nothing_more`),
and how to greet someone by theirs (`greeting_name`).

Not here: whether a name is acceptable to store (bot.intake), nor the e-mail, phone or postcode
typed with it (bot.answers.details).
"""

from __future__ import annotations

import re

from bot.answers.asking import GRIEVANCE
from bot.answers.category import names_a_fault
from bot.answers.details import EMAIL, PHONE_IN_TEXT, POSTCODE_IN_TEXT
from bot.answers.text import plain

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
        "dont",
        "don't",
        "either",
        "neither",
        "none",
        "them",
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
    typed = str(text).strip().split()
    # A surname that is also a word ("Person", "Human"), typed with its capital after a first name
    # that is no word of speech ("Victim Person": outside attacker, round 19, F11, the name
    # question asked again and again); "Talk To A Person" starts with a word of speech.
    capitalised = len(typed) == len(words) and all(w[:1].isupper() for w in typed)
    return all(
        _NAME_WORD.match(w)
        and (
            _INITIAL.match(w)
            or w not in _NOT_NAME_WORDS
            or (capitalised and i > 0 and words[0] not in _NOT_NAME_WORDS)
        )
        for i, w in enumerate(words)
    )


NAME_INTRO = re.compile(
    r"(?i:\bi'?m|\bi am|\bmy name is|\bname\s*[:=-]|\bname(?:'s|\s+is)|\bthis is|\bit'?s|"
    r"\bcomplaint from|\bfrom)\s+"
    r"((?i:mrs?|ms|miss|dr|mr)\.?\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)


# "my name is sarah o'neill", in any case: said outright, it wins over any other words that look
# like an introduction ("THIS IS A JOKE. ... my name is sarah o'neill" was stored as "A JOKE":
# outside customers A, round 14, F2).
# "... im raging. name is darren cole email dazc@outlook.com" (outside customers A, round 20, F7:
# the name asked again, and "name is" left at the end of what happened): "name is" alone too.
_MY_NAME_IS = re.compile(
    r"\b(?:my\s+)?name(?:'s|\s+is)\s+((?:mrs?|ms|miss|dr|mr)\.?\s+)?"
    r"([^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,3})",
    re.IGNORECASE,
)


# Words that start another detail after a name ("name is darren cole email ...").
_DETAIL_WORDS = frozenset(
    {"email", "e-mail", "phone", "mobile", "tel", "postcode", "address", "number", "and", "from"}
)


def _name_said_outright(text: str) -> str | None:
    for match in _MY_NAME_IS.finditer(text):
        title, words = match.group(1) or "", match.group(2).strip(" .,").split()
        stop = next((i for i, w in enumerate(words) if plain(w) in _DETAIL_WORDS), len(words))
        words = words[:stop]  # "darren cole email dazc": the name ends at the detail's word
        while words and plain(words[-1]) in _NOT_NAME_WORDS | _FORM_WORDS:
            words.pop()
        name = " ".join(words)
        if (len(words) >= 2 or (title and words)) and looks_like_a_name(name):
            return (title + name).strip()
    return None


def name_in(text: str | None) -> str | None:
    """The name a customer introduced themselves with ("Hi, I'm Priya Shah", "name: Tom O'Brien")."""
    outright = _name_said_outright(str(text or ""))
    if outright is not None:
        return outright
    for match in NAME_INTRO.finditer(str(text or "")):
        title, name = match.group(1) or "", match.group(2).strip(" .,")
        words = name.split()
        while words and plain(words[-1]) in _NOT_NAME_WORDS:
            words.pop()
        if words and all(w.isupper() for w in words) and any(len(w) > 1 for w in words):
            continue  # "THIS IS THE THIRD TIME IVE ...": shouting, not a name (the outside set)
        if len(words) >= 2 or (title and words):
            return (title + " ".join(words)).strip()
    return None


def name_without_details(text: str | None) -> str | None:
    """ "Kate Morgan, kate.morgan@example.net, 07700 900 215" is the name Kate Morgan."""
    if text is None:
        return None
    rest = EMAIL.sub(" ", str(text))
    rest = PHONE_IN_TEXT.sub(" ", rest)
    if rest == str(text):
        return text
    rest = POSTCODE_IN_TEXT.sub(" ", rest)
    return re.sub(
        r"[\s,;/|-]+$", "", re.sub(r"^[\s,;/|-]+", "", re.sub(r"\s*[,;/|]\s*[,;/|\s]*", ", ", rest))
    ).strip(" ,")


# "its Bob", "my name is Bob", "call me Bob": the name without the words around it.
_NAME_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hiya|ok|okay|yes|yeah|sure|sorry|fine|alright|right)[\s,!.]+)*"
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
    r"(?:(?:i|i'?ve|ive|i have) (?:already |just )?(?:told|tole) (?:u|you|ya)"
    r"(?: (?:already|before|that|twice|(?:\w+|\d+) times))?|"
    r"(?:like|as) i (?:already )?(?:said|told (?:u|you))(?: before)?|"
    r"i (?:already |just )?said(?: (?:already|before|that))?|i'?ve already (?:said|told you))"
    r"(?:\s*(?:it'?s|its|it is|my name is|my name'?s))?[\s,:;.!-]+",
    re.IGNORECASE,
)


# "Joan Baker like I said", "Joan Baker sorry": the reminder or apology after the name (outside
# customers B, F39: the name asked eight times).
_ALREADY_SAID_AFTER = re.compile(
    r"[\s,;:.!-]+(?:(?:like|as) i (?:already )?(?:said|told (?:u|you))(?: (?:before|already))?"
    r"|i (?:already )?(?:said|told (?:u|you))(?: (?:before|already))?|sorry)[\s.!]*$",
    re.IGNORECASE,
)


def without_already_said(text: str | None) -> str | None:
    """The answer without a reminder that it was given before ("i told u, Aisha Khan" and "Aisha
    Khan like I said" are "Aisha Khan"); the text as it is when it has none, or nothing else."""
    if text is None:
        return None
    rest = _ALREADY_SAID.sub("", str(text), count=1).strip()
    rest = _ALREADY_SAID_AFTER.sub("", rest, count=1).strip()
    return rest or str(text)


def reminds_already_said(text: str | None) -> bool:
    """Whether an answer says it was given before ("I ALREADY TOLD YOU. Ian Ross", "Ian Ross like
    I said"), not only sorry ("Joan Baker sorry"): the customer is owed a word of apology."""
    rest = without_already_said(text)
    if text is None or rest == str(text).strip():
        return False
    said = str(text).replace(rest or "", " ", 1)
    return bool(re.search(r"\b(?:told|tole|said)\b", said, re.IGNORECASE))


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
    r"\s*(?:[,;:(]|(?<!\b[a-z])(?<!\bmrs)(?<!\bmr)(?<!\bms)(?<!\bmx)(?<!\bdr)(?<!\bprof)\.|\s-\s)\s*",
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


def gives_a_name(text: str | None) -> bool:
    """Whether a reply to "What is your name?" starts with a name, after any reminder that it was
    given before ("i told you, Joan Baker": outside customers B, F39, answered as a question)."""
    return name_before_remark(without_already_said(text)) is not None


# "sorry I spelt my name wrong, it's Siobhan Kelly not Siobahn", "my name is actually Siobhan":
# a correction of the name given earlier, typed while another question is asked.
_NAME_CORRECTION = re.compile(
    # "i spelt my own name wrong lol its Siobhan" (outside words, round 16, F46).
    r"\b(?:(?:spelt|spelled|typed|got|put|wrote|written)\s+(?:my\s+)?(?:own\s+)?name\s+"
    r"(?:wrong|incorrectly)"
    r"|name\s+(?:is\s+)?(?:spelt|spelled|typed)\s+wrong|wrong\s+name)\b[^a-z]*"
    r"(?:(?:lol|haha|ha|oops|sorry|lmao)\b[^a-z]*)*"
    r"(?:(?:it\s+)?(?:should\s+be|should\s+have\s+been|is|'s|s)\s+|its\s+|it'?s\s+)"
    r"(?P<after>.+)$"
    r"|\bmy\s+name\s+(?:is|'s|should\s+be)\s+(?:actually\s+|really\s+)?(?P<stated>.+)$",
    re.IGNORECASE,
)
_NOT_THE_OLD_NAME = re.compile(r"[\s,]+(?:not|instead of|rather than)\b.*$", re.IGNORECASE)


# "sorry its Joanne Pike not Jo", "sorry its Susan Clark no e", "Mark Fenwick sorry. email ...":
# a name put right with an apology, heard only against the name held (outside customers A, F6;
# B, F5: the correction was re-asked as an e-mail address and lost).
_SORRY_ITS = re.compile(
    r"^\s*(?:(?:sorry|oops|oh)[\s,!.]+)+(?:it'?s|its|it is|i'?m|im|i am)\s+(?P<name>[^,.;:]+)",
    re.IGNORECASE,
)
_NAME_THEN_SORRY = re.compile(
    r"^\s*(?P<name>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,4})[\s,]+sorry\b", re.IGNORECASE
)
_NOT_THE_OLD = re.compile(
    r"[\s,]+(?:not|no|without|instead of|rather than)\s+(?P<old>.*)$", re.IGNORECASE
)


def without_the_old_name(text: str) -> str:
    """ "Joanne Pike not Jo" is Joanne Pike: the name without the one it replaces."""
    return _NOT_THE_OLD_NAME.sub("", text).strip(" ,.!")


def _apology_correction(text: str, held: str | None) -> str | None:
    """The name in "sorry its Joanne Pike not Jo" when it puts right the name held ("Jo"): it
    shares a word with it, or says it is not it."""
    if not held:
        return None
    found = _SORRY_ITS.search(text) or _NAME_THEN_SORRY.search(text)
    if found is None:
        return None
    name = found.group("name").strip()
    old = _NOT_THE_OLD.search(name)
    name = name[: old.start()].strip() if old else name
    held_words = set(plain(held).split())
    related = bool(held_words & set(plain(name).split())) or bool(
        old and set(plain(old.group("old")).split()) & held_words
    )
    if related and looks_like_a_name(name) and plain(name) != plain(held):
        return name
    return None


# "my first name is spelt Siobhan": the first name alone put right, the surname held kept (outside
# words, round 16, F46: refused as an e-mail address at the e-mail question).
_FIRST_NAME_CORRECTION = re.compile(
    r"\bmy\s+(?:first|1st|christian|given)\s+name\s+(?:is|'s|should\s+be)\s+"
    r"(?:actually\s+|really\s+)?(?:(?:spelt|spelled)\s+)?(?P<first>.+)$",
    re.IGNORECASE,
)


def _with_first_name(held: str | None, first: str, old: str | None = None) -> str:
    """The name held with one word put right: the word `old` names ("Siobhan not Siobahn"), else the
    first; the one word alone when no name of two words or more is held."""
    words = str(held or "").split()
    if len(words) < 2:
        return first
    olds = [i for i, w in enumerate(words) if old and plain(w) == plain(old)]
    at = olds[0] if olds else 0
    return " ".join([*words[:at], first, *words[at + 1 :]])


def name_correction(text: str | None, held: str | None = None) -> str | None:
    """The corrected name in a message that says the name given earlier was wrong ("sorry I spelt
    my name wrong, it's Siobhan Kelly not Siobahn" is Siobhan Kelly; "sorry its Joanne Pike not
    Jo" when the name held is Jo; "its Siobhan not Siobahn" or "my first name is spelt Siobhan"
    when Siobahn Kelly is held is Siobhan Kelly), or None."""
    if not text:
        return None
    said = str(text).strip()
    first = _FIRST_NAME_CORRECTION.search(said)
    if first is not None:
        word = _NAME_TAIL.sub("", first.group("first")).strip(" ,.!")
        one = plain(word).split()
        if len(one) == 1 and _NAME_WORD.match(one[0]) and one[0] not in _NOT_NAME_WORDS:
            return _with_first_name(held, word)
        return None
    found = _NAME_CORRECTION.search(said)
    if found is None:
        return _apology_correction(said, held)
    given = found.group("after") or found.group("stated") or ""
    replaced = _NOT_THE_OLD.search(given)
    name = _NOT_THE_OLD_NAME.sub("", given)
    name = _NAME_TAIL.sub("", name).strip(" ,.!")
    words = plain(name).split()
    one_name = len(words) == 1 and _NAME_WORD.match(words[0]) and words[0] not in _NOT_NAME_WORDS
    if one_name and found.group("after") and replaced is not None:
        # "its Siobhan not Siobahn": the word it replaces put right, the rest of the name kept.
        old = _NAME_TAIL.sub("", replaced.group("old")).strip(" ,.!")
        if old and old.lower() in str(held or "").lower().split():
            return _with_first_name(held, name, old)
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
    if looks_like_a_name(name):
        return False
    return (len(words) >= 3 and bool(GRIEVANCE.search(plain(name)))) or (
        len(words) >= 2 and bool(_FAULT_TALK.search(plain(name)) or names_a_fault(name))
    )


# Words of a fault going on, never of a name, in an answer that is not name-shaped ("it keeps
# dropping", "still no signal": the lead's outside probe, 27 Nov, stored the first as the name).
_FAULT_TALK = re.compile(
    r"\b(?:keeps?|still|cutting|cuts|dropp\w*|drops|disconnect\w*|signal|working|broken|dead|"
    r"fixed|slow)\b"
)


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
    if GRIEVANCE.search(plain(name)) or names_a_fault(name):
        return None
    title_case = all(w[0].isupper() and not (len(w) > 2 and w.isupper()) for w in words)
    return name if introduced or title_case else None


def titled_name(text: str | None) -> str | None:
    """A whole answer that is a title and a name, in any case ("dr helen moss", "Mrs Joan
    Baker"), else None."""
    typed = str(text or "").strip(" .,!")
    words = typed.split()
    if words and plain(words[0]).strip(".") in _TITLES and looks_like_a_name(typed):
        return typed
    return None


def greeting_name(name: str) -> str:
    """How to greet someone by the name they gave: "Gareth" for "Gareth Jones", "Mrs Smith" for
    "Mrs J. Smith"."""
    words = name.split()
    if words and plain(words[0]).strip(".") in _TITLES and len(words) > 1:
        return f"{words[0]} {words[-1]}"
    return words[0] if words else name


# "i'd rather not give my name", "not giving you my name", "no name thanks", "you don't need my
# name": a name refused, never the name (outside testers, round 13: stored as the name, or the
# question asked five times with no way forward).
_NAME_REFUSED = re.compile(
    r"\b(?:(?:rather|prefer|want)\s+not\s+(?:to\s+)?(?:give|say|share|tell)|not\s+(?:giving|saying|"
    r"sharing|telling)|(?:won'?t|will\s+not|don'?t\s+want\s+to|do\s+not\s+want\s+to|shan'?t|"
    r"refuse\s+to)\s+(?:give|say|share|tell)|(?:don'?t|do\s+not)\s+need)\b[^.?!]*\bname\b"
    r"|^\s*no\s+names?\b|\bnone\s+of\s+your\s+business\b|\bstay\s+anonymous\b|\banonymous\b",
    re.IGNORECASE,
)


def refuses_name(text: str | None) -> bool:
    """Whether the answer to the name question refuses to give one."""
    return bool(_NAME_REFUSED.search(str(text or "")[:300]))


# "how many more questions are there?", "how many questions left": asked at a question of the
# form, never an answer to it (outside customers A, round 14, F33: stored as the name).
_HOW_MANY_QUESTIONS = re.compile(
    r"\bhow\s+many\s+(?:more\s+)?(?:questions|things|more)\b|\bmany\s+more\s+questions\b"
    r"|\bquestions\s+(?:left|to\s+go)\b|\bhow\s+much\s+longer\b",
    re.IGNORECASE,
)


def asks_how_many_questions(text: str | None) -> bool:
    """Whether the customer asks how many questions are left."""
    return bool(_HOW_MANY_QUESTIONS.search(str(text or "")))


def asks_at_the_name_question(text: str | None) -> bool:
    """A reply to "What is your name?" that is a question ("how many more questions are there?"),
    never a name: it ends with a question mark, or starts with a question word and is not
    name-shaped."""
    typed = str(text or "").strip()
    if not typed or name_in(typed) or bare_name(typed):
        return False
    return typed.endswith("?") or asks_how_many_questions(typed)


# --- a name changed at the read-back ("can u put my name with capitals Dave Pritchard") ----------

# Words of a request to change the name, never part of one (outside words, round 16, F1, F27, F47:
# "can u put my name with capitals Dave Pritchard", "could you put the name as Amina Khan-Ali",
# "spelt wrong, its Siobhan" were each stored whole as the name).
_REQUEST_WORDS = frozenset(
    {
        "name", "names", "surname", "forename", "firstname", "lastname", "capitals", "capital",
        "caps", "letters", "spelt", "spelled", "spelling", "typo", "put", "change", "changed",
        "make", "should", "as", "is", "its", "it's", "just", "actually", "really", "only",
        "simply", "can", "could", "u", "ur", "my", "mine", "his", "her", "thats", "that's",
        "lol", "haha", "pls", "plz", "ta", "cheers", "thx", "x", "xx", "in", "be", "read", "say",
        "says", "set", "use", "update", "updated", "correct", "corrected", "fix", "spell",
        "nearly", "almost", "oh", "ah", "hi", "yes", "yeah", "ok", "okay", "well",
    }
)  # fmt: skip
# What ends the new name: "not Jo", "rather than Jo", "instead of Jo", and the thanks after it.
_OLD_NAME_AFTER = re.compile(r"[\s,]+(?:not|instead of|rather than|in place of)\b.*$", re.I)
_THANKS_AFTER = re.compile(
    r"(?:[\s,.!]+(?:please|pls|plz|thanks|thank you|thx|cheers|lol|haha))+"
    r"[\s,.!]*$",
    re.I,
)
# What comes before a name typed in lower case: the last "is", "to", "as", "be", "it's" or ":".
_LEAD_BEFORE_NAME = re.compile(
    r"^.*(?:\b(?:is|to|as|be|its|it'?s|it is|should be|was)\b|[:=])\s*", re.I | re.S
)
_WHICH_PART = re.compile(
    r"\b(?P<last>surname|last name|family name|second name)\b|\b(?P<first>first name|forename|"
    r"christian name|given name)\b",
    re.I,
)
# "take off the 'like i put' from my name", "remove 'sorry' from the name".
_TAKE_OFF = re.compile(
    r"\b(?:take|get|leave)\s+(?:off|out)\s+(?P<a>.+?)\s+(?:from|off|out of)\s+(?:my|the)\s+name\b"
    r"|\b(?:remove|delete|drop)\s+(?P<b>.+?)\s+(?:from|off|out of)\s+(?:my|the)\s+name\b",
    re.I,
)


def _one_name_word(word: str) -> bool:
    """A word that may stand alone as a name ("Siobhan", "Khan-Ali")."""
    low = plain(word).strip(".")
    return bool(_NAME_WORD.match(low)) and low not in _NOT_NAME_WORDS | _REQUEST_WORDS | (
        _FORM_WORDS | _COMPLAINT_WORDS
    )


def _name_shaped(words: list[str]) -> bool:
    if not 1 <= len(words) <= 5:
        return False
    if len(words) == 1:
        return _one_name_word(words[0])
    named = " ".join(words)
    return looks_like_a_name(named) and not any(
        plain(w).strip(".") in _COMPLAINT_WORDS | _FORM_WORDS for w in words
    )


def name_in_a_change(text: str | None) -> str | None:
    """The new name in a request to change it at the read-back, without the request's words: "can
    u put my name with capitals Dave Pritchard" and "no thats wrong my name is just Dave Pritchard"
    are Dave Pritchard, "change my name to Amina Khan-Ali please" is Amina Khan-Ali, "the name is
    spelt wrong, its Siobhan" is Siobhan. Typed with capitals, the capitalised words at its end
    (titles kept); in lower case, the words after the last "is", "to" or "as" without "just" or
    "actually". None when the words hold no name."""
    value = _OLD_NAME_AFTER.sub("", str(text or "").strip())
    value = _THANKS_AFTER.sub("", value).strip(" ,.!'\"")
    if not value:
        return None
    # A full stop is kept after an initial or a title ("Mrs J. Smith"), as the form keeps it.
    words = [w.strip(" ,!?;'\"") for w in value.split()]
    words = [w if _INITIAL.match(w) or plain(w).strip(".") in _TITLES else w.strip(".")
             for w in words if w.strip(".")]  # fmt: skip
    # Capitals: the run of capitalised words at the end ("... with capitals Dave Pritchard").
    run: list[str] = []
    for word in reversed(words):
        low = plain(word).strip(".")
        is_title = low in _TITLES
        if not word[:1].isupper() or word.isupper() and len(word) > 2:
            break
        if low in _NOT_NAME_WORDS | _REQUEST_WORDS and not is_title:
            break
        run.insert(0, word)
    if run and _name_shaped([w for w in run if plain(w).strip(".") not in _TITLES] or run):
        return " ".join(run)
    # Lower case: after the last lead-in word, without the request's own words in front.
    tail = _LEAD_BEFORE_NAME.sub("", value).strip(" ,.!")
    rest = tail.split()
    while rest and plain(rest[0]).strip(".") in _REQUEST_WORDS - _TITLES:
        rest.pop(0)
    if rest and _name_shaped(rest):
        return " ".join(rest)
    return None


def _similar(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, plain(a), plain(b)).ratio() >= 0.6


def name_changed(text: str | None, held: str | None) -> str | None:
    """The name a request at the read-back asks for, given the name `held`: words asked to be
    taken off it taken off ("take off the 'like i put' from my name"); a surname or first name
    put in its place ("my surname is actually Khan-Ali"); one word that corrects the spelling of
    one of the held name's put in its place ("spelt wrong, its Siobhan" for Siobahn Kelly); else
    `name_in_a_change`. None when the words hold no name (outside words, round 16, F1, F27, F47)."""
    typed = str(text or "")
    held_words = str(held or "").split()
    taken = _TAKE_OFF.search(typed)
    if taken is not None and held_words:
        gone = (taken.group("a") or taken.group("b") or "").strip()
        gone = re.sub(r"^(?:the|a|that|those|these|bit|words?)\s+", "", gone, flags=re.I)
        gone = re.sub(r"^(?:bit|words?)\s+", "", gone, flags=re.I).strip(" '\"‘’“”")
        pattern = r"\s*\b" + r"\s+".join(re.escape(w) for w in gone.split()) + r"\b"
        left = re.sub(pattern, "", str(held), flags=re.I).strip(" ,.")
        if gone and left != str(held).strip() and _name_shaped(left.split()):
            return left
        return None
    name = name_in_a_change(typed)
    if name is None or not held_words or len(name.split()) != 1:
        return name
    part = _WHICH_PART.search(typed)
    if part is not None and len(held_words) >= 2:
        at = -1 if part.group("last") else 0
        held_words[at] = name
        return " ".join(held_words)
    if any(plain(w) == plain(name) for w in held_words):
        return name  # "my name is Dave" for Dave Smith: Dave it is
    close = [i for i, w in enumerate(held_words) if _similar(w, name)]
    if len(held_words) >= 2 and len(close) == 1:
        held_words[close[0]] = name
        return " ".join(held_words)
    return name


# --- "that's all" at the name question ------------------------------------------------------------

# A reply to "tell me more ... or say 'that's all'" typed after the form has moved on to the name:
# "that's all", "no that's it", "nothing else" was stored as the name, and the customer thanked as
# "Thank you, that's all." (outside attacker, round 19, F3).
_NOTHING_MORE = re.compile(
    r"(?:(?:no|nope|nah|no thanks|no thank you|ok|okay|right|yes|yeah|erm|um|so)[\s,.!]+)?"
    r"(?:(?:that'?s|that is|thats|its|it'?s) (?:all|it|everything|about it|all of it|all for now)"
    r"(?: (?:i have|i've got|i got|i can think of|for now|really|from me|to say|to add|to tell))*"
    r"|(?:there'?s |there is )?(?:nothing|nothing else|nothing more|no more|not anything else)"
    r"(?: (?:to add|to say|to tell|from me|really|for now|i can think of))*"
    r"|all done|done|that'?ll do|that will do|i'?m done)"
    r"(?:[\s,.!]+(?:thanks|thank you|cheers|ta|thx|please))*",
)


def says_nothing_more(text: str | None) -> bool:
    """ "that's all", "that's everything", "no that's it", "nothing else": the reply says there is
    nothing more to tell, and is never a name."""
    return bool(_NOTHING_MORE.fullmatch(plain(text)))
