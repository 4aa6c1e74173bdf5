"""What a customer observably got from a turn: which flows started, what was asked, and what no
reply may ever show.

A turn is read from two places: the replies the REST channel returned (what the customer saw) and
the events Rasa stored for that turn in its tracker store (the table `events`, one row per event,
as bot/cases/retention.py reads it): the actions it ran, the responses it uttered (`utter_action`
in a bot event's metadata), the loops it activated and the slots it set.

Which flow started is decided from response and action names (a table here, then keywords for names
the table does not know yet, reported as such), and, for "a person's number" and "the fault line",
from the reply's words: the provider's phone number or fault e-mail in a reply that is not a
fallback.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.conversation_set.labels import ProviderFacts

# Responses and actions of today's domain.yml, by the flow they belong to.
NAMED_FLOWS: Mapping[str, str] = {
    "action_greet": "greeting",
    "utter_greet": "greeting",
    "utter_goodbye": "goodbye",
    "action_goodbye": "goodbye",
    "utter_you_are_welcome": "thanks",
    "action_you_are_welcome": "thanks",
    "utter_iamabot": "bot_challenge",
    "action_iamabot": "bot_challenge",
    "utter_out_of_scope": "out_of_scope",
    "action_out_of_scope": "out_of_scope",
    "utter_what_i_can_do": "out_of_scope",
    "utter_ask_rephrase": "clarify",
    "action_clarify_denied": "clarify",
    "utter_default": "clarify",
    "action_default_fallback": "clarify",
    "action_two_stage_fallback": "clarify",
    "action_default_ask_affirmation": "clarify",
    "action_default_ask_rephrase": "clarify",
    "utter_service_trouble": "service_trouble",
    "utter_message_too_long": "service_trouble",
    "utter_conversation_too_long": "service_trouble",
    "action_quote_response_times": "response_times",
    "utter_commitment_acknowledge": "response_times",
    "utter_timed_promises_only_for": "response_times",
    "utter_response_times_instead_on_day": "response_times",
    "utter_reply_dates_passed": "response_times",
    "utter_reply_due_today": "response_times",
    "utter_reply_routes": "response_times",
    "utter_reply_routes_none": "response_times",
    "utter_commitment_respond": "response_times",
    "utter_commitment_call_back": "response_times",
    "utter_commitment_case_handler_contact": "response_times",
    "utter_commitment_resolve_or_agree_time": "response_times",
    "utter_commitment_update": "response_times",
    "utter_response_times_intro": "response_times",
    "utter_no_commitments": "response_times",
    "utter_escalation_first": "escalation",
    "utter_escalation_step": "escalation",
    "utter_escalation_none": "escalation",
    "utter_adr_scheme": "adr",
    "utter_adr_scheme_renamed": "adr",
    "utter_adr_no_scheme": "adr",
    "utter_adr_dates": "adr",
    "utter_adr_stated_open": "adr",
    "utter_adr_stated_from": "adr",
    "utter_adr_stated_open_code": "adr",
    "utter_adr_stated_from_code": "adr",
    "utter_adr_letter_explained": "adr",
    "utter_adr_letter_what_you_can_do": "adr",
    "utter_adr_letter_on_request": "adr",
    "utter_scheme_contact_given": "adr",
    "utter_scheme_contact_not_given": "adr",
    "utter_adr_limit_code_differs": "adr",
    "utter_adr_limit_no_letter": "adr",
    "utter_adr_limit_no_letter_code": "adr",
    "utter_adr_code_differs": "adr",
    "utter_adr_limits": "adr",
    "utter_adr_eligibility": "adr",
    "utter_scheme_what_it_is": "adr",
    "utter_compensation_adr_award": "compensation",
    "utter_phone_why": "complaint",
    "utter_code_names_without_saying_who": "contact",
    "utter_code_does_not_name": "contact",
    "utter_collection_during_complaint": "compensation",
    "utter_collection_who_to_call": "compensation",
    "utter_phone_why_code": "complaint",
    "utter_adr_not_open_to_you": "adr",
    "utter_adr_open_to_your_business": "adr",
    # The logged complaint's ADR answer (round 16, fix16f): the date for what the scheme takes,
    # free and the 12 months, and which scheme to ask about where the code names none.
    "utter_adr_date_for_the_rest": "adr",
    "utter_adr_free_and_limit": "adr",
    "utter_adr_limit": "adr",
    "utter_adr_ask_which_scheme": "adr",
    "utter_topic_compensation": "compensation",
    "utter_topic_refunds": "compensation",
    "utter_not_covered_ask_compensation": "compensation",
    "utter_topic_cancellation": "cancellation",
    "utter_topic_minimum_terms": "cancellation",
    "utter_not_covered_ask_cancellation": "cancellation",
    "utter_topic_confidentiality": "privacy",
    "utter_topic_data_protection": "privacy",
    "utter_topic_identity_checks": "privacy",
    "utter_own_data_not_covered": "privacy",
    "utter_not_covered_ask_privacy": "privacy",
    "utter_topic_accessible_formats": "accessible_formats",
    "utter_not_covered_ask_accessible_formats": "accessible_formats",
    "utter_contact_details": "contact",
    # How a code asks for complaints to be made, said before its contacts (issue 14): an answer
    # about contact, not a complaint started (its name's "complaint" had put it there).
    "utter_complaint_routes": "contact",
    "utter_open_now": "contact",
    "utter_closed_now": "contact",
    "utter_hours_not_stated": "contact",
    "action_talk_to_human": "human",
    "utter_call_back_flagged": "human",
    "utter_call_back_after_check": "human",
    "utter_start_complaint": "complaint",
    "utter_start_complaint_bereaved": "complaint",
    "utter_hint_complaint_category": "complaint",
    "utter_hint_complaint_description": "complaint",
    "utter_hint_customer_name": "complaint",
    "utter_hint_customer_email": "complaint",
    "utter_hint_customer_phone": "complaint",
    # The third asking of a question without buttons, with the way out (round 16, fix16h).
    "utter_hint_customer_email_plainly": "complaint",
    "utter_hint_customer_phone_plainly": "complaint",
    "utter_hint_skip_plainly": "complaint",
    "utter_hint_or_call": "complaint",
    "utter_hint_customer_postcode": "complaint",
    "utter_hint_contact_preference": "complaint",
    "utter_hint_customer_type": "complaint",
    "utter_hint_employees": "complaint",
    "utter_head_count_which": "complaint",
    "utter_hint_account_number": "complaint",
    "utter_hint_accessibility_needs": "complaint",
    "utter_need_email_or_phone": "complaint",
    "utter_ask_complaint_category": "complaint",
    "utter_ask_complaint_description": "complaint",
    "utter_ask_complaint_description_more": "complaint",
    "utter_ask_complaint_description_why": "complaint",
    "utter_ask_complaint_description_add": "complaint",
    "utter_ask_customer_name": "complaint",
    "utter_ask_customer_email": "complaint",
    "utter_ask_customer_phone": "complaint",
    "utter_ask_customer_postcode": "complaint",
    "utter_ask_customer_address": "complaint",
    "utter_hint_customer_address": "complaint",
    "utter_will_write_by_post": "complaint",
    "utter_post_not_offered": "complaint",
    "utter_preference_unreachable": "complaint",
    "utter_preference_without_its_detail": "complaint",
    "utter_preference_without_its_detail_by_post": "complaint",
    "utter_not_stopped": "complaint",
    "utter_back_to_read_back": "complaint",
    "utter_added_to_description": "complaint",
    "utter_logged_case_replies_owed": "complaint",
    "utter_circumstances_taken_out": "complaint",
    "utter_circumstances_still_told": "complaint",
    "utter_addition_too_long": "complaint",
    "utter_complaint_next_steps_no_preference": "complaint",
    "utter_complaint_next_steps_no_routes_no_preference": "complaint",
    "utter_ask_contact_preference": "complaint",
    "utter_ask_customer_type": "complaint",
    "utter_ask_employees": "complaint",
    "utter_ask_account_number": "complaint",
    "utter_ask_accessibility_needs": "complaint",
    "utter_ask_accessibility_needs_format_noted": "complaint",
    "complaint_form": "complaint",
    "utter_complaint_summary": "complaint",
    "utter_ask_what_to_change": "complaint",
    "utter_complaint_stopped": "complaint_stopped",
    "action_stop_complaint": "complaint_stopped",
    "utter_nothing_to_stop": "complaint_stopped",
    "utter_complaint_stopped_case_kept": "complaint_stopped",
    "utter_complaint_created": "complaint",
    "utter_complaint_next_steps": "complaint",
    "utter_adr_from_date": "complaint",
    "utter_adr_from_date_first_raised": "complaint",
    "utter_adr_from_today_raised_before": "complaint",
    "utter_adr_open_first_raised": "complaint",
    "utter_adr_first_raised_past_limit": "complaint",
    "utter_ask_complaint_first_raised": "complaint",
    "utter_ask_first_raised_which_year": "complaint",
    "utter_hint_complaint_first_raised": "complaint",
    "utter_first_raised_left_out": "complaint",
    # The form's questions, round 13 (form17): "did_you_mean" would read as a clarification.
    "utter_first_raised_after_today": "complaint",
    "utter_first_raised_did_you_mean": "complaint",
    "utter_contact_by_text_not_offered": "complaint",
    "utter_contact_preference_asked_again": "complaint",
    "utter_contact_preference_nothing_needed": "complaint",
    "utter_question_not_answered_here": "complaint",
    "utter_name_needed_why": "complaint",
    "utter_questions_left": "complaint",
    "utter_need_noted_name_asked": "complaint",
    "utter_need_noted_name_kept": "complaint",
    "utter_account_noted_postcode_asked": "complaint",
    "utter_detail_kept_account_asked": "complaint",
    "utter_description_kept_from_earlier": "complaint",
    "utter_adr_not_eligible": "complaint",
    "utter_adr_depends": "complaint",
    "utter_complaint_not_saved": "complaint",
    "utter_complaint_not_kept": "complaint",
    "case_lookup_form": "case_lookup",
    "utter_ask_case_reference": "case_lookup",
    "utter_ask_verification_answer": "case_lookup",
    "utter_reference_invalid": "case_lookup",
    "utter_reference_needs_prefix": "case_lookup",  # fix19b, F7
    "utter_case_request_replaced": "case_lookup",
    "utter_case_request_replaced_no_reference": "case_lookup",
    "utter_verification_failed": "case_lookup",
    "utter_case_other_provider": "case_lookup",
    "utter_case_status": "case_lookup",
    "utter_ask_logged_or_new": "case_lookup",
    "utter_logged_no_new_complaint": "case_lookup",
    "utter_addition_recorded": "case_lookup",
    "utter_same_complaint_logged": "case_lookup",
    "utter_same_complaint_added": "case_lookup",
    "utter_same_complaint_not_added": "case_lookup",
    "utter_first_raised_recorded": "case_lookup",
    "utter_ask_what_to_add": "case_lookup",
    "utter_nothing_added": "case_lookup",
    "utter_contact_detail_noted": "case_lookup",
    "utter_logged_case_late_reply": "case_lookup",
    "utter_logged_case_reply_time_passed": "case_lookup",
    "utter_logged_case_reply_no_day": "case_lookup",
    "utter_case_next_date": "case_lookup",
    "utter_case_next_date_normally": "case_lookup",
    "utter_case_next_date_aim": "case_lookup",
    "utter_case_next_date_guideline": "case_lookup",
    "utter_case_no_next_date": "case_lookup",
    "utter_case_date_passed": "case_lookup",
    "utter_case_date_passed_normally": "case_lookup",
    "utter_case_date_passed_aim": "case_lookup",
    "utter_case_date_passed_guideline": "case_lookup",
    "utter_case_date_passed_resolve_or_agree_time": "case_lookup",
    "utter_case_next_case_handler_contact_from_raised_passed": "case_lookup",
    "utter_case_adr_open": "case_lookup",
    "utter_case_adr_from": "case_lookup",
    "utter_case_adr_from_first_raised": "case_lookup",
    "utter_case_adr_open_first_raised": "case_lookup",
    "utter_case_adr_not_eligible": "case_lookup",
    "utter_escalation_requested": "case_lookup",
    "utter_escalation_at_top": "case_lookup",
    "utter_adr_letter_requested": "case_lookup",
    "utter_case_request_failed": "case_lookup",
    # Added for issues 15 and 19 (this branch).
    "action_start_complaint": "complaint",
    "action_change_complaint": "complaint",
    "utter_field_updated": "complaint",
    "utter_field_cleared": "complaint",
    "utter_made_for_changed": "complaint",
    "utter_account_holder_noted": "complaint",  # the account holder named at the read-back (round 16)
    "utter_description_words_changed": "complaint",  # "the 3rd should be the 30th" (round 16)
    "utter_made_for_removed": "complaint",
    "utter_ask_call_back_which": "complaint",
    "utter_ask_call_back_which_by_way": "complaint",
    "utter_hint_call_back_which": "complaint",
    "utter_hint_call_back_which_by_way": "complaint",
    "utter_call_back_way_noted": "complaint",
    "utter_call_back_way_kept": "complaint",
    "utter_contact_wish_will_note": "complaint",
    "utter_format_not_held": "complaint",
    "utter_needs_corrected": "complaint",
    "utter_change_not_understood": "complaint",
    "utter_choose_by_number": "complaint",
    "utter_answer_left_out": "complaint",
    "utter_answer_set_aside": "complaint",
    "utter_answer_still_needed": "complaint",
    "action_report_fault": "fault",
    "utter_fault_line": "fault",
    "utter_fault_by_email": "fault",
    "utter_fault_line_not_named_hours": "fault",
    "utter_fault_line_not_named": "fault",
    "utter_offer_complaint": "fault",
    "utter_escalation_then_adr": "adr",
    "utter_escalation_then_adr_no_scheme": "adr",
    "utter_response_times_intro_channel": "response_times",
    # Round 13: a letter received on a day gone by; what a phoned complaint counts from.
    "utter_response_times_intro_letter_received_past": "response_times",
    "utter_response_times_intro_call_today": "response_times",
    "utter_response_times_intro_call_now": "response_times",
    "utter_response_times_intro_call_counted": "response_times",
    "utter_response_times_intro_if_you_ring": "response_times",
    "utter_response_times_intro_if_you_ring_closed": "response_times",
    "utter_no_commitments_routes_if_you_ring": "response_times",
    "utter_adr_code_wait_longer": "adr",
    "utter_adr_code_wait_longer_then": "adr",
    # Issue 16's review: every response of domain.yml is named here or in NEUTRAL_NAMES
    # (tests/servers/test_conversation_set.py checks it). Responses placed by a keyword until
    # then, in the flow it gave them, so `make bench`'s figures stay comparable:
    "utter_core_fallback": "clarify",
    "utter_response_times_intro_on_day": "response_times",
    "utter_response_times_intro_channel_on_day": "response_times",
    "utter_response_times_intro_letter_on_day": "response_times",
    "utter_response_times_intro_letter_received": "response_times",
    "utter_commitment_respond_normally": "response_times",
    "utter_commitment_respond_aim": "response_times",
    "utter_commitment_respond_guideline": "response_times",
    "utter_commitment_acknowledge_aim": "response_times",
    "utter_commitment_note": "response_times",
    "utter_response_times_intro_letter": "response_times",
    "utter_commitment_respond_aim_undated": "response_times",
    "utter_commitment_respond_guideline_from_receipt": "response_times",
    "utter_commitment_respond_normally_undated": "response_times",
    "utter_commitment_acknowledge_aim_undated": "response_times",
    "utter_commitment_case_handler_contact_from_raised": "response_times",
    # fix18b: the case handler's first contact, dated (F33)
    "utter_case_handler_contact_from_now": "response_times",
    "utter_case_handler_contact_from_now_out_of_hours": "response_times",
    "utter_case_handler_contact_logged": "response_times",
    "utter_case_handler_contact_logged_out_of_hours": "response_times",
    "utter_case_handler_contact_logged_passed": "response_times",
    "utter_case_handler_contact_logged_out_of_hours_passed": "response_times",
    "utter_commitment_resolve_or_agree_time_undated": "response_times",
    "utter_commitment_call_back_normally": "response_times",
    "utter_no_commitments_routes": "response_times",
    "utter_no_commitments_routes_on_day": "response_times",
    "utter_no_commitments_on_day": "response_times",
    "utter_escalation_then_adr_code_contacts": "escalation",
    "utter_adr_contacts_out_of_date_one": "adr",
    "utter_adr_contacts_out_of_date_many": "adr",
    "utter_adr_contacts_unlisted_one": "adr",
    "utter_adr_contacts_unlisted_many": "adr",
    "utter_adr_contacts_match_one": "adr",
    "utter_adr_contacts_match_many": "adr",
    "utter_adr_scheme_operator_changed": "adr",
    "utter_adr_approved_scheme_contacts": "adr",
    "utter_adr_scheme_excludes": "adr",
    "utter_adr_scheme_excludes_if_ours": "adr",
    "utter_adr_scheme_silent": "adr",
    "utter_adr_dates_code": "adr",
    "utter_adr_code_wait_not_adr": "adr",
    "utter_adr_letter_request_needs_reference": "adr",
    "utter_escalation_request_needs_reference": "escalation",
    "utter_adr_letter_dated": "adr",
    "utter_adr_letter_dated_approx": "adr",
    "utter_adr_letter_dated_past_approx": "adr",
    "utter_adr_letter_dated_last_day": "adr",
    "utter_adr_letter_dated_last_day_approx": "adr",
    "utter_adr_letter_date_ahead": "adr",
    "utter_adr_letter_held": "adr",
    "utter_adr_letter_dated_past": "adr",
    "utter_no_complaint_time_limit": "complaint",
    "utter_adr_court": "adr",
    "utter_adr_max_award": "adr",
    "utter_adr_ask_more": "adr",
    "utter_adr_prices": "adr",
    "utter_adr_prices_code_differs": "adr",
    "utter_not_in_code_compensation": "compensation",
    "utter_not_in_code_refunds": "compensation",
    "utter_accessible_formats_rules": "accessible_formats",
    "utter_text_relay_contact": "contact",
    "utter_accessibility_how_to_ask": "accessible_formats",
    "utter_other_body_contact": "contact",
    "utter_other_body_contact_not_given": "contact",
    "utter_hours_bank_holiday_not_stated": "contact",
    "utter_contact_details_excluding_bank_holidays": "contact",
    "utter_hours_bank_holiday_not_stated_on": "contact",
    "utter_contact_routes": "contact",
    "utter_contact_routes_not_stated": "contact",
    "utter_contact_route_not_offered": "contact",
    "utter_contact_route_noted": "contact",
    "utter_ask_employees_counted": "complaint",
    "utter_ask_employees_by_group": "complaint",
    "utter_ask_accessibility_which": "complaint",
    "utter_hint_customer_name_plainly": "complaint",
    "utter_change_contact_needs_detail": "contact",
    "utter_contact_preference_chosen_for_you": "contact",
    "utter_contact_preference_none_chosen": "contact",
    "utter_complaint_reply_times_intro": "complaint",
    "utter_complaint_record": "complaint",
    "utter_complaint_next_steps_no_routes": "complaint",
    "utter_fault_line_closed_now": "fault",
    "utter_verification_not_a_detail": "case_lookup",
    "utter_verification_change_after_check": "case_lookup",
    "utter_verification_why_asked": "case_lookup",
    "utter_verification_reference_again": "case_lookup",
    "utter_verification_question_later": "case_lookup",
    "utter_verification_left_for_complaint": "case_lookup",
    "utter_verification_detail_unknown": "case_lookup",
    "utter_verification_lock_asked": "case_lookup",  # fix18a
    "utter_case_details_not_changed_here": "case_lookup",
    "utter_case_request_unclear": "case_lookup",
    "utter_case_request_not_done_unchecked": "case_lookup",
    "utter_case_next_case_handler_contact_from_raised": "case_lookup",
    "utter_case_request_unclear_already_asked": "case_lookup",
    "utter_case_escalation_asked": "case_lookup",
    "utter_case_adr_letter_asked": "case_lookup",
    "utter_adr_for_logged_case": "adr",
    "utter_escalation_requested_code_says": "escalation",
    "utter_call_back_time_recorded": "human",
    "utter_call_back_time_changed": "human",
    "utter_ask_support_offer": "complaint",
    "utter_hint_support_offer": "complaint",
    "utter_ask_support_needs": "complaint",
    "utter_ask_support_needs_again": "complaint",  # the list a second time after a visit (F31)
    "utter_visit_not_arranged": "complaint",
    "utter_hint_support_needs": "complaint",
    "utter_call_back_hours": "contact",
    "utter_call_back_outside_hours": "contact",
    "utter_contact_wish_noted": "contact",
    "utter_needs_kept_with_complaint": "complaint",
    "utter_ask_confirm_needs_removal": "complaint",
    # ... and those that placed no flow. The complaint form's own acknowledgements and
    # corrections (issues 15, 19, rounds 10-13):
    "utter_text_relay_offer": "complaint",
    "utter_email_is_providers": "complaint",
    "utter_description_needed": "complaint",
    "utter_name_noted": "complaint",
    "utter_detail_kept": "complaint",
    "utter_detail_kept_name_asked": "complaint",
    "utter_account_not_given_yet": "complaint",
    "utter_first_raised_updated": "complaint",
    "utter_no_email_alternatives": "complaint",
    "utter_no_email_no_calls": "complaint",
    "utter_no_email_phone_held": "complaint",
    "utter_account_left_out": "complaint",
    "utter_description_kept_category_asked": "complaint",
    "utter_part_taken_out": "complaint",
    "utter_part_to_retype": "complaint",
    "utter_sorry_asked_again": "complaint",
    "utter_carry_on_again": "complaint",
    "utter_not_logged_yet": "complaint",
    "utter_carry_on": "complaint",
    "utter_carry_on_resumed": "complaint",
    "utter_name_taken_description_asked": "complaint",
    "utter_description_looks_like_a_name": "complaint",
    "utter_description_is_a_detail": "complaint",
    "utter_description_is_a_question": "complaint",
    "utter_account_phone_kept": "complaint",
    "utter_account_is_the_phone": "complaint",
    "utter_account_looks_like_a_phone": "complaint",
    "utter_account_kept_as_given": "complaint",
    "utter_category_pick_one": "complaint",
    "utter_category_taken_first": "complaint",
    "utter_copy_emailed": "complaint",
    "utter_copy_no_email": "complaint",
    "utter_copy_before_logging": "complaint",
    # The offer of help and the needs noted in the form or at logging (issue 18):
    "utter_take_your_time": "complaint",
    "utter_support_declined": "complaint",
    "utter_support_set_aside": "complaint",
    "utter_support_offers_intro": "complaint",
    "utter_support_offer": "complaint",
    "utter_support_code_says": "complaint",
    "utter_line_down_priority_repair": "complaint",
    "utter_suspension_who_to_call": "complaint",
    "utter_whose_corrected": "complaint",
    "utter_needs_will_be_recorded": "complaint",
    "utter_call_time_will_be_recorded": "complaint",
    "utter_contact_time_will_be_recorded": "complaint",
    "utter_contact_outside_hours": "contact",
    "utter_contact_in_their_way": "contact",
    "utter_account_holder_recorded": "complaint",
    "utter_trusted_contact_noted": "complaint",
    "utter_needs_named_will_be_recorded": "complaint",
    "utter_needs_not_recorded": "complaint",
    "utter_pending_needs_dropped": "complaint",
    "utter_no_pending_needs": "complaint",
    "utter_need_not_recordable": "complaint",
    "utter_needs_recorded": "complaint",
    "utter_needs_not_saved": "complaint",
    "utter_on_behalf_recorded": "complaint",
    # Needs taken off a logged complaint, and a complaint with no reference (a case checked):
    "utter_no_reference": "case_lookup",
    "utter_needs_withdrawn": "case_lookup",
    "utter_some_needs_withdrawn": "case_lookup",
    "utter_case_needs_recorded": "case_lookup",
    "utter_needs_removal_not_checked": "case_lookup",
    "utter_no_needs_to_withdraw": "case_lookup",
    "utter_need_not_on_case": "case_lookup",  # a need named to be taken off that is not on it (round 16)
    # Help for disabled and vulnerable customers (GC C5): labelled accessible_formats in the set.
    "utter_text_relay_rules": "accessible_formats",
    "utter_vulnerable_customers_rules": "accessible_formats",
    "utter_priority_fault_repair_rules": "accessible_formats",
    "utter_priority_fault_repair_how_to_ask": "accessible_formats",
    "utter_topic_vulnerable_customers": "accessible_formats",
    # Someone else acting for the customer, and who sees what: labelled privacy in the set.
    "utter_someone_acting_not_covered": "privacy",
    "utter_speaking_for_another_not_covered": "privacy",
    "utter_account_held_by_another_not_covered": "privacy",
    "utter_account_holder_sees_not_covered": "privacy",
    "utter_account_holder_sees_no_address": "privacy",
    "utter_someone_acting_noted": "privacy",
    # Opening hours on a day named or a bank holiday.
    "utter_open_on": "contact",
    "utter_closed_on_bank_holiday": "contact",
    "utter_closed_on": "contact",
    "utter_closed_on_bank_holidays": "contact",
    "utter_bank_holidays_not_stated": "contact",
    # Suspension, disconnection and unpaid bills (beside utter_collection_*).
    "utter_suspension_not_ours": "compensation",
    "utter_topic_charges": "compensation",
    # fix18e: suspension over a disputed bill from the code (F23, as its siblings above), who deals
    # with an escalated complaint next (F19), a call back needs a phone number (F28).
    "utter_topic_suspension": "compensation",
    "utter_suspension_dispute_not_said": "compensation",
    "utter_suspension_not_covered": "compensation",
    "utter_suspension_ask_provider": "compensation",
    "utter_escalation_next_step": "case_lookup",
    "utter_escalation_next_step_code_says": "case_lookup",
    "utter_escalation_next_when": "case_lookup",
    "utter_escalation_next_no_time": "case_lookup",
    "utter_call_back_needs_phone": "human",
    "utter_call_back_flagged_with_phone": "human",
    "utter_call_back_not_noted_no_phone": "complaint",
    # How long a fault takes to fix.
    "utter_topic_fault_repair_time": "fault",
    "utter_not_covered_fault_repair_time": "fault",
    "utter_reply_routes_not": "response_times",
    "utter_not_followed": "clarify",
    "action_clarify": "clarify",
    # Every "Do you mean ...?" question of the domain (actions/chitchat.py's CLARIFIABLE).
    **{
        name: "clarify"
        for name in yaml.safe_load(
            (Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8")
        )["responses"]
        if name.startswith("utter_did_you_mean_")
    },
}
# Names that say nothing about the flow on their own (they serve several, or none).
NEUTRAL_NAMES: frozenset[str] = frozenset(
    {
        "action_listen",
        "action_session_start",
        "action_restart",
        "action_unlikely_intent",
        "action_back",
        "action_deactivate_loop",
        "action_revert_fallback_events",
        "action_extract_slots",
        "action_answer_question",
        "action_clarified",
        "action_summarise_complaint",
        "action_submit_complaint",
        "action_set_case_request",
        "action_handle_case_request",
        "validate_complaint_form",
        "validate_case_lookup_form",
        "utter_invalid_field",
        # Said by the channel itself, never by Rasa, so never in its tracker store
        # (channels/failures.py, channels/commands.py, channels/providers.py).
        "utter_no_reply",
        "utter_command_not_taken",
        "utter_provider_not_served",
        # Said beside an answer on any topic: a code's note on its own update (with the first
        # rights answer), urgent help and circumstances noticed in passing (at any point), and
        # "nothing removed" (at the read-back and on a logged case alike).
        "utter_code_update",
        "utter_urgent_help",
        "utter_safe_to_leave",  # "he's just come back, I have to go", at any point (round 16)
        "utter_support_noticed",
        "utter_needs_removal_kept",
        # fix18d2: "I can't afford to pay this bill, what can I do?" answered wherever it is asked
        # (before a complaint, as its account, at the offer of help).
        "utter_money_trouble_asked",
        "utter_money_trouble_rules",
        "utter_money_trouble_code_says",
        "utter_money_trouble_who_to_call",
        "utter_support_noticed_later",  # a circumstance heard once needs were agreed (F24)
        # Wording read into another response, never uttered on its own: the read-back's lines
        # (actions/intake.py, in utter_complaint_summary) and each need's words
        # (actions/vulnerability.py and bot/claims.py, `utter_need_<offer id>`, in the lists of
        # needs other responses give).
        *(
            name
            for name in yaml.safe_load(
                (Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8")
            )["responses"]
            if name.startswith("utter_read_back_")
        ),
        "utter_need_priority_fault_repair",
        "utter_need_accessible_formats",
        "utter_need_accessible_formats_detail",
        "utter_need_text_relay",
        "utter_need_call_back",
        "utter_need_call_back_time",
        "utter_need_someone_to_speak",
        "utter_need_someone_to_speak_detail",
        "utter_need_call_back_time_by_way",
        "utter_need_writing_only",
        "utter_need_email_only",
        "utter_need_made_on_behalf",
        "utter_need_of_person_complaint_is_for",
    }
)
# For names the table does not know yet (a response added after this file): the first keyword
# found decides. Reported in the results as "named by keyword", so the table can be completed.
KEYWORD_FLOWS: tuple[tuple[str, str], ...] = (
    ("utter_ask_case", "case_lookup"),
    ("utter_ask_verification", "case_lookup"),
    ("utter_ask_", "complaint"),
    ("utter_hint_", "complaint"),
    ("fault_line", "fault"),
    ("report_fault", "fault"),
    ("fault_report", "fault"),
    ("rephrase", "clarify"),
    ("fallback", "clarify"),
    ("did_you_mean", "clarify"),
    ("clarif", "clarify"),
    ("ask_affirmation", "clarify"),
    ("case_reference", "case_lookup"),
    ("verification", "case_lookup"),
    ("utter_case_", "case_lookup"),
    ("deadlock", "case_lookup"),
    ("response_time", "response_times"),
    ("commitment", "response_times"),
    ("escalat", "escalation"),
    ("adr", "adr"),
    ("ombudsman", "adr"),
    ("compensation", "compensation"),
    ("refund", "compensation"),
    ("minimum_term", "cancellation"),
    ("cancel", "cancellation"),
    ("privacy", "privacy"),
    ("data_protection", "privacy"),
    ("confidential", "privacy"),
    ("accessib", "accessible_formats"),
    ("contact", "contact"),
    ("open_now", "contact"),
    ("closed_now", "contact"),
    ("hours", "contact"),
    ("human", "human"),
    ("person", "human"),
    ("call_back", "human"),
    ("complaint", "complaint"),
    ("greet", "greeting"),
    ("goodbye", "goodbye"),
    ("welcome", "thanks"),
    ("thank", "thanks"),
    ("iamabot", "bot_challenge"),
    ("bot", "bot_challenge"),
    ("out_of_scope", "out_of_scope"),
    ("what_i_can_do", "out_of_scope"),
)
# Loops by the flow they serve.
LOOP_FLOWS: Mapping[str, str] = {"complaint_form": "complaint", "case_lookup_form": "case_lookup"}
# A reply in one of these flows never counts as giving "a person's number" or "the fault line":
# the fallback's "call us on ..." is not an answer.
NOT_AN_ANSWER: frozenset[str] = frozenset({"clarify", "service_trouble"})


@dataclass
class BotMessage:
    text: str
    name: str | None  # the response or action that uttered it


@dataclass
class TurnEvents:
    """What Rasa did in one turn, from its tracker store."""

    intent: str | None = None
    actions: list[str] = field(default_factory=list)
    bot: list[BotMessage] = field(default_factory=list)
    loops: list[str] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass
class Question:
    kind: str | None  # one of labels.QUESTIONS, "open" (how can I help?), "rephrase", "unknown"
    text: str
    options: list[tuple[str, str]]  # choices numbered in the words: (title, its number)
    buttons: list[str] = field(
        default_factory=list
    )  # button titles (a typing customer ignores them)


# --- the tracker store -------------------------------------------------------------------------


class TrackerReader:
    """Reads one conversation's new events from Rasa's SQLite tracker store."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def events_after(self, sender: str, after_id: int) -> list[tuple[int, str, dict[str, Any]]]:
        for attempt in range(20):
            try:
                connection = sqlite3.connect(
                    f"file:{self.path}?mode=ro", uri=True, timeout=30, check_same_thread=False
                )
                try:
                    rows = connection.execute(
                        "SELECT id, type_name, data FROM events WHERE sender_id = ? AND id > ?"
                        " ORDER BY id",
                        (sender, after_id),
                    ).fetchall()
                finally:
                    connection.close()
                return [(row[0], row[1], json.loads(row[2]) if row[2] else {}) for row in rows]
            except sqlite3.OperationalError:
                time.sleep(0.05 * (attempt + 1))
        raise RuntimeError(f"the tracker store at {self.path} could not be read")


