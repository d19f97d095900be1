"""Demo awards: last year's cycle with winners, photos and certificates, and this year's open
cycle with nominations, judges, conflict declarations and some scores."""

import datetime
import io

from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from awards import services
from awards.models import (
    Category,
    Certificate,
    ConflictDeclaration,
    Criterion,
    Cycle,
    Nomination,
    ScoreSheet,
)
from directory.models import Organisation
from portal import roles
from portal.demo_registry import demo_builder, demo_user

CATEGORIES = [
    (
        "local-employer",
        "Local employer of the year",
        "An employer that creates good, secure jobs for Portsmouth people.",
    ),
    (
        "vcse-partner",
        "VCSE partner of the year",
        "A charity, community group or social enterprise that works with others for the city.",
    ),
    (
        "green-champion",
        "Green champion",
        "An organisation cutting carbon, waste and pollution in Portsmouth.",
    ),
    (
        "social-value-champion",
        "Social value champion",
        "A supplier that delivered the most social value on a council contract.",
    ),
    (
        "young-people",
        "Young people's opportunity award",
        "Apprenticeships, work experience and mentoring for young people and care leavers.",
    ),
]

CRITERIA = [
    (
        "Impact on Portsmouth people",
        "Who benefited, how many, and what changed for them.",
        50,
        300,
        [
            "No impact shown",
            "A little impact on a few people",
            "Some impact, loosely described",
            "Clear impact on a good number of people",
            "Strong, specific impact with numbers",
            "Exceptional, lasting impact, well evidenced",
        ],
    ),
    (
        "Evidence of delivery",
        "Figures, TOMs measures, case studies or independent checks.",
        30,
        200,
        [
            "No evidence",
            "Claims without evidence",
            "Some figures",
            "Figures for most claims",
            "Figures and case studies for every claim",
            "Independently verified figures",
        ],
    ),
    (
        "Partnership and sustainability",
        "Working with others, and whether the benefit will last.",
        20,
        150,
        [
            "Not addressed",
            "Mentioned only",
            "One partner, short term",
            "Several partners or a lasting plan",
            "Strong partnerships and a lasting plan",
            "A model other organisations copy",
        ],
    ),
]

JUDGES = [
    ("judge.amara@example.org", "Amara", "Okafor"),
    ("judge.ben@example.org", "Ben", "Whitlock"),
    ("judge.chloe@example.org", "Chloe", "Marsh"),
]
ADMINISTRATOR = ("awards.admin@example.org", "Priya", "Desai")

FALLBACK_ORGANISATIONS = [
    "Solent Shoreline Gardeners CIC",
    "Fratton Fix-It Cafe",
    "Hilsea Youth Boxing Club",
    "Southsea Seafront Bakery Ltd",
    "Landport Learning Trust",
    "Copnor Community Kitchen",
    "Eastney Green Energy Co-operative",
    "Milton Makers Workshop",
]

CITATIONS = [
    "Took on twelve apprentices from Portsmouth schools and kept every one of them on.",
    "Ran a food and advice hub with three other charities, reaching 900 families.",
    "Cut its fleet's emissions by 40% and planted 2,000 trees with local schools.",
    "Delivered £310,000 of social value on a council contract, checked by the council.",
    "Found paid work experience for 45 young people, eight of them care leavers.",
]

PHOTO_COLOURS = ["#1d70b8", "#00703c", "#4c2c92", "#d4351c", "#f47738"]


def _organisations():
    organisations = list(Organisation.objects.published().order_by("pk")[:14])
    if len(organisations) >= 8:
        return organisations
    for name in FALLBACK_ORGANISATIONS:
        from django.utils.text import slugify

        organisation, _ = Organisation.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "status": Organisation.Status.PUBLISHED,
                "legal_form": "cic",
                "size_band": "small",
                "postcode": "PO1 2AL",
                "description": "An invented organisation for the demo.",
            },
        )
        organisations.append(organisation)
    return organisations


def _cycle(year, **dates):
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "title": f"Portsmouth Social Value Awards {year}",
            "introduction": "Celebrating the organisations that do the most for Portsmouth.",
            **dates,
        },
    )
    categories = []
    for index, (slug, name, description) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            cycle=cycle,
            slug=slug,
            defaults={"name": name, "description": description, "sort_order": index},
        )
        for order, (title, guidance, weight, limit, scale) in enumerate(CRITERIA):
            Criterion.objects.get_or_create(
                category=category,
                title=title,
                defaults={
                    "guidance": guidance,
                    "weight": weight,
                    "word_limit": limit,
                    "max_score": 5,
                    "descriptors": "\n".join(scale),
                    "sort_order": order,
                },
            )
        categories.append(category)
    return cycle, categories


