using System.Runtime.InteropServices;

namespace RecAce.Plugin.Sip.Rtp;

/// <summary>
/// The few libc calls the receive loops need: epoll, an eventfd to wake a loop, and a non-blocking
/// recvfrom straight into the caller's buffers. Linux x86-64 only (<see cref="IsSupported"/>): there
/// <c>struct epoll_event</c> is packed to 12 bytes, elsewhere it is not.
/// </summary>
internal static unsafe partial class Epoll
{
    public const int In = 0x001;
    public const int Err = 0x008;
    public const int Hup = 0x010;
    public const int CtlAdd = 1;
    public const int CtlDel = 2;
    public const int CloseOnExec = 0x80000;
    public const int NonBlock = 0x800;
    public const int DontWait = 0x40;
    public const int ErrorInterrupted = 4;
    public const int ErrorWouldBlock = 11;
    public const int ErrorConnectionRefused = 111;

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>x86-64's <c>struct epoll_event</c>: 4-byte events, then 8 bytes of user data, packed.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    public struct Event
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int Control(int epoll, int operation, int fd, Event* change);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epoll, Event* events, int capacity, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint ReceiveFrom(int fd, byte* buffer, nuint length, int flags, byte* address, uint* addressLength);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
