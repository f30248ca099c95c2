using Microsoft.Extensions.DependencyInjection;

namespace RecAce.Core.Storage.Recordings;

/// <summary>Registers the one <see cref="IRecordingStore"/> that <c>RecAce:Storage:Kind</c> chooses.</summary>
public static class RecordingStoreServices
{
    public static IServiceCollection AddRecordingStore(this IServiceCollection services, RecAceOptions options)
    {
        services.AddSingleton(Create(options));
        return services;
    }

    public static IRecordingStore Create(RecAceOptions options) => options.Storage.Kind switch
    {
        RecordingStoreKind.S3 => new S3RecordingStore(options.Storage.S3, options.DataDirectory),
        _ => new FolderRecordingStore(string.IsNullOrWhiteSpace(options.Storage.Root) ? options.DataDirectory : options.Storage.Root),
    };
}
