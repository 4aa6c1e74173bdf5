"""Needs and circumstances: the answer to "anything to make contact easier?", and consent to
keep it.

Reads: no needs ("no thats fine": `declines_needs`), a yes that names none
(`says_yes_without_a_need`), the needs an answer names, in the customer's words (`needs_named`) or
the case's (`access_needs_named`: "large print please, my eyes arent great" is "large print"), a
request to keep the customer's own words (`asks_to_keep_own_words`), and withdrawing consent to the
needs recorded (`withdraws_consent`).

Not here: the cues of vulnerability and the offers made for them (bot.vulnerability), nor questions
about accessibility or contact for deaf customers (bot.answers.questions).
"""

from __future__ import annotations

import re

from bot.answers.text import NO_ANSWERS, YES_WORDS, one_of, plain

# Wishes about how to be contacted that no offer of help names: "07700 900456 but text only",
# "NO voicemails ever" (outside customers B, round 12, M7: lost without a word).
_CONTACT_WISH_WORDS = (
    r"texts? only|text messages? only|only (?:by )?texts?|only text messages?|"
    # "text me only, I can't hear on the phone" (issue 18, care15: not heard at all).
    r"text (?:me|us) only|only text (?:me|us)|"
    r"no voice ?-?mails?|(?:don'?t|dont|do not|never) leave (?:me )?(?:a )?voice ?-?mails?|"
    # "dont ring me", "please don't phone me" (outside testers, round 13, a deaf customer at the
    # e-mail question: not noted, and told "We can keep in touch by phone").
    r"(?:don'?t|dont|do not|never) (?:ever )?(?:ring|call|phone|telephone) (?:me|us|him|her|them)|"
    # "never email me", "please put on it never to email me ... he reads everything" (outside care,
    # round 16, F10: a customer leaving an abusive partner had her contact switched TO e-mail).
    r"(?:don'?t|dont|do not|never) (?:ever )?(?:to )?e-?mail (?:me|us)\b"
)

# The needs the accessibility question is about, as customers name them.
_NEED_WORDS = re.compile(
    r"\b(?:large print|big print|braille|audio|text ?relay|relay uk|textphone|minicom|bsl|"
    r"sign language|easy read|hearing loop|video relay|e-?mail only|letters? only|in writing|"
    r"by letter|by e-?mail|no phone calls?|"
    # "email me only, never post", "no post please, email is fine" (outside testers, issue 18:
    # the second was read as "no needs").
    r"e-?mail (?:me |us )?only|(?:no|never) (?:post|letters?)(?! ?code)|"
    # "email is better than letters" (outside customers A, 27 Nov: a dyslexic customer's need lost)
    r"e-?mails? (?:is |are )?(?:better|easier) than (?:letters?|post|phone(?: calls)?)|"
    r"e-?mails? (?:instead of|rather than|not) (?:letters?|post|phone(?: calls)?)|(?:can'?t|cannot) (?:hear|see|use the phone)|"
    r"speak (?:slowly|clearly|up|louder)(?: and (?:slowly|clearly))?|call (?:my|her|his) (?:daughter|son|carer)|"
    # "big writing please, my eyes arent good", "calls are easier" (outside customers B, round
    # 12, H10: "please ask which", the need itself lost with the health words).
    r"big(?:ger)? (?:writing|letters|print|text|font)|large (?:writing|text|font)|"
    r"(?:phone )?calls? (?:are|is|would be) (?:easier|better)|prefer(?:s)? (?:phone )?calls|"
    rf"{_CONTACT_WISH_WORDS})\b"
)
_NO_NEEDS = re.compile(
    rf"^(?:{one_of(NO_ANSWERS)}|i'?m (?:fine|ok|okay)|all good|(?:that'?s|thats) fine|"
    r"i (?:don'?t|dont) need (?:anything|any))\b"
)


def declines_needs(text: str | None) -> bool:
    """ "no thats fine", "i dont need anything": no accessibility needs (outside testing: "no thats
    fine" was stored as the need)."""
    words = plain(text)
    if re.search(r"\b(?:don'?t|dont|do not|no longer) need\b", words) and " but " not in words:
        return True  # "i dont need large print or braille or anything"
    if _LOG_IT.fullmatch(words):
        # "Yes, log it", the read-back's button typed early: no need asked for (outside
        # compliance reader, round 19, F3: recorded as "wants help to make contact easier").
        return True
    return bool(_NO_NEEDS.search(words)) and not _NEED_WORDS.search(words)


