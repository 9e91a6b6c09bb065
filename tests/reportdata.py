"""The keys of the report-data contract written out by hand (report-format.md), shared by the tests.

The tests compare the code's taxonomies with these lists, so they are spelled out here rather than
taken from `gongkai.law.outcomes`.
"""

from __future__ import annotations

# Table 三's six applicant columns, in printed order.
APPLICANT_KEYS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_organization",
    "legal_service_institution",
    "other",
)

# Table 三's outcome rows in the 2021 format, in printed order.
OUTCOME_KEYS_2021 = (
    "disclosed",
    "partially_disclosed",
    "withheld.state_secret",
    "withheld.prohibited_by_law",
    "withheld.security_stability",
    "withheld.third_party_rights",
    "withheld.internal_affairs",
    "withheld.process_information",
    "withheld.enforcement_case_file",
    "withheld.administrative_query",
    "unable_to_provide.not_held",
    "unable_to_provide.needs_creation",
    "unable_to_provide.unclear_after_amendment",
    "not_processed.petition_or_complaint",
    "not_processed.duplicate",
    "not_processed.publication",
    "not_processed.excessive",
    "not_processed.confirm_or_reissue",
    "other.no_amendment",
    "other.fee_unpaid",
    "other.other",
)
