"""The names of the reports app's audit events, as in
`audit.lib.record_change(actor, ReportsEvent.X, …)`.

One enum per app, so the audit log's action names are spelled once and can be listed
(the audit page's filter, retention rules, tests). Values are stored as they are: renaming
one is a data migration.
"""

from __future__ import annotations

from enum import StrEnum


class ReportsEvent(StrEnum):
    ALERT_CONFIRM = "alert.confirm"
    ALERT_SUBSCRIBE = "alert.subscribe"
    ALERT_UNSUBSCRIBE = "alert.unsubscribe"
    APIKEY_ISSUE = "apikey.issue"
    APIKEY_REVOKE = "apikey.revoke"
    CATEGORY_ADMIN_SAVE = "category.admin_save"
    CATEGORY_ATTRIBUTE_ADD = "category.attribute.add"
    CATEGORY_ATTRIBUTE_DELETE = "category.attribute.delete"
    CATEGORY_ATTRIBUTE_UPDATE = "category.attribute.update"
    CATEGORY_CREATE = "category.create"
    CATEGORY_ROUTE = "category.route"
    CATEGORY_ROUTE_REMOVE = "category.route.remove"
    CATEGORY_UPDATE = "category.update"
    PURGE_ALERTS = "reports.purge_alerts"
    PURGE_CONTACTS = "reports.purge_contacts"
    REPORT_ASSIGN = "report.assign"
    REPORT_CONFIRM_FIXED = "report.confirm_fixed"
    REPORT_DUE = "report.due"
    REPORT_IMPORT = "report.import"
    REPORT_MERGE = "report.merge"
    REPORT_NOTE = "report.note"
    REPORT_PRIORITY = "report.priority"
    REPORT_RECATEGORISE = "report.recategorise"
    REPORT_REOPEN = "report.reopen"
    REPORT_REROUTE = "report.reroute"
    REPORT_STATUS = "report.status"
    REPORT_SUBMIT = "report.submit"
    REPORT_SUPPORT = "report.support"
    WALK_FINISH = "walk.finish"
    WALK_START = "walk.start"
