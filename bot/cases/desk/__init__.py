"""The staff desk: `python -m bot cases ...`, one sub-command per thing staff do to a case.

Every sub-command prints text for a person, or JSON with `--json`. The clock is `bot.clock.now()`
(so `COMPLAINTS_NOW` fixes it), the database `--database URL` (default: `DATABASE_URL`, else the
embedded SQLite file). Bad input is refused with one clear line per problem and exit status 2, a
move the lifecycle refuses with exit status 1; nothing is written in either case.

Customers' words are printed as they were given, but as plain text: control characters and the
Unicode controls that reorder text are shown as escapes, never sent to the terminal.

Where each part lives:
- arguments.py: the command line (`add_cases_commands`): every sub-command's arguments and help;
- running.py: exit statuses, who is acting, opening the store, refusals as clear messages;
- commands.py: the sub-commands on cases (open, list, show, the lifecycle moves, export, ...);
- people.py: one person's data and retention (subject-access, erase, transcript, purge);
- show.py: one case as text (its flags, its log, the whole page);
- text.py: customer text made safe for a terminal, moments and counts;
- durations.py: durations staff type ('90d', '6y') and retention periods.
"""

from bot.cases.desk.arguments import add_cases_commands
from bot.cases.desk.durations import parse_duration
from bot.cases.desk.running import DeskError
from bot.cases.desk.text import printable

__all__ = ["DeskError", "add_cases_commands", "parse_duration", "printable"]
