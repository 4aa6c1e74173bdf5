"""Questions about what the provider's code and the rules promise, other than ADR.

Reads: how a deaf customer or one with a speech impairment can make contact (Relay UK), priority
fault repair, how long a fault takes to fix, someone else acting for the customer, accessibility
("I need large print"), the help a disabled or vulnerable customer can have, and the channel a
question about reply times is about (`channel_named`).

Not here: questions about ADR and Ofcom (bot.answers.adr), a case to look up
(bot.answers.routing), nor the needs given as an answer (bot.answers.needs).
"""

from __future__ import annotations

import re

from bot.answers.asking import GRIEVANCE, asks_in_a_clause, is_a_question
from bot.answers.text import plain

_CHANNEL_WORDS: tuple[tuple[str, str], ...] = (
    # "if I fax you a complaint" (outside compliance reader, round 13, F22: read as a web chat).
    ("fax", r"\b(?:fax(?:ed|ing|es)?|by fax)\b"),
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


# "will a director definitely call me?": a call from the provider, not the channel the complaint
# was made by (outside compliance r14 F8: answered for complaints made by phone, just after this
# one was logged with its reply date). "call me back" stays the
# phone: a code's call-back promise is for complaints made by phone.
_CALLED_BY_THEM = re.compile(
    r"\b(?:you|they|someone|somebody|anyone|he|she|(?:a|the|your) \w+)\s+(?:\w+\s+){0,2}"
    r"(?:call|ring|phone|telephone)(?:s|ing)?\s+(?:me|us)\b(?!\s+back)"
)


def channel_named(text: str | None) -> str | None:
    """The channel a question is about ("if I send a letter, when will I hear back?"); "write to
    you by email" is e-mail (outside compliance review, 27 Nov: read as a letter, and told twice
    the code's time for e-mail)."""
    # "ive been on the phone all morning" says what the customer went through, not the channel
    # the question is about (outside customers A, F1, 27 Nov: told the code's phone promise).
    words = _CALLED_BY_THEM.sub(" ", _BEEN_ON_THE_PHONE.sub(" ", plain(text)))
    if re.search(r"\b(?:write|writing|wrote)\b[^.?!]{0,25}\b(?:by|via|in an?|on) e-?mail\b", words):
        return "email"
    for channel, pattern in _CHANNEL_WORDS:
        if re.search(pattern, words):
            return channel
    return None


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


# "when will you call back?", "how soon will you ring me back?": the provider's call back after a
# phoned complaint it could not sort out, not a repair (outside testers, issue 14: "if I ring at
# 5.45pm and you can't fix it, when will you call back?" got the fault answer).
_CALL_BACK = re.compile(r"\b(?:call|ring|phone)(?:ing)?\s+(?:me\s+|us\s+)?back\b|\bcall-?backs?\b")


def asks_when_called_back(text: str | None) -> bool:
    """A question when the provider will call back ("if I ring and you can't fix it, when will
    you call back?"): the code's reply times for a phoned complaint answer it."""
    words = plain(text)
    return bool(
        asks_in_a_clause(text) and _CALL_BACK.search(words) and _WHEN_OR_HOW_LONG.search(words)
    )


def asks_about_repair_time(text: str | None) -> bool:
    """A question how long a fault will take to fix, or when the service will be back ("how long
    will it take to fix my fault?", "when will my broadband be fixed"): answered with what the
    provider's code says about fault repair times, never a complaint's reply dates. Not priority
    repair (`asks_about_priority_repair`), nor a complaint or a bill to be "fixed" with no fault
    or service named ("when will you fix my bill?"), nor when the provider will call back."""
    words = plain(text)
    if not asks_in_a_clause(text) or asks_about_priority_repair(text):
        return False
    if _CALL_BACK.search(words):
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


# Asking for what is said to be noted: "can you put that down", "please note", "from now on".
_NOTE_IT = re.compile(
    r"\b(?:put (?:that|it|this) (?:down|on)|note (?:that|it|this|down)|make a note|please note|"
    r"record (?:that|it|this)|write (?:that|it|this) down|on (?:the|my) (?:file|complaint|case|"
    r"account|record)|from now on|in future|going forward)\b"
)


# "dont record that", "please don't note it", "no need to put it on my file": asking for it NOT to
# be noted (reviewer, tenth round).
_NOT_BEFORE = re.compile(
    r"\b(?:don'?t|do not|dont|didn'?t|won'?t|not|never|no need to|rather you didn'?t|without|"
    r"shouldn'?t|needn'?t)(?:\W+\w+){0,3}?\W*$"
)


def _asks_to_note(words: str) -> bool:
    """Words asking for something to be noted, not said with a "don't" before them."""
    return any(
        not _NOT_BEFORE.search(words[max(0, found.start() - 40) : found.start()])
        for found in _NOTE_IT.finditer(words)
    )


def asks_to_note_someone_acting(text: str | None) -> bool:
    """Whether the message asks for someone else acting for the customer to be noted ("my son
    Peter will ring you on my behalf, can you put that down", "please note my son can speak for
    me"): another person, acting for them, and words asking for it to be noted."""
    words = plain(text)
    return bool(
        _SOMEONE_ELSE.search(words) and _ON_MY_BEHALF.search(words) and _asks_to_note(words)
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


def asks_for_accessibility(text: str | None) -> bool:
    """A message that names a format or relay service ("I need large print and I use text relay")
    and tells of nothing gone wrong: a question about accessibility, not a complaint (outside
    compliance review: such messages were taken for complaints or not understood)."""
    words = plain(text)
    return bool(_ACCESSIBILITY_NEED.search(words)) and not GRIEVANCE.search(words)


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


# "I want to know what data you hold on me", "can I get a copy of my data", "subject access
# request": asking for one's own data, which no code's privacy text answers (outside compliance
# r12 M8: Infinity Group's "We protect the privacy of the information ..." was the answer).
_OWN_DATA = re.compile(
    r"\b(?:what|which|all the|the)\s+(?:personal\s+)?(?:data|information|info|details)\s+"
    r"(?:do\s+|does\s+)?(?:you|u|they|\w+)?\s*(?:hold|have|has|keep|store|got)\b[^.?!]{0,30}"
    r"\b(?:on|about|for)\s+(?:me|us)\b"
    r"|\bsubject access\b|\bsar\b"
    r"|\bcopy of (?:my|our|the|all my) (?:personal )?(?:data|information|info|details)\b"
)


def asks_for_own_data(text: str | None) -> bool:
    """Whether a message asks what data the provider holds on the customer, or for a copy of it
    (a subject access request)."""
    return bool(_OWN_DATA.search(plain(text)))


# "is your code up to date?", "which terms apply to me?", "the 2016 ones": the code's own date or
# the terms it says were updated (Infinity Group's "with effect from 31st March 2016"), said again
# when asked about (outside testers, round 13: said with every reply-time answer).
# Only the code, its terms or version near updated/up to date/out of date, or 2016 with the code or
# terms: never "any update?" nor any year (reviewer, tenth round).
_CODE_WORD = r"(?:code|codes|terms|version|t&cs?|t ?& ?c)"
_CODE_DATE = re.compile(
    r"\b(?:" + _CODE_WORD + r"\b(?:\W+\w+){0,4}?\W+(?:up to date|out of date|out-of-date|"
    r"up-to-date|updated|last updated|how old)|(?:updated|up to date|up-to-date|out of date|"
    r"out-of-date|how old)(?:\W+\w+){0,4}?\W+" + _CODE_WORD + r"|latest version|"
    r"(?:which|what) (?:terms|version)|terms (?:apply|of business)|contract(?:ual)? terms|"
    r"2016\b(?:\W+\w+){0,4}?\W+" + _CODE_WORD + r"|" + _CODE_WORD + r"\b(?:\W+\w+){0,4}?\W+2016)\b"
)


def asks_about_code_date(text: str | None) -> bool:
    """Whether a message asks about the code's own date or the terms it says were updated."""
    return bool(_CODE_DATE.search(plain(text)))


# "will you reply by letter?", "do you reply by email?", "how will you get back to me?": how the
# provider replies, not a complaint to be made that way (outside compliance reader, round 13, F24:
# answered as if the customer were sending a letter).
_REPLY_VERB = (
    r"(?:reply|respond|answer|get back to (?:me|us)|contact (?:me|us)|write back|be in touch"
    r"|get in touch)"
)
_REPLY_ROUTE_ASKED = re.compile(
    r"\b(?:will|would|do|does|can|could|should|are|is)\s+(?:you|u|they|the reply|your reply"
    r"|the response|your response|the answer)\s+(?:\w+\s+)?"
    rf"(?:{_REPLY_VERB}|be sent|come|arrive|going to {_REPLY_VERB})(?:\s+to\s+(?:me|us|it))?"
    r"\s+(?:by|via|through|in|on|with)\s+(?:a\s+|an\s+)?"
    r"(letters?|post|writing|e-?mail|phone|telephone|text|sms|fax)\b"
    r"|\b(?:will|would|do|does|can|could)\s+(?:you|u|they)\s+(write (?:back )?to (?:me|us))\b"
    rf"|\bhow\s+(?:will|would|do|does)\s+(?:you|u|they)\s+({_REPLY_VERB})\b"
)
_ROUTE_WORDS = {
    "letter": "letter",
    "letters": "letter",
    "post": "letter",
    "writing": "letter",
    "email": "email",
    "e-mail": "email",
    "phone": "phone",
    "telephone": "phone",
    "text": "text",
    "sms": "text",
    "fax": "fax",
}


def reply_route_asked(text: str | None) -> str | None:
    """The way of replying a question asks whether the provider uses ("will you reply by
    letter?": "letter"; "will you write to me?": "letter"), "any" when it asks how the provider
    replies ("how will you get back to me?"), or None when it asks neither. A complaint to be
    made ("if I send a letter, when will you reply?") is not such a question."""
    words = plain(text)
    match = _REPLY_ROUTE_ASKED.search(words)
    if match is None:
        return None
    if match.group(1):
        return _ROUTE_WORDS.get(match.group(1), "letter")
    return "letter" if match.group(2) else "any"


# "text me", "texts", "sms", "txt", "text messages only": text messages to a phone, never text
# relay (calls through Relay UK), which is a way of its own.
_TEXT_MESSAGES = re.compile(
    r"\b(?:sms|txt|texts|texting|text(?:\s+messages?)?)\b(?!\s*(?:relay|phone|uk))",
    re.IGNORECASE,
)


def wants_text_messages(text: str | None) -> bool:
    """Whether an answer to the contact question asks for text messages (and not text relay)."""
    words = str(text or "")[:300]
    return bool(_TEXT_MESSAGES.search(words)) and not re.search(r"\brelay\b", words, re.I)


# Being vulnerable or disabled, said of oneself or asked about ("what happens if I'm vulnerable?",
# "is there help if I'm deaf?", "I'm vulnerable, I've just been bereaved, what help is there?").
_VULNERABLE_OR_DISABLED = re.compile(
    r"\b(?:vulnerab\w*|disab\w*|deaf\w*|hard of hearing|blind|partially sighted|sight loss|"
    r"visually impaired|bereave\w*|widow\w*|elderly|dementia|mental health|learning difficult\w*|"
    r"wheelchair|illness|seriously ill|carer)\b"
)
# What the question asks of it: help, support, what happens, what is done.
_HELP_OR_WHAT_HAPPENS = re.compile(
    r"\b(?:help|support|assistance|what happens|what (?:do|would|will|can) (?:you|u) do|"
    r"treated|treat me|anything different|any different|extra)\b"
)


def asks_about_vulnerable_help(text: str | None) -> bool:
    """A question what help a vulnerable or disabled customer can have ("what happens if I'm
    vulnerable?", "is there help if I'm deaf?"), not how a deaf customer can make contact
    (`asks_how_to_contact_without_hearing`) nor an account of something gone wrong (outside
    testers, round 13: the ADR answer, "There's nothing in progress to stop.", the greeting)."""
    words = plain(text)
    if not (is_a_question(text) or asks_in_a_clause(text) or asks_what_help(text)):
        return False
    if asks_how_to_contact_without_hearing(text) or GRIEVANCE.search(words):
        return False
    return bool(_VULNERABLE_OR_DISABLED.search(words) and _HELP_OR_WHAT_HAPPENS.search(words)) or (
        asks_what_help(text) and bool(_VULNERABLE_OR_DISABLED.search(words))
    )


def asks_deaf_contact(text: str | None) -> bool:
    """How a deaf customer, or one with a speech impairment, can reach the provider, asked as a
    question ("im deaf, how can i contact you? i cant do phone calls")."""
    return asks_how_to_contact_without_hearing(text) and (
        is_a_question(text) or asks_in_a_clause(text) or "?" in str(text or "")
    )


# "why do u need my phone number", "what do you want my number for": why the form asks for it.
_WHY_PHONE = re.compile(
    r"\bwhy (?:do|would|should|does|d) (?:you|u|ya|they|we|i)(?: \w+){0,3} "
    r"(?:my |a |the |your )?(?:phone|mobile|number|tel|telephone|contact number)\b"
    r"|\bwhat (?:do|would|will) (?:you|u|they) (?:need|want|use) (?:my |the )?"
    r"(?:phone|mobile|number|phone number|telephone number) for\b"
    r"|\bwhy (?:my |the |a )?(?:phone|mobile|number|phone number)\b"
)


def asks_why_phone_needed(text: str | None) -> bool:
    """Whether the customer asks why a phone number is wanted ("why do u need my phone number")."""
    return bool(_WHY_PHONE.search(plain(text)))


# "Invictawiz, who is that?", "who are Invictawiz?", "who's Invictawiz": a name asked about.
_NAME = r"([a-z][a-z0-9&'-]{2,30})"
_WHO_IS = (
    re.compile(
        r"^" + _NAME + r"[,?.!]*\s+(?:who|what)(?:'?s| is| are)\s+(?:that|they|this|it|them)\b"
    ),
    re.compile(r"\bwho(?:'?s| is| are)\s+" + _NAME + r"\s*[?.!]*$"),
)
_NOT_A_NAME = {
    "that", "this", "they", "them", "you", "your", "the", "that's", "thats", "it", "he", "she",
    "dealing", "handling", "going", "responsible", "in", "my", "our", "we", "i", "there", "then",
}  # fmt: skip


# Everyday words and the words for complaints and ADR the assistant answers as they are ("ADR, what
# is that?", "Sorry, who is that?", "Deadlock, what is that?"): never a name to look up in the code
# (reviewer, tenth round: "Invictanet's code doesn't mention Adr").
_KNOWN_WORDS = {
    "sorry", "hello", "hi", "hey", "ok", "okay", "um", "erm", "pardon", "so", "and", "but", "yes",
    "no", "please", "thanks", "wait", "what", "who", "adr", "deadlock", "ombudsman", "cisas",
    "ofcom", "ico", "gdpr", "relay", "complaint", "complaints", "code", "practice", "scheme",
    "provider", "manager", "supervisor", "director", "customer", "services", "service", "team",
    "compensation", "escalation", "dispute", "resolution", "regulator", "engineer", "openreach",
    "accountable", "responsible", "liable", "charge", "charges", "contractor", "contractors",
}  # fmt: skip
# An adjective, never a name ("who is accountable?", "who is Responsible?").
_ADJECTIVE = re.compile(r"(?:able|ible|ful|ous|ive|less|ical|ary)$")


def who_is_asked(text: str | None) -> str | None:
    """The name a message asks who is ("Invictawiz, who is that?"), lower-cased, or None: only a
    word written with a capital that is not an everyday or known word, nor an adjective."""
    words = plain(text).strip()
    for pattern in _WHO_IS:
        found = pattern.search(words)
        if not found:
            continue
        name = found.group(1)
        if name in _NOT_A_NAME or name in _KNOWN_WORDS or _ADJECTIVE.search(name):
            return None
        written = re.search(rf"(?<![\w'-]){re.escape(name)}(?![\w'-])", str(text), re.IGNORECASE)
        if written is None or not written.group(0)[0].isupper():
            return None
        return name
    return None


# Being asked to pay a sum the complaint is about, while it is looked at: "will you stop chasing me
# for the £180 while its looked at?", "are debt collectors going to keep ringing me". Chasing aimed
# at the customer, never a bare collect/demand/debt ("can you collect the router? i dont want to pay
# for it": reviewer, tenth round).
_CHASED_FOR_MONEY = re.compile(
    r"\b(?:(?:chas|hound|pester|harass)\w* (?:me|us)|(?:being|been|get\w*|keep\w*) chased|debt collect\w*|debt recovery|arrears|"
    r"(?:sen[dt]\w*|pass\w*|hand\w*|refer\w*) (?:\w+ ){0,3}to (?:collections|a debt|debt)|"
    r"(?:sen[dt]\w*|threat\w*) (?:me|us) (?:\w+ )?(?:payment )?demands|"
    r"bailiffs?|final (?:demand|notice|reminder)|(?:asking|asked|ask) (?:me |us )?(?:to pay|for "
    r"(?:the |my |our )?(?:money|payment|£))|(?:stop|hold off|pause|freeze)\w* (?:the )?"
    r"(?:payment|billing|direct debit|charges?))\b"
)
_MONEY = re.compile(r"£\s?\d|\b(?:money|payment|pay|bill|debt|arrears|owe|owed|sum|amount)\b")


def asks_about_being_chased_for_money(text: str | None) -> bool:
    """A question about being chased for money while a complaint is open ("will you stop chasing
    me for the £180 while its looked at?"): what the code says of unpaid sums and the help for
    financial difficulty, never "There's nothing in progress to stop" (outside testers, round 13)."""
    words = str(text or "").lower()
    return (
        (is_a_question(text) or asks_in_a_clause(text))
        and bool(_CHASED_FOR_MONEY.search(words))
        and bool(_MONEY.search(words))
    )


# Whether the provider will suspend, disconnect or cut off a service over a bill unpaid or disputed:
# "will you cut me off if I don't pay the bill I'm disputing?", "can they suspend my service while
# the bill is in dispute?" (outside compliance, round 18, F23: answered as compensation, and for
# Invictanet a complaint form started). Something done to the customer's service, never a fault
# that "keeps disconnecting", beside money owed or disputed; asked, never told as done.
_SUSPENSION = re.compile(
    r"\b(?:suspen(?:d|ds|ding|sion)|disconnect(?:ion)?|disconnect(?:ing)? (?:me|us|my|our|the|it)|"
    r"(?:be|get|getting|being) (?:suspended|disconnected|cut off)|"
    r"cut (?:me|us|it|my \w+|our \w+|the \w+) off|cut off (?:my|our|the)|"
    r"(?:switch|turn|shut)(?:ing)? (?:me|us|it|my \w+|our \w+|the \w+) off|"
    r"(?:close|closing) (?:my|our|the) account)\b"
)
_OWED_OR_DISPUTED = re.compile(
    r"£\s?\d|\b(?:pay|paid|paying|payment|unpaid|non-payment|bills?|invoices?|disput\w*|arrears|"
    r"owe|owed|owing|debt|sum|amount|charges?)\b"
)


def asks_about_suspension(text: str | None) -> bool:
    """A question whether the provider may suspend or disconnect the service over a bill unpaid or
    disputed ("can they suspend my service while the bill is in dispute?"): what the code says of
    it, or that it says nothing, with the provider's number; never compensation."""
    words = plain(text)
    return (
        (is_a_question(text) or asks_in_a_clause(text))
        and bool(_SUSPENSION.search(words))
        and bool(_OWED_OR_DISPUTED.search(words))
    )


# "when will the case handler contact me?", "when will someone get in touch to introduce
# themselves?": when the case handler's first contact comes (Infinity System Solutions' "Your case
# handler will then contact you within 48 hours of your complaint being raised to introduce
# themselves"; outside compliance reader, F33: answered with the period and no date).
_CASE_HANDLER = re.compile(
    r"\bcase ?-?(?:handler|worker|manager)s?\b|\bintroduc(?:e|ing) (?:them|him|her)sel(?:f|ves)\b"
)
_FIRST_CONTACT = re.compile(
    r"\b(?:contact(?:s|ed)?|call(?:s|ed)?|ring(?:s)?|phone(?:s|d)?|e-?mail(?:s|ed)?|"
    r"get(?:s)? in touch|be in touch|hear from|reach out|introduc\w*|speak to|talk to)\b"
)


def asks_when_case_handler_contacts(text: str | None) -> bool:
    """Whether a question asks when a case handler will first contact the customer."""
    words = plain(text)
    return bool(
        asks_in_a_clause(text)
        and _CASE_HANDLER.search(words)
        and _FIRST_CONTACT.search(words)
        and _WHEN_OR_HOW_LONG.search(words)
    )


# Money trouble asked about outright: "I can't afford to pay this bill, what can I do?", "I'm in
# debt and can't pay, who do I talk to?" (outside testers, issue 18, F13/F4: the cue was heard but
# the question went unanswered). Not "I can't afford to wait": the cue file's own exception.
_MONEY_TROUBLE = re.compile(
    r"\bcan(?:no|\W?)t (?:afford|pay)\b(?! to wait)|\bunable to pay\b|\bin debt\b|\bdebts\b|"
    r"\bstruggl\w* (?:to pay|with (?:money|bills|debt|payments))\b|\b(?:in|into) arrears\b|"
    r"\bbehind (?:on|with) (?:my |the |our )?(?:bills?|payments)\b"
)


# "... what can I do", "... who do i talk to" typed on in one breath, with no comma or question
# mark (the lead's server test, round 18: the question went unanswered again).
_ASKS_WHAT_TO_DO = re.compile(
    r"\bwhat (?:can|do|should|shall|could) (?:i|we) do\b|"
    r"\bwho (?:do|can|should|shall) (?:i|we) (?:talk|speak|go|turn|call|ring)\b|"
    r"\bwhat (?:are )?(?:my|our) options\b|\bwhere (?:do|can) (?:i|we) (?:get|go for) help\b"
)


def asks_about_money_trouble(text: str | None) -> bool:
    """A question from a customer who cannot pay ("I can't afford to pay this bill, what can I
    do?"): what the rules and the code say, and whom to call, never only "I didn't understand"."""
    words = plain(text)
    return bool(_MONEY_TROUBLE.search(words)) and (
        asks_in_a_clause(text) or bool(_ASKS_WHAT_TO_DO.search(words))
    )
