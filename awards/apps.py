from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = "Social value awards"

    def ready(self):
        from awards import signals  # noqa: F401 - weighted totals follow the criteria
        from directory.facets import register_facet
        from directory.profile_panels import register_panel
        from portal import roles
        from portal.accounts.sections import register_section

        models = ["cycle", "category", "criterion", "nomination", "certificate"]
        roles.grant(
            roles.AWARDS_ADMINISTRATORS,
            *[f"awards.{action}_{model}" for model in models for action in ("view", "change")],
            *[f"awards.add_{model}" for model in ("cycle", "category", "criterion", "certificate")],
            "awards.delete_category",
            "awards.delete_criterion",
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
        )
        register_section(template="awards/includes/account_section.html", order=40)
        register_facet(award_facet())
        register_panel(_certificate_panel, order=10)

        from awards.api import router
        from portal.api import api

        if all(mounted is not router for _, mounted in api._routers):
            api.add_router("/awards", router)


def award_facet():
    """The directory's "award level" filter: organisations holding a valid certificate of a
    level; each search result shows its valid certificate."""
    from django.db.models import Prefetch

    from awards.models import Certificate, CertificateLevel
    from directory.facets import LinkedFacet

    return LinkedFacet(
        name="award",
        label="Social value award level",
        choices=[(level.value, level.label.split(" (")[0]) for level in CertificateLevel],
        rows=lambda: Certificate.objects.valid(),
        column="level",
        order=60,
        details=lambda: Prefetch(
            "certificates",
            queryset=Certificate.objects.valid().order_by("-issued_on"),
            to_attr="valid_certificates",
        ),
    )


def _certificate_panel(request, organisation):
    """The organisation's social value certificate in force, on its directory profile, with a
    link to the certificate's public verification page."""
    from django.template.loader import render_to_string

    from awards.models import Certificate
    from awards.services import best_certificate

    certificate = best_certificate(
        Certificate.objects.valid().filter(organisation=organisation).select_related("organisation")
    )
    if certificate is None:
        return ""
    return render_to_string(
        "awards/includes/profile_panel.html",
        {"certificate": certificate, "organisation": organisation},
        request=request,
    )
