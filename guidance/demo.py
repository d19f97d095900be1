"""Demo guidance for the portal: the guidance section, its pages, the calculator page, and the
roadmap's TOMs measures. Idempotent: pages are found by slug and only missing ones are made."""

import json

from guidance.models import CalculatorPage, GuidanceIndexPage, GuidancePage, Measure, Theme
from guidance.roadmap import seed
from portal.demo_registry import demo_builder


def _p(*paragraphs):
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _link(text, url):
    return {"text": text, "page": None, "url": url}


def _table(caption, headings, rows):
    return {
        "caption": caption,
        "table": {
            "columns": [{"type": "text", "heading": heading} for heading in headings],
            "rows": [{"values": list(row)} for row in rows],
        },
    }


def _related(*links):
    return {"heading": "Related content", "links": [_link(text, url) for text, url in links]}


def _pages(measure_ids):
    """(slug, title, summary, body) for each guidance page, in reading order."""
    return [
        (
            "what-is-social-value",
            "What social value is",
            "Social value is the extra good for Portsmouth that comes from how the council "
            "spends its money: local jobs, local suppliers, a greener city and stronger "
            "communities.",
            [
                ("heading", "Social value in one sentence"),
                (
                    "rich_text",
                    _p(
                        "Every contract the council awards buys goods, works or services. "
                        "Social value is what else that money achieves for the people of "
                        "Portsmouth on top of the contract itself: an apprenticeship for a "
                        "young person, spend with a local small business, volunteering at a "
                        "community project or fewer miles driven by delivery vans.",
                        "Social value is measured as well as described. The council asks "
                        "suppliers to commit to measures it can count and then checks that "
                        "they were delivered.",
                    ),
                ),
                ("heading", "The Public Services (Social Value) Act 2012"),
                (
                    "rich_text",
                    _p(
                        "Section 1 of the Act says that when a public authority buys services "
                        "it must consider how what it buys might improve the economic, social "
                        "and environmental well-being of the area, and how it could secure "
                        "that improvement while it buys.",
                    ),
                ),
                (
                    "inset",
                    {
                        "text": _p(
                            "The Act asks councils to think about social value before they "
                            "buy. Portsmouth goes further: social value is scored in "
                            "tenders and reported after the contract is awarded."
                        )
                    },
                ),
                ("heading", "What counts as social value"),
                (
                    "summary_list",
                    {
                        "rows": [
                            {
                                "key": "Economic",
                                "value": _p(
                                    "Local jobs, apprenticeships and spend with local SMEs."
                                ),
                            },
                            {
                                "key": "Social",
                                "value": _p(
                                    "Volunteering, support for care leavers and help for "
                                    "voluntary, community and social enterprise (VCSE) groups."
                                ),
                            },
                            {
                                "key": "Environmental",
                                "value": _p("Lower carbon emissions, less waste and cleaner air."),
                            },
                        ]
                    },
                ),
                (
                    "related_links",
                    _related(
                        ("The Portsmouth social value roadmap", "/guidance/roadmap/"),
                        ("Find local suppliers in the directory", "/directory/"),
                    ),
                ),
            ],
        ),
        (
            "roadmap",
            "The Portsmouth social value roadmap",
            "The council's roadmap takes social value from a pilot to business as usual in "
            "five stages, well ahead of the 2040 City Vision.",
            [
                ("heading", "Why a roadmap"),
                (
                    "rich_text",
                    _p(
                        "The roadmap forecasts significant change across the council within "
                        "two years and up to three more years to make social value business "
                        "as usual. Each stage must be satisfied before moving on to the next.",
                    ),
                ),
                ("heading", "The five stages"),
                (
                    "accordion",
                    {
                        "sections": [
                            {
                                "heading": "1. Align and pilot",
                                "summary": "Agree what social value means for Portsmouth",
                                "content": _p(
                                    "Agree a shared definition and policy, choose the measures "
                                    "the council will use and try them on a small number of "
                                    "contracts."
                                ),
                            },
                            {
                                "heading": "2. Learn and roll out",
                                "summary": "Use what the pilots taught",
                                "content": _p(
                                    "Review the pilots, train buyers and suppliers, and use "
                                    "social value in every suitable procurement."
                                ),
                            },
                            {
                                "heading": "3. Develop and recognise",
                                "summary": "Reward good practice",
                                "content": _p(
                                    "Report results in public and recognise suppliers and "
                                    "local organisations that deliver, for example through "
                                    "awards and certificates."
                                ),
                            },
                            {
                                "heading": "4. Growth and maximise",
                                "summary": "Do more with partners",
                                "content": _p(
                                    "Work with partners across the city so that social value "
                                    "grows beyond council contracts."
                                ),
                            },
                            {
                                "heading": "5. Maturity",
                                "summary": "Business as usual",
                                "content": _p(
                                    "Social value is part of how the council and its partners "
                                    "plan, buy and report, measured every year."
                                ),
                            },
                        ]
                    },
                ),
                (
                    "related_links",
                    _related(
                        ("Themes, outcomes and measures (TOMs)", "/guidance/toms-explained/"),
                        ("Our local spend", "/spend/"),
                    ),
                ),
            ],
        ),
        (
            "toms-explained",
            "Themes, outcomes and measures (TOMs)",
            "TOMs is the framework the council uses to turn social value commitments into "
            "numbers: five themes, outcomes under each, and measures with a £ value per unit.",
            [
                ("heading", "The five themes"),
                (
                    "table",
                    _table(
                        "The five National TOMs themes",
                        ["Theme", "What it covers"],
                        [
                            ("Jobs", "Promote local skills and employment"),
                            ("Growth", "Supporting growth of responsible regional business"),
                            ("Social", "Healthier, safer and more resilient communities"),
                            ("Environment", "Protecting and improving our environment"),
                            ("Innovation", "Promoting social innovation"),
                        ],
                    ),
                ),
                ("heading", "Measures and proxy values"),
                (
                    "rich_text",
                    _p(
                        "Each measure says what is counted (its unit, such as an hour or a "
                        "week) and what one unit is worth to society (its proxy value). The "
                        "National TOMs, launched by Social Value Portal in November 2017, "
                        "number their measures: NT for national measures, RE for real estate "
                        "and FM for facilities management. For example, NT29 counts hours "
                        "volunteering to support community projects.",
                        "The figures below are the ones quoted in the council's roadmap.",
                    ),
                ),
                (
                    "measures",
                    {
                        "caption": "Measures quoted in the Portsmouth roadmap",
                        "measures": measure_ids,
                    },
                ),
                (
                    "details",
                    {
                        "summary": "Why the portal does not show the full National TOMs",
                        "content": _p(
                            "The National TOMs values are licensed by Social Value Portal "
                            "under CC BY-NC-ND 4.0. The council's staff can load the licensed "
                            "edition from a CSV file, and each measure records its edition, "
                            "year and source."
                        ),
                    },
                ),
                (
                    "related_links",
                    _related(
                        ("Every TOMs measure and its value", "/guidance/toms/"),
                        ("Social value calculator", "/guidance/calculator/"),
                    ),
                ),
            ],
        ),
        (
            "measuring-social-value",
            "Measuring social value: SROI, LM3 and GVA",
            "Three ways of putting a number on social value, in plain English, with a worked "
            "example you can check in the calculator.",
            [
                ("heading", "Social return on investment (SROI)"),
                (
                    "rich_text",
                    _p(
                        "SROI compares the value of what changed with what it cost. The SROI "
                        "ratio is the present value of the benefits divided by the value of "
                        "the inputs.",
                        "The value of each outcome is the quantity times its proxy value, "
                        "less three honest deductions:",
                    )
                    + _ul(
                        "<b>deadweight</b>: what would have happened anyway",
                        "<b>displacement</b>: benefit that only moved from somewhere else",
                        "<b>attribution</b>: the share owed to other people's work",
                    )
                    + _p(
                        "If the benefit lasts more than a year, some of it drops off each "
                        "year, and later years are discounted at the HM Treasury Green Book "
                        "rate of 3.5% a year."
                    ),
                ),
                (
                    "table",
                    _table(
                        "Worked example: 100 volunteering hours at £16.07 an hour",
                        ["Step", "Value"],
                        [
                            ("100 hours x £16.07", "£1,607.00"),
                            ("Less 25% deadweight", "£1,205.25"),
                        ],
                    ),
                ),
                (
                    "warning",
                    {"text": "Do not over-claim: only count what your contract really changed."},
                ),
                ("heading", "Local Multiplier 3 (LM3)"),
                (
                    "rich_text",
                    _p(
                        "LM3, from the New Economics Foundation, follows money through three "
                        "rounds of spending. Round 1 is the income, such as the contract. "
                        "Round 2 is what the supplier spends locally on suppliers and staff. "
                        "Round 3 is what those people and firms spend locally in turn.",
                        "LM3 = (round 1 + round 2 + round 3) ÷ round 1. It lies between 1.0 "
                        "and 3.0: the higher it is, the more of each pound stays in Portsmouth. "
                        "Rounds of £100, £60 and £30 give an LM3 of 1.90.",
                    ),
                ),
                ("heading", "Gross value added (GVA)"),
                (
                    "rich_text",
                    _p(
                        "GVA measures the value an organisation adds to the economy: the value "
                        "of its output less what it spent on the goods and services used up "
                        "in making it."
                    ),
                ),
                (
                    "related_links",
                    _related(("Try the social value calculator", "/guidance/calculator/")),
                ),
            ],
        ),
        (
            "procurement-policy-notes",
            "Procurement policy notes",
            "What the government's procurement policy notes (PPNs) say about social value, "
            "and which ones replaced which.",
            [
                (
                    "table",
                    _table(
                        "Procurement policy notes about social value",
                        ["Note", "What it says", "Status"],
                        [
                            (
                                "PPN 06/20",
                                "Central government must evaluate social value explicitly, "
                                "with a minimum 10% weighting",
                                "From 1 January 2021; replaced by PPN 002",
                            ),
                            (
                                "PPN 002",
                                "Keeps the 10% minimum and aligns social value to the "
                                "government's five missions",
                                "Mandatory from 1 October 2025",
                            ),
                            (
                                "PPN 11/20",
                                "Below-threshold contracts may be reserved by supplier "
                                "location and for SMEs and VCSEs",
                                "From 1 January 2021; replaced by PPN 005",
                            ),
                            (
                                "PPN 005",
                                "Replaces PPN 11/20",
                                "For procurements from 24 February 2025",
                            ),
                        ],
                    ),
                ),
                ("heading", "Themes in PPN 06/20"),
                (
                    "rich_text",
                    _ul(
                        "COVID-19 recovery",
                        "Tackling economic inequality",
                        "Fighting climate change",
                        "Equal opportunity",
                        "Wellbeing",
                    ),
                ),
                (
                    "callout",
                    {
                        "title": "Important",
                        "heading": "Councils must still mind section 17 of the Local "
                        "Government Act 1988",
                        "text": _p(
                            "Section 17 limits the non-commercial matters a council may take "
                            "into account when it awards contracts. Reserving contracts by "
                            "location cannot be used for frameworks or dynamic purchasing "
                            "system call-offs."
                        ),
                    },
                ),
            ],
        ),
        (
            "principles",
            "The seven principles of social value",
            "Social Value International's principles keep social value claims honest and "
            "comparable.",
            [
                (
                    "rich_text",
                    "<ol>"
                    + "".join(
                        f"<li>{item}</li>"
                        for item in [
                            "Involve stakeholders",
                            "Understand what changes",
                            "Value the things that matter",
                            "Only include what is material",
                            "Do not over-claim",
                            "Be transparent",
                            "Verify the result",
                        ]
                    )
                    + "</ol>",
                ),
                (
                    "inset",
                    {"text": _p("An eighth principle, <b>be responsive</b>, was added later.")},
                ),
            ],
        ),
        (
            "quality-mark-and-certificates",
            "Quality mark and certificates",
            "How organisations can show they manage social value well, and how the portal's "
            "awards build on that.",
            [
                ("heading", "Social Value Quality Mark"),
                (
                    "summary_list",
                    {
                        "rows": [
                            {
                                "key": "Bronze",
                                "value": _p("Commitment: a sponsor, a definition and pledges."),
                            },
                            {
                                "key": "Silver",
                                "value": _p(
                                    "Evidence: measurement and case studies; valid for two years."
                                ),
                            },
                            {"key": "Gold", "value": _p("Higher levels of evidence and delivery.")},
                            {"key": "Platinum", "value": _p("The highest level.")},
                        ]
                    },
                ),
                (
                    "rich_text",
                    _p("The pass mark is 80%. Appeals must be made within 10 working days."),
                ),
                ("heading", "Social Value International certificate"),
                (
                    "rich_text",
                    _p(
                        "The certificate has levels 1 to 3 for an organisation's management "
                        "practice. Level 2 needs evidence signed off by two representatives."
                    ),
                ),
                (
                    "related_links",
                    _related(("Portsmouth social value awards", "/awards/")),
                ),
            ],
        ),
        (
            "local-partners",
            "Local partners and support",
            "Organisations in Portsmouth that can help suppliers, charities and residents "
            "deliver social value.",
            [
                (
                    "summary_list",
                    {
                        "rows": [
                            {
                                "key": "Shaping Portsmouth",
                                "value": _p(
                                    "A partnership of businesses and organisations working "
                                    "to promote and improve the city. "
                                    '<a href="https://www.shapingportsmouth.co.uk/">Shaping '
                                    "Portsmouth website</a>"
                                ),
                            },
                            {
                                "key": "The HIVE Portsmouth",
                                "value": _p(
                                    "The city's hub for community support and volunteering: "
                                    "a good place to find volunteering for your staff. "
                                    '<a href="https://hiveportsmouth.org.uk/">The HIVE '
                                    "Portsmouth website</a>"
                                ),
                            },
                            {
                                "key": "University of Portsmouth",
                                "value": _p(
                                    "Research, student placements and graduate skills for "
                                    "local employers. "
                                    '<a href="https://www.port.ac.uk/">University of '
                                    "Portsmouth website</a>"
                                ),
                            },
                        ]
                    },
                ),
                (
                    "related_links",
                    _related(
                        ("Local supplier directory", "/directory/"),
                        ("Portsmouth time bank", "/timebank/"),
                    ),
                ),
            ],
        ),
    ]


