from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moralprovince.core.clients import client_address
from moralprovince.core.forms import errors_as_messages, refusal_as_messages, run_service
from moralprovince.knowledge import forms, search, services
from moralprovince.knowledge.access import can, get_item_for_user, get_programme, visible_to
from moralprovince.knowledge.models import (
    Assembly,
    LessonCase,
    NewsPost,
    Publication,
    ResearchProject,
)
from moralprovince.monitoring.models import ActivityMonthTotal
from moralprovince.organisations.access import organisations_visible_to
from moralprovince.organisations.models import Programme
from moralprovince.organisations.queries import filter_directory

KINDS: dict[str, tuple[Any, Any, str]] = {
    "news": (NewsPost, forms.NewsPostForm, "knowledge/news.html"),
    "case": (LessonCase, forms.LessonCaseForm, "knowledge/case.html"),
    "assembly": (Assembly, forms.AssemblyForm, "knowledge/assembly.html"),
    "research": (ResearchProject, forms.ResearchForm, "knowledge/research.html"),
}
# Programs that read pages for an index or a link preview say so in their user agent.
BOT_AGENT = re.compile(r"bot|crawl|spider|slurp|facebookexternalhit", re.IGNORECASE)
# Headers by which browsers mark a page fetched ahead of a click that may never come.
PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")


def _kind(kind: str) -> tuple[Any, Any, str]:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


# --- the public face ------------------------------------------------------------------------


def province_page(request: HttpRequest, code: str) -> HttpResponse:
    """The province's public page: who runs it, its networks, news, cases and figures."""
    programme = get_programme(request.user, code, "knowledge.programme.view")
    months = ActivityMonthTotal.objects.filter(province_id=code)

    def published(model: Any) -> Any:
        return visible_to(request.user, model).filter(
            province_id=code, status=Publication.PUBLISHED
        )

    context = {
        "programme": programme,
        "networks": programme.province.networks.all(),
        "news": published(NewsPost)[:6],
        "cases": published(LessonCase).select_related("organisation")[:6],
        "assemblies": published(Assembly)[:3],
        "research": published(ResearchProject)[:3],
        "figures": _figures(months),
    }
    return render(request, "knowledge/province.html", context)


def _figures(months: Any) -> list[dict[str, Any]]:
    rows = months.values("fiscal_year").annotate(
        reports=Sum("reports"), participants=Sum("participants")
    )
    return list(rows.order_by("-fiscal_year")[:3])


def news_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(request.user, code, "knowledge.programme.view")
    posts = visible_to(request.user, NewsPost).filter(province_id=code)
    return render(
        request, "knowledge/news_list.html", {"programme": programme, "posts": posts[:50]}
    )


def detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    model, _form, template = _kind(kind)
    item = get_item_for_user(model, pk, request.user)
    context = {
        "item": item,
        "kind": kind,
        "can_edit": can(request.user, "knowledge.write", item),
        "can_publish": can(request.user, "knowledge.publish", item),
        "can_delete": can(request.user, "knowledge.delete", item),
        "sections": _sections(item) if kind == "case" else [],
    }
    if kind == "news" and item.is_published:
        _count_visitor(request, item)
    return render(request, template, context)


def _sections(case: LessonCase) -> list[tuple[str, str]]:
    return [
        (_("Context"), case.context),
        (_("What it did"), case.what_was_done),
        (_("Results"), case.results),
        (_("Success factors"), case.success_factors),
        (_("Difficulties"), case.difficulties),
        (_("Lessons"), case.lessons),
    ]


def _count_visitor(request: HttpRequest, post: NewsPost) -> None:
    """Count a reader once a day; not a bot, not a HEAD request, not a prefetch.

    A signed-in reader is their account. Anyone else is their address and browser: a
    cookie would let a script that drops it count again on every request.
    """
    agent = request.headers.get("User-Agent", "")
    if request.method != "GET" or not agent or BOT_AGENT.search(agent) or _prefetched(request):
        return
    if request.user.is_authenticated:
        who = f"user:{request.user.pk}"
    else:
        who = f"address:{client_address(request)}\nagent:{agent}"
    # Keyed, so that the stored value cannot be traced back to an address by trying them all.
    visitor = hmac.new(settings.SECRET_KEY.encode(), who.encode(), hashlib.sha256).hexdigest()
    services.count_view(post, visitor)


