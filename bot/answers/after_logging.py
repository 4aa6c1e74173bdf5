"""What a message read as a new complaint is, once a complaint has been logged in the conversation
(outside testers, round 13, 27 Nov: "sorry my phone number is actually 07700 900 456 can u change
it", "oh and postcode is PR2 8AA if u need it" and "you were supposed to answer my email within 5
working days werent you? its been 3 weeks" each started a new complaint form).

- `DETAIL`: a detail of the complaint just logged corrected or added (phone, e-mail, postcode,
  name, account number, address): never a new complaint;
- `LATE_REPLY`: about a reply owed and not given in time: about the complaint just logged;
- `NEW`: a new complaint, named as one ("I have another complaint") or told about another topic
  than the one logged ("also my bill is wrong" after a complaint about a broadband fault);
- `ADDITION`: more about what happened, added to the complaint just logged ("also they charged me a
  £10 late fee on top", "oh i forgot to mention they also want a £60 exit fee", "and the engineer
  didn't turn up on Tuesday either", whatever topic it names);
- `UNCLEAR`: anything else, for the customer to say which it is.
"""

from __future__ import annotations

import re

from bot.answers.category import categories_named
from bot.answers.details import find_email, find_phone, find_postcode
from bot.answers.routing import WANTS_TO_COMPLAIN, names_a_new_complaint, tells_a_complaint
from bot.answers.text import plain
from bot.cases.identity_answers import asks_to_change_detail

DETAIL = "detail"
LATE_REPLY = "late_reply"
NEW = "new"
UNCLEAR = "unclear"
ADDITION = "addition"

_DETAIL_WORD = (
    r"(?:phone(?: number)?|(?:mobile|landline|contact|telephone)(?: number)?|number|mob|"
    r"e-?mail(?: address)?|post ?code|name|surname|account(?: number| no)?|address)"
)
# "my phone number is actually ...", "postcode is PR2 8AA if u need it", "the number i gave was
# wrong": a detail said to be wrong, or corrected.
_GIVES_DETAIL = re.compile(
    rf"\b{_DETAIL_WORD}\s+(?:is|was|'s|s|should be|should have been|i gave (?:you )?(?:is|was))\s+"
    r"(?:actually|now|wrong|incorrect|a typo|not right|meant to be)\b"
    rf"|\b{_DETAIL_WORD}\s+(?:i gave|you have|you've got|on (?:it|the complaint|my complaint))\b"
    r"[^.?!]{0,30}\b(?:wrong|incorrect|old|out of date|not right)\b"
)
# "i just wanted to add my postcode", "wrong email, it should be ...", "my new number is ...": a
# detail named after "add" or "wrong/old/new", read as one only with the detail's value, "my
# <detail> is/to/should be", or "add my <detail>" said alone (tenth round, fixB: "also you keep
# adding charges to my phone bill", "my new phone wont connect", "you billed my old account
# twice" and "engineer kept ringing the wrong number" were read as a detail, the complaint lost).
_NAMES_DETAIL = re.compile(
    rf"\b(?:add|adding|include|including|give you|forgot|forgotten|missed out|left out)\b"
    rf"(?:\W+\w+){{0,3}}?\W+{_DETAIL_WORD}\b"
    rf"|\b(?:wrong|incorrect|old|new|right|correct|proper)\s+{_DETAIL_WORD}\b"
)
_MY_DETAIL_IS = re.compile(
    rf"\b(?:my|our|the)\s+(?:(?:wrong|incorrect|old|new|right|correct|proper)\s+)?{_DETAIL_WORD}"
    r"\s+(?:is|was|'s|s|to|should be|should have been|needs to be|wants to be)\b"
    rf"|\b(?:add|include|give you|forgot|forgotten|missed out|left out)\s+(?:my|our|the)\s+"
    rf"{_DETAIL_WORD}(?:\s+(?:too|as well|also|please|if|in case|for you|to (?:it|the complaint|my "
    r"complaint)))*\s*(?:$|[,.;!?])"
)
# A bill, a charge, a fault or something the provider did: a complaint, not a detail.
_TELLS_OF_MATTER = re.compile(
    r"\b(?:bill|bills|billed|billing|charg\w*|overcharg\w*|fault\w*|broken|won'?t|wont|can'?t|cant"
    r"|doesn'?t|doesnt|isn'?t working|not working|stopped|keeps?|kept|connect\w*|engineer\w*)\b"
)
_DETAIL_IS = re.compile(rf"\b{_DETAIL_WORD}\s+(?:is|was|'s|s|should be)\b")
# A reply owed and not given in time: "you were supposed to answer my email within 5 working days",
# "still no reply after 3 weeks", "you said you'd get back to me by Friday".
_LATE_REPLY = re.compile(
    r"\b(?:supposed to|should have|should of|shouldve|promised to|meant to|said (?:you|they)(?:'d| "
    r"would| will)|were going to|was going to|(?:you|they) were to)\b[^.?!]{0,40}\b(?:answer|reply|"
    r"respond|get back|come back|call|ring|phone|write|contact|hear)\w*"
    r"|\b(?:no|never had an?|never got an?|still no|not had an?|haven'?t had an?|havent had an?|"
    r"didn'?t get an?|didnt get an?|not received an?|still waiting for an?|still not had an?)\s+"
    r"(?:reply|response|answer|call ?back|word|letter)\b"
    r"|\b(?:reply|response|answer)\b[^.?!]{0,30}\b(?:late|overdue|not come|never came|hasn'?t come)\b"
)
# The complaint just logged, named by the customer ("no i already made my complaint").
_THAT_ONE = re.compile(
    r"\b(?:already (?:made|logged|raised|done|did|put in|have)|just (?:made|logged|raised)|"
    r"(?:the|my) (?:complaint|one) (?:i|you) (?:just )?(?:made|logged|raised|took)|"
    r"(?:not|dont|don't|do not) (?:want|need) (?:a |another |a new |a second )?(?:new )?complaint|"
    r"same complaint|that complaint|this complaint)\b"
)
_ANOTHER = re.compile(
    r"\b(?:another|a new|a second|a separate|a different|one more|new|second|separate|other)\s+"
    r"(?:complaint|issue|problem|matter)\b|\bcomplain about something else\b"
)


