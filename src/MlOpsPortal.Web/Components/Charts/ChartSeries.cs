namespace MlOpsPortal.Web.Components.Charts;

/// <summary>One line of a line chart (x may be numbers or instants); <paramref name="Dashed"/> draws a reference (e.g. the champion, the diagonal).</summary>
public sealed record LineSeries(string Name, IReadOnlyList<object> X, IReadOnlyList<double?> Y, bool Dashed = false, bool Markers = false);

/// <summary>A horizontal rule across a chart, e.g. a drift threshold.</summary>
public sealed record ReferenceLine(double Y, string Label);

/// <summary>Bars per category with optional interval ends (drawn as error bars).</summary>
public sealed record BarSeries(string Name, IReadOnlyList<string> Categories, IReadOnlyList<double?> Values, IReadOnlyList<double?>? Low = null, IReadOnlyList<double?>? High = null);

/// <summary>A shaded horizontal band (e.g. the range a fairness policy allows).</summary>
public sealed record ValueBand(double Low, double High, string Label);

/// <summary>One point of a scatter (beeswarm, dependence): x, y and a colour value in [0, 1] (null = grey).</summary>
public sealed record ScatterPoint(double X, double Y, double? Colour, string? Text = null);
