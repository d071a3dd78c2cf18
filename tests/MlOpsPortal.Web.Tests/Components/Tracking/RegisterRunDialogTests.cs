using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Web.Components.Pages.Tracking;
using MudBlazor;

namespace MlOpsPortal.Web.Tests.Components.Tracking;

public sealed class RegisterRunDialogTests : AsyncPortalComponentTest
{
    private readonly List<RegisterRunRequest> _sent = [];

    [Fact]
    public async Task Submit_NoModelChosen_SaysWhatToChooseAndSendsNothing()
    {
        var (provider, _) = await ShowAsync();

        provider.Find("#register-submit").Click();

        provider.WaitForAssertion(() => Assert.Contains("Choose the model this run's version joins", provider.Find("#register-error").TextContent, StringComparison.Ordinal));
        Assert.Empty(_sent);
    }

    [Fact]
    public async Task Submit_NewModel_CreatesItAndClosesWithTheVersion()
    {
        var (provider, reference) = await ShowAsync(suggested: "adult income");

        provider.Find(".register-create-new input").Change(true);
        provider.WaitForAssertion(() => Assert.Equal("adult-income", provider.Find("#register-new-name").GetAttribute("value")));
        provider.Find("#register-new-name").Input("churn");
        provider.Find("#register-submit").Click();

        var result = await reference.Result;
        Assert.Equal([new RegisterRunRequest("run-1", "churn", true)], _sent);
        Assert.False(result!.Canceled);
        var version = Assert.IsType<RegisteredVersion>(result.Data);
        Assert.Equal("/models/churn/versions/3", version.Href);
    }

    [Fact]
    public async Task Submit_RegistryRefuses_ShowsItsReasonAndStaysOpen()
    {
        var (provider, reference) = await ShowAsync(refuse: "A model named churn already exists: choose it under \"Existing model\".");

        provider.Find(".register-create-new input").Change(true);
        provider.Find("#register-new-name").Input("churn");
        provider.Find("#register-submit").Click();

        provider.WaitForAssertion(() => Assert.Contains("already exists", provider.Find("#register-error").TextContent, StringComparison.Ordinal));
        Assert.False(reference.Result.IsCompleted);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> ShowAsync(string? suggested = null, string? refuse = null)
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<RegisterRunDialog>
        {
            { d => d.RunId, "run-1" },
            { d => d.RunName, "bright-owl" },
            { d => d.SuggestedName, suggested },
            { d => d.SearchModels, (_, _) => Task.FromResult<IEnumerable<string>>(["churn", "adult"]) },
            {
                d => d.Register, (request, _) =>
                {
                    _sent.Add(request);
                    return Task.FromResult(refuse is null ? (Result<RegisteredVersion>)new RegisteredVersion(request.Model, 3) : Error.AlreadyExists(refuse));
                }
            },
        };
        IDialogReference? reference = null;
        await provider.InvokeAsync(async () => reference = await dialogs.ShowAsync<RegisterRunDialog>("Register model", parameters));
        return (provider, reference!);
    }
}
