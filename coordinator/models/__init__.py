"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""
from coordinator.models.agency import Agency, AgencyContract, AgencyQualification, Consortium, ServiceNote
from coordinator.models.agenda_suggestions import AgendaCount, AgendaPending, AgendaSuggestion
from coordinator.models.agent import AgentAssignment, FollowUp
from coordinator.models.application import Application, StageReview
from coordinator.models.audit import AuditEntry
from coordinator.models.calendar import CalendarDay, CalendarYear
from coordinator.models.cockpit import ClockSummary, CockpitState, ProjectSummary
from coordinator.models.document import Document
from coordinator.models.land import NegativeListEntry, RegionalAssessment, StandardParcel
from coordinator.models.meeting import (
                                      AgendaItem,
                                      Meeting,
                                      MeetingFlag,
                                      MeetingInvite,
                                      MeetingPosition,
                                      MeetingTask,
                                      Resolution,
)
from coordinator.models.obligation import CommitmentLetter, CreditRecord, FastPathChoice, Obligation, ResultPush
from coordinator.models.org import Company, Department
from coordinator.models.project import Project, ProjectEvent, TemplateVersion
from coordinator.models.review import (
                                      ExtensionRequest,
                                      Notification,
                                      OpinionRevision,
                                      ReminderLog,
                                      ReviewAssignment,
                                      ReviewDispatch,
)
from coordinator.models.session import ApiToken, UserSession
from coordinator.models.settings import Setting
from coordinator.models.timeline_cache import ProjectPageCache, TimelineCache
from coordinator.models.user import User

__all__ = [
                                      "Agency",
                                      "AgencyContract",
                                      "AgencyQualification",
                                      "AgendaCount",
                                      "AgendaItem",
                                      "AgendaPending",
                                      "AgendaSuggestion",
                                      "AgentAssignment",
                                      "ApiToken",
                                      "Application",
                                      "AuditEntry",
                                      "CalendarDay",
                                      "CalendarYear",
                                      "ClockSummary",
                                      "CockpitState",
                                      "CommitmentLetter",
                                      "Company",
                                      "Consortium",
                                      "CreditRecord",
                                      "Department",
                                      "Document",
                                      "ExtensionRequest",
                                      "FastPathChoice",
                                      "FollowUp",
                                      "Meeting",
                                      "MeetingFlag",
                                      "MeetingInvite",
                                      "MeetingPosition",
                                      "MeetingTask",
                                      "NegativeListEntry",
                                      "Notification",
                                      "Obligation",
                                      "OpinionRevision",
                                      "Project",
                                      "ProjectEvent",
                                      "ProjectPageCache",
                                      "ProjectSummary",
                                      "RegionalAssessment",
                                      "ReminderLog",
                                      "Resolution",
                                      "ResultPush",
                                      "ReviewAssignment",
                                      "ReviewDispatch",
                                      "ServiceNote",
                                      "Setting",
                                      "StageReview",
                                      "StandardParcel",
                                      "TemplateVersion",
                                      "TimelineCache",
                                      "User",
                                      "UserSession",
]
