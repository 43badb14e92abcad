"""The map of Fujian on the province's dashboard: the nine cities shaded by a figure the user chooses, Pingtan as a
marked point, the figures per reporting unit taken from the charts that already count them."""

from __future__ import annotations

import datetime

from django.db.models import Count

from pool.models import PoolEntry
from registry.models import City

from .charts import Chart, chart
from .headlines import _memo

# The region each reporting unit is drawn as: the feature's name in china-geojson's fu_jian_geo.json (the Makefile
# puts it in static/vendor/geo/), by the unit's code, so a unit renamed in the database still finds its city.
REGIONS = {
    "350100": "福州市",
    "350200": "厦门市",
    "350300": "莆田市",
    "350400": "三明市",
    "350500": "泉州市",
    "350600": "漳州市",
    "350700": "南平市",
    "350800": "龙岩市",
    "350900": "宁德市",
}
# Pingtan is no feature of that data (it lies inside 福州市's polygon there): a marked point at its centre instead.
POINTS = {"350128": [119.79, 25.50]}
GEOJSON = "vendor/geo/fu_jian_geo.json"
MAP_NAME = "fujian"


def pool_by_unit(user) -> dict[int, int]:
    """Current pool members per reporting unit (PoolEntry's city: that of the current acknowledged appointment,
    else of the employer), in one GROUP BY."""
    return _memo(
        "pool_by_unit",
        user,
        lambda: dict(
            PoolEntry.objects.visible_to(user).values_list("city").annotate(n=Count("pk")).values_list("city", "n")
        ),
    )


def chart_map(user, today: datetime.date) -> Chart:
    """各报备单位分布图：九个设区市按所选数字着色，平潭综合实验区以标注点显示。
    已设立岗位的企业、现任首席质量官（已备案）同“各报备单位岗位设立与首席质量官备案”图（截至今日）；
    人才库人员为当前在人才库中、所属报备单位为该单位的人员（现任已备案首席质量官按聘任企业，其他人员按工作单位）；
    实施情况报送率同“设区市实施情况报备”图的报送率。"""
    by_unit = {row[0]: row[1:] for row in chart("by-unit", user, today).rows}
    reporting = {row[0]: row[4] for row in chart("reporting", user, today).rows}
    pool = pool_by_unit(user)
    rows, regions, points = [], [], {}
    for index, (pk, code, name) in enumerate(City.objects.visible_to(user).values_list("pk", "code", "name")):
        posts, cqos = by_unit.get(name, [0, 0])
        rows.append([name, posts, cqos, pool.get(pk, 0), reporting.get(name)])
        regions.append(REGIONS.get(code))
        if code in POINTS:
            points[str(index)] = POINTS[code]
    header = ["报备单位", "已设立岗位的企业", "现任首席质量官（已备案）", "人才库人员", "实施情况报送率（%）"]
    extra = {"map": MAP_NAME, "regions": regions, "points": points}
    return Chart("map", "各报备单位分布图", "", header, rows, kind="map", extra=extra)
