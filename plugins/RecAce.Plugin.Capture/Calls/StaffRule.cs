using RecAce.Plugins;

namespace RecAce.Plugin.Capture.Calls;

/// <summary>
/// Guesses which side of a call is staff from the numbers alone, as a mirror port tells nothing else:
/// an extension is short (a few digits), an outside number is a full telephone number.
/// </summary>
internal static class StaffRule
{
    public static (CallDirection Direction, LegRole CallerRole) Decide(string? callerUser, string? calleeUser, int maxExtensionDigits)
    {
        var callerStaff = IsExtension(callerUser, maxExtensionDigits);
        var calleeStaff = IsExtension(calleeUser, maxExtensionDigits);
        return (callerStaff, calleeStaff) switch
        {
            (true, false) => (CallDirection.Outbound, LegRole.Staff),
            (false, true) => (CallDirection.Inbound, LegRole.Outside),
            (true, true) => (CallDirection.Internal, LegRole.Outside),
            _ => (CallDirection.Unknown, LegRole.Outside),
        };
    }

    private static bool IsExtension(string? user, int maxDigits) =>
        user is { Length: > 0 } && user.Length <= maxDigits && user.All(char.IsAsciiDigit);
}