def gives_a_detail(text: str | None) -> bool:
    """Whether the message corrects or adds a detail of a complaint (phone, e-mail, postcode,
    name, account number, address): "sorry my phone number is actually 07700 900 456 can u change
    it", "oh and postcode is PR2 8AA if u need it", "i just wanted to add my postcode"."""
    said = str(text or "")[:1000]
    words = plain(said)
    if asks_to_change_detail(said) or _GIVES_DETAIL.search(words):
        return True
    value = find_postcode(said) or find_email(said) or find_phone(said)
    if (
        _NAMES_DETAIL.search(words)
        and (value or _MY_DETAIL_IS.search(words))
        and not _TELLS_OF_MATTER.search(words)
    ):
        return True
    # "postcode is PR2 8AA", "my email's jane@example.com": a detail with its value, said alone.
    return bool(value and _DETAIL_IS.search(words) and not tells_a_complaint(said))


# "also they charged me", "oh i forgot to mention", "can you add to it that", "one more thing": more
# about what happened, for the complaint just logged (outside customers A, round 14, F1, F22: asked
# "your complaint or a new one?" three times, or a new complaint started, and the detail lost).
_ADDS_TO_IT = re.compile(
    r"\b(?:forgot|forgotten) to (?:mention|say|tell (?:you|u)|add)\b"
    r"|\b(?:i should|i meant to|meant to) (?:have )?(?:mention|say|said|add)\w*\b"
    r"|\badd (?:this |that |it |something |a detail |a bit |more )?(?:to (?:it|that|my complaint|"
    r"the complaint|the one)|a detail|something)\b"
    r"|\bon top\b"
)
# "also they ...": more about it only when it names no other topic than the one logged ("also my
# bill is wrong" after a fault is a new complaint).
_ALSO = re.compile(r"^\W*(?:oh\W+|and\W+|plus\W+)*also\b")
# "oh and they told me it would be fixed by friday", "and they said an engineer would come": what
# the provider's people said, told as more of the story with no "also" (outside testers, round 15:
# "Sorry, I didn't follow that"), read as "also ..." is.
_AND_THEY_SAID = re.compile(
    r"^\W*(?:oh\W+|and\W+|plus\W+|btw\W+|by the way\W+)+"
    r"(?:they|he|she|you|someone|somebody|the (?:engineer|agent|adviser|advisor|man|woman|lady|guy"
    r"|person|shop|call centre)|your (?:engineer|agent|adviser|advisor|staff|team|people|shop))\W+"
    r"(?:\w+\W+){0,2}?(?:told|said|promised|claimed|also|never|didn'?t|didnt|did not)\b"
)


