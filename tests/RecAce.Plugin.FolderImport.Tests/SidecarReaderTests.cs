using System.Text;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport.Tests;

public class SidecarReaderTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static Sidecar Parse(string json) => SidecarReader.Parse(Encoding.UTF8.GetBytes(json), Tokyo);

    [Fact]
    public void Parse_EveryProperty_ReadsEachValue()
    {
        var sidecar = Parse("""
            {
              "direction": "outbound",
              "outsideNumber": "+81312345678",
              "outsideName": "山田 太郎",
              "staffExtension": "410",
              "staffName": "市民課 佐藤",
              "startedAt": "2024-03-05T14:15:16+09:00",
              "callId": "pbx-7781",
              "extra": { "queue": "市民課", "trunk": "NTT-1" }
            }
            """);

        Assert.Equal(CallDirection.Outbound, sidecar.Direction);
        Assert.Equal("+81312345678", sidecar.OutsideNumber);
        Assert.Equal("山田 太郎", sidecar.OutsideName);
        Assert.Equal("410", sidecar.StaffExtension);
        Assert.Equal("市民課 佐藤", sidecar.StaffName);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 15, 16, TimeSpan.FromHours(9)), sidecar.StartedAt);
        Assert.Equal("pbx-7781", sidecar.CallId);
        Assert.Equal("市民課", sidecar.Extra["queue"]);
        Assert.Equal("NTT-1", sidecar.Extra["trunk"]);
    }

    [Fact]
    public void Parse_EmptyObject_GivesNothing()
    {
        var sidecar = Parse("{}");

        Assert.Null(sidecar.Direction);
        Assert.Null(sidecar.StartedAt);
        Assert.Empty(sidecar.Extra);
    }

    [Fact]
    public void Parse_StartedAtWithoutOffset_IsInConfiguredZone()
    {
        var sidecar = Parse("""{"startedAt":"2024-03-05T14:15:16"}""");

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 15, 16, TimeSpan.FromHours(9)), sidecar.StartedAt);
    }

    [Fact]
    public void Parse_StartedAtUtc_KeepsInstant()
    {
        var sidecar = Parse("""{"startedAt":"2024-03-05T05:15:16Z"}""");

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 14, 15, 16, TimeSpan.FromHours(9)), sidecar.StartedAt);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsAccepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("""{"callId":"x"}""")).ToArray();

        Assert.Equal("x", SidecarReader.Parse(bytes, Tokyo).CallId);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("""{"direction":"sideways"}""", "direction")]
    [InlineData("""{"startedAt":"yesterday"}""", "startedAt")]
    [InlineData("""{"outsideNumber":312345678}""", "outsideNumber")]
    [InlineData("""{"extra":{"a":1}}""", "extra.a")]
    [InlineData("""{"extra":"x"}""", "extra")]
    [InlineData("""{"calId":"typo"}""", "calId")]
    [InlineData("""{"callId":"a","callId":"b"}""", "twice")]
    [InlineData("""{"callId":"a",}""", "not valid JSON")]
    [InlineData("""{"callId":"a"} {}""", "not valid JSON")]
    public void Parse_Malformed_ThrowsFormatExceptionNamingTheProblem(string json, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => Parse(json));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_JsonNextToRecording_ReturnsItsPath()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("a.wav"), "");
        File.WriteAllText(dir.Combine("a.json"), "{}");

        Assert.Equal(dir.Combine("a.json"), SidecarReader.Find(dir.Combine("a.wav")));
        Assert.Null(SidecarReader.Find(dir.Combine("b.wav")));
    }
}
