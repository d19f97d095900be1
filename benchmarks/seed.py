"""Council-scale data, written with bulk operations. A part whose app has no models yet is
skipped with a message rather than faked. Everything is deterministic (a fixed random seed).
"""

import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

PASSWORD = "portsmouth-bench"


@dataclass(frozen=True)
class Scale:
    organisations: int = 10_000
    survey_responses: int = 50_000
    members: int = 2_000
    transfers: int = 100_000
    nominations: int = 500
    judges: int = 10
    criteria: int = 6
    # Each contract has 10 commitments and 12 quarterly reports of 10 lines.
    contracts: int = 2_000


FULL = Scale()
QUICK = Scale(
    organisations=300,
    survey_responses=300,
    members=60,
    transfers=600,
    nominations=20,
    judges=10,
    contracts=40,
)

KEYWORDS = [
    "catering",
    "cleaning",
    "printing",
    "joinery",
    "plumbing",
    "electrical",
    "landscaping",
    "gardening",
    "recycling",
    "training",
    "apprenticeships",
    "mentoring",
    "youth work",
    "care",
    "translation",
    "web design",
    "software",
    "accounting",
    "legal advice",
    "events",
    "photography",
    "furniture",
    "removals",
    "security",
    "decorating",
    "roofing",
    "bicycle repair",
    "food bank",
    "counselling",
    "childcare",
    "laundry",
    "signage",
    "consultancy",
    "marketing",
    "surveying",
    "architecture",
    "transport",
    "minibus",
    "coffee",
    "bakery",
]
WORDS = [
    "Harbour",
    "Solent",
    "Spinnaker",
    "Southsea",
    "Fratton",
    "Cosham",
    "Hilsea",
    "Milton",
    "Eastney",
    "Copnor",
    "Drayton",
    "Farlington",
    "Gunwharf",
    "Hayling",
    "Portsdown",
    "Tipner",
    "Buckland",
    "Stamshaw",
    "Anchor",
    "Compass",
    "Lighthouse",
    "Tidal",
    "Island",
    "Victory",
    "Mary Rose",
    "Guildhall",
    "Seafront",
    "Dockyard",
    "Round Tower",
    "Clarence",
]
SUFFIXES = {
    "sole_trader": "Services",
    "partnership": "Partners",
    "limited_company": "Ltd",
    "cic": "CIC",
    "charity": "Trust",
    "cio": "Foundation",
    "community_benefit_society": "Community Society",
    "cooperative": "Co-operative",
    "other": "Collective",
}
POSTCODE_DISTRICTS = ["PO1", "PO2", "PO3", "PO4", "PO5", "PO6", "PO7", "PO9", "SO14", "GU32"]


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Progress:
    def __init__(self, log, label, total):
        self.log, self.label, self.total = log, label, total
        self.started = time.perf_counter()
        self.next_report = 0.0

    def update(self, done, force=False):
        now = time.perf_counter()
        if force or now >= self.next_report or done >= self.total:
            self.log(f"  {self.label}: {done:,}/{self.total:,} ({now - self.started:.1f} s)")
            self.next_report = now + 2.0


def bulk(model, objects, log, label, batch=2000):
    progress = Progress(log, label, len(objects))
    created = []
    for done, chunk in enumerate(_chunks(objects, batch), start=1):
        created.extend(model.objects.bulk_create(chunk, batch_size=batch))
        progress.update(min(done * batch, len(objects)))
    return created


def seed(scale, log):
    """Runs every part; returns {part: summary} (a string saying why when a part is skipped)."""
    rng = random.Random(20260501)
    context = {"rng": rng, "scale": scale}
    summary = {}
    for name, part in PARTS:
        started = time.perf_counter()
        log(f"Seeding {name} ...")
        result = part(context, log)
        if isinstance(result, str):
            log(f"  skipped: {result}")
            summary[name] = {"skipped": result}
        else:
            result["seconds"] = round(time.perf_counter() - started, 1)
            summary[name] = result
    return summary, context


