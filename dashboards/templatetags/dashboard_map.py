"""{% map_data_url %}: the static URL of Fujian's map data, or "" on a machine without it (the page then shows the
table alone and the browser asks for no missing file)."""

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static

from dashboards.selectors.maps import GEOJSON

register = template.Library()


def map_data_installed() -> bool:
    return finders.find(GEOJSON) is not None


@register.simple_tag
def map_data_url() -> str:
    return static(GEOJSON) if map_data_installed() else ""
