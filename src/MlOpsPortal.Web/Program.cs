using MlOpsPortal.Infrastructure.Hosting;
using MlOpsPortal.Web.Hosting;

try
{
    // `migrate` applies the database migrations and exits; anything else runs the portal.
    if (args.Length > 0 && args[0] == "migrate")
    {
        return await PortalHost.MigrateAsync(args[1..]);
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
