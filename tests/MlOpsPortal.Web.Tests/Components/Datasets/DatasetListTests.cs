using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Web.Components.Pages.Datasets;
using MudBlazor;

namespace MlOpsPortal.Web.Tests.Components.Datasets;

public sealed class DatasetListTests : PortalComponentTest, IAsyncLifetime
{
    private readonly FakeListQuery _query = new();

    public DatasetListTests()
    {
        Services.AddSingleton<IDatasetListQuery>(_query);
        ComponentFactories.AddStub<DatasetUploadFlow>("<div id=\"upload-stub\"></div>");
        SignIn("ds@example.com", "DataScientist");
        Render<MudPopoverProvider>();
    }

    [Theory]
    [InlineData("", null, "name", false, 0, 25, "/datasets")]
    [InlineData("?q=adult&sort=rows&desc=1&page=3&size=50", "adult", "rows", true, 2, 50, "/datasets?q=adult&sort=rows&desc=1&page=3&size=50")]
    [InlineData("?sort=bogus&page=-1&size=7", null, "name", false, 0, 25, "/datasets")]
    public void FromQuery_Address_RoundTripsAndFallsBackToDefaults(string query, string? search, string sort, bool desc, int page, int size, string uri)
    {
        var state = DatasetListState.FromQuery(query);

        Assert.Equal(new DatasetListState(search, sort, desc, page, size), state);
        Assert.Equal(uri, state.ToUri());
    }

    [Fact]
    public void DatasetList_SecondPageInTheAddress_AsksTheServerForThatPageAndShowsTheTotal()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/datasets?sort=rows&desc=1&page=2&size=10");

        var cut = Render<DatasetList>();

        cut.WaitForAssertion(() => Assert.Equal(new DatasetListState(null, "rows", true, 1, 10), _query.Last));
        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("#dataset-list tbody tr").Count));
        Assert.Contains("ds-010", cut.Find("#dataset-list tbody").TextContent, StringComparison.Ordinal);
        Assert.Contains("11-20 of 42", cut.Find(".mud-table-pagination").TextContent.Replace('–', '-'), StringComparison.Ordinal);
    }

    [Fact]
    public void DatasetList_UploadInTheAddress_OpensTheUploadFlow()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/datasets?upload=1");

        var cut = Render<DatasetList>();

        Assert.Single(cut.FindAll("#upload-stub"));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private sealed class FakeListQuery : IDatasetListQuery
    {
        public DatasetListState? Last { get; private set; }

        public Task<DatasetPage> ListAsync(DatasetListState state, CancellationToken cancellationToken)
        {
            Last = state;
            var all = Enumerable.Range(0, 42).Select(i => new DatasetSummary(Guid.NewGuid(), $"ds-{i:000}", null, "bob", DateTimeOffset.UnixEpoch, 1, 100 - i, 1)).ToList();
            return Task.FromResult(new DatasetPage([.. all.Skip(state.Page * state.PageSize).Take(state.PageSize)], all.Count));
        }
    }
}
