using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Web.Components.Pages.Fairness;
using MlOpsPortal.Web.Components.Pickers;
using MlOpsPortal.Web.Tests.Components.Pickers;

namespace MlOpsPortal.Web.Tests.Components.Fairness;

public sealed class FairnessCreateFormTests : PortalComponentTest, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor disposes only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private readonly FakeReports _reports = new();

    public FairnessCreateFormTests()
    {
        Services.AddSingleton<IPickerQueries>(new FakePickerQueries());
        Services.AddSingleton<IFairnessReports>(_reports);
        Services.AddSingleton<IJobEvents>(new NoJobs());
        Services.AddSingleton<IJobQueries>(new NoJobs());
        SignIn("ana@example.com", "DataScientist");
    }

    [Fact]
    public void Submit_EmptyForm_SaysWhatToChooseNextToEachFieldAndSendsNothing()
    {
        var cut = Render<FairnessCreateForm>();

        cut.Find("#fairness-create").Click();

        var errors = cut.FindAll(".mud-input-error").Select(e => e.TextContent).ToList();
        Assert.Contains(errors, e => e.Contains("Choose the dataset version to check", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Choose the model version whose predictions are checked", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Choose the column that holds the true outcome.", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Choose the outcome column first", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Choose at least one sensitive feature, such as sex or race.", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains('\'', StringComparison.Ordinal));
        Assert.Equal(0, _reports.Calls);
    }

    [Fact]
    public void Form_BeforeSubmit_ShowsNoErrorsAndLabelsEveryInput()
    {
        var cut = Render<FairnessCreateForm>();

        Assert.Empty(cut.FindAll(".mud-input-error"));
        foreach (var id in new[] { "fairness-dataset", "fairness-model", "fairness-label", "fairness-positive", "fairness-feature" })
        {
            Assert.Equal("input", cut.Find($"#{id}").TagName, StringComparer.OrdinalIgnoreCase);
        }

        var labels = cut.FindAll("label").Select(l => l.TextContent).ToList();
        foreach (var label in new[] { "Dataset version", "Model version", "Outcome (label) column", "Favourable outcome", "Add a sensitive feature" })
        {
            Assert.Contains(labels, l => l.Contains(label, StringComparison.Ordinal));
        }
    }

    private sealed class FakeReports : IFairnessReports
    {
        public int Calls { get; private set; }

        public Task<Result<FairnessReportCreated>> CreateAsync(FairnessReportRequest request, Actor actor, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<Result<FairnessReportCreated>>(new FairnessReportCreated(Guid.NewGuid(), Guid.NewGuid()));
        }

        public Task<Result<FairnessReportDto>> GetAsync(Guid id, CancellationToken cancellationToken) =>
            Task.FromResult<Result<FairnessReportDto>>(Error.NotFound("none"));

        public Task<IReadOnlyList<FairnessReportSummary>> ListAsync(int skip, int take, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FairnessReportSummary>>([]);
    }

    private sealed class NoJobs : IJobEvents, IJobQueries
    {
        public IDisposable Subscribe(Func<JobDto, Task> onChanged) => new Nothing();

        public Task<JobDto?> GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult<JobDto?>(null);

        public Task<JobPage> ListAsync(JobListQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
