namespace RecAce.Plugins;

/// <summary>
/// What an adapter knows of a call when it opens it. Numbers are kept as given (digits, <c>+</c>,
/// <c>*</c>, <c>#</c>); names come from the network and are treated as untrusted text by the host.
/// </summary>
public sealed record CallInfo
{
    /// <summary>Inbound (a citizen calls the city hall), outbound or internal. Default <see cref="CallDirection.Unknown"/>.</summary>
    public CallDirection Direction { get; init; }

    /// <summary>The outside party's number, or null when withheld or unknown.</summary>
    public string? OutsideNumber { get; init; }

    /// <summary>The outside party's display name, or null.</summary>
    public string? OutsideName { get; init; }

    /// <summary>The staff member's extension, or null when unknown.</summary>
    public string? StaffExtension { get; init; }

    /// <summary>The staff member's display name, or null.</summary>
    public string? StaffName { get; init; }

    /// <summary>The adapter's own id for the call (SIP Call-ID, PBX unique id, file name); used to correlate logs. Max 256 characters.</summary>
    public string? AdapterCallId { get; init; }

    /// <summary>When the call started (answered). Defaults to the moment the call is opened when left at its default value.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The legs known at open. More can be added with <see cref="ICallRecording.AddLeg"/>.</summary>
    public IReadOnlyList<LegInfo> Legs { get; init; } = [];

    /// <summary>
    /// Lower-case hex SHA-256 of the source the call was made from, when it comes from a file.
    /// The host refuses a second call with the same digest (<see cref="DuplicateSourceException"/>). Null for live calls.
    /// </summary>
    public string? SourceDigest { get; init; }

    /// <summary>Free-form extra values (vendor fields); keys up to 64 characters, values up to 1024. Shown to administrators as text.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();
}

/// <summary>Direction of a call as seen from the city hall.</summary>
public enum CallDirection
{
    /// <summary>Not known.</summary>
    Unknown = 0,

    /// <summary>From outside to staff.</summary>
    Inbound = 1,

    /// <summary>From staff to outside.</summary>
    Outbound = 2,

    /// <summary>Between two extensions.</summary>
    Internal = 3,
}

/// <summary>Why a call ended.</summary>
public enum CallEndReason
{
    /// <summary>Not known, or the recording was disposed without closing.</summary>
    Unknown = 0,

    /// <summary>Normal hang-up (BYE, end of file).</summary>
    Normal = 1,

    /// <summary>No media arrived for the configured timeout.</summary>
    MediaTimeout = 2,

    /// <summary>The adapter was stopped while the call was open.</summary>
    AdapterStopped = 3,

    /// <summary>The call failed before or during setup.</summary>
    Failed = 4,
}
