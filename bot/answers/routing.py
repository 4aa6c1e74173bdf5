"""Complaint or question: whether a message tells a complaint, asks a question, or speaks of a
case already raised, whatever intent the model read.

Reads: an account of something gone wrong said as one (`tells_a_complaint`, `tells_what_went_wrong`,
`tells_more_than_a_fault`, `reads_as_a_complaint`), a complaint named or wanted in so many words
("complaint about being kept on hold", "i want to make a complaint": `names_a_new_complaint`,
`names_a_complaint`, `wants_to_complain`, `mentions_a_complaint`), more of the complaint typed at
one of the form's later questions (`tells_more_of_the_complaint`), a case already raised
(`about_a_case`), and the question a message names (`question_named`, `topic_asked`).

Not here: what a question about rights or ADR asks (bot.answers.adr, bot.answers.questions), nor a
follow-up to the assistant's last answer (bot.answers.follow_ups).
"""

from __future__ import annotations

import re
from datetime import date

from bot.answers.asking import GRIEVANCE, asks_at_the_end, is_a_question
from bot.answers.category import FAULT_WORDS
from bot.answers.dates import dates_with_places
from bot.answers.details import contact_preference_in, find_email, find_phone, find_postcode
from bot.answers.needs import names_a_need, withdraws_consent
from bot.answers.text import plain
from bot.answers.what_happened import content_words, says_what_happened


def tells_a_complaint(text: str | None) -> bool:
    """Whether a first message, whatever NLU read it as, is an account of something gone wrong
    said as one: enough words to stand as what happened, grievance in them or the word
    "complaint", and no question at its end ("Still no broadband at the new house 5 weeks after
    the promised go-live date", "I've been on hold for 2 hours 40 minutes today. That is not
    acceptable"). The outside conversation set found such messages told the fault line, the
    cancellation terms, "Do you mean ...?" or "I can't help with that" (issue 15)."""
    if asks_at_the_end(text) or not reads_as_a_complaint(text):
        return False
    if not says_what_happened(text):
        # Short, but a wrong bill said as one ("wrong bill, first rang on 03/11/26", "overcharged
        # again"): a complaint, whose account the form asks for (outside re-test, 27 Nov
        # afternoon: read as a contact question, and every answer after it "not followed").
        return bool(_WRONG_BILL.search(plain(text))) or chases_a_fault(text)
    if _EARLIER_COMPLAINT.search(plain(text)):
        return False  # "I made a complaint last week, what's happening with it": a case to check
    words = plain(text)
    return bool(
        GRIEVANCE.search(words)
        or _SOMETHING_WRONG.search(words)
        # "router broken, first complained 7 april 2026 still not fixed": a fault not put right,
        # with earlier contact in it, is a complaint, not a case to check (outside customers A,
        # F21, 27 Nov: asked for a reference, then sent to the phone).
        or (FAULT_WORDS.search(words) and _MORE_THAN_A_FAULT.search(words))
        or chases_a_fault(text)
        or mentions_a_complaint(text)
        or wants_to_complain(text)
    )


# "I lost my reference", "can you resend the confirmation": about a complaint already made, whose
# reference only the provider can give again; never a new complaint (outside attacker F7, 27 Nov:
# one was started, with the address typed for the resend as its e-mail).
_LOST_REFERENCE = re.compile(
    r"\b(?:(?:lost|forgot(?:ten)?|misplaced|deleted|can'?t find|cannot find|can not find)"
    r" (?:my |the |our )?(?:complaint )?(?:reference|ref|confirmation)|"
    r"(?:re-?send|send (?:me )?(?:it|that|the \w+(?: \w+)?|my \w+(?: \w+)?) (?:again|back))\b)"
)


# "sorry I spelt my name wrong, it's Siobhan Kelly": a detail put right, told with a grievance word.
_DETAIL_PUT_RIGHT = re.compile(
    r"\b(?:my|our)\s+(?:own\s+)?(?:(?:first|last|full|sur)\s*)?name\b"
    r"|\b(?:spelt|spelled|spelling|typo|typed)\b"
)


