"""The account of what happened, and what a first message already gives for the complaint form.

Reads: whether a message tells what went wrong rather than only that there is a complaint
(`says_what_happened`, `MIN_DESCRIPTION_WORDS`), whether a reply to "what happened?" is an account
and not a question back (`looks_like_a_description`), and the facts a first message gives
(`first_message_facts`: the account, a category, a name, an e-mail, a phone, a postcode).

Not here: whether the message is a complaint, a question or about a case (bot.answers.routing);
each detail's own reader (bot.answers.details, bot.answers.names, bot.answers.category).
"""

from __future__ import annotations

import re
from typing import Any

from bot.answers.asking import is_a_question
from bot.answers.category import category_told
from bot.answers.details import (
    EMAIL,
    PHONE_IN_TEXT,
    POSTCODE_IN_TEXT,
    contact_preference_in,
    find_email,
    find_phone,
    find_postcode,
    preference_change,
)
from bot.answers.names import NAME_INTRO, name_in
from bot.answers.needs import names_a_need
from bot.answers.text import plain

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


_LEADING_LINK = re.compile(r"^(?:(?:and|so|but|also|ok|okay|oh|well|then|sorry)[\s,]+)+")


def opens_with_a_question(text: str | None) -> bool:
    """Whether a message opens as a question ("do i need to email you as well ...", "and when can
    I go to the ombudsman"), not as an account with a question after it."""
    return bool(_QUESTION_START.match(_LEADING_LINK.sub("", plain(text))))


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
    text = EMAIL.sub(" ", text)
    text = PHONE_IN_TEXT.sub(" ", text)
    text = POSTCODE_IN_TEXT.sub(" ", text)
    text = NAME_INTRO.sub(" ", text)
    return text


def content_words(text: str | None) -> list[str]:
    """The words of a message once greetings, "I want to complain about" and any name, e-mail,
    phone or postcode are taken out."""
    rest = _BOILERPLATE.sub(" ", _without_details(str(text or "")))
    return re.findall(r"[\w£$€%'’/.-]+", rest)


def says_what_happened(text: str | None) -> bool:
    """Whether a first message tells what went wrong, not just that there is a complaint."""
    return len(content_words(text)) >= MIN_DESCRIPTION_WORDS


def first_message_facts(text: str | None) -> dict[str, str]:
    """What a first message already gives for the complaint form (issue 15): its account of
    what happened (when it says enough), any name, e-mail, phone or postcode in it, and the way
    to be contacted it asks for."""
    text = str(text or "")
    facts: dict[str, str] = {}
    if says_what_happened(text):
        facts["description"] = text.strip()
    for field, found in (
        ("category", category_told(text)),
        ("name", name_in(text)),
        ("email", find_email(text)),
        ("phone", find_phone(text)),
        ("postcode", find_postcode(text)),
        # "..., please only email me" (round 20: the way asked for again).
        ("contact_preference", preference_change(text)),
    ):
        if found:
            facts[field] = found
    return facts


# "dont record the thing about dave after all", "take out the bit about the engineer", "remove the
# part about dave from your shop", "leave dave out of it": a part of what happened taken back, by
# what it was about (outside testers, 27 Nov: at "Shall I log it?" it was ignored, and logged).
_PART_TAKEN_BACK = re.compile(
    r"\b(?:(?:don'?t|dont|do not|no need to|please don'?t)\s+(?:record|include|put(?:\s+in)?|"
    r"mention|keep|add|log|write(?:\s+down)?|use)|(?:take|leave|cut|strike|cross)\s+out|remove|"
    r"delete|drop|scrap|forget|get rid of|take away|take off|leave off|lose)\s+"
    r"(?:the|that|this|my|what i said)?\s*(?:thing|bit|part|stuff|line|sentence|comment|mention|"
    r"point|piece)s?\s+(?:about|with|re|regarding|on|mentioning)\s+(?P<subject>.+)$"
    # Only as the whole request: "you leave customers out in the cold" is more of the account.
    r"|^(?:(?:actually|oh|and|please|can you|could you|just|but)[\s,]+){0,3}leave\s+(?P<left>.+?)"
    r"\s+out(?:\s+of\s+(?:it|this|the complaint|what happened))?(?:[\s,.!]+(?:please|pls|thanks|"
    r"after all))*[\s.!]*$"
    # "take the bit about money difficulties out of what happened, i never wanted that in"
    # (outside customers B, round 14, F15: what happened became "i never wanted that in").
    r"|\b(?:take|leave|cut|strike|cross|get|keep)\s+(?:the|that|this|my|what i said)?\s*(?:thing|bit|"
    r"part|stuff|line|sentence|comment|mention|point|piece)s?\s+(?:about|with|re|regarding|on|"
    r"mentioning)\s+(?P<split>.+?)\s+(?:out|off)\b"
)
# What may follow the part named, and is no part of it.
_AFTER_THE_PART = re.compile(
    r"\s*(?:\b(?:after all|please|pls|thanks|thank you|instead|out|off|in it|as well|too)\b|"
    r"\bfrom\s+(?:it|the complaint|my complaint|what happened|the description|there)\b|"
    r"[,.!;]).*$"
)
# Words too common to say what a sentence is about.
_NOT_A_SUBJECT = frozenset(
    [
        "the",
        "a",
        "an",
        "what",
        "that",
        "this",
        "he",
        "she",
        "it",
        "they",
        "him",
        "her",
        "them",
        "his",
        "their",
        "said",
        "told",
        "did",
        "about",
        "from",
        "your",
        "my",
        "our",
        "of",
        "to",
        "and",
        "with",
        "at",
        "in",
        "on",
        "me",
        "i",
        "you",
        "was",
        "were",
        "is",
    ]
)


