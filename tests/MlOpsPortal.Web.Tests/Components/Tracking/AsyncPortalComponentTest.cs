namespace MlOpsPortal.Web.Tests.Components.Tracking;

/// <summary>
/// A component test whose rendered MudBlazor inputs (select, menu, autocomplete) create services that only dispose
/// asynchronously: xunit disposes the context through <see cref="IAsyncLifetime.DisposeAsync"/> first, so the
/// synchronous dispose that follows finds nothing left to do.
/// </summary>
public abstract class AsyncPortalComponentTest : PortalComponentTest, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
