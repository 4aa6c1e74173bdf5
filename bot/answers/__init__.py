"""Reading a customer's free-text answers: "no email", "about 25 staff", "ring me", "it's IG-7k3q9x".

The assistant's form hands these functions whatever the customer typed; they pick out the value or
say there is none. Validation proper (is this a real postcode?) lives in `bot.intake`. One module
per topic; import each name from the module that defines it (nothing is re-exported here):

- `text`: plain words (`plain`, `one_of`) and the short answers any question can get: no, skip,
  rather not, don't know; the words of a yes; the number words one to twelve.
- `asking`: whether a message asks the assistant something (`is_a_question`, `asks_in_a_clause`,
  `asks_at_the_end`, `asks_inside_an_answer`) and the words of a grievance (`GRIEVANCE`).
- `details`: e-mail, phone, postcode, address, account number and reference; ways of contact
  refused, declined or preferred.
- `business`: consumer or business (`customer_type_in`) and a business's head count (`HeadCount`).
- `category`: what the complaint is about in words (a fault, "mis selling", "bit of both", a
  change of category).
- `names`: people's names: the answer to "What is your name?", a name in passing, a correction.
- `what_happened`: whether a message tells what happened (`says_what_happened`), and what a first
  message gives for the form (`first_message_facts`).
- `routing`: complaint or question: a complaint told or named, a case already raised, the question
  a message names.
- `needs`: needs and circumstances given as an answer, and consent to keep them.
- `dates`: the dates a message names, the day a complaint was first raised, a day to come.
- `adr`: questions about ADR (the ombudsman schemes), the ADR (deadlock) letter and Ofcom.
- `questions`: other questions about the code and the rules: contact for deaf customers, priority
  repair, repair times, someone acting for the customer, help, the channel of a reply time.
- `follow_ups`: a follow-up to the assistant's last answer (`follow_up_to`).
- `commands`: what the customer tells the assistant to do: change, log it, not yet, add, stop,
  carry on, yes, a person.

Each module imports only `text` and the modules listed before it that it needs (`follow_ups` and
`adr` build on `dates` and `routing`); none imports Rasa.
"""
