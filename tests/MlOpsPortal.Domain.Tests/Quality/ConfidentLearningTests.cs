using MlOpsPortal.Domain.Quality;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Quality;

public class ConfidentLearningTests
{
    /// <summary>200 rows, 3 classes, a model that is confident and right; rows 7, 50 and 123 carry a wrong given label.</summary>
    private static (int[] Labels, double[] Probabilities, int[] Truth) Data()
    {
        var random = new Random(3);
        var truth = Enumerable.Range(0, 200).Select(r => r % 3).ToArray();
        var probabilities = new double[200 * 3];
        for (var r = 0; r < 200; r++)
        {
            // The mislabelled rows are ones the model is sure about (above every class's average confidence).
            var p = r is 7 or 50 or 123 ? 0.97 : 0.6 + (0.35 * random.NextDouble());
            for (var j = 0; j < 3; j++)
            {
                probabilities[(r * 3) + j] = j == truth[r] ? p : (1 - p) / 2;
            }
        }

        var labels = (int[])truth.Clone();
        labels[7] = (truth[7] + 1) % 3;
        labels[50] = (truth[50] + 1) % 3;
        labels[123] = (truth[123] + 2) % 3;
        return (labels, probabilities, truth);
    }

    [Fact]
    public void Find_ThreeWrongLabels_FlagsExactlyThemWithTheTrueClassSuggested()
    {
        var (labels, probabilities, truth) = Data();

        var result = ConfidentLearning.Find(labels, probabilities, 3);

        Assert.Equal([7, 50, 123], result.Suspects.Select(s => s.Row).Order());
        Assert.All(result.Suspects, s => Assert.Equal(truth[s.Row], s.Suggested));
        Assert.All(result.Suspects, s => Assert.True(s.SelfConfidence < 0.25));
        Assert.Equal(200, result.ConfidentJoint.Sum(row => row.Sum()));
        // Calibration scales each given-label row of the joint to its class size; here only about half the rows of a class
        // reach its threshold (the mean), so each wrong row counts about twice: an estimate of 1.5–4.5 %, not 1.5 % exactly.
        Assert.InRange(result.EstimatedNoiseRate, 0.015, 0.045);
    }

    [Fact]
    public void Find_Suspects_RankedBySelfConfidenceAscending()
    {
        var (labels, probabilities, _) = Data();

        var suspects = ConfidentLearning.Find(labels, probabilities, 3).Suspects;

        Assert.Equal(suspects.Select(s => s.SelfConfidence).Order(), suspects.Select(s => s.SelfConfidence));
    }

    [Fact]
    public void Find_CleanLabels_NoSuspectsAndZeroNoise()
    {
        var (_, probabilities, truth) = Data();

        var result = ConfidentLearning.Find(truth, probabilities, 3);

        Assert.Empty(result.Suspects);
        Assert.Equal(0, result.EstimatedNoiseRate);
    }

    [Fact]
    public void RoundPreservingTotal_Fractions_SumsToTotal()
    {
        Assert.Equal([2, 1, 1], ConfidentLearning.RoundPreservingTotal([1.6, 0.7, 0.7], 4));
    }
}
