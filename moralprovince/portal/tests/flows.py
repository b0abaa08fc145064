"""The main flows of the site, run through their services on top of the loaded demo.

The audit tests run them once and then ask two things of the entries they leave: that every
row written has its entry, and that the log page shows each entry in words.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from contextlib import suppress
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from moralprovince.accounts import services as accounts
from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import RoleKind, User
from moralprovince.framework import services as framework
from moralprovince.framework.models import Strategy, Virtue
from moralprovince.geo.models import Province, Subdistrict
from moralprovince.knowledge import services as knowledge
from moralprovince.knowledge.models import LessonCase, NewsPost
from moralprovince.monitoring import services as monitoring
from moralprovince.organisations import services as organisations
from moralprovince.organisations.models import Network, OrganisationType
from moralprovince.plans import services as plans
from moralprovince.plans.access import Unit
from moralprovince.plans.models import FundingSource
from moralprovince.surveys import services as surveys
from moralprovince.surveys.ingest import ImportRefused
from moralprovince.surveys.models import Instrument
from moralprovince.surveys.reference import REFERENCE_CODE

# A year after the demo's: the demo's units already have their plans of FY2563–2565.
FY = 2566


def photo_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def docx_upload(text: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return SimpleUploadedFile("lesson.docx", buffer.getvalue())


class MainFlows:
    """Each flow as the people of the demo do it, one service call after another."""

    def __init__(self) -> None:
        self.surat = Province.objects.get(pk="84")
        self.national = User.objects.get(username="national")
        self.admin = User.objects.get(username="province")
        self.coordinator = User.objects.get(username="coordinator")
        self.evaluator = User.objects.get(username="evaluator")
        self.education = Network.objects.get(province=self.surat, number=3)

    def run(self) -> None:
        self.plan_flow()
        self.value_flow()
        self.organisation_flow()
        self.news_flow()
        self.survey_flow()
        self.people_flow()
        self.framework_flow()

    def plan_flow(self) -> None:
        plan = plans.create_plan(
            actor=self.coordinator,
            unit=Unit("84", network=self.education),
            fiscal_year=FY,
            title="แผนเครือข่ายภาคการศึกษา ปีที่ 3",
        )
        plans.update_plan(actor=self.coordinator, plan=plan, title="แผนปีที่ 3 (แก้ไข)")
        goal = plans.create_goal(
            actor=self.coordinator, plan=plan, data=plans.GoalInput(text="โรงเรียนคุณธรรม")
        )
        activity = plans.create_activity(
            actor=self.coordinator,
            plan=plan,
            data=plans.ActivityInput(
                goal=goal,
                title="อบรมครูแกนนำ",
                start=dt.date(2022, 11, 23),
                end=dt.date(2022, 11, 25),
                responsible=self.education.members.first(),
                expected_participants=120,
                strategy=Strategy.objects.get(master_plan__start_year=2559, number=1),
            ),
        )
        plans.create_budget_line(
            actor=self.coordinator,
            activity=activity,
            data=plans.BudgetLineInput(
                source=FundingSource.objects.get(code="own"), amount=Decimal(5000)
            ),
        )
        plans.submit_plan(actor=self.coordinator, plan=plan)
        plans.return_plan(actor=self.admin, plan=plan, comment="เพิ่มงบประมาณจากจังหวัด")
        plans.submit_plan(actor=self.coordinator, plan=plan)
        plans.approve_plan(actor=self.admin, plan=plan)
        plans.open_revision(actor=self.coordinator, plan=plan, reason="เลื่อนวันอบรม")
        report = monitoring.create_activity_report(
            actor=self.coordinator,
            activity=activity,
            data=monitoring.ActivityReportInput(
                held_on=dt.date(2022, 11, 24),
                subdistrict=Subdistrict.objects.get(pk="841301"),
                participants=96,
                description="ครูแกนนำ 96 คนร่วมอบรม",
            ),
        )
        monitoring.delete_activity_report(actor=self.coordinator, report=report)
        monitoring.start_year_report(actor=self.admin, province=self.surat, fiscal_year=FY)

    def value_flow(self) -> None:
        indicator = monitoring.create_indicator(
            actor=self.admin,
            unit=Unit("84", network=self.education),
            data=monitoring.IndicatorInput(code="AUDIT-1", name_th="จำนวนโรงเรียนที่จัดกิจกรรม"),
        )
        monitoring.update_target(
            actor=self.admin,
            indicator=indicator,
            data=monitoring.TargetInput(fiscal_year=FY, period="Q1", value=Decimal(5)),
        )
        value = monitoring.enter_value(
            actor=self.coordinator,
            indicator=indicator,
            data=monitoring.ValueInput(fiscal_year=FY, period="Q1", value=Decimal(4)),
        )
        monitoring.submit_value(actor=self.coordinator, value=value)
        monitoring.return_value(actor=self.admin, value=value, comment="แนบหลักฐาน")
        monitoring.submit_value(actor=self.coordinator, value=value)
        monitoring.approve_value(actor=self.admin, value=value)
        lock = monitoring.lock_period(
            actor=self.admin, province=self.surat, fiscal_year=FY, period="Q1"
        )
        monitoring.unlock_period(actor=self.admin, lock=lock)
        visit = monitoring.create_visit(
            actor=self.evaluator,
            province=self.surat,
            data=monitoring.VisitInput(
                visited_on=dt.date(2022, 12, 1),
                team="ทีมติดตาม มรภ.สุราษฎร์ธานี",
                organisations=list(self.education.members.all()[:2]),
                findings="ครูแกนนำนำไปใช้ในห้องเรียน",
            ),
        )
        monitoring.update_visit(
            actor=self.evaluator,
            visit=visit,
            data=monitoring.VisitInput(
                visited_on=visit.visited_on,
                team=visit.team,
                organisations=list(visit.organisations.all()),
                findings=visit.findings,
                recommendations="ขยายผลไปโรงเรียนขนาดเล็ก",
            ),
        )

    def organisation_flow(self) -> None:
        organisation = organisations.create_organisation(
            actor=self.admin,
            province=self.surat,
            data=organisations.OrganisationInput(
                name_th="โรงเรียนวัดตัวอย่าง",
                kind=OrganisationType.objects.get(code="school"),
                subdistrict=Subdistrict.objects.get(pk="841301"),
            ),
            network=self.education,
        )
        data = organisations.OrganisationInput.from_row(organisation, phone="077-000000")
        organisations.update_organisation(actor=self.admin, organisation=organisation, data=data)
        organisations.remove_member(
            actor=self.admin, network=self.education, organisation=organisation
        )

    def news_flow(self) -> None:
        post = knowledge.create_item(
            actor=self.admin,
            item=NewsPost(province=self.surat),
            data=knowledge.NewsInput(
                title="ข่าวเครือข่ายภาคการศึกษา",
                body="<p>อบรมครูแกนนำ <strong>96 คน</strong></p><p>ที่โรงเรียนวัดตัวอย่าง</p>",
                source_url="https://moralcenter.or.th/news/1",
            ),
        )
        knowledge.publish_item(actor=self.admin, item=post)
        photo = knowledge.create_photo(
            actor=self.admin, post=post, upload=photo_upload(), caption="ครูแกนนำ"
        )
        knowledge.delete_photo(actor=self.admin, photo=photo)
        knowledge.unpublish_item(actor=self.admin, item=post)
        case = LessonCase.objects.filter(province=self.surat).first()
        if case is not None:
            knowledge.create_news_from_case(actor=self.admin, case=case)
            document = knowledge.create_document(
                actor=self.admin, item=case, upload=docx_upload("ถอดบทเรียน"), title="รายงาน"
            )
            knowledge.delete_document(actor=self.admin, document=document)

    def survey_flow(self) -> None:
        schools = list(self.education.members.filter(kind__code="school").order_by("pk")[:3])
        version = Instrument.objects.get(code=REFERENCE_CODE).latest()
        data = surveys.RoundData(
            province=self.surat,
            version=version,
            fiscal_year=FY,
            name="รอบสำรวจ 2566",
            opens_on=dt.date(2020, 1, 1),
            closes_on=dt.date(2099, 12, 31),
        )
        survey_round = surveys.create_round(actor=self.admin, data=data, schools=schools[:2])
        surveys.add_round_schools(actor=self.admin, survey_round=survey_round, schools=schools)
        codes = list(version.items.order_by("order").values_list("code", flat=True))
        rows: list[surveys.SubmittedResponse] = [
            {
                "submission_id": f"audit-{n}",
                "school": schools[n % len(schools)].pk,
                "grade": 7,
                "sex": 1,
                "answers": dict.fromkeys(codes, 3),
            }
            for n in range(4)
        ]
        surveys.submit_responses(actor=self.evaluator, survey_round=survey_round, rows=rows)
        member = survey_round.round_schools.get(organisation=schools[0])
        answers = surveys.WebAnswers(
            nonce="audit-web", grade=8, sex=2, age=14, answers=dict.fromkeys(codes, 4)
        )
        surveys.submit_web_response(actor=AnonymousUser(), member=member, answers=answers)
        header = ",".join(["submission_id", "school", "grade", "sex", "age", *codes])
        line = ",".join(["file-1", schools[1].name_th, "ม.1", "หญิง", "13", *["2"] * len(codes)])
        record = surveys.create_import(
            actor=self.evaluator,
            survey_round=survey_round,
            upload=io.BytesIO(f"{header}\n{line}\n".encode()),
            name="คำตอบ-โรงเรียน.csv",
        )
        surveys.update_import_mapping(actor=self.evaluator, record=record, mapping=record.mapping)
        surveys.check_import(actor=self.evaluator, record=record)
        surveys.start_import(actor=self.evaluator, record=record, only_valid=False)
        surveys.import_responses(actor=self.evaluator, record=record)
        wrong = line.replace("file-1", "file-2").replace(schools[1].name_th, "โรงเรียนอื่น")
        record = surveys.create_import(
            actor=self.evaluator,
            survey_round=survey_round,
            upload=io.BytesIO(f"{header}\n{wrong}\n".encode()),
            name="คำตอบ-ผิด.csv",
        )
        with suppress(ImportRefused):
            surveys.import_responses(actor=self.evaluator, record=record)

    def people_flow(self) -> None:
        person = accounts.create_person(
            actor=self.admin,
            username="teacher",
            display_name="ครูสมใจ",
            email="teacher@example.org",
            password=None,
        )
        role = accounts.grant_role(
            actor=self.admin,
            user=person,
            kind=RoleKind.ORGANISATION_REPORTER,
            organisation=self.education.members.first(),
        )
        accounts.revoke_role(actor=self.admin, role=role)
        outsider = User.objects.get(username="outsider")
        invitation = accounts.invite_person(
            actor=self.admin, user=outsider, kind=RoleKind.EVALUATOR, province=self.surat
        )
        accounts.answer_invitation(actor=outsider, invitation=invitation, accept=False)
        again = accounts.invite_person(
            actor=self.admin, user=outsider, kind=RoleKind.EVALUATOR, province=self.surat
        )
        accounts.cancel_invitation(actor=self.admin, invitation=again)
        token, _raw = accounts.create_api_token(
            actor=self.coordinator, user=self.coordinator, name="แอปสำรวจ"
        )
        accounts.revoke_api_token(actor=self.coordinator, token=token)
        accounts.log_password_change(actor=self.coordinator, user=self.coordinator, how="changed")
        accounts.log_password_change(actor=self.admin, user=self.admin, how="reset")
        accounts.grant_role(actor=SYSTEM, user=person, kind=RoleKind.NATIONAL_ADMIN)

    def framework_flow(self) -> None:
        virtue = Virtue()
        data = framework.VirtueInput(
            code="kindness", name_th="เมตตา", name_en="Kindness", valid_from=2566, order=9
        )
        framework.create_framework_item(actor=self.national, item=virtue, data=data)
        data = framework.VirtueInput(**{**data.__dict__, "description": "ช่วยเหลือผู้อื่น"})
        framework.update_framework_item(actor=self.national, item=virtue, data=data)
