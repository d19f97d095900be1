"""The portal's JSON API, one django-ninja instance with an OpenAPI description at
/api/openapi.json (browsable at /api/docs). Each app adds its router in AppConfig.ready():

    from portal.api import api
    api.add_router("/directory/", "directory.api.router")

An endpoint that reads a JSON body calls `read_json(request)`: the size is checked before
anything is read and the nesting before it is parsed, and every failure is a JSON error.
"""

import json

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
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


# JSON request bodies: nothing the portal accepts comes near these.
MAX_JSON_BYTES = 256 * 1024
MAX_JSON_DEPTH = 20


class JsonBodyError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def _depth(text):
    """The deepest nesting of arrays and objects in `text`, counting outside strings only."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                break
        elif char in "]}":
            depth -= 1
    return deepest


def read_json(
    request, max_bytes=MAX_JSON_BYTES, invalid="Send the body as valid JSON", **loads_options
):
    """The request's JSON body, or JsonBodyError (413 before reading a body that is too large,
    400 for one that is not JSON or nests deeper than MAX_JSON_DEPTH). Never a RecursionError
    or Django's HTML 400."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise JsonBodyError(413, f"Send no more than {max_bytes // 1024} KB of JSON")
    body = request.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise JsonBodyError(413, f"Send no more than {max_bytes // 1024} KB of JSON")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise JsonBodyError(400, invalid) from None
    if _depth(text) > MAX_JSON_DEPTH:
        raise JsonBodyError(400, f"Send JSON nested no more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text, **loads_options)
    except (ValueError, RecursionError):
        raise JsonBodyError(400, invalid) from None


@api.exception_handler(JsonBodyError)
def _json_body_error(request, error):
    return api.create_response(request, {"errors": {"body": error.message}}, status=error.status)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, error):
    return api.create_response(
        request, {"errors": {"body": "The request is too large"}}, status=413
    )


@api.exception_handler(SuspiciousOperation)
def _bad_request(request, error):
    return api.create_response(
        request, {"errors": {"body": "The request is not valid"}}, status=400
    )