def _nomination(category, organisation, nominator, status):
    nomination = Nomination.objects.filter(category=category, organisation=organisation).first()
    if nomination:
        return nomination, False
    nomination = Nomination.objects.create(
        category=category,
        organisation=organisation,
        nominator_name=nominator.get_full_name(),
        nominator_email=nominator.email,
        nominator=nominator,
        status=status,
        confirmed_at=timezone.now(),
    )
    for criterion in category.criteria.all():
        nomination.statements.create(
            criterion=criterion,
            text=f"{organisation.name}: {criterion.guidance} "
            "Our work reached families across Fratton, Landport and Paulsgrove.",
        )
    return nomination, True


def _photo(title, colour):
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PillowImage.new("RGB", (960, 640), colour)
    ImageDraw.Draw(picture).ellipse((330, 170, 630, 470), fill="#ffffff")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="award-winner.png")
    )


def _scores(nomination, judge, values, submit):
    if ScoreSheet.objects.filter(nomination=nomination, judge=judge).exists():
        return
    criteria = list(nomination.category.criteria.all())
    services.save_scores(
        nomination,
        judge,
        {
            criterion: (value, "Good evidence of local benefit.")
            for criterion, value in zip(criteria, values, strict=True)
        },
        submit=submit,
    )


@demo_builder(order=40)
def build_awards(context):
    today = timezone.localdate()
    now = timezone.now()
    judges = [demo_user(*person, roles.JUDGES) for person in JUDGES]
    admin = demo_user(*ADMINISTRATOR, roles.AWARDS_ADMINISTRATORS)
    organisations = _organisations()
    nominator = demo_user("sam.hughes@example.org", "Sam", "Hughes")

    with transaction.atomic():
        past_year = today.year - 1
        past, past_categories = _cycle(
            past_year,
            nominations_open=now - datetime.timedelta(days=400),
            nominations_close=now - datetime.timedelta(days=340),
            judging_open=now - datetime.timedelta(days=335),
            judging_close=now - datetime.timedelta(days=310),
            announcement_date=today - datetime.timedelta(days=300),
        )
        for index, category in enumerate(past_categories):
            organisation = organisations[index % len(organisations)]
            winner, created = _nomination(
                category, organisation, nominator, Nomination.Status.ACCEPTED
            )
            if created:
                winner.citation = CITATIONS[index]
                winner.photo = _photo(f"{organisation.name} award photo", PHOTO_COLOURS[index])
                winner.save(update_fields=["citation", "photo"])
                services.set_winner(winner, admin)

        levels = [Certificate.Level.GOLD, Certificate.Level.SILVER, Certificate.Level.BRONZE]
        for index, organisation in enumerate(organisations[:6]):
            issued = today - datetime.timedelta(days=300 if index < 5 else 900)
            certificate, created = Certificate.objects.get_or_create(
                organisation=organisation,
                issued_on=issued,
                defaults={
                    "level": levels[index % 3],
                    "issued_by": admin,
                    "citation": "Recognised in the Portsmouth Social Value Awards.",
                },
            )
            if created and index == 4:
                services.revoke_certificate(
                    certificate, admin, "The organisation asked to withdraw while it restructures."
                )

        current, categories = _cycle(
            today.year if today.year != past_year else today.year + 1,
            nominations_open=now - datetime.timedelta(days=14),
            nominations_close=now + datetime.timedelta(days=30),
            judging_open=now - datetime.timedelta(days=7),
            judging_close=now + datetime.timedelta(days=60),
            announcement_date=today + datetime.timedelta(days=75),
        )
        for category in categories[:3]:
            category.judges.add(*judges)
        nominees = organisations[2:] + organisations[:2]
        for index, category in enumerate(categories[:3]):
            for offset in range(3):
                organisation = nominees[(index * 3 + offset) % len(nominees)]
                status = Nomination.Status.ACCEPTED if offset < 2 else Nomination.Status.SUBMITTED
                _nomination(category, organisation, nominator, status)

        eligible = list(
            Nomination.objects.filter(category__cycle=current, status=Nomination.Status.ACCEPTED)
            .select_related("category")
            .order_by("pk")
        )
        for index, nomination in enumerate(eligible):
            for number, judge in enumerate(judges):
                if ConflictDeclaration.objects.filter(nomination=nomination, judge=judge).exists():
                    continue
                conflicted = index == 0 and number == 2
                services.declare_conflict(
                    nomination,
                    judge,
                    conflicted,
                    "I volunteer with this organisation." if conflicted else "",
                )
        for index, nomination in enumerate(eligible[:4]):
            _scores(nomination, judges[0], [4, 3 + index % 2, 3], submit=True)
            _scores(nomination, judges[1], [5 - index % 2, 4, 2], submit=index % 2 == 0)
    context["awards_cycle"] = current
