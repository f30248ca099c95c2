using System.Security.Cryptography;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>Random tags and branches; unguessable so that an off-path sender cannot forge in-dialog requests.</summary>
internal static class SipIds
{
    public static string Tag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string Branch() => "z9hG4bK" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
