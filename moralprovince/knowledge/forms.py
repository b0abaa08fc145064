from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moralprovince.core.fields import ThaiDateField
from moralprovince.core.files import url_for
from moralprovince.knowledge.models import (
    Assembly,
    Document,
    LessonCase,
    NewsPhoto,
    NewsPost,
    ResearchProject,
    Resolution,
)
from moralprovince.organisations.forms import rows_formfield
from moralprovince.organisations.models import Network, Organisation
from moralprovince.plans.models import Activity, TargetVirtue


class ProvinceScopedForm(forms.ModelForm):
    """Choices of organisations, networks, activities, virtues and resolutions come from the
    item's province only. Each form's Meta takes `rows_formfield` for its many-to-many fields."""

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limits = {
            Organisation: Organisation.objects.filter(province_id=province_id),
            Network: Network.objects.filter(province_id=province_id),
            Activity: Activity.objects.filter(province_id=province_id),
            TargetVirtue: TargetVirtue.objects.filter(province_id=province_id),
            Resolution: Resolution.objects.filter(assembly__province_id=province_id),
        }
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model in limits:
                field.queryset = limits[model]  # type: ignore[attr-defined]


class NewsPostForm(ProvinceScopedForm):
    event_date = ThaiDateField(label=_("date of the event"), required=False)
    source_url = forms.URLField(label=_("source"), required=False, assume_scheme="https")

    class Meta:
        formfield_callback = rows_formfield
        model = NewsPost
        fields = [
            "title",
            "body",
            "event_date",
            "author",
            "photographer",
            "tags",
            "source_url",
            "networks",
            "activities",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # static/js/editor.js turns the body into the editor, where Enter starts a paragraph;
        # without JavaScript it stays a text box, where blank lines make paragraphs. The hint
        # is read in both.
        self.fields["body"].help_text = _(
            "Press Enter for a new paragraph; the toolbar adds headings, lists, links and the "
            "news's own photos. Without the toolbar, leave a blank line between paragraphs. "
            "Anything unsafe is removed."
        )
        photos = self.instance.photos.all() if self.instance.pk else []
        self.fields["body"].widget.attrs.update(
            {
                "data-editor": json.dumps(editor_labels(), ensure_ascii=False),
                "data-photos": json.dumps(
                    [{"url": url_for(p), "caption": p.caption} for p in photos],
                    ensure_ascii=False,
                ),
            }
        )


def editor_labels() -> dict[str, str]:
    """The editor's words, in the page's language."""
    return {
        "toolbar": gettext("Text formatting"),
        "paragraph": gettext("Paragraph"),
        "heading": gettext("Heading"),
        "subheading": gettext("Subheading"),
        "bold": gettext("Bold"),
        "italic": gettext("Italic"),
        "underline": gettext("Underline"),
        "bullets": gettext("Bulleted list"),
        "numbers": gettext("Numbered list"),
        "quote": gettext("Quotation"),
        "link": gettext("Link"),
        "unlink": gettext("Remove link"),
        "image": gettext("Photo of this news"),
        "imageShort": gettext("Photo"),
        "undo": gettext("Undo"),
        "redo": gettext("Redo"),
        "linkPrompt": gettext("Address of the link (https://…)"),
        "noPhotos": gettext(
            "This news has no photos yet. Save it, add photos on its page, then edit it "
            "again to place them in the text."
        ),
        "choosePhoto": gettext("Choose a photo to place in the text:"),
    }


class LessonCaseForm(ProvinceScopedForm):
    lesson_date = ThaiDateField(label=_("date of the lessons learned"), required=False)

    class Meta:
        formfield_callback = rows_formfield
        model = LessonCase
        fields = [
            "organisation",
            "title",
            "lesson_date",
            "context",
            "what_was_done",
            "results",
            "success_factors",
            "difficulties",
            "lessons",
            "target_virtues",
            "activities",
            "resolution",
        ]


class AssemblyForm(ProvinceScopedForm):
    held_on = ThaiDateField(label=_("date held"))

    class Meta:
        formfield_callback = rows_formfield
        model = Assembly
        fields = ["title", "level", "held_on", "theme", "declaration", "proposals", "organisations"]


class ResearchForm(ProvinceScopedForm):
    start = ThaiDateField(label=_("start date"), required=False)
    end = ThaiDateField(label=_("end date"), required=False)

    class Meta:
        formfield_callback = rows_formfield
        model = ResearchProject
        fields = [
            "title",
            "lead",
            "partners",
            "start",
            "end",
            "funding",
            "area",
            "summary",
            "outputs",
        ]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("file"))
    caption = forms.CharField(label=_("caption"), max_length=200, required=False)


class PhotoChoiceForm(forms.Form):
    """Which of a post's photos to remove."""

    photo = forms.ModelChoiceField(NewsPhoto.objects.none(), label=_("photo"))

    def __init__(self, *args: Any, post: NewsPost, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photo"].queryset = post.photos.all()  # type: ignore[attr-defined]


class DocumentChoiceForm(forms.Form):
    """Which of a case's or project's documents to remove."""

    document = forms.ModelChoiceField(Document.objects.none(), label=_("document"))

    def __init__(self, *args: Any, item: LessonCase | ResearchProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = item.documents.all()  # type: ignore[attr-defined]


class ResolutionForm(forms.Form):
    number = forms.IntegerField(label=_("number"), min_value=1)
    text = forms.CharField(label=_("resolution"), widget=forms.Textarea(attrs={"rows": 3}))


class AdoptionForm(forms.Form):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label=_("organisation"))
    commitment = forms.CharField(label=_("commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    actions = forms.CharField(
        label=_("what it did"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, province_id: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(province_id=province_id)  # type: ignore[attr-defined]
