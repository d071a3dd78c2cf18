using System.Globalization;
using System.Net;
using System.Text;
using MlOpsPortal.Application.Exports;

namespace MlOpsPortal.Application.Fairness;

/// <summary>
/// Exports of a report: CSV (one line per number, with its convention) and a self-contained printable HTML page
/// (inline CSS and inline SVG charts, no external assets). Undefined values are written "n/a" in both.
/// </summary>
public static class FairnessExport
{
    public static string ToCsv(FairnessReportView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var csv = new StringBuilder("section,grouping,group_or_scope,convention,metric,value,ci_low,ci_high,count\n");
        foreach (var g in view.Groups)
        {
            foreach (var m in g.Metrics)
            {
                Line(csv, "group", g.Grouping, g.Group, FairnessReportMapper.Fairlearn, m.Metric, m.Value, m.Low, m.High, g.Count);
            }

            foreach (var (name, n) in new[] { ("tp", g.Tp), ("fp", g.Fp), ("tn", g.Tn), ("fn", g.Fn) })
            {
                Line(csv, "group", g.Grouping, g.Group, FairnessReportMapper.Fairlearn, name, n, null, null, g.Count);
            }
        }

        foreach (var d in view.Disparities)
        {
            Line(csv, "disparity", d.Grouping, d.Scope, d.Convention, d.Metric, d.Value, d.Low, d.High, null);
        }

        foreach (var d in view.DataBias)
        {
            Line(csv, "data_bias", d.Grouping, d.Scope, d.Convention, d.Metric, d.Value, d.Low, d.High, null);
        }

        return csv.ToString();
    }

    public static string ToHtml(FairnessReportView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var r = view.Report;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\"><title>Fairness report ").Append(E(r.Id.ToString())).Append("</title><style>")
            .Append("body{font-family:system-ui,Segoe UI,Arial,sans-serif;margin:24px;color:#1b1b1b}table{border-collapse:collapse;margin:8px 0 20px;font-size:12px}")
            .Append("th,td{border:1px solid #ccc;padding:3px 6px;text-align:right}th{background:#f2f2f2}td.l,th.l{text-align:left}.na{color:#888}")
            .Append("h1{font-size:22px}h2{font-size:17px;margin-top:24px}.conv{font-size:11px;color:#555}svg{margin:4px 12px 12px 0}")
            .Append("@media print{h2{page-break-before:auto}table{page-break-inside:avoid}}</style></head><body>");
        h.Append("<h1>Fairness report</h1><p>Dataset <b>").Append(E(r.Dataset.Name)).Append("</b> v").Append(r.Dataset.Version)
            .Append(r.Model is { } m ? $" · model <b>{E(m.Name)}</b> v{m.Version}" : string.Empty)
            .Append(" · label <b>").Append(E(r.Request.Label ?? string.Empty)).Append("</b>, positive = <b>").Append(E(r.Request.PositiveLabel ?? string.Empty)).Append("</b>")
            .Append(" · created ").Append(r.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(" by ").Append(E(r.CreatedBy))
            .Append(" · status ").Append(E(r.Status)).Append("</p>");
        if (!view.Ready)
        {
            return h.Append("<p>The report is not computed (").Append(E(r.Error ?? r.Status)).Append(").</p></body></html>").ToString();
        }

        var b = r.Bootstrap!;
        h.Append("<p class=\"conv\">Intervals: ").Append(b.Resamples).Append(" bootstrap resamples, ").Append((b.ConfidenceLevel * 100).ToString("0.#", CultureInfo.InvariantCulture))
            .Append("% percentile, seed ").Append(b.Seed).Append(", stratified by ").Append(E(b.StratifiedBy)).Append(". Undefined values (zero denominators) are n/a.</p>");
        foreach (var grouping in view.Groupings)
        {
            h.Append("<h2>Groups by ").Append(E(grouping)).Append(" <span class=\"conv\">(per-group rates, fairlearn MetricFrame convention)</span></h2>");
            GroupTable(h, view.Groups.Where(g => g.Grouping == grouping));
            foreach (var metric in FairnessReportView.ChartedRates)
            {
                h.Append(FairnessSvg.BarChart(FairnessReportView.MetricTitle(metric) + " by " + grouping, view.Bars(grouping, metric)));
            }
        }

        h.Append("<h2>Disparities</h2>");
        ConventionTable(h, view.Disparities);
        h.Append("<h2>Data bias of the labels <span class=\"conv\">(clarify convention: facet d = group, a = all other rows)</span></h2>");
        ConventionTable(h, view.DataBias);
        return h.Append("</body></html>").ToString();
    }

    private static void GroupTable(StringBuilder h, IEnumerable<GroupRowView> rows)
    {
        h.Append("<table><tr><th class=\"l\">group</th><th>count</th><th>TP</th><th>FP</th><th>TN</th><th>FN</th>");
        foreach (var m in FairnessReportView.RateMetrics)
        {
            h.Append("<th>").Append(E(FairnessReportView.MetricTitle(m))).Append("<br><span class=\"conv\">95% CI</span></th>");
        }

        h.Append("</tr>");
        foreach (var g in rows)
        {
            h.Append("<tr><td class=\"l\">").Append(E(g.Group)).Append("</td><td>").Append(g.Count).Append("</td><td>").Append(g.Tp).Append("</td><td>").Append(g.Fp)
                .Append("</td><td>").Append(g.Tn).Append("</td><td>").Append(g.Fn).Append("</td>");
            foreach (var c in g.Metrics)
            {
                h.Append(c.Value is null ? "<td class=\"na\">" : "<td>").Append(E(c.Text));
                h.Append("<br><span class=\"conv\">").Append(E(c.IntervalText)).Append("</span></td>");
            }

            h.Append("</tr>");
        }

        h.Append("</table>");
    }

    private static void ConventionTable(StringBuilder h, IEnumerable<ConventionRow> rows)
    {
        h.Append("<table><tr><th class=\"l\">grouping</th><th class=\"l\">convention</th><th class=\"l\">scope</th><th class=\"l\">metric</th><th>value</th><th>95% CI</th></tr>");
        foreach (var d in rows)
        {
            var value = d.Metric == "failsFourFifthsRule" ? d.Value switch { 1 => "yes", 0 => "no", _ => FairnessFormat.NotAvailable } : d.Text;
            h.Append("<tr><td class=\"l\">").Append(E(d.Grouping)).Append("</td><td class=\"l\">").Append(E(d.Convention)).Append("</td><td class=\"l\">").Append(E(d.Scope))
                .Append("</td><td class=\"l\">").Append(E(d.Metric)).Append("</td>").Append(Cell(value)).Append("<td>").Append(E(d.IntervalText)).Append("</td></tr>");
        }

        h.Append("</table>");
    }

    private static string Cell(string text) =>
        text == FairnessFormat.NotAvailable ? "<td class=\"na\">n/a</td>" : "<td>" + E(text) + "</td>";

    private static void Line(StringBuilder csv, string section, string grouping, string scope, string convention, string metric, double? value, double? low, double? high, long? count) =>
        csv.Append(Q(section)).Append(',').Append(Q(grouping)).Append(',').Append(Q(scope)).Append(',').Append(Q(convention)).Append(',').Append(Q(metric)).Append(',')
            .Append(N(value)).Append(',').Append(N(low)).Append(',').Append(N(high)).Append(',').Append(count?.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static string N(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : FairnessFormat.NotAvailable;

    // Group values come from the dataset: a group named "=HYPERLINK(...)" must not run as a formula in a spreadsheet.
    private static string Q(string s) => SpreadsheetSafe.Field(s);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
