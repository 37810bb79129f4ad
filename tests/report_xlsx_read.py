#!/usr/bin/python3
# report_xlsx_read.py FILE.xlsx - a report's workbook read back by openpyxl
# (Debian's python3-openpyxl), printed as JSON for the tests
# (test_report_files.c, report_cli.sh):
#   {"sheets": [names in order],
#    "book": {sheet: {"freeze": "C2", "filter": "A1:K3", "widths": {"A": 22.0, ...},
#                     "rows": [[cell or null, ...], ...]}}}
# a cell: {"t": openpyxl's data_type, "v": its value, "f": its number format,
# "b": bold}.  A number openpyxl turned into a time or date because of its
# format ("d") is given back as the number the file holds (days), so a test
# compares it with seconds / 86400.
import datetime
import json
import sys

import openpyxl
from openpyxl.utils.datetime import to_excel


def value(v):
    if isinstance(v, datetime.timedelta):
        return v.total_seconds() / 86400
    if isinstance(v, datetime.time):
        return (v.hour * 3600 + v.minute * 60 + v.second + v.microsecond / 1e6) / 86400
    if isinstance(v, (datetime.datetime, datetime.date)):
        return to_excel(v)
    return v


def main(path):
    wb = openpyxl.load_workbook(path)
    out = {"sheets": wb.sheetnames, "book": {}}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            rows.append([None if c.value is None else
                         {"t": c.data_type, "v": value(c.value), "f": c.number_format,
                          "b": bool(c.font and c.font.b)} for c in row])
        out["book"][ws.title] = {
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "rows": rows,
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
