using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>
/// Where webhooks may go. The portal posts to the URL an Admin entered, from inside the network: without a check it could
/// reach the cloud metadata service (169.254.169.254), the database port on localhost or any private host. Loopback,
/// link-local, private (RFC 1918, ULA, CGNAT), unspecified and multicast addresses are refused, both for a literal address
/// and for a name resolving to one, when the webhook is created and again when a delivery connects (a name may change
/// its answer). <c>Webhooks:AllowPrivateNetworks=true</c> lets an Admin allow them (a receiver on the same host or LAN).
/// </summary>
public sealed class WebhookTargets(IConfiguration configuration)
{
    public const string AllowPrivateNetworksKey = "Webhooks:AllowPrivateNetworks";

    public bool AllowPrivateNetworks => configuration.GetValue(AllowPrivateNetworksKey, false);

    public async Task<Result<bool>> CheckAsync(Uri url, CancellationToken cancellationToken)
    {
        if (AllowPrivateNetworks)
        {
            return true;
        }

        IPAddress[] addresses;
        try
        {
            var host = url.HostNameType == UriHostNameType.IPv6 ? url.DnsSafeHost : url.IdnHost;
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException e)
        {
            return Error.Invalid($"Webhook URL '{url}': the host name cannot be resolved ({e.SocketErrorCode}).");
        }

        if (addresses.FirstOrDefault(IsInternal) is { } blocked)
        {
            return Error.Invalid(
                $"Webhook URL '{url}' points to a loopback, link-local or private address ({blocked}); such targets are refused " +
                $"unless an Admin sets {AllowPrivateNetworksKey}=true.");
        }

        return true;
    }

    /// <summary>Connects a delivery only to an address that is allowed (checked again at connect time).</summary>
    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = AllowPrivateNetworks ? addresses : addresses.Where(a => !IsInternal(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"Webhook host '{endPoint.Host}' resolves only to loopback, link-local or private addresses; set {AllowPrivateNetworksKey}=true to allow them.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var connected = false;
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            connected = true;
            return new NetworkStream(socket, ownsSocket: true);
        }
        finally
        {
            if (!connected)
            {
                socket.Dispose();
            }
        }
    }

    public static bool IsInternal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,          // carrier-grade NAT 100.64.0.0/10
            169 => b[1] == 254,                       // link-local, cloud metadata
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            >= 224 => true,                           // multicast, reserved, broadcast
            _ => false,
        };
    }
}
