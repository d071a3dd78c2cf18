using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Web.Components.Pickers;
using MudBlazor;

namespace MlOpsPortal.Web.Tests.Components.Pickers;

public sealed class PickerTests : PortalComponentTest, IAsyncLifetime
{
    private readonly FakePickerQueries _queries = new();
    private readonly IRenderedComponent<MudPopoverProvider> _popovers;

    public PickerTests()
    {
        Services.AddSingleton<IPickerQueries>(_queries);
        _popovers = Render<MudPopoverProvider>();
    }

    [Fact]
    public void DatasetVersionPicker_TypedName_ListsVersionsNewestFirstAndSelectionSetsValue()
    {
        DatasetVersionRef? chosen = null;
        var cut = Render<DatasetVersionPicker>(p => p
            .Add(x => x.Label, "Training data")
            .Add(x => x.ValueChanged, v => chosen = v));

        cut.Find("input").Input("adu");

        _popovers.WaitForAssertion(() => Assert.Equal(["adult v3", "adult v2"], Options()));
        Assert.Contains("32,561 rows", _popovers.Find(".picker-option").TextContent, StringComparison.Ordinal);
        _popovers.FindAll(".mud-list-item")[0].Click();

        cut.WaitForAssertion(() => Assert.Equal(new DatasetVersionRef("adult", 3), chosen));
        cut.WaitForAssertion(() => Assert.Equal("adult v3 · 32,561 rows", cut.Find("input").GetAttribute("value")));
    }

    [Fact]
    public void DatasetVersionPicker_ValueSetByTheForm_ShowsRowCount()
    {
        var cut = Render<DatasetVersionPicker>(p => p
            .Add(x => x.Label, "Training data")
            .Add(x => x.Value, new DatasetVersionRef("adult", 2)));

        cut.WaitForAssertion(() => Assert.Equal("adult v2 · 30,000 rows", cut.Find("input").GetAttribute("value")));
    }

