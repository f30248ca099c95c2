using RecAce.Plugin.FolderImport.Tests.Fakes;
using RecAce.Plugins;

namespace RecAce.Plugin.FolderImport.Tests;

public class FolderImportOptionsTests
{
    private static FolderImportOptions Read(params (string Key, string? Value)[] settings) =>
        FolderImportOptions.Read(new DictionaryConfiguration(settings.ToDictionary(s => s.Key, s => s.Value)));

    [Fact]
    public void Read_OnlyPath_UsesDefaults()
    {
        var options = Read(("Path", "recordings"));

        Assert.True(Path.IsPathFullyQualified(options.Path));
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StableFor);
        Assert.Equal([LegRole.Outside, LegRole.Staff], options.ChannelRoles);
        Assert.Equal(TimeSpan.FromHours(9), options.TimeZone.BaseUtcOffset);
        Assert.Contains(".wav", options.Extensions);
        Assert.Contains(".mp3", options.Extensions);
    }

    [Fact]
    public void Read_StaffFirst_SwapsChannelRoles()
    {
        var options = Read(("Path", "r"), ("ChannelRoles", "staff, outside"));

        Assert.Equal([LegRole.Staff, LegRole.Outside], options.ChannelRoles);
    }

    [Theory]
    [InlineData("Path", "")]
    [InlineData("PollIntervalSeconds", "0")]
    [InlineData("StableSeconds", "soon")]
    [InlineData("FileNamePattern", "(unclosed")]
    [InlineData("TimeZone", "Mars/Olympus")]
    [InlineData("ChannelRoles", "staff,staff")]
    [InlineData("Extensions", ".json")]
    public void Read_InvalidValue_ThrowsFormatExceptionNamingKey(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Path"] = "r", [key] = value };

        var ex = Assert.Throws<FormatException>(() => FolderImportOptions.Read(new DictionaryConfiguration(settings)));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }
}
