"""The dashboard's figures, each defined once here: what it counts is its docstring, which the page shows beside
it. Every figure starts from the models' visible_to(user) and is counted by the database (aggregate, or one
GROUP BY); nothing loads rows into Python to count them.

"As of" a day means at the end of that day (filings.selectors.figures.as_of); the change of a headline figure is
its value now minus its value at the end of the last quarter.
"""

from .charts import CHARTS, Chart, chart, charts
from .headlines import Headline, end_of_last_quarter, headlines
from .pages import city_comparison, city_dashboard, dashboard
from .todos import province_todo_panels

__all__ = [
    "CHARTS",
    "Chart",
    "Headline",
    "chart",
    "charts",
    "city_comparison",
    "city_dashboard",
    "dashboard",
    "end_of_last_quarter",
    "headlines",
    "province_todo_panels",
]