    [Fact]
    public async Task DatasetVersionPicker_RequiredAndEmpty_SaysWhatToChoose()
    {
        var form = Render<MudForm>(p => p.AddChildContent<DatasetVersionPicker>(c => c
            .Add(x => x.Label, "Dataset version")
            .Add(x => x.Required, true)));

        await form.InvokeAsync(() => form.Instance.ValidateAsync());

        form.WaitForAssertion(() => Assert.Contains("Choose a dataset version.", form.Find(".mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.False(form.Instance.IsValid);
    }

    [Fact]
    public void ColumnPicker_NoDataset_IsDisabledWithAHint()
    {
        var cut = Render<ColumnPicker>(p => p.Add(x => x.Label, "Label column"));

        Assert.True(cut.Find("input").HasAttribute("disabled"));
        Assert.Contains("Choose a dataset version first.", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnPicker_WithDatasetAndFilter_OffersMatchingSchemaColumnsWithTypes()
    {
        string? chosen = null;
        var cut = Render<ColumnPicker>(p => p
            .Add(x => x.Label, "Label column")
            .Add(x => x.Dataset, new DatasetVersionRef("adult", 3))
            .Add(x => x.Filter, c => c.Type == ColumnType.Categorical)
            .Add(x => x.ValueChanged, v => chosen = v));

        Assert.False(cut.Find("input").HasAttribute("disabled"));
        cut.Find("input").Input("o");

        _popovers.WaitForAssertion(() => Assert.Equal(["workclass", "income"], Options()));
        Assert.Contains("categorical", _popovers.FindAll(".picker-option")[1].TextContent, StringComparison.Ordinal);
        _popovers.FindAll(".mud-list-item")[1].Click();
        cut.WaitForAssertion(() => Assert.Equal("income", chosen));
    }

    [Fact]
    public void ColumnPicker_ValueNotInTheVersion_SaysSo()
    {
        var cut = Render<ColumnPicker>(p => p
            .Add(x => x.Label, "Label column")
            .Add(x => x.Dataset, new DatasetVersionRef("adult", 3))
            .Add(x => x.Value, "salary"));

        cut.WaitForAssertion(() => Assert.Contains("adult v3 has no column \"salary\".", cut.Find(".mud-input-error").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void LabelValuePicker_DatasetAndColumn_OffersProfileValuesWithCounts()
    {
        var disabled = Render<LabelValuePicker>(p => p
            .Add(x => x.Label, "Positive class")
            .Add(x => x.Dataset, new DatasetVersionRef("adult", 3)));
        Assert.True(disabled.Find("input").HasAttribute("disabled"));
        Assert.Contains("Choose the column first.", disabled.Markup, StringComparison.Ordinal);

        var cut = Render<LabelValuePicker>(p => p
            .Add(x => x.Label, "Positive class")
            .Add(x => x.Dataset, new DatasetVersionRef("adult", 3))
            .Add(x => x.Column, "income"));
        cut.Find("input").Input(">");

        _popovers.WaitForAssertion(() => Assert.Equal([">50K"], Options()));
        Assert.Contains("7,841 rows", _popovers.Find(".picker-option").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void RunPicker_TypedExperiment_ShowsRunNameExperimentAndMetricAndSelectsTheId()
    {
        string? chosen = null;
        var cut = Render<RunPicker>(p => p
            .Add(x => x.Label, "Run")
            .Add(x => x.ValueChanged, v => chosen = v));

        cut.Find("input").Input("adult");

        _popovers.WaitForAssertion(() => Assert.Single(_popovers.FindAll(".picker-option")));
        var text = _popovers.Find(".picker-option").TextContent;
        Assert.Contains("xgb-depth6", text, StringComparison.Ordinal);
        Assert.Contains("adult-income", text, StringComparison.Ordinal);
        Assert.Contains("validation_roc_auc 0.9271", text, StringComparison.Ordinal);
        _popovers.Find(".mud-list-item").Click();
        cut.WaitForAssertion(() => Assert.Equal("0123456789abcdef0123456789abcdef", chosen));
        cut.WaitForAssertion(() => Assert.Equal("xgb-depth6 · adult-income", cut.Find("input").GetAttribute("value")));
    }

    [Fact]
    public void ModelVersionPicker_TypedModel_ShowsVersionsWithAliases()
    {
        ModelVersionRef? chosen = null;
        var cut = Render<ModelVersionPicker>(p => p
            .Add(x => x.Label, "Model version")
            .Add(x => x.ValueChanged, v => chosen = v));

        cut.Find("input").Input("churn");

        _popovers.WaitForAssertion(() => Assert.Equal(["churn v3", "churn v2"], Options()));
        Assert.Contains("champion", _popovers.FindAll(".picker-option")[0].TextContent, StringComparison.Ordinal);
        _popovers.FindAll(".mud-list-item")[0].Click();
        cut.WaitForAssertion(() => Assert.Equal(new ModelVersionRef("churn", 3), chosen));
    }

    [Fact]
    public void AliasPicker_Model_OffersExistingAndReservedAliasesAndANewName()
    {
        var none = Render<AliasPicker>(p => p.Add(x => x.Label, "Alias"));
        Assert.True(none.Find("input").HasAttribute("disabled"));

        var cut = Render<AliasPicker>(p => p.Add(x => x.Label, "Alias").Add(x => x.Model, "churn"));
        cut.Find("input").Input("ch");

        _popovers.WaitForAssertion(() => Assert.Equal(["champion", "ch"], Options()));
        Assert.Contains("champion → v3", _popovers.FindAll(".picker-option")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("new alias", _popovers.FindAll(".picker-option")[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AliasPicker_VersionLikeName_ExplainsInPlainWords()
    {
        var form = Render<MudForm>(p => p.AddChildContent<AliasPicker>(c => c
            .Add(x => x.Label, "Alias")
            .Add(x => x.Model, "churn")
            .Add(x => x.Value, "v3")));

        await form.InvokeAsync(() => form.Instance.ValidateAsync());

        form.WaitForAssertion(() => Assert.Contains("reads as a version number", form.Find(".mud-input-error").TextContent, StringComparison.Ordinal));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover service disposes only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void NamePicker_DatasetOrVersion_OffersTheNameThenEachVersionAndKeepsTheChoice()
    {
        string? chosen = null;
        var cut = Render<NamePicker>(p => p
            .Add(x => x.Label, "Holdout dataset")
            .Add(x => x.Kind, NameKind.DatasetOrVersion)
            .Add(x => x.ValueChanged, v => chosen = v));

        cut.Find("input").Input("adu");

        _popovers.WaitForAssertion(() => Assert.Equal(["adult", "adult@v3", "adult@v2"], Options()), TimeSpan.FromSeconds(10));
        Assert.Contains("newest evaluation", _popovers.Find(".picker-option").TextContent, StringComparison.Ordinal);
        _popovers.FindAll(".mud-list-item")[1].Click();
        cut.WaitForAssertion(() => Assert.Equal("adult@v3", chosen), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void NamePicker_Model_OffersEachModelOnce()
    {
        var cut = Render<NamePicker>(p => p.Add(x => x.Label, "Registered model").Add(x => x.Kind, NameKind.Model));

        cut.Find("input").Input("ch");

        _popovers.WaitForAssertion(() => Assert.Equal(["churn"], Options()), TimeSpan.FromSeconds(10));
        Assert.Contains("newest v3", _popovers.Find(".picker-option").TextContent, StringComparison.Ordinal);
    }

    private List<string> Options() => [.. _popovers.FindAll(".picker-option").Select(o => o.GetAttribute("data-value") ?? string.Empty)];
}