def seed_demo_content(context, log):
    """Runs every app's demo builder (seed_demo), each in its own transaction."""
    from django.utils.module_loading import autodiscover_modules

    from portal.demo_registry import builders

    autodiscover_modules("demo")
    demo_context = {"stdout": _LogWriter(log)}
    failed = {}
    for builder in builders():
        try:
            with transaction.atomic():
                builder.build(demo_context)
        except Exception as exc:  # a builder still under construction
            failed[builder.name] = f"{type(exc).__name__}: {exc}"[:200]
            log(f"  demo builder {builder.name} failed: {failed[builder.name]}")
    context["home"] = demo_context.get("home")
    return {"builders": len(builders()), "failed": failed}


class _LogWriter:
    def __init__(self, log):
        self.log = log

    def write(self, text, *args, **kwargs):
        text = str(text).rstrip()
        if text:
            self.log("  " + text)


def seed_users(context, log):
    from django.contrib.auth.hashers import make_password

    from portal.models import User

    password = make_password(PASSWORD)
    now = timezone.now()
    admin, _ = User.objects.get_or_create(
        email="bench-admin@example.org",
        defaults={"username": "bench-admin@example.org", "first_name": "Bench"},
    )
    admin.is_staff = admin.is_superuser = True
    admin.password = password
    admin.email_verified_at = now
    admin.save()
    context["admin"] = admin
    context["password_hash"] = password
    return {"admin": admin.email}


def make_users(context, prefix, count, log):
    from portal.models import User

    now = timezone.now()
    users = [
        User(
            email=f"{prefix}{i}@example.org",
            username=f"{prefix}{i}@example.org",
            first_name=prefix.title(),
            last_name=str(i),
            password=context["password_hash"],
            email_verified_at=now,
            is_active=True,
        )
        for i in range(count)
    ]
    bulk(User, users, log, f"{prefix} users")
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


