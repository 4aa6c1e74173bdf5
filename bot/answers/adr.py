"""Questions about ADR (the ombudsman schemes) and the bodies beyond the provider.

Reads: a scheme spoken of without its name, a question about ADR for a business's head count or a
day first raised, matters the schemes exclude ("fraud", "property damage"), court and awards,
prices and price rises, the ADR (deadlock) letter (what it is, its day, the time limit after it),
"what if my complaint is still open?", and Ofcom named, to complain to, contact or take a complaint
up.

Not here: the scheme's rules and dates (bot.rights, bot.regulation), the days themselves
(bot.answers.dates), a follow-up to the ADR answer (bot.answers.follow_ups), nor other questions
about the code (bot.answers.questions).
"""

from __future__ import annotations

import re
from datetime import date

from bot.answers.asking import asks_in_a_clause, is_a_question
from bot.answers.business import stated_business_size
from bot.answers.dates import (
    RAISED_BEFORE,
    complaint_age_in,
    dates_with_places,
    month_part_in,
    raised_day_in_question,
    rough_ago_at,
    stated_dates,
)
from bot.answers.questions import channel_named
from bot.answers.routing import ABOUT_A_CASE
from bot.answers.text import plain

# Naming an ADR scheme, by what it is or by either approved scheme's name.
_ADR_NAMED = re.compile(r"\b(?:ombudsm[ae]n|adr|cisas|dispute resolution|the scheme)\b")


def asks_adr_for_a_business_size(text: str | None) -> bool:
    """ "We're a small firm with 8 staff and 4 contractors. Can we go to ADR?", "I'm a business
    with 10 employees. Can I use CISAS?": a question about ADR that gives a business's head count
    (outside testers: not understood, or read as another question, while the same words with 12
    or 25 employees were answered)."""
    words = plain(text)
    return (
        stated_business_size(text) is not None
        and bool(_ADR_NAMED.search(words) or _COUNTS.search(words))
        and is_a_question(text)
    )


# Asking whether a head count or a price rise is within what ADR takes, without naming ADR
# ("8 employees and 4 contractors, does that count?", "is a price rise covered?"; outside testers,
# round 13: the cancellation clause, or not understood).
_COUNTS = re.compile(
    r"\b(?:(?:does|do|would|will|is|are) (?:that|this|it|they|we|i|those|these|us)(?: \w+)? "
    r"(?:count|counted|qualify|eligible|covered|included|allowed|small enough|too (?:big|many))|"
    r"(?:still )?(?:eligible|qualify|small enough|too (?:big|many))|count(?:ed)? as small)\b"
)
_COVERED = re.compile(
    r"\b(?:covered|count|counted|included|excluded|eligible|qualify|allowed|"
    r"(?:can|could) (?:i|we) (?:complain|go|take (?:it|that|this)))\b"
)


