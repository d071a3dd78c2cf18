using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.RegularExpressions;

namespace MlOpsPortal.Application.Quality;

/// <summary>Personal data found in a column: its kind and the share (0–1) of non-empty values that match it (1 for a name-based find).</summary>
public sealed record PiiInfo(string Kind, double Share);

/// <summary>
/// Finds columns that hold personal data: e-mail addresses, phone numbers, payment card numbers (13–19 digits passing
/// the Luhn check), IBANs (ISO 13616 mod-97), IPv4/IPv6 addresses — by the share of values that match — and columns named
/// like a person's name or address. Pure; the profile job calls it on each version.
/// </summary>
public static partial class PiiDetector
{
    /// <summary>A column is flagged when at least this share of its non-empty sampled values match one kind.</summary>
    public const double MinShare = 0.5;

    /// <summary>Values looked at per column (the first non-empty ones).</summary>
    public const int SampleSize = 2000;

    public const string Email = "email";
    public const string Phone = "phone";
    public const string PaymentCard = "paymentCard";
    public const string Iban = "iban";
    public const string IpAddress = "ipAddress";
    public const string PersonName = "name";
    public const string Address = "address";

    public static PiiInfo? Detect(string columnName, IEnumerable<string?> values)
    {
        ArgumentNullException.ThrowIfNull(columnName);
        ArgumentNullException.ThrowIfNull(values);
        var sample = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Take(SampleSize).ToList();
        if (sample.Count > 0)
        {
            foreach (var (kind, test) in Tests)
            {
                var share = (double)sample.Count(test) / sample.Count;
                if (share >= MinShare)
                {
                    return new PiiInfo(kind, Math.Round(share, 4));
                }
            }
        }

        var name = columnName.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
        if (NameLike().IsMatch(name))
        {
            return new PiiInfo(PersonName, 1);
        }

        return AddressLike().IsMatch(name) ? new PiiInfo(Address, 1) : null;
    }

    private static readonly (string Kind, Func<string, bool> Test)[] Tests =
    [
        (Email, v => EmailPattern().IsMatch(v)),
        (PaymentCard, IsPaymentCard),
        (Iban, IsIban),
        (IpAddress, v => (v.Contains('.', StringComparison.Ordinal) || v.Contains(':', StringComparison.Ordinal)) && IPAddress.TryParse(v, out var ip)
            && (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 || v.Count(c => c == '.') == 3)),
        (Phone, IsPhone),
    ];

    /// <summary>13–19 digits (spaces and dashes allowed) with a valid Luhn check digit.</summary>
    public static bool IsPaymentCard(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var digits = value.Where(c => c is not (' ' or '-')).ToArray();
        if (digits.Length is < 13 or > 19 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[^(i + 1)] - '0';
            if (i % 2 == 1)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>Two letters, two check digits, 11–30 alphanumerics; the rearranged number mod 97 is 1.</summary>
    public static bool IsIban(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var compact = value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        if (!IbanPattern().IsMatch(compact))
        {
            return false;
        }

        var rearranged = compact[4..] + compact[..4];
        var number = string.Concat(rearranged.Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        return BigInteger.Parse(number, CultureInfo.InvariantCulture) % 97 == 1;
    }

    /// <summary>7–15 digits, with an optional leading +, and separators (space, dash, dot, parentheses); not a card or a plain decimal.</summary>
    public static bool IsPhone(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!PhonePattern().IsMatch(value))
        {
            return false;
        }

        var digits = value.Count(char.IsAsciiDigit);
        var hasSeparatorOrPlus = value.StartsWith('+') || value.Any(c => c is ' ' or '-' or '(' or ')');
        return digits is >= 7 and <= 15 && (hasSeparatorOrPlus || digits >= 9) && !value.Contains('.', StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"^\+?[0-9()\-. ]{7,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^(first_?name|last_?name|surname|given_?name|family_?name|full_?name|name|customer_?name|person|contact_?name)$", RegexOptions.CultureInvariant)]
    private static partial Regex NameLike();

    [GeneratedRegex(@"(^|_)(address|street|addr|postcode|post_code|zip|zip_code|postal_code)($|_)", RegexOptions.CultureInvariant)]
    private static partial Regex AddressLike();
}
