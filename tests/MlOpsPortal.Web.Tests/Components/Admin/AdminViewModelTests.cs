using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Web.Components.Pages.Account;
using MlOpsPortal.Web.Components.Pages.Admin;

namespace MlOpsPortal.Web.Tests.Components.Admin;

public sealed class AdminViewModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AuditViewModel_PagesOlderAndNewer_ByKeysetWithoutCounting()
    {
        var model = new AuditViewModel { Actor = "  ana@example.com ", Action = "" };
        var first = model.Query();
        Assert.Null(first.BeforeId);
        Assert.Equal(AuditViewModel.PageSize + 1, first.Limit);
        Assert.Equal("ana@example.com", first.Actor);
        Assert.Null(first.Action);

        var page = model.Accept(Entries(1000, AuditViewModel.PageSize + 1));
        Assert.Equal(AuditViewModel.PageSize, page.Items.Count());
        Assert.True(model.HasMore);

        model.Older();
        Assert.Equal(1, model.PageIndex);
        Assert.Equal(1000 - AuditViewModel.PageSize + 1, model.Query().BeforeId);
        model.Accept(Entries(950, 3));
        Assert.False(model.HasMore);
        model.Older();
        Assert.Equal(1, model.PageIndex);

        model.Newer();
        Assert.Null(model.Query().BeforeId);
        Assert.Equal("/api/v1/audit/export.csv?actor=ana%40example.com", model.CsvUrl);
    }

    [Fact]
    public void TokensViewModel_Validate_NamesWhatToFixInPlainWords()
    {
        var model = new TokensViewModel();
        Assert.Contains("name", model.Validate(), StringComparison.Ordinal);
        model.Name = "ci";
        model.Toggle(TokenScopes.Read, false);
        Assert.Contains("at least one scope", model.Validate(), StringComparison.Ordinal);
        model.Toggle(TokenScopes.Score, true);
        model.Days = 400;
        Assert.Contains("366", model.Validate(), StringComparison.Ordinal);
        model.Days = 30;
        Assert.Null(model.Validate());
    }

    [Fact]
    public void NewUserForm_RolesAndSearch_BehaveAsTheGridShowsThem()
    {
        Assert.Equal([Roles.Viewer, Roles.Admin], NewUserForm.WithRole([Roles.Viewer], Roles.Admin, on: true));
        Assert.Equal([Roles.Viewer], NewUserForm.WithRole([Roles.Viewer, Roles.Admin], Roles.Admin, on: false));
        Assert.Equal([Roles.Viewer], NewUserForm.WithRole([Roles.Viewer], Roles.Viewer, on: true));
        var user = new UserSummary("1", "ana@example.com", "Ana Lima", [Roles.Viewer], false, T0);
        Assert.True(NewUserForm.Matches(user, "lima"));
        Assert.True(NewUserForm.Matches(user, null));
        Assert.False(NewUserForm.Matches(user, "bob"));
        Assert.Contains("email", new NewUserForm { Email = "ana" }.Validate(), StringComparison.Ordinal);
    }

    private static List<AuditEntryDto> Entries(long newestId, int count) =>
        [.. Enumerable.Range(0, count).Select(i => new AuditEntryDto(newestId - i, T0, "a", "x", "model", "m", null, null, null))];
}
