using Acme.Sample;
using RecAce.Plugins.Testing;

namespace Acme.Sample.Tests;

/// <summary>The adapter through RecAce's conformance kit: every [Fact] of the base class runs against it.</summary>
public sealed class SampleAdapterConformanceTests : AdapterConformanceTests<SampleAdapter>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "acme-sample-" + Guid.NewGuid().ToString("N"));

    protected override string PluginId => "AcmeSampleId";

    protected override IReadOnlyDictionary<string, string?> CreateSettings() =>
        new Dictionary<string, string?> { ["Path"] = _folder };

    protected override async Task ProduceCallAsync(ConformanceAdapterContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        var staging = Path.Combine(context.StateDirectory, "call.tmp");
        await File.WriteAllBytesAsync(staging, Enumerable.Repeat((byte)0xFF, 8000).ToArray(), cancellationToken);
        File.Move(staging, Path.Combine(_folder, "0312345678-201.ulaw"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
