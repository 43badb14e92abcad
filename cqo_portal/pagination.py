"""The API's page size: limit/offset as callers expect, with a ceiling so one request cannot ask for everything."""

from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200