def part_taken_back(text: str | None) -> tuple[str, ...] | None:
    """The words that name a part of what happened the customer takes back ("dont record the
    thing about dave after all" is ("dave",), "remove the part about dave from your shop" is
    ("dave", "shop")); None when the message takes back no part."""
    words = plain(text)
    match = _PART_TAKEN_BACK.search(words)
    if match is None:
        return None
    said = match.group("subject") or match.group("left") or match.group("split") or ""
    # "from your shop" is part of who it was about; "from the complaint" is where it goes from.
    said = _AFTER_THE_PART.sub("", said)
    named = tuple(
        w for w in re.findall(r"[a-z0-9']+", said) if w not in _NOT_A_SUBJECT and len(w) > 1
    )
    return named or None


def told_besides_the_part(text: str | None) -> str:
    """What a message says before it takes back a part of what happened ("Ian Ross, and dont
    record the thing about dave" is "Ian Ross"); empty when the take-back is all it says."""
    words = str(text or "")
    match = _PART_TAKEN_BACK.search(plain(words))
    before = words[: match.start()] if match is not None else words
    return re.sub(
        r"(?i)[\s,;.!-]*(?:\b(?:and|also|oh|but|actually|please))*[\s,;.!-]*$", "", before
    )


_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def without_the_part(description: str | None, part: tuple[str, ...]) -> str | None:
    """What happened without the sentences that mention every word of `part`; None when no
    sentence does, or every one does (then it cannot be taken out safely: the customer retypes)."""
    sentences = [s.strip() for s in _SENTENCE.split(str(description or "")) if s.strip()]

    def mentions(sentence: str) -> bool:
        # "'money difficulties'": a word in quotes is the word.
        said = {w.strip("'") for w in re.findall(r"[a-z0-9']+", plain(sentence))}
        return all(word in said for word in part)

    # A sentence whose last clause alone names the part ("... look for work and please dont
    # write 'money difficulties' on my file") keeps the clauses before it (outside customers B,
    # round 14, F15); any other sentence that names it goes.
    kept = [c for c in (_without_last_clause(s, mentions) for s in sentences) if c]
    if not kept or kept == sentences:
        return None
    return " ".join(kept)


def _without_last_clause(sentence: str, mentions: Any) -> str | None:
    """The sentence without its last clause ("... and please dont write X"), when that clause
    alone names the part; the sentence unchanged when it names no part; None otherwise."""
    if not mentions(sentence):
        return sentence
    clauses = re.split(r"\s+(?:and|but|also|plus)\s+", sentence)
    if len(clauses) < 2 or not mentions(clauses[-1]) or any(mentions(c) for c in clauses[:-1]):
        return None
    return " and ".join(clauses[:-1]).rstrip(" ,;")


# "as i said", "i told you already", "see above": a reminder that the account was given before, and
# nothing more (outside testers, 27 Nov: "as i said" was kept as what happened, and the first
# message, "broadband down, rang you on the 20th", lost).
_ONLY_SAID_BEFORE = re.compile(
    r"(?:(?:no|oh|ok|okay|sorry|well|erm|um|yes|yeah)[\s,.!]+)*"
    r"(?:(?:as|like) i (?:already |just )?(?:said|say|told (?:you|u)|mentioned|explained)"
    r"|i (?:already |just )?(?:told|said|explained)(?: (?:you|u|it|that))?"
    r"|i'?ve (?:already |just )?(?:said|told you|explained)(?: (?:it|that|this))?"
    r"|see (?:above|my (?:first |last )?message)|(?:it'?s|its) (?:above|in my (?:first |last )?message))"
    r"(?:\s+(?:already|before|above|earlier|twice))?[\s,.!]*"
)


