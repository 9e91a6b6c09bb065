"""Agencies of every level and kind, with the 复议机关 each law gives them (shared by the tests)."""

from __future__ import annotations

from datetime import date

from gongkai.law.reconsideration import AgencyKind, AgencyLevel, AgencyPlace

NEW = date(2025, 3, 3)
OLD = date(2023, 6, 1)

# Every agency is given both its government and the body above (where there is one), so that the table
# shows which of them the law picks.
PLACES: dict[tuple[str, str], AgencyPlace] = {
    ("national", "government"): AgencyPlace("国务院", AgencyLevel.NATIONAL, AgencyKind.GOVERNMENT),
    ("national", "department"): AgencyPlace("教育部", AgencyLevel.NATIONAL, AgencyKind.DEPARTMENT),
    ("national", "vertical"): AgencyPlace("海关总署", AgencyLevel.NATIONAL, AgencyKind.VERTICAL),
    ("national", "justice"): AgencyPlace("司法部", AgencyLevel.NATIONAL, AgencyKind.JUSTICE),
    ("province", "government"): AgencyPlace(
        "江苏省人民政府", AgencyLevel.PROVINCE, AgencyKind.GOVERNMENT, above="国务院"
    ),
    ("province", "department"): AgencyPlace(
        "江苏省教育厅", AgencyLevel.PROVINCE, AgencyKind.DEPARTMENT, "江苏省人民政府", "教育部"
    ),
    ("province", "vertical"): AgencyPlace(
        "国家税务总局江苏省税务局",
        AgencyLevel.PROVINCE,
        AgencyKind.VERTICAL,
        "江苏省人民政府",
        "国家税务总局",
    ),
    ("province", "justice"): AgencyPlace(
        "江苏省司法厅", AgencyLevel.PROVINCE, AgencyKind.JUSTICE, "江苏省人民政府", "司法部"
    ),
    ("city", "government"): AgencyPlace(
        "淮安市人民政府", AgencyLevel.CITY, AgencyKind.GOVERNMENT, above="江苏省人民政府"
    ),
    ("city", "department"): AgencyPlace(
        "淮安市教育局", AgencyLevel.CITY, AgencyKind.DEPARTMENT, "淮安市人民政府", "江苏省教育厅"
    ),
    ("city", "vertical"): AgencyPlace(
        "国家金融监督管理总局淮安监管分局",
        AgencyLevel.CITY,
        AgencyKind.VERTICAL,
        "淮安市人民政府",
        "国家金融监督管理总局江苏监管局",
    ),
    ("city", "justice"): AgencyPlace(
        "淮安市司法局", AgencyLevel.CITY, AgencyKind.JUSTICE, "淮安市人民政府", "江苏省司法厅"
    ),
    ("county", "government"): AgencyPlace(
        "淮安市洪泽区人民政府", AgencyLevel.COUNTY, AgencyKind.GOVERNMENT, above="淮安市人民政府"
    ),
    ("county", "department"): AgencyPlace(
        "淮安市洪泽区教育局",
        AgencyLevel.COUNTY,
        AgencyKind.DEPARTMENT,
        "淮安市洪泽区人民政府",
        "淮安市教育局",
    ),
    ("county", "vertical"): AgencyPlace(
        "国家税务总局淮安市洪泽区税务局",
        AgencyLevel.COUNTY,
        AgencyKind.VERTICAL,
        "淮安市洪泽区人民政府",
        "国家税务总局淮安市税务局",
    ),
    ("county", "justice"): AgencyPlace(
        "淮安市洪泽区司法局", AgencyLevel.COUNTY, AgencyKind.JUSTICE, "淮安市洪泽区人民政府", "淮安市司法局"
    ),
    ("township", "government"): AgencyPlace(
        "淮安市洪泽区岔河镇人民政府",
        AgencyLevel.TOWNSHIP,
        AgencyKind.GOVERNMENT,
        above="淮安市洪泽区人民政府",
    ),
    ("township", "department"): AgencyPlace(
        "岔河镇农业服务中心", AgencyLevel.TOWNSHIP, AgencyKind.DEPARTMENT, "淮安市洪泽区岔河镇人民政府", "x"
    ),
    ("township", "vertical"): AgencyPlace(
        "国家税务总局淮安市洪泽区税务局岔河税务分局",
        AgencyLevel.TOWNSHIP,
        AgencyKind.VERTICAL,
        "淮安市洪泽区岔河镇人民政府",
        "国家税务总局淮安市洪泽区税务局",
    ),
    ("township", "justice"): AgencyPlace(
        "岔河司法所",
        AgencyLevel.TOWNSHIP,
        AgencyKind.JUSTICE,
        "淮安市洪泽区岔河镇人民政府",
        "淮安市洪泽区司法局",
    ),
}