def asks_if_prices_covered(text: str | None) -> bool:
    """ "is a price rise covered?", "does a price increase count?": whether ADR takes a price
    matter, asked without naming ADR; answered with ADR's narrow price exclusion."""
    words = plain(text)
    return (
        is_a_question(text)
        and bool(_PRICES.search(words))
        and bool(_COVERED.search(words))
        and not ABOUT_A_CASE.search(words)
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
        # "ofcoms number", "ofcom's number": the possessive names it too (outside customers A,
        # round 12, H5: given the provider's own contacts).
        if re.search(rf"\b{re.escape(name.lower())}(?:'?s)?\b", words):
            return name
    return None


# The words customers use for a matter an ADR scheme excludes (the matters are in bot/rules); a
# matter not listed here is found by its own words.
_MATTER_WORDS: dict[str, str] = {
    "fraud": r"fraud\w*|scam\w*",
    # "my engineer damaged my wall" (outside customers A, round 2: told CISAS was open).
    "property damage": r"property damage|damag(?:e|ed|ing) (?:to )?(?:my |our |the )?"
    r"(?:property|house|home|wall|walls|ceiling|floor|floors|carpet|garden|drive|driveway|door|"
    r"window|fence|kitchen|roof|car|furniture)"
    # "knocked my router off the shelf, now it wont power on", "the engineer broke my router"
    # (outside customers A, round 14, F29: CISAS offered with no word of the exclusion).
    # Only with the engineer named first: a faulty router ("my broken router") is no damage.
    r"|engineers?\b[^.?!]{0,80}?\b(?:broke|smashed|cracked|knocked|damag(?:ed|ing)) (?:over |off )?"
    r"(?:my |our |the )?(?:router|hub|tv|television|computer|laptop|pc)"
    r"|(?:router|hub|tv|television|computer|laptop) (?:was |got |is )?(?:broken|smashed|damaged)"
    r" by (?:the |your )?engineer",
    "discrimination": r"discriminat\w*",
    "data protection": r"data protection|gdpr|personal data|data breach"
    # "you gave my personal details to a marketing company without my consent", "you sharing my
    # data": personal details passed on are data protection too (outside compliance, round 16,
    # F30, F4: the logged complaint was given a CISAS date, the question the privacy policy).
    # Passed on by the provider, not given by the customer ("I had to give my details five
    # times" is a service complaint, not data protection).
    r"|\b(?:you|they|someone|your \w+)(?: \w+){0,2}? (?:gave|given|giving|passed|passing|sold|"
    r"selling|shared|sharing|disclosed|disclosing|handed|handing|leaked|leaking) (?:on |out )?"
    r"(?:my|our) (?:personal |private |contact )?(?:data|details|information|info)"
    r"|(?:my|our) (?:personal |private |contact )?(?:data|details|information|info) "
    r"(?:was|were|has been|have been|got|had been) (?:passed|sold|shared|given|disclosed|handed)"
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
# A court case under way, told in a complaint's own words ("I've already started a small claims
# court case against you"); a threat ("I will take you to court") is not one (outside compliance,
# round 16, F30: such a complaint was given an ombudsman date).
_COURT_UNDER_WAY = re.compile(
    r"\b(?:already|started|starting|issued|filed|lodged|begun|began|brought|taken|taking)\b"
    r"[^.?!]{0,40}?\b(?:court|small claims|legal proceedings|county court claim|claim against you)\b"
    r"|\b(?:court case|court claim|small claims (?:case|claim)|legal proceedings) (?:against|with) "
    r"(?:you|them|your company)\b"
)
# The court case must be with the provider: "I missed my court hearing because the line was dead"
# and "I'm taking my landlord to court" are no exclusion of this complaint.
_AGAINST_THE_PROVIDER = re.compile(r"\b(?:you|your|them|against)\b")
_COURT_AHEAD = re.compile(
    r"\b(?:will|ll|going to|gonna|might|may|could|would|considering|thinking of|threaten\w*|"
    r"if you don'?t|unless)\b[^.?!]{0,30}?\b(?:court|small claims|legal action|sue)\b"
)


def tells_of_court_under_way(text: str | None) -> bool:
    """Whether a complaint's own words say it is already before a court (regulation.md: the
    schemes do not take matters already in court); not a court only threatened."""
    words = plain(text)
    found = _COURT_UNDER_WAY.search(words)
    if found is None:
        return False
    sentence = re.split(r"[.?!]", words[found.start() :], maxsplit=1)[0]
    before = re.split(r"[.?!]", words[: found.start()])[-1]
    if not _AGAINST_THE_PROVIDER.search(before + sentence):
        return False
    return not _COURT_AHEAD.search(words) or bool(re.search(r"\balready\b", words))


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


_PRICES = re.compile(
    # "overpriced" (outside compliance, round 16, F21: the price exclusion came last).
    r"\b(?:prices?|pricing|overpriced|tariffs?|price (?:rise|increase)s?|(?:gone|going|went|put) up|"
    r"increase[sd]?|rises?)\b"
)


def asks_about_prices(text: str | None) -> bool:
    """A question about prices or a price rise ("can I go to the ombudsman about a price rise?"),
    not an account of one: answered with what ADR takes, not taken down as a complaint."""
    return is_a_question(text) and bool(_PRICES.search(plain(text)))


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
        and not ABOUT_A_CASE.search(words)
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


_TIME_TO_COMPLAIN = re.compile(
    r"\b(?:time ?limit|deadline|cut-?off)\s+(?:to|for)\s+(?:make\s+|making\s+|raise\s+|raising\s+"
    r"|log\s+|logging\s+)?(?:a\s+|my\s+)?complain"
    r"|\bhow long (?:do i have|have i got|will i have|is there|can i leave it)\s+(?:left\s+)?to\s+"
    r"(?:make\s+(?:a\s+|my\s+)?|raise\s+(?:a\s+|my\s+)?|put in\s+(?:a\s+)?)?complain"
    r"|\btoo late to (?:make\s+(?:a\s+)?)?complain"
)


def asks_time_limit_to_complain(text: str | None) -> bool:
    """ "how long do I have to complain?", "is there a time limit to make a complaint?": a time
    limit for complaining to the provider, asked with no word of ADR (outside testers, issue 14:
    answered with ADR's limits alone, or with reply times)."""
    words = plain(text)
    return bool(_TIME_TO_COMPLAIN.search(words)) and not _ADR_WORDS.search(words)


# "when can I go to the ombudsman and by when?", "until when can I apply?": the last day to go.
_BY_WHEN = re.compile(r"\b(?:by|until|till|up to) when\b|\blatest (?:date|day)\b")


def asks_adr_by_when(text: str | None) -> bool:
    """Whether a message asks by when the customer must go to ADR ("when can I go to the
    ombudsman and by when?"): the time limits, which a question about a letter must not lose
    (outside compliance r12 M5: told what an ADR letter is, and no limit)."""
    return bool(_BY_WHEN.search(plain(text)))


def asks_about_adr_time_limit(text: str | None) -> bool:
    """A question about how long the customer has to go to ADR ("your code says I only have 6
    months after your letter", "what if you never wrote to me?"), not about when it opens."""
    return bool(_TIME_LIMIT.search(plain(text)))


_ADR_WORDS = re.compile(r"\b(?:ombudsman|adr|cisas|dispute resolution)\b")


# "my deadlock letter dated 3 June", "I got an ADR letter yesterday", "my 8 week letter came on 3
# November": the day of an ADR letter, which is not the day the complaint was first raised.
_ADR_LETTER = re.compile(
    r"\b(?:deadlock|adr|final response|final decision|(?:8|eight)[- ]?weeks?)\s+letter\b"
    # "the letter saying deadlock", "a letter telling me you'd reached deadlock"
    r"|\bletter\s+(?:saying|stating|confirming|telling me|to say|about|of)\b(?:\s+\w+){0,4}?"
    r"\s+deadlock\b"
    # "you wrote to me on 15 March 2026 saying deadlock", "you sent me a letter on 15 March saying
    # you can't do any more" (outside compliance r14 F7: read as no letter, "no time limit")
    r"|\b(?:you|u|they)\s+(?:wrote|sent|posted|e-?mailed)\b(?:\s+\S+){0,8}?\s+(?:saying|stating"
    r"|to say|telling me|confirming)\b(?:\s+\S+){0,6}?\s+(?:deadlock\b|(?:you|they|we)\s+"
    r"(?:can'?t|cannot|could not|couldn'?t)\s+do\s+(?:any|anything)\s*more\b)"
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
    if RAISED_BEFORE.search(words):
        return None  # "I first complained on 1 April, is there a deadlock letter?": that day
    days = [day for day in stated_dates(text, today, rough=False) if day <= today]
    if not days:
        # "I got a deadlock letter sometime in early October", "about mid October": a rough day
        # after the letter is named, said back as approximate (truth15: not read at all).
        rough = _letter_month_part(words, today)
        return rough[0] if rough is not None else None
    return max(days, default=None)


def _letter_month_part(words: str, today: date) -> tuple[date, str] | None:
    """A rough part of a month named after the ADR letter in `words` ("a deadlock letter about mid
    October"): its day and the words to say it back, as `month_part_in` reads them."""
    letter = _ADR_LETTER.search(words)
    return month_part_in(words[letter.end() :], today) if letter is not None else None


def adr_letter_rough_words(text: str | None, today: date) -> str | None:
    """ "about 11 months ago", "in mid October": how a message gives its ADR letter's day
    (`adr_letter_date`) when that is only rough, a count of months or years ago or a part of a
    month, so the day and the deadline from it are approximate (outside compliance reader, round
    13, F20; truth15), in words to say back ("You said the letter came {ago}"); None when the day
    is given exactly."""
    letter = adr_letter_date(text, today) or held_letter_day_in(text, today)
    if letter is None:
        return None
    words = plain(str(text or "")[:500])
    for at, day in dates_with_places(words, today):
        said = rough_ago_at(words, at) if day == letter else None
        if said is not None:
            return f"about {said}"
    rough = _letter_month_part(plain(str(text or "")[:4000]), today)
    if rough is not None and rough[0] == letter:
        return rough[1]
    return None


def held_letter_day_in(text: str | None, today: date) -> date | None:
    """The day of the ADR (deadlock) letter a complaint says the customer holds, even beside the
    day it was first raised ("I first complained on 10 January 2026 ... you sent me a deadlock
    letter dated 2 March 2026"): the first day on or before today named after the letter (outside
    compliance r12 H3: the letter was lost from the complaint)."""
    words = plain(str(text or "")[:4000])
    letter = _ADR_LETTER.search(words)
    if letter is None or not _LETTER_HELD.search(words):
        return None
    days = [
        day for at, day in dates_with_places(words, today) if at >= letter.start() and day <= today
    ]
    if days:
        return days[0]
    rough = None if RAISED_BEFORE.search(words) is None else _letter_month_part(words, today)
    return rough[0] if rough is not None else adr_letter_date(text, today)


def adr_letter_date_ahead(text: str | None, today: date) -> date | None:
    """The day, after `today`, that a message says the customer's ADR (deadlock) letter is dated
    ("I got a deadlock letter on 10 December 2026" on 27 November 2026), when it names no day on or
    before today: a day that has not come, which opens nothing and is to be checked (issue 14).
    None when the message names no such letter, or gives a day the letter could have been sent."""
    words = plain(str(text or "")[:4000])
    if not (_ADR_LETTER.search(words) and _LETTER_HELD.search(words)):
        return None
    if RAISED_BEFORE.search(words) or adr_letter_date(text, today) is not None:
        return None
    ahead = [day for day in stated_dates(text, today, rough=False) if day > today]
    return min(ahead, default=None)


def asks_adr_for_a_day(text: str | None, today: date) -> bool:
    """A question about going to ADR that gives the day the complaint was first raised ("I first
    complained on 1 April 2026. When can I go to CISAS?"), or how long ago ("my complaint has
    been open 6 weeks, who do I contact?"): the ADR question, answered for that day, not a new
    complaint, a case to look up or the provider's contacts (outside compliance review). A clause
    may ask it with no question mark ("i first complained on 1 March 2026 and it's still not
    sorted, can i go to the ombudsman": outside compliance r12 M6, asked for a reference)."""
    words = plain(text)
    if _ADR_WORDS.search(words) and asks_in_a_clause(text):
        return raised_day_in_question(text, today) is not None
    if not is_a_question(text):
        return False
    return (
        bool(_WHAT_NEXT.search(words) and _COMPLAINT_WORD.search(words))
        and complaint_age_in(text, today) is not None
    )


_COMPLAINT_WORD = re.compile(r"\bcomplain(?:t|ts|ed|ing)?\b")
# "what can I do?", "who do I contact?", "where do I go now?", "what are my options?".
_WHAT_NEXT = re.compile(
    r"\bwhat (?:can|should|do) (?:i|we) do\b|\bwho (?:do|can|should) (?:i|we) "
    r"(?:contact|go to|turn to|complain to|speak to|talk to)\b|\bwhere (?:do|can|should) (?:i|we) go\b"
    r"|\bwhat (?:are )?my options\b|\bwhat now\b|\bwhat next\b|\btake (?:it|this) further\b"
    r"|\bescalate\b"
)


# "how should I send my complaint?", "where do I send a complaint?", "how do I complain?", "what's
# the best way to make a complaint?": the way the code asks for complaints to be made.
_HOW_TO_COMPLAIN = re.compile(
    r"\b(?:how|where|who)\s+(?:do|can|should|would|shall|could|must|to)\s+(?:i\s+|we\s+)?"
    r"(?:send|make|submit|lodge|raise|put in|file|log|address|direct|complain)\b"
    r"|\b(?:best|right|correct|proper|official)\s+(?:way|route|address|place)\s+(?:to|for)\b"
)


def asks_how_to_complain(text: str | None) -> bool:
    """Whether a question asks how or where to make a complaint ("how should I send my
    complaint?"): the code's own route for complaints answers it, before its contacts (outside
    testers, issue 14: Invictanet's ten contacts came with no word of its fax and e-mail route)."""
    words = plain(text)
    return bool(_COMPLAINT_WORD.search(words) and _HOW_TO_COMPLAIN.search(words))


def complaint_channel_asked(text: str | None) -> str | None:
    """The channel ("phone", "letter", "email") a question asks about complaining by ("can I
    complain by phone?", "can I send my complaint by letter?"), or None."""
    words = plain(text)
    return channel_named(words) if _COMPLAINT_WORD.search(words) else None


_WHAT_IS = r"\b(?:what|who)(?:'?s| is| are| does| do)\s+(?:the\s+|an?\s+)?"


def asks_what_scheme_is(text: str | None, names: list[str]) -> str | None:
    """The ADR scheme a message asks what it is ("what is CISAS and how do i get hold of them"):
    one of `names`, or "" for the ombudsman or ADR asked about by what it is ("whats the
    ombudsman"); None when it asks no such thing."""
    words = plain(text)
    for name in names:
        if re.search(_WHAT_IS + re.escape(name.lower()) + r"\b", words):
            return name
    if re.search(_WHAT_IS + r"(?:ombudsm[ae]n|adr|ombudsman scheme|adr scheme)\b", words):
        return ""
    return None


_COMPENSATION = re.compile(
    r"\b(?:compensat\w*|money back|reimburs\w*|pay (?:me|us) back|claim (?:for|back))\b"
)
_A_LOSS = re.compile(
    r"£\s?\d|\b\d+\s?(?:pounds|quid)\b|\b(?:lost|loss|losses|losing|out of pocket|cost (?:me|us))\b"
)


def asks_compensation_for_a_loss(text: str | None) -> bool:
    """A question about compensation for money lost ("can i get compensation for the lost card
    sales? we lost about £400"): what an ADR scheme can award is said with what the code says."""
    words = str(text or "").lower()
    return asks_in_a_clause(text) and bool(_COMPENSATION.search(words) and _A_LOSS.search(words))