def only_says_said_before(text: str | None) -> bool:
    """Whether the message only says the account was given before ("as i said", "i told you
    already"), with nothing of it."""
    return bool(_ONLY_SAID_BEFORE.fullmatch(plain(text).strip()))


# "yes i want to complain, its been dead since tuesday": the request to complain before the account
# is no part of it (outside customers B, round 12, H9: "What happened: yes i want to complain, ...").
_ASKING_TO_COMPLAIN = re.compile(
    r"^\s*(?:(?:yes|yeah|yep|ok|okay|right|please)\b[\s,.!]*)*"
    r"(?:i\s+(?:want|wanna|would like|d like|'d like)\s+to\s+|i'?d\s+like\s+to\s+|id\s+like\s+to\s+"
    r"|can\s+i\s+|please\s+)?"
    r"(?:make\s+a\s+complaint|complain|log\s+a\s+complaint|put\s+in\s+a\s+complaint)"
    r"(?:\s+(?:please|about it|about this))?\s*[,.;:!-]+\s*",
    re.IGNORECASE,
)


def without_asking_to_complain(text: str) -> str:
    """The account without a request to complain before it; the text as it is when there is none,
    or nothing after it."""
    rest = _ASKING_TO_COMPLAIN.sub("", text, count=1).strip()
    return rest if rest and rest != text.strip() else text


