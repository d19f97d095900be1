"""The portal's JSON API, one django-ninja instance with an OpenAPI description at
/api/openapi.json (browsable at /api/docs). Each app adds its router in AppConfig.ready():

    from portal.api import api
    api.add_router("/directory/", "directory.api.router")
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Portsmouth Social Value API",
    version="1.0",
    description=(
        "Open data from the Portsmouth Social Value Portal: the local supplier directory "
        "(Open Referral UK) and the social value calculator."
    ),
    urls_namespace="api",
)
