using MlOpsPortal.Domain.Fairness;

namespace MlOpsPortal.Domain.Tests.Fairness;

/// <summary>
/// Hand-computed fixture. Group A: y = [1,1,0,0], ŷ = [1,0,1,0] → TP 1, FN 1, FP 1, TN 1.
/// Group B: y = [1,1,1,0], ŷ = [1,1,0,0] → TP 2, FN 1, FP 0, TN 1. Overall: TP 3, FN 2, FP 1, TN 2.
/// </summary>
internal static class FairnessFixtures
{
    public static bool[] Actual { get; } = [true, true, false, false, true, true, true, false];

    public static double[] Scores { get; } = [0.9, 0.3, 0.6, 0.1, 0.8, 0.7, 0.4, 0.2];

    public static string?[] Group { get; } = ["A", "A", "A", "A", "B", "B", "B", "B"];

    public static FairnessInput Input() =>
        FairnessInput.FromScores(Actual, Scores, 0.5, [new SensitiveFeature("g", Group)]);

    public static FairnessOptions Options(int resamples = 0) => new()
    {
        BootstrapResamples = resamples,
        PrivilegedGroups = new Dictionary<string, string> { ["g"] = "B" },
    };

    public static FairnessReport Report(FairnessInput? input = null, FairnessOptions? options = null)
    {
        var result = FairnessAnalyzer.Analyze(input ?? Input(), options ?? Options());
        return result.IsSuccess ? result.Value : throw new InvalidOperationException(result.Error.Message);
    }
}
