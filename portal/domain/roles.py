"""Who a user is to the portal: each account has one role."""

from enum import StrEnum


class Role(StrEnum):
    CLIENT = "client"  # the budget holder
    RELATIVE = "relative"  # acts for a client with a mandate
    CASE_MANAGER = "case_manager"  # draws up clients' plans
    PROVIDER = "provider"  # a service provider's account (an applicant's, before approval)
    ADMIN = "admin"  # the county's staff
    # Signed in with a decision's number and a one-time code from a letter: sees the vouchers, the providers,
    # choosing a provider and the decisions of one client, nothing else.
    DECISION_CODE = "decision_code"