def seed_directory(context, log):
    Organisation = _model("directory", "Organisation")
    Sector = _model("directory", "Sector")
    Accreditation = _model("directory", "Accreditation")
    if Organisation is None or Sector is None or Accreditation is None:
        return "the directory has no Organisation, Sector and Accreditation models yet"
    from directory.models import SME_SIZE_BANDS, SOCIAL_ENTERPRISE_LEGAL_FORMS, VCSE_LEGAL_FORMS

    rng, scale = context["rng"], context["scale"]
    sectors = list(Sector.objects.all())
    for name in ["Construction", "Food and drink", "Health and social care", "Digital"]:
        if len(sectors) >= 12:
            break
        sectors.append(Sector.objects.get_or_create(name=name, slug=slugify(name))[0])
    accreditations = list(Accreditation.objects.all())
    if not accreditations:
        for name in ["Real Living Wage employer", "B Corp", "ISO 14001", "Disability Confident"]:
            accreditations.append(Accreditation.objects.create(name=name, slug=slugify(name)))
    legal_forms = list(SUFFIXES)
    sizes = ["micro", "micro", "micro", "small", "small", "medium", "large"]
    now = timezone.now()
    organisations = []
    for i in range(scale.organisations):
        legal_form = rng.choice(legal_forms)
        district = rng.choice(POSTCODE_DISTRICTS)
        keywords = rng.sample(KEYWORDS, 3)
        name = f"{rng.choice(WORDS)} {keywords[0].title()} {SUFFIXES[legal_form]} {i}"
        size = rng.choice(sizes)
        is_local = district in {"PO1", "PO2", "PO3", "PO4", "PO5", "PO6"}
        organisations.append(
            Organisation(
                name=name,
                slug=slugify(name),
                status="published",
                legal_form=legal_form,
                size_band=size,
                is_vcse=legal_form in VCSE_LEGAL_FORMS,
                is_social_enterprise=legal_form in SOCIAL_ENTERPRISE_LEGAL_FORMS,
                companies_house_number=f"{10_000_000 + i:08d}"
                if legal_form in {"limited_company", "cic"}
                else None,
                address=f"{rng.randint(1, 300)} {rng.choice(WORDS)} Road, Portsmouth",
                postcode=f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                is_local=is_local,
                locality_reason=f"Postcode district {district} is "
                + ("in" if is_local else "outside")
                + " the Portsmouth local area",
                description=(
                    f"We provide {keywords[0]}, {keywords[1]} and {keywords[2]} for "
                    f"organisations across Portsmouth. "
                    + ("An SME. " if size in SME_SIZE_BANDS else "")
                ),
                keywords=", ".join(keywords),
                website=f"https://example.org/{slugify(name)}",
                email=f"hello{i}@example.org",
                open_to_partnerships=rng.random() < 0.3,
                published_at=now,
            )
        )
    organisations = bulk(Organisation, organisations, log, "organisations")
    if not organisations or organisations[0].pk is None:
        organisations = list(Organisation.objects.filter(email__startswith="hello").order_by("pk"))
    SectorLink = Organisation.sectors.through
    AccreditationLink = Organisation.accreditations.through
    sector_links, accreditation_links = [], []
    for organisation in organisations:
        for sector in rng.sample(sectors, rng.randint(1, 3)):
            sector_links.append(SectorLink(organisation_id=organisation.pk, sector_id=sector.pk))
        for accreditation in rng.sample(accreditations, rng.randint(0, 2)):
            accreditation_links.append(
                AccreditationLink(
                    organisation_id=organisation.pk, accreditation_id=accreditation.pk
                )
            )
    bulk(SectorLink, sector_links, log, "organisation sectors", batch=5000)
    bulk(AccreditationLink, accreditation_links, log, "organisation accreditations", batch=5000)
    # Each organisation offers a service (Open Referral UK publishes services).
    from directory.models import Service

    services = [
        Service(
            organisation_id=organisation.pk,
            name=organisation.name,
            description=organisation.description,
            status="published",
            published_at=now,
        )
        for organisation in organisations
    ]
    bulk(Service, services, log, "services")
    indexed = index_organisations(Organisation, organisations, log)
    context["organisations"] = organisations
    context["sectors"] = sectors
    context["accreditations"] = accreditations
    return {
        "organisations": len(organisations),
        "sector_links": len(sector_links),
        "accreditation_links": len(accreditation_links),
        "services": len(services),
        "indexed": indexed,
    }


def index_organisations(Organisation, organisations, log):
    """Adds the organisations to the search index and fills the directory's search column
    (bulk_create sends no signals)."""
    from wagtail.search.backends import get_search_backend

    from directory.search import index_organisations as fill_search_column

    backend = get_search_backend()
    ids = [o.pk for o in organisations]
    progress = Progress(log, "search index", len(ids))
    done = 0
    for chunk in _chunks(ids, 1000):
        objects = list(Organisation.objects.filter(pk__in=chunk).prefetch_related("sectors"))
        backend.add_bulk(Organisation, objects)
        fill_search_column(chunk)
        done += len(objects)
        progress.update(done)
    return done


PARTS = [
    ("users", seed_users),
    ("demo content", seed_demo_content),
    ("directory", seed_directory),
]


def _answer_plan(questions):
    from survey.questionnaire import MULTIPLE, NUMBER, SCALE, SINGLE, TEXT

    kinds = {SINGLE: "single", MULTIPLE: "multiple", SCALE: "scale", NUMBER: "number"}
    kinds[TEXT] = "text"
    return [(q.id, kinds.get(q.kind), list(getattr(q, "choices", None) or [])) for q in questions]


def _answers(rng, plan):
    """(question_id, choice, number, text) rows for one response, like the survey's demo."""
    rows = []
    for question_id, kind, choices in plan:
        if kind == "single" and choices:
            weights = [len(choices) - i for i in range(len(choices))]
            rows.append((question_id, rng.choices(choices, weights=weights)[0], None, ""))
        elif kind == "multiple" and choices:
            for choice in rng.sample(choices, min(len(choices), rng.randint(1, 3))):
                rows.append((question_id, choice, None, ""))
        elif kind == "scale":
            rows.append((question_id, "", min(5, max(1, round(rng.gauss(3.4, 1.0)))), ""))
        elif kind == "number" and rng.random() < 0.8:
            rows.append((question_id, "", rng.randint(0, 12), ""))
        elif kind == "text" and rng.random() < 0.4:
            rows.append((question_id, "", None, "Smaller lots and simpler forms would help us."))
    return rows