_LOG_IT = re.compile(
    r"(?:(?:yes|yeah|yep|ok|okay|just|please|now)[ ,.!]+)*(?:log|submit|send|file) it"
    r"(?:[ ,.!]+(?:please|now|thanks|thank you))*"
)


_ONLY_YES = re.compile(
    rf"^(?:{YES_WORDS}|i do|i might|maybe|possibly|probably|"
    r"actually|well|erm|um|(?:i )?think so)(?:[ ,]+(?:yes|yeah|please|i do|i think|i might|"
    r"i need something|something|maybe|thanks|thank you|actually|probably))*$"
)


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
    (
        re.compile(
            r"large print|big(?:ger)? (?:writing|letters|print|text|font)|large (?:writing|text|font)"
        ),
        "large print",
    ),
    (re.compile(r"voice ?-?mail"), "no voicemails"),
    (re.compile(r"calls? (?:are|is|would be)|prefers? (?:phone )?calls"), "prefers phone calls"),
    (re.compile(r"braille"), "braille"),
    (re.compile(r"audio"), "audio"),
    (re.compile(r"video relay"), "video relay"),
    (re.compile(r"text ?relay|relay uk|textphone|minicom"), "text relay"),
    (
        re.compile(r"texts? only|text messages? only|only (?:by )?text|text (?:me|us) only"),
        "texts only",
    ),
    (re.compile(r"bsl|sign language"), "British Sign Language (BSL)"),
    (re.compile(r"easy read"), "easy read"),
    (re.compile(r"hearing loop"), "hearing loop"),
    # "please don't email me, he reads my emails" (outside customers B, round 20, F2, HIGH: noted
    # as "contact by e-mail", the opposite of what a customer at risk asked).
    (re.compile(r"(?:don'?t|dont|do not|never) (?:ever )?(?:to )?e-?mail"), "no e-mail"),
    (re.compile(r"e-?mail (?:me |us )?only"), "contact by e-mail only"),
    (re.compile(r"e-?mail"), "contact by e-mail"),
    (re.compile(r"(?:no|never) (?:post|letters?)"), "no letters by post"),
    (re.compile(r"letters? only|in writing|by letter"), "contact in writing"),
    (
        re.compile(
            r"no phone calls?|can'?t use the phone|cannot use the phone|"
            r"(?:don'?t|dont|do not|never) (?:ever )?(?:ring|call|phone|telephone) "
        ),
        "no phone calls",
    ),
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