def turn_events(rows: Iterable[tuple[int, str, Mapping[str, Any]]]) -> TurnEvents:
    """The events of one turn (everything after the previous turn's last event)."""
    turn = TurnEvents()
    for _id, kind, data in rows:
        if kind == "user":
            turn.intent = ((data.get("parse_data") or {}).get("intent") or {}).get("name")
        elif kind == "action":
            turn.actions.append(data.get("name") or "")
        elif kind == "bot":
            metadata = data.get("metadata") or {}
            turn.bot.append(BotMessage(data.get("text") or "", metadata.get("utter_action")))
        elif kind == "active_loop" and data.get("name"):
            turn.loops.append(data["name"])
        elif kind == "slot":
            turn.slots[data.get("name")] = data.get("value")
    return turn


# --- flows ---------------------------------------------------------------------------------------


def flow_of_name(name: str) -> tuple[str | None, bool]:
    """The flow a response or action name belongs to, and whether that came from a keyword."""
    if name in NAMED_FLOWS:
        return NAMED_FLOWS[name], False
    if name in NEUTRAL_NAMES or not name:
        return None, False
    lowered = name.lower()
    for keyword, flow in KEYWORD_FLOWS:
        if keyword in lowered:
            return flow, True
    return None, True


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _mentions(text: str, contact: str) -> bool:
    """Whether `text` gives `contact`: a phone number digit for digit, an address as written."""
    if "@" in contact:
        return contact.casefold() in text.casefold()
    return digits(contact) in digits(text.replace(" ", ""))


