"""Whether a message asks the assistant something, and whether it voices a grievance: the shape
of a message, read by the topics that decide what it is.

Reads: a question or a request (`is_a_question`), a question in one of its clauses
(`asks_in_a_clause`), at its end (`asks_at_the_end`) or anywhere inside an answer
(`asks_inside_an_answer`); the words of a grievance ("charged", "you've", "not happy":
`GRIEVANCE`), which make "can you ..." an account of what went wrong rather than a request.

Not here: what a question is about (bot.answers.adr, bot.answers.questions, bot.answers.routing),
nor whether a message is a complaint (bot.answers.routing).
"""

from __future__ import annotations

import re

from bot.answers.text import plain

_ASKING = re.compile(
    r"^(?:how|hows|what|whats|when|whens|who|whos|why|where|wheres|which|can|could|do|does|did|"
    r"is|are|will|would|should|if|am|may|tell me|i want to know|i'd like to know|id like to know|"
    r"i need to know|wondering|any idea)\b"
)
GRIEVANCE = re.compile(
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
    return bool(_REQUEST.search(words)) and not GRIEVANCE.search(words)


_CLAUSES = re.compile(r"[.,;!?\n]+|\s-\s|\b(?:and|but|so)\b")


def asks_in_a_clause(text: str | None) -> bool:
    """A question, or a clause of the message that asks one ("it went up, what if I go to CISAS")."""
    return is_a_question(text) or any(
        _ASKING.match(plain(clause)) for clause in _CLAUSES.split(str(text or "")[:1000])
    )


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


# A question inside an answer: "no i mean am i allowed to go to cisas now" at the phone question is
# a question, not "no phone" (outside customers A, 27 Nov).
_ASKS_INSIDE = re.compile(
    r"\b(?:am i|can i|could i|do i|should i|may i|is it|are you|will you|how long|how do|"
    r"when (?:can|will|do|does)|what (?:is|are|if|about|happens))\b"
)


def asks_inside_an_answer(text: str | None) -> bool:
    """Whether an answer asks something somewhere in it ("no i mean am i allowed to ...")."""
    return bool(_ASKS_INSIDE.search(str(text or "").lower()))