# "actually, don't record that after all", "remove my needs": withdrawing consent to the needs
# agreed (the words the assistant itself tells customers to use), not stopping the complaint and
# never an answer to a question (outside testing of issue 18).
# A word of a need (its subject), and what a customer calls it ("the morning thing").
_A_NEEDS_WORD = (
    r"(?:large print|big print|braille|audio|relay|writing|written|letters?|mornings?|afternoons?|"
    r"evenings?|times?|call ?(?:back)?(?! ?charges?)|calls(?! ?charges?)|ringing|priority|repair|formats?|someone|speak\w*)"
)
_NEED_NOUN = r"(?:thing|one|note|need|bit|request|part)"
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
    # "actually no, don't record anything about me" at the e-mail question (outside testers,
    # round 13: "Please type an email address", and the needs logged "as you agreed").
    r"|\b(?:don'?t|dont|do not|no need to|never)\s+(?:record|note|store|keep|put down|write down)\s+"
    r"(?:anything|any of (?:that|it|this)) (?:about|on|for) (?:me|him|her|them|us|my \w+)\b"
    r"|\b(?:don'?t|dont|do not) want (?:it|that|them|my needs?|anything) (?:on file|on record|recorded)\b"
    r"|\b(?:changed my mind|rather not) about (?:recording|noting) (?:my needs|that|it)\b"
    # One need by its name: "please remove the large print, keep the rest" (outside testing,
    # 27 Nov: every need was dropped; bot.vulnerability.needs_to_remove picks the one named).
    r"|\b(?:remove|delete|drop|take off|withdraw)\s+(?:the|my)\s+(?:large print|braille|audio|"
    r"text relay|relay|call ?back|priority (?:fault )?repair|someone to speak|accessible formats?|"
    r"formats?|writing(?: only)?|written|only in writing|in writing|letters? only)\b"
    # A time to call, by its words: "take off the call after 6pm thing", "remove the 6pm call time
    # from my complaint" (outside customers B, 27 Nov, F14: goodbye, and a new complaint).
    r"|\b(?:remove|delete|drop|take off|take away|withdraw|get rid of)\s+(?:the|my|that)\s+"
    r"(?:calls?|calling|ringing|phoning)\s+(?:me\s+)?(?:after|before|from|at|between)\b"
    r"|\b(?:remove|delete|drop|take off|take away|withdraw|get rid of)\s+(?:the|my|that)\s+"
    r"(?:\d{1,2}\s?(?:am|pm)?\s+)?(?:call ?(?:back )?|contact )time\b"
    # "please take the writing only note off my complaint", "take the priority repair thing off
    # again" (outside compliance F33, 27 Nov: a new complaint, and "Nothing was saved"): a need's
    # own words between "take" and "off" (never "take the call charges off my bill").
    r"|\btake (?:the|my|that|this) (?:[\w-]+ ){0,3}?(?:writing(?: only)?|written|large print|braille|"
    r"audio|text relay|relay|priority(?: fault)? repair|call ?back|call time|someone to speak|"
    r"formats?|needs?)(?: (?:note|thing|one|bit|request|need))? (?:off|away)\b"
    # A need by a word of its own, then "thing", "one", "note": "take off the call in the morning
    # thing", "can you take off the time that suits me one", "actually dont note the morning
    # thing", "dont put that writing thing on", "i dont want the only in writing note anymore"
    # (outside customers B, round 12, H3-H5: read back unchanged, a greeting, stored as the
    # account number, not understood).
    rf"|\b(?:remove|delete|drop|take off|take away|get rid of|withdraw|cross off|scrap)\s+"
    rf"(?:the|my|that)\s+(?:[\w-]+\s+){{0,5}}?{_A_NEEDS_WORD}(?:\s+[\w-]+){{0,4}}?\s+{_NEED_NOUN}\b"
    rf"|\b(?:don'?t|dont|do not)\s+(?:note|record|put|add|include|keep|mention)\s+"
    rf"(?:the|my|that|this)\s+(?:[\w-]+\s+){{0,4}}?{_A_NEEDS_WORD}(?:\s+[\w-]+){{0,3}}?\s+(?:{_NEED_NOUN}|on)\b"
    rf"|\b(?:don'?t|dont|do not) want (?:the|my|that|this)\s+(?:[\w-]+\s+){{0,4}}?{_A_NEEDS_WORD}"
    rf"(?:\s+[\w-]+){{0,3}}?\s+(?:{_NEED_NOUN}|any ?more|after all)\b"
    # "i don't want you to keep the note about writing only" (outside customers B, round 14, F29:
    # after logging, "Nothing was saved when you stopped", and the withdrawal lost).
    rf"|\b(?:don'?t|dont|do not) want (?:you|u|it) to (?:keep|note|record|hold|store|have|put)\s+"
    rf"(?:the|my|that|this|any)\s+(?:[\w-]+\s+){{0,4}}?(?:{_A_NEEDS_WORD}|{_NEED_NOUN}s?|needs)\b"
)


# "no i was only asking, i didnt say yes to that" just after a need was noted (outside customers B,
# 27 Nov, F35: added to the account, and the need kept as agreed): consent denied.
_DENIES_CONSENT = re.compile(
    r"\bi (?:didn'?t|didnt|did not|never) (?:say yes|agree|ask for|choose|pick|want)(?: to)?"
    r" (?:that|this|it|them|those|any of (?:that|them|those))\b"
    r"|\bi was (?:only |just )?asking\b|\bthat was (?:only |just )?a question\b"
)


def denies_consent(text: str | None) -> bool:
    """Whether the words say the needs just noted were never agreed ("i didnt say yes to that")."""
    return bool(_DENIES_CONSENT.search(plain(text)))


def withdraws_consent(text: str | None) -> bool:
    """Whether the words withdraw consent to recording the needs agreed ("don't record that after
    all", "remove my needs"), as distinct from stopping the complaint."""
    return bool(_WITHDRAWS_CONSENT.search(plain(text)))


# "please remove the second one, keep the first", "drop the second one", "take off the one about
# someone speaking for me": one need taken back by its place or its subject, said at the read-back
# while needs are agreed (outside customers B, F2, 27 Nov: asked for a complaint reference, and the
# complaint lost). Only the caller knows needs are agreed: "remove the second charge" is no need.
_REMOVES_ONE = re.compile(
    r"\b(?:remove|delete|drop|take off|take away|get rid of|withdraw|cross off|scrap)\s+"
    r"(?:the|that)\s+(?:(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)"
    r"(?:\s+(?:one|need|thing|bit|point)\b|\s*(?:$|[,.!;]|\s(?:please|pls|too|as well)\b))"
    r"|(?:one|need|bit|thing)\s+about\b)"
)


