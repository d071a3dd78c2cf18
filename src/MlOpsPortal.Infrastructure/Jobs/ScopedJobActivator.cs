using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Creates Hangfire's job objects from this portal's container, one DI scope per execution. Set on the server's options
/// explicitly: Hangfire's fallback is the process-wide <c>JobActivator.Current</c>, which with several portals in one
/// process (the tests) would run one portal's deliveries in another portal's container.
/// </summary>
internal sealed class ScopedJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public override object ActivateJob(Type jobType) =>
        throw new NotSupportedException("Portal jobs are activated in a scope (BeginScope).");

    public override JobActivatorScope BeginScope(JobActivatorContext context) => new Scope(scopes.CreateScope());

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
