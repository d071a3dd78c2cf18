using MlOpsPortal.Infrastructure.Hosting;
using MlOpsPortal.Web.Hosting;

try
{
    // `migrate` applies the database migrations and exits; anything else runs the portal.
    if (args.Length > 0 && args[0] == "migrate")
    {
        return await PortalHost.MigrateAsync(args[1..]);
    }

    // `gpu-check` scores the bundled Adult model on the CPU and on CUDA and exits (0 ok, 2 no CUDA, 1 mismatch).
    if (args.Length > 0 && args[0] == "gpu-check")
    {
        var window = TimeSpan.FromSeconds(args.Contains("--quick") ? 0.2 : 2);
        return GpuCheck.Run(Path.Combine(RepositoryRoot.Find(), "samples", "datasets", "adult"), Console.Out, window);
    }

    await using var app = await PortalHost.BuildAsync(args);
    await app.RunAsync();
    return 0;
}
catch (PortalStartupException ex)
{
    // Something the operator can fix: one line that says what and how, no stack trace.
    await Console.Error.WriteLineAsync("MlOpsPortal cannot start: " + ex.Message);
    return 1;
}
