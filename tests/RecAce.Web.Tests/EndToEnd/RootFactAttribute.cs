using System.Runtime.InteropServices;

namespace RecAce.Web.Tests.EndToEnd;

/// <summary>A test that installs system packages: runs only as root on a Debian system, skipped with the reason otherwise.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RootFactAttribute : FactAttribute
{
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux()) Skip = "needs Linux";
        else if (GetEffectiveUserId() != 0) Skip = "needs root: it installs the .deb with dpkg";
        else if (!File.Exists("/usr/bin/dpkg-deb")) Skip = "needs dpkg-deb (a Debian system)";
    }
}
