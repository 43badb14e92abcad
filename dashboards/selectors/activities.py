"""Article 15 on the dashboards: experience exchanges, who took part and commendations, per year."""

from __future__ import annotations

import datetime

from registry.selectors import activity_years

from .charts import Chart


def chart_activities(user, today: datetime.date) -> Chart:
    """经验交流与表彰（按年度）：经验交流活动为当年举办的场次，参加人次为这些活动登记的参加人员人次，
    表彰为表彰年度为当年的表彰人次；设区市局只计本报备单位人员参加的活动、本单位人员的参加人次和表彰。"""
    rows = [
        [f"{year}年", exchanges, persons, commendations]
        for year, exchanges, persons, commendations in activity_years(user)
    ]
    header = ["年度", "经验交流活动（场）", "参加人次", "表彰（人次）"]
    return Chart("activities", "经验交流与表彰", "", header, rows)