# More of the same story, whatever topic its words name (outside testers, "customers' own words":
# "and the engineer didn't turn up on Tuesday either", "oh and they also charged me £20 for the
# engineer who never came" after a complaint of another category started a new complaint form):
# "either" or "on top" closing it, the provider's people doing something "also", or how long
# it has now gone on. "also my bill is wrong" or "my bill is wrong as well" after a fault names no
# one who did it: its topic still decides (a new complaint).
_STORY_GOES_ON = re.compile(
    r"\b(?:either|on top)\W*$"
    r"|\b(?:they|he|she|you|the engineer|your engineer|the agent|the shop|someone)\s+"
    r"(?:have |had |has |then )?also\b"
    r"|\b(?:for|in|over)\s+(?:\d+|a|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:days?|weeks?|months?|hours?)\s+now\b"
)


def goes_on_with_the_story(text: str | None) -> bool:
    """Whether the message tells more of the story of the complaint just logged, by its own words
    ("... either", "they also ...", "for 9 days now"), never naming another complaint."""
    words = plain(str(text or "")[:1000])
    return len(words.split()) >= 5 and bool(_STORY_GOES_ON.search(words))


def adds_to_the_complaint(text: str | None) -> bool:
    """Whether the message adds to what happened in the complaint just logged, with something
    said besides ("one more thing" alone says nothing yet: asked which complaint it is about)."""
    words = plain(str(text or "")[:1000])
    return len(words.split()) >= 5 and bool(_ADDS_TO_IT.search(words))


def about_a_late_reply(text: str | None) -> bool:
    """Whether the message says a reply owed has not come in time ("you were supposed to answer
    my email within 5 working days werent you? its been 3 weeks")."""
    return bool(_LATE_REPLY.search(plain(str(text or "")[:1000])))


def reading_after_logging(text: str | None, logged_category: str | None) -> str:
    """What a message read as starting a complaint is, after a complaint (of `logged_category`)
    was logged in this conversation: DETAIL, LATE_REPLY, NEW or UNCLEAR."""
    said = str(text or "")
    words = plain(said)
    if said.lstrip().startswith("/"):
        return NEW  # the "A new complaint" or "Make a complaint" button
    another = bool(_ANOTHER.search(words)) and not re.search(
        r"\b(?:not|dont|don't|do not|no)\b[^.?!]{0,12}\b(?:another|a new|new)\b", words
    )
    if another:
        return NEW
    if gives_a_detail(said):
        return DETAIL
    if about_a_late_reply(said):
        return LATE_REPLY
    if adds_to_the_complaint(said):
        return ADDITION
    if _THAT_ONE.search(words):
        return UNCLEAR
    if names_a_new_complaint(said) or WANTS_TO_COMPLAIN.search(words):
        return NEW
    if goes_on_with_the_story(said):
        return ADDITION  # "and the engineer didn't turn up on Tuesday either" (fix18c1)
    named = categories_named(said)
    if named and logged_category not in named:
        return NEW  # "also my bill is wrong" after a complaint about a fault
    if (_ALSO.search(words) or _AND_THEY_SAID.search(words)) and len(words.split()) >= 5:
        return ADDITION
    return UNCLEAR


