using System.Globalization;
using System.Text.Json;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Web.Components.Charts;

namespace MlOpsPortal.Web.Components.Pages.Evaluation;

/// <summary>
/// Curves of a binary evaluation as chart series (ROC, precision–recall, calibration), each with the champion's curve on
/// the same data beside it when there is one, plus the reference line (chance diagonal, perfect calibration).
/// </summary>
public sealed class EvaluationViewModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public EvaluationViewModel(EvaluationDto evaluation, ChampionEvaluation? champion)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        Evaluation = evaluation;
        Binary = Read(evaluation);
        Champion = champion;
        ChampionBinary = champion is null ? null : Read(champion.Evaluation);
    }

    public EvaluationDto Evaluation { get; }

    public BinaryEvaluation? Binary { get; }

    public ChampionEvaluation? Champion { get; }

    public BinaryEvaluation? ChampionBinary { get; }

    public string ThisLabel => "this evaluation";

    public string? ChampionLabel => Champion is { } c ? $"{c.Alias}: {c.Model} v{c.Version}" : null;

    public IReadOnlyList<LineSeries> Roc() => Curves(
        b => (b.RocCurve ?? []).Select(p => (p.FalsePositiveRate, (double?)p.TruePositiveRate)),
        b => $"AUC {Number(b.RocAuc)}",
        new LineSeries("chance", [0d, 1d], [0d, 1d], Dashed: true));

    public IReadOnlyList<LineSeries> PrecisionRecall() => Curves(
        b => (b.PrecisionRecallCurve ?? []).Select(p => (p.Recall, (double?)p.Precision)),
        b => $"AP {Number(b.AveragePrecision)}",
        null);

    public IReadOnlyList<LineSeries> Calibration() => Curves(
        b => b.Calibration.Where(c => c.MeanPredicted is not null && c.ObservedRate is not null).Select(c => (c.MeanPredicted!.Value, c.ObservedRate)),
        _ => "observed",
        new LineSeries("perfectly calibrated", [0d, 1d], [0d, 1d], Dashed: true),
        markers: true);

    public static string Number(double? value) => value is { } v ? v.ToString("G4", CultureInfo.InvariantCulture) : "n/a";

    private List<LineSeries> Curves(Func<BinaryEvaluation, IEnumerable<(double X, double? Y)>> points, Func<BinaryEvaluation, string> tag, LineSeries? reference, bool markers = false)
    {
        var list = new List<LineSeries>();
        if (Binary is { } b)
        {
            var p = points(b).ToList();
            list.Add(new LineSeries($"{ThisLabel} ({tag(b)})", p.Select(x => (object)x.X).ToList(), p.Select(x => x.Y).ToList(), Markers: markers));
        }

        if (ChampionBinary is { } c)
        {
            var p = points(c).ToList();
            list.Add(new LineSeries($"{ChampionLabel} ({tag(c)})", p.Select(x => (object)x.X).ToList(), p.Select(x => x.Y).ToList(), Markers: markers));
        }

        if (reference is not null && list.Count > 0)
        {
            list.Add(reference);
        }

        return list;
    }

    private static BinaryEvaluation? Read(EvaluationDto e) => e.Task == "binary" ? e.Details.Deserialize<BinaryEvaluation>(Json) : null;
}