@dataclass
class Observed:
    flows: set[str]
    unnamed: list[str]  # names with no flow at all (neither table nor keyword)
    by_keyword: list[str]  # names given a flow by keyword only


def observed_flows(turn: TurnEvents, provider: ProviderFacts) -> Observed:
    flows: set[str] = set()
    unnamed: list[str] = []
    by_keyword: list[str] = []
    for name in [*turn.actions, *turn.loops]:
        flow, keyword = flow_of_name(name)
        if name in LOOP_FLOWS:
            flow, keyword = LOOP_FLOWS[name], False
        if flow:
            flows.add(flow)
            if keyword:
                by_keyword.append(name)
    for message in turn.bot:
        flow, keyword = flow_of_name(message.name or "")
        if flow:
            flows.add(flow)
            if keyword:
                by_keyword.append(message.name or "")
        elif keyword and message.name:
            unnamed.append(message.name)
        if flow in NOT_AN_ANSWER:
            continue
        if _mentions(message.text, provider.phone):
            flows.add("human")
        # The fault line is the phone (or e-mail) the code names, given as an answer.
        if flow in (None, "contact", "human", "fault") and any(
            _mentions(message.text, contact) for contact in provider.fault_contact
        ):
            flows.add("fault")
    return Observed(flows, sorted(set(unnamed)), sorted(set(by_keyword)))


