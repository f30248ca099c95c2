namespace RecAce.Web;

/// <summary>Marker for the admin's shared resource strings (Resources/SharedResource.*.resx). Japanese is the neutral language.</summary>
public sealed class SharedResource;
