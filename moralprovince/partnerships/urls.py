from django.urls import path

from moralprovince.partnerships import views

app_name = "partnerships"
urlpatterns = [
    path("provinces/<str:code>/meetings/", views.meetings, name="meetings"),
    path("provinces/<str:code>/meetings/new/", views.meeting_edit, name="meeting-create"),
    path("provinces/<str:code>/actions/", views.board, name="board"),
    path("provinces/<str:code>/partners/", views.partners, name="partners"),
    path("provinces/<str:code>/partners/new/", views.partner_edit, name="partner-create"),
    path("provinces/<str:code>/mous/", views.mous, name="mous"),
    path("provinces/<str:code>/mous/new/", views.mou_edit, name="mou-create"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/add/<slug:kind>/", views.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/carry-forward/", views.carry_forward, name="carry-forward"),
    path("meetings/<int:pk>/attendance/", views.attendance_import, name="attendance-import"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_pdf, name="meeting-pdf"),
    path("news/<int:post_id>/meeting/", views.news_meeting, name="news-meeting"),
    path("decisions/<int:decision_id>/actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/", views.action_update, name="action-update"),
    path("partners/<int:pk>/", views.partner, name="partner"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner-edit"),
    path("mous/<int:pk>/", views.mou, name="mou"),
    path("mous/<int:pk>/edit/", views.mou_edit, name="mou-edit"),
    path("mous/<int:pk>/parties/", views.party_add, name="party-add"),
]