# --- questions -----------------------------------------------------------------------------------

# The first pattern found in the question's words names it; the order matters (the read-back
# mentions every field; "email address or postcode" is the verification question, not the e-mail).
QUESTION_PATTERNS: tuple[tuple[str, str], ...] = (
    ("did_you_mean", r"\bdid you mean\b|\bdo you mean\b|^do you want to know about\b"),
    ("confirm", r"shall i log it|before i log it|log it\?|log this\?|is everything right\?"),
    ("change", r"what would you like to change|what do you want to change|which .*change"),
    # The offer of help (issue 18), before the accessibility question's words.
    ("support_offer", r"we can offer some extra help|would you like me to tell you about it"),
    ("support_needs", r"would you like me to record any of these"),
    # "On what date did you first raise it?" (issue 14), asked when a customer says they raised
    # it before with no day that can be read.
    ("first_raised", r"did you first raise (?:it|this)|day you first raised it"),
    # Before the verification question: it mentions "the postcode you gave" too.
    ("address", r"what address should we write to|\bpostal address\b|house (?:number|and street)"),
    (
        "verification",
        r"to protect your details|(e-?mail address|email) or postcode|postcode you gave|verify|"
        # "If a detail was mistyped you can try again here": an invitation to type it again.
        r"you can try again here",
    ),
    ("reference", r"\breference\b"),
    ("rephrase", r"put that another way|\brephrase\b|didn'?t understand"),
    ("needs", r"large print|braille|make contact easier|accessib|anything from us"),
    ("email", r"\be-?mail\b"),
    ("phone", r"phone number|\bmobile\b|telephone number|number can we reach"),
    ("postcode", r"\bpost ?code\b"),
    # "How many staff?", never "so our staff can act on it" (the description question, 28 Nov).
    ("employees", r"\bemployees\b|how many (?:staff|people)"),
    ("customer_type", r"\bconsumer\b|on behalf of a business|\bresidential\b|personal or business"),
    (
        "contact",
        r"how would you like us to contact|how should we contact|contact you\b|prefer(?:red)? way",
    ),
    ("account", r"account number"),
    ("category", r"complaint about\?|what is it about|what.* about\?|which of these"),
    ("description", r"what happened|in your own words|describe|tell me more|what went wrong"),
    ("name", r"\bname\b"),
    ("open", r"how can i help|anything else|how else can i help|what can i do for you"),
)
# A reply asks something when it has a question mark, buttons, or starts as a request does.
# The request may follow a thanks in the same reply ("Thank you, I've noted that. Please tell me a
# bit more about what happened ...", words19b): any sentence that starts as a request asks.
REQUEST_START = re.compile(
    r"(?:^|[.!]\s+)(please (tell|type|give|choose|enter|say|send)|tell me|what is your|"
    r"to protect your details)",
    re.IGNORECASE,
)
# An answer that invites one more try without a question mark ("If a detail was mistyped you can
# try again here"): a customer types it again, as the scripted one may.
INVITATION = re.compile(r"\byou can try again here\b", re.IGNORECASE)
NUMBERED_OPTION = re.compile(r"^\s*(\d{1,2})\s*[:.)-]\s*(.+?)\s*$", re.MULTILINE)
# requested_slot values of today's forms, by question (used only when the words say nothing).
SLOT_QUESTIONS: Mapping[str, str] = {
    "complaint_category": "category",
    "complaint_description": "description",
    "complaint_first_raised": "first_raised",
    "customer_name": "name",
    "customer_email": "email",
    "customer_phone": "phone",
    "customer_postcode": "postcode",
    "customer_address": "address",
    "support_offer": "support_offer",
    "support_needs": "support_needs",
    "contact_preference": "contact",
    "customer_type": "customer_type",
    "employees": "employees",
    "account_number": "account",
    "accessibility_needs": "needs",
    "case_reference": "case_reference",
    "verification_answer": "verification",
}


