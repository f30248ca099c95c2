namespace RecAce.Web.Inline;

/// <summary>The in-line recorder's routes and announcements in the admin: configuration overlay and stores.</summary>
internal static class InlineRoutesHosting
{
    public static void AddInlineRoutes(this WebApplicationBuilder builder)
    {
        var dataDirectory = Path.GetFullPath(builder.Configuration["RecAce:DataDirectory"] ?? "./data");
        var database = builder.Configuration.GetSection("RecAce:Database").Get<RecAce.Data.DatabaseOptions>() ?? new RecAce.Data.DatabaseOptions();
        var source = new AdminRoutesConfigurationSource(dataDirectory, database);
        ((IConfigurationBuilder)builder.Configuration).Add(source);
        builder.Services.AddSingleton(source.Provider);
        builder.Services.AddSingleton<InlineRouteStore>();
        builder.Services.AddSingleton<AnnouncementLibrary>();
        builder.Services.AddSingleton<ConfiguredRoutes>();
    }
}