def seed_survey(context, log):
    Response = _model("survey", "Response")
    Answer = _model("survey", "Answer")
    if Response is None or Answer is None:
        return "the survey has no Response and Answer models yet"
    from django.db import connection

    from survey.models import Channel, SurveyPage, new_reference

    survey = SurveyPage.objects.live().order_by("pk").first()
    if survey is None:
        return "no live survey page (the survey demo builder made none)"
    rng, scale = context["rng"], context["scale"]
    existing = Response.objects.filter(survey=survey).count()
    wanted = max(0, scale.survey_responses - existing)
    channels = [c.pk for c in Channel.objects.all()] + [None]
    plan = _answer_plan(survey.all_questions)
    today = timezone.localdate()
    organisations = context.get("organisations") or []
    taken = set(
        Response.objects.filter(survey=survey, organisation__isnull=False).values_list(
            "organisation_id", flat=True
        )
    )
    free = [o.pk for o in organisations if o.pk not in taken]
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(c)
        for c in ("response_id", "question_id", "choice", "number", "text")
    )
    # Names from the model's own metadata; the values go as parameters.
    insert = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
    progress = Progress(log, "survey responses", wanted)
    answers_total = 0
    for start in range(0, wanted, 5000):
        responses = [
            Response(
                survey=survey,
                reference=new_reference(),
                # Half of the responses are given for an organisation, half anonymously.
                organisation_id=free[index] if index < len(free) // 2 else None,
                channel_id=rng.choice(channels),
                submitted_on=today - timedelta(days=rng.randint(0, 365)),
            )
            for index in range(start, min(wanted, start + 5000))
        ]
        with transaction.atomic():
            Response.objects.bulk_create(responses)
            rows = [
                (response.pk, *answer) for response in responses for answer in _answers(rng, plan)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows)
        answers_total += len(rows)
        progress.update(start + len(responses))
    context["survey"] = survey
    context["survey_responses"] = existing + wanted
    return {"responses": existing + wanted, "answers_added": answers_total}


