using RecAce.Core.Retention;
using RecAce.Core.Storage;
using RecAce.Web.Disclosure;
using RecAce.Web.Health;
using RecAce.Web.Jobs;
using RecAce.Web.Retention;

namespace RecAce.Web.Hosting;

/// <summary>Retention policies, the storage watch (quota and free space) and disclosure exports.</summary>
internal static class RetentionDisclosureHosting
{
    public static IServiceCollection AddRetentionAndDisclosure(this IServiceCollection services)
    {
        services.AddSingleton<RetentionPolicies>();
        services.AddSingleton<RetentionPolicyStore>();
        services.AddSingleton<StorageMonitor>();
        services.AddSingleton<IHealthPart, StorageHealthPart>();
        services.AddHostedService<StorageWatch>();
        services.AddSingleton<DisclosureExporter>();
        return services;
    }
}
