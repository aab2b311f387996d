"""Report pages for commissioners and hub managers: figures, a chart and downloads."""

import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.views import parent_login_required
from reports.charts import Chart, bar_chart
from reports.downloads import csv_lines, write_xlsx
from reports.forms import PeriodForm
from reports.periods import Period
from reports.registry import REPORTS, Report
from reports.scopes import ReportScope, report_scope
from reports.suppression import Figure
from reports.tables import Table
from web.pagination import page_numbers

ROWS_ON_A_PAGE = 100


def _scope_or_404(request: HttpRequest) -> ReportScope:
    scope = report_scope(request.user)
    if scope is None:
        raise Http404
    return scope


def _report_or_404(name: str, scope: ReportScope) -> Report:
    report = REPORTS.get(name)
    if report is None or not report.available_in(scope):
        raise Http404
    return report


@parent_login_required
def report_list(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    reports = [report for report in REPORTS.values() if report.available_in(scope)]
    return render(request, "reports/index.html", {"reports": reports, "scope": scope})


@parent_login_required
def report_page(request: HttpRequest, name: str) -> HttpResponse:
    scope = _scope_or_404(request)
    report = _report_or_404(name, scope)
    form = PeriodForm(request.GET, today=timezone.localdate())
    context = {"report": report, "scope": scope, "form": form}
    if form.is_valid():
        period, compared = form.chosen()
        table = report.build(period, scope)
        earlier = report.build(compared, scope)
        # Long tables (a row a service across a big area) a page at a time; downloads have all.
        rows = Paginator(table.rows, ROWS_ON_A_PAGE).get_page(request.GET.get("page"))
        context |= {
            "period": period,
            "compared": compared,
            "table": table,
            "rows": rows,
            "page_numbers": page_numbers(rows.number, rows.paginator.num_pages),
            "comparison": [
                (column.heading, table.total.figures[i], earlier.total.figures[i])
                for i, column in enumerate(table.columns)
            ],
            "chart": _chart(report, table, earlier, period, compared),
            "chart_total": (
                table.total_of(report.chart_column),
                earlier.total_of(report.chart_column),
            ),
            "query": request.GET.urlencode(),
        }
    return render(request, "reports/report.html", context, status=200 if form.is_valid() else 400)


CHART_ROWS = 15


def _chart(report: Report, table: Table, earlier: Table, period: Period, compared: Period) -> Chart:
    """The chart's measure for each row beside the compared period (matched by row: areas and
    topics come and go); the 15 largest when there are more."""
    before = dict(earlier.column(report.chart_column))
    rows = table.column(report.chart_column)
    if len(rows) > CHART_ROWS:
        rows = sorted(rows, key=lambda row: (row[1].is_hidden, -row[1].value))[:CHART_ROWS]
    heading = next(c.heading for c in table.columns if c.key == report.chart_column)
    return bar_chart(
        heading,
        (period.label, compared.label),
        [(label, [figure, before.get(label, Figure(0))]) for label, figure in rows],
    )


@parent_login_required
def report_download(request: HttpRequest, name: str, file_format: str) -> HttpResponse:
    scope = _scope_or_404(request)
    report = _report_or_404(name, scope)
    form = PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        raise Http404
    period, _ = form.chosen()
    table = report.build(period, scope)
    filename = f"{report.name}-{period.key.replace('..', '-to-')}.{file_format}"
    if file_format == "csv":
        response = StreamingHttpResponse(csv_lines(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    write_xlsx(table, report.title, spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
