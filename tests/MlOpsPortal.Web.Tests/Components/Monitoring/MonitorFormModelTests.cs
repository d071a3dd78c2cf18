using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Components.Pages.Monitoring;

namespace MlOpsPortal.Web.Tests.Components.Monitoring;

public sealed class MonitorFormModelTests
{
    [Fact]
    public void Validate_BadValues_SaysWhatIsWrongInWords()
    {
        var form = new MonitorFormModel { Name = "bad name", WindowHours = 0, Cron = "nightly", DriftShareAlert = 1.5, MetricAlert = "accuracy" };

        var problems = form.Validate();

        Assert.Equal("Give the monitor a name of up to 128 letters, digits, '.', '_' or '-'.", problems["name"]);
        Assert.Equal("Choose the model to watch.", problems["model"]);
        Assert.Contains("between 1 hour and 90 days", problems["windowHours"], StringComparison.Ordinal);
        Assert.Contains("cron with seconds first", problems["cron"], StringComparison.Ordinal);
        Assert.Contains("between 0 and 1", problems["driftShareAlert"], StringComparison.Ordinal);
        Assert.Contains("both the live metric and the level", problems["metricAlert"], StringComparison.Ordinal);
    }

    [Fact]
    public void ToRequest_ValidForm_TrimsAndDropsBlanks()
    {
        var form = new MonitorFormModel { Name = " churn-watch ", Model = "churn", Alias = " ", Reference = new DatasetRef("adult", 1), Cron = "0 0 * * * ?" };

        Assert.Empty(form.Validate());
        var request = form.ToRequest();

        Assert.Equal("churn-watch", request.Name);
        Assert.Null(request.Alias);
        Assert.Equal(new DatasetRef("adult", 1), request.Reference);
        Assert.Equal(24, request.WindowHours);
        Assert.Equal("0 0 * * * ?", request.Cron);
    }
}
