from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "moralprovince.assessments"
    verbose_name = _("Assessment")

    def ready(self) -> None:
        from moralprovince.assessments import access
        from moralprovince.assessments.certificates import register_source as register_certificates
        from moralprovince.assessments.queries import partner_evaluations, public_results
        from moralprovince.assessments.reminders import assessment_reminders
        from moralprovince.assessments.sources import register_sources
        from moralprovince.core.actions import Link, Panel, offer, offer_panel
        from moralprovince.monitoring.reminders import EXTRA_REMINDERS
        from moralprovince.organisations.access import public_programmes

        register_sources()
        register_certificates()
        if assessment_reminders not in EXTRA_REMINDERS:
            EXTRA_REMINDERS.append(assessment_reminders)

        def opens_rounds(actor: object, code: str) -> bool:
            return access.can(actor, "assessments.round.create", code)  # type: ignore[arg-type]

        def results_are_public(actor: object, code: str) -> bool:
            return public_programmes().filter(province_id=code).exists()

        offer(
            "programme",
            Link(45, _("Open an assessment round"), "assessments:round-create", opens_rounds),
        )
        offer("programme", Link(46, _("Communities"), "assessments:communities", opens_rounds))
        offer(
            "programme",
            Link(55, _("Assessment results"), "assessments:public", results_are_public),
        )
        # The latest approved results on the province's public page.
        offer_panel(
            "province",
            Panel(10, "assessments/_public_results.html", lambda _a, code: public_results(code)),
        )
        # On a partner's page: the rounds its evaluators verify in.
        offer_panel(
            "partner",
            Panel(10, "assessments/_partner_evaluations.html", partner_evaluations),
        )
        self.register_files()

    def register_files(self) -> None:
        """Evidence of an item goes to whoever may see its assessment."""
        from moralprovince.assessments.access import assessments_visible_to
        from moralprovince.assessments.models import AssessmentEvidence
        from moralprovince.core.files import FileKind, register

        register(
            FileKind(
                kind="assessment-evidence",
                model=AssessmentEvidence,
                field="file",
                records=lambda actor: AssessmentEvidence.objects.filter(
                    score__assessment__in=assessments_visible_to(actor)
                ),
                title=lambda row: row.caption or f"evidence-{row.score_id}-{row.pk}",
                inline=True,
            )
        )