def removes_one_need(text: str | None) -> bool:
    """Whether the words take back one need by its place ("remove the second one") or subject
    ("take off the one about someone speaking for me")."""
    return bool(_REMOVES_ONE.search(plain(text)))


# Who a customer trusts to speak for them, as they name that need ("the bit about my son").
_TRUSTED_PERSON = (
    r"(?:son|daughter|husband|wife|partner|mum|mother|dad|father|brother|sister|carer|friend|"
    r"neighbour|relative|family|grandson|granddaughter|niece|nephew|support worker|advocate|"
    r"someone|somebody)"
)
# One need taken off in plain words, once the needs on a case have been listed: "actually dont
# keep the bit about my son", "i dont want my son noted on it any more", "please just remove my
# son from the case", "can you not keep the text relay thing", "delete what you recorded about my
# daughter" (outside care, round 16, F2 and F28: "your complaint or a new one?", "Goodbye", or not
# understood). Only the caller knows needs were listed: "the bit about my son" means nothing else.
_TAKES_A_NEED_OFF = re.compile(
    r"\b(?:don'?t|dont|do not|not)\s+(?:keep|note|record|store|want|need|have)\s+"
    r"(?:the|that|this|my)\s+(?:[\w-]+\s+){0,3}?(?:bit|one|thing|note|part|need|request)\s+about\b"
    rf"|\b(?:don'?t|dont|do not|not)\s+want\s+(?:my|the|her|his|our)\s+{_TRUSTED_PERSON}\s+"
    r"(?:noted|recorded|on|kept|named|listed|mentioned|down|speaking|to speak|talking)\b"
    rf"|\b(?:remove|delete|drop|take|take off|get rid of|cross)\s+(?:my|the|our)\s+"
    rf"{_TRUSTED_PERSON}\s+(?:off|out|from (?:the |my |this )?(?:case|complaint|file|record|notes?|"
    r"needs|it|list))\b"
    r"|\b(?:remove|delete|drop|take off|withdraw|scrap|forget)\s+(?:what|everything|anything)\s+"
    r"(?:you|u|i)\s+(?:have\s+|'?ve\s+)?(?:recorded|noted|wrote|written|put|said|kept)\s+"
    r"(?:down\s+)?about\b"
    rf"|\bnot\s+(?:keep|note|record|store)\s+(?:the|that|this|my)\s+(?:[\w-]+\s+){{0,4}}?"
    rf"{_NEED_NOUN}\b"
)


def takes_a_need_off(text: str | None) -> bool:
    """Whether the words take one need off (or all), said once the needs recorded have been
    listed to the customer: a withdrawal in any words `withdraws_consent` reads, one need by its
    place or subject (`removes_one_need`: "take off the first one", the assistant's own example),
    or by the person trusted to speak ("dont keep the bit about my son")."""
    return (
        withdraws_consent(text)
        or removes_one_need(text)
        or bool(_TAKES_A_NEED_OFF.search(plain(text)))
    )


def contact_wishes(text: str | None) -> list[str]:
    """The wishes about contact that no offer names ("text only", "no voicemails"), as the case
    notes them with the accessibility needs: said with a phone number or with consent, they are
    never lost (outside customers B, round 12, M7)."""
    found: list[str] = []
    for match in re.finditer(_CONTACT_WISH_WORDS, plain(text)):
        words = match.group(0)
        name = (
            "no e-mail"
            if "mail" in words and "voice" not in words
            else "no voicemails"
            if "voice" in words
            else "no phone calls"
            if re.search(r"\b(?:ring|call|phone|telephone)\b", words)
            else "texts only"
        )
        if name not in found:
            found.append(name)
    for match in _SAFETY_WISHES.finditer(plain(text)):
        said = match.group(0)
        names = []
        if re.search(r"\b(?:post|letters?|mail|send|write|house|home)\b", said):
            names.append("no post")
        if re.search(r"\b(?:phone|calls?)\b", said):
            names.append("no phone calls")
        found += [n for n in names if n not in found]
    return found