# "also they told me to go to the shop", "NR2 4SX. oh and I forgot to say they hung up on me": more
# about what happened, said at a later question, at the start of the message or after a stop or a
# comma (outside testers, issue 15: the conversation i15-its-bob; such additions got the
# question's hint at the e-mail, phone and postcode questions, and were lost).
_ADDITION = re.compile(
    r"(?:^|[,.;!]\s*)(?P<added>(?:(?:oh|and|ok|okay|sorry|btw|by the way)[\s,]+)*"
    r"(?:also|plus|another thing(?: is)?|one more thing|(?:i )?forgot to (?:say|mention|add)|"
    r"i should (?:add|say|mention)|i want to add|i'?d like to add)\b.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Fewer words than this in the addition, once details are taken out, and it adds nothing
# ("also my email is ...").
_ADDITION_WORDS = 4


def addition_told(text: str | None) -> tuple[str, str] | None:
    """The answer before more about what happened, and the words that add it ("bob@example.com,
    also they told me to go to the shop" gives ("bob@example.com", "also they told me to go to
    the shop")); None when the message adds nothing to what happened. A question, a detail, a
    way to be contacted or a need is no addition (each has its own reader)."""
    words = str(text or "").strip()
    match = _ADDITION.search(words)
    if match is None:
        return None
    added = match.group("added").strip()
    if (
        len(content_words(added)) < _ADDITION_WORDS
        or is_a_question(added)
        or contact_preference_in(added) is not None
        or names_a_need(added)
        or find_email(added)
        or find_phone(added)
        or find_postcode(added)
    ):
        return None
    before = words[: match.start("added")].strip(" ,.;!")
    return before, added


# "it should say i paid on the 30th not the 3rd", "change the 3rd to the 30th", "the 3rd should be
# the 30th": a few words of what happened corrected, the rest kept (outside words testers, round
# 16, F21: the whole account was replaced by the correction's own words).
_ENDS = r"(?=\s*(?:[.,;!?]|\band\b|\bbut\b|\balso\b|$))"
_NOT_THIS = re.compile(
    rf"(?P<new>[\w£$.,/' -]+?)\s*,?\s+not\s+(?P<old>[\w£$./'-]+(?:\s+[\w£$./'-]+){{0,3}}?){_ENDS}",
    re.I,
)
_THIS_TO_THAT = re.compile(
    rf"\b(?:change|replace|swap)\s+(?P<old>[\w£$./'-]+(?:\s+[\w£$./'-]+){{0,3}}?)\s+"
    rf"(?:to|with|for)\s+(?P<new>[\w£$./'-]+(?:\s+[\w£$./'-]+){{0,3}}?){_ENDS}",
    re.I,
)
_THIS_SHOULD_BE = re.compile(
    rf"\b(?P<old>[\w£$./'-]+(?:\s+[\w£$./'-]+){{0,3}}?)\s+should\s+(?:be|say|read)\s+"
    rf"(?P<new>[\w£$./'-]+(?:\s+[\w£$./'-]+){{0,3}}?){_ENDS}",
    re.I,
)


def words_corrected(held: str | None, text: str | None) -> tuple[str, str, str] | None:
    """The few words of the account held (`held`) that `text` corrects, as (old, new, the rest of
    the message), the old words as the account has them: "it should say i paid on the 30th not
    the 3rd. and i rang you about it last monday" gives ("the 3rd", "the 30th", "and i rang you
    about it last monday"). None when the message names no words the account has."""
    held = str(held or "")
    said = str(text or "")
    for pattern in (_THIS_TO_THAT, _NOT_THIS, _THIS_SHOULD_BE):
        for match in pattern.finditer(said):
            old = match.group("old").strip(" ,.'")
            new_words = match.group("new").strip(" ,.'").split()
            if not old or not new_words:
                continue
            # The new words stand where the old do: as many of the last ones as the old has
            # ("i paid on the 30th" not "the 3rd": "the 30th").
            new = " ".join(new_words[-len(old.split()) :])
            if plain(new) == plain(old):
                continue
            found = re.search(rf"(?<![\w]){re.escape(old)}(?![\w])", held, re.I)
            if found is None:
                continue
            rest = said[match.end() :].strip(" .,;!?")
            rest = re.sub(r"^(?:and|also|but)\s+", "", rest, flags=re.I)
            return found.group(0), new, rest
    return None


def with_words_corrected(held: str, old: str, new: str) -> str:
    """The account with its first `old` (as it has it) changed to `new`, all else as told."""
    return re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", new.replace("\\", r"\\"), held, count=1)


# --- the customer's own details, taken into their fields, out of what happened -------------------
# "Hi I'm Sarah Jones, sarah.jones@example.com, 07700 900123, my broadband has been down since
# Monday": the name, e-mail and phone are taken into their own fields, so what happened is "my
# broadband has been down since Monday" (outside words testers, round 18, F2: the read-back and the
# case had all of it). Only a detail held in its field goes, with the words that introduce it; a
# number the customer rang or another's name stays, as complaint content.

_MARK = "\x00"
_DETAIL_LEAD_IN = (
    r"(?i:(?:(?:and|or|also)\s+)?(?:(?:my|our|the)\s+)?(?:e-?mail(?:\s+address)?|mobile(?:\s+(?:number|no\.?))?|"
    r"(?:phone|tel(?:ephone)?|contact|landline|home)(?:\s+(?:number|no\.?))?|number|post\s?code)"
    r"(?:\s+(?:is|'s|being))?\s*[:=-]?\s*"
    r"|(?:(?:and|or|also)\s+)?(?:you\s+can\s+)?(?:call|ring|phone|text|reach|contact|e-?mail)\s+(?:me|us)\s+"
    r"(?:on|at|via)?\s*)?"
)
_NAME_LEAD_IN = (
    r"(?i:\bi'?m|\bi am|\bim|\bmy name is|\bmy name'?s|\bname\s*[:=-]|\bthis is|\bit'?s)\s+"
)
_GREETING = re.compile(
    r"^\s*(?i:(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening)|dear\s+\w+)(?:\s+there)?)"
    r"\b[\s,!.:;-]*(?=\x00)"
)
_AROUND_MARK = re.compile(
    r"[\s,;:&/(-]*(?:\b(?:and|or)\b[\s,;:(-]*)?\x00(?:\s+here\b)?"
    r"(?:[\s,;:&/()-]*(?:\b(?:and|or)\b[\s,;:(-]*)?\x00(?:\s+here\b)?)*"
    r"[\s,;:&/)-]*(?:\b(?:and|or)\b\s+)?"
)


def _phone_digits(number: str) -> str:
    main = re.split(r"(?i)\s*(?:ext|x)", number, maxsplit=1)[0]
    digits = re.sub(r"\D", "", main)
    return "0" + digits[2:] if digits.startswith("44") else digits


def without_contact_details(
    text: str,
    *,
    name: Any = None,
    email: Any = None,
    phone: Any = None,
    postcode: Any = None,
) -> str:
    """What happened without the customer's own name, e-mail, phone and postcode (those held in
    their fields) and the words introducing them; the text as it was when none is in it."""
    said = str(text or "")
    spans: list[tuple[int, int]] = []

    def held(value: Any) -> str | None:
        value = str(value or "").strip()
        return value if value and value.lower() not in ("none", "not given") else None

    found_at: list[tuple[int, int]] = []  # each detail as typed, without its lead-in
    if held(email):
        found_at += [m.span() for m in re.finditer(re.escape(held(email)), said, re.I)]
    if held(phone):
        wanted = _phone_digits(held(phone))
        for found in PHONE_IN_TEXT.finditer(said):
            if _phone_digits(found.group(0)) != wanted:
                continue
            extension = re.match(
                r"[\s,;(]*(?i:ext(?:ension|n)?|x)\s*[.:#]?\s*\d{1,5}\)?", said[found.end() :]
            )
            found_at.append((found.start(), found.end() + (extension.end() if extension else 0)))
    if held(postcode):
        squashed = held(postcode).replace(" ", "").upper()
        found_at += [
            m.span()
            for m in POSTCODE_IN_TEXT.finditer(said)
            if (m.group(1) + m.group(2)).upper() == squashed
        ]
    names = held(name)
    name_ends = (
        [m.end() for m in re.finditer(r"\s+".join(map(re.escape, names.split())), said, re.I)]
        if names
        else []
    )
    ends = {end for _, end in found_at} | set(name_ends)
    for start, end in found_at:
        lead = re.search(rf"{_DETAIL_LEAD_IN}$", said[:start])
        if lead is not None and lead.start() < start and _listed(said, start, end, ends, led=True):
            spans.append((lead.start(), end))  # "my number is 07700 900123", "email me at ..."
        elif _listed(said, start, end, ends):
            spans.append((start, end))  # "Sarah Jones, sarah@example.com, 07700 900123, ..."
    marked = _marked(said, spans)
    if held(name):
        words = r"\s+".join(re.escape(w) for w in held(name).split())
        # With "I'm", "my name is": anywhere. Alone: only first (after a greeting) or beside
        # another detail taken ("Sarah Jones, sarah@example.com"), never "my bill" for a Bill.
        marked = re.sub(rf"{_NAME_LEAD_IN}{words}\b", _MARK, marked, flags=re.I)
        marked = re.sub(
            rf"^(\s*(?i:(?:hi|hello|hey|hiya|good\s+(?:morning|afternoon|evening))(?:\s+there)?)"
            rf"\b[\s,!.:;-]*)?{words}\b(?=\s*(?:[,;:.!-]|here\b|\x00|$))",
            lambda m: (m.group(1) or "") + _MARK,
            marked,
        )
        marked = re.sub(rf"(?<=\x00)([\s,;:&-]+){words}\b", rf"\1{_MARK}", marked)
        marked = re.sub(rf"\b{words}(?=[\s,;:&-]+\x00)", _MARK, marked)
    if _MARK not in marked:
        return said
    marked = _GREETING.sub("", marked)
    pieces = _AROUND_MARK.split(marked)
    kept = [p for p in (piece.strip() for piece in pieces) if p]
    joined = ""
    for piece in kept:
        if not joined:
            joined = piece
        elif piece[0] in ".!?,;:" and joined[-1] in ".!?,;:":
            piece = piece.lstrip(".!?,;:").lstrip()
            joined += f" {piece}" if piece else ""
        elif piece[0] in ".!?,;:":
            joined += piece
        elif joined[-1] in ".!?":
            joined += " " + piece
        else:
            joined += ", " + piece
    joined = re.sub(r"\s+([.,!?])", r"\1", joined).lstrip(" ,;:.!-").rstrip(" ,;:-")
    return joined or said


def _listed(text: str, start: int, end: int, ends: set[int], *, led: bool = False) -> bool:
    """Whether a detail stands on its own in the message, as a detail is listed ("..., 07700
    900123, my broadband ..."), not inside a sentence of the complaint ("I rang you from 07700
    900123 on Monday"); `led`: said after words that introduce it ("my number is")."""
    left = text[:start].rstrip()
    right = text[end:].lstrip()
    left_ok = (
        led
        or not left
        or left[-1] in ",;:.!?(-/"
        or len(left) in ends
        or bool(re.search(r"(?i)\b(?:and|or|hi|hello|hey|here)$", left))
    )
    right_ok = (
        not right or right[0] in ",;:.!?)-/" or bool(re.match(r"(?i)(?:and|or|here)\b", right))
    )
    return left_ok and right_ok


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by the mark (overlapping spans as one)."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            start = at
        if end <= start:
            continue
        out.append(text[at:start])
        out.append(_MARK)
        at = end
    out.append(text[at:])
    return "".join(out)