def tells_more_of_the_complaint(text: str | None) -> bool:
    """Whether a message typed at one of the complaint form's later questions tells more of the
    complaint instead of answering it ("bill shows 45 quid for 'premium support' never asked for
    it, want it refunded and removed. i rang on 3 november about it and nobody called back" at the
    contact question: outside testers, round 19, F1): told as a complaint is (`tells_a_complaint`),
    with no way of contact, e-mail, phone, postcode or need in it, nor a name put right (each has
    its own reader, and such a message answers the question)."""
    said = str(text or "")[:1000]
    return (
        tells_a_complaint(said)
        and contact_preference_in(said) is None
        and not (find_email(said) or find_phone(said) or find_postcode(said))
        and not names_a_need(said)
        and not _DETAIL_PUT_RIGHT.search(plain(said))
    )


def asks_for_a_lost_reference(text: str | None) -> bool:
    """Whether the message asks for a complaint's reference or confirmation again ("I lost my
    reference, can you resend the confirmation email"): a complaint already made."""
    return bool(_LOST_REFERENCE.search(plain(text)))


_WRONG_BILL = re.compile(
    r"\b(?:wrong|incorrect|double|doubled|inflated)\s+(?:bill|charge|charges|invoice|amount)\b"
    r"|\b(?:bill|invoice|charge)\s+(?:is|was|are|were|has been)\s+(?:wrong|incorrect)\b"
    r"|\bover-?charg\w*|\bcharged (?:twice|double|wrong)\b"
)


# Earlier contact with the provider in few words ("rang you on the 20th", "i emailed u twice"):
# beside a fault, it is a fault the customer has already chased, so a complaint (issue 15).
_CONTACTED_US = re.compile(
    r"(?:^|[,;.]\s*|\b(?:i|we|i'?ve|ive|we'?ve|i have|we have|i had|we had)\s+"
    r"(?:already\s+|also\s+|first\s+)?)"
    r"(?:rang|rung|called|phoned|e-?mailed|wrote to|written to|contacted|messaged|chased|"
    r"spoke to|spoken to|been on to)\s+(?:you|u|your\b|customer services?\b|support\b)"
)


def chases_a_fault(text: str | None) -> bool:
    """A fault the customer says they already contacted the provider about ("broadband down, rang
    you on the 20th"): a complaint, not only a fault to report (outside testers, 27 Nov: the fault
    line alone, and every answer after it "not followed")."""
    words = plain(text)
    return bool(FAULT_WORDS.search(words) and _CONTACTED_US.search(words))


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
        GRIEVANCE.search(words) or _SOMETHING_WRONG.search(words) or FAULT_WORDS.search(words)
    )


# Fewer words than says_what_happened wants, and still an account when something wrong is named:
# "you cancelled my contract without asking", "my bill is wrong, charged twice for november".
_BRIEF_ACCOUNT_WORDS = 4
_DAMAGE = re.compile(r"\b(?:damag\w*|broke|smashed|ruined)\b")


def tells_briefly_what_went_wrong(text: str | None) -> bool:
    """Whether a short message, not a question, still tells what went wrong: a few words besides
    "I want to complain" with grievance, something wrong, a fault or damage in them (outside
    attacker F1, customers A F8, customers B F26/F32, compliance F24, 27 Nov: such a first message
    was asked for again as "what happened", then lost)."""
    if is_a_question(text) or asks_at_the_end(text):
        return False
    if len(content_words(text)) < _BRIEF_ACCOUNT_WORDS:
        return False
    words = plain(text)
    return bool(
        GRIEVANCE.search(words)
        or _SOMETHING_WRONG.search(words)
        or FAULT_WORDS.search(words)
        or _DAMAGE.search(words)
    )


