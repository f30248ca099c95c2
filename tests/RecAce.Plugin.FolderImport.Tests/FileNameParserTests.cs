using System.Text.RegularExpressions;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport.Tests;

public class FileNameParserTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly FileNameParser MixMonitor = MixMonitorNaming.CreateParser();

    [Fact]
    public void Parse_MixMonitorInbound_StaffIsDialedExtensionOutsideIsCaller()
    {
        var name = MixMonitor.Parse("in-201-0312345678-20240102-091530-1704154530.42.wav", Tokyo);

        Assert.Equal(CallDirection.Inbound, name.Direction);
        Assert.Equal("201", name.StaffExtension);
        Assert.Equal("0312345678", name.OutsideNumber);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 9, 15, 30, TimeSpan.FromHours(9)), name.StartedAt);
        Assert.Equal("1704154530.42", name.UniqueId);
    }

    [Fact]
    public void Parse_MixMonitorOutbound_OutsideIsDialedNumberStaffIsCaller()
    {
        var name = MixMonitor.Parse("out-0451234567-305-20231231-235959-1704034799.7.wav", Tokyo);

        Assert.Equal(CallDirection.Outbound, name.Direction);
        Assert.Equal("0451234567", name.OutsideNumber);
        Assert.Equal("305", name.StaffExtension);
        Assert.Equal(new DateTimeOffset(2023, 12, 31, 23, 59, 59, TimeSpan.FromHours(9)), name.StartedAt);
        Assert.Equal("1704034799.7", name.UniqueId);
    }

    [Theory]
    [InlineData("internal-202-201-20240102-100000-1704157200.5.wav")]
    [InlineData("exten-202-201-20240102-100000-1704157200.5.WAV")]
    public void Parse_MixMonitorInternal_DirectionInternalCallerIsStaff(string fileName)
    {
        var name = MixMonitor.Parse(fileName, Tokyo);

        Assert.Equal(CallDirection.Internal, name.Direction);
        Assert.Equal("201", name.StaffExtension);
        Assert.Equal("202", name.OutsideNumber);
        Assert.Equal("1704157200.5", name.UniqueId);
    }

    [Fact]
    public void Parse_MixMonitorWithheldCaller_OutsideNumberIsNull()
    {
        var name = MixMonitor.Parse("in-201--20240102-091530-1704154530.42.wav", Tokyo);

        Assert.Equal(CallDirection.Inbound, name.Direction);
        Assert.Null(name.OutsideNumber);
        Assert.Equal("201", name.StaffExtension);
    }

    [Fact]
    public void Parse_OtherFreePbxPrefix_ReadsTimeAndUniqueIdOnly()
    {
        var name = MixMonitor.Parse("q-600-0312345678-20240102-091530-1704154530.42.wav", Tokyo);

        Assert.Equal(CallDirection.Unknown, name.Direction);
        Assert.Null(name.OutsideNumber);
        Assert.Null(name.StaffExtension);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 9, 15, 30, TimeSpan.FromHours(9)), name.StartedAt);
        Assert.Equal("1704154530.42", name.UniqueId);
    }

    [Theory]
    [InlineData("recording.wav")]
    [InlineData("in-201-0312345678.wav")]
    public void Parse_UnknownName_ReturnsNothingKnown(string fileName)
    {
        var name = MixMonitor.Parse(fileName, Tokyo);

        Assert.Equal(CallDirection.Unknown, name.Direction);
        Assert.Null(name.OutsideNumber);
        Assert.Null(name.StaffExtension);
        Assert.Null(name.StartedAt);
    }

    [Fact]
    public void Parse_InvalidDateInMatchingName_KeepsPartiesWithoutTime()
    {
        var name = MixMonitor.Parse("in-201-0312345678-20241345-091530-1704154530.42.wav", Tokyo);

        Assert.Equal(CallDirection.Inbound, name.Direction);
        Assert.Equal("201", name.StaffExtension);
        Assert.Null(name.StartedAt);
    }

    [Fact]
    public void Parse_CustomPatternWithSeparateTimeGroups_ReadsEveryGroup()
    {
        var parser = new FileNameParser(new Regex(
            @"^(?<yyyy>\d{4})(?<MM>\d{2})(?<dd>\d{2})_(?<HH>\d{2})(?<mm>\d{2})(?<ss>\d{2})_(?<direction>IN|OUT)_(?<outside>\d+)_(?<staff>\d+)_(?<uniqueid>\w+)\.mp3$"));

        var name = parser.Parse("20240305_141516_OUT_0312345678_410_abc123.mp3", Tokyo);

        Assert.Equal(CallDirection.Outbound, name.Direction);
        Assert.Equal("0312345678", name.OutsideNumber);
        Assert.Equal("410", name.StaffExtension);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 15, 16, TimeSpan.FromHours(9)), name.StartedAt);
        Assert.Equal("abc123", name.UniqueId);
    }

    [Fact]
    public void Parse_CustomPatternInOtherTimeZone_UsesThatZonesOffset()
    {
        var parser = new FileNameParser(new Regex(@"^(?<date>\d{4}-\d{2}-\d{2})T(?<time>\d{2}-\d{2}-\d{2})$"));

        var name = parser.Parse("2024-03-05T14-15-16.wav", TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 15, 16, TimeSpan.Zero), name.StartedAt);
    }
}
