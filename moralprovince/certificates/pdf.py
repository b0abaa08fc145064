"""Certificates as PDF, in the style of Thai official certificates (เกียรติบัตร).

Many certificates are printed as one document, one page each, in a single WeasyPrint
render: the fonts are loaded and laid out once for the batch, not once per certificate.
"""

from __future__ import annotations

from collections.abc import Sequence

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from moralprovince.certificates.models import Certificate
from moralprovince.geo.models import Province
from moralprovince.lib.pdf import render_pdf


def verification_url(certificate: Certificate) -> str:
    """The public page that says whether the certificate still stands: its QR code's link."""
    return settings.SITE_URL.rstrip("/") + reverse("certificates:verify", args=[certificate.code])


def certificates_html(certificates: Sequence[Certificate]) -> str:
    """The HTML of the certificates, one page each, always in Thai."""
    provinces = {
        p.pk: p for p in Province.objects.filter(pk__in={c.province_id for c in certificates})
    }
    pages = []
    for certificate in certificates:
        url = verification_url(certificate)
        pages.append(
            {
                "certificate": certificate,
                "province": provinces[certificate.province_id],
                "url": url,
                # A small PNG: WeasyPrint draws it far faster than the same code as SVG paths.
                "qr": segno.make(url, error="m").png_data_uri(scale=4, border=2),
            }
        )
    with translation.override("th"):
        return render_to_string("certificates/certificates_pdf.html", {"pages": pages})


def render_certificates_pdf(certificates: Sequence[Certificate]) -> bytes:
    """One PDF of the certificates, one page each, made in one render."""
    return render_pdf(certificates_html(certificates))
