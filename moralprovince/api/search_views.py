"""Search through the API: the same words, the same results and the same visibility as the page."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from moralprovince.knowledge.search import search
from moralprovince.organisations.access import organisations_visible_to
from moralprovince.organisations.queries import filter_directory


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="news, case, assembly or research")
    kind_label = serializers.CharField(help_text="The kind's name in the request's language.")
    title = serializers.CharField()
    url = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    snippet = serializers.CharField(help_text="HTML: the matched words are inside <mark>.")
    score = serializers.IntegerField()


class SearchView(APIView):
    # Anyone may search; `knowledge.access.visible_to` decides which items each person gets:
    # the province's people see its drafts, others only published items of public programmes.
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words to search for, in Thai or English")
        ],
        responses=inline_serializer(
            "SearchResults",
            {
                "terms": serializers.ListField(child=serializers.CharField()),
                "results": HitSerializer(many=True),
                "organisations": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")[:2000]
        terms, hits = search(query, request.user)
        results = [
            {
                "kind": h.entry.kind,
                "kind_label": h.kind_label,
                "title": h.entry.title,
                "url": h.entry.url,
                "date": h.entry.date,
                "snippet": str(h.snippet),
                "score": h.score,
            }
            for h in hits
        ]
        organisations = []
        if terms:
            found = filter_directory(organisations_visible_to(request.user), q=query)
            organisations = [
                {"id": o.pk, "name_th": o.name_th, "province": o.province_id} for o in found[:10]
            ]
        return Response({"terms": terms, "results": results, "organisations": organisations})