def seed_timebank(context, log):
    Account = _model("timebank", "Account")
    Movement = _model("timebank", "Movement")
    if Account is None or Movement is None:
        return "the time bank has no Account and Movement models yet"
    from timebank.models import Transfer
    from timebank.services.ledger import get_pot

    rng, scale = context["rng"], context["scale"]
    users = make_users(context, "benchmember", scale.members, log)
    now = timezone.now()
    accounts = bulk(
        Account,
        [
            Account(
                kind="person",
                status="approved",
                user=user,
                display_name=f"Member {i}",
                neighbourhood=rng.choice(POSTCODE_DISTRICTS[:6]),
                agreed_terms_at=now,
                references_checked=True,
                credit_limit=-600,
            )
            for i, user in enumerate(users)
        ],
        log,
        "time-bank accounts",
    )
    accounts = list(Account.objects.filter(kind="person", user__in=users).order_by("pk"))
    pot = get_pot()
    balances = {a.pk: 0 for a in accounts}
    balances[pot.pk] = pot.balance
    limits = {a.pk: a.credit_limit for a in accounts}
    # Starter credits from the pot, then exchanges between members that respect every limit.
    pairs = [(pot.pk, a.pk, 120, "starter") for a in accounts]
    ids = [a.pk for a in accounts]
    # The member whose statement is measured takes part in a large share of the transfers.
    busy = ids[0]
    while len(pairs) < scale.transfers:
        payer = busy if rng.random() < 0.05 else rng.choice(ids)
        payee = rng.choice(ids)
        minutes = rng.choice([15, 30, 45, 60, 90, 120])
        if payer == payee or balances[payer] - minutes < limits[payer]:
            payer, payee = payee, payer
            if payer == payee or balances[payer] - minutes < limits[payer]:
                continue
        balances[payer] -= minutes
        balances[payee] += minutes
        pairs.append((payer, payee, minutes, "exchange"))
    for payer, payee, minutes, _kind in pairs[: len(accounts)]:
        balances[payer] -= minutes
        balances[payee] += minutes
    # (the starter transfers were not applied in the loop above; they are now)
    # Each movement records the balance straight after it, so the seeded history must come
    # after the movements already on the shared community pot (the demo's), and before any
    # transfer posted later (the ledger benchmark's), for its balances to run on in order.
    latest = Movement.objects.aggregate(latest=Max("created_at"))["latest"]
    started = now - timedelta(days=365)
    if latest is not None and latest >= started:
        started = latest
    step = (timezone.now() - started) / (len(pairs) + 1)
    started += step
    running = {a.pk: 0 for a in accounts}
    running[pot.pk] = pot.balance
    progress = Progress(log, "transfers", len(pairs))
    done = 0
    for chunk in _chunks(list(enumerate(pairs)), 5000):
        transfers = Transfer.objects.bulk_create(
            [
                Transfer(
                    kind=kind,
                    reason="Starter credits" if kind == "starter" else "",
                    created_at=started + step * i,
                )
                for i, (payer, payee, minutes, kind) in chunk
            ]
        )
        movements = []
        for transfer, (i, (payer, payee, minutes, _kind)) in zip(transfers, chunk, strict=True):
            at = started + step * i
            running[payer] -= minutes
            running[payee] += minutes
            movements.append(
                Movement(
                    transfer_id=transfer.pk,
                    account_id=payer,
                    minutes=-minutes,
                    balance_after=running[payer],
                    created_at=at,
                )
            )
            movements.append(
                Movement(
                    transfer_id=transfer.pk,
                    account_id=payee,
                    minutes=minutes,
                    balance_after=running[payee],
                    created_at=at,
                )
            )
        Movement.objects.bulk_create(movements, batch_size=5000)
        done += len(chunk)
        progress.update(done)
    # Stored balances and movement counts, written once per account (neither is editable in
    # forms); the pot already had movements of its own.
    counts = Counter(account for payer, payee, _, _ in pairs for account in (payer, payee))
    for account in accounts:
        account.balance = balances[account.pk]
        account.movement_count = counts[account.pk]
    Account.objects.bulk_update(accounts, ["balance", "movement_count"], batch_size=1000)
    Account.objects.filter(pk=pot.pk).update(
        balance=balances[pot.pk], movement_count=F("movement_count") + counts[pot.pk]
    )
    context["timebank_accounts"] = accounts
    context["statement_user"] = users[0]
    context["pot"] = pot
    return {"members": len(accounts), "transfers": len(pairs)}