def tells_more_than_a_fault(text: str | None) -> bool:
    """Whether a fault report is also a complaint: it tells one (tells_a_complaint) and says
    more than that something does not work (_MORE_THAN_A_FAULT, or grievance)."""
    words = plain(text)
    return tells_a_complaint(text) and bool(
        _MORE_THAN_A_FAULT.search(words) or GRIEVANCE.search(words) or chases_a_fault(text)
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
    r"broken|faulty)|went down|gone down|"
    # "my email service being down for 3 days" (outside care, round 16, F30: the first message
    # was not kept as the account, and a later message about deafness was stored instead).
    r"being (?:down|dead|broken|faulty)|cut off|disconnected|not working|doesn'?t work|"
    r"don'?t work|isn'?t working|stopped working|(?:un)?acceptable|not good enough|"
    r"joke|rubbish|terrible|awful|appalling|shocking|useless|disgrac\w*|outrageous|"
    r"fed up|sick of|had enough|furious|angry|livid|upset|frustrat\w*|"
    r"on hold|hung up|put the phone down|going round in circles|passed (?:from|around)|"
    r"something different|same thing|(?:\d+|several|many|multiple|three|four|five) times|"
    r"without (?:any |my |our )?(?:notice|warning|telling|asking|consent|permission|agreement)|"
    r"(?:talked|pressured|pushed|tricked|signed) (?:\w+ ){0,3}into|pressured|mis-?sold|lied|"
    r"misled|promised|didn'?t (?:need|want|ask for|agree|order|sign)|"
    r"should(?:n'?t)? have (?:checked|told|said|warned|known|mentioned|explained)|"
    r"(?:taking|taken|took) (?:my|our) money|(?:isn'?t|is not|not) (?:even )?available|"
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
    if withdraws_consent(text):
        # "take off the large print but keep the text relay": a need taken back, never a new
        # complaint (outside testers, issue 18, care15b, F13: a new complaint was started).
        return False
    return (
        says_what_happened(text)
        or bool(GRIEVANCE.search(plain(text)))
        # "3 missed engineer appointments, complaint": named a complaint by the customer.
        or names_a_new_complaint(text)
        # "i want to complain about the leased line being down", "I DONT WANT TO CANCEL i want to
        # make a complaint" (outside customers B, 27 Nov: the cancellation terms, over and over).
        or names_a_complaint(text)
        or wants_to_complain(text)
        # "broadband down, rang you on the 20th": a fault already chased.
        or chases_a_fault(text)
    )


_NOT_WANTING = re.compile(r"(?:n'?t|\bnot|\bnever)\s+(?:\w+\s+){0,2}$")


def wants_to_complain(text: str | None) -> bool:
    """ "i want to make a complaint", "no, I want to complain to you": said in so many words, and
    not "i don't want to complain"."""
    words = plain(text)
    return any(
        not _NOT_WANTING.search(words[: match.start()])
        for match in WANTS_TO_COMPLAIN.finditer(words)
    )


# "complaint about being kept on hold", "no internet 3 wks, complaint": a new complaint named as
# one, never a case to look up (a retrained model read both as asking about a case).
_NEW_COMPLAINT = re.compile(
    r"^(?:(?:i (?:want|wish|would like|need) to (?:make|raise|log) )?an? |i have an? )?"
    r"complaint (?:about|re|regarding|over|concerning)\b"
    r"|, (?:a |my )?complaint$"
)
ABOUT_A_CASE = re.compile(
    r"\b(?:my complaint|the complaint|status|update|progress|reference|ref|escalat\w*|"
    r"adr letter|deadlock)\b"
)


# "so what happens now", "whats next with my complaint", "will someone write to me": what happens
# next with a complaint just logged (outside customers B, round 12, M1: "Goodbye", or not understood).
_WHATS_NEXT = (
    r"\bwhat (?:happens|comes|do i do|do we do) (?:now|next)\b|\bwhat(?:'?s| is)? next\b"
    r"|\bnext steps?\b|\bwill (?:someone|anyone|somebody|you) (?:write|call|ring|contact|phone|"
    r"get in touch|be in touch)\b"
)


def asks_whats_next(text: str | None) -> bool:
    """Whether the words ask what happens next with the complaint ("so what happens now")."""
    return bool(re.search(_WHATS_NEXT, plain(text)))


_TOPICS_ASKED: tuple[tuple[str, str], ...] = (
    (
        "ask_adr",
        r"\b(?:ombudsman|adr|cisas|scheme|deadlock|arbitrat\w*|go to (?:them|someone)|"
        r"how long (?:have|do) i (?:got|have)|too late|time limit)\b",
    ),
    ("ask_escalation", r"\b(?:escalat\w*|manager|director|senior|higher up)\b"),
    ("ask_escalation", _WHATS_NEXT),
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
        r"receive)|call ?back|(?:call|ring|phone) (?:me|us) back|get back to (?:me|us)|hear back|"
        r"a reply|an answer|respond|"
        # "when do you have to reply", "when must you answer my complaint" (outside compliance,
        # round 15: not understood).
        r"(?:you|u|they) (?:have|has|need|needs|got) to (?:reply|answer|get back)|"
        r"when (?:must|do|does|should|will|would) (?:you|u|they|it) (?:reply|answer))\b",
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


# Signs of a fault in customers' words beyond FAULT_WORDS' ("the line is crackling", "the router
# light has gone red and nothing will connect", "need an engineer booked"), said of a service or
# its kit: the fresh outside set's first messages were told "I can't help with that" (27 Nov).
_SERVICE_NOUN = re.compile(
    r"\b(?:line|landline|phone line|phone|broadband|internet|wi-?fi|router|hub|connection|fibre)\b"
)
_FAULT_SIGN = re.compile(
    r"\b(?:crackl\w*|hiss\w*|noisy|static|buzz\w*|interference|"
    r"(?:gone|went|turned|is|are|flashing|showing) red|red light|"
    r"(?:won'?t|will not|can'?t|cannot|doesn'?t|does not) (?:connect|work)|"
    r"nothing (?:will |can )?connects?|keeps? (?:disconnecting|dropping)|"
    r"(?:book|send|need|get) (?:an |the )?engineer|engineer (?:booked|out|visit))\b"
)


def reports_a_fault(text: str | None) -> bool:
    """Whether a message tells of a fault with a service or its kit, in FAULT_WORDS' words or
    in signs of one ("loud hissing on my landline"): a fault to report, not small talk."""
    words = plain(text)
    if not _SERVICE_NOUN.search(words):
        return False
    return bool(_FAULT_SIGN.search(words) or FAULT_WORDS.search(words))


# "what are my rights", "my rights", "what rights do I have": the rights the greeting offers to
# explain (escalation and the ombudsman), asked for as such, question mark or not (outside
# attacker, 27 Nov: "Sorry, I still didn't understand that" on the first turn).
_RIGHTS_ASKED = re.compile(
    r"^(?:so |and |ok |hi |hello )?(?:what are |whats |what's |what is |tell me |explain |"
    r"(?:can|could) you (?:tell me|explain) )?(?:my|our) (?:consumer )?rights\b"
    r"|\bwhat rights (?:do|have|would|will) (?:i|we)\b"
)


# What makes "what rights do I have ..." a question about one topic of the code instead.
_RIGHTS_ON_A_TOPIC = re.compile(
    r"\b(?:data|privacy|personal|information|details|confidential\w*|cancel\w*|contract|"
    r"minimum term|compensation|refunds?|money back|disab\w*|formats?|large print|braille)\b"
)


def asks_for_rights(text: str | None) -> bool:
    """ "what rights do I have", "what are my rights", "what rights have i got": the rights the
    greeting offers (escalation and the ombudsman), not a topic's ("what rights do I have over my
    personal data?" is the privacy question; outside testers, issue 14: Infinium's answer was its
    confidentiality text)."""
    words = plain(text)
    return bool(_RIGHTS_ASKED.search(words)) and not _RIGHTS_ON_A_TOPIC.search(words)


def question_named(text: str | None) -> str | None:
    """The intent of the question a message asks in so many words (see _QUESTIONS_NAMED), or
    "check_case" for "track my complaint"; None when it asks none of them, or asks nothing."""
    words = plain(text)
    if _CASE_ASKED.match(words):
        return "check_case"
    if _RIGHTS_ASKED.search(words):
        return "ask_escalation"  # the ladder, then the ADR scheme
    if not (is_a_question(text) or asks_at_the_end(text)):
        return None
    for intent, pattern in _QUESTIONS_NAMED:
        if re.search(pattern, words):
            return intent
    return None


# "will they call me back on Monday?", "will someone ring me back tomorrow?": when the code's reply
# or call back comes, never a question about money back (outside customers A, round 12, H3: read
# as compensation, "the code doesn't cover compensation or refunds").
_CALL_BACK_ASKED = re.compile(
    r"\b(?:(?:call|ring|phone) (?:me|us) back|call ?back|get back to (?:me|us)|hear back)\b"
)


def asks_when_called_back(text: str | None) -> bool:
    """Whether a question asks when the customer will be called back or hear back."""
    if not (is_a_question(text) or asks_at_the_end(text)):
        return False
    words = plain(text)
    # "when", "will", "by Monday": when it comes; "can you call me back?" asks for a call.
    return bool(_CALL_BACK_ASKED.search(words)) and bool(_WHEN.search(words))


def call_back_days_in(text: str | None, today: date) -> set[date]:
    """The days a call-back question names for the call back itself ("will they call me back on
    Monday?", "... will someone call me back tomorrow?"): days said after "call me back", which
    are not the day a complaint is or was made (outside testers, round 13: "if i ring to complain
    will someone call me back tomorrow?" was dated as a complaint made by phone tomorrow)."""
    words = plain(text)
    found = _CALL_BACK_ASKED.search(words)
    if found is None:
        return set()
    return {
        day
        for ahead in (False, True)
        for at, day in dates_with_places(words, today, ahead=ahead)
        if at >= found.start()
    }


_WHEN = re.compile(
    r"\b(?:when|will|would|by|how (?:long|soon)|today|tonight|tomorrow|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|next week)\b"
)


def about_a_case(text: str | None) -> bool:
    """Whether the words speak of a complaint or case already raised ("my complaint", "status",
    "reference"): a case to check, not a new complaint."""
    return bool(ABOUT_A_CASE.search(plain(text)))


def names_a_new_complaint(text: str | None) -> bool:
    """Whether the message names itself a new complaint ("complaint about being kept on hold")
    and says nothing of an existing one."""
    words = plain(text).strip(" .!")
    return bool(_NEW_COMPLAINT.search(words)) and not ABOUT_A_CASE.search(words)


# "complaint about customer service", "I want to complain about ...": a complaint, named as one.
_NAMES_A_COMPLAINT = re.compile(
    r"^(?:(?:hi|hello|hiya|hey)[\s,!.]+)?(?:i\s+(?:want|wish|would like|'d like|need)\s+to\s+|"
    r"i'?d like to\s+|i'?m\s+|i am\s+|wanna\s+)?(?:make\s+|raise\s+|log\s+|file\s+|lodge\s+)?"
    r"(?:a\s+)?(?:formal\s+)?complain(?:t|ing)?(?:\s+(?:about|re|regarding|over|with|on)\b|$)"
)


def names_a_complaint(text: str | None) -> bool:
    """Whether a message says it is a complaint ("complaint about customer service")."""
    return bool(_NAMES_A_COMPLAINT.search(plain(text))) and not is_a_question(text)


# "I want to complain, ...", "i'd like to make a complaint": a complaint, in a clause of its own.
WANTS_TO_COMPLAIN = re.compile(
    r"\b(?:want|wish|would like|'d like|need|wanna) to (?:make |raise |log |file |lodge )?"
    r"(?:a |an |another |a new |a separate |a second )?(?:formal |new )?complain"
)


# "can i not just log it here", "log it here", "want to log it properly": the complaint made here,
# in the chat (outside customers A, round 13, F22: read as a case to find, and sent to the phone).
_LOG_IT_HERE = re.compile(
    r"\b(?:log|make|raise|take|put) (?:it|this|that|one|a complaint|my complaint)(?: down)? "
    r"(?:here|properly|now|with you|in the chat|online)\b"
    r"|\bcan(?:'?t| ?not)? (?:i|you|we) (?:not )?(?:just )?(?:log|make|raise|take) (?:it|one|a complaint)\b"
    r"|\b(?:make|raise|log) (?:a |an )?(?:new |formal )?complaint instead\b"
)


def wants_it_logged_here(text: str | None) -> bool:
    """Whether the customer asks for a complaint to be made here, in the chat, in any words
    ("i want to make a complaint", "can you log it here", "so can i not just log it here then?")."""
    words = plain(str(text or "")[:1000])
    return wants_to_complain(words) or bool(_LOG_IT_HERE.search(words))


def mentions_a_complaint(text: str | None) -> bool:
    """Whether the words say "complaint" or "complain" at all ("exit fee complaint")."""
    return bool(re.search(r"\bcomplain(?:t|ts|ing)?\b", str(text or "").lower()))


def question_read_as_complaint(text: str | None) -> str | None:
    """The question a message the model read as a complaint asks at its end, in so many words
    ("..., can i take that to the ombudsman": ask_adr; "can I make my complaint over the phone
    instead?": ask_contact), or None: a complaint asked for ("can I make a complaint please?")
    or told is not a question."""
    if not (is_a_question(text) or asks_at_the_end(text)) or wants_to_complain(text):
        return None
    words = plain(text)
    if _HOW_TO_COMPLAIN.search(words):
        return "ask_contact"
    if re.search(r"\bcan (?:i|we) (?:make a |raise a |log a )?complain", words):
        return None
    return question_named(text)


# Asking which way to send a complaint: "over the phone", "by letter", "by e-mail".
_HOW_TO_COMPLAIN = re.compile(
    r"\bcomplain\w*\b.{0,30}\b(?:over the phone|by (?:phone|telephone|letter|post|fax|e-?mail)|"
    r"in writing|on the phone)\b"
)


# "hi im writing for my dad, hes 88", "im messaging on behalf of my mum": someone writes for a
# relative, and says nothing yet of what went wrong (outside customers B, round 12, M5: "Sorry, I
# didn't follow that").
_FOR_SOMEONE = re.compile(
    r"\b(?:writing|messaging|contacting (?:you|u)|getting in touch|chatting|here|asking|"
    r"doing this|complaining|typing|on here)\s+(?:for|on behalf of)\s+(?:my|our)\s+"
    r"(?:elderly |old |late |disabled |poorly )?"
    r"(?:dad|mum|mom|father|mother|parents?|nan|nana|gran|granny|grandad|grandpa|grandma|"
    r"grandmother|grandfather|son|daughter|husband|wife|partner|brother|sister|aunt|auntie|uncle|"
    r"neighbour|friend)\b"
)


def writes_for_someone(text: str | None) -> bool:
    """Whether the message says the customer writes for a relative or friend, and tells nothing
    yet of what went wrong."""
    words = plain(text)
    return bool(_FOR_SOMEONE.search(words)) and not says_what_happened(str(text or ""))


_QUESTION_CLAUSES = re.compile(r"[?.;!\n]+|\s+(?:and|also|plus)\s+(?=wh|how|can|is|are|do)")
_ADR_ASKED = re.compile(_TOPICS_ASKED[0][1])
_REPLY_ASKED = re.compile(
    r"\b(?:when (?:will|would|do|should|can) (?:i|we) (?:\w+ )?(?:hear|get|expect|receive)|"
    r"hear back|get back to (?:me|us)|a (?:reply|response|answer)|how long (?:will|does|until) "
    r"(?:it|you|they|this)|when will (?:you|they|someone) (?:reply|respond|get back|call|contact))\b"
)


def asks_reply_time_and_adr(text: str | None) -> bool:
    """Two questions in one message, each in a clause of its own: when a reply comes, and about the
    ombudsman ("so when will i actually hear back? and whats the ombudsman": outside testers,
    round 13, only the ombudsman was answered). Not one question about the time to go to ADR
    ("how long do i have to go to the ombudsman?")."""
    clauses = [plain(c) for c in _QUESTION_CLAUSES.split(str(text or "")[:1000]) if c.strip()]
    reply = any(_REPLY_ASKED.search(c) and not _ADR_ASKED.search(c) for c in clauses)
    adr = any(_ADR_ASKED.search(c) and not _REPLY_ASKED.search(c) for c in clauses)
    return reply and adr
