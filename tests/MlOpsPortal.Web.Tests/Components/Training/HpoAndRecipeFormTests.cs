using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Components.Pages.Training;

namespace MlOpsPortal.Web.Tests.Components.Training;

public sealed class HpoAndRecipeFormTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    private static HpoFormViewModel Filled()
    {
        var form = new HpoFormViewModel { Trials = 5 };
        form.Training.Experiment = "adult";
        form.Training.TrainName = "adult-train";
        form.Training.Label = "income";
        return form;
    }

    [Fact]
    public void Validate_BadRowsAndFields_NamesEachOneInline()
    {
        var form = Filled();
        form.Trials = 0;
        form.Parallelism = 9;
        form.Parameters[0].Low = "8";
        form.Parameters[0].High = "3";
        form.Parameters[1].Low = "0";
        form.Parameters.Add(new HpoFormViewModel.ParameterRow { Name = "maxDepth", Kind = "values", Values = "3, 5" });
        form.Parameters.Add(new HpoFormViewModel.ParameterRow { Name = "subsample", Kind = "values", Values = "0.5, lots" });

        var errors = form.Validate();

        Assert.Equal("Between 1 and 200 trials.", errors["hpo-trials"]);
        Assert.Equal("Between 1 and 4 trials at once.", errors["hpo-parallelism"]);
        Assert.Equal("Low must not be above high.", errors["hpo-param-0"]);
        Assert.Equal("A log-uniform range needs low > 0.", errors["hpo-param-1"]);
        Assert.Equal("'maxDepth' is listed twice.", errors["hpo-param-2"]);
        Assert.Equal("'lots' is not a number.", errors["hpo-param-3"]);
    }

    [Fact]
    public void ToRequest_ValidForm_IsAPlanTheServiceAccepts()
    {
        var form = Filled();
        form.Parameters.Add(new HpoFormViewModel.ParameterRow { Name = "subsample", Kind = "values", Values = "0.6, 0.8, 1" });
        Assert.Empty(form.Validate());

        var request = form.ToRequest();
        var plan = HyperparameterSearch.Plan(request.Training!, request.Search);

        Assert.True(plan.IsSuccess, plan.Error?.Message);
        Assert.Equal(5, plan.Value.Trials.Count);
        Assert.Equal("validation_roc_auc", plan.Value.Metric);
        Assert.True(plan.Value.Maximize);
        Assert.All(plan.Value.Trials, t => Assert.Contains(t["subsample"], new[] { "0.6", "0.8", "1" }));
        Assert.All(plan.Value.Trials, t => Assert.InRange(int.Parse(t["maxDepth"], System.Globalization.CultureInfo.InvariantCulture), 3, 8));
    }

    [Fact]
    public void CompareLink_BestTrialsFirst_SkipsTrialsWithoutValue()
    {
        var results = new HpoResultsDto(Guid.NewGuid(), "parent", "7", "validation_log_loss", Maximize: false,
        [
            new HpoTrialResult(1, new Dictionary<string, string>(), Application.Jobs.JobStatus.Succeeded, "r1", 0.40),
            new HpoTrialResult(2, new Dictionary<string, string>(), Application.Jobs.JobStatus.Failed, null, null),
            new HpoTrialResult(3, new Dictionary<string, string>(), Application.Jobs.JobStatus.Succeeded, "r3", 0.31),
        ]);

        Assert.Equal(3, results.Best!.Trial);
        Assert.Equal("/experiments/7/compare?runs=r3,r1", new HpoProgressViewModel(Guid.NewGuid(), "parent").CompareLink(results));
    }

    [Theory]
    [InlineData("0 0 2 * * ?", "next: 2026-11-23 02:00:00, 2026-11-24 02:00:00, 2026-11-25 02:00:00 UTC")]
    [InlineData("0 30 3 ? * MON", "next: 2026-11-23 03:30:00, 2026-11-30 03:30:00, 2026-12-07 03:30:00 UTC")]
    [InlineData("", "")]
    public void CronPreview_ValidExpression_ListsNextFireTimesInUtc(string cron, string expected)
    {
        var preview = CronPreview.Of(cron, Now);
        Assert.Null(preview.Error);
        Assert.Equal(expected, preview.Describe());
    }

    [Theory]
    [InlineData("0 2 * * *")]
    [InlineData("nightly")]
    public void CronPreview_NotSixFieldCron_SaysWhy(string cron) =>
        Assert.Contains("is not a valid cron expression", CronPreview.Of(cron, Now).Error, StringComparison.Ordinal);

    [Fact]
    public void TrainingPhases_FormatThenParse_RoundTrips()
    {
        var time = new ManualClock();
        var phases = new TrainingPhases(time);
        phases.Start("read");
        time.Advance(TimeSpan.FromMilliseconds(250));
        phases.Start("train");
        time.Advance(TimeSpan.FromSeconds(2));
        phases.Start("read");
        time.Advance(TimeSpan.FromMilliseconds(50));
        phases.Stop();

        var line = phases.Format();
        Assert.Equal("timings: read 0.300 s, train 2.000 s", line);
        Assert.Equal(new Dictionary<string, double> { ["read"] = 0.3, ["train"] = 2.0 }, TrainingPhases.Parse("12:00 " + line));
        Assert.Null(TrainingPhases.Parse("round 3: validation_auc=0.9"));
    }

    /// <summary>A clock whose timestamps move only when told (phases are measured with timestamps).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