def seed_awards(context, log):
    Nomination = _model("awards", "Nomination")
    if Nomination is None or _model("awards", "Score") is None:
        return "the awards app has no Nomination and Score models yet"
    from awards.models import Category, Criterion, Cycle, Score, ScoreSheet

    rng, scale = context["rng"], context["scale"]
    now = timezone.now()
    year = now.year + 5  # clear of any demo cycle
    cycle, _ = Cycle.objects.get_or_create(
        year=year,
        defaults={
            "title": f"Benchmark Social Value Awards {year}",
            "nominations_open": now - timedelta(days=90),
            "nominations_close": now - timedelta(days=30),
            "judging_open": now - timedelta(days=29),
            "judging_close": now + timedelta(days=30),
            "announcement_date": (now + timedelta(days=60)).date(),
        },
    )
    judges = make_users(context, "benchjudge", scale.judges, log)
    from django.contrib.auth.models import Group

    judges_group, _ = Group.objects.get_or_create(name="Judges")
    judges_group.user_set.add(*judges)
    categories = []
    for c in range(5):
        category = Category.objects.create(
            cycle=cycle, name=f"Category {c + 1}", slug=f"category-{c + 1}", sort_order=c
        )
        category.judges.set(judges)
        for k in range(scale.criteria):
            Criterion.objects.create(
                category=category,
                title=f"Criterion {k + 1}",
                weight=rng.randint(1, 5),
                max_score=5,
                sort_order=k,
            )
        categories.append(category)
    criteria = {c.pk: list(c.criteria.all()) for c in categories}
    organisations = context.get("organisations") or []
    nominations = bulk(
        Nomination,
        [
            Nomination(
                category=categories[i % len(categories)],
                status=Nomination.Status.ACCEPTED,
                organisation=organisations[i] if i < len(organisations) else None,
                nominee_name=f"Nominee {i}",
                nominator_name=f"Nominator {i}",
                nominator_email=f"nominator{i}@example.org",
                confirmed_at=now,
            )
            for i in range(scale.nominations)
        ],
        log,
        "nominations",
    )
    nominations = list(Nomination.objects.filter(category__cycle=cycle).order_by("pk"))
    sheets = bulk(
        ScoreSheet,
        [
            ScoreSheet(nomination=n, judge=j, status="submitted", submitted_at=now)
            for n in nominations
            for j in judges
        ],
        log,
        "score sheets",
    )
    sheets = list(
        ScoreSheet.objects.filter(nomination__category__cycle=cycle).select_related("nomination")
    )
    scores = [
        Score(sheet_id=s.pk, criterion_id=criterion.pk, value=rng.randint(0, 5))
        for s in sheets
        for criterion in criteria[s.nomination.category_id]
    ]
    bulk(Score, scores, log, "scores", batch=5000)
    admin = make_users(context, "benchawardsadmin", 1, log)[0]
    group, _ = Group.objects.get_or_create(name="Awards administrators")
    group.user_set.add(admin)
    context["awards_cycle"] = cycle
    context["awards_categories"] = categories
    context["awards_admin"] = admin
    return {"nominations": len(nominations), "score_sheets": len(sheets), "scores": len(scores)}


def seed_analyst(context, log):
    from django.contrib.auth.models import Group

    analyst = make_users(context, "benchanalyst", 1, log)[0]
    analyst.is_staff = True
    analyst.save(update_fields=["is_staff"])
    group, _ = Group.objects.get_or_create(name="Analysts")
    group.user_set.add(analyst)
    context["analyst"] = analyst
    return {"analyst": analyst.email}


PARTS += [
    ("survey", seed_survey),
    ("time bank", seed_timebank),
    ("awards", seed_awards),
    ("analyst", seed_analyst),
]


