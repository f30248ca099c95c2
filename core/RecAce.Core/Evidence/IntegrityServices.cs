using Microsoft.Extensions.DependencyInjection;
using RecAce.Core.Evidence.Packages;

namespace RecAce.Core.Evidence;

/// <summary>Registers the integrity chain and its verification; used by the server and the CLI verbs alike.</summary>
public static class IntegrityServices
{
    public static IServiceCollection AddIntegrity(this IServiceCollection services)
    {
        services.AddSingleton<IntegrityChain>();
        services.AddSingleton<ServerKeyProvider>();
        services.AddSingleton(_ => new TimestampClient(new HttpClient()));
        services.AddSingleton<ChainCheckpoints>();
        services.AddSingleton<IntegrityVerifier>();
        services.AddSingleton<IntegrityRuns>();
        services.AddSingleton<ChainProofs>();
        return services;
    }
}
