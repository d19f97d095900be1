"""Middleware the portal adds to Django's own."""

from django.db import connections


class QueryCountHeaderMiddleware:
    """Adds `X-Query-Count`: the SQL queries this request ran, on every database connection.

    Enabled only when PORTAL_QUERY_COUNT_HEADER=1 (the benchmark server sets it), first in
    MIDDLEWARE so that it counts the queries of every other middleware too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrapped = []
        try:
            for connection in connections.all():
                connection.execute_wrappers.append(counter)
                wrapped.append(connection)
            response = self.get_response(request)
        finally:
            for connection in wrapped:
                connection.execute_wrappers.remove(counter)
        response["X-Query-Count"] = str(count)
        return response