# "can you log it as well", "can you add that too", "please put that on it too": the detail the
# customer has just said, asked to be added to the complaint logged (outside testers, round 15,
# F13/F27: "Sorry, I didn't follow").
_ADD_THAT_TOO = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|then|well)\W+)*(?:(?:can|could|will|would) (?:you|u) (?:please )?"
    r"|please |pls |plz )?(?:log|add|put|include|record|note|write|stick|pop)(?: (?:it|that|this|"
    r"them|those))?(?: (?:down|on|in|onto|to|into))?(?: (?:it|that|the complaint|my complaint|the "
    r"file|my file|there))?(?: (?:as well|too|also))(?: (?:please|pls|plz|thanks|thank you))?\W*$"
)


def adds_the_last_detail(text: str | None) -> bool:
    """Whether the message asks for what the customer has just said to be added to the complaint
    logged, naming nothing itself ("can you log it as well", "can you add that too")."""
    return bool(_ADD_THAT_TOO.search(plain(str(text or "")[:200])))


_EMAIL_WORD = re.compile(r"\b(?:e-?mail|mail)\b")
_PHONE_WORD = re.compile(r"\b(?:phone|number|mobile|mob|landline|telephone|tel)\b")


def contact_detail_corrected(text: str | None) -> tuple[str, str] | None:
    """The e-mail address or phone number a message gives as the customer's detail after a
    complaint was logged ("sorry my email is actually jo.b@example.com"): ("email" or "phone", the
    value as typed); None for any other detail, or with no value to record ("i want to update my
    phone number"), or when it gives both."""
    said = str(text or "")[:1000]
    if not gives_a_detail(said):
        return None
    words = plain(said)
    email, phone = find_email(said), find_phone(said)
    if email and not phone and (_EMAIL_WORD.search(words) or words.strip() == email.lower()):
        return "email", email
    if phone and not email and _PHONE_WORD.search(words):
        return "phone", phone
    return None


_ABOUT_LOGGED = re.compile(
    r"\b(?:about (?:my|the|that|this) (?:complaint|one)|(?:the|my) (?:first|old|existing|same|"
    r"last|earlier|other) (?:one|complaint)|that one|existing|the one i (?:just )?(?:made|logged))\b"
)


def answers_which(text: str | None, reference: str) -> str | None:
    """The answer to "Is this about your complaint IG-XXXX, or a new complaint?": "logged" or
    NEW, None when it says neither."""
    said = str(text or "")
    words = plain(said)
    if reference.lower().replace("-", "") in re.sub(r"[\s-]", "", words):
        return "logged"
    if _ANOTHER.search(words) or re.fullmatch(r"\W*(?:a )?new\W*(?:one|complaint)?\W*", words):
        return NEW
    if _ABOUT_LOGGED.search(words) or _THAT_ONE.search(words):
        return "logged"
    return None


# "I don't want a new complaint", "no new complaint", "i dont want another one" after a complaint
# was logged (outside testers, issues 15 and 19: a new complaint form started, or "your complaint
# or a new one?" was asked and a second "I don't want a new complaint" started one).
_NO_NEW = re.compile(
    r"\b(?:no|not|don'?t|dont|do not|never|without)\b(?:\s+\w+){0,3}?\s+"
    r"(?:a |an )?(?:new|another|second|separate|other|more)\s*(?:one|complaints?)?\b"
    r"|\bnot (?:making|starting|raising|opening) (?:a |another |a new )?complaint\b"
)


