using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Quality;
using Xunit;

namespace MlOpsPortal.Application.Tests.Quality;

public class PiiDetectorTests
{
    [Fact]
    public void Detect_EmailPhoneCardIbanIp_FlagsKindWithShare()
    {
        Assert.Equal(new PiiInfo("email", 0.6667), PiiDetector.Detect("contact", ["ann@example.com", "bob@mail.example.org", "n/a", null, ""]));
        Assert.Equal("phone", PiiDetector.Detect("tel", ["+44 20 7946 0958", "(555) 123-4567", "555-987-6543"])?.Kind);
        Assert.Equal("paymentCard", PiiDetector.Detect("c", ["4111 1111 1111 1111", "5500-0000-0000-0004"])?.Kind);
        Assert.Equal("iban", PiiDetector.Detect("account", ["GB82 WEST 1234 5698 7654 32", "DE89370400440532013000"])?.Kind);
        Assert.Equal("ipAddress", PiiDetector.Detect("client", ["192.168.0.1", "2001:db8::1", "10.0.0.7"])?.Kind);
    }

    [Fact]
    public void Detect_NameOrAddressColumnNames_FlaggedByName()
    {
        Assert.Equal(new PiiInfo("name", 1), PiiDetector.Detect("First Name", ["Ann", "Bob"]));
        Assert.Equal("address", PiiDetector.Detect("street_address", ["1 Main St"])?.Kind);
        Assert.Equal("address", PiiDetector.Detect("zip", ["12345"])?.Kind);
    }

    [Fact]
    public void Detect_OrdinaryColumns_NotFlagged()
    {
        Assert.Null(PiiDetector.Detect("age", ["39", "50", "38"]));
        Assert.Null(PiiDetector.Detect("fnlwgt", ["77516", "83311", "215646"]));
        Assert.Null(PiiDetector.Detect("hours", ["40.5", "13.25"]));
        Assert.Null(PiiDetector.Detect("workclass", ["State-gov", "Private"]));
        Assert.Null(PiiDetector.Detect("income", ["<=50K", ">50K"]));
    }

    [Fact]
    public void ChecksumRules_LuhnAndMod97_RejectOneWrongDigit()
    {
        Assert.True(PiiDetector.IsPaymentCard("4111111111111111"));
        Assert.False(PiiDetector.IsPaymentCard("4111111111111112"));
        Assert.True(PiiDetector.IsIban("GB82WEST12345698765432"));
        Assert.False(PiiDetector.IsIban("GB82WEST12345698765433"));
    }

    [Fact]
    public void Redact_PersonalColumns_ValuesHiddenMissingKept()
    {
        var preview = new PreviewTable(["id", "email"], [["1", "ann@example.com"], ["2", null]]);
        ColumnSchema[] columns = [new("id", ColumnType.Numeric), new("email", ColumnType.Text, new PiiInfo("email", 1))];

        var redacted = PiiRedaction.Redact(preview, columns);

        Assert.Equal(["1", "[redacted]"], redacted.Rows[0]);
        Assert.Equal(["2", null], redacted.Rows[1]);
    }
}
