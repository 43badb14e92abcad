"""The dashboard's figures, each defined once here: what it counts is its docstring, which the page shows beside
it. Every figure starts from the models' visible_to(user) and is counted by the database (aggregate, or one
GROUP BY); nothing loads rows into Python to count them.

"As of" a day means at the end of that day (filings.selectors.figures.as_of); the change of a headline figure is
its value now minus its value at the end of the last quarter.
"""

from .activities import chart_activities
from .charts import CHARTS, Chart, chart, charts
from .headlines import Headline, end_of_last_quarter, headlines
from .institution import INSTITUTION_CHARTS, institution_dashboard
from .maps import chart_map
from .pages import city_comparison, city_dashboard, dashboard
from .todos import province_todo_panels

# The charts built from other charts or other apps' selectors join the province's list here (maps and activities
# import charts, so charts cannot list them itself): the map second, right under the counts by unit it shades.
_own = dict(CHARTS)
CHARTS.clear()
CHARTS.update({"by-unit": _own.pop("by-unit"), "map": chart_map, **_own, "activities": chart_activities})

__all__ = [
    "CHARTS",
    "Chart",
    "INSTITUTION_CHARTS",
    "Headline",
    "chart",
    "charts",
    "city_comparison",
    "city_dashboard",
    "dashboard",
    "end_of_last_quarter",
    "headlines",
    "institution_dashboard",
    "province_todo_panels",
]