@demo_builder(order=10)
def build_guidance(context):
    seed(Theme, Measure)
    home = context["home"]
    index = GuidanceIndexPage.objects.child_of(home).filter(slug="guidance").first()
    if index is None:
        index = GuidanceIndexPage(
            title="Social value guidance",
            slug="guidance",
            intro=(
                "<p>How Portsmouth City Council thinks about, measures and rewards social "
                "value, for suppliers, local organisations and residents.</p>"
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    measure_ids = list(
        Measure.objects.filter(code__startswith="PSV-").order_by("pk").values_list("pk", flat=True)
    )
    existing = set(index.get_children().values_list("slug", flat=True))
    for slug, title, summary, body in _pages(measure_ids):
        if slug in existing:
            continue
        page = GuidancePage(
            title=title,
            slug=slug,
            summary=summary,
            body=json.dumps([{"type": kind, "value": value} for kind, value in body]),
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    if "calculator" not in existing:
        calculator = CalculatorPage(
            title="Social value calculator",
            slug="calculator",
            search_description="Put a £ value on social value commitments, and work out LM3.",
            intro=(
                "<p>Put a £ value on a supplier's social value commitments using the "
                "council's TOMs measures. The result shows the total, the value for each "
                "theme and how it compares with the contract value.</p>"
            ),
        )
        index.add_child(instance=calculator)
        calculator.save_revision().publish()
    context["guidance"] = index