def _asks(reply: Mapping[str, Any]) -> bool:
    text = reply.get("text") or ""
    return (
        "?" in text
        or bool(reply.get("buttons"))
        or bool(REQUEST_START.search(text.strip()))
        or bool(INVITATION.search(text))
    )


def question_kind(text: str) -> str | None:
    lowered = text.lower()
    for kind, pattern in QUESTION_PATTERNS:
        if re.search(pattern, lowered, re.MULTILINE):
            return kind
    return None


def question_of(replies: Sequence[Mapping[str, Any]], turn: TurnEvents) -> Question | None:
    """What the assistant is asking at the end of a turn, as a customer would read it."""
    asking = [r for r in replies if _asks(r)]
    if not asking:
        return None
    last = asking[-1]
    text = last.get("text") or ""
    buttons = [b.get("title", "") for b in last.get("buttons") or []]
    options = [(title, number) for number, title in NUMBERED_OPTION.findall(text)]
    kind = question_kind(text)
    if kind is None:
        slot = turn.slots.get("requested_slot")
        kind = SLOT_QUESTIONS.get(slot, "unknown") if slot else "unknown"
        kind = kind.replace("case_reference", "reference")
    return Question(kind, text, options, buttons)


def question_identity(question: Question | None) -> str | None:
    """Two questions are the same question when their words are (ignoring case and spacing)."""
    if question is None or not question.text:
        return None
    return " ".join(question.text.lower().split())