def declines_a_new_complaint(text: str | None) -> bool:
    """Whether the message says the customer does not want a new complaint ("I don't want a new
    complaint", "no new complaint"), with nothing else asked of it (no question, no detail)."""
    said = str(text or "")[:300]
    words = plain(said)
    if "?" in said or not _NO_NEW.search(words) or gives_a_detail(said):
        return False
    return bool(re.search(r"\b(?:new|another|second|separate|other|more)\b", words))


# "is it the same one?", "is that the same complaint as before?", "so is that added to my
# complaint?", "did that go on my complaint?" after a complaint was logged here (outside testers,
# "customers' own words": a new complaint form, or a reference asked for): a question about which
# complaint the conversation is on, answered with the one logged.
_SAME_ONE = re.compile(
    r"(?:\b(?:is|was)\s+(?:it|that|this)|\b(?:it'?s|its|that'?s|thats))"
    r"\s*(?:\w+\s+){0,3}?(?:the\s+)?same\s+(?:one|complaint|case|reference|ref|thing)\b"
    r"|^\W*(?:so\W+|and\W+)?(?:the\s+)?same\s+(?:one|complaint|case)\b"
    r"|\b(?:is|has|was|did|have)\s+(?:that|it|this|those|them)\s+(?:been\s+|got\s+|gone\s+|go\s+|"
    r"get\s+|now\s+)?(?:added|put|noted|logged|recorded|included|attached|going|gone|go|got)\s+"
    r"(?:on|in|to|onto|into|with)\s+(?:to\s+)?(?:my|the|that|this|same)\s+(?:complaint|case|one|"
    r"file|reference|ref)\b"
    r"|\b(?:did|have|has)\s+(?:you|u)\s+(?:add|added|put|note|noted|log|logged)\s+(?:that|it|this)"
    r"\s+(?:on|in|to|onto|into|with)\s+(?:my|the|that|this|same)\s+(?:complaint|case|one|file)\b"
)


_ASKS_IF_ADDED = re.compile(
    r"\b(?:added|add|put|noted|note|recorded|included|attached|going|gone|go|got)\b"
)


def asks_if_added(text: str | None) -> bool:
    """Whether a question about the complaint logged asks if something was added to it ("so is
    that added to my complaint?"), not only which complaint it is ("is it the same one?")."""
    return asks_if_same_complaint(text) and bool(_ASKS_IF_ADDED.search(plain(str(text or ""))))


def asks_if_same_complaint(text: str | None) -> bool:
    """Whether the message asks if what is being said is on the complaint logged in this
    conversation ("is it the same one?", "so is that added to my complaint?"), asking nothing
    else (no reference of another case, no new complaint told)."""
    said = str(text or "")[:300]
    words = plain(said)
    if not _SAME_ONE.search(words) or len(words.split()) > 14:
        return False
    return "?" in said or bool(
        re.match(r"^\W*(?:so\W+|and\W+|but\W+)?(?:is|was|did|has|have)\b", words)
    )


# "when will i get a letter", "when will i hear back", "when will you reply": the reply owed on a
# complaint already made, never a letter the customer means to send (outside customers A, round
# 20, F4: the reply times for a complaint sent by letter, and no date).
_WHEN_WE_REPLY = re.compile(
    r"\bwhen\b[^.?!]{0,30}\b(?:will|would|do|should|shall|can)\s+(?:i|we)\s+(?:get|receive|hear|"
    r"have|expect)\b(?!\s+(?:to\s+)?(?:send|post|write))"
    r"|\bwhen\b[^.?!]{0,30}\b(?:will|would|do|should|shall)\s+(?:you|u|they|someone|somebody|"
    r"anyone|staff)\s+(?:reply|respond|write|contact|get back|call|ring|answer|be in touch)\b"
)


def asks_when_we_reply(text: str | None) -> bool:
    """Whether the words ask when the provider will reply to the customer ("when will i get a
    letter"), with no complaint still to send in them ("if I post a letter, when will I hear")."""
    words = plain(text)
    return bool(_WHEN_WE_REPLY.search(words)) and not re.search(
        r"\b(?:if|once|after)\s+(?:i|we)\b", words
    )
