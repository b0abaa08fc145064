from django.urls import path

from moralprovince.knowledge import views

app_name = "knowledge"
PATHS = {"news": "news", "case": "cases", "assembly": "assemblies", "research": "research"}

urlpatterns = [
    path("p/<str:code>/", views.province_page, name="province"),
    path("p/<str:code>/news/", views.news_list, name="news-list"),
    path("p/<str:code>/feed.rss", views.ProvinceFeed(), name="feed-rss"),
    path("p/<str:code>/feed.atom", views.ProvinceAtomFeed(), name="feed-atom"),
    path("search/", views.search_page, name="search"),
    path("provinces/<str:code>/knowledge/", views.manage, name="manage"),
    path("cases/<int:pk>/to-news/", views.case_to_news, name="case-to-news"),
    path("assemblies/<int:pk>/resolutions/", views.resolution_add, name="resolution-add"),
    path(
        "assemblies/<int:pk>/resolutions/<int:resolution_id>/adoptions/",
        views.adoption_add,
        name="adoption-add",
    ),
]
for kind, prefix in PATHS.items():
    urlpatterns += [
        path(f"{prefix}/<int:pk>/", views.detail, {"kind": kind}, name=kind),
        path(f"{prefix}/<int:pk>/edit/", views.edit, {"kind": kind}, name=f"{kind}-edit"),
        path(
            f"provinces/<str:code>/{prefix}/new/", views.edit, {"kind": kind}, name=f"{kind}-create"
        ),
        path(
            f"{prefix}/<int:pk>/publish/",
            views.publish,
            {"kind": kind, "published": True},
            name=f"{kind}-publish",
        ),
        path(
            f"{prefix}/<int:pk>/unpublish/",
            views.publish,
            {"kind": kind, "published": False},
            name=f"{kind}-unpublish",
        ),
    ]
# Photos go with news posts, documents with cases and research projects.
for kind in ("news", "case", "research"):
    urlpatterns.append(
        path(f"{PATHS[kind]}/<int:pk>/upload/", views.upload, {"kind": kind}, name=f"{kind}-upload")
    )
urlpatterns += [
    path("news/<int:pk>/photos/delete/", views.photo_delete, name="news-photo-delete"),
    path(
        "cases/<int:pk>/documents/delete/",
        views.document_delete,
        {"kind": "case"},
        name="case-document-delete",
    ),
    path(
        "research/<int:pk>/documents/delete/",
        views.document_delete,
        {"kind": "research"},
        name="research-document-delete",
    ),
]
# Deleting comes last: walking the URL conf in order, the other actions still find the items.
for kind, prefix in PATHS.items():
    urlpatterns.append(
        path(f"{prefix}/<int:pk>/delete/", views.delete, {"kind": kind}, name=f"{kind}-delete")
    )
