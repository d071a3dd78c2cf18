using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Engines.Tests.Onnx;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed class RegistryBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private const string Scientist = "ds-browser@test.local";
    private const string Reviewer = "approver-browser@test.local";
    private const string Secret = "browser-webhook-secret-0123456789";

    [Fact]
    public async Task Promotion_ScientistRegistersAndRequests_SelfApprovalRefused_ApproverApproves_AliasMovesAndHistoryShowsWho()
    {
        var dsPassword = await portal.CreateUserAsync(Scientist, "DataScientist", "Approver");
        var approverPassword = await portal.CreateUserAsync(Reviewer, "Approver");
        var (port, listener, received) = StartReceiver();
        using var _listener = listener;
        using (var admin = portal.CreateClient(await portal.AdminTokenAsync()))
        using (var hook = await admin.PostAsJsonAsync("api/v1/admin/webhooks", new { name = "browser", url = $"http://127.0.0.1:{port}/", events = RegistryEvents.All, secret = Secret }))
        {
            Assert.Equal(HttpStatusCode.Created, hook.StatusCode);
        }

        var onnxPath = Path.Combine(Path.GetTempPath(), $"adult-{Guid.NewGuid():N}.onnx");
        await File.WriteAllBytesAsync(onnxPath, TestModels.Linear());
        var (dsContext, ds) = await portal.NewPageAsync();
        await using var _ds = dsContext;
        await BrowserFixture.SignInAsync(ds, Scientist, dsPassword);
        await Assertions.Expect(ds.Locator("#interactive-state")).ToHaveTextAsync("connected");

        // The DataScientist registers the model and its version 1 in one step: the Register dialog, upload path.
        await GoAsync(ds, "/models");
        await ds.ClickAsync("#create-model");
        await ds.FillAsync("#register-model-name", "adult-income");
        await ds.Keyboard.PressAsync("Tab");
        await ds.GetByText("Upload an ONNX file or package").ClickAsync();
        // InputFile wires its JS handler after it renders interactively; a change event sent before that is lost,
        // so choose the file again until the component has seen it (the button enables).
        for (var attempt = 0; attempt < 5 && !await ds.Locator("#register-version").IsEnabledAsync(); attempt++)
        {
            await ds.Locator("#model-file").SetInputFilesAsync(onnxPath);
            try
            {
                await Assertions.Expect(ds.Locator("#register-version")).ToBeEnabledAsync(new() { Timeout = 4000 });
            }
            catch (PlaywrightException)
            {
                // Not seen yet: try again.
            }
        }

        await ds.GetByText("Lineage and metrics (optional)").ClickAsync();
        await ds.FillAsync("#version-run", "run-adult-1");
        await ds.FillAsync("#version-datasets", "adult@1");
        await ds.ClickAsync("#register-version");
        await ds.WaitForURLAsync("**/models/adult-income");
        await Assertions.Expect(ds.Locator("#version-list")).ToContainTextAsync("READY");

        // Model card: written and submitted by the scientist, approved by the approver (gate 4).
        await GoAsync(ds, "/models/adult-income/versions/1?tab=card");
        await ds.FillAsync("#card-overview", "Predicts whether income exceeds **50K**.");
        await Assertions.Expect(ds.Locator("[data-section=overview] .card-preview strong")).ToHaveTextAsync("50K");
        await ds.ClickAsync("#card-submit");
        await Assertions.Expect(ds.Locator("#card-status")).ToHaveTextAsync("PendingReview");

        var (apContext, ap) = await portal.NewPageAsync();
        await using var _ap = apContext;
        await BrowserFixture.SignInAsync(ap, Reviewer, approverPassword);
        await Assertions.Expect(ap.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await GoAsync(ap, "/models/adult-income/versions/1?tab=card");
        await ap.ClickAsync("#card-approve");
        await Assertions.Expect(ap.Locator("#card-status")).ToHaveTextAsync("Approved");

        // The scientist requests production; the request shows its gates; their own Approve is refused.
        await GoAsync(ds, "/models/adult-income?tab=aliases");
        await ds.FillAsync("#request-justification", "First production model for the Adult income task.");
        await ds.ClickAsync("#request-promotion");
        await ds.WaitForURLAsync("**/approvals/*");
        await Assertions.Expect(ds.Locator("#gates")).ToContainTextAsync("4. Model card approved: Passed");
        await Assertions.Expect(ds.Locator("#gates")).ToContainTextAsync("3. Fairness report: NotConfigured");
        await Assertions.Expect(ds.Locator("#approve")).ToBeDisabledAsync();
        await Assertions.Expect(ds.Locator("#approve-reason")).ToContainTextAsync("Four-eyes rule: you requested this promotion");
        await Assertions.Expect(ds.Locator("#request-state")).ToHaveTextAsync("Open");

        // The approver sees it in the inbox (badge), approves with a comment; the alias moves.
        await GoAsync(ap, "/approvals");
        await Assertions.Expect(ap.Locator("#inbox-count")).ToHaveTextAsync("1");
        await ap.Locator("#inbox .request-link").First.ClickAsync();
        await ap.FillAsync("#decision-comment", "Holdout metrics verified.");
        await ap.ClickAsync("#approve");
        await Assertions.Expect(ap.Locator("#request-state")).ToHaveTextAsync("Approved");
        await Assertions.Expect(ap.Locator("#decisions")).ToContainTextAsync("Holdout metrics verified.");

        await GoAsync(ap, "/models/adult-income?tab=aliases");
        await Assertions.Expect(ap.Locator("#aliases [data-alias=production]")).ToContainTextAsync("production → version 1");
        await GoAsync(ap, "/models/adult-income?tab=history");
        var moved = ap.Locator("#history [data-kind='alias.moved']");
        await Assertions.Expect(moved).ToContainTextAsync(Reviewer);
        await Assertions.Expect(ap.Locator("#history [data-kind='promotion_request.created']")).ToContainTextAsync(Scientist);
        await Assertions.Expect(ap.Locator("#history [data-kind='model_version.created']")).ToContainTextAsync(Scientist);
        await Assertions.Expect(ds.Locator("#unread-count")).ToBeVisibleAsync();

        // The webhook receiver on 127.0.0.1 got the signed alias.moved event.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && !received.Any(r => r.Event == RegistryEvents.AliasMoved))
        {
            await Task.Delay(200);
        }

        var aliasMoved = Assert.Single(received.Where(r => r.Event == RegistryEvents.AliasMoved).ToList());
        Assert.True(aliasMoved.Valid);
        Assert.Equal("production", aliasMoved.Body.GetProperty("data").GetProperty("alias").GetString());
        File.Delete(onnxPath);
    }

    private static async Task GoAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("#page-interactive")).ToHaveTextAsync("yes");
    }

    private static (int Port, HttpListener Listener, System.Collections.Concurrent.ConcurrentBag<(string Event, bool Valid, JsonElement Body)> Received) StartReceiver()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new System.Collections.Concurrent.ConcurrentBag<(string, bool, JsonElement)>();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                using var ms = new MemoryStream();
                await ctx.Request.InputStream.CopyToAsync(ms);
                var body = ms.ToArray();
                received.Add((ctx.Request.Headers["X-MlOps-Event"] ?? string.Empty,
                    WebhookSignature.Verify(Secret, body, ctx.Request.Headers[WebhookSignature.HeaderName]), JsonDocument.Parse(body).RootElement.Clone()));
                ctx.Response.StatusCode = 204;
                ctx.Response.Close();
            }
        });
        return (port, listener, received);
    }
}
