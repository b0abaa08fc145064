from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "moralprovince.monitoring"
    verbose_name = _("Monitoring and evaluation")

    def ready(self) -> None:
        # Registers the year's report as a kind of background job.
        from moralprovince.core.actions import Link, offer
        from moralprovince.monitoring import access, report  # noqa: F401
        from moralprovince.organisations import access as organisations_access

        def reads(actor: object, code: str) -> bool:
            return organisations_access.can(actor, "organisations.province.read_all", code)  # type: ignore[arg-type]

        def locks(actor: object, code: str) -> bool:
            return access.can(actor, "monitoring.lock", code)  # type: ignore[arg-type]

        for link in [
            Link(10, _("Dashboard"), "monitoring:dashboard", reads, primary=True),
            Link(20, _("Who is late"), "monitoring:status", reads),
            Link(30, _("Monitoring visits"), "monitoring:visits", reads),
            Link(40, _("Indicators"), "monitoring:indicators", lambda _actor, _code: True),
            Link(70, _("Reporting periods"), "monitoring:periods", locks),
        ]:
            offer("programme", link)

        def reports_on(actor: object, activity: object) -> bool:
            return access.can(actor, "monitoring.report", activity)  # type: ignore[arg-type]

        offer(
            "activity",
            Link(10, _("Report this activity"), "monitoring:report-create", reports_on),
        )
        self.register_files()

    def register_files(self) -> None:
        """Evidence goes to whoever may read its activity report or indicator value."""
        from moralprovince.core.files import FileKind, register
        from moralprovince.monitoring.access import reports_visible_to, values_visible_to
        from moralprovince.monitoring.models import Evidence, IndicatorValue

        register(
            FileKind(
                kind="evidence",
                model=Evidence,
                field="file",
                records=lambda actor: Evidence.objects.filter(report__in=reports_visible_to(actor)),
                title=lambda row: row.caption or f"evidence-{row.report_id}-{row.pk}",
                inline=True,
            )
        )
        register(
            FileKind(
                kind="value-evidence",
                model=IndicatorValue,
                field="evidence",
                records=values_visible_to,
                title=lambda row: f"evidence-{row.indicator.code}-{row.fiscal_year}-{row.period}",
            )
        )
