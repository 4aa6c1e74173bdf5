#!/usr/bin/env bash
# A staff desk with two months of history, for trying the desk's commands and for the examples in
# docs/staff-desk.md: `scripts/desk-example.sh [DATABASE_URL]` (default: a fresh
# sqlite:///var/desk-example.db). Every case is made through the desk itself, each at its own moment
# (COMPLAINTS_NOW), so the due dates are the codes' own. Afterwards, try the day it leads up to:
#   export DATABASE_URL=sqlite:///var/desk-example.db COMPLAINTS_NOW=2027-01-04T09:00
#   .venv/bin/complaints cases digest
set -euo pipefail
cd "$(dirname "$0")/.."

url=${1:-sqlite:///var/desk-example.db}
if [ $# -eq 0 ]; then
  mkdir -p var
  rm -f var/desk-example.db var/desk-example.db-wal var/desk-example.db-shm
fi
export DATABASE_URL=$url
desk() { COMPLAINTS_NOW=$1 COMPLAINTS_STAFF=${STAFF:-Sam Okafor} .venv/bin/complaints cases "${@:2}"; }
# Opens a case at a moment and prints its reference.
open_case() {
  desk "$1" open --json "${@:2}" | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["reference"])'
}

# November: two letters and a call to Infinity Group; one answered on time, one late, one never.
hale=$(open_case 2026-11-02T11:00 --provider infinity-group --channel letter --category billing \
  --description "I have been billed for a line that was cancelled in September." \
  --name "Margaret Hale" --phone "01892 500123" --postcode "TN2 4QA" --customer-type consumer)
early=$(open_case 2026-11-09T10:00 --provider infinity-group --channel phone --category service \
  --description "The engineer did not come on the day he was booked." \
  --name "Ade Bello" --phone "020 7946 0018" --customer-type consumer)
desk 2026-11-11T15:00 resolve "$early" "Engineer rebooked for 13 November; 20 pounds credited." >/dev/null
desk 2026-11-20T10:00 close "$early" >/dev/null
late=$(open_case 2026-11-16T09:30 --provider infinity-group --channel email --category pricing \
  --description "My price went up in the middle of the contract." \
  --name "Chris Patel" --email "chris.patel@example.com" --customer-type consumer)
desk 2026-11-25T16:00 note "$late" "Explained the annual price change clause by phone." --contacted >/dev/null

# December: Infinium, Invictanet and ISS.
infinium=$(open_case 2026-12-14T14:00 --provider infinium --channel email --category fault_repair \
  --description "Broadband keeps dropping every evening since the router was replaced." \
  --name "Olu Adeyemi" --email "olu@example.org" --phone "01253 353537" --postcode "FY1 1AA" \
  --account "INF-20417" --customer-type business --employees 6)
desk 2026-12-15T09:00 assign "$infinium" "Priya Shah" >/dev/null
desk 2026-12-17T11:00 note "$infinium" "Line test booked; told the customer by email." --contacted >/dev/null
jane=$(open_case 2026-12-22T10:00 --provider infinity-group --channel email --category billing \
  --description "I was charged twice for December." \
  --name "Jane Doe" --email "jane.doe@example.co.uk" --phone "+44 7700 900123" --postcode "tn1 2py" \
  --customer-type consumer)
desk 2026-12-23T09:30 assign "$jane" "Priya Shah" >/dev/null
tom=$(open_case 2026-12-31T16:30 --provider infinity-system-solutions --channel phone \
  --category fault_repair --description "No dial tone on our main number since this morning." \
  --name "Tom Ng" --phone "01495 123456" --postcode "NP23 8XA" --account "ACC-99" \
  --customer-type business --employees 8)
desk 2027-01-01T10:00 assign "$tom" "Sam Okafor" >/dev/null

# The morning of Monday 4 January 2027: a fax has come in over the weekend.
fax=$(open_case 2027-01-04T08:15 --provider invictanet --channel fax --category cancellation \
  --description "Please cancel my contract; I asked twice in December." \
  --name "Rhiannon Evans" --email "rhiannon.evans@example.net" --postcode "CF10 1EP" --customer-type consumer --received 2027-01-02T12:00)

printf '%s\n' "$hale" "$early" "$late" "$infinium" "$jane" "$tom" "$fax"
