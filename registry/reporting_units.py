"""The ten reporting units that file (报备) to the province: nine cities (GB/T 2260) and Pingtan."""

REPORTING_UNITS = [
    ("350100", "福州市", "福州市市场监督管理局"),
    ("350200", "厦门市", "厦门市市场监督管理局"),
    ("350300", "莆田市", "莆田市市场监督管理局"),
    ("350400", "三明市", "三明市市场监督管理局"),
    ("350500", "泉州市", "泉州市市场监督管理局"),
    ("350600", "漳州市", "漳州市市场监督管理局"),
    ("350700", "南平市", "南平市市场监督管理局"),
    ("350800", "龙岩市", "龙岩市市场监督管理局"),
    ("350900", "宁德市", "宁德市市场监督管理局"),
    # Pingtan has no code of its own; it files like a city under 平潭县's 350128.
    ("350128", "平潭综合实验区", "平潭综合实验区市场监督管理局"),
]


def ensure_reporting_units(city_model) -> None:
    """Create the units that are missing (the data migration, and tests that flush tables, call this)."""
    for order, (code, name, bureau) in enumerate(REPORTING_UNITS, start=1):
        city_model.objects.get_or_create(code=code, defaults={"name": name, "bureau_name": bureau, "order": order})
