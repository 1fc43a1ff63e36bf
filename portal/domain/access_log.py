"""What the access log records: who read or did what with a client's data."""

from enum import StrEnum


class AccessAction(StrEnum):
    VIEW_OVERVIEW = "view_overview"
    VIEW_PLAN = "view_plan"
    VIEW_TIMELINE = "view_timeline"  # the plan's timeline: what happened to it and its services, and what comes
    VIEW_TRANSACTIONS = "view_transactions"
    VIEW_PROVIDERS = "view_providers"
    VIEW_ACCESS_LOG = "view_access_log"
    VIEW_MANDATES = "view_mandates"
    CHOOSE_PROVIDER = "choose_provider"
    RATE_PROVIDER = "rate_provider"
    GRANT_MANDATE = "grant_mandate"
    REQUEST_MANDATE = "request_mandate"
    CONFIRM_MANDATE = "confirm_mandate"
    DECLINE_MANDATE = "decline_mandate"
    REVOKE_MANDATE = "revoke_mandate"
    RECORD_PAPER_MANDATE = "record_paper_mandate"
    START_ACTING = "start_acting"
    VIEW_CLIENT = "view_client"
    EDIT_PLAN = "edit_plan"
    PROPOSE_PLAN = "propose_plan"
    ACCEPT_PLAN = "accept_plan"
    ASK_PLAN_CHANGES = "ask_plan_changes"
    VIEW_MESSAGES = "view_messages"
    SEND_MESSAGE = "send_message"
    PROVIDER_DECISION = "provider_decision"
    RECORD_SERVICE = "record_service"
    CORRECT_SERVICE = "correct_service"
    VIEW_CLIENT_LIST = "view_client_list"  # the client's name and details on a list or in a search
    VIEW_RECORDINGS = "view_recordings"  # the client's services on a provider's list
    EXPORT_SETTLEMENT = "export_settlement"  # the client's services in a settlement's CSV
    VIEW_NOTIFICATIONS = "view_notifications"  # a relative's notifications about the client
    PRINT_LETTERS = "print_letters"  # a letter to the client, or about the client, in the county's print batch
    VIEW_DECISIONS = "view_decisions"  # the county's decisions on the vouchers, on a page or as a PDF
    MAKE_SIGN_IN_CODE = "make_sign_in_code"  # a one-time code for a decision's letter
    READ_REGISTER_MANDATES = "read_register_mandates"  # the client's mandates read from Suomi.fi e-Authorizations
    VIEW_AGREEMENT = "view_agreement"  # a service agreement's terms, on a page or printed
    PROPOSE_AGREEMENT = "propose_agreement"
    ACCEPT_AGREEMENT = "accept_agreement"
    ASK_AGREEMENT_CHANGES = "ask_agreement_changes"
    END_AGREEMENT = "end_agreement"  # notice given by the client's side or the provider's
    VIEW_SHARING = "view_sharing"  # what each provider can see of the client
    VIEW_SERVICES_TO_CONFIRM = "view_services_to_confirm"
    CONFIRM_SERVICES = "confirm_services"
    DISPUTE_SERVICE = "dispute_service"
    RESOLVE_DISPUTE = "resolve_dispute"
