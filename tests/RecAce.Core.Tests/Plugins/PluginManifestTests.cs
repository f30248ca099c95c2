using RecAce.Core.Plugins;

namespace RecAce.Core.Tests.Plugins;

public sealed class PluginManifestTests : IDisposable
{
    private readonly PluginSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Read_ValidManifest_ResolvesAssembliesInsideFolder()
    {
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip", "RecAce.Plugin.Sip.dll", "lib/Dep.dll"), "RecAce.Plugin.Sip.dll");
        Directory.CreateDirectory(Path.Combine(folder, "lib"));
        File.WriteAllBytes(Path.Combine(folder, "lib", "Dep.dll"), []);

        var manifest = PluginManifest.Read(folder);

        Assert.Equal("Sip", manifest.Id);
        Assert.Equal(new Version(1, 0, 0), manifest.Version);
        Assert.Equal(Path.Combine(folder, "RecAce.Plugin.Sip.dll"), manifest.MainAssemblyPath);
        Assert.Equal(Path.Combine(folder, "lib", "Dep.dll"), manifest.AssemblyPaths[1]);
    }

    [Fact]
    public void Read_UnknownMembersAndComments_AreIgnored()
    {
        var folder = _sandbox.AddFolder("Sip",
            """
            // written by hand
            { "id": "Sip", "version": "2.1", "minHostVersion": "1.0.0", "description": "SIPREC", "assemblies": ["Sip.dll"], }
            """, "Sip.dll");

        Assert.Equal(new Version(2, 1), PluginManifest.Read(folder).Version);
    }

    [Fact]
    public void Read_ManifestWithByteOrderMark_IsRead()
    {
        var folder = _sandbox.AddFolder("Sip", "", "x.dll");
        File.WriteAllText(Path.Combine(folder, "plugin.json"), PluginSandbox.Manifest("Sip", "x.dll"), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal("Sip", PluginManifest.Read(folder).Id);
    }

    [Fact]
    public void Read_MissingManifest_Throws()
    {
        var folder = Path.Combine(_sandbox.PluginsDirectory, "Empty");
        Directory.CreateDirectory(folder);

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("No plugin.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IdDoesNotMatchFolder_Throws()
    {
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Capture", "x.dll"), "x.dll");

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("does not match the plugin folder name 'Sip'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("..")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")] // 65 characters
    public void Read_IdWithInvalidCharacters_Throws(string id)
    {
        var folder = Path.Combine(_sandbox.PluginsDirectory, "Sip");
        _sandbox.AddFolder("Sip", PluginSandbox.Manifest(id, "x.dll"), "x.dll");

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("\"id\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version", "1.0.0-beta")]
    [InlineData("version", "")]
    [InlineData("minHostVersion", "one")]
    public void Read_VersionNotParsable_Throws(string field, string value)
    {
        var json = PluginSandbox.Manifest("Sip", "x.dll").Replace($"\"{field}\":\"1.0.0\"", $"\"{field}\":\"{value}\"", StringComparison.Ordinal);
        var folder = _sandbox.AddFolder("Sip", json, "x.dll");

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains($"\"{field}\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../Other/Other.dll", "outside the plugin folder")]
    [InlineData("sub/../../Other/Other.dll", "outside the plugin folder")]
    [InlineData("/etc/Other.dll", "absolute")]
    [InlineData(@"C:\Windows\Other.dll", "absolute")]
    [InlineData(@"\Other.dll", "absolute")]
    [InlineData(@"\\server\share\Other.dll", "UNC")]
    [InlineData("//server/share/Other.dll", "UNC")]
    public void Read_AssemblyPathOutsideFolder_Throws(string path, string expected)
    {
        _sandbox.AddFolder("Other", PluginSandbox.Manifest("Other", "Other.dll"), "Other.dll");
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip", path));

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AbsolutePathToExistingFile_Throws()
    {
        var outside = _sandbox.AddFolder("Other", PluginSandbox.Manifest("Other", "Other.dll"), "Other.dll");
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip", Path.Combine(outside, "Other.dll")));

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("absolute", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AssemblyIsLinkToFileOutsideFolder_Throws()
    {
        var outside = _sandbox.AddFolder("Other", PluginSandbox.Manifest("Other", "Other.dll"), "Other.dll");
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip", "Sip.dll"));
        File.CreateSymbolicLink(Path.Combine(folder, "Sip.dll"), Path.Combine(outside, "Other.dll"));

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("link to a file outside", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AssemblyMissing_Throws()
    {
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip", "Missing.dll"));

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoAssemblies_Throws()
    {
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip"));

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("at least one assembly", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidJson_Throws()
    {
        var folder = _sandbox.AddFolder("Sip", "{ \"id\": ");

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OversizedManifest_Throws()
    {
        var padding = new string(' ', PluginManifest.MaxFileBytes);
        var folder = _sandbox.AddFolder("Sip", PluginSandbox.Manifest("Sip", "x.dll") + padding, "x.dll");

        var ex = Assert.Throws<InvalidPluginManifestException>(() => PluginManifest.Read(folder));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }
}