# (names, article, choice, final ruling) or the error's text — 2023 law 第二十四条–第二十八条.
EXPECTED_2023: dict[tuple[str, str], tuple[tuple[str, ...], str, bool, bool] | str] = {
    ("national", "government"): "行政复议法未规定对国务院行政行为申请行政复议的机关",
    ("national", "department"): (("教育部",), "第二十五条第（一）项", False, True),
    ("national", "vertical"): (("海关总署",), "第二十五条第（一）项", False, True),
    ("national", "justice"): (("司法部",), "第二十五条第（一）项", False, True),
    ("province", "government"): (("江苏省人民政府",), "第二十四条第二款", False, True),
    ("province", "department"): (("江苏省人民政府",), "第二十四条第一款第（一）项", False, False),
    ("province", "vertical"): (("国家税务总局",), "第二十七条", False, False),
    ("province", "justice"): (("江苏省人民政府", "司法部"), "第二十八条", True, False),
    ("city", "government"): (("江苏省人民政府",), "第二十四条第一款第（二）项", False, False),
    ("city", "department"): (("淮安市人民政府",), "第二十四条第一款第（一）项", False, False),
    ("city", "vertical"): (("国家金融监督管理总局江苏监管局",), "第二十七条", False, False),
    ("city", "justice"): (("淮安市人民政府", "江苏省司法厅"), "第二十八条", True, False),
    ("county", "government"): (("淮安市人民政府",), "第二十四条第一款第（二）项", False, False),
    ("county", "department"): (("淮安市洪泽区人民政府",), "第二十四条第一款第（一）项", False, False),
    ("county", "vertical"): (("国家税务总局淮安市税务局",), "第二十七条", False, False),
    ("county", "justice"): (("淮安市洪泽区人民政府", "淮安市司法局"), "第二十八条", True, False),
    ("township", "government"): (("淮安市洪泽区人民政府",), "第二十四条第一款第（二）项", False, False),
    ("township", "department"): "乡镇人民政府不设工作部门",
    ("township", "vertical"): (("国家税务总局淮安市洪泽区税务局",), "第二十七条", False, False),
    ("township", "justice"): "乡镇一级没有履行行政复议机构职责的司法行政部门",
}

# The former law (2017 amendment) 第十二条–第十四条: a department's body at the applicant's choice.
EXPECTED_FORMER: dict[tuple[str, str], tuple[tuple[str, ...], str, bool, bool] | str] = {
    ("national", "government"): "行政复议法未规定对国务院行政行为申请行政复议的机关",
    ("national", "department"): (("教育部",), "第十四条", False, True),
    ("national", "vertical"): (("海关总署",), "第十四条", False, True),
    ("national", "justice"): (("司法部",), "第十四条", False, True),
    ("province", "government"): (("江苏省人民政府",), "第十四条", False, True),
    ("province", "department"): (("江苏省人民政府", "教育部"), "第十二条第一款", True, False),
    ("province", "vertical"): (("国家税务总局",), "第十二条第二款", False, False),
    ("province", "justice"): (("江苏省人民政府", "司法部"), "第十二条第一款", True, False),
    ("city", "government"): (("江苏省人民政府",), "第十三条第一款", False, False),
    ("city", "department"): (("淮安市人民政府", "江苏省教育厅"), "第十二条第一款", True, False),
    ("city", "vertical"): (("国家金融监督管理总局江苏监管局",), "第十二条第二款", False, False),
    ("city", "justice"): (("淮安市人民政府", "江苏省司法厅"), "第十二条第一款", True, False),
    ("county", "government"): (("淮安市人民政府",), "第十三条第一款", False, False),
    ("county", "department"): (("淮安市洪泽区人民政府", "淮安市教育局"), "第十二条第一款", True, False),
    ("county", "vertical"): (("国家税务总局淮安市税务局",), "第十二条第二款", False, False),
    ("county", "justice"): (("淮安市洪泽区人民政府", "淮安市司法局"), "第十二条第一款", True, False),
    ("township", "government"): (("淮安市洪泽区人民政府",), "第十三条第一款", False, False),
    ("township", "department"): "乡镇人民政府不设工作部门",
    ("township", "vertical"): (("国家税务总局淮安市洪泽区税务局",), "第十二条第二款", False, False),
    ("township", "justice"): "乡镇人民政府不设工作部门",
}
