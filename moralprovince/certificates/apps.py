from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "moralprovince.certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from moralprovince.certificates import jobs  # noqa: F401  (registers the batch job)
        from moralprovince.certificates.access import can
        from moralprovince.core.actions import Link, offer

        def reads(actor: object, code: str) -> bool:
            return can(actor, "certificates.read", code)  # type: ignore[arg-type]

        def manages(actor: object, code: str) -> bool:
            return can(actor, "certificates.signatories.manage", code)  # type: ignore[arg-type]

        offer("programme", Link(80, _("Certificates"), "certificates:list", reads))
        offer(
            "programme",
            Link(85, _("Signatories of certificates"), "certificates:signatories", manages),
        )
