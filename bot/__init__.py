"""The complaints domain library: providers' codes, working time, due dates, rights and cases.

Usable without Rasa: the staff command line, the tests and the Rasa actions all call the same
functions here. Nothing in `bot/` imports Rasa.
"""
