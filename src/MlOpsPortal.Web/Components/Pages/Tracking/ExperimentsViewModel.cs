using System.Security.Claims;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>Experiments list: server-side paged search by name, and creation for DataScientists and Admins.</summary>
public sealed class ExperimentsViewModel(ExperimentService experiments)
{
    public IReadOnlyList<ExperimentDto> Rows { get; private set; } = [];

    public int Count { get; private set; }

    public string? Search { get; set; }

    public bool IncludeDeleted { get; set; }

    public string? Error { get; private set; }

    public string NewName { get; set; } = string.Empty;

    public string? NewDescription { get; set; }

    public async Task LoadAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var result = await experiments.SearchAsync(null, Search, IncludeDeleted ? ViewType.All : ViewType.ActiveOnly, Math.Clamp(take, 1, 200),
            PageTokens.Encode(Math.Max(0, skip)), false, true, cancellationToken);
        if (result.IsSuccess)
        {
            Rows = result.Value.Experiments;
            Count = result.Value.Total ?? Rows.Count;
            Error = null;
        }
        else
        {
            Error = result.Error.Message;
        }
    }

    /// <summary>Creates the experiment; returns its id, or null with <see cref="Error"/> set.</summary>
    public async Task<string?> CreateAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (TrackingAccess.RequireWrite(user) is { } forbidden)
        {
            Error = forbidden.Message;
            return null;
        }

        var result = await experiments.CreateAsync(CurrentActor.From(user), NewName, null, null, string.IsNullOrWhiteSpace(NewDescription) ? null : NewDescription, cancellationToken);
        Error = result.IsSuccess ? null : result.Error.Message;
        return result.IsSuccess ? result.Value.ExperimentId : null;
    }
}