# Said as a wish, not as what happened ("no calls please", "no post, he opens it"; never "no calls
# back from you in 3 weeks", "no post from you"): the end of the clause, a courtesy or a reason.
_AS_A_WISH = (
    r"(?: (?:please|pls|at all|ever|thanks))?"
    r"(?=\s*(?:$|[,.!;]|(?:and|or|but|as|because|cos|he|she|to the|to my)\b))"
)
# Not to be phoned or written to at home, said by someone whose post or phone another person sees
# ("no phone, he checks it", "can you not send anything to the house, he opens my post", "email
# only, nothing by post or phone"; outside care, round 16, F20: none was recorded, and staff were
# never warned). Never a detail declined alone ("no phone", "no post code").
_SAFETY_WISHES = re.compile(
    r"\bno (?:phone|mobile)s?,? (?:as |because |cos |coz )?(?:he|she|they|my ex|my partner)"
    r" (?:checks?|reads?|looks? at|goes through|go through|has|sees?|answers?|takes?)\b"
    r"|\b(?:nothing|no(?: more)?) by (?:post|letter|mail|phone|calls?)"
    r"(?: or (?:by )?(?:post|letter|mail|phone|calls?))?"
    + _AS_A_WISH
    + r"|\b(?:don'?t|dont|do not|never|not) (?:send|post|write)(?: (?:anything|any ?thing|letters?|"
    r"post|mail|it|me anything))?(?: (?:to|at))? (?:the|my|our|that|his|her) (?:old |ex'?s? )?"
    r"(?:house|home|address|flat)\b"
    r"|\bno (?:phone calls|calls|post|letters?|mail)" + _AS_A_WISH
)


# "remove the large print", "i said not large print", "take off the braille": a need taken back by
# name (outside testers, round 13, ISS: "remove the large print, i said not large print" at the
# read-back was read as large print asked for, and added).
_TAKES_OFF = re.compile(
    r"\b(?:remove|take (?:off|out|away)|delete|drop|get rid of|cross off|scrap|withdraw|"
    r"no longer need|(?:don'?t|dont|do not) (?:want|need))\b"
)
# "not large print", "no braille": "not" or "no" straight before the need, only (tenth round,
# fixB: "i can not read normal print so large print please" took large print off).
_NOT_BEFORE = re.compile(r"\b(?:not|no)\s+(?:the\s+|any\s+)?")


def _need_at_start(words: str) -> str | None:
    """The need named at the very start of `words` ("large print please" -> "large print")."""
    first = " ".join(words.split()[:2])
    for size in (2, 1):
        named = access_needs_named(" ".join(first.split()[:size]))
        if named:
            return named.split(",")[0].strip()
    return None


def formats_taken_off(text: str | None) -> list[str]:
    """The needs (as `access_needs_named` names them) that the words take off: each one named
    after a word of removal ("remove the large print" takes off "large print"); none otherwise."""
    words = plain(text)
    found: list[str] = []
    for clause in re.split(r"[,.;!?]|\band\b|\bbut\b", words):
        removal = _TAKES_OFF.search(clause)
        if removal is not None:
            named = access_needs_named(clause[removal.end() :]) or ""
        else:
            named = ", ".join(
                need
                for m in _NOT_BEFORE.finditer(clause)
                if (need := _need_at_start(clause[m.end() :]))
            )
        found += [n.strip() for n in named.split(",") if n.strip() and n.strip() not in found]
    return found


# "add priority fault repair to the needs", "I'd like priority fault repair for my line".
_ADDS_A_NEED = re.compile(
    r"\b(?:add|put|include|record|note|register|i'?d like|i would like|i want|i need|"
    r"can i (?:have|get)|could i (?:have|get)|please)\b"
)
_PRIORITY_REPAIR = re.compile(r"\bpriority\b[^.?!]{0,20}\b(?:repairs?|faults?)\b")


def asks_for_priority_repair(text: str | None) -> bool:
    """Whether the words ask for priority fault repair to be added (not a question about it)."""
    words = plain(text)
    asked = bool(_PRIORITY_REPAIR.search(words) and _ADDS_A_NEED.search(words))
    return asked and "?" not in str(text or "")


# "please forget what I told you about my heart", "I want to stop you keeping my health details":
# words about the customer's own words, never more of the complaint (outside customers B, round 19,
# F36, HIGH: added to the complaint's description).
_FORGET_WHAT_WAS_SAID = re.compile(
    r"\b(?:forget|delete|remove|erase|wipe|(?:don'?t|dont|do not|stop(?: you)?) (?:keep|record|stor)(?:ing|e)?)\b"
    r"[^.?!]{0,40}?\b(?:what i (?:told|said|wrote|mentioned|typed)|my (?:health|illness|condition|"
    r"heart|diagnosis|disability|medical|mental health|cancer))\b"
)


def asks_to_forget_what_was_said(text: str | None) -> bool:
    """Whether the words ask for what the customer said (about their health) to be forgotten."""
    return bool(_FORGET_WHAT_WAS_SAID.search(plain(text)))