def seed_contracts(context, log):
    if _model("contracts", "ReportLine") is None:
        return "the contracts app has no ReportLine model yet"
    from datetime import date
    from decimal import Decimal

    from django.contrib.auth.models import Group

    from contracts.models import Commitment, Contract, Report, ReportLine
    from contracts.reporting import add_months
    from guidance.calculator import money
    from guidance.models import Measure

    rng, scale = context["rng"], context["scale"]
    measures = list(Measure.objects.active().order_by("code"))
    if not measures:
        return "no active TOMs measures"
    organisations = context.get("organisations") or []
    departments = ["Housing", "Children and Families", "Adults", "Finance", "Transport", "Culture"]
    start = date(2023, 4, 1)
    periods = [(add_months(start, 3 * n), add_months(start, 3 * (n + 1))) for n in range(12)]
    contracts = bulk(
        Contract,
        [
            Contract(
                reference=f"BENCH-{i:06d}",
                title=f"Benchmark contract {i}",
                department=departments[i % len(departments)],
                supplier_name=f"Benchmark supplier {i}",
                organisation=organisations[i] if i < len(organisations) else None,
                value=Decimal(rng.randint(20, 5000) * 1000),
                start_date=start,
                end_date=date(2026, 3, 31),
            )
            for i in range(scale.contracts)
        ],
        log,
        "contracts",
    )
    contracts = list(Contract.objects.filter(reference__startswith="BENCH-").order_by("pk"))
    commitments = []
    for contract in contracts:
        for k in range(10):
            measure = measures[k % len(measures)]
            quantity = Decimal(rng.randint(10, 500))
            commitments.append(
                Commitment(
                    contract=contract,
                    measure=measure,
                    target_quantity=quantity,
                    period_start=contract.start_date,
                    period_end=contract.end_date,
                    committed_value=money(quantity * measure.proxy_value),
                )
            )
    bulk(Commitment, commitments, log, "commitments", batch=5000)
    reports = bulk(
        Report,
        [
            Report(
                contract=contract,
                kind=Report.Kind.PROGRESS,
                period_start=period_start,
                period_end=period_end,
                due_on=period_end,
                submitted_at=timezone.now(),
            )
            for contract in contracts
            for period_start, period_end in periods
        ],
        log,
        "reports",
        batch=5000,
    )
    by_contract = {}
    for commitment in Commitment.objects.filter(contract__in=contracts).select_related("measure"):
        by_contract.setdefault(commitment.contract_id, []).append(commitment)
    statuses = ["verified"] * 6 + ["submitted"] * 3 + ["queried"]
    lines = []
    for report in Report.objects.filter(contract__in=contracts).only("pk", "contract_id"):
        for commitment in by_contract[report.contract_id]:
            quantity = Decimal(rng.randint(0, 50))
            lines.append(
                ReportLine(
                    report_id=report.pk,
                    commitment=commitment,
                    quantity=quantity,
                    value=money(quantity * commitment.measure.proxy_value),
                    status=statuses[rng.randrange(len(statuses))],
                )
            )
    bulk(ReportLine, lines, log, "report lines", batch=5000)
    manager = make_users(context, "benchcontracts", 1, log)[0]
    group, _ = Group.objects.get_or_create(name="Contract managers")
    group.user_set.add(manager)
    context["contract_manager"] = manager
    return {
        "contracts": len(contracts),
        "commitments": len(commitments),
        "reports": len(reports),
        "report_lines": len(lines),
    }


PARTS += [("contracts", seed_contracts)]


def load_context(log):
    """The context `seed` returns, read back from a database a previous run seeded."""
    context = {}
    Organisation = _model("directory", "Organisation")
    if Organisation is not None:
        from directory.models import Sector

        context["organisations"] = list(
            Organisation.objects.filter(email__startswith="hello", website__contains="example.org")
            .only("pk", "slug")
            .order_by("pk")
        )
        context["sectors"] = list(Sector.objects.all())
    Account = _model("timebank", "Account")
    if Account is not None:
        context["timebank_accounts"] = list(
            Account.objects.filter(user__email__startswith="benchmember").order_by("pk")
        )
        if context["timebank_accounts"]:
            context["statement_user"] = context["timebank_accounts"][0].user
    Category = _model("awards", "Category")
    if Category is not None:
        categories = list(Category.objects.filter(cycle__title__startswith="Benchmark"))
        if categories:
            from portal.models import User

            context["awards_categories"] = categories
            context["awards_cycle"] = categories[0].cycle
            context["awards_admin"] = User.objects.get(email="benchawardsadmin0@example.org")
    SurveyPage = _model("survey", "SurveyPage")
    if SurveyPage is not None:
        from portal.models import User

        survey = SurveyPage.objects.live().order_by("pk").first()
        analyst = User.objects.filter(email="benchanalyst0@example.org").first()
        if survey and analyst:
            context["survey"] = survey
            context["survey_responses"] = survey.responses.count()
            context["analyst"] = analyst
    log(
        f"Reusing the seeded database: {len(context.get('organisations', [])):,} organisations, "
        f"{len(context.get('timebank_accounts', [])):,} time-bank members"
    )
    Contract = _model("contracts", "Contract")
    if Contract is not None:
        from portal.models import User

        manager = User.objects.filter(email="benchcontracts0@example.org").first()
        if manager is not None:
            context["contract_manager"] = manager
    return context
