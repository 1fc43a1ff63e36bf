"""A company's application to become a provider: saved as a draft, sent, and decided by the county."""

from enum import StrEnum

from portal.domain.states import Lifecycle


class ApplicationStatus(StrEnum):
    DRAFT = "draft"  # saved, not sent
    SUBMITTED = "submitted"  # sent, waiting for the county
    MORE_INFO = "more_info"  # the county asked for more; the company can change it and send again
    APPROVED = "approved"
    REJECTED = "rejected"


APPLICATION_LIFECYCLE = Lifecycle(ApplicationStatus, {ApplicationStatus.DRAFT}, {
    (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED),
    (ApplicationStatus.MORE_INFO, ApplicationStatus.SUBMITTED),
    (ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED),
    (ApplicationStatus.SUBMITTED, ApplicationStatus.REJECTED),
    (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO),
})
# The county decides on a complete application within this many days; asking for more information starts
# them again when the company sends the application back.
DECIDED_WITHIN_DAYS = 30
EDITABLE = (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFO)  # the company may still change it
SENT = (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO, ApplicationStatus.APPROVED,
        ApplicationStatus.REJECTED)  # what the county sees: every application once sent