def _prefetched(request: HttpRequest) -> bool:
    marks = " ".join(request.headers.get(name, "") for name in PREFETCH_HEADERS).lower()
    return any(word in marks for word in ("prefetch", "prerender", "preview"))


# Addresses in a news body that point into this site without its scheme and host (the
# news's own photos, links to its pages): a feed reader reads the body far from the site.
SITE_ADDRESS = re.compile(r'\b(src|href)="(/(?!/)[^"]*)"')


class ProvinceFeed(Feed):
    """RSS of a province's published news."""

    def get_feed(self, obj: Programme, request: HttpRequest) -> Any:
        feed = super().get_feed(obj, request)
        for entry in feed.items:
            entry["description"] = SITE_ADDRESS.sub(
                lambda m: f'{m[1]}="{request.build_absolute_uri(m[2])}"', entry["description"]
            )
        return feed

    def get_object(self, request: HttpRequest, code: str) -> Programme:  # type: ignore[override]
        return get_programme(request.user, code, "knowledge.feed.view")

    def title(self, obj: Programme) -> str:
        return obj.name_th

    def link(self, obj: Programme) -> str:
        return reverse("knowledge:province", args=[obj.province_id])

    def description(self, obj: Programme) -> str:
        return obj.description or obj.name_th

    def items(self, obj: Programme) -> Any:
        # A feed is read without signing in: it holds what anyone may see.
        posts = visible_to(AnonymousUser(), NewsPost)
        # Newest first by the news's own date (the model's order), not by when it was loaded.
        return posts.filter(province_id=obj.province_id, status=Publication.PUBLISHED)[:30]

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return item.body

    def item_link(self, item: NewsPost) -> str:
        return reverse("knowledge:news", args=[item.pk])

    def item_pubdate(self, item: NewsPost) -> dt.datetime | None:
        """The news's own date: its publication time if it was published on that day,
        otherwise the start of that day (news loaded later keeps the day it happened)."""
        day = item.date
        if day is None:
            return None
        if item.published_at and timezone.localdate(item.published_at) == day:
            return item.published_at
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    def item_author_name(self, item: NewsPost) -> str:
        return item.author


class ProvinceAtomFeed(ProvinceFeed):
    feed_type = Atom1Feed
    subtitle = ProvinceFeed.description


def search_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:2000]
    terms, hits = search.search(query, request.user)
    organisations = (
        filter_directory(organisations_visible_to(request.user), q=query)[:10] if terms else []
    )
    context = {"query": query, "terms": terms, "hits": hits, "organisations": organisations}
    return render(request, "knowledge/search.html", context)


# --- writing ---------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_programme(request.user, code, "knowledge.write")
    lists = {
        kind: visible_to(request.user, model).filter(province_id=code)[:100]
        for kind, (model, _f, _t) in KINDS.items()
    }
    return render(request, "knowledge/manage.html", {"programme": programme, "lists": lists})


