"""django.contrib.admin with the CRM's admin site (core.admin.CrmAdminSite)."""

from django.contrib.admin.apps import AdminConfig


class CrmAdminConfig(AdminConfig):
    default_site = "core.admin.CrmAdminSite"