def repeated_questions(identities: Sequence[str | None]) -> list[tuple[int, int, str]]:
    """Each run of one question asked in more than two turns in a row: (first turn, times, text)."""
    runs: list[tuple[int, int, str]] = []
    start = 0
    for index in range(1, len(identities) + 1):
        if index < len(identities) and identities[index] == identities[start]:
            continue
        length = index - start
        if identities[start] is not None and length > 2:
            runs.append((start + 1, length, identities[start]))
        start = index
    return runs


# --- what no reply may show ------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    kind: str  # "internal name", "none", "placeholder", "payload"
    what: str


class InternalNames:
    """Every name in domain.yml a customer must never see: intents, entities, slots, forms, actions,
    responses, and the values the buttons send (fault_repair, text_relay)."""

    def __init__(self, domain_path: Path) -> None:
        with domain_path.open(encoding="utf-8") as handle:
            domain = yaml.safe_load(handle)
        names: set[str] = set()
        for key in ("intents", "entities", "actions"):
            for item in domain.get(key) or []:
                names.add(item if isinstance(item, str) else next(iter(item)))
        names.update((domain.get("slots") or {}).keys())
        names.update((domain.get("forms") or {}).keys())
        names.update((domain.get("responses") or {}).keys())
        for variants in (domain.get("responses") or {}).values():
            for variant in variants or []:
                for button in variant.get("buttons") or []:
                    for value in re.findall(r'"([a-z]+(?:_[a-z]+)+)"', button.get("payload", "")):
                        names.add(value)
        # A single ordinary word (greet, stop, provider, email, phone, postcode, category,
        # employees) is English as much as a name: only names with an underscore are unmistakable.
        self.names = frozenset(n for n in names if "_" in n)
        # What the channel says when a turn ended with nothing said (channels/failures.py): its
        # first sentence, the same for every provider.
        net = (domain.get("responses") or {}).get("utter_no_reply") or [{}]
        self.no_reply = (net[0].get("text") or "").split(". ")[0]

    def said_nothing(self, replies: Sequence[Mapping[str, Any]]) -> bool:
        """No reply at all, or only the channel's net for a turn that said nothing."""
        texts = [reply.get("text") or "" for reply in replies]
        return (
            not replies or bool(self.no_reply) and any(t.startswith(self.no_reply) for t in texts)
        )

    EMAIL_OR_URL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
    IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
    PLACEHOLDER = re.compile(r"\{\{?\s*[A-Za-z_][A-Za-z0-9_]*\s*\}?\}")
    PAYLOAD = re.compile(r"(^|\s)/[a-z_]+(\{|\b)")
    # "none" (or "null") as a value; the instruction "say 'none'" is not one.
    NONE_WORD = re.compile(r"\b(none|null)\b", re.IGNORECASE)
    NONE_INSTRUCTION = re.compile(r"say\s+['\"‘“]none['\"’”]|\bnone of\b", re.IGNORECASE)

    def leaks(self, text: str) -> list[Leak]:
        found: list[Leak] = []
        visible = self.EMAIL_OR_URL.sub(" ", text)
        for token in self.IDENTIFIER.findall(visible):
            if token in self.names or token.startswith(("utter_", "action_", "validate_")):
                found.append(Leak("internal name", token))
        for match in self.PLACEHOLDER.findall(text):
            found.append(Leak("placeholder", match))
        if self.PAYLOAD.search(visible):
            found.append(Leak("payload", self.PAYLOAD.search(visible).group(0).strip()))
        without_instructions = self.NONE_INSTRUCTION.sub(" ", visible)
        for match in self.NONE_WORD.findall(without_instructions):
            found.append(Leak("none", match))
        return found