@login_required
def edit(
    request: HttpRequest, kind: str, code: str | None = None, pk: int | None = None
) -> HttpResponse:
    model, form_class, _template = _kind(kind)
    if pk:
        item = get_item_for_user(model, pk, request.user, "knowledge.write")
    else:
        programme = get_programme(request.user, code or "", "knowledge.write")
        item = model(province=programme.province)
    form = form_class(request.POST or None, instance=item, province_id=item.province_id)
    write = services.update_item if item.pk else services.create_item
    if request.method == "POST":
        saved = run_service(
            form,
            lambda data: write(actor=request.user, item=item, data=services.INPUTS[model](**data)),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect(f"knowledge:{kind}", pk=saved.pk)
    return render(request, "knowledge/form.html", {"form": form, "kind": kind, "item": item})


@login_required
@require_POST
def publish(request: HttpRequest, kind: str, pk: int, published: bool) -> HttpResponse:
    model, _form, _template = _kind(kind)
    item = get_item_for_user(model, pk, request.user, "knowledge.publish")
    if published:
        services.publish_item(actor=request.user, item=item)
    else:
        services.unpublish_item(actor=request.user, item=item)
    return redirect(f"knowledge:{kind}", pk=item.pk)


@login_required
@require_POST
def upload(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A photo for a news post's gallery, or a document for a case or research project."""
    model, _form, _template = _kind(kind)
    if kind not in ("news", "case", "research"):
        raise Http404
    item = get_item_for_user(model, pk, request.user, "knowledge.write")
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_as_messages(request, form)
        return redirect(f"knowledge:{kind}", pk=item.pk)
    file, caption = form.cleaned_data["file"], form.cleaned_data["caption"]
    try:
        if kind == "news":
            services.create_photo(actor=request.user, post=item, upload=file, caption=caption)
        else:
            services.create_document(actor=request.user, item=item, upload=file, title=caption)
    except ValidationError as error:
        refusal_as_messages(request, error)
    else:
        messages.success(request, _("Uploaded."))
    return redirect(f"knowledge:{kind}", pk=item.pk)


@login_required
@require_POST
def delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Delete an item with its photos and documents (the province's admins)."""
    model, _form, _template = _kind(kind)
    item = get_item_for_user(model, pk, request.user, "knowledge.delete")
    services.delete_item(actor=request.user, item=item)
    messages.success(request, _("Deleted."))
    return redirect("knowledge:manage", code=item.province_id)


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one photo out of a post's gallery, and out of its text."""
    post = get_item_for_user(NewsPost, pk, request.user, "knowledge.write")
    form = forms.PhotoChoiceForm(request.POST, post=post)
    if form.is_valid():
        services.delete_photo(actor=request.user, photo=form.cleaned_data["photo"])
        messages.success(request, _("The photo was deleted."))
    else:
        errors_as_messages(request, form)
    return redirect("knowledge:news", pk=post.pk)


@login_required
@require_POST
def document_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Remove one document of a case or a research project."""
    model, _form, _template = _kind(kind)
    item = get_item_for_user(model, pk, request.user, "knowledge.write")
    form = forms.DocumentChoiceForm(request.POST, item=item)
    if form.is_valid():
        services.delete_document(actor=request.user, document=form.cleaned_data["document"])
        messages.success(request, _("The document was deleted."))
    else:
        errors_as_messages(request, form)
    return redirect(f"knowledge:{kind}", pk=item.pk)


@login_required
@require_POST
def case_to_news(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_item_for_user(LessonCase, pk, request.user, "knowledge.write")
    post = services.create_news_from_case(actor=request.user, case=case)
    return redirect("knowledge:news-edit", pk=post.pk)


@login_required
@require_POST
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    assembly = get_item_for_user(Assembly, pk, request.user, "knowledge.write")
    form = forms.ResolutionForm(request.POST)
    if form.is_valid():
        data = services.ResolutionInput(**form.cleaned_data)
        try:
            services.record_resolution(actor=request.user, assembly=assembly, data=data)
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect("knowledge:assembly", pk=assembly.pk)


@login_required
@require_POST
def adoption_add(request: HttpRequest, pk: int, resolution_id: int) -> HttpResponse:
    assembly = get_item_for_user(Assembly, pk, request.user, "knowledge.write")
    resolution = assembly.resolutions.filter(pk=resolution_id).first()
    if resolution is None:
        raise Http404
    form = forms.AdoptionForm(request.POST, province_id=assembly.province_id)
    if form.is_valid():
        data = services.AdoptionInput(
            commitment=form.cleaned_data["commitment"], actions=form.cleaned_data["actions"]
        )
        try:
            services.adopt_resolution(
                actor=request.user,
                resolution=resolution,
                organisation=form.cleaned_data["organisation"],
                data=data,
            )
        except ValidationError as error:
            refusal_as_messages(request, error)
        else:
            messages.success(request, _("Saved."))
    else:
        errors_as_messages(request, form)
    return redirect("knowledge:assembly", pk=assembly.pk)
